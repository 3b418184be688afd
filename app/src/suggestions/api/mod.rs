//! Server functions of suggestions. Reading follows the draft's history
//! (partners and policy makers who can read the draft); suggesting needs an
//! account that can read the draft, until it is published; accepting and
//! rejecting are for the draft's owners.

mod decide;

pub use decide::*;

use super::{Suggestion, SuggestionList};
use crate::drafts::forms::{NoteInput, SectionInput};
use crate::drafts::SectionText;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    pub use super::super::store::{self, NewSuggestion};
    pub use super::super::*;
    pub use crate::context::db;
    pub use crate::domain::drafts::Visibility;
    pub use crate::domain::identity::Me;
    pub use crate::drafts::access::{editable, history_readable, readable, speaking_for};
    pub use crate::drafts::change::{
        current_section_text, outcome_result, section_version, version_of_section,
    };
    pub use crate::drafts::forms::{section_fields, CheckedSection};
    pub use crate::drafts::store::{Author, Followup, Header, Operation, Outcome};
    pub use crate::error::{AppError, Validation};
    pub use crate::forms;
    pub use crate::identity::session::{current_user, require_user};

    pub fn not_found() -> AppError {
        AppError::NotFound("There is no such suggestion, or you cannot see it.".into())
    }

    /// The draft, if `me` may suggest changes to it: they can read it and it
    /// is not published.
    pub async fn suggestable(db: &crate::db::Db, me: &Me, id: i64) -> Result<Header, AppError> {
        let header = readable(db, Some(me), id).await?;
        if header.visibility == Visibility::Published {
            return Err(AppError::Forbidden(
                "This draft is published: its text is frozen.".into(),
            ));
        }
        Ok(header)
    }

    /// The suggestion, if it is open.
    pub async fn open_suggestion(
        db: &crate::db::Db,
        draft_id: i64,
        id: i64,
    ) -> Result<store::Row, AppError> {
        let row = store::get(db, draft_id, id).await?.ok_or_else(not_found)?;
        match row.status() {
            Status::Open => Ok(row),
            status => Err(AppError::Refused(format!(
                "This suggestion is {} already.",
                status.label().to_lowercase()
            ))),
        }
    }

    pub fn audit_entry(
        me: &Me,
        institution: Option<String>,
        action: &'static str,
        draft_id: i64,
        detail: serde_json::Value,
    ) -> crate::audit::Entry {
        crate::audit::Entry::now(me, institution, action, format!("draft:{draft_id}"), detail)
    }
}

/// A draft's suggestions, open ones first.
#[server(prefix = "/api", endpoint = "draft_suggestions")]
pub async fn get_suggestions(draft_id: i64) -> Result<SuggestionList, AppError> {
    use ssr::*;
    let me = current_user().await?;
    let db = db()?;
    let header = history_readable(&db, me.as_ref(), draft_id).await?;
    Ok(SuggestionList {
        draft_id,
        title: header.title,
        suggestions: store::list(&db, draft_id).await?,
    })
}

/// A section's current text, for the suggestion form.
#[server(prefix = "/api", endpoint = "draft_section_to_suggest")]
pub async fn get_section_to_suggest(
    draft_id: i64,
    section_id: i64,
) -> Result<SectionText, AppError> {
    use ssr::*;
    let me = require_user().await?;
    let db = db()?;
    let header = suggestable(&db, &me, draft_id).await?;
    current_section_text(&db, header, section_id).await
}

/// Suggests new text for a section, written from version `base_version`.
#[server(prefix = "/api", endpoint = "suggest_draft_change")]
pub async fn suggest_change(
    draft_id: i64,
    section_id: i64,
    base_version: i64,
    #[server(flatten)] form: SectionInput,
) -> Result<(), AppError> {
    use ssr::*;
    forms::submit(&format!("suggest-{section_id}"), &form, async {
        let me = require_user().await?;
        let db = db()?;
        let header = suggestable(&db, &me, draft_id).await?;
        let base = version_of_section(&db, draft_id, section_id, base_version).await?;
        let CheckedSection {
            heading,
            body,
            message: note,
        } = form.check()?;
        if heading == base.heading && body == base.body {
            return Err(AppError::invalid(
                "body",
                "Your suggestion is the same as the text it would change. Change some words first.",
            ));
        }
        let id = store::insert(
            &db,
            &NewSuggestion {
                draft_id,
                section_id,
                base_version_id: base_version,
                heading: &heading,
                body: &body,
                note: note.as_deref(),
                author_id: me.id,
                institution_id: speaking_for(&me, &header),
            },
        )
        .await?;
        tracing::info!(
            user_id = me.id,
            draft_id,
            suggestion_id = id,
            "change suggested"
        );
        Ok(format!("/drafts/{draft_id}/suggestions/{id}"))
    })
    .await
}

