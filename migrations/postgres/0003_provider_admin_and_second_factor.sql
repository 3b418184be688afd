-- Identity providers managed in the app, and a second factor for local
-- accounts. Kept in step with ../sqlite/0003_provider_admin_and_second_factor.sql.

-- An administrator may type a provider's client secret into the app. It is
-- then stored sealed (XChaCha20-Poly1305 under the server's secret key, see
-- app/src/secrets.rs), never in clear, and never shown again. A provider
-- reads its secret either from here or, when this is NULL, from the
-- environment variable client_secret_env names (which is '' when sealed).
ALTER TABLE identity_providers ADD COLUMN client_secret_sealed TEXT;

-- TOTP (RFC 6238) second factors. Privileged local accounts (policy makers,
-- moderators, administrators) must have one; anyone with a password may.
CREATE TABLE second_factors (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- The shared secret, sealed like client secrets above.
    secret_sealed TEXT NOT NULL,
    -- The last 30-second time step a code was accepted for. A code is good
    -- once: only a later step is accepted after it, so a code seen over a
    -- shoulder or in a log cannot be replayed.
    last_step BIGINT NOT NULL DEFAULT 0,
    enrolled_at BIGINT NOT NULL
);

-- One-time recovery codes, shown once at enrolment. Stored as SHA-256
-- digests: they are long random strings, so a slow hash adds nothing.
CREATE TABLE recovery_codes (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_digest TEXT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (user_id, code_digest)
);
