//! SQL for second factors and recovery codes.

use crate::db::{now_ms, Db};
use crate::secrets::SecretKey;
use crate::with_db;

/// What a TOTP secret is sealed for: its account.
fn purpose(user_id: i64) -> String {
    format!("totp:{user_id}")
}

/// Whether the account has set up two-step verification.
pub async fn is_enrolled(db: &Db, user_id: i64) -> Result<bool, sqlx::Error> {
    let sql = "SELECT COUNT(*) FROM second_factors WHERE user_id = $1";
    let n: i64 = with_db!(db, pool => sqlx::query_scalar(sql).bind(user_id).fetch_one(pool).await)?;
    Ok(n > 0)
}

/// The account's TOTP secret, if it has one and it opens.
pub async fn secret(db: &Db, key: &SecretKey, user_id: i64) -> Result<Option<String>, sqlx::Error> {
    let sql = "SELECT secret_sealed FROM second_factors WHERE user_id = $1";
    let sealed: Option<String> =
        with_db!(db, pool => sqlx::query_scalar(sql).bind(user_id).fetch_optional(pool).await)?;
    Ok(sealed.and_then(|s| {
        let opened = key.open(&purpose(user_id), &s);
        if opened.is_none() {
            tracing::error!(
                user_id,
                "a TOTP secret does not open with this server's key"
            );
        }
        opened
    }))
}

/// Records that a code for `step` was used: true if no code of this step or
/// a later one was used before (so each code is good once).
pub async fn use_step(db: &Db, user_id: i64, step: i64) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE second_factors SET last_step = $1 WHERE user_id = $2 AND last_step < $1";
    let n = with_db!(db, pool => sqlx::query(sql).bind(step).bind(user_id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Uses up a recovery code: true if it was the account's and unused.
pub async fn use_recovery_code(db: &Db, user_id: i64, digest: &str) -> Result<bool, sqlx::Error> {
    let sql = "UPDATE recovery_codes SET used_at = $1
               WHERE user_id = $2 AND code_digest = $3 AND used_at IS NULL";
    let n = with_db!(db, pool => sqlx::query(sql).bind(now_ms()).bind(user_id).bind(digest).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// How many unused recovery codes the account has left.
pub async fn recovery_codes_left(db: &Db, user_id: i64) -> Result<i64, sqlx::Error> {
    let sql = "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL";
    with_db!(db, pool => sqlx::query_scalar(sql).bind(user_id).fetch_one(pool).await)
}

pub enum Enrolled {
    Done,
    /// The account had a second factor already (set up in another tab).
    Already,
}

/// Sets up the second factor: the secret (sealed), the step of the code
/// that confirmed it (so that code is spent), and the recovery codes'
/// digests. All or nothing.
pub async fn enrol(
    db: &Db,
    key: &SecretKey,
    user_id: i64,
    secret: &str,
    confirmed_step: i64,
    recovery_digests: &[String],
) -> Result<Enrolled, sqlx::Error> {
    let sealed = key.seal(&purpose(user_id), secret);
    let now = now_ms();
    let insert = "INSERT INTO second_factors (user_id, secret_sealed, last_step, enrolled_at)
                  VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO NOTHING";
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let inserted = sqlx::query(insert)
            .bind(user_id).bind(&sealed).bind(confirmed_step).bind(now)
            .execute(&mut *tx).await?.rows_affected();
        if inserted == 0 {
            return Ok(Enrolled::Already);
        }
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        for digest in recovery_digests {
            sqlx::query("INSERT INTO recovery_codes (user_id, code_digest) VALUES ($1, $2)")
                .bind(user_id).bind(digest).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(Enrolled::Done)
    })
}

/// Replaces the account's recovery codes.
pub async fn replace_recovery_codes(
    db: &Db,
    user_id: i64,
    recovery_digests: &[String],
) -> Result<(), sqlx::Error> {
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        for digest in recovery_digests {
            sqlx::query("INSERT INTO recovery_codes (user_id, code_digest) VALUES ($1, $2)")
                .bind(user_id).bind(digest).execute(&mut *tx).await?;
        }
        tx.commit().await
    })
}
