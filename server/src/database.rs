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
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open SQLite database {url:?}"))?;
        Ok(Db::Sqlite(pool))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
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
    match db {
        Db::Sqlite(pool) => {
            sqlx::migrate!("../migrations/sqlite").run(pool).await?;
            tower_sessions_sqlx_store::SqliteStore::new(pool.clone())
                .migrate()
                .await?;
        }
        Db::Postgres(pool) => {
            sqlx::migrate!("../migrations/postgres").run(pool).await?;
            tower_sessions_sqlx_store::PostgresStore::new(pool.clone())
                .migrate()
                .await?;
        }
    }
    Ok(())
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
