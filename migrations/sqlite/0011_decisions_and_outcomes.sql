-- Decisions on themes ("you said, we did"), the roadmap items they change,
-- and the published outcome of an analysis.
-- Kept in step with ../postgres/0011_decisions_and_outcomes.sql.

-- A decision answers one theme: what was decided and why, who owns the
-- action and by when, and how far it has gone. A theme with decisions
-- cannot be deleted (merging moves its decisions first).
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    theme_id INTEGER NOT NULL REFERENCES themes (id),
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    action_owner TEXT NOT NULL,
    -- An ISO date, YYYY-MM-DD, or NULL for none.
    due_on TEXT CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX decisions_theme ON decisions (theme_id);
-- Decisions by status, and overdue actions.
CREATE INDEX decisions_status_due ON decisions (status, due_on);

-- The roadmap items a decision changes.
CREATE TABLE decision_items (
    decision_id INTEGER NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES roadmap_items (id) ON DELETE CASCADE,
    PRIMARY KEY (decision_id, item_id)
);
CREATE INDEX decision_items_item ON decision_items (item_id);

-- An analysis's outcome: what the policy team says of it, and once
-- published, its themes (with public counts), picked quotes and decisions
-- are public.
ALTER TABLE analyses ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE analyses ADD COLUMN published_at INTEGER;
ALTER TABLE analyses ADD COLUMN published_by INTEGER REFERENCES users (id) ON DELETE SET NULL;

-- A comment quoted on the outcome page under this theme.
ALTER TABLE comment_themes ADD COLUMN quoted BOOLEAN NOT NULL DEFAULT FALSE;
