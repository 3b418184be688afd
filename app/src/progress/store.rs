//! SQL for item progress, dependencies and the gap register.

use super::forms::CheckedProgress;
use super::{ItemLink, ProgressEntry, Status};
use crate::audit::Entry;
use crate::db::{placeholders, Db};
use crate::secrets::SecretKey;
use crate::with_db;

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    item_id: i64,
    status: String,
    percent: Option<i64>,
    note: String,
    evidence: String,
    author: Option<String>,
    institution: Option<String>,
    created_at: i64,
}

impl From<EntryRow> for ProgressEntry {
    fn from(r: EntryRow) -> Self {
        ProgressEntry {
            id: r.id,
            status: Status::parse(&r.status).unwrap_or(Status::Planned),
            percent: r.percent,
            note: r.note,
            evidence: r.evidence.lines().map(str::to_owned).collect(),
            author: r.author.unwrap_or_else(|| "A former user".into()),
            institution: r.institution,
            created_at: r.created_at,
        }
    }
}

const ENTRY_SELECT: &str = "SELECT e.id, e.item_id, e.status, e.percent, e.note, e.evidence,
        u.display_name AS author, i.name AS institution, e.created_at
    FROM item_progress e
    LEFT JOIN users u ON u.id = e.author_id
    LEFT JOIN institutions i ON i.id = e.institution_id";

/// An item's timeline, newest first.
pub async fn entries(db: &Db, item_id: i64) -> Result<Vec<ProgressEntry>, sqlx::Error> {
    let sql = format!("{ENTRY_SELECT} WHERE e.item_id = $1 ORDER BY e.id DESC LIMIT 500");
    let rows: Vec<EntryRow> =
        with_db!(db, pool => sqlx::query_as(&sql).bind(item_id).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The latest entry of each of the given items, as (item, entry).
pub async fn latest_entries(
    db: &Db,
    item_ids: &[i64],
) -> Result<Vec<(i64, ProgressEntry)>, sqlx::Error> {
    if item_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{ENTRY_SELECT} WHERE e.id IN (SELECT MAX(id) FROM item_progress WHERE item_id IN ({}) GROUP BY item_id)",
        placeholders(1, item_ids.len())
    );
    let rows: Vec<EntryRow> = with_db!(db, pool => {
        let mut q = sqlx::query_as(&sql);
        for id in item_ids {
            q = q.bind(*id);
        }
        q.fetch_all(pool).await?
    });
    Ok(rows.into_iter().map(|r| (r.item_id, r.into())).collect())
}

/// Adds an entry to an item's timeline; the item takes its status.
pub async fn record(
    db: &Db,
    item_id: i64,
    entry: &CheckedProgress,
    institution_id: Option<i64>,
    key: &SecretKey,
    audit: &Entry,
) -> Result<i64, sqlx::Error> {
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO item_progress (item_id, status, percent, note, evidence, author_id, institution_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
            .bind(item_id).bind(entry.status.as_str()).bind(entry.percent).bind(&entry.note)
            .bind(entry.evidence.join("\n")).bind(audit.actor_id).bind(institution_id).bind(audit.at)
            .fetch_one(&mut *tx).await?;
        sqlx::query("UPDATE roadmap_items SET status = $1, updated_at = $2, updated_by = $3 WHERE id = $4")
            .bind(entry.status.as_str()).bind(audit.at).bind(audit.actor_id).bind(item_id)
            .execute(&mut *tx).await?;
        crate::audit_append!(tx, key, audit);
        tx.commit().await?;
        Ok(id)
    })
}

/// What `item_id` needs first, and what needs it.
pub async fn dependencies(
    db: &Db,
    item_id: i64,
) -> Result<(Vec<ItemLink>, Vec<ItemLink>), sqlx::Error> {
    let needs =
        "SELECT r.id, r.title FROM item_dependencies d JOIN roadmap_items r ON r.id = d.needs_id
                 WHERE d.item_id = $1 ORDER BY r.title";
    let needed_by =
        "SELECT r.id, r.title FROM item_dependencies d JOIN roadmap_items r ON r.id = d.item_id
                     WHERE d.needs_id = $1 ORDER BY r.title";
    let (needs, needed_by): (Vec<ItemLink>, Vec<ItemLink>) = with_db!(db, pool => (
        sqlx::query_as(needs).bind(item_id).fetch_all(pool).await?,
        sqlx::query_as(needed_by).bind(item_id).fetch_all(pool).await?,
    ));
    Ok((needs, needed_by))
}

#[derive(Debug, PartialEq, Eq)]
pub enum Added {
    Added,
    AlreadyThere,
    /// It would make a cycle: `needs` already needs `item`, directly or not.
    Cycle,
}

