-- A membership an institution's sign-in gave (provider_id set) counts only
-- in sessions begun through that provider, while it is enabled; one granted
-- by an administrator (provider_id NULL) counts in every session. Existing
-- memberships of accounts with an identity at one of the institution's
-- providers are taken to come from it.
ALTER TABLE memberships ADD COLUMN provider_id INTEGER REFERENCES identity_providers (id) ON DELETE CASCADE;
UPDATE memberships SET provider_id = (
    SELECT ei.provider_id FROM external_identities ei
    JOIN identity_providers p ON p.id = ei.provider_id
    WHERE ei.user_id = memberships.user_id AND p.institution_id = memberships.institution_id
    ORDER BY ei.last_sign_in_at DESC LIMIT 1
);
