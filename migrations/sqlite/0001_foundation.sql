-- The foundation schema: accounts, institutions, the roadmap and its discussions.
--
-- Kept in step with ../postgres/0001_foundation.sql: same tables, columns and
-- indexes; only the dialect differs. Times are INTEGER Unix epoch milliseconds
-- (UTC) on both backends, so the Rust code binds and reads them the same way.

-- Partner institutions: NHS bodies, companies, professional bodies, universities.
CREATE TABLE institutions (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('nhs_body', 'industry', 'professional_body', 'university', 'government'))
);

-- The email domains an institution's people use; single sign-on routes by these.
CREATE TABLE institution_domains (
    institution_id INTEGER NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    PRIMARY KEY (institution_id, domain)
);
CREATE INDEX institution_domains_domain ON institution_domains (domain);

-- Accounts. email is stored lower-cased; an account that signs in only
-- through an external identity (SSO, a later migration) may have neither an
-- email nor a password.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    display_name TEXT NOT NULL,
    email TEXT UNIQUE,
    password_hash TEXT,
    created_at INTEGER NOT NULL
);

-- Global roles. Every account is a public participant; these come on top.
CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('policy_maker', 'moderator', 'administrator')),
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- Partner roles belong to a membership of one institution.
CREATE TABLE memberships (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    institution_id INTEGER NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('member', 'lead')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, institution_id)
);
CREATE INDEX memberships_institution ON memberships (institution_id);

-- Failed sign-ins, per account ('account:<email>') and per address
-- ('ip:<address>'), for throttling. In the database rather than in memory so
-- that every app server sharing it sees the same counts.
CREATE TABLE sign_in_failures (
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_key_at ON sign_in_failures (key, at);

-- The roadmap: one phase a year.
CREATE TABLE phases (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL
);

CREATE TABLE roadmap_items (
    id INTEGER PRIMARY KEY,
    phase_id INTEGER NOT NULL REFERENCES phases (id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    -- Markdown; rendered and sanitised when shown.
    description TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'on_track', 'at_risk', 'behind', 'done')),
    -- An ISO date, YYYY-MM-DD: sorts as text and needs no dialect conversion.
    target_date TEXT CHECK (target_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX roadmap_items_phase ON roadmap_items (phase_id, position);

CREATE TABLE item_owners (
    item_id INTEGER NOT NULL REFERENCES roadmap_items (id) ON DELETE CASCADE,
    institution_id INTEGER NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, institution_id)
);
CREATE INDEX item_owners_institution ON item_owners (institution_id);

-- What each stakeholder group is responsible for on an item.
CREATE TABLE item_responsibilities (
    item_id INTEGER NOT NULL REFERENCES roadmap_items (id) ON DELETE CASCADE,
    stakeholder TEXT NOT NULL CHECK (stakeholder IN ('boards', 'cyber_professionals', 'health_professionals', 'partners', 'policy_makers', 'public')),
    body TEXT NOT NULL,
    PRIMARY KEY (item_id, stakeholder)
);

-- Discussion threads. Every item has one general public thread; others may
-- be partner-only.
CREATE TABLE threads (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES roadmap_items (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'partners')),
    is_general BOOLEAN NOT NULL DEFAULT FALSE,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    -- Kept up to date on every post, so no page has to count a thread.
    comment_count INTEGER NOT NULL DEFAULT 0,
    last_activity_at INTEGER NOT NULL
);
CREATE INDEX threads_item ON threads (item_id, last_activity_at);

-- Comments. root_id is the top-level comment a reply hangs under (NULL for a
-- top-level comment), so one indexed query fetches a page's replies. badge is
-- the stakeholder group the author spoke for when posting, kept even if their
-- roles change later.
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES comments (id),
    root_id INTEGER REFERENCES comments (id),
    author_id INTEGER NOT NULL REFERENCES users (id),
    badge TEXT NOT NULL CHECK (badge IN ('public', 'partner', 'policy_maker')),
    badge_institution_id INTEGER REFERENCES institutions (id),
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    edited_at INTEGER,
    -- A deleted comment keeps its row (a tombstone) so its replies stay.
    deleted_at INTEGER
);
-- Top-level comments newest first, page by page.
CREATE INDEX comments_thread_roots ON comments (thread_id, id) WHERE parent_id IS NULL;
-- The replies under a page's top-level comments.
CREATE INDEX comments_root ON comments (root_id, id) WHERE root_id IS NOT NULL;
CREATE INDEX comments_author ON comments (author_id);
