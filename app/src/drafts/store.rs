//! SQL for drafts, their sections, versions and revisions.

use super::{DraftSummary, Owner, RevisionInfo, RevisionKind};
use crate::db::{now_ms, Db};
use crate::domain::drafts::Visibility;
use crate::with_db;

pub use super::revise::{apply, apply_with, Author, Followup, Operation, Outcome};

/// A draft's own fields, without its sections.
pub struct Header {
    pub id: i64,
    pub title: String,
    pub item: Option<(i64, String)>,
    pub visibility: Visibility,
    pub quorum: Option<i64>,
    pub current_revision: i64,
    pub owners: Vec<Owner>,
    /// For a published draft: who could read it before.
    pub published_from: Option<Visibility>,
}

impl Header {
    pub fn owner_ids(&self) -> Vec<i64> {
        self.owners.iter().map(|o| o.id).collect()
    }
}

pub async fn header(db: &Db, id: i64) -> Result<Option<Header>, sqlx::Error> {
    let sql = "SELECT d.id, d.title, d.item_id, r.title, d.visibility, d.quorum, d.current_revision, p.prior_visibility
               FROM drafts d LEFT JOIN roadmap_items r ON r.id = d.item_id
               LEFT JOIN proposals p ON p.draft_id = d.id WHERE d.id = $1";
    type Row = (
        i64,
        String,
        Option<i64>,
        Option<String>,
        String,
        Option<i64>,
        i64,
        Option<String>,
    );
    let row: Option<Row> =
        with_db!(db, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await)?;
    let Some((id, title, item_id, item_title, visibility, quorum, current_revision, prior)) = row
    else {
        return Ok(None);
    };
    let owners_sql =
        "SELECT i.id, i.name FROM draft_owners o JOIN institutions i ON i.id = o.institution_id
                      WHERE o.draft_id = $1 ORDER BY i.name";
    let owners: Vec<(i64, String)> =
        with_db!(db, pool => sqlx::query_as(owners_sql).bind(id).fetch_all(pool).await)?;
    Ok(Some(Header {
        id,
        title,
        item: item_id.zip(item_title),
        visibility: Visibility::parse(&visibility).unwrap_or(Visibility::Owners),
        quorum,
        current_revision,
        published_from: prior.as_deref().and_then(Visibility::parse),
        owners: owners
            .into_iter()
            .map(|(id, name)| Owner { id, name })
            .collect(),
    }))
}

/// A section of one revision, with its text.
#[derive(sqlx::FromRow)]
pub struct SectionRow {
    pub section_id: i64,
    pub version_id: i64,
    pub heading: String,
    pub body: String,
}

/// The sections of revision `number`, in order.
pub async fn sections_at(
    db: &Db,
    draft_id: i64,
    number: i64,
) -> Result<Vec<SectionRow>, sqlx::Error> {
    let sql = "SELECT s.section_id, s.version_id, v.heading, v.body
               FROM revision_sections s JOIN section_versions v ON v.id = s.version_id
               WHERE s.draft_id = $1 AND s.number = $2 ORDER BY s.position";
    with_db!(db, pool => sqlx::query_as(sql).bind(draft_id).bind(number).fetch_all(pool).await)
}

/// One version of a section of this draft.
pub async fn version(
    db: &Db,
    draft_id: i64,
    version_id: i64,
) -> Result<Option<SectionRow>, sqlx::Error> {
    let sql = "SELECT v.section_id, v.id AS version_id, v.heading, v.body
               FROM section_versions v JOIN draft_sections s ON s.id = v.section_id
               WHERE v.id = $1 AND s.draft_id = $2";
    with_db!(db, pool => sqlx::query_as(sql).bind(version_id).bind(draft_id).fetch_optional(pool).await)
}

const REVISION_SELECT: &str =
    "SELECT r.number, COALESCE(u.display_name, 'A former user') AS author,
        i.name AS institution, r.kind, v.heading AS section, r.section_id, r.message, r.created_at
    FROM draft_revisions r
    LEFT JOIN users u ON u.id = r.author_id
    LEFT JOIN institutions i ON i.id = r.institution_id
    LEFT JOIN section_versions v ON v.id = r.version_id";

type RevisionRow = (
    i64,
    String,
    Option<String>,
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
    i64,
);

