//! SQL for suggestions and their comments.

use super::{byline, Status, SuggestionSummary};
use crate::db::{now_ms, Db};
use crate::domain::drafts::NoteComment;
use crate::with_db;

pub struct NewSuggestion<'a> {
    pub draft_id: i64,
    pub section_id: i64,
    pub base_version_id: i64,
    pub heading: &'a str,
    pub body: &'a str,
    pub note: Option<&'a str>,
    pub author_id: i64,
    pub institution_id: Option<i64>,
}

pub async fn insert(db: &Db, new: &NewSuggestion<'_>) -> Result<i64, sqlx::Error> {
    let sql = "INSERT INTO suggestions (draft_id, section_id, base_version_id, heading, body, note, author_id, institution_id, created_at, status)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open') RETURNING id";
    with_db!(db, pool => sqlx::query_scalar(sql)
        .bind(new.draft_id).bind(new.section_id).bind(new.base_version_id).bind(new.heading).bind(new.body)
        .bind(new.note).bind(new.author_id).bind(new.institution_id).bind(now_ms())
        .fetch_one(pool).await)
}

/// A draft's suggestions: open ones first, newest first within each.
pub async fn list(db: &Db, draft_id: i64) -> Result<Vec<SuggestionSummary>, sqlx::Error> {
    let sql = "SELECT s.id, v.heading, COALESCE(u.display_name, 'A former user'), i.name, s.created_at, s.status,
                      (SELECT COUNT(*) FROM suggestion_comments c WHERE c.suggestion_id = s.id)
               FROM suggestions s
               JOIN section_versions v ON v.id = s.base_version_id
               LEFT JOIN users u ON u.id = s.author_id
               LEFT JOIN institutions i ON i.id = s.institution_id
               WHERE s.draft_id = $1
               ORDER BY CASE WHEN s.status = 'open' THEN 0 ELSE 1 END, s.id DESC
               LIMIT 500";
    type Row = (i64, String, String, Option<String>, i64, String, i64);
    let rows: Vec<Row> =
        with_db!(db, pool => sqlx::query_as(sql).bind(draft_id).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, section, author, institution, created_at, status, comment_count)| {
                SuggestionSummary {
                    id,
                    section,
                    author: byline(&author, institution.as_deref()),
                    created_at,
                    status: Status::parse(&status).unwrap_or(Status::Open),
                    comment_count,
                }
            },
        )
        .collect())
}

/// How many suggestions of a draft are open.
pub async fn open_count(db: &Db, draft_id: i64) -> Result<i64, sqlx::Error> {
    let sql = "SELECT COUNT(*) FROM suggestions WHERE draft_id = $1 AND status = 'open'";
    with_db!(db, pool => sqlx::query_scalar(sql).bind(draft_id).fetch_one(pool).await)
}

/// A suggestion as stored, with names resolved.
#[derive(sqlx::FromRow)]
pub struct Row {
    pub id: i64,
    pub section_id: i64,
    pub base_version_id: i64,
    pub base_heading: String,
    pub base_body: String,
    pub heading: String,
    pub body: String,
    pub note: Option<String>,
    pub author_id: Option<i64>,
    pub author: String,
    pub institution: Option<String>,
    pub created_at: i64,
    pub status: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub reason: Option<String>,
    pub applied_revision: Option<i64>,
}

impl Row {
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Open)
    }
}

/// Suggestion `id` of draft `draft_id`.
pub async fn get(db: &Db, draft_id: i64, id: i64) -> Result<Option<Row>, sqlx::Error> {
    let sql = "SELECT s.id, s.section_id, s.base_version_id, v.heading AS base_heading, v.body AS base_body,
                      s.heading, s.body, s.note, s.author_id,
                      COALESCE(u.display_name, 'A former user') AS author, i.name AS institution,
                      s.created_at, s.status, d.display_name AS decided_by, s.decided_at, s.reason, s.applied_revision
               FROM suggestions s
               JOIN section_versions v ON v.id = s.base_version_id
               LEFT JOIN users u ON u.id = s.author_id
               LEFT JOIN institutions i ON i.id = s.institution_id
               LEFT JOIN users d ON d.id = s.decided_by
               WHERE s.id = $1 AND s.draft_id = $2";
    with_db!(db, pool => sqlx::query_as(sql).bind(id).bind(draft_id).fetch_optional(pool).await)
}

/// A suggestion's discussion, oldest first.
pub async fn comments(db: &Db, id: i64) -> Result<Vec<NoteComment>, sqlx::Error> {
    crate::drafts::store::note_comments(db, "suggestion_comments", "suggestion_id", id).await
}

/// Adds a comment, unless the draft was published meanwhile (`None`).
pub async fn add_comment(
    db: &Db,
    suggestion_id: i64,
    author_id: i64,
    institution_id: Option<i64>,
    body: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let sql = "INSERT INTO suggestion_comments (suggestion_id, author_id, institution_id, body, created_at)
               SELECT $1, $2, $3, $4, $5
               WHERE EXISTS (SELECT 1 FROM suggestions s JOIN drafts d ON d.id = s.draft_id
                             WHERE s.id = $1 AND d.visibility <> 'published')
               RETURNING id";
    with_db!(db, pool => sqlx::query_scalar(sql)
        .bind(suggestion_id).bind(author_id).bind(institution_id).bind(body).bind(now_ms())
        .fetch_optional(pool).await)
}

/// Rejects an open suggestion with a reason, with its audit entry (whose
/// actor and time it takes). False if it was no longer open.
pub async fn reject(
    db: &Db,
    id: i64,
    reason: &str,
    key: &crate::secrets::SecretKey,
    audit: &crate::audit::Entry,
) -> Result<bool, sqlx::Error> {
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let updated = sqlx::query(
            "UPDATE suggestions SET status = 'rejected', decided_by = $1, decided_at = $2, reason = $3
             WHERE id = $4 AND status = 'open'
               AND EXISTS (SELECT 1 FROM drafts d WHERE d.id = suggestions.draft_id AND d.visibility <> 'published')")
            .bind(audit.actor_id).bind(audit.at).bind(reason).bind(id)
            .execute(&mut *tx).await?.rows_affected();
        if updated == 0 {
            return Ok(false);
        }
        crate::audit_append!(tx, key, audit);
        tx.commit().await?;
        Ok(true)
    })
}

/// Withdraws an open suggestion, by its author. False if it was not theirs
/// or no longer open.
pub async fn withdraw(db: &Db, id: i64, author_id: i64) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE suggestions SET status = 'withdrawn', decided_by = $1, decided_at = $2
               WHERE id = $3 AND author_id = $1 AND status = 'open'
                 AND EXISTS (SELECT 1 FROM drafts d WHERE d.id = suggestions.draft_id AND d.visibility <> 'published')";
    let n = with_db!(db, pool => sqlx::query(sql).bind(author_id).bind(now_ms()).bind(id)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}
