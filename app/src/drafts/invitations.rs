//! SQL for invitations to co-own a draft (security finding 3): naming an
//! institution as a co-owner invites it, and only a lead's acceptance makes
//! it an owner (a row in `draft_owners`). Until then it is not counted in a
//! quorum, cannot sign off, and is not named in public; its people may read
//! the draft they are asked to own. Each answer is in the audit chain.

use super::{Invitation, Owner};
use crate::audit::Entry;
use crate::db::{placeholders, Db};
use crate::secrets::SecretKey;
use crate::with_db;

/// Every invitation of a draft, waiting ones first, then by institution.
pub async fn list(db: &Db, draft_id: i64) -> Result<Vec<Invitation>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        institution_id: i64,
        institution: String,
        invited_by: String,
        invited_for: Option<String>,
        invited_at: i64,
        declined_at: Option<i64>,
    }
    let sql = "SELECT n.institution_id, i.name AS institution,
                      COALESCE(u.display_name, 'A former user') AS invited_by,
                      f.name AS invited_for, n.invited_at, n.declined_at
               FROM draft_invitations n
               JOIN institutions i ON i.id = n.institution_id
               LEFT JOIN users u ON u.id = n.invited_by
               LEFT JOIN institutions f ON f.id = n.invited_for
               WHERE n.draft_id = $1
               ORDER BY n.declined_at IS NOT NULL, i.name";
    let rows: Vec<Row> =
        with_db!(db, pool => sqlx::query_as(sql).bind(draft_id).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|r| Invitation {
            institution: Owner {
                id: r.institution_id,
                name: r.institution,
            },
            invited_by: match r.invited_for {
                Some(institution) => format!("{} ({institution})", r.invited_by),
                None => r.invited_by,
            },
            invited_at: r.invited_at,
            declined_at: r.declined_at,
        })
        .collect())
}

/// The institutions an owner may invite: those that neither own the draft
/// nor have an invitation waiting (one that declined may be asked again).
pub async fn invitable(
    db: &Db,
    owners: &[Owner],
    invitations: &[Invitation],
) -> Result<Vec<Owner>, sqlx::Error> {
    Ok(crate::institutions::store::list(db)
        .await?
        .into_iter()
        .filter(|i| {
            !owners.iter().any(|o| o.id == i.id)
                && !invitations
                    .iter()
                    .any(|n| n.institution.id == i.id && n.declined_at.is_none())
        })
        .map(|i| Owner {
            id: i.id,
            name: i.name,
        })
        .collect())
}

/// Which of `institutions` have an invitation to co-own the draft that
/// waits for an answer.
pub async fn waiting(
    db: &Db,
    draft_id: i64,
    institutions: &[i64],
) -> Result<Vec<i64>, sqlx::Error> {
    if institutions.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT institution_id FROM draft_invitations
         WHERE draft_id = $1 AND declined_at IS NULL AND institution_id IN ({})",
        placeholders(2, institutions.len())
    );
    with_db!(db, pool => {
        let mut query = sqlx::query_scalar(&sql).bind(draft_id);
        for id in institutions {
            query = query.bind(*id);
        }
        query.fetch_all(pool).await
    })
}

/// What became of an invitation, an answer or a withdrawal.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// The draft is published: its owners are settled.
    Published,
    /// The institution owns the draft already.
    AlreadyOwner,
    /// An invitation waits for an answer already.
    AlreadyInvited,
    /// There is no invitation waiting (answered or withdrawn meanwhile).
    NoInvitation,
}

/// A change to an institution's invitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Invite it, or invite again one that declined; `invited_for` is the
    /// owner the inviter writes for.
    Invite { invited_for: i64 },
    /// A lead accepts: the institution becomes an owner.
    Accept,
    /// A lead declines: the answer stays for the owners to see.
    Decline,
    /// An owner takes the invitation back (waiting or declined).
    Withdraw,
}

/// Makes `change` to `institution`'s invitation, with its audit entry (whose
/// actor and time it takes), all or nothing. The draft is locked first (its
/// row on PostgreSQL, the write lock on SQLite), so publishing cannot land
/// between the check and the change.
pub async fn change(
    db: &Db,
    draft_id: i64,
    institution: i64,
    change: Change,
    key: &SecretKey,
    audit: &Entry,
) -> Result<Outcome, sqlx::Error> {
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;
        let unpublished: Option<i64> = sqlx::query_scalar(
            "UPDATE drafts SET updated_at = updated_at WHERE id = $1 AND visibility <> 'published' RETURNING id")
            .bind(draft_id).fetch_optional(&mut *tx).await?;
        if unpublished.is_none() {
            return Ok(Outcome::Published);
        }
        let outcome = match change {
            Change::Invite { invited_for } => {
                let owner: Option<i64> = sqlx::query_scalar(
                    "SELECT institution_id FROM draft_owners WHERE draft_id = $1 AND institution_id = $2")
                    .bind(draft_id).bind(institution).fetch_optional(&mut *tx).await?;
                if owner.is_some() {
                    Outcome::AlreadyOwner
                } else if sqlx::query(
                    "INSERT INTO draft_invitations (draft_id, institution_id, invited_by, invited_for, invited_at)
                     VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (draft_id, institution_id) DO UPDATE
                        SET invited_by = excluded.invited_by, invited_for = excluded.invited_for,
                            invited_at = excluded.invited_at, declined_by = NULL, declined_at = NULL
                        WHERE draft_invitations.declined_at IS NOT NULL")
                    .bind(draft_id).bind(institution).bind(audit.actor_id).bind(invited_for).bind(audit.at)
                    .execute(&mut *tx).await?.rows_affected() == 0
                {
                    Outcome::AlreadyInvited
                } else {
                    Outcome::Done
                }
            }
            Change::Accept => {
                let answered = sqlx::query(
                    "DELETE FROM draft_invitations WHERE draft_id = $1 AND institution_id = $2 AND declined_at IS NULL")
                    .bind(draft_id).bind(institution).execute(&mut *tx).await?.rows_affected();
                if answered == 0 {
                    Outcome::NoInvitation
                } else {
                    sqlx::query("INSERT INTO draft_owners (draft_id, institution_id) VALUES ($1, $2)")
                        .bind(draft_id).bind(institution).execute(&mut *tx).await?;
                    Outcome::Done
                }
            }
            Change::Decline => {
                let answered = sqlx::query(
                    "UPDATE draft_invitations SET declined_by = $3, declined_at = $4
                     WHERE draft_id = $1 AND institution_id = $2 AND declined_at IS NULL")
                    .bind(draft_id).bind(institution).bind(audit.actor_id).bind(audit.at)
                    .execute(&mut *tx).await?.rows_affected();
                if answered == 0 { Outcome::NoInvitation } else { Outcome::Done }
            }
            Change::Withdraw => {
                let removed = sqlx::query("DELETE FROM draft_invitations WHERE draft_id = $1 AND institution_id = $2")
                    .bind(draft_id).bind(institution).execute(&mut *tx).await?.rows_affected();
                if removed == 0 { Outcome::NoInvitation } else { Outcome::Done }
            }
        };
        if outcome == Outcome::Done {
            crate::audit_append!(tx, key, audit);
            tx.commit().await?;
        }
        Ok(outcome)
    })
}
