//! The audit log's chain: appending entries, and checking them.
//!
//! Each entry stores a keyed hash (HMAC-SHA-256 under the server's secret
//! key, which is not in the database) of the previous entry's hash and its
//! own fields, so editing or deleting any entry breaks every hash after it,
//! and someone who can write to the database alone cannot forge new hashes.
//! `audit_head` holds the newest hash, so cutting entries off the end shows
//! too. [`verify`] walks the chain.

use crate::db::Db;
use crate::secrets::SecretKey;
use crate::with_db;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One privileged action.
#[derive(Clone, Debug)]
pub struct Entry {
    pub at: i64,
    pub actor_id: i64,
    pub actor_name: String,
    pub institution: Option<String>,
    /// What was done, e.g. `draft.sign_off`.
    pub action: &'static str,
    /// What it was done to, e.g. `draft:12`.
    pub subject: String,
    /// The particulars, as JSON.
    pub detail: serde_json::Value,
}

impl Entry {
    /// An action `me` takes now (for `institution`, when they speak for one).
    pub fn now(
        me: &crate::domain::identity::Me,
        institution: Option<String>,
        action: &'static str,
        subject: String,
        detail: serde_json::Value,
    ) -> Self {
        Entry {
            at: crate::db::now_ms(),
            actor_id: me.id,
            actor_name: me.display_name.clone(),
            institution,
            action,
            subject,
            detail,
        }
    }
}

/// The hash of an entry's fields after `prev`. The actor's account id is
/// left out (it is cleared if the account is deleted); their name as written
/// is in.
#[allow(clippy::too_many_arguments)]
pub fn hash(
    key: &SecretKey,
    prev: &str,
    at: i64,
    actor_name: &str,
    institution: Option<&str>,
    action: &str,
    subject: &str,
    detail: &str,
) -> String {
    let canonical = serde_json::json!([prev, at, actor_name, institution, action, subject, detail]);
    key.mac("audit-log", canonical.to_string().as_bytes())
}

/// Appends `entry` inside the caller's transaction `$tx` (so the action and
/// its record land together or not at all). A macro, because the statements
/// must run on whichever backend's transaction the caller holds.
#[macro_export]
macro_rules! audit_append {
    ($tx:expr, $key:expr, $entry:expr) => {{
        let entry: &$crate::audit::Entry = $entry;
        // Updating the head row first makes appends take turns.
        sqlx::query("UPDATE audit_head SET id = 1 WHERE id = 1")
            .execute(&mut *$tx)
            .await?;
        let prev: String = sqlx::query_scalar("SELECT hash FROM audit_head WHERE id = 1")
            .fetch_one(&mut *$tx)
            .await?;
        let detail = entry.detail.to_string();
        let hash = $crate::audit::hash(
            $key,
            &prev,
            entry.at,
            &entry.actor_name,
            entry.institution.as_deref(),
            entry.action,
            &entry.subject,
            &detail,
        );
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, actor_name, institution, action, subject, detail, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(entry.at)
        .bind(entry.actor_id)
        .bind(&entry.actor_name)
        .bind(entry.institution.as_deref())
        .bind(entry.action)
        .bind(&entry.subject)
        .bind(&detail)
        .bind(&prev)
        .bind(&hash)
        .execute(&mut *$tx)
        .await?;
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
            .bind(&hash)
            .execute(&mut *$tx)
            .await?;
    }};
}

/// What checking the chain found.
#[derive(Debug, PartialEq, Eq)]
pub struct Verified {
    pub entries: i64,
    /// The id of the first entry whose hash does not hold, or `Some(0)` when
    /// entries are missing from the end.
    pub broken_at: Option<i64>,
}

type Row = (
    i64,
    i64,
    String,
    Option<String>,
    String,
    String,
    String,
    String,
    String,
);

/// Walks the chain, a thousand entries at a time, up to the head read at
/// the start (entries appended meanwhile are left for the next check).
pub async fn verify(db: &Db, key: &SecretKey) -> Result<Verified, sqlx::Error> {
    let head: String = with_db!(db, pool => sqlx::query_scalar("SELECT hash FROM audit_head WHERE id = 1").fetch_one(pool).await)?;
    let sql = "SELECT id, at, actor_name, institution, action, subject, detail, prev_hash, hash
               FROM audit_log WHERE id > $1 ORDER BY id LIMIT 1000";
    let mut prev = GENESIS.to_owned();
    let (mut after, mut entries) = (0_i64, 0_i64);
    loop {
        let rows: Vec<Row> =
            with_db!(db, pool => sqlx::query_as(sql).bind(after).fetch_all(pool).await)?;
        if rows.is_empty() {
            break;
        }
        for (id, at, actor_name, institution, action, subject, detail, prev_hash, stored) in rows {
            let expected = hash(
                key,
                &prev,
                at,
                &actor_name,
                institution.as_deref(),
                &action,
                &subject,
                &detail,
            );
            if prev_hash != prev || stored != expected {
                return Ok(Verified {
                    entries,
                    broken_at: Some(id),
                });
            }
            prev = stored;
            after = id;
            entries += 1;
            if prev == head {
                return Ok(Verified {
                    entries,
                    broken_at: None,
                });
            }
        }
    }
    // The chain ended before reaching the head: entries were cut off (with
    // no entries at all, the head must still be the genesis hash).
    Ok(Verified {
        entries,
        broken_at: (head != prev).then_some(0),
    })
}
