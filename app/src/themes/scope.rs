//! Who analyses, and the subject of an analysis loaded for them: every
//! server function of this feature starts here.

use super::store::{self, Subject};
use super::Scope;
use crate::db::Db;
use crate::domain::identity::Me;
use crate::domain::outcomes::access::may_analyse;
use crate::error::AppError;

/// The signed-in analyst (a policy maker, moderator or administrator).
pub async fn analyst() -> Result<Me, AppError> {
    let me = crate::identity::session::require_user().await?;
    if !may_analyse(&me) {
        return Err(AppError::Forbidden(
            "Only policy makers, moderators and administrators analyse what was said.".into(),
        ));
    }
    Ok(me)
}

/// What `scope` analyses, or "not found".
pub async fn subject(db: &Db, scope: Scope) -> Result<Subject, AppError> {
    let found = match scope {
        Scope::Consultation(id) => store::consultation(db, id).await?,
        Scope::Item(id) => store::item(db, id).await?,
    };
    found.ok_or_else(|| AppError::NotFound("There is no such consultation or roadmap item.".into()))
}

/// A theme, or "not found" (it may have been merged away).
pub async fn theme(db: &Db, theme_id: i64) -> Result<store::ThemeRow, AppError> {
    store::theme(db, theme_id).await?.ok_or_else(|| {
        AppError::NotFound("There is no such theme: it may have been merged into another.".into())
    })
}

/// A scope from a server function's arguments, or "not found".
pub fn parse(kind: &str, id: i64) -> Result<Scope, AppError> {
    Scope::parse(kind, id)
        .ok_or_else(|| AppError::NotFound("There is no such consultation or roadmap item.".into()))
}

/// An audit entry for a change to an analysis by `me`.
pub fn audit(
    me: &Me,
    action: &'static str,
    subject: String,
    detail: serde_json::Value,
) -> crate::audit::Entry {
    crate::audit::Entry::now(me, None, action, subject, detail)
}