fn revision_info(row: RevisionRow) -> RevisionInfo {
    let (number, author, institution, kind, section, section_id, message, created_at) = row;
    RevisionInfo {
        number,
        author,
        institution,
        kind: RevisionKind::parse(&kind).unwrap_or(RevisionKind::Edited),
        section,
        section_id,
        message,
        created_at,
    }
}

pub async fn revision(
    db: &Db,
    draft_id: i64,
    number: i64,
) -> Result<Option<RevisionInfo>, sqlx::Error> {
    let sql = format!("{REVISION_SELECT} WHERE r.draft_id = $1 AND r.number = $2");
    let row: Option<RevisionRow> = with_db!(db, pool => sqlx::query_as(&sql).bind(draft_id).bind(number).fetch_optional(pool).await)?;
    Ok(row.map(revision_info))
}

/// The revision that wrote a version, if it is this draft's.
pub async fn revision_of_version(
    db: &Db,
    draft_id: i64,
    version_id: i64,
) -> Result<Option<RevisionInfo>, sqlx::Error> {
    let sql = format!(
        "{REVISION_SELECT} WHERE r.draft_id = $1 AND r.version_id = $2 ORDER BY r.number LIMIT 1"
    );
    let row: Option<RevisionRow> = with_db!(db, pool => sqlx::query_as(&sql).bind(draft_id).bind(version_id).fetch_optional(pool).await)?;
    Ok(row.map(revision_info))
}

/// Revisions newest first, before revision `before` (exclusive), of the
/// whole draft or of one section.
pub async fn revisions(
    db: &Db,
    draft_id: i64,
    section_id: Option<i64>,
    before: i64,
    limit: i64,
) -> Result<Vec<RevisionInfo>, sqlx::Error> {
    let sql = format!(
        "{REVISION_SELECT} WHERE r.draft_id = $1 AND r.number < $2 AND ($3 IS NULL OR r.section_id = $3)
         ORDER BY r.number DESC LIMIT $4"
    );
    let rows: Vec<RevisionRow> = with_db!(db, pool => sqlx::query_as(&sql)
        .bind(draft_id).bind(before).bind(section_id).bind(limit).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(revision_info).collect())
}

/// The drafts `me` may see: published ones, every draft for all partners
/// when `partner_or_policy` is set, and owners-only drafts of `institutions`.
pub async fn visible(
    db: &Db,
    partner_or_policy: bool,
    institutions: &[i64],
) -> Result<Vec<DraftSummary>, sqlx::Error> {
    // Institution ids are numbers from the database, never user text.
    let mine = if institutions.is_empty() {
        "NULL".to_owned()
    } else {
        institutions
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    };
    let sql = format!(
        "SELECT d.id, d.title, d.visibility, d.current_revision, d.updated_at,
                d.id IN (SELECT draft_id FROM draft_invitations
                         WHERE declined_at IS NULL AND institution_id IN ({mine})) AS invited
         FROM drafts d
         WHERE d.visibility = 'published'
            OR (d.visibility = 'partners' AND $1)
            OR d.id IN (SELECT draft_id FROM draft_owners WHERE institution_id IN ({mine}))
            OR d.id IN (SELECT draft_id FROM draft_invitations
                        WHERE declined_at IS NULL AND institution_id IN ({mine}))
         ORDER BY d.updated_at DESC LIMIT 200"
    );
    let rows: Vec<(i64, String, String, i64, i64, bool)> =
        with_db!(db, pool => sqlx::query_as(&sql).bind(partner_or_policy).fetch_all(pool).await)?;
    let owners_sql = "SELECT o.draft_id, i.name FROM draft_owners o JOIN institutions i ON i.id = o.institution_id
                      ORDER BY i.name";
    let owners: Vec<(i64, String)> = if rows.is_empty() {
        Vec::new()
    } else {
        with_db!(db, pool => sqlx::query_as(owners_sql).fetch_all(pool).await)?
    };
    Ok(rows
        .into_iter()
        .map(
            |(id, title, visibility, revision, updated_at, invited)| DraftSummary {
                id,
                title,
                owners: owners
                    .iter()
                    .filter(|(d, _)| *d == id)
                    .map(|(_, n)| n.clone())
                    .collect(),
                visibility: Visibility::parse(&visibility).unwrap_or(Visibility::Owners),
                revision,
                updated_at,
                invited: invited && visibility != "published",
            },
        )
        .collect())
}

