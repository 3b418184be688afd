//! Opening the database named by `DATABASE_URL` and bringing its schema up to
//! date. The URL's scheme picks the backend.

use anyhow::{bail, Context};
use app::db::Db;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

pub async fn connect(url: &str) -> anyhow::Result<Db> {
    if url.starts_with("sqlite:") {
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("bad SQLite URL {url:?}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        if let Some(dir) = options.get_filename().parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
        }
        // The first connection turns a new file to WAL, which needs the
        // file to itself: a second process opening it at that moment is
        // refused at once ("database is locked", no busy wait), so opening
        // takes the same lock file as migrating.
        let _lock = sqlite_lock(options.get_filename()).await?;
        // No ping before lending a connection: a file cannot hang up, and
        // the ping is a trip to the connection's thread and back on every
        // query a page makes.
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open SQLite database {url:?}"))?;
        Ok(Db::Sqlite(pool))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        // While PostgreSQL is restarting (or every connection is busy), a
        // request waits this long for one, then is answered 503 with
        // Retry-After (app::db::outage) rather than hanging.
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(3))
            .connect(url)
            .await
            .context("cannot connect to PostgreSQL")?;
        Ok(Db::Postgres(pool))
    } else {
        bail!("DATABASE_URL must start with sqlite:// or postgres://")
    }
}

/// Applies the backend's migrations, then the session store's own table.
pub async fn migrate(db: &Db) -> anyhow::Result<()> {
    migrate_then(db, async { Ok(()) }).await
}

/// As [`migrate`], then runs `then` (seeding demo data into an empty
/// database) under the same lock: a server starting at the same moment
/// waits for both, then finds the data there.
pub async fn migrate_then(
    db: &Db,
    then: impl std::future::Future<Output = anyhow::Result<()>>,
) -> anyhow::Result<()> {
    match db {
        Db::Sqlite(pool) => {
            // PostgreSQL's migrations take an advisory lock; SQLite's take
            // none, so a second process starting on the same file (or an
            // operator's command meanwhile) waits on a lock file instead.
            let _lock = sqlite_lock(pool.connect_options().get_filename()).await?;
            sqlx::migrate!("../migrations/sqlite").run(pool).await?;
            tower_sessions_sqlx_store::SqliteStore::new(pool.clone())
                .migrate()
                .await?;
            then.await?;
        }
        Db::Postgres(pool) => {
            // sqlx holds an advisory lock over its own migrations only; this
            // one also covers the session store's, whose `CREATE SCHEMA IF
            // NOT EXISTS` can fail when two servers run it at once.
            let mut lock = pool.acquire().await?;
            sqlx::query("SELECT pg_advisory_lock($1)")
                .bind(MIGRATION_LOCK)
                .execute(&mut *lock)
                .await?;
            let migrated = async {
                sqlx::migrate!("../migrations/postgres").run(pool).await?;
                tower_sessions_sqlx_store::PostgresStore::new(pool.clone())
                    .migrate()
                    .await?;
                then.await
            }
            .await;
            sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(MIGRATION_LOCK)
                .execute(&mut *lock)
                .await?;
            migrated?;
        }
    }
    Ok(())
}

/// The PostgreSQL advisory lock key held while migrating (any fixed number
/// no other program on the database uses).
const MIGRATION_LOCK: i64 = 0x526f_756e_6454;

/// An exclusive lock on `<database file>.migrating`, held until dropped
/// (none for an in-memory database), while a process opens the database or
/// migrates it.
async fn sqlite_lock(file: &std::path::Path) -> anyhow::Result<Option<std::fs::File>> {
    let name = file.as_os_str().to_string_lossy();
    if name.is_empty() || name == ":memory:" {
        return Ok(None);
    }
    let path = format!("{name}.migrating");
    let lock = tokio::task::spawn_blocking(move || -> std::io::Result<std::fs::File> {
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        lock.lock()?;
        Ok(lock)
    })
    .await?
    .context("cannot lock the database to open or migrate it")?;
    Ok(Some(lock))
}

/// Whether the database answers and every migration this build knows of
/// has been applied to it (what `/ready` reports).
pub async fn is_ready(db: &Db) -> bool {
    let newest_known = match db {
        Db::Sqlite(_) => sqlx::migrate!("../migrations/sqlite")
            .iter()
            .map(|m| m.version)
            .max(),
        Db::Postgres(_) => sqlx::migrate!("../migrations/postgres")
            .iter()
            .map(|m| m.version)
            .max(),
    };
    let sql = "SELECT MAX(version) FROM _sqlx_migrations WHERE success";
    let applied: Result<Option<i64>, sqlx::Error> =
        app::with_db!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await);
    match applied {
        Ok(applied) => applied >= newest_known,
        Err(err) => {
            tracing::warn!(%err, "not ready: the database did not answer");
            false
        }
    }
}

/// A new, empty PostgreSQL database on the server `server_url` points at, for
/// a test or a benchmark run; returns its URL. Drop it with [`drop_scratch_postgres`].
pub async fn create_scratch_postgres(server_url: &str, prefix: &str) -> anyhow::Result<String> {
    use sqlx::Connection;
    let name = format!(
        "{prefix}_{}_{:08x}",
        std::process::id(),
        rand::random::<u32>()
    );
    let mut admin = sqlx::PgConnection::connect(server_url)
        .await
        .context("cannot connect to PostgreSQL")?;
    sqlx::query(&format!("CREATE DATABASE \"{name}\""))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    Ok(replace_database(server_url, &name))
}

pub async fn drop_scratch_postgres(server_url: &str, scratch_url: &str) -> anyhow::Result<()> {
    use sqlx::Connection;
    let name = scratch_url
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .split('?')
        .next()
        .unwrap_or_default();
    let mut admin = sqlx::PgConnection::connect(server_url).await?;
    sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    Ok(())
}

/// The same server URL naming another database.
fn replace_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{database}?{q}"),
        None => format!("{base}/{database}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_name_is_replaced() {
        assert_eq!(
            super::replace_database("postgres://u@h:5432/test", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            super::replace_database("postgres://u@h:5432", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            super::replace_database("postgres://h/test?sslmode=disable", "x"),
            "postgres://h/x?sslmode=disable"
        );
    }
}
