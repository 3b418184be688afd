//! SQL for partner institutions and their email domains.

use super::{Institution, Kind};
use crate::db::Db;
use crate::with_db;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    slug: String,
    name: String,
}

impl From<Row> for Institution {
    fn from(r: Row) -> Self {
        Institution {
            id: r.id,
            slug: r.slug,
            name: r.name,
        }
    }
}

pub async fn list(db: &Db) -> Result<Vec<Institution>, sqlx::Error> {
    let sql = "SELECT id, slug, name FROM institutions ORDER BY name";
    let rows: Vec<Row> = with_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<Institution>, sqlx::Error> {
    let sql = "SELECT id, slug, name FROM institutions WHERE slug = $1";
    let row: Option<Row> =
        with_db!(db, pool => sqlx::query_as(sql).bind(slug).fetch_optional(pool).await)?;
    Ok(row.map(Into::into))
}

/// Creates an institution with the email domains its people use.
pub async fn create(
    db: &Db,
    slug: &str,
    name: &str,
    kind: Kind,
    domains: &[&str],
) -> Result<i64, sqlx::Error> {
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let id: i64 = sqlx::query_scalar("INSERT INTO institutions (slug, name, kind) VALUES ($1, $2, $3) RETURNING id")
            .bind(slug).bind(name).bind(kind.as_str()).fetch_one(&mut *tx).await?;
        for domain in domains {
            sqlx::query("INSERT INTO institution_domains (institution_id, domain) VALUES ($1, $2)")
                .bind(id).bind(domain.to_lowercase()).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(id)
    })
}
