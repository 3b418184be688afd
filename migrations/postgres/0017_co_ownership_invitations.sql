-- Security finding 3: an institution co-owns a draft only once a lead of it
-- has accepted. Naming an institution as a co-owner invites it; until a
-- lead accepts, it is not an owner (draft_owners), is not counted in a
-- quorum and is not named in public. Kept in step with ../sqlite/0017_co_ownership_invitations.sql.
CREATE TABLE draft_invitations (
    draft_id BIGINT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    invited_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    -- The owning institution the inviter wrote for.
    invited_for BIGINT REFERENCES institutions (id) ON DELETE SET NULL,
    invited_at BIGINT NOT NULL,
    -- Set when a lead declines: the owners see the answer; inviting again
    -- clears it.
    declined_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    declined_at BIGINT,
    PRIMARY KEY (draft_id, institution_id)
);
CREATE INDEX draft_invitations_institution ON draft_invitations (institution_id);

-- Owners named before invitations existed who never acted on the draft
-- (did not start it, write a revision of it or sign it off) become
-- invitations: nothing shows they agreed.
INSERT INTO draft_invitations (draft_id, institution_id, invited_by, invited_for, invited_at)
SELECT o.draft_id, o.institution_id, d.created_by, r.institution_id, d.created_at
FROM draft_owners o
JOIN drafts d ON d.id = o.draft_id
LEFT JOIN draft_revisions r ON r.draft_id = o.draft_id AND r.number = 1
WHERE NOT EXISTS (SELECT 1 FROM draft_revisions w
                  WHERE w.draft_id = o.draft_id AND w.institution_id = o.institution_id)
  AND NOT EXISTS (SELECT 1 FROM draft_sign_offs s
                  WHERE s.draft_id = o.draft_id AND s.institution_id = o.institution_id);
DELETE FROM draft_owners
WHERE EXISTS (SELECT 1 FROM draft_invitations i
              WHERE i.draft_id = draft_owners.draft_id AND i.institution_id = draft_owners.institution_id);
