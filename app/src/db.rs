//! The database handle shared by every feature's store.
//!
//! Roundtable runs on SQLite (the embedded default) or PostgreSQL (several app
//! servers sharing one database). Rather than sqlx's `Any` driver, which loses
//! type information, the handle is an enum of the two concrete pools and
//! [`with_db!`](crate::with_db) writes each query once: the same SQL text and
//! the same Rust code are compiled for both backends. The SQL uses `$1`-style
//! placeholders, which both backends accept, and times are stored as Unix
//! epoch milliseconds so the two dialects need no conversion.

pub mod outage;

use sqlx::{PgPool, SqlitePool};

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Db {
    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        crate::with_db!(self, pool => pool.close().await)
    }
}

/// Runs the same code against whichever pool `db` holds, with `pool` bound to
/// the concrete `Pool<Sqlite>` or `Pool<Postgres>`.
#[macro_export]
macro_rules! with_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

/// Milliseconds since the Unix epoch, the unit of every stored time.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// `$first, $first+1, …`: the placeholders of `n` values bound in a row
/// (an `IN (…)` list).
pub fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// True when `err` is a unique-constraint violation (on either backend).
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .is_some_and(|e| e.is_unique_violation())
}
