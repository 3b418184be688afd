-- Comments anchored to passages of a draft's sections.
-- Kept in step with ../postgres/0008_passage_comments.sql.
--
-- A thread is anchored to a passage of one version of a section: the
-- passage's words, some context either side, and where it started in that
-- version's text (the text content of its rendered HTML). Later versions
-- find it again (see app/src/passages/anchor.rs), and the anchor is then
-- carried forward to the version it was found in, so each edit is followed
-- once. original_quote keeps the words as first quoted.
CREATE TABLE passage_threads (
    id INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    section_id INTEGER NOT NULL REFERENCES draft_sections (id) ON DELETE CASCADE,
    version_id INTEGER NOT NULL REFERENCES section_versions (id) ON DELETE CASCADE,
    start_at INTEGER NOT NULL CHECK (start_at >= 0),
    quote TEXT NOT NULL,
    original_quote TEXT NOT NULL,
    prefix TEXT NOT NULL,
    suffix TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    resolved_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- NULL while open.
    resolved_at INTEGER,
    comment_count INTEGER NOT NULL DEFAULT 0,
    -- The version the passage was last looked for in and not found: until
    -- the section changes again, it is orphaned without looking again.
    lost_in_version INTEGER
);
CREATE INDEX passage_threads_draft ON passage_threads (draft_id, section_id);

CREATE TABLE passage_comments (
    id INTEGER PRIMARY KEY,
    thread_id INTEGER NOT NULL REFERENCES passage_threads (id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    institution_id INTEGER REFERENCES institutions (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX passage_comments_thread ON passage_comments (thread_id, id);