/// One suggestion: its diff against the text it was written for, whether
/// the section moved on since, its discussion, and what the viewer may do.
#[server(prefix = "/api", endpoint = "draft_suggestion")]
pub async fn get_suggestion(draft_id: i64, id: i64) -> Result<Suggestion, AppError> {
    use ssr::*;
    let me = current_user().await?;
    let db = db()?;
    let header = history_readable(&db, me.as_ref(), draft_id).await?;
    let row = store::get(&db, draft_id, id).await?.ok_or_else(not_found)?;
    let current = crate::drafts::store::sections_at(&db, draft_id, header.current_revision)
        .await?
        .into_iter()
        .find(|s| s.section_id == row.section_id);
    let status = row.status();
    let open = status == Status::Open;
    let editable = crate::domain::drafts::access::can_edit(
        me.as_ref(),
        &header.owner_ids(),
        header.visibility,
    );
    let (base_heading, base_body, heading, body) = (
        row.base_heading.clone(),
        row.base_body.clone(),
        row.heading.clone(),
        row.body.clone(),
    );
    let (heading_diff, body_diff) = tokio::task::spawn_blocking(move || {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
        (
            crate::domain::drafts::text::word_diff_until(&base_heading, &heading, deadline),
            crate::domain::drafts::text::word_diff_until(&base_body, &body, deadline),
        )
    })
    .await
    .map_err(|err| {
        tracing::error!(%err, "suggestion diff failed");
        AppError::Internal
    })?;
    Ok(Suggestion {
        id,
        draft_id,
        draft_title: header.title,
        section_id: row.section_id,
        author: byline(&row.author, row.institution.as_deref()),
        created_at: row.created_at,
        note: row.note.clone(),
        status,
        decided: row.decided_by.clone().zip(row.decided_at),
        reason: row.reason.clone(),
        applied_revision: row.applied_revision,
        base_heading: row.base_heading.clone(),
        heading: row.heading.clone(),
        body: row.body.clone(),
        heading_diff,
        body_diff,
        moved_on: current
            .as_ref()
            .map(|c| c.version_id)
            .filter(|v| *v != row.base_version_id),
        section_gone: current.is_none(),
        comments: store::comments(&db, id).await?,
        can_decide: open && editable,
        can_withdraw: open
            && header.visibility != Visibility::Published
            && me.as_ref().is_some_and(|m| Some(m.id) == row.author_id),
        can_comment: me.is_some() && header.visibility != Visibility::Published,
    })
}

/// The section as it reads now, when accepting a suggestion found that
/// both changed the same words (`version_id` from that error). Anyone who
/// may read the draft's history.
#[server(prefix = "/api", endpoint = "suggestion_section_now")]
pub async fn get_section_now(draft_id: i64, version_id: i64) -> Result<SectionText, AppError> {
    use ssr::*;
    let me = current_user().await?;
    section_version(&db()?, me.as_ref(), draft_id, version_id).await
}

/// Adds a comment to a suggestion's discussion. Anyone signed in who may
/// read the suggestion.
#[server(prefix = "/api", endpoint = "comment_on_suggestion")]
pub async fn comment_on_suggestion(
    draft_id: i64,
    suggestion_id: i64,
    #[server(flatten)] form: NoteInput,
) -> Result<(), AppError> {
    use ssr::*;
    let key = format!("suggestion-comment-{suggestion_id}");
    forms::submit(&key, &form, async {
        let me = require_user().await?;
        let db = db()?;
        let header = history_readable(&db, Some(&me), draft_id).await?;
        store::get(&db, draft_id, suggestion_id)
            .await?
            .ok_or_else(not_found)?;
        if header.visibility == Visibility::Published {
            return Err(AppError::Forbidden(
                "This draft is published: its partners' discussions are closed.".into(),
            ));
        }
        let body = form.check()?;
        if store::add_comment(&db, suggestion_id, me.id, speaking_for(&me, &header), &body)
            .await?
            .is_none()
        {
            return Err(AppError::Forbidden(
                "This draft is published: its partners' discussions are closed.".into(),
            ));
        }
        Ok(format!(
            "/drafts/{draft_id}/suggestions/{suggestion_id}#discussion"
        ))
    })
    .await
}
