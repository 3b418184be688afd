//! A draft's life outside its text: starting one, who can read it, and
//! its sign-offs.

// Forms post one argument per field (see roadmap/api.rs).
#![allow(clippy::too_many_arguments)]

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
/// owners must be the author's own institution.
#[server(prefix = "/api", endpoint = "create_draft")]
pub async fn create_draft(
    title: String,
    item_id: String,
    #[server(default)] owners: Vec<i64>,
    quorum: String,
    #[server(default)] quorum_count: String,
    heading: String,
    body: String,
) -> Result<(), AppError> {
    use ssr::*;
    let owners_text = owners
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let kept = [
        ("title", title.as_str()),
        ("item_id", item_id.as_str()),
        ("owners", owners_text.as_str()),
        ("quorum", quorum.as_str()),
        ("quorum_count", quorum_count.as_str()),
        ("heading", heading.as_str()),
        ("body", body.as_str()),
    ];
    let result = async {
        let me = require_user().await?;
        let choices = new_draft_choices(&me).await?;
        let mut v = Validation::new();
        let title = title.trim();
        v.check(!title.is_empty(), "title", "Enter a title for the draft.");
        v.check(
            title.chars().count() <= MAX_TITLE,
            "title",
            "The title must be 200 characters or fewer.",
        );
        v.check(
            !title.chars().any(char::is_control),
            "title",
            "The title must be one line.",
        );
        let item_id = match item_id.trim() {
            "" => None,
            text => {
                let id = text
                    .parse::<i64>()
                    .ok()
                    .filter(|id| choices.items.iter().any(|(i, _)| i == id));
                v.check(
                    id.is_some(),
                    "item_id",
                    "Choose a roadmap item from the list.",
                );
                id
            }
        };
        let mut owners = owners.clone();
        owners.sort_unstable();
        owners.dedup();
        v.check(
            owners
                .iter()
                .all(|o| choices.institutions.iter().any(|i| i.id == *o)),
            "owners",
            "Choose owners from the list of partner institutions.",
        );
        let institution = owners.iter().copied().find(|o| choices.mine.contains(o));
        v.check(
            institution.is_some(),
            "owners",
            "Your own institution must be one of the owners.",
        );
        let quorum = match quorum.as_str() {
            "all" => None,
            "count" => {
                let n = quorum_count
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n >= 1 && *n <= owners.len() as i64);
                v.check(
                    n.is_some(),
                    "quorum_count",
                    "Enter how many owners must sign off: a number from 1 to the number of owners.",
                );
                n
            }
            _ => {
                v.add("quorum", "Choose how many owners must sign off.");
                None
            }
        };
        let (heading, body) = section_fields(&mut v, &heading, &body);
        v.finish()?;
        let id = store::create(
            &db()?,
            &store::NewDraft {
                title,
                item_id,
                owners: &owners,
                quorum,
                author_id: me.id,
                institution_id: institution.unwrap_or_default(),
                first_heading: &heading,
                first_body: &body,
            },
        )
        .await?;
        tracing::info!(user_id = me.id, draft_id = id, "draft started");
        Ok(id)
    }
    .await;
    let id = forms::finish("new-draft", &kept, result).await?;
    leptos_axum::redirect(&format!("/drafts/{id}"));
    Ok(())
}

/// Opens a draft to all partners (or back to its owners). The draft's
/// editors only; publishing is a separate step.
#[server(prefix = "/api", endpoint = "draft_visibility")]
pub async fn set_visibility(draft_id: i64, visibility: String) -> Result<(), AppError> {
    use ssr::*;
    let result = async {
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
        Ok(())
    }
    .await;
    forms::finish("visibility", &[], result).await?;
    leptos_axum::redirect(&format!("/drafts/{draft_id}"));
    Ok(())
}

/// Signs off the current revision for the signer's institution, with a
/// statement. Leads of the draft's owning institutions only; `revision` is
/// the one they read, and it must still be the current one.
#[server(prefix = "/api", endpoint = "sign_off_draft")]
pub async fn sign_off(
    draft_id: i64,
    #[server(default)] institution_id: Option<i64>,
    revision: i64,
    statement: String,
) -> Result<(), AppError> {
    use ssr::*;
    let kept = [("statement", statement.as_str())];
    let result = async {
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
        let statement = statement.trim();
        let mut v = Validation::new();
        v.check(!statement.is_empty(), "statement", "Enter a short statement of what your institution signs off.");
        v.check(
            statement.chars().count() <= MAX_STATEMENT,
            "statement",
            "The statement must be 1,000 characters or fewer.",
        );
        v.finish()?;
        let audit = crate::audit::Entry {
            at: crate::db::now_ms(),
            actor_id: me.id,
            actor_name: me.display_name.clone(),
            institution: Some(institution.name.clone()),
            action: "draft.sign_off",
            subject: format!("draft:{draft_id}"),
            detail: serde_json::json!({ "revision": revision, "statement": statement }),
        };
        match store::sign_off(&db, draft_id, institution.id, revision, statement, &crate::context::server_context()?.secret_key, &audit).await? {
            store::SignOffOutcome::Signed => {
                tracing::info!(user_id = me.id, draft_id, revision, institution = institution.id, "draft signed off");
                Ok(())
            }
            store::SignOffOutcome::NotCurrent => Err(AppError::Refused(
                "The draft changed after you opened it, so your sign-off was not recorded. Read the latest revision, then sign it off."
                    .into(),
            )),
            store::SignOffOutcome::AlreadySigned => Err(AppError::Refused(format!(
                "{} has already signed off this revision.",
                institution.name
            ))),
            store::SignOffOutcome::NotEditable => Err(AppError::Forbidden(
                "This draft is published: its text is frozen.".into(),
            )),
        }
    }
    .await;
    forms::finish("sign-off", &kept, result).await?;
    leptos_axum::redirect(&format!("/drafts/{draft_id}#sign-off"));
    Ok(())
}
