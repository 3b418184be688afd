-- Security finding 8: Roundtable reaches identity providers at public
-- addresses only, unless an administrator marks one as internal (on the
-- institution's or Roundtable's own network). Providers already on plain
-- http (allowed on this machine only) are internal.
ALTER TABLE identity_providers ADD COLUMN internal BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE identity_providers SET internal = TRUE WHERE issuer LIKE 'http://%';
