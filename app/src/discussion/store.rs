//! SQL for threads and comments.
//!
//! Pages never count or scan a whole thread: top-level comments are read
//! newest first from a partial index with a cursor (`id < $before`), their
//! replies through `root_id`, and each thread keeps its own comment count.

use super::{ThreadSummary, Visibility};
use crate::db::{now_ms, placeholders, Db};
use crate::domain::identity::Badge;
use crate::with_db;

#[derive(sqlx::FromRow)]
struct ThreadRow {
    id: i64,
    item_id: i64,
    title: String,
    visibility: String,
    is_general: bool,
    comment_count: i64,
    last_activity_at: i64,
    closes_at: Option<i64>,
}

impl From<ThreadRow> for ThreadSummary {
    fn from(r: ThreadRow) -> Self {
        ThreadSummary {
            id: r.id,
            item_id: r.item_id,
            title: r.title,
            visibility: Visibility::parse(&r.visibility).unwrap_or(Visibility::Partners),
            is_general: r.is_general,
            comment_count: r.comment_count,
            last_activity_at: r.last_activity_at,
            closes_at: r.closes_at,
        }
    }
}

const THREAD_COLUMNS: &str =
    "id, item_id, title, visibility, is_general, comment_count, last_activity_at, closes_at";

/// The item's threads that the viewer may see: partner-only ones only when
/// `include_partner_only`.
pub async fn threads_of_item(
    db: &Db,
    item_id: i64,
    include_partner_only: bool,
) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    let sql = format!(
        "SELECT {THREAD_COLUMNS} FROM threads WHERE item_id = $1 AND (visibility = 'public' OR $2)
         ORDER BY is_general DESC, last_activity_at DESC"
    );
    let rows: Vec<ThreadRow> = with_db!(db, pool => sqlx::query_as(&sql).bind(item_id).bind(include_partner_only).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// One thread, if it exists and the viewer may see it.
pub async fn thread(
    db: &Db,
    thread_id: i64,
    include_partner_only: bool,
) -> Result<Option<ThreadSummary>, sqlx::Error> {
    let sql = format!(
        "SELECT {THREAD_COLUMNS} FROM threads WHERE id = $1 AND (visibility = 'public' OR $2)"
    );
    let row: Option<ThreadRow> = with_db!(db, pool => sqlx::query_as(&sql).bind(thread_id).bind(include_partner_only).fetch_optional(pool).await)?;
    Ok(row.map(Into::into))
}

pub async fn general_thread_id(db: &Db, item_id: i64) -> Result<Option<i64>, sqlx::Error> {
    let sql = "SELECT id FROM threads WHERE item_id = $1 AND is_general ORDER BY id LIMIT 1";
    with_db!(db, pool => sqlx::query_scalar(sql).bind(item_id).fetch_optional(pool).await)
}

/// A comment as stored, with its author's name and badge institution.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct CommentRow {
    pub id: i64,
    pub thread_id: i64,
    pub parent_id: Option<i64>,
    pub root_id: Option<i64>,
    pub author_id: i64,
    pub author_name: String,
    pub badge: String,
    pub badge_institution_id: Option<i64>,
    pub badge_institution: Option<String>,
    pub body: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted_at: Option<i64>,
}

impl CommentRow {
    pub fn badge(&self) -> Badge {
        match (
            self.badge.as_str(),
            self.badge_institution_id,
            &self.badge_institution,
        ) {
            ("policy_maker", _, _) => Badge::PolicyMaker,
            ("partner", Some(institution_id), Some(name)) => Badge::Partner {
                institution_id,
                institution: name.clone(),
            },
            _ => Badge::Public,
        }
    }
}

const COMMENT_SELECT: &str = "SELECT c.id, c.thread_id, c.parent_id, c.root_id, c.author_id, u.display_name AS author_name,
        c.badge, c.badge_institution_id, i.name AS badge_institution, c.body, c.created_at, c.edited_at, c.deleted_at
    FROM comments c
    JOIN users u ON u.id = c.author_id
    LEFT JOIN institutions i ON i.id = c.badge_institution_id";

/// Up to `limit` top-level comments older than `before` (newest first).
pub async fn roots(
    db: &Db,
    thread_id: i64,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<CommentRow>, sqlx::Error> {
    let sql = format!(
        "{COMMENT_SELECT} WHERE c.thread_id = $1 AND c.parent_id IS NULL AND c.id < $2 ORDER BY c.id DESC LIMIT $3"
    );
    with_db!(db, pool => sqlx::query_as(&sql)
        .bind(thread_id).bind(before.unwrap_or(i64::MAX)).bind(limit).fetch_all(pool).await)
}

/// Every reply under the given top-level comments, oldest first.
pub async fn replies(db: &Db, root_ids: &[i64]) -> Result<Vec<CommentRow>, sqlx::Error> {
    if root_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{COMMENT_SELECT} WHERE c.root_id IN ({}) ORDER BY c.id",
        placeholders(1, root_ids.len())
    );
    with_db!(db, pool => {
        let mut query = sqlx::query_as(&sql);
        for id in root_ids {
            query = query.bind(*id);
        }
        query.fetch_all(pool).await
    })
}

