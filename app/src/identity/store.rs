//! SQL for accounts, roles and memberships.

use crate::db::{now_ms, Db};
use crate::domain::identity::{GlobalRole, Me, Membership, PartnerRole};
use crate::with_db;

/// Creates a local account. Fails with a unique violation when the email is
/// taken (emails are stored lower-cased).
pub async fn create_user(
    db: &Db,
    display_name: &str,
    email: &str,
    password_hash: &str,
) -> Result<i64, sqlx::Error> {
    let sql = "INSERT INTO users (display_name, email, password_hash, created_at)
               VALUES ($1, $2, $3, $4) RETURNING id";
    with_db!(db, pool => sqlx::query_scalar(sql)
        .bind(display_name)
        .bind(email)
        .bind(password_hash)
        .bind(now_ms())
        .fetch_one(pool)
        .await)
}

/// The account id and password hash for an email, if there is such an account.
pub async fn credentials(
    db: &Db,
    email: &str,
) -> Result<Option<(i64, Option<String>)>, sqlx::Error> {
    let sql = "SELECT id, password_hash FROM users WHERE email = $1";
    with_db!(db, pool => sqlx::query_as(sql).bind(email).fetch_optional(pool).await)
}

/// The account's email and password hash (either may be absent).
pub async fn email_and_password(
    db: &Db,
    user_id: i64,
) -> Result<(Option<String>, Option<String>), sqlx::Error> {
    let sql = "SELECT email, password_hash FROM users WHERE id = $1";
    let row: Option<(Option<String>, Option<String>)> =
        with_db!(db, pool => sqlx::query_as(sql).bind(user_id).fetch_optional(pool).await)?;
    Ok(row.unwrap_or_default())
}

pub async fn user_id_by_email(db: &Db, email: &str) -> Result<Option<i64>, sqlx::Error> {
    let sql = "SELECT id FROM users WHERE email = $1";
    with_db!(db, pool => sqlx::query_scalar(sql).bind(email).fetch_optional(pool).await)
}

/// Everything the app needs to know about a user signed in without an
/// institution's sign-in: memberships granted by an administrator only.
pub async fn load_me(db: &Db, user_id: i64) -> Result<Option<Me>, sqlx::Error> {
    load_me_via(db, user_id, None).await
}

/// Everything the app needs to know about a signed-in user, signed in
/// through `provider` if given: a membership that provider's sign-in gave
/// counts only then, and only while the provider is enabled.
pub async fn load_me_via(
    db: &Db,
    user_id: i64,
    provider: Option<i64>,
) -> Result<Option<Me>, sqlx::Error> {
    // One statement, not three: the account, its roles, its memberships,
    // told apart by `part` (every signed-in request reads this).
    let sql = "SELECT 0 AS part, u.display_name AS name, CAST(NULL AS BIGINT) AS institution_id,
                      CAST(NULL AS TEXT) AS role, CAST(0 AS BIGINT) AS at
               FROM users u WHERE u.id = $1
               UNION ALL
               SELECT 1, r.role, NULL, NULL, 0 FROM user_roles r WHERE r.user_id = $1
               UNION ALL
               SELECT 2, i.name, m.institution_id, m.role, m.created_at
               FROM memberships m JOIN institutions i ON i.id = m.institution_id
               WHERE m.user_id = $1
                 AND (m.provider_id IS NULL
                      OR (m.provider_id = $2 AND EXISTS (
                          SELECT 1 FROM identity_providers p
                          WHERE p.id = m.provider_id AND p.enabled)))
               ORDER BY part, at, name";
    let rows: Vec<MeRow> = with_db!(db, pool => sqlx::query_as(sql)
        .bind(user_id)
        .bind(provider)
        .fetch_all(pool)
        .await)?;
    let Some(display_name) = rows.iter().find(|r| r.part == 0).map(|r| r.name.clone()) else {
        return Ok(None);
    };
    Ok(Some(Me {
        id: user_id,
        display_name,
        roles: rows
            .iter()
            .filter(|r| r.part == 1)
            .filter_map(|r| GlobalRole::parse(&r.name))
            .collect(),
        memberships: rows
            .into_iter()
            .filter(|r| r.part == 2)
            .filter_map(|r| {
                Some(Membership {
                    institution_id: r.institution_id?,
                    institution_name: r.name,
                    role: PartnerRole::parse(r.role.as_deref()?)?,
                })
            })
            .collect(),
    }))
}

/// A row of [`load_me_via`]'s statement: 0 the account (`name` is its
/// display name), 1 a global role (`name`), 2 a membership (`name` is the
/// institution's).
#[derive(sqlx::FromRow)]
struct MeRow {
    part: i32,
    name: String,
    institution_id: Option<i64>,
    role: Option<String>,
}

pub async fn grant_role(db: &Db, user_id: i64, role: GlobalRole) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, $2, $3)
               ON CONFLICT (user_id, role) DO NOTHING";
    with_db!(db, pool => sqlx::query(sql).bind(user_id).bind(role.as_str()).bind(now_ms()).execute(pool).await.map(|_| ()))?;
    Ok(())
}

pub async fn revoke_role(db: &Db, user_id: i64, role: GlobalRole) -> Result<(), sqlx::Error> {
    let sql = "DELETE FROM user_roles WHERE user_id = $1 AND role = $2";
    with_db!(db, pool => sqlx::query(sql).bind(user_id).bind(role.as_str()).execute(pool).await.map(|_| ()))?;
    Ok(())
}

/// Makes the user a member (or lead) of an institution in every session
/// (an administrator's grant), replacing any earlier role there.
pub async fn set_membership(
    db: &Db,
    user_id: i64,
    institution_id: i64,
    role: PartnerRole,
) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO memberships (user_id, institution_id, role, created_at) VALUES ($1, $2, $3, $4)
               ON CONFLICT (user_id, institution_id) DO UPDATE SET role = excluded.role, provider_id = NULL";
    with_db!(db, pool => sqlx::query(sql).bind(user_id).bind(institution_id).bind(role.as_str()).bind(now_ms()).execute(pool).await.map(|_| ()))?;
    Ok(())
}

/// The membership (and role) an institution's sign-in through `provider`
/// says the user has, for sessions begun through it. A membership an
/// administrator granted stays as it was.
pub async fn set_membership_via(
    db: &Db,
    user_id: i64,
    institution_id: i64,
    role: PartnerRole,
    provider: i64,
) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO memberships (user_id, institution_id, role, created_at, provider_id)
               VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (user_id, institution_id) DO UPDATE SET role = excluded.role, provider_id = excluded.provider_id
               WHERE memberships.provider_id IS NOT NULL";
    with_db!(db, pool => sqlx::query(sql).bind(user_id).bind(institution_id).bind(role.as_str()).bind(now_ms()).bind(provider).execute(pool).await.map(|_| ()))?;
    Ok(())
}
