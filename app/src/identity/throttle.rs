//! Throttling guesses (passwords, second-step codes) and sign-ups, in the
//! database so that every app server sharing it sees the same counts.
//!
//! An attempt is written *before* the secret is checked, so guesses sent in
//! parallel all see each other and cannot slip under a limit together. It is
//! taken back when the secret was right ([`Attempt::succeeded`]) or when the
//! attempt was refused, so a refusal never lengthens anyone's wait.
//!
//! An account's own limit is a delay, not a lock ([`Rule::DelayAfter`]):
//! after a few wrong passwords each next try waits twice as long as the one
//! before, up to a minute. Whoever keeps guessing at someone else's account
//! gets one guess a minute, and its owner waits a minute at most (single
//! sign-on is never throttled here). A client address has a hard cap.

use crate::db::{now_ms, Db};
use crate::error::AppError;
use crate::with_db;

/// What one key (an account, an address) allows within its window.
#[derive(Clone, Copy, Debug)]
pub enum Rule {
    /// At most this many attempts that stayed counted; then refused until
    /// the oldest leaves the window.
    AtMost(i64),
    /// This many attempts freely; after them, each next one waits one
    /// second, then two, four… up to [`MAX_DELAY_MS`] after the last.
    DelayAfter(i64),
}

/// How long a wrong password counts against an account and an address.
const PASSWORD_WINDOW_MS: i64 = 15 * 60 * 1000;

/// The longest an account's owner is ever made to wait.
pub const MAX_DELAY_MS: i64 = 60 * 1000;

/// One key to count an attempt against.
#[derive(Clone, Debug)]
pub struct Limit {
    pub key: String,
    pub window_ms: i64,
    pub rule: Rule,
}

impl Limit {
    /// Wrong passwords for one account (by email): five free, then a delay.
    pub fn password_for(email: &str) -> Self {
        Limit {
            key: format!("account:{email}"),
            window_ms: PASSWORD_WINDOW_MS,
            rule: Rule::DelayAfter(5),
        }
    }

    /// Wrong passwords from one client address, whichever accounts.
    pub fn password_from(address: &str) -> Self {
        Limit {
            key: format!("ip:{address}"),
            window_ms: PASSWORD_WINDOW_MS,
            rule: Rule::AtMost(30),
        }
    }

    /// Accounts made from one client address in an hour.
    pub fn sign_up_from(address: &str) -> Self {
        Limit {
            key: format!("sign-up:{address}"),
            window_ms: 60 * 60 * 1000,
            rule: Rule::AtMost(10),
        }
    }
}

/// An attempt counted against its limits, until taken back.
#[must_use = "an attempt is taken back when it succeeded"]
#[derive(Debug)]
pub struct Attempt {
    ids: Vec<i64>,
}

/// How long the next attempt must wait after `before` counted attempts, the
/// last at `last_at`, under `rule` (`None`: it may go now).
pub fn wait_ms(rule: Rule, before: i64, last_at: Option<i64>, now: i64) -> Option<i64> {
    match rule {
        Rule::AtMost(max) => (before >= max).then_some(1),
        Rule::DelayAfter(free) => {
            if before < free {
                return None;
            }
            let doublings = (before - free).min(16) as u32;
            let delay = (1000_i64 << doublings).min(MAX_DELAY_MS);
            let left = last_at.unwrap_or(now) + delay - now;
            (left > 0).then_some(left)
        }
    }
}

/// Counts an attempt against every limit, or refuses it (and counts
/// nothing) when one of them says it must wait.
pub async fn attempt(db: &Db, limits: &[Limit]) -> Result<Attempt, AppError> {
    let now = now_ms();
    let mut ids = Vec::with_capacity(limits.len());
    for limit in limits {
        ids.push(record(db, &limit.key, now, now - limit.window_ms).await?);
    }
    for (limit, &id) in limits.iter().zip(&ids) {
        let (before, last_at) = counted_before(db, &limit.key, now - limit.window_ms, id).await?;
        if let Some(wait) = wait_ms(limit.rule, before, last_at, now) {
            take_back(db, &ids).await?;
            tracing::warn!(key = %limit.key, before, "attempt throttled");
            return Err(match limit.rule {
                Rule::AtMost(_) => AppError::RateLimited,
                Rule::DelayAfter(_) => AppError::TryAgainIn {
                    seconds: ((wait + 999) / 1000).max(1),
                },
            });
        }
    }
    Ok(Attempt { ids })
}

impl Attempt {
    /// The secret was right (or the action done): this attempt no longer
    /// counts, nor do the earlier ones under `clear` (the account's own).
    pub async fn succeeded(self, db: &Db, clear: Option<&Limit>) -> Result<(), AppError> {
        take_back(db, &self.ids).await?;
        match clear {
            Some(limit) => forget(db, limit).await,
            None => Ok(()),
        }
    }

