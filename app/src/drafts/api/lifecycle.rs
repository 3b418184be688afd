//! A draft's life outside its text: starting one, who can read it, and
//! its sign-offs.

use super::super::forms::{NewDraftInput, SignOffInput};
use super::super::NewDraftChoices;
#[cfg(feature = "ssr")]
use super::ssr;
use crate::error::AppError;
use leptos::prelude::*;

/// What the new-draft form offers. Partners only.
#[server(prefix = "/api", endpoint = "new_draft_choices")]
pub async fn get_new_draft_choices() -> Result<NewDraftChoices, AppError> {
    new_draft_choices(&ssr::require_user().await?).await
}

/// The roadmap items and institutions a draft may name, if `me` may start one.
#[cfg(feature = "ssr")]
async fn new_draft_choices(me: &ssr::Me) -> Result<NewDraftChoices, AppError> {
    use ssr::*;
    if !me.is_partner() {
        return Err(AppError::Forbidden(
            "Drafts are written by partner institutions: sign in with your institution to start one.".into(),
        ));
    }
    let db = db()?;
    let items = crate::roadmap::store::item_titles(&db).await?;
    let institutions = crate::institutions::store::list(&db)
        .await?
        .into_iter()
        .map(|i| Owner {
            id: i.id,
            name: i.name,
        })
        .collect();
    Ok(NewDraftChoices {
        items,
        institutions,
        mine: me.memberships.iter().map(|m| m.institution_id).collect(),
    })
}

/// Starts a draft with its first section. Partners only; one of the
/// owners must be the author's own institution, and the others are invited.
#[server(prefix = "/api", endpoint = "create_draft")]
pub async fn create_draft(#[server(flatten)] form: NewDraftInput) -> Result<(), AppError> {
    use ssr::*;
    forms::submit("new-draft", &form, async {
        let me = require_user().await?;
        let choices = new_draft_choices(&me).await?;
        let draft = form.check(&choices)?;
        // The author's institution owns it; any other it names is invited,
        // and owns it once a lead accepts (one the author leads at once).
        let (owners, invited): (Vec<i64>, Vec<i64>) = draft
            .owners
            .iter()
            .partition(|o| **o == draft.institution || is_lead_of(&me, **o));
        let id = store::create(
            &db()?,
            &store::NewDraft {
                title: &draft.title,
                item_id: draft.item_id,
                owners: &owners,
                invited: &invited,
                quorum: draft.quorum,
                author_id: me.id,
                institution_id: draft.institution,
                first_heading: &draft.heading,
                first_body: &draft.body,
            },
        )
        .await?;
        tracing::info!(user_id = me.id, draft_id = id, "draft started");
        Ok(format!("/drafts/{id}"))
    })
    .await
}

/// Opens a draft to all partners (or back to its owners). The draft's
/// editors only; publishing is a separate step.
#[server(prefix = "/api", endpoint = "draft_visibility")]
pub async fn set_visibility(draft_id: i64, visibility: String) -> Result<(), AppError> {
    use ssr::*;
    forms::submit("visibility", &(), async {
        let me = require_user().await?;
        let db = db()?;
        editable(&db, &me, draft_id).await?;
        let visibility = Visibility::parse(&visibility)
            .filter(|v| *v != Visibility::Published)
            .ok_or_else(|| AppError::invalid("visibility", "Choose who can read the draft."))?;
        if !store::set_visibility(&db, draft_id, visibility).await? {
            return Err(not_found());
        }
        tracing::info!(
            user_id = me.id,
            draft_id,
            visibility = visibility.as_str(),
            "draft visibility changed"
        );
        Ok(format!("/drafts/{draft_id}"))
    })
    .await
}

/// Signs off the current revision for the signer's institution, with a
/// statement. Leads of the draft's owning institutions only; `revision` is
/// the one they read, and it must still be the current one.
#[server(prefix = "/api", endpoint = "sign_off_draft")]
pub async fn sign_off(
    draft_id: i64,
    #[server(default)] institution_id: Option<i64>,
    revision: i64,
    #[server(flatten)] form: SignOffInput,
) -> Result<(), AppError> {
    use ssr::*;
    forms::submit("sign-off", &form, async {
        let me = require_user().await?;
        let db = db()?;
        let header = readable(&db, Some(&me), draft_id).await?;
        // The institution the form names (a lead of two owners chooses);
        // without one, the first owner the signer leads.
        let Some(institution) = header
            .owners
            .iter()
            .find(|o| is_lead_of(&me, o.id) && institution_id.is_none_or(|i| i == o.id))
        else {
            return Err(AppError::Forbidden(
                "Only a lead of an institution that owns this draft can sign it off.".into(),
            ));
        };
        let statement = form.check()?;
        let audit = crate::audit::Entry {
            at: crate::db::now_ms(),
            actor_id: me.id,
            actor_name: me.display_name.clone(),
            institution: Some(institution.name.clone()),
            action: "draft.sign_off",
            subject: format!("draft:{draft_id}"),
            detail: serde_json::json!({ "revision": revision, "statement": &statement }),
        };
        match super::super::sign_offs::sign_off(&db, draft_id, institution.id, revision, &statement, &crate::context::server_context()?.secret_key, &audit).await? {
            super::super::sign_offs::SignOffOutcome::Signed => {
                tracing::info!(user_id = me.id, draft_id, revision, institution = institution.id, "draft signed off");
                Ok(format!("/drafts/{draft_id}#sign-off"))
            }
            super::super::sign_offs::SignOffOutcome::NotCurrent => Err(AppError::Refused(
                "The draft changed after you opened it, so your sign-off was not recorded. Read the latest revision, then sign it off."
                    .into(),
            )),
            super::super::sign_offs::SignOffOutcome::AlreadySigned => Err(AppError::Refused(format!(
                "{} has already signed off this revision.",
                institution.name
            ))),
            super::super::sign_offs::SignOffOutcome::NotEditable => Err(AppError::Forbidden(
                "This draft is published: its text is frozen.".into(),
            )),
        }
    })
    .await
}
