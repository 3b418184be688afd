-- Shared solutions: drafts that several partner institutions write together.
-- Kept in step with ../postgres/0004_drafts.sql.
--
-- Every change to a draft makes a new revision of the whole draft, numbered
-- from 1. A revision lists the draft's sections in order, each at one
-- version; section versions are never changed once written. So any two
-- revisions can be compared, any revision restored (as a new one), and a
-- sign-off can name the exact text it approves.

CREATE TABLE drafts (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    -- The roadmap item the draft answers, if any.
    item_id INTEGER REFERENCES roadmap_items (id) ON DELETE SET NULL,
    -- owners: only the owning institutions' people; partners: every partner
    -- (and policy makers); published: frozen and public.
    visibility TEXT NOT NULL CHECK (visibility IN ('owners', 'partners', 'published')),
    -- Sign-off needs every owner (NULL) or this many of them.
    quorum INTEGER CHECK (quorum IS NULL OR quorum >= 1),
    current_revision INTEGER NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    -- Also written first in every change, which makes concurrent changes of
    -- one draft take turns (a row lock on PostgreSQL, the write lock on SQLite).
    updated_at INTEGER NOT NULL
);

CREATE TABLE draft_owners (
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    institution_id INTEGER NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    PRIMARY KEY (draft_id, institution_id)
);
CREATE INDEX draft_owners_institution ON draft_owners (institution_id);

-- A section's identity across revisions (suggestions and anchored comments
-- point at it); its text lives in section_versions.
CREATE TABLE draft_sections (
    id INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE INDEX draft_sections_draft ON draft_sections (draft_id);

CREATE TABLE section_versions (
    id INTEGER PRIMARY KEY,
    section_id INTEGER NOT NULL REFERENCES draft_sections (id) ON DELETE CASCADE,
    heading TEXT NOT NULL,
    -- Markdown; rendered and sanitised when shown.
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX section_versions_section ON section_versions (section_id, id);

CREATE TABLE draft_revisions (
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- The institution the author wrote for.
    institution_id INTEGER REFERENCES institutions (id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('created', 'edited', 'merged', 'added', 'removed', 'moved', 'restored')),
    -- The section this revision changed, if one, and the version it wrote
    -- (for a move or removal: the section's version at the time).
    section_id INTEGER REFERENCES draft_sections (id) ON DELETE CASCADE,
    version_id INTEGER REFERENCES section_versions (id) ON DELETE CASCADE,
    message TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (draft_id, number)
);
CREATE INDEX draft_revisions_section ON draft_revisions (section_id, number);

CREATE TABLE revision_sections (
    draft_id INTEGER NOT NULL,
    number INTEGER NOT NULL,
    position INTEGER NOT NULL,
    section_id INTEGER NOT NULL REFERENCES draft_sections (id) ON DELETE CASCADE,
    version_id INTEGER NOT NULL REFERENCES section_versions (id) ON DELETE CASCADE,
    PRIMARY KEY (draft_id, number, position),
    FOREIGN KEY (draft_id, number) REFERENCES draft_revisions (draft_id, number) ON DELETE CASCADE
);
