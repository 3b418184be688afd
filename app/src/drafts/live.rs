//! Live updates of an open draft: who else is viewing it (presence), and
//! the revisions others save meanwhile. The server streams them to the
//! draft page (server-sent events, see `server/src/live.rs`); this is the
//! SQL behind them. Presence lives in the database, so every app server
//! behind a load balancer sees every viewer.
//!
//! A saved revision is announced ([`announce`]): on PostgreSQL through
//! `NOTIFY`, which every app server's one listener hears and passes on
//! ([`heard`]); on SQLite (one server) straight to this process. Open
//! streams wait on [`changes`] rather than asking the database.

use super::RevisionInfo;
use crate::db::{now_ms, Db};
use crate::with_db;
use std::sync::LazyLock;
use tokio::sync::broadcast;

/// The PostgreSQL channel drafts' changes are announced on.
pub const CHANNEL: &str = "roundtable_draft_changes";

/// The drafts that changed, as this process hears of them.
static CHANGES: LazyLock<broadcast::Sender<i64>> = LazyLock::new(|| broadcast::channel(1024).0);

/// Tells every open page of the draft, on every app server, that it has a
/// new revision. A failure is logged, not returned: the revision is saved,
/// and the pages find it at their next periodic check anyway.
pub async fn announce(db: &Db, draft_id: i64) {
    let announced = match db {
        Db::Sqlite(_) => {
            heard(draft_id);
            Ok(())
        }
        Db::Postgres(pool) => sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(draft_id.to_string())
            .execute(pool)
            .await
            .map(|_| ()),
    };
    if let Err(err) = announced {
        tracing::warn!(%err, draft_id, "could not announce a draft's new revision");
    }
}

/// A change of the draft reached this process (from [`announce`] or the
/// server's PostgreSQL listener).
pub fn heard(draft_id: i64) {
    // Nobody listening is fine.
    let _ = CHANGES.send(draft_id);
}

/// The drafts that change from now on, as this process hears of them.
pub fn changes() -> broadcast::Receiver<i64> {
    CHANGES.subscribe()
}

/// How often a viewer's presence is refreshed, and how long it lasts.
pub const PRESENCE_EVERY_MS: i64 = 10_000;
pub const PRESENCE_LASTS_MS: i64 = 25_000;

/// Marks `key` (one open page of `user_id`) as viewing the draft now.
pub async fn touch(db: &Db, key: &str, draft_id: i64, user_id: i64) -> Result<(), sqlx::Error> {
    let sql =
        "INSERT INTO draft_viewers (viewer_key, draft_id, user_id, seen_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (viewer_key) DO UPDATE SET seen_at = excluded.seen_at";
    with_db!(db, pool => sqlx::query(sql).bind(key).bind(draft_id).bind(user_id).bind(now_ms())
        .execute(pool).await.map(|_| ()))
}

/// The page `key` closed.
pub async fn leave(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    let sql = "DELETE FROM draft_viewers WHERE viewer_key = $1 OR seen_at < $2";
    with_db!(db, pool => sqlx::query(sql).bind(key).bind(now_ms() - PRESENCE_LASTS_MS * 4)
        .execute(pool).await.map(|_| ()))
}

/// Everyone else viewing the draft now: "Name (Institution)", sorted, once each.
pub async fn others(db: &Db, draft_id: i64, user_id: i64) -> Result<Vec<String>, sqlx::Error> {
    let sql = "SELECT DISTINCT u.id, u.display_name,
                      (SELECT MIN(i.name) FROM memberships m JOIN institutions i ON i.id = m.institution_id
                       WHERE m.user_id = u.id)
               FROM draft_viewers v JOIN users u ON u.id = v.user_id
               WHERE v.draft_id = $1 AND v.seen_at >= $2 AND v.user_id <> $3
               LIMIT 50";
    let rows: Vec<(i64, String, Option<String>)> = with_db!(db, pool => sqlx::query_as(sql)
        .bind(draft_id).bind(now_ms() - PRESENCE_LASTS_MS).bind(user_id).fetch_all(pool).await)?;
    let mut names: Vec<String> = rows
        .into_iter()
        .map(|(_, name, institution)| match institution {
            Some(i) => format!("{name} ({i})"),
            None => name,
        })
        .collect();
    names.sort();
    Ok(names)
}

/// The draft's current revision, if it exists.
pub async fn current_revision(db: &Db, draft_id: i64) -> Result<Option<i64>, sqlx::Error> {
    let sql = "SELECT current_revision FROM drafts WHERE id = $1";
    with_db!(db, pool => sqlx::query_scalar(sql).bind(draft_id).fetch_optional(pool).await)
}

/// Revisions after `after`, oldest first (at most 20: the newest ones).
pub async fn revisions_after(
    db: &Db,
    draft_id: i64,
    after: i64,
    current: i64,
) -> Result<Vec<RevisionInfo>, sqlx::Error> {
    let count = current.saturating_sub(after).clamp(0, 20);
    let mut list = super::store::revisions(db, draft_id, None, current + 1, count).await?;
    list.retain(|r| r.number > after);
    list.reverse();
    Ok(list)
}
