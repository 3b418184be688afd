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

/// An institution with its kind and email domains, for administration.
pub struct Detail {
    pub id: i64,
    pub name: String,
    pub kind: Kind,
    pub domains: Vec<String>,
}

/// Every institution (or just `only`) with its domains, by name.
pub async fn details(db: &Db, only: Option<i64>) -> Result<Vec<Detail>, sqlx::Error> {
    let institutions_sql = "SELECT id, name, kind FROM institutions
                            WHERE $1 IS NULL OR id = $1 ORDER BY name";
    let domains_sql = "SELECT institution_id, domain FROM institution_domains
                       WHERE $1 IS NULL OR institution_id = $1 ORDER BY domain";
    let rows: Vec<(i64, String, String)> =
        with_db!(db, pool => sqlx::query_as(institutions_sql).bind(only).fetch_all(pool).await)?;
    let domains: Vec<(i64, String)> =
        with_db!(db, pool => sqlx::query_as(domains_sql).bind(only).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, kind)| Detail {
            id,
            name,
            kind: Kind::parse(&kind).unwrap_or(Kind::NhsBody),
            domains: domains
                .iter()
                .filter(|(i, _)| *i == id)
                .map(|(_, d)| d.clone())
                .collect(),
        })
        .collect())
}

/// Renames an institution and replaces its domains; false if there is no
/// such institution.
pub async fn update(
    db: &Db,
    id: i64,
    name: &str,
    kind: Kind,
    domains: &[String],
) -> Result<bool, sqlx::Error> {
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let found = sqlx::query("UPDATE institutions SET name = $1, kind = $2 WHERE id = $3")
            .bind(name).bind(kind.as_str()).bind(id)
            .execute(&mut *tx).await?.rows_affected() == 1;
        if found {
            sqlx::query("DELETE FROM institution_domains WHERE institution_id = $1")
                .bind(id).execute(&mut *tx).await?;
            for domain in domains {
                sqlx::query("INSERT INTO institution_domains (institution_id, domain) VALUES ($1, $2)")
                    .bind(id).bind(domain).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok(found)
    })
}
