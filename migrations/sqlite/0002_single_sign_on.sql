-- Partner single sign-on: each institution's OpenID Connect identity
-- providers, and the external identities (issuer + subject) accounts carry.
-- Kept in step with ../postgres/0002_single_sign_on.sql.

CREATE TABLE identity_providers (
    id INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    -- What the partner sign-in page calls it, e.g. "NHS Wales staff sign-in".
    label TEXT NOT NULL,
    -- The issuer exactly as the provider's discovery document states it.
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    -- The name of the environment variable holding the client secret: the
    -- secret itself is never stored in the database.
    client_secret_env TEXT NOT NULL,
    -- The ID token claim (a string or a list of strings) and the value in it
    -- that makes the person a partner lead; without it they are a member.
    lead_claim TEXT NOT NULL DEFAULT 'groups',
    lead_value TEXT,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at INTEGER NOT NULL
);
CREATE INDEX identity_providers_institution ON identity_providers (institution_id);

-- The external identities an account signs in with. Keyed by issuer and
-- subject, never by email: an email address can change hands, the pair cannot.
CREATE TABLE external_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider_id INTEGER NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_sign_in_at INTEGER NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX external_identities_user ON external_identities (user_id);
