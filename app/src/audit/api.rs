//! Server functions of the audit log page: administrators only.

use super::LogPage;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
async fn require_admin() -> Result<crate::domain::identity::Me, AppError> {
    let me = crate::identity::session::require_user().await?;
    if me.has_role(crate::domain::identity::GlobalRole::Administrator) {
        Ok(me)
    } else {
        Err(AppError::Forbidden(
            "Only administrators can read the audit log.".into(),
        ))
    }
}

/// A page of the log, newest first, optionally about one subject
/// (`draft:12`).
#[server(prefix = "/api", endpoint = "audit_log")]
pub async fn get_audit_log(
    before: Option<i64>,
    subject: Option<String>,
) -> Result<LogPage, AppError> {
    use super::{store, PAGE_SIZE};
    require_admin().await?;
    let subject = subject
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty() && s.len() <= 100);
    let db = crate::context::db()?;
    let mut entries = store::page(&db, before, subject.as_deref(), PAGE_SIZE + 1).await?;
    let older = if entries.len() as i64 > PAGE_SIZE {
        entries.truncate(PAGE_SIZE as usize);
        entries.last().map(|e| e.id)
    } else {
        None
    };
    Ok(LogPage {
        entries,
        older,
        subject,
    })
}

/// Checks the whole chain now; says whether it holds.
#[server(prefix = "/api", endpoint = "verify_audit_log")]
pub async fn verify_audit_log() -> Result<String, AppError> {
    let me = require_admin().await?;
    let context = crate::context::server_context()?;
    let verified = super::verify(&context.db, &context.secret_key).await?;
    tracing::info!(user_id = me.id, ?verified, "audit log verified");
    let verdict = match verified.broken_at {
        None => format!(
            "The chain holds: all {} entries are as they were written.",
            verified.entries
        ),
        Some(0) => format!(
            "The chain is broken: entries are missing from its end, or its head was changed (after {} good entries).",
            verified.entries
        ),
        Some(id) => format!(
            "The chain is broken at entry {id}: it, or an entry before it, was changed or removed after being written."
        ),
    };
    Ok(if verified.head_keyed || verified.entries == 0 {
        verdict
    } else {
        format!("{verdict} {HEAD_NOT_KEYED}")
    })
}

/// The warning for a head without its keyed digest.
pub const HEAD_NOT_KEYED: &str = "Its head is not keyed: it was last written before heads were keyed, or its key was removed. Until it is keyed again (`roundtable audit-verify --key-head`, once sure nothing was cut off), entries cut off its end would not show.";
