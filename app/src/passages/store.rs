//! SQL for passage threads and their comments.

use crate::db::{now_ms, Db};
use crate::domain::anchor::Anchor;
use crate::domain::drafts::NoteComment;
use crate::with_db;

/// A passage thread as stored.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct ThreadRow {
    pub id: i64,
    pub section_id: i64,
    pub version_id: i64,
    pub start_at: i64,
    /// The passage's words in version `version_id` (where it was last found).
    pub quote: String,
    /// Its words when the thread was started.
    pub original_quote: String,
    pub prefix: String,
    pub suffix: String,
    pub created_by: Option<i64>,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<i64>,
    pub comment_count: i64,
    /// The version it was last not found in, if it is orphaned.
    pub lost_in_version: Option<i64>,
}

impl ThreadRow {
    pub fn anchor(&self) -> Anchor {
        Anchor {
            quote: self.quote.clone(),
            prefix: self.prefix.clone(),
            suffix: self.suffix.clone(),
            start: usize::try_from(self.start_at).unwrap_or_default(),
        }
    }
}

const THREAD_SELECT: &str =
    "SELECT t.id, t.section_id, t.version_id, t.start_at, t.quote, t.original_quote, t.prefix, t.suffix,
        t.created_by, u.display_name AS resolved_by, t.resolved_at, t.comment_count, t.lost_in_version
    FROM passage_threads t LEFT JOIN users u ON u.id = t.resolved_by";

/// Every passage thread of a draft (at most 2,000), oldest first.
pub async fn threads_of_draft(db: &Db, draft_id: i64) -> Result<Vec<ThreadRow>, sqlx::Error> {
    let sql = format!("{THREAD_SELECT} WHERE t.draft_id = $1 ORDER BY t.id LIMIT 2000");
    with_db!(db, pool => sqlx::query_as(&sql).bind(draft_id).fetch_all(pool).await)
}

pub async fn thread(db: &Db, draft_id: i64, id: i64) -> Result<Option<ThreadRow>, sqlx::Error> {
    let sql = format!("{THREAD_SELECT} WHERE t.id = $1 AND t.draft_id = $2");
    with_db!(db, pool => sqlx::query_as(&sql).bind(id).bind(draft_id).fetch_optional(pool).await)
}

/// Moves a thread's anchor from version `from` to where it was found in
/// version `to` (unless another request moved it first).
pub async fn carry_forward(
    db: &Db,
    thread_id: i64,
    from: i64,
    to: i64,
    anchor: &Anchor,
) -> Result<(), sqlx::Error> {
    let sql = "UPDATE passage_threads SET version_id = $1, start_at = $2, quote = $3, prefix = $4, suffix = $5,
                      lost_in_version = NULL
               WHERE id = $6 AND version_id = $7";
    with_db!(db, pool => sqlx::query(sql)
        .bind(to).bind(anchor.start as i64).bind(&anchor.quote).bind(&anchor.prefix).bind(&anchor.suffix)
        .bind(thread_id).bind(from)
        .execute(pool).await.map(|_| ()))
}

/// Notes that a thread's passage was not found in version `version`.
pub async fn mark_lost(db: &Db, thread_id: i64, version: i64) -> Result<(), sqlx::Error> {
    let sql = "UPDATE passage_threads SET lost_in_version = $1 WHERE id = $2";
    with_db!(db, pool => sqlx::query(sql).bind(version).bind(thread_id).execute(pool).await.map(|_| ()))
}

/// How many unresolved threads `user_id` started on the draft.
pub async fn open_threads_by(db: &Db, draft_id: i64, user_id: i64) -> Result<i64, sqlx::Error> {
    let sql = "SELECT COUNT(*) FROM passage_threads WHERE draft_id = $1 AND created_by = $2 AND resolved_at IS NULL";
    with_db!(db, pool => sqlx::query_scalar(sql).bind(draft_id).bind(user_id).fetch_one(pool).await)
}

pub struct NewThread<'a> {
    pub draft_id: i64,
    pub section_id: i64,
    pub version_id: i64,
    pub anchor: &'a Anchor,
    pub author_id: i64,
    pub institution_id: Option<i64>,
    pub body: &'a str,
}

/// Starts a thread with its first comment, together.
pub async fn start(db: &Db, new: &NewThread<'_>) -> Result<i64, sqlx::Error> {
    let now = now_ms();
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO passage_threads (draft_id, section_id, version_id, start_at, quote, original_quote, prefix, suffix, created_by, created_at, comment_count)
             VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, 1) RETURNING id")
            .bind(new.draft_id).bind(new.section_id).bind(new.version_id).bind(new.anchor.start as i64)
            .bind(&new.anchor.quote).bind(&new.anchor.prefix).bind(&new.anchor.suffix)
            .bind(new.author_id).bind(now)
            .fetch_one(&mut *tx).await?;
        sqlx::query("INSERT INTO passage_comments (thread_id, author_id, institution_id, body, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(id).bind(new.author_id).bind(new.institution_id).bind(new.body).bind(now)
            .execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(id)
    })
}

/// The draft is not published (checked in the statement itself, so a
/// publish that lands first is seen).
const DRAFT_OPEN: &str =
    "EXISTS (SELECT 1 FROM drafts d WHERE d.id = passage_threads.draft_id AND d.visibility <> 'published')";

/// Adds a comment and counts it, together; false if the draft was
/// published meanwhile.
pub async fn reply(
    db: &Db,
    thread_id: i64,
    author_id: i64,
    institution_id: Option<i64>,
    body: &str,
) -> Result<bool, sqlx::Error> {
    let count = format!("UPDATE passage_threads SET comment_count = comment_count + 1 WHERE id = $1 AND {DRAFT_OPEN}");
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        // Counting first also locks the thread's draft against publishing.
        if sqlx::query(&count).bind(thread_id).execute(&mut *tx).await?.rows_affected() == 0 {
            return Ok(false);
        }
        sqlx::query("INSERT INTO passage_comments (thread_id, author_id, institution_id, body, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(thread_id).bind(author_id).bind(institution_id).bind(body).bind(now_ms())
            .execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(true)
    })
}

/// Resolves (by `user_id`) or reopens (`None`) a thread; false if the
/// draft was published meanwhile.
pub async fn set_resolved(db: &Db, thread_id: i64, by: Option<i64>) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "UPDATE passage_threads SET resolved_by = $1, resolved_at = $2 WHERE id = $3 AND {DRAFT_OPEN}"
    );
    let at = by.map(|_| now_ms());
    let n = with_db!(db, pool => sqlx::query(&sql).bind(by).bind(at).bind(thread_id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A thread's comments, oldest first.
pub async fn comments(db: &Db, thread_id: i64) -> Result<Vec<NoteComment>, sqlx::Error> {
    crate::drafts::store::note_comments(db, "passage_comments", "thread_id", thread_id).await
}
