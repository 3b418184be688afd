//! The audit log's chain: appending entries, and checking them.
//!
//! Each entry stores a keyed hash (HMAC-SHA-256 under the hashing key
//! derived from the server's secret key, which is not in the database) of
//! the previous entry's hash and its own fields, so editing or deleting any
//! entry breaks every hash after it, and someone who can write to the
//! database alone cannot forge new hashes. `audit_head` holds the newest
//! hash and the number of entries, keyed too, so cutting entries off the end
//! (and pointing the head at the new last one) shows as well. [`verify`]
//! walks the chain.

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
    key.mac(
        "audit-log",
        &canonical(prev, at, actor_name, institution, action, subject, detail),
    )
}

#[allow(clippy::too_many_arguments)]
fn canonical(
    prev: &str,
    at: i64,
    actor_name: &str,
    institution: Option<&str>,
    action: &str,
    subject: &str,
    detail: &str,
) -> Vec<u8> {
    serde_json::json!([prev, at, actor_name, institution, action, subject, detail])
        .to_string()
        .into_bytes()
}

/// The keyed digest of the head: the newest hash and how many entries lead
/// to it.
pub fn head_mac(key: &SecretKey, hash: &str, entries: i64) -> String {
    key.mac(
        "audit-head",
        serde_json::json!([hash, entries]).to_string().as_bytes(),
    )
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
        let (prev, entries, mac): (String, i64, String) =
            sqlx::query_as("SELECT hash, entries, mac FROM audit_head WHERE id = 1")
                .fetch_one(&mut *$tx)
                .await?;
        // The new head is keyed only over a head that held: appending never
        // makes a changed (or unkeyed) head look whole.
        let keyed = $crate::audit::head_holds($key, &prev, entries, &mac);
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
        sqlx::query("UPDATE audit_head SET hash = $1, entries = $2, mac = $3 WHERE id = 1")
            .bind(&hash)
            .bind(entries + 1)
            .bind(if keyed { $crate::audit::head_mac($key, &hash, entries + 1) } else { String::new() })
            .execute(&mut *$tx)
            .await?;
    }};
}

/// Whether a head read from the database holds: its keyed digest matches,
/// or it is the empty log's first head (nothing appended yet).
pub fn head_holds(key: &SecretKey, hash: &str, entries: i64, mac: &str) -> bool {
    if mac.is_empty() {
        entries == 0 && hash == GENESIS
    } else {
        mac == head_mac(key, hash, entries)
    }
}

/// Keys a head that [`verify`] found whole but not keyed (one last written
/// before heads were keyed), as it was verified: the operator's
/// `audit-verify --key-head`.
pub async fn key_head(db: &Db, key: &SecretKey, verified: &Verified) -> Result<(), sqlx::Error> {
    let mac = head_mac(key, &verified.head, verified.entries);
    let sql =
        "UPDATE audit_head SET mac = $1 WHERE id = 1 AND mac = '' AND hash = $2 AND entries = $3";
    with_db!(db, pool => sqlx::query(sql).bind(&mac).bind(&verified.head).bind(verified.entries)
        .execute(pool).await.map(|_| ()))
}

/// What checking the chain found.
#[derive(Debug, PartialEq, Eq)]
pub struct Verified {
    pub entries: i64,
    /// The newest hash, as the head holds it.
    pub head: String,
    /// The id of the first entry whose hash does not hold, or `Some(0)` when
    /// the head does not match the chain: entries are missing from the end,
    /// or the head was changed.
    pub broken_at: Option<i64>,
    /// Whether the head carries its keyed digest. A head last written before
    /// heads were keyed has none until the next audited action; one whose
    /// digest was removed looks the same, so it is reported.
    pub head_keyed: bool,
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
/// Entries written before the keys were derived (under the server key
/// itself) are checked under it.
pub async fn verify(db: &Db, key: &SecretKey) -> Result<Verified, sqlx::Error> {
    let (head, head_entries, mac): (String, i64, String) = with_db!(db, pool => sqlx::query_as(
        "SELECT hash, entries, mac FROM audit_head WHERE id = 1").fetch_one(pool).await)?;
    let head_keyed = !mac.is_empty();
    let head_holds = !head_keyed || mac == head_mac(key, &head, head_entries);
    let sql = "SELECT id, at, actor_name, institution, action, subject, detail, prev_hash, hash
               FROM audit_log WHERE id > $1 ORDER BY id LIMIT 1000";
    let mut prev = GENESIS.to_owned();
    let (mut after, mut entries) = (0_i64, 0_i64);
    let verified = |entries, broken_at| Verified {
        entries,
        head: head.clone(),
        broken_at,
        head_keyed,
    };
    loop {
        let rows: Vec<Row> =
            with_db!(db, pool => sqlx::query_as(sql).bind(after).fetch_all(pool).await)?;
        if rows.is_empty() {
            break;
        }
        for (id, at, actor_name, institution, action, subject, detail, prev_hash, stored) in rows {
            let fields = canonical(
                &prev,
                at,
                &actor_name,
                institution.as_deref(),
                &action,
                &subject,
                &detail,
            );
            let holds = stored == key.mac("audit-log", &fields)
                || stored == key.legacy_mac("audit-log", &fields);
            if prev_hash != prev || !holds {
                return Ok(verified(entries, Some(id)));
            }
            prev = stored;
            after = id;
            entries += 1;
            if prev == head {
                let whole = head_holds && (!head_keyed || entries == head_entries);
                return Ok(verified(entries, (!whole).then_some(0)));
            }
        }
    }
    // The chain ended before reaching the head: entries were cut off (with
    // no entries at all, the head must still be the genesis hash).
    let whole = head == prev && head_holds && (!head_keyed || entries == head_entries);
    Ok(verified(entries, (!whole).then_some(0)))
}
