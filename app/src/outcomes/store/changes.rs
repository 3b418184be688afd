//! SQL that records decisions, quotes and outcomes, each in one
//! transaction with its audit entry.

use crate::audit::Entry;
use crate::db::placeholders;
use crate::db::Db;
use crate::outcomes::forms::CheckedDecision;
use crate::outcomes::DecisionStatus;
use crate::secrets::SecretKey;
use crate::with_db;

/// Records a decision on a theme, with the items it changes. Returns its id.
pub async fn record(
    db: &Db,
    theme_id: i64,
    d: &CheckedDecision,
    key: &SecretKey,
    audit: &Entry,
) -> Result<i64, sqlx::Error> {
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO decisions (theme_id, decision, reason, action_owner, due_on, status, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id")
            .bind(theme_id).bind(&d.decision).bind(&d.reason).bind(&d.action_owner).bind(&d.due_on)
            .bind(d.status.as_str()).bind(audit.actor_id).bind(audit.at)
            .fetch_one(&mut *tx).await?;
        for item in &d.items {
            sqlx::query("INSERT INTO decision_items (decision_id, item_id) VALUES ($1, $2)")
                .bind(id).bind(*item).execute(&mut *tx).await?;
        }
        let entry = Entry { subject: format!("decision:{id}"), ..audit.clone() };
        crate::audit_append!(tx, key, &entry);
        tx.commit().await?;
        Ok(id)
    })
}

/// Moves a decision's action to `status`.
pub async fn set_status(
    db: &Db,
    decision_id: i64,
    status: DecisionStatus,
    key: &SecretKey,
    audit: &Entry,
) -> Result<(), sqlx::Error> {
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query("UPDATE decisions SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(status.as_str()).bind(audit.at).bind(decision_id).execute(&mut *tx).await?;
        crate::audit_append!(tx, key, audit);
        tx.commit().await?;
        Ok(())
    })
}

/// Quotes exactly `comments` under the theme (each one of its public
/// comments, checked by the caller) and no others.
pub async fn set_quotes(
    db: &Db,
    theme_id: i64,
    comments: &[i64],
    key: &SecretKey,
    audit: &Entry,
) -> Result<(), sqlx::Error> {
    let quote_sql = format!(
        "UPDATE comment_themes SET quoted = TRUE WHERE theme_id = $1 AND comment_id IN ({})",
        placeholders(2, comments.len())
    );
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query("UPDATE comment_themes SET quoted = FALSE WHERE theme_id = $1")
            .bind(theme_id).execute(&mut *tx).await?;
        if !comments.is_empty() {
            let mut q = sqlx::query(&quote_sql).bind(theme_id);
            for id in comments {
                q = q.bind(*id);
            }
            q.execute(&mut *tx).await?;
        }
        crate::audit_append!(tx, key, audit);
        tx.commit().await?;
        Ok(())
    })
}

/// Publishes an analysis's outcome with the summary (or rewrites the
/// summary of one already published, which keeps its first date).
pub async fn publish(
    db: &Db,
    analysis_id: i64,
    summary: &str,
    key: &SecretKey,
    audit: &Entry,
) -> Result<(), sqlx::Error> {
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query(
            "UPDATE analyses SET summary = $1, published_at = COALESCE(published_at, $2),
                    published_by = COALESCE(published_by, $3)
             WHERE id = $4")
            .bind(summary).bind(audit.at).bind(audit.actor_id).bind(analysis_id)
            .execute(&mut *tx).await?;
        crate::audit_append!(tx, key, audit);
        tx.commit().await?;
        Ok(())
    })
}
