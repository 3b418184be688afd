-- Sign-in attempts replace sign-in failures: an attempt is written before
-- the password is checked (so guesses sent in parallel all see each other),
-- and taken back when the password was right or the attempt was refused.
-- What was throttled a moment ago need not survive the change.
DROP TABLE sign_in_failures;
CREATE TABLE sign_in_attempts (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX sign_in_attempts_key_at ON sign_in_attempts (key, at);