/// Which of `ids` a published outcome grouped into a theme.
pub async fn with_published_outcome(db: &Db, ids: &[i64]) -> Result<Vec<i64>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT DISTINCT ct.comment_id FROM comment_themes ct
         JOIN themes th ON th.id = ct.theme_id
         JOIN analyses a ON a.id = th.analysis_id
         WHERE a.published_at IS NOT NULL AND ct.comment_id IN ({})",
        placeholders(1, ids.len())
    );
    with_db!(db, pool => {
        let mut query = sqlx::query_scalar(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        query.fetch_all(pool).await
    })
}

pub async fn comment(db: &Db, id: i64) -> Result<Option<CommentRow>, sqlx::Error> {
    let sql = format!("{COMMENT_SELECT} WHERE c.id = $1");
    with_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// What a new comment says about its author's standing, as stored.
pub fn badge_columns(badge: &Badge) -> (&'static str, Option<i64>) {
    match badge {
        Badge::Public => ("public", None),
        Badge::Partner { institution_id, .. } => ("partner", Some(*institution_id)),
        Badge::PolicyMaker => ("policy_maker", None),
    }
}

pub enum PostOutcome {
    Posted(i64),
    /// The comment replied to is not in this thread.
    NoSuchParent,
}

/// Adds a comment (a reply when `parent_id` is set) and bumps the thread's
/// count, in one transaction.
pub async fn insert_comment(
    db: &Db,
    thread_id: i64,
    parent_id: Option<i64>,
    author_id: i64,
    badge: &Badge,
    body: &str,
) -> Result<PostOutcome, sqlx::Error> {
    let (badge, badge_institution_id) = badge_columns(badge);
    let now = now_ms();
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let root_id = match parent_id {
            None => None,
            Some(parent) => {
                let parent_row: Option<(i64, Option<i64>)> =
                    sqlx::query_as("SELECT id, root_id FROM comments WHERE id = $1 AND thread_id = $2")
                        .bind(parent).bind(thread_id).fetch_optional(&mut *tx).await?;
                match parent_row {
                    Some((id, root)) => Some(root.unwrap_or(id)),
                    None => return Ok(PostOutcome::NoSuchParent),
                }
            }
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO comments (thread_id, parent_id, root_id, author_id, badge, badge_institution_id, body, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
            .bind(thread_id).bind(parent_id).bind(root_id).bind(author_id).bind(badge)
            .bind(badge_institution_id).bind(body).bind(now)
            .fetch_one(&mut *tx).await?;
        sqlx::query("UPDATE threads SET comment_count = comment_count + 1, last_activity_at = $1 WHERE id = $2")
            .bind(now).bind(thread_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(PostOutcome::Posted(id))
    })
}

/// Replaces a comment's body and marks it edited.
pub async fn edit_comment(db: &Db, id: i64, body: &str) -> Result<(), sqlx::Error> {
    let sql = "UPDATE comments SET body = $1, edited_at = $2 WHERE id = $3 AND deleted_at IS NULL";
    with_db!(db, pool => sqlx::query(sql).bind(body).bind(now_ms()).bind(id).execute(pool).await.map(|_| ()))?;
    Ok(())
}

/// Deletes a comment's text but keeps the row as a tombstone, so its replies
/// keep their place in the conversation. It leaves every theme it was in
/// (nothing of it is left to analyse).
pub async fn delete_comment(db: &Db, id: i64) -> Result<(), sqlx::Error> {
    let sql = "UPDATE comments SET body = '', deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL";
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query(sql).bind(now_ms()).bind(id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM comment_themes WHERE comment_id = $1").bind(id).execute(&mut *tx).await?;
        tx.commit().await
    })?;
    Ok(())
}

/// Starts a thread on an item with its first comment. Returns the thread id.
pub async fn create_thread(
    db: &Db,
    item_id: i64,
    title: &str,
    visibility: Visibility,
    author_id: i64,
    badge: &Badge,
    body: &str,
) -> Result<i64, sqlx::Error> {
    let (badge, badge_institution_id) = badge_columns(badge);
    let now = now_ms();
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let thread_id: i64 = sqlx::query_scalar(
            "INSERT INTO threads (item_id, title, visibility, is_general, created_by, created_at, comment_count, last_activity_at)
             VALUES ($1, $2, $3, FALSE, $4, $5, 1, $5) RETURNING id")
            .bind(item_id).bind(title).bind(visibility.as_str()).bind(author_id).bind(now)
            .fetch_one(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO comments (thread_id, author_id, badge, badge_institution_id, body, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(thread_id).bind(author_id).bind(badge).bind(badge_institution_id).bind(body).bind(now)
            .execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(thread_id)
    })
}
