//! A draft loaded for someone, after asking the rules of
//! [`crate::domain::drafts::access`]: the first step of every server function
//! that reads or changes a draft, its suggestions or its passage threads.
//! A draft someone may not read is "not found", so its existence is not
//! given away.

use super::not_found;
use super::store::{self, Header};
use crate::db::Db;
use crate::domain::drafts::access::{can_consider, can_read, can_see_history, owner_institution};
use crate::domain::drafts::Visibility;
use crate::domain::identity::Me;
use crate::error::AppError;

/// The draft, if `me` may read it: as the rules of its visibility allow,
/// or because an institution of theirs is invited to co-own it.
pub async fn readable(db: &Db, me: Option<&Me>, id: i64) -> Result<Header, AppError> {
    let header = store::header(db, id).await?.ok_or_else(not_found)?;
    if can_read(me, &header.owner_ids(), header.visibility) {
        return Ok(header);
    }
    if let Some(me) = me.filter(|_| header.visibility != Visibility::Published) {
        let mine: Vec<i64> = me.memberships.iter().map(|m| m.institution_id).collect();
        let invited = super::invitations::waiting(db, id, &mine).await?;
        if can_consider(Some(me), &invited, header.visibility) {
            return Ok(header);
        }
    }
    Err(not_found())
}

/// The draft, if `me` may read its history: for a published draft, not
/// the public, who see only the frozen revision.
pub async fn history_readable(db: &Db, me: Option<&Me>, id: i64) -> Result<Header, AppError> {
    let header = readable(db, me, id).await?;
    if can_see_history(
        me,
        &header.owner_ids(),
        header.visibility,
        header.published_from,
    ) {
        Ok(header)
    } else if header.visibility == Visibility::Published {
        Err(AppError::NotFound(
            "The history of a published proposal is for partners and policy makers.".into(),
        ))
    } else {
        Err(AppError::NotFound(
            "The history of a draft is for its owners: accept your institution's invitation to co-own it first.".into(),
        ))
    }
}

/// The institution `me` speaks for on this draft (in suggestions and
/// passage threads): an owner of theirs, else their first institution
/// (none for a policy maker).
pub fn speaking_for(me: &Me, header: &Header) -> Option<i64> {
    crate::domain::drafts::access::speaking_for(me, &header.owner_ids())
}

/// The draft and the owning institution `me` writes for, if `me` may edit it.
pub async fn editable(db: &Db, me: &Me, id: i64) -> Result<(Header, i64), AppError> {
    let header = readable(db, Some(me), id).await?;
    if header.visibility == Visibility::Published {
        return Err(AppError::Forbidden(
            "This draft is published: its text is frozen.".into(),
        ));
    }
    let institution = owner_institution(me, &header.owner_ids()).ok_or_else(|| {
        AppError::Forbidden(
            "Only the people of the institutions that own this draft can change it.".into(),
        )
    })?;
    Ok((header, institution))
}