/// Records "`item_id` needs `needs_id` first", unless that closes a cycle.
pub async fn add_dependency(
    db: &Db,
    item_id: i64,
    needs_id: i64,
    key: &SecretKey,
    audit: &Entry,
) -> Result<Added, sqlx::Error> {
    use crate::domain::outcomes::dependencies::would_cycle;
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        // Dependencies are added one at a time: the audit head's row lock
        // (taken first) keeps two concurrent additions from each missing
        // the other's edge and closing a cycle between them.
        sqlx::query("UPDATE audit_head SET id = 1 WHERE id = 1").execute(&mut *tx).await?;
        let edges: Vec<(i64, i64)> = sqlx::query_as("SELECT item_id, needs_id FROM item_dependencies")
            .fetch_all(&mut *tx).await?;
        if edges.contains(&(item_id, needs_id)) {
            return Ok(Added::AlreadyThere);
        }
        if would_cycle(&edges, item_id, needs_id) {
            return Ok(Added::Cycle);
        }
        sqlx::query("INSERT INTO item_dependencies (item_id, needs_id, created_at) VALUES ($1, $2, $3)")
            .bind(item_id).bind(needs_id).bind(audit.at).execute(&mut *tx).await?;
        crate::audit_append!(tx, key, audit);
        tx.commit().await?;
        Ok(Added::Added)
    })
}

/// Removes "`item_id` needs `needs_id`". Returns whether there was one.
pub async fn remove_dependency(
    db: &Db,
    item_id: i64,
    needs_id: i64,
    key: &SecretKey,
    audit: &Entry,
) -> Result<bool, sqlx::Error> {
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let removed = sqlx::query("DELETE FROM item_dependencies WHERE item_id = $1 AND needs_id = $2")
            .bind(item_id).bind(needs_id).execute(&mut *tx).await?.rows_affected();
        if removed == 0 {
            return Ok(false);
        }
        crate::audit_append!(tx, key, audit);
        tx.commit().await?;
        Ok(true)
    })
}

/// A candidate for the gap register.
#[derive(sqlx::FromRow)]
pub struct GapRow {
    pub id: i64,
    pub title: String,
    pub year: i32,
    pub status: String,
    pub target_date: Option<String>,
}

/// Items past their target date and not done, or at risk, or behind.
pub async fn gap_candidates(db: &Db, today: &str) -> Result<Vec<GapRow>, sqlx::Error> {
    let sql = "SELECT r.id, r.title, p.year, r.status, r.target_date
               FROM roadmap_items r JOIN phases p ON p.id = r.phase_id
               WHERE r.status IN ('at_risk', 'behind') OR (r.status <> 'done' AND r.target_date < $1)
               ORDER BY p.year, r.position";
    with_db!(db, pool => sqlx::query_as(sql).bind(today).fetch_all(pool).await)
}

/// The owners' names of each of the given items, as (item, name).
pub async fn owner_names(db: &Db, item_ids: &[i64]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if item_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT o.item_id, i.name FROM item_owners o JOIN institutions i ON i.id = o.institution_id
         WHERE o.item_id IN ({}) ORDER BY i.name",
        placeholders(1, item_ids.len())
    );
    with_db!(db, pool => {
        let mut q = sqlx::query_as(&sql);
        for id in item_ids {
            q = q.bind(*id);
        }
        q.fetch_all(pool).await
    })
}

/// The gap register: items past their target date and not done, or at
/// risk or behind, each with its owners and latest entry.
pub async fn gaps(db: &Db) -> Result<Vec<super::Gap>, sqlx::Error> {
    use super::{Gap, GapReason};
    let today = crate::time_fmt::uk_date(crate::db::now_ms()).to_string();
    let rows = gap_candidates(db, &today).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let latest = latest_entries(db, &ids).await?;
    let owners = owner_names(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let status = Status::parse(&r.status).unwrap_or(Status::Planned);
            Gap {
                reasons: GapReason::of(status, r.target_date.as_deref(), &today),
                latest: latest
                    .iter()
                    .find(|(i, _)| *i == r.id)
                    .map(|(_, e)| e.clone()),
                owners: owners
                    .iter()
                    .filter(|(i, _)| *i == r.id)
                    .map(|(_, n)| n.clone())
                    .collect(),
                item_id: r.id,
                title: r.title,
                year: r.year,
                status,
                target_date: r.target_date,
            }
        })
        .collect())
}

/// A page of an item's timeline (newest first), and how long it is.
pub async fn entries_page(
    db: &Db,
    item_id: i64,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ProgressEntry>, i64), sqlx::Error> {
    let sql = format!("{ENTRY_SELECT} WHERE e.item_id = $1 ORDER BY e.id DESC LIMIT $2 OFFSET $3");
    let count = "SELECT COUNT(*) FROM item_progress WHERE item_id = $1";
    let (rows, total): (Vec<EntryRow>, i64) = with_db!(db, pool => (
        sqlx::query_as(&sql).bind(item_id).bind(limit).bind(offset).fetch_all(pool).await?,
        sqlx::query_scalar(count).bind(item_id).fetch_one(pool).await?,
    ));
    Ok((rows.into_iter().map(Into::into).collect(), total))
}