    /// The secret was wrong: the attempt stays counted.
    pub fn failed(self) {}
}

/// Forgets every attempt counted under `limit`.
pub async fn forget(db: &Db, limit: &Limit) -> Result<(), AppError> {
    let sql = "DELETE FROM sign_in_attempts WHERE key = $1";
    with_db!(db, pool => sqlx::query(sql).bind(&limit.key).execute(pool).await.map(|_| ()))?;
    Ok(())
}

/// Writes one attempt for `key` (forgetting that key's attempts older than
/// its window, so the table stays small) and returns its id.
async fn record(db: &Db, key: &str, now: i64, forget_before: i64) -> Result<i64, sqlx::Error> {
    let forget = "DELETE FROM sign_in_attempts WHERE key = $1 AND at <= $2";
    let insert = "INSERT INTO sign_in_attempts (key, at) VALUES ($1, $2) RETURNING id";
    with_db!(db, pool => {
        sqlx::query(forget).bind(key).bind(forget_before).execute(pool).await?;
        sqlx::query_scalar(insert).bind(key).bind(now).fetch_one(pool).await
    })
}

/// How many attempts for `key` within the window came before attempt `id`,
/// and when the last of them was.
async fn counted_before(
    db: &Db,
    key: &str,
    since: i64,
    id: i64,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    let sql = "SELECT COUNT(*), MAX(at) FROM sign_in_attempts
               WHERE key = $1 AND at > $2 AND id < $3";
    with_db!(db, pool => sqlx::query_as(sql).bind(key).bind(since).bind(id).fetch_one(pool).await)
}

async fn take_back(db: &Db, ids: &[i64]) -> Result<(), sqlx::Error> {
    if ids.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "DELETE FROM sign_in_attempts WHERE id IN ({})",
        crate::db::placeholders(1, ids.len())
    );
    with_db!(db, pool => {
        let mut query = sqlx::query(&sql);
        for id in ids {
            query = query.bind(id);
        }
        query.execute(pool).await.map(|_| ())
    })
}

/// Wrong passwords counted against accounts now, all accounts (for the
/// server's metrics).
pub async fn recent_failures(db: &Db) -> Result<i64, sqlx::Error> {
    let sql = "SELECT COUNT(*) FROM sign_in_attempts WHERE key LIKE 'account:%' AND at > $1";
    let since = now_ms() - PASSWORD_WINDOW_MS;
    with_db!(db, pool => sqlx::query_scalar(sql).bind(since).fetch_one(pool).await)
}

/// Forgets every attempt older than `before_ms` (the hourly clean-up).
pub async fn forget_before(db: &Db, before_ms: i64) -> Result<u64, sqlx::Error> {
    let sql = "DELETE FROM sign_in_attempts WHERE at < $1";
    with_db!(db, pool => sqlx::query(sql).bind(before_ms).execute(pool).await.map(|r| r.rows_affected()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_capped() {
        assert_eq!(wait_ms(Rule::AtMost(3), 2, Some(0), 10), None);
        assert!(wait_ms(Rule::AtMost(3), 3, Some(0), 10).is_some());
    }

    #[test]
    fn the_wait_is_told_in_words_with_the_other_way_in() {
        let one = AppError::TryAgainIn { seconds: 1 }.to_string();
        assert!(one.contains("Wait 1 second and try again"), "{one}");
        assert!(one.contains("single sign-on"), "{one}");
        let many = AppError::TryAgainIn { seconds: 42 }.to_string();
        assert!(many.contains("Wait 42 seconds"), "{many}");
    }

    #[test]
    fn an_account_waits_twice_as_long_each_time_up_to_a_minute() {
        let now = 1_000_000;
        assert_eq!(wait_ms(Rule::DelayAfter(5), 4, Some(now), now), None);
        assert_eq!(wait_ms(Rule::DelayAfter(5), 5, Some(now), now), Some(1000));
        assert_eq!(wait_ms(Rule::DelayAfter(5), 7, Some(now), now), Some(4000));
        assert_eq!(
            wait_ms(Rule::DelayAfter(5), 500, Some(now), now),
            Some(MAX_DELAY_MS)
        );
        // Once the delay since the last attempt has passed, the next may go.
        assert_eq!(
            wait_ms(Rule::DelayAfter(5), 500, Some(now - MAX_DELAY_MS), now),
            None
        );
        assert_eq!(
            wait_ms(Rule::DelayAfter(5), 6, Some(now - 1500), now),
            Some(500)
        );
    }
}
