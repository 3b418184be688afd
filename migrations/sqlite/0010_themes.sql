-- Response analysis: what was said, grouped into themes.
-- Kept in step with ../postgres/0010_themes.sql.
--
-- An analysis covers one body of comments: a consultation's (draft_id set:
-- the comments of its proposal's thread) or a roadmap item's own discussion
-- (draft_id NULL: the item's threads that are not a consultation's). Policy
-- makers, moderators and administrators create themes in it and tag its
-- comments with them; a person always confirms a tag.
CREATE TABLE analyses (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES roadmap_items (id) ON DELETE CASCADE,
    draft_id INTEGER UNIQUE REFERENCES proposals (draft_id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
-- One analysis of an item's own discussion.
CREATE UNIQUE INDEX analyses_item_discussion ON analyses (item_id) WHERE draft_id IS NULL;

CREATE TABLE themes (
    id INTEGER PRIMARY KEY,
    analysis_id INTEGER NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (analysis_id, name)
);

-- Which comments a theme groups. A comment may carry several themes.
CREATE TABLE comment_themes (
    theme_id INTEGER NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    tagged_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    tagged_at INTEGER NOT NULL,
    PRIMARY KEY (theme_id, comment_id)
);
CREATE INDEX comment_themes_comment ON comment_themes (comment_id);

-- Every comment of a thread, newest first (analysis lists replies too).
CREATE INDEX comments_thread ON comments (thread_id, id);
