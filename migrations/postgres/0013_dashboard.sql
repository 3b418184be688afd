-- The dashboard counts comments by week and stakeholder group over a date
-- range: this index answers it without reading the comments' rows.
-- Kept in step with ../sqlite/0013_dashboard.sql.
CREATE INDEX comments_created ON comments (created_at, thread_id, badge) WHERE deleted_at IS NULL;
