-- Sign-off of drafts by their owning institutions, and the audit log.
-- Kept in step with ../postgres/0005_sign_off_and_audit.sql.

-- A lead of an owning institution signs off one exact revision for the
-- institution. Later revisions leave it recorded against the revision it
-- named, and visibly no longer current.
CREATE TABLE draft_sign_offs (
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    institution_id INTEGER NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    statement TEXT NOT NULL,
    signed_at INTEGER NOT NULL,
    PRIMARY KEY (draft_id, institution_id, revision),
    FOREIGN KEY (draft_id, revision) REFERENCES draft_revisions (draft_id, number) ON DELETE CASCADE
);

-- Every privileged action, append-only. Each entry carries the SHA-256 of
-- the entry before it and of itself (see app/src/audit.rs), so changing or
-- removing any entry breaks the chain from there on, which `roundtable audit
-- verify` reports.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- Kept as written, even if the account is renamed or removed.
    actor_name TEXT NOT NULL,
    institution TEXT,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject, id);

-- The hash of the newest entry. Every append first updates this one row,
-- which makes concurrent appends take turns (so the chain never forks), and
-- a log cut short no longer ends at this hash.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, hash) VALUES (1, '0000000000000000000000000000000000000000000000000000000000000000');
