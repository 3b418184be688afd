//! SQL for phases and roadmap items.

use super::{ItemChange, ItemSummary, Phase, PhaseWithItems, Responsibility, Stakeholder, Status};
use crate::db::{now_ms, Db};
use crate::institutions::Institution;
use crate::with_db;
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct PhaseRow {
    id: i64,
    year: i32,
    title: String,
    summary: String,
}

impl From<PhaseRow> for Phase {
    fn from(r: PhaseRow) -> Self {
        Phase {
            id: r.id,
            year: r.year,
            title: r.title,
            summary: r.summary,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: i64,
    phase_id: i64,
    title: String,
    summary: String,
    description: String,
    status: String,
    target_date: Option<String>,
    updated_at: i64,
}

/// An item as stored, before the page adds what it needs around it.
pub struct StoredItem {
    pub id: i64,
    pub phase: Phase,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub status: Status,
    pub target_date: Option<String>,
    pub owners: Vec<Institution>,
    pub responsibilities: Vec<Responsibility>,
    pub updated_at: i64,
}

fn status(s: &str) -> Status {
    Status::parse(s).unwrap_or(Status::Planned)
}

pub async fn phases(db: &Db) -> Result<Vec<Phase>, sqlx::Error> {
    let sql = "SELECT id, year, title, summary FROM phases ORDER BY year";
    let rows: Vec<PhaseRow> = with_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Every item's id and title, in the roadmap's order: for forms that link
/// something to an item.
pub async fn item_titles(db: &Db) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let sql = "SELECT i.id, i.title FROM roadmap_items i JOIN phases p ON p.id = i.phase_id
               ORDER BY p.year, i.position, i.id";
    with_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)
}

/// Every item as a link, in roadmap order.
pub async fn item_links(db: &Db) -> Result<Vec<super::ItemLink>, sqlx::Error> {
    let rows = item_titles(db).await?;
    Ok(rows
        .into_iter()
        .map(|(id, title)| super::ItemLink { id, title })
        .collect())
}

/// The whole roadmap, phase by phase. A roadmap has tens of items, not
/// thousands, so the home page shows them all.
pub async fn roadmap(db: &Db) -> Result<Vec<PhaseWithItems>, sqlx::Error> {
    let items_sql =
        "SELECT id, phase_id, title, summary, '' AS description, status, target_date, updated_at
                     FROM roadmap_items ORDER BY phase_id, position, id";
    let owners_sql =
        "SELECT o.item_id, i.name FROM item_owners o JOIN institutions i ON i.id = o.institution_id
                      ORDER BY i.name";
    let (phases, items, owners): (Vec<Phase>, Vec<ItemRow>, Vec<(i64, String)>) = with_db!(db, pool => {
        let items = sqlx::query_as(items_sql).fetch_all(pool).await?;
        let owners = sqlx::query_as(owners_sql).fetch_all(pool).await?;
        (phases(db).await?, items, owners)
    });
    let mut owners_by_item: HashMap<i64, Vec<String>> = HashMap::new();
    for (item_id, name) in owners {
        owners_by_item.entry(item_id).or_default().push(name);
    }
    let mut by_phase: HashMap<i64, Vec<ItemSummary>> = HashMap::new();
    for row in items {
        by_phase.entry(row.phase_id).or_default().push(ItemSummary {
            id: row.id,
            owners: owners_by_item.remove(&row.id).unwrap_or_default(),
            title: row.title,
            summary: row.summary,
            status: status(&row.status),
            target_date: row.target_date,
        });
    }
    Ok(phases
        .into_iter()
        .map(|phase| PhaseWithItems {
            items: by_phase.remove(&phase.id).unwrap_or_default(),
            phase,
        })
        .collect())
}

pub async fn item(db: &Db, id: i64) -> Result<Option<StoredItem>, sqlx::Error> {
    let item_sql =
        "SELECT id, phase_id, title, summary, description, status, target_date, updated_at
                    FROM roadmap_items WHERE id = $1";
    let phase_sql = "SELECT id, year, title, summary FROM phases WHERE id = $1";
    let owners_sql = "SELECT i.id, i.slug, i.name FROM item_owners o JOIN institutions i ON i.id = o.institution_id
                      WHERE o.item_id = $1 ORDER BY i.name";
    let resp_sql = "SELECT stakeholder, body FROM item_responsibilities WHERE item_id = $1";
    with_db!(db, pool => {
        let Some(row): Option<ItemRow> = sqlx::query_as(item_sql).bind(id).fetch_optional(pool).await? else {
            return Ok(None);
        };
        let phase: PhaseRow = sqlx::query_as(phase_sql).bind(row.phase_id).fetch_one(pool).await?;
        let owners: Vec<(i64, String, String)> = sqlx::query_as(owners_sql).bind(id).fetch_all(pool).await?;
        let resp: Vec<(String, String)> = sqlx::query_as(resp_sql).bind(id).fetch_all(pool).await?;
        let mut responsibilities: Vec<Responsibility> = resp
            .into_iter()
            .filter_map(|(s, text)| Some(Responsibility { stakeholder: Stakeholder::parse(&s)?, text }))
            .collect();
        responsibilities.sort_by_key(|r| Stakeholder::ALL.iter().position(|s| *s == r.stakeholder));
        Ok(Some(StoredItem {
            id: row.id,
            phase: phase.into(),
            title: row.title,
            summary: row.summary,
            description: row.description,
            status: status(&row.status),
            target_date: row.target_date,
            owners: owners.into_iter().map(|(id, slug, name)| Institution { id, slug, name }).collect(),
            responsibilities,
            updated_at: row.updated_at,
        }))
    })
}

/// Writes owners and responsibilities inside a transaction; a macro so that
/// one body serves both backends' transaction types.
macro_rules! write_children {
    ($tx:expr, $id:expr, $change:expr) => {{
        sqlx::query("DELETE FROM item_owners WHERE item_id = $1").bind($id).execute(&mut *$tx).await?;
        for owner in &$change.owners {
            sqlx::query("INSERT INTO item_owners (item_id, institution_id) VALUES ($1, $2)")
                .bind($id).bind(*owner).execute(&mut *$tx).await?;
        }
        sqlx::query("DELETE FROM item_responsibilities WHERE item_id = $1").bind($id).execute(&mut *$tx).await?;
        for r in &$change.responsibilities {
            sqlx::query("INSERT INTO item_responsibilities (item_id, stakeholder, body) VALUES ($1, $2, $3)")
                .bind($id).bind(r.stakeholder.as_str()).bind(&r.text).execute(&mut *$tx).await?;
        }
    }};
}

/// Replaces an item's fields, owners and responsibilities in one transaction.
/// Returns false when there is no such item.
pub async fn update_item(
    db: &Db,
    id: i64,
    change: &ItemChange,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let update_sql = "UPDATE roadmap_items SET phase_id = $1, title = $2, summary = $3, description = $4,
                      status = $5, target_date = $6, updated_at = $7, updated_by = $8 WHERE id = $9";
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let before: Option<String> = sqlx::query_scalar("SELECT status FROM roadmap_items WHERE id = $1")
            .bind(id).fetch_optional(&mut *tx).await?;
        let updated = sqlx::query(update_sql)
            .bind(change.phase_id).bind(&change.title).bind(&change.summary).bind(&change.description)
            .bind(change.status.as_str()).bind(&change.target_date).bind(now_ms()).bind(user_id).bind(id)
            .execute(&mut *tx).await?.rows_affected();
        if updated == 0 {
            return Ok(false);
        }
        // The status shown is the progress timeline's latest: a change made
        // here goes on the timeline too.
        if before.as_deref() != Some(change.status.as_str()) {
            sqlx::query(
                "INSERT INTO item_progress (item_id, status, note, author_id, created_at)
                 VALUES ($1, $2, 'Status changed when the item was edited.', $3, $4)")
                .bind(id).bind(change.status.as_str()).bind(user_id).bind(now_ms())
                .execute(&mut *tx).await?;
        }
        write_children!(tx, id, change);
        tx.commit().await?;
        Ok(true)
    })
}

