//! Deciding on a suggestion: accepting it (the draft's owners), rejecting
//! it with a reason (the owners), withdrawing it (its author).

#[cfg(feature = "ssr")]
use super::ssr;
use crate::error::AppError;
use crate::suggestions::forms::{AcceptInput, RejectInput};
use leptos::prelude::*;

/// Accepts a suggestion: its change becomes a new revision, merged into the
/// section's current text if that moved on. When both changed the same
/// words nothing is saved, and the error names the current version; the
/// owner then sends `heading` and `body` combined, with that version as
/// `base_version`. The draft's owners only.
#[server(prefix = "/api", endpoint = "accept_suggestion")]
pub async fn accept_suggestion(
    draft_id: i64,
    suggestion_id: i64,
    #[server(default)] base_version: Option<i64>,
    #[server(flatten)] form: AcceptInput,
) -> Result<(), AppError> {
    use ssr::*;
    forms::submit(&format!("accept-{suggestion_id}"), &form, async {
        let me = require_user().await?;
        let db = db()?;
        let (header, institution) = editable(&db, &me, draft_id).await?;
        let row = open_suggestion(&db, draft_id, suggestion_id).await?;
        let combined = form.body.is_some();
        // The owner's combined text after a conflict, or the suggestion as written.
        let (base, heading, body) = match &form.body {
            Some(body) => {
                let mut v = Validation::new();
                let heading = form.heading.as_deref().unwrap_or(&row.heading);
                let (heading, body) = section_fields(&mut v, heading, body);
                v.finish()?;
                (base_version.unwrap_or(row.base_version_id), heading, body)
            }
            None => (row.base_version_id, row.heading.clone(), row.body.clone()),
        };
        let by = byline(&row.author, row.institution.as_deref());
        let message = if combined {
            format!("Accepted suggestion {suggestion_id} by {by}, combined with the current text")
        } else {
            format!("Accepted suggestion {suggestion_id} by {by}")
        };
        let owner = header.owners.iter().find(|o| o.id == institution);
        let audit = audit_entry(
            &me,
            owner.map(|o| o.name.clone()),
            "draft.suggestion_accept",
            draft_id,
            serde_json::json!({ "suggestion": suggestion_id, "suggested_by": by }),
        );
        let key = &crate::context::server_context()?.secret_key;
        let author = Author {
            user_id: me.id,
            institution_id: institution,
            message: Some(&message),
        };
        let edit = Operation::Edit {
            section_id: row.section_id,
            base_version: base,
            heading: &heading,
            body: &body,
        };
        let followup = Followup::AcceptSuggestion {
            id: suggestion_id,
            key,
            audit: &audit,
        };
        let outcome = crate::drafts::store::apply_with(&db, draft_id, &author, &edit, Some(&followup)).await?;
        tracing::info!(user_id = me.id, draft_id, suggestion_id, ?outcome, "suggestion accepted");
        match outcome {
            Outcome::Conflict { current_version } => Err(AppError::Conflict {
                message: "The section changed since this suggestion was written, in the same words. \
                          Nothing was saved: combine its current text, shown below, with the suggestion, then accept."
                    .into(),
                current_version,
            }),
            other => outcome_result(other),
        }?;
        Ok(format!("/drafts/{draft_id}/suggestions/{suggestion_id}"))
    })
    .await
}

/// Rejects a suggestion, with a reason its author will read. The draft's
/// owners only.
#[server(prefix = "/api", endpoint = "reject_suggestion")]
pub async fn reject_suggestion(
    draft_id: i64,
    suggestion_id: i64,
    #[server(flatten)] form: RejectInput,
) -> Result<(), AppError> {
    use ssr::*;
    forms::submit(&format!("reject-{suggestion_id}"), &form, async {
        let me = require_user().await?;
        let db = db()?;
        let (header, institution) = editable(&db, &me, draft_id).await?;
        open_suggestion(&db, draft_id, suggestion_id).await?;
        let reason = form.check()?;
        let owner = header.owners.iter().find(|o| o.id == institution);
        let audit = audit_entry(
            &me,
            owner.map(|o| o.name.clone()),
            "draft.suggestion_reject",
            draft_id,
            serde_json::json!({
                "suggestion": suggestion_id,
                "revision": header.current_revision,
                "reason": &reason,
            }),
        );
        let key = &crate::context::server_context()?.secret_key;
        if !store::reject(&db, suggestion_id, &reason, key, &audit).await? {
            return Err(AppError::Refused(
                "This suggestion was accepted, rejected or withdrawn meanwhile, or the draft was published."
                    .into(),
            ));
        }
        tracing::info!(
            user_id = me.id,
            draft_id,
            suggestion_id,
            "suggestion rejected"
        );
        Ok(format!("/drafts/{draft_id}/suggestions/{suggestion_id}"))
    })
    .await
}

/// Withdraws an open suggestion. Its author only.
#[server(prefix = "/api", endpoint = "withdraw_suggestion")]
pub async fn withdraw_suggestion(draft_id: i64, suggestion_id: i64) -> Result<(), AppError> {
    use ssr::*;
    forms::submit(&format!("withdraw-{suggestion_id}"), &(), async {
        let me = require_user().await?;
        let db = db()?;
        suggestable(&db, &me, draft_id).await?;
        let row = open_suggestion(&db, draft_id, suggestion_id).await?;
        if row.author_id != Some(me.id) {
            return Err(AppError::Forbidden(
                "Only its author can withdraw a suggestion.".into(),
            ));
        }
        if !store::withdraw(&db, suggestion_id, me.id).await? {
            return Err(AppError::Refused(
                "This suggestion was accepted, rejected or withdrawn meanwhile, or the draft was published."
                    .into(),
            ));
        }
        Ok(format!("/drafts/{draft_id}/suggestions/{suggestion_id}"))
    })
    .await
}
