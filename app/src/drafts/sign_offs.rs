//! SQL for sign-offs: a lead of each owning institution signs off an exact
//! revision, with a statement; a later change leaves the sign-off recorded
//! and no longer current.

use crate::db::Db;
use crate::with_db;

/// Every sign-off of a draft, newest first.
pub async fn sign_offs(db: &Db, draft_id: i64) -> Result<Vec<super::SignOffRecord>, sqlx::Error> {
    let sql = "SELECT i.name, s.revision, COALESCE(u.display_name, 'A former user'), s.statement, s.signed_at
               FROM draft_sign_offs s JOIN institutions i ON i.id = s.institution_id
               LEFT JOIN users u ON u.id = s.user_id
               WHERE s.draft_id = $1 ORDER BY s.signed_at DESC, i.name";
    let rows: Vec<(String, i64, String, String, i64)> =
        with_db!(db, pool => sqlx::query_as(sql).bind(draft_id).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(
            |(institution, revision, by, statement, signed_at)| super::SignOffRecord {
                institution,
                revision,
                by,
                statement,
                signed_at,
            },
        )
        .collect())
}

/// Institutions that signed off `revision`.
pub async fn signed_institutions(
    db: &Db,
    draft_id: i64,
    revision: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let sql = "SELECT institution_id FROM draft_sign_offs WHERE draft_id = $1 AND revision = $2";
    with_db!(db, pool => sqlx::query_scalar(sql).bind(draft_id).bind(revision).fetch_all(pool).await)
}

#[derive(Debug, PartialEq, Eq)]
pub enum SignOffOutcome {
    Signed,
    /// The draft moved on from the revision the lead read: not signed.
    NotCurrent,
    AlreadySigned,
    NotEditable,
}

/// Records `institution`'s sign-off of `revision`, if it is still the
/// current one, with its audit entry (whose actor and time it takes); all
/// or nothing.
pub async fn sign_off(
    db: &Db,
    draft_id: i64,
    institution_id: i64,
    revision: i64,
    statement: &str,
    key: &crate::secrets::SecretKey,
    audit: &crate::audit::Entry,
) -> Result<SignOffOutcome, sqlx::Error> {
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        // Locks the draft, so no revision lands between the check and the sign-off.
        let current: Option<i64> = sqlx::query_scalar(
            "UPDATE drafts SET updated_at = updated_at WHERE id = $1 AND visibility <> 'published' RETURNING current_revision")
            .bind(draft_id).fetch_optional(&mut *tx).await?;
        match current {
            None => return Ok(SignOffOutcome::NotEditable),
            Some(current) if current != revision => return Ok(SignOffOutcome::NotCurrent),
            Some(_) => {}
        }
        let inserted = sqlx::query(
            "INSERT INTO draft_sign_offs (draft_id, institution_id, revision, user_id, statement, signed_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (draft_id, institution_id, revision) DO NOTHING")
            .bind(draft_id).bind(institution_id).bind(revision).bind(audit.actor_id).bind(statement).bind(audit.at)
            .execute(&mut *tx).await?.rows_affected();
        if inserted == 0 {
            return Ok(SignOffOutcome::AlreadySigned);
        }
        crate::audit_append!(tx, key, audit);
        tx.commit().await?;
        Ok(SignOffOutcome::Signed)
    })
}
