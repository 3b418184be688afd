-- The audit log's head also holds how many entries lead to it, and a keyed
-- digest of both (written by the server, which holds the key): cutting
-- entries off the end and pointing the head at the new last one shows.
-- A head from before has no digest until the next audited action.
ALTER TABLE audit_head ADD COLUMN entries BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_head ADD COLUMN mac TEXT NOT NULL DEFAULT '';
UPDATE audit_head SET entries = (SELECT COUNT(*) FROM audit_log) WHERE id = 1;
