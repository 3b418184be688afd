-- Who is viewing a draft now (presence), for its live updates.
-- Kept in step with ../postgres/0009_draft_viewers.sql.
--
-- Each open draft page holds a live connection (server-sent events) that
-- keeps a row here fresh every few seconds and removes it when it closes.
-- Rows not seen for a while (a server that stopped) are ignored and swept.
-- In the database rather than in memory, so every app server sees everyone.
CREATE TABLE draft_viewers (
    -- Random, one per open page.
    viewer_key TEXT PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seen_at INTEGER NOT NULL
);
CREATE INDEX draft_viewers_draft ON draft_viewers (draft_id, seen_at);
