//! `roundtable backup <file>` and `roundtable restore <file>` for SQLite.
//!
//! A backup is taken while the server runs: `VACUUM INTO` writes a
//! consistent copy of the database as of one moment (a read transaction),
//! compacted, without stopping writers for longer than SQLite's own locks.
//! A restore checks the copy (integrity, and that it is a Roundtable
//! database) and moves it into place; the server must be stopped first.
//! PostgreSQL has its own tools: `pg_dump` and `pg_restore` (see README).

use anyhow::{bail, Context};
use app::db::Db;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Writes a consistent copy of the SQLite database to `to` (which must not
/// exist yet); returns its size in bytes.
pub async fn backup(db: &Db, to: &Path) -> anyhow::Result<u64> {
    let Db::Sqlite(pool) = db else {
        bail!("this database is PostgreSQL: back it up with pg_dump (see the README)");
    };
    if to.exists() {
        bail!("{} exists already; choose a new file", to.display());
    }
    let target = to
        .to_str()
        .context("the backup's path must be valid UTF-8")?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(pool)
        .await
        .with_context(|| format!("cannot write the backup to {}", to.display()))?;
    Ok(std::fs::metadata(to)?.len())
}

/// Puts the backup `from` in place of the SQLite database at `database_url`
/// (only over an existing one if `replace`), after checking it.
pub async fn restore(from: &Path, database_url: &str, replace: bool) -> anyhow::Result<()> {
    let options = SqliteConnectOptions::from_str(database_url).with_context(|| {
        format!(
            "{database_url:?} is not a SQLite URL (restore a PostgreSQL database with pg_restore)"
        )
    })?;
    let target: PathBuf = options.get_filename().to_owned();
    if target.exists() && !replace {
        bail!(
            "{} exists; stop the server, then restore with --replace to overwrite it",
            target.display()
        );
    }
    check(from).await?;
    // Copied beside the target first, so the target is never half-written.
    let beside = |suffix: &str| PathBuf::from(format!("{}{suffix}", target.display()));
    let incoming = beside(".restoring");
    std::fs::copy(from, &incoming)
        .with_context(|| format!("cannot copy {} to {}", from.display(), incoming.display()))?;
    for stale in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(beside(stale));
    }
    std::fs::rename(&incoming, &target)
        .with_context(|| format!("cannot move the backup into {}", target.display()))?;
    Ok(())
}

/// A backup is whole and is a Roundtable database.
async fn check(file: &Path) -> anyhow::Result<()> {
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .connect()
        .await
        .with_context(|| format!("cannot open {}", file.display()))?;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .with_context(|| format!("{} is not a SQLite database", file.display()))?;
    if integrity != "ok" {
        bail!("{} is damaged: {integrity}", file.display());
    }
    let migrations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(&mut conn)
        .await
        .with_context(|| format!("{} is not a Roundtable database", file.display()))?;
    if migrations == 0 {
        bail!("{} is not a Roundtable database", file.display());
    }
    conn.close().await?;
    Ok(())
}
