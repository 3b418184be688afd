-- Roadmap item progress: a dated timeline of entries, and the items each
-- item needs first. Kept in step with ../postgres/0012_progress.sql.

-- The status an item shows is its latest entry's (roadmap_items.status is
-- kept equal to it, in the same transaction).
CREATE TABLE item_progress (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES roadmap_items (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('planned', 'on_track', 'at_risk', 'behind', 'done')),
    -- How far along, if the writer says.
    percent INTEGER CHECK (percent BETWEEN 0 AND 100),
    note TEXT NOT NULL,
    -- Links to the evidence, one https URL per line.
    evidence TEXT NOT NULL DEFAULT '',
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- The owning institution its lead wrote for, if that is how they wrote.
    institution_id INTEGER REFERENCES institutions (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX item_progress_item ON item_progress (item_id, id);

-- "item_id needs needs_id first". Never a cycle (checked when added).
CREATE TABLE item_dependencies (
    item_id INTEGER NOT NULL REFERENCES roadmap_items (id) ON DELETE CASCADE,
    needs_id INTEGER NOT NULL REFERENCES roadmap_items (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (item_id, needs_id),
    CHECK (item_id <> needs_id)
);
CREATE INDEX item_dependencies_needs ON item_dependencies (needs_id);

-- The gap register reads items by status and target date.
CREATE INDEX roadmap_items_status_target ON roadmap_items (status, target_date);
