//! Changes to a draft's text: saving, adding, moving and removing
//! sections, and restoring an earlier revision. The draft's editors only.

use super::super::forms::SectionInput;
#[cfg(feature = "ssr")]
use super::ssr;
use crate::error::AppError;
use leptos::prelude::*;

/// Saves a section's new text, written from version `base_version`. If the
/// section changed meanwhile, the two changes are merged; when they touch
/// the same words nothing is saved and the error names the other version.
/// The draft's editors only.
#[server(prefix = "/api", endpoint = "save_draft_section")]
pub async fn save_section(
    draft_id: i64,
    section_id: i64,
    base_version: i64,
    #[server(flatten)] form: SectionInput,
) -> Result<(), AppError> {
    use ssr::*;
    forms::submit(&format!("section-{section_id}"), &form, async {
        let change = SectionChange::check(draft_id, &form).await?;
        let edit = Operation::Edit {
            section_id,
            base_version,
            heading: &change.heading,
            body: &change.body,
        };
        let outcome = store::apply(&change.db, draft_id, &change.author(), &edit).await?;
        if let Outcome::Saved { revision, kind } = &outcome {
            tracing::info!(
                user_id = change.me.id,
                draft_id,
                section_id,
                revision,
                kind = kind.as_str(),
                "draft section saved"
            );
        }
        outcome_result(outcome)?;
        Ok(format!("/drafts/{draft_id}#section-{section_id}"))
    })
    .await
}

/// Adds a section at the end of the draft. The draft's editors only.
#[server(prefix = "/api", endpoint = "add_draft_section")]
pub async fn add_section(
    draft_id: i64,
    #[server(flatten)] form: SectionInput,
) -> Result<(), AppError> {
    use ssr::*;
    forms::submit("add-section", &form, async {
        let change = SectionChange::check(draft_id, &form).await?;
        let add = Operation::Add {
            heading: &change.heading,
            body: &change.body,
        };
        outcome_result(store::apply(&change.db, draft_id, &change.author(), &add).await?)?;
        Ok(format!("/drafts/{draft_id}"))
    })
    .await
}

/// Moves a section up or down, or removes it. The draft's editors only.
#[server(prefix = "/api", endpoint = "arrange_draft_section")]
pub async fn arrange_section(
    draft_id: i64,
    section_id: i64,
    action: String,
) -> Result<(), AppError> {
    use ssr::*;
    forms::submit(&format!("arrange-{section_id}"), &(), async {
        let me = require_user().await?;
        let db = db()?;
        let (_, institution) = editable(&db, &me, draft_id).await?;
        let op = match action.as_str() {
            "up" => Operation::Move {
                section_id,
                up: true,
            },
            "down" => Operation::Move {
                section_id,
                up: false,
            },
            "remove" => Operation::Remove { section_id },
            _ => {
                return Err(AppError::Refused(
                    "Choose to move the section up or down, or to remove it.".into(),
                ))
            }
        };
        let author = Author {
            user_id: me.id,
            institution_id: institution,
            message: None,
        };
        outcome_result(store::apply(&db, draft_id, &author, &op).await?)?;
        Ok(format!("/drafts/{draft_id}"))
    })
    .await
}

/// Restores an earlier revision's sections as a new revision (nothing is
/// lost: the revisions between stay in the history). The draft's editors only.
#[server(prefix = "/api", endpoint = "restore_draft_revision")]
pub async fn restore_revision(draft_id: i64, number: i64) -> Result<(), AppError> {
    use ssr::*;
    forms::submit(&format!("restore-{number}"), &(), async {
        let me = require_user().await?;
        let db = db()?;
        let (_, institution) = editable(&db, &me, draft_id).await?;
        let message = format!("Restored revision {number}");
        let author = Author {
            user_id: me.id,
            institution_id: institution,
            message: Some(&message),
        };
        let outcome = store::apply(&db, draft_id, &author, &Operation::Restore { number }).await?;
        tracing::info!(
            user_id = me.id,
            draft_id,
            number,
            ?outcome,
            "draft revision restored"
        );
        outcome_result(outcome)?;
        Ok(format!("/drafts/{draft_id}"))
    })
    .await
}
