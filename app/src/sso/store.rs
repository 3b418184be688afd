//! SQL for identity providers and external identities.

use super::ProviderOption;
use crate::db::{now_ms, Db};
use crate::secrets::SecretKey;
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
    pub client_secret_sealed: Option<String>,
    pub lead_claim: String,
    pub lead_value: Option<String>,
    pub enabled: bool,
    /// On the institution's or Roundtable's own network: reached at
    /// private addresses too.
    pub internal: bool,
}

impl Provider {
    /// Where the provider may be reached.
    pub fn reach(&self) -> super::provider_http::Reach {
        if self.internal {
            super::provider_http::Reach::Internal
        } else {
            super::provider_http::Reach::Public
        }
    }
}

const PROVIDER_SELECT: &str =
    "SELECT p.id, p.institution_id, i.name AS institution, p.label, p.issuer, p.client_id,
        p.client_secret_env, p.client_secret_sealed, p.lead_claim, p.lead_value, p.enabled,
        p.internal
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

/// What an administrator sets on a provider.
pub struct ProviderChange<'a> {
    pub label: &'a str,
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub secret: SecretChange<'a>,
    pub lead_claim: &'a str,
    pub lead_value: Option<&'a str>,
    pub enabled: bool,
    pub internal: bool,
}

/// What happens to a provider's client secret.
pub enum SecretChange<'a> {
    /// Keep the sealed secret it has.
    Keep,
    /// Store this secret, sealed.
    Store(&'a str),
    /// Read it from this environment variable (any stored one is forgotten).
    Environment(&'a str),
}

/// What sealed client secrets are bound to: their provider.
fn secret_purpose(provider_id: i64) -> String {
    format!("identity-provider-client-secret:{provider_id}")
}

impl Provider {
    /// The client secret: opened from the database, or read from the
    /// environment; or why it is not available.
    pub fn client_secret(&self, key: &SecretKey) -> Result<String, String> {
        match &self.client_secret_sealed {
            Some(sealed) => key.open(&secret_purpose(self.id), sealed).ok_or_else(|| {
                "the stored client secret does not open with this server's key".to_owned()
            }),
            None => {
                // The operator who sets the secret says which issuer it is
                // for, so no administrator can send it elsewhere by
                // pointing a provider at another issuer.
                let variable = &self.client_secret_env;
                let secret = std::env::var(variable)
                    .map_err(|_| format!("client secret variable {variable} is not set"))?;
                let bound = std::env::var(format!("{variable}_ISSUER")).map_err(|_| {
                    format!("{variable}_ISSUER is not set to the issuer the secret is for")
                })?;
                if bound.trim_end_matches('/') != self.issuer.trim_end_matches('/') {
                    return Err(format!(
                        "{variable} is for the issuer {bound} ({variable}_ISSUER), not {}",
                        self.issuer
                    ));
                }
                Ok(secret)
            }
        }
    }
}

/// Adds a provider for an institution; `secret` must not be `Keep`. An
/// administrator's change is recorded in the audit log with it (`audit`;
/// demo data has none).
pub async fn create(
    db: &Db,
    key: &SecretKey,
    institution_id: i64,
    change: &ProviderChange<'_>,
    audit: Option<&crate::audit::Entry>,
) -> Result<i64, sqlx::Error> {
    let insert = "INSERT INTO identity_providers
               (institution_id, label, issuer, client_id, client_secret_env, lead_claim, lead_value, enabled, internal, created_at)
               VALUES ($1, $2, $3, $4, '', $5, $6, $7, $8, $9) RETURNING id";
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let id: i64 = sqlx::query_scalar(insert)
            .bind(institution_id).bind(change.label).bind(change.issuer).bind(change.client_id)
            .bind(change.lead_claim).bind(change.lead_value).bind(change.enabled).bind(change.internal).bind(now_ms())
            .fetch_one(&mut *tx).await?;
        if let Some((sealed, variable)) = secret_columns(key, id, &change.secret) {
            sqlx::query(SET_SECRET).bind(sealed).bind(variable).bind(id).execute(&mut *tx).await?;
        }
        if let Some(audit) = audit {
            let audit = crate::audit::Entry { subject: format!("identity-provider:{id}"), ..audit.clone() };
            crate::audit_append!(tx, key, &audit);
        }
        tx.commit().await?;
        Ok(id)
    })
}