/// Creates an item, with its general public discussion thread.
pub async fn create_item(db: &Db, change: &ItemChange) -> Result<i64, sqlx::Error> {
    let insert_sql = "INSERT INTO roadmap_items (phase_id, position, title, summary, description, status, target_date, updated_at)
                      VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM roadmap_items WHERE phase_id = $1), $2, $3, $4, $5, $6, $7)
                      RETURNING id";
    let thread_sql =
        "INSERT INTO threads (item_id, title, visibility, is_general, created_at, last_activity_at)
                      VALUES ($1, 'General discussion', 'public', TRUE, $2, $2)";
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let now = now_ms();
        let id: i64 = sqlx::query_scalar(insert_sql)
            .bind(change.phase_id).bind(&change.title).bind(&change.summary).bind(&change.description)
            .bind(change.status.as_str()).bind(&change.target_date).bind(now)
            .fetch_one(&mut *tx).await?;
        write_children!(tx, id, change);
        sqlx::query(thread_sql).bind(id).bind(now).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(id)
    })
}

pub async fn create_phase(
    db: &Db,
    year: i32,
    title: &str,
    summary: &str,
) -> Result<i64, sqlx::Error> {
    let sql = "INSERT INTO phases (year, title, summary) VALUES ($1, $2, $3) RETURNING id";
    with_db!(db, pool => sqlx::query_scalar(sql).bind(year).bind(title).bind(summary).fetch_one(pool).await)
}

pub async fn count_phases(db: &Db) -> Result<i64, sqlx::Error> {
    with_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM phases").fetch_one(pool).await)
}
