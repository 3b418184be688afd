//! SQL for publishing drafts and listing consultations.

use super::{ConsultationSummary, Publication};
use crate::db::{now_ms, Db};
use crate::with_db;

/// A draft's publication, if it is published.
pub async fn publication(db: &Db, draft_id: i64) -> Result<Option<Publication>, sqlx::Error> {
    let sql =
        "SELECT p.revision, p.published_at, COALESCE(u.display_name, 'A former user'), p.closes_at,
                      t.item_id, p.thread_id
               FROM proposals p JOIN threads t ON t.id = p.thread_id
               LEFT JOIN users u ON u.id = p.published_by
               WHERE p.draft_id = $1";
    let row: Option<(i64, i64, String, i64, i64, i64)> =
        with_db!(db, pool => sqlx::query_as(sql).bind(draft_id).fetch_optional(pool).await)?;
    Ok(row.map(
        |(revision, published_at, published_by, closes_at, item_id, thread_id)| Publication {
            revision,
            published_at,
            published_by,
            closes_at,
            item_id,
            thread_id,
            open: now_ms() < closes_at,
        },
    ))
}

/// Every consultation: open ones first (closing soonest first), then
/// closed ones (most recently closed first).
pub async fn list(db: &Db) -> Result<Vec<ConsultationSummary>, sqlx::Error> {
    let now = now_ms();
    let sql = "SELECT d.id, d.title, r.title, p.published_at, p.closes_at, t.comment_count,
                      EXISTS (SELECT 1 FROM analyses a WHERE a.draft_id = p.draft_id AND a.published_at IS NOT NULL)
               FROM proposals p
               JOIN drafts d ON d.id = p.draft_id
               JOIN threads t ON t.id = p.thread_id
               JOIN roadmap_items r ON r.id = t.item_id
               ORDER BY CASE WHEN p.closes_at > $1 THEN 0 ELSE 1 END,
                        CASE WHEN p.closes_at > $1 THEN p.closes_at ELSE -p.closes_at END
               LIMIT 500";
    let rows: Vec<(i64, String, String, i64, i64, i64, bool)> =
        with_db!(db, pool => sqlx::query_as(sql).bind(now).fetch_all(pool).await)?;
    let owners_sql = "SELECT o.draft_id, i.name FROM draft_owners o
                      JOIN institutions i ON i.id = o.institution_id
                      JOIN proposals p ON p.draft_id = o.draft_id
                      ORDER BY i.name";
    let owners: Vec<(i64, String)> = if rows.is_empty() {
        Vec::new()
    } else {
        with_db!(db, pool => sqlx::query_as(owners_sql).fetch_all(pool).await)?
    };
    Ok(rows
        .into_iter()
        .map(
            |(
                draft_id,
                title,
                item_title,
                published_at,
                closes_at,
                comment_count,
                outcome_published,
            )| {
                ConsultationSummary {
                    draft_id,
                    title,
                    owners: owners
                        .iter()
                        .filter(|(d, _)| *d == draft_id)
                        .map(|(_, n)| n.clone())
                        .collect(),
                    item_title,
                    published_at,
                    closes_at,
                    open: now < closes_at,
                    comment_count,
                    outcome_published,
                }
            },
        )
        .collect())
}

/// What publishing needs to know.
pub struct NewProposal<'a> {
    pub draft_id: i64,
    /// The revision the publisher read; it must still be the current one.
    pub revision: i64,
    /// The roadmap item to link, for a draft without one.
    pub item_id: Option<i64>,
    pub title: &'a str,
    pub closes_at: i64,
    pub publisher_id: i64,
}

#[derive(Debug, PartialEq, Eq)]
pub enum PublishOutcome {
    Published,
    /// The draft moved on from the revision the publisher read.
    NotCurrent,
    /// Not enough owning institutions signed off the current revision.
    QuorumNotMet,
    /// Neither the draft nor the form names a roadmap item.
    NoItem,
    AlreadyPublished,
}

/// Publishes the draft at its current revision, if the quorum of sign-offs
/// holds on it: freezes it, opens its public thread, and records it in the
/// audit log; all or nothing.
pub async fn publish(
    db: &Db,
    new: &NewProposal<'_>,
    key: &crate::secrets::SecretKey,
    audit: &crate::audit::Entry,
) -> Result<PublishOutcome, sqlx::Error> {
    let now = audit.at;
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        // Locks the draft: no revision or sign-off lands meanwhile.
        let row: Option<(i64, Option<i64>, Option<i64>, String)> = sqlx::query_as(
            "UPDATE drafts SET updated_at = $1 WHERE id = $2 AND visibility <> 'published'
             RETURNING current_revision, quorum, item_id, visibility")
            .bind(now).bind(new.draft_id).fetch_optional(&mut *tx).await?;
        let Some((current, quorum, item_id, prior_visibility)) = row else {
            return Ok(PublishOutcome::AlreadyPublished);
        };
        if current != new.revision {
            return Ok(PublishOutcome::NotCurrent);
        }
        let owners: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM draft_owners WHERE draft_id = $1")
            .bind(new.draft_id).fetch_one(&mut *tx).await?;
        let signed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM draft_sign_offs WHERE draft_id = $1 AND revision = $2")
            .bind(new.draft_id).bind(current).fetch_one(&mut *tx).await?;
        if signed < quorum.unwrap_or(owners) {
            return Ok(PublishOutcome::QuorumNotMet);
        }
        let Some(item_id) = item_id.or(new.item_id) else {
            return Ok(PublishOutcome::NoItem);
        };
        let thread_id: i64 = sqlx::query_scalar(
            "INSERT INTO threads (item_id, title, visibility, is_general, created_by, created_at, comment_count, last_activity_at, closes_at)
             VALUES ($1, $2, 'public', FALSE, $3, $4, 0, $4, $5) RETURNING id")
            .bind(item_id).bind(format!("Consultation: {}", new.title)).bind(new.publisher_id).bind(now).bind(new.closes_at)
            .fetch_one(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO proposals (draft_id, revision, thread_id, published_by, published_at, closes_at, prior_visibility)
             VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(new.draft_id).bind(current).bind(thread_id).bind(new.publisher_id).bind(now).bind(new.closes_at)
            .bind(&prior_visibility)
            .execute(&mut *tx).await?;
        sqlx::query("UPDATE drafts SET visibility = 'published', item_id = $1 WHERE id = $2")
            .bind(item_id).bind(new.draft_id).execute(&mut *tx).await?;
        crate::audit_append!(tx, key, audit);
        tx.commit().await?;
        Ok(PublishOutcome::Published)
    })
}
