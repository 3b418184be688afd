-- The dashboard counts comments by week and stakeholder group over a date
-- range: this index answers it without reading the comments' rows.
-- Kept in step with ../sqlite/0013_dashboard.sql.
CREATE INDEX comments_created ON comments (created_at, thread_id, badge) WHERE deleted_at IS NULL;

-- When each tagged comment was written, copied from the comment as it is
-- tagged (a comment's time never changes; a deleted comment loses its
-- tags), so the dashboard counts themes over a date range from this table
-- and its index alone.
ALTER TABLE comment_themes ADD COLUMN comment_at BIGINT NOT NULL DEFAULT 0;
UPDATE comment_themes SET comment_at = (SELECT c.created_at FROM comments c WHERE c.id = comment_themes.comment_id);
CREATE INDEX comment_themes_at ON comment_themes (comment_at, theme_id);
