//! SQL for reading the audit log (appending is in `chain.rs`).

use super::LogEntry;
use crate::db::Db;
use crate::with_db;

/// Up to `limit` entries older than `before`, newest first, about `subject`
/// if given.
pub async fn page(
    db: &Db,
    before: Option<i64>,
    subject: Option<&str>,
    limit: i64,
) -> Result<Vec<LogEntry>, sqlx::Error> {
    let sql = "SELECT id, at, actor_name, institution, action, subject, detail FROM audit_log
               WHERE id < $1 AND ($2 IS NULL OR subject = $2) ORDER BY id DESC LIMIT $3";
    type Row = (i64, i64, String, Option<String>, String, String, String);
    let rows: Vec<Row> = with_db!(db, pool => sqlx::query_as(sql)
        .bind(before.unwrap_or(i64::MAX)).bind(subject).bind(limit).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, at, actor, institution, action, subject, detail)| LogEntry {
                id,
                at,
                actor,
                institution,
                action,
                subject,
                detail,
            },
        )
        .collect())
}
