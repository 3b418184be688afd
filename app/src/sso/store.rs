//! SQL for identity providers and external identities.

use super::ProviderOption;
use crate::db::{now_ms, Db};
use crate::with_db;

/// Everything the sign-in flow needs to know about a provider.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Provider {
    pub id: i64,
    pub institution_id: i64,
    pub institution: String,
    pub label: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret_env: String,
    pub lead_claim: String,
    pub lead_value: Option<String>,
    pub enabled: bool,
}

const PROVIDER_SELECT: &str =
    "SELECT p.id, p.institution_id, i.name AS institution, p.label, p.issuer, p.client_id,
        p.client_secret_env, p.lead_claim, p.lead_value, p.enabled
    FROM identity_providers p JOIN institutions i ON i.id = p.institution_id";

pub async fn provider(db: &Db, id: i64) -> Result<Option<Provider>, sqlx::Error> {
    let sql = format!("{PROVIDER_SELECT} WHERE p.id = $1");
    with_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

fn options(providers: Vec<Provider>) -> Vec<ProviderOption> {
    providers
        .into_iter()
        .map(|p| ProviderOption {
            id: p.id,
            origin: super::origin_of(&p.issuer),
            institution: p.institution,
            label: p.label,
        })
        .collect()
}

/// The enabled providers of the institutions that use `domain`.
pub async fn for_domain(db: &Db, domain: &str) -> Result<Vec<ProviderOption>, sqlx::Error> {
    let sql = format!(
        "{PROVIDER_SELECT} JOIN institution_domains d ON d.institution_id = p.institution_id
         WHERE d.domain = $1 AND p.enabled ORDER BY i.name, p.label"
    );
    let rows: Vec<Provider> =
        with_db!(db, pool => sqlx::query_as(&sql).bind(domain).fetch_all(pool).await)?;
    Ok(options(rows))
}

/// Every enabled provider, for the plain list of institutions.
pub async fn enabled(db: &Db) -> Result<Vec<ProviderOption>, sqlx::Error> {
    let sql = format!("{PROVIDER_SELECT} WHERE p.enabled ORDER BY i.name, p.label");
    let rows: Vec<Provider> = with_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
    Ok(options(rows))
}

/// Whether the institution uses this email domain.
pub async fn institution_uses_domain(
    db: &Db,
    institution_id: i64,
    domain: &str,
) -> Result<bool, sqlx::Error> {
    let sql = "SELECT COUNT(*) FROM institution_domains WHERE institution_id = $1 AND domain = $2";
    let n: i64 = with_db!(db, pool => sqlx::query_scalar(sql).bind(institution_id).bind(domain).fetch_one(pool).await)?;
    Ok(n > 0)
}

/// Adds a provider for an institution.
#[allow(clippy::too_many_arguments)]
pub async fn create(
    db: &Db,
    institution_id: i64,
    label: &str,
    issuer: &str,
    client_id: &str,
    client_secret_env: &str,
    lead_claim: &str,
    lead_value: Option<&str>,
) -> Result<i64, sqlx::Error> {
    let sql = "INSERT INTO identity_providers
               (institution_id, label, issuer, client_id, client_secret_env, lead_claim, lead_value, enabled, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE, $8) RETURNING id";
    with_db!(db, pool => sqlx::query_scalar(sql)
        .bind(institution_id).bind(label).bind(issuer).bind(client_id).bind(client_secret_env)
        .bind(lead_claim).bind(lead_value).bind(now_ms())
        .fetch_one(pool).await)
}

pub async fn set_enabled(db: &Db, id: i64, enabled: bool) -> Result<(), sqlx::Error> {
    let sql = "UPDATE identity_providers SET enabled = $1 WHERE id = $2";
    with_db!(db, pool => sqlx::query(sql).bind(enabled).bind(id).execute(pool).await.map(|_| ()))
}

/// The account an external identity signs in to, if it has signed in before.
pub async fn account_for(db: &Db, issuer: &str, subject: &str) -> Result<Option<i64>, sqlx::Error> {
    let sql = "SELECT user_id FROM external_identities WHERE issuer = $1 AND subject = $2";
    with_db!(db, pool => sqlx::query_scalar(sql).bind(issuer).bind(subject).fetch_optional(pool).await)
}

pub enum JitOutcome {
    Created(i64),
    /// A local account already has this email.
    EmailTaken,
}

/// Creates an account for a first sign-in (just in time), with no password,
/// carrying the external identity.
pub async fn create_account(
    db: &Db,
    provider_id: i64,
    issuer: &str,
    subject: &str,
    display_name: &str,
    email: &str,
) -> Result<JitOutcome, sqlx::Error> {
    let now = now_ms();
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1")
            .bind(email).fetch_one(&mut *tx).await?;
        if taken > 0 {
            return Ok(JitOutcome::EmailTaken);
        }
        let user_id: i64 = sqlx::query_scalar(
            "INSERT INTO users (display_name, email, password_hash, created_at) VALUES ($1, $2, NULL, $3) RETURNING id")
            .bind(display_name).bind(email).bind(now).fetch_one(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO external_identities (issuer, subject, user_id, provider_id, created_at, last_sign_in_at)
             VALUES ($1, $2, $3, $4, $5, $5)")
            .bind(issuer).bind(subject).bind(user_id).bind(provider_id).bind(now)
            .execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(JitOutcome::Created(user_id))
    })
}

pub async fn touch(db: &Db, issuer: &str, subject: &str) -> Result<(), sqlx::Error> {
    let sql =
        "UPDATE external_identities SET last_sign_in_at = $1 WHERE issuer = $2 AND subject = $3";
    with_db!(db, pool => sqlx::query(sql).bind(now_ms()).bind(issuer).bind(subject).execute(pool).await.map(|_| ()))
}