/// Changes a provider, recorded in the audit log with it; false if there is
/// no such provider.
pub async fn update(
    db: &Db,
    key: &SecretKey,
    id: i64,
    change: &ProviderChange<'_>,
    audit: &crate::audit::Entry,
) -> Result<bool, sqlx::Error> {
    let sql =
        "UPDATE identity_providers SET label = $1, issuer = $2, client_id = $3, lead_claim = $4,
               lead_value = $5, enabled = $6, internal = $7 WHERE id = $8";
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let found = sqlx::query(sql)
            .bind(change.label).bind(change.issuer).bind(change.client_id).bind(change.lead_claim)
            .bind(change.lead_value).bind(change.enabled).bind(change.internal).bind(id)
            .execute(&mut *tx).await?.rows_affected() == 1;
        if let Some((sealed, variable)) = secret_columns(key, id, &change.secret).filter(|_| found) {
            sqlx::query(SET_SECRET).bind(sealed).bind(variable).bind(id).execute(&mut *tx).await?;
        }
        if found {
            crate::audit_append!(tx, key, audit);
        }
        tx.commit().await?;
        Ok(found)
    })
}

const SET_SECRET: &str =
    "UPDATE identity_providers SET client_secret_sealed = $1, client_secret_env = $2 WHERE id = $3";

/// The secret columns for a change of secret: the sealed secret, or the
/// variable's name; `None` to keep them as they are.
fn secret_columns(
    key: &SecretKey,
    id: i64,
    secret: &SecretChange<'_>,
) -> Option<(Option<String>, String)> {
    match secret {
        SecretChange::Keep => None,
        SecretChange::Store(plain) => {
            Some((Some(key.seal(&secret_purpose(id), plain)), String::new()))
        }
        SecretChange::Environment(name) => Some((None, (*name).to_owned())),
    }
}

/// The providers of one institution, enabled or not.
pub async fn of_institution(db: &Db, institution_id: i64) -> Result<Vec<Provider>, sqlx::Error> {
    let sql = format!("{PROVIDER_SELECT} WHERE p.institution_id = $1 ORDER BY p.label, p.id");
    with_db!(db, pool => sqlx::query_as(&sql).bind(institution_id).fetch_all(pool).await)
}

/// Every provider, enabled or not.
pub async fn all(db: &Db) -> Result<Vec<Provider>, sqlx::Error> {
    let sql = format!("{PROVIDER_SELECT} ORDER BY i.name, p.label, p.id");
    with_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)
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

/// The institution sign-ins linked to an account: institution, provider
/// label and when it was linked.
pub async fn identities_of(
    db: &Db,
    user_id: i64,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    let sql = "SELECT i.name, p.label, e.created_at FROM external_identities e
               JOIN identity_providers p ON p.id = e.provider_id
               JOIN institutions i ON i.id = p.institution_id
               WHERE e.user_id = $1 ORDER BY e.created_at";
    with_db!(db, pool => sqlx::query_as(sql).bind(user_id).fetch_all(pool).await)
}

pub enum LinkOutcome {
    Linked,
    /// This identity already belongs to this account.
    AlreadyThisAccount,
    /// This identity signs in to another account.
    OtherAccount,
}

/// Links an external identity to an existing account.
pub async fn link(
    db: &Db,
    provider_id: i64,
    issuer: &str,
    subject: &str,
    user_id: i64,
) -> Result<LinkOutcome, sqlx::Error> {
    let now = now_ms();
    let insert = "INSERT INTO external_identities (issuer, subject, user_id, provider_id, created_at, last_sign_in_at)
                  VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (issuer, subject) DO NOTHING";
    let inserted = with_db!(db, pool => sqlx::query(insert)
        .bind(issuer).bind(subject).bind(user_id).bind(provider_id).bind(now)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    if inserted == 1 {
        return Ok(LinkOutcome::Linked);
    }
    Ok(match account_for(db, issuer, subject).await? {
        Some(owner) if owner == user_id => LinkOutcome::AlreadyThisAccount,
        _ => LinkOutcome::OtherAccount,
    })
}