pub struct NewDraft<'a> {
    pub title: &'a str,
    pub item_id: Option<i64>,
    /// Owners from the start: the author's institution (and any other the
    /// author leads).
    pub owners: &'a [i64],
    /// Institutions invited to co-own it, owners once a lead accepts.
    pub invited: &'a [i64],
    pub quorum: Option<i64>,
    pub author_id: i64,
    pub institution_id: i64,
    pub first_heading: &'a str,
    pub first_body: &'a str,
}

/// Creates a draft with one section, as revision 1, with its owners and
/// its invitations.
pub async fn create(db: &Db, new: &NewDraft<'_>) -> Result<i64, sqlx::Error> {
    let now = now_ms();
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO drafts (title, item_id, visibility, quorum, current_revision, created_by, created_at, updated_at)
             VALUES ($1, $2, 'owners', $3, 1, $4, $5, $5) RETURNING id")
            .bind(new.title).bind(new.item_id).bind(new.quorum).bind(new.author_id).bind(now)
            .fetch_one(&mut *tx).await?;
        for owner in new.owners {
            sqlx::query("INSERT INTO draft_owners (draft_id, institution_id) VALUES ($1, $2)")
                .bind(id).bind(owner).execute(&mut *tx).await?;
        }
        for invited in new.invited {
            sqlx::query(
                "INSERT INTO draft_invitations (draft_id, institution_id, invited_by, invited_for, invited_at)
                 VALUES ($1, $2, $3, $4, $5)")
                .bind(id).bind(invited).bind(new.author_id).bind(new.institution_id).bind(now)
                .execute(&mut *tx).await?;
        }
        let section: i64 = sqlx::query_scalar("INSERT INTO draft_sections (draft_id, created_at) VALUES ($1, $2) RETURNING id")
            .bind(id).bind(now).fetch_one(&mut *tx).await?;
        let version: i64 = sqlx::query_scalar(
            "INSERT INTO section_versions (section_id, heading, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(section).bind(new.first_heading).bind(new.first_body).bind(now)
            .fetch_one(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO draft_revisions (draft_id, number, author_id, institution_id, kind, section_id, version_id, message, created_at)
             VALUES ($1, 1, $2, $3, 'created', $4, $5, NULL, $6)")
            .bind(id).bind(new.author_id).bind(new.institution_id).bind(section).bind(version).bind(now)
            .execute(&mut *tx).await?;
        sqlx::query("INSERT INTO revision_sections (draft_id, number, position, section_id, version_id) VALUES ($1, 1, 0, $2, $3)")
            .bind(id).bind(section).bind(version).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(id)
    })
}

/// Changes the draft's visibility (not to or from published).
pub async fn set_visibility(db: &Db, id: i64, visibility: Visibility) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE drafts SET visibility = $1, updated_at = $2 WHERE id = $3 AND visibility <> 'published'";
    let n = with_db!(db, pool => sqlx::query(sql).bind(visibility.as_str()).bind(now_ms()).bind(id)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The comments (oldest first, at most 1,000) in `table` whose
/// `parent_column` is `parent`: a suggestion's or a passage thread's. The
/// two names are fixed by the callers, never user text.
pub async fn note_comments(
    db: &Db,
    table: &'static str,
    parent_column: &'static str,
    parent: i64,
) -> Result<Vec<crate::domain::drafts::NoteComment>, sqlx::Error> {
    let sql = format!(
        "SELECT c.id, COALESCE(u.display_name, 'A former user'), i.name, c.body, c.created_at
         FROM {table} c
         LEFT JOIN users u ON u.id = c.author_id
         LEFT JOIN institutions i ON i.id = c.institution_id
         WHERE c.{parent_column} = $1 ORDER BY c.id LIMIT 1000"
    );
    let rows: Vec<(i64, String, Option<String>, String, i64)> =
        with_db!(db, pool => sqlx::query_as(&sql).bind(parent).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, author, institution, body, created_at)| crate::domain::drafts::NoteComment {
                id,
                author: match institution {
                    Some(i) => format!("{author} ({i})"),
                    None => author,
                },
                body_html: crate::markdown::render(&body),
                created_at,
            },
        )
        .collect())
}
