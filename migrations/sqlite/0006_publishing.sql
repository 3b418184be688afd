-- Publishing a draft as a public proposal.
-- Kept in step with ../postgres/0006_publishing.sql.
--
-- When enough owning institutions have signed off a revision, an owner's
-- lead or a policy maker publishes it: the draft is frozen at that revision
-- (drafts.visibility becomes 'published', and no change is accepted after
-- that) and a public discussion thread on the draft's roadmap item takes
-- comments until the close date set at publishing.
CREATE TABLE proposals (
    draft_id INTEGER PRIMARY KEY REFERENCES drafts (id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    -- The public discussion of the proposal. A roadmap item with a
    -- consultation cannot be deleted from under it.
    thread_id INTEGER NOT NULL REFERENCES threads (id),
    published_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    published_at INTEGER NOT NULL,
    closes_at INTEGER NOT NULL,
    -- Who could read the draft before it was published: its history stays
    -- theirs (the public only ever sees the published revision).
    prior_visibility TEXT NOT NULL CHECK (prior_visibility IN ('owners', 'partners')),
    FOREIGN KEY (draft_id, revision) REFERENCES draft_revisions (draft_id, number)
);
CREATE INDEX proposals_published_at ON proposals (published_at);

-- A thread with a close date takes no comments from then on (NULL: open).
ALTER TABLE threads ADD COLUMN closes_at INTEGER;
