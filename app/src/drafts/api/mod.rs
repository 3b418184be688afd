//! Server functions of drafts. Each checks first who is asking (through
//! [`super::access`]): reading follows the draft's visibility (an unreadable
//! draft is "not found", so its existence is not given away); changing is
//! for the people of its owning institutions, until it is published.
//!
//! This file holds the reads; [`sections`] the changes to the text,
//! [`lifecycle`] starting, opening and signing off a draft, and
//! [`invitations`] inviting co-owners and their answers.

mod invitations;
mod lifecycle;
mod sections;

pub use invitations::*;
pub use lifecycle::*;
pub use sections::*;

use super::{Comparison, DraftSummary, History, SectionText};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    //! What the server functions of drafts use, in one place.
    pub use super::super::access::{editable, history_readable, readable};
    pub use super::super::change::{
        current_section_text, outcome_result, section_version, SectionChange,
    };
    pub use super::super::store::{self, Author, Operation, Outcome};
    pub use super::super::*;
    pub use crate::context::db;
    pub use crate::domain::drafts::access::*;
    pub use crate::domain::drafts::Visibility;
    pub use crate::domain::identity::Me;
    pub use crate::error::AppError;
    pub use crate::forms;
    pub use crate::identity::session::{current_user, require_user};
}

/// The drafts the viewer may see. Anyone may call it (the public sees
/// published drafts only).
#[server(prefix = "/api", endpoint = "drafts")]
pub async fn get_drafts() -> Result<Vec<DraftSummary>, AppError> {
    use ssr::*;
    let me = current_user().await?;
    let partner_or_policy = me.as_ref().is_some_and(|m| {
        m.is_partner() || m.has_role(crate::domain::identity::GlobalRole::PolicyMaker)
    });
    let institutions: Vec<i64> = me
        .iter()
        .flat_map(|m| m.memberships.iter().map(|x| x.institution_id))
        .collect();
    Ok(store::visible(&db()?, partner_or_policy, &institutions).await?)
}

/// A section's current text, for its edit form. The draft's editors only.
#[server(prefix = "/api", endpoint = "draft_section")]
pub async fn get_section(draft_id: i64, section_id: i64) -> Result<SectionText, AppError> {
    use ssr::*;
    let me = require_user().await?;
    let db = db()?;
    let (header, _) = editable(&db, &me, draft_id).await?;
    current_section_text(&db, header, section_id).await
}

/// One version of a section (another writer's, when saving conflicted).
/// Anyone who may read the draft.
#[server(prefix = "/api", endpoint = "draft_section_version")]
pub async fn get_section_version(draft_id: i64, version_id: i64) -> Result<SectionText, AppError> {
    use ssr::*;
    let me = current_user().await?;
    section_version(&db()?, me.as_ref(), draft_id, version_id).await
}

/// Revisions, newest first, of the draft or of one section. Anyone who may
/// read the draft.
#[server(prefix = "/api", endpoint = "draft_history")]
pub async fn get_history(
    draft_id: i64,
    section_id: Option<i64>,
    before: Option<i64>,
) -> Result<History, AppError> {
    use ssr::*;
    const PAGE: i64 = 50;
    let me = current_user().await?;
    let db = db()?;
    let header = history_readable(&db, me.as_ref(), draft_id).await?;
    let before = before.unwrap_or(header.current_revision + 1);
    let mut revisions = store::revisions(&db, draft_id, section_id, before, PAGE + 1).await?;
    let more_before = (revisions.len() as i64 > PAGE).then(|| {
        revisions.truncate(PAGE as usize);
        revisions.last().map(|r| r.number).unwrap_or_default()
    });
    let section = match section_id {
        Some(id) => {
            let current = store::sections_at(&db, draft_id, header.current_revision).await?;
            let heading = current
                .into_iter()
                .find(|s| s.section_id == id)
                .map(|s| s.heading)
                .or_else(|| revisions.iter().find_map(|r| r.section.clone()))
                .ok_or_else(not_found)?;
            Some((id, heading))
        }
        None => None,
    };
    Ok(History {
        can_edit: can_edit(me.as_ref(), &header.owner_ids(), header.visibility),
        draft_id,
        title: header.title,
        current: header.current_revision,
        section,
        revisions,
        more_before,
    })
}

/// Two revisions compared, section by section, word by word. Anyone who may
/// read the draft.
#[server(prefix = "/api", endpoint = "draft_compare")]
pub async fn compare(draft_id: i64, from: i64, to: i64) -> Result<Comparison, AppError> {
    use ssr::*;
    let me = current_user().await?;
    let db = db()?;
    let header = history_readable(&db, me.as_ref(), draft_id).await?;
    let missing = || AppError::NotFound("There is no such revision.".into());
    let from_info = store::revision(&db, draft_id, from)
        .await?
        .ok_or_else(missing)?;
    let to_info = store::revision(&db, draft_id, to)
        .await?
        .ok_or_else(missing)?;
    let old = store::sections_at(&db, draft_id, from).await?;
    let new = store::sections_at(&db, draft_id, to).await?;
    // Diffing is CPU work: off the async workers, and within one second for
    // the whole comparison, however many sections differ.
    let sections = tokio::task::spawn_blocking(move || super::compare::sections(&old, &new))
        .await
        .map_err(|err| {
            tracing::error!(%err, "comparison failed");
            AppError::Internal
        })?;
    Ok(Comparison {
        draft_id,
        title: header.title,
        from: from_info,
        to: to_info,
        sections,
    })
}
