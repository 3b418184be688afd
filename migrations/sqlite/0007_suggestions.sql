-- Suggestions (tracked changes) to drafts, and their short discussions.
-- Kept in step with ../postgres/0007_suggestions.sql.
--
-- A partner who can read a draft suggests new text for one section instead
-- of editing it. The owners accept it (applied as a new revision, merged
-- into the section's current text when it moved on meanwhile) or reject it
-- with a reason; its author may withdraw it while it is open.
CREATE TABLE suggestions (
    id INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    section_id INTEGER NOT NULL REFERENCES draft_sections (id) ON DELETE CASCADE,
    -- The section's version the suggestion was written against.
    base_version_id INTEGER NOT NULL REFERENCES section_versions (id) ON DELETE CASCADE,
    heading TEXT NOT NULL,
    -- Markdown, as for sections.
    body TEXT NOT NULL,
    -- Why, in the author's words.
    note TEXT,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- The institution the author spoke for (none for a policy maker).
    institution_id INTEGER REFERENCES institutions (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'rejected', 'withdrawn')),
    decided_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    decided_at INTEGER,
    -- Why it was rejected.
    reason TEXT,
    -- The revision that applied it (NULL when the text already read so).
    applied_revision INTEGER
);
CREATE INDEX suggestions_draft ON suggestions (draft_id, status, id);

CREATE TABLE suggestion_comments (
    id INTEGER PRIMARY KEY,
    suggestion_id INTEGER NOT NULL REFERENCES suggestions (id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    institution_id INTEGER REFERENCES institutions (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX suggestion_comments_suggestion ON suggestion_comments (suggestion_id, id);
