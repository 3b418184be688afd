//! Server functions of consultations: the public list, and publishing a
//! signed-off draft.

use super::{ConsultationSummary, PublishInput};
use crate::error::AppError;
use leptos::prelude::*;

/// Every consultation, open ones first. Anyone may call it.
#[server(prefix = "/api", endpoint = "consultations")]
pub async fn get_consultations() -> Result<Vec<ConsultationSummary>, AppError> {
    Ok(super::store::list(&crate::context::db()?).await?)
}

/// Publishes a draft's current revision as a public proposal, with comments
/// open until the end of `closes_on` (UK time). An owning institution's lead
/// or a policy maker who can read the draft, once the quorum of sign-offs
/// holds on `revision`, which must be the one they read and still current.
/// A draft without a roadmap item is linked to `item_id` on the way.
#[server(prefix = "/api", endpoint = "publish_draft")]
pub async fn publish_draft(
    draft_id: i64,
    revision: i64,
    #[server(flatten)] form: PublishInput,
) -> Result<(), AppError> {
    use super::store::{self, NewProposal, PublishOutcome};
    use super::MAX_DAYS_OPEN;
    use crate::domain::drafts::access::{is_lead_of, may_publish};
    use crate::drafts::access::readable;
    use crate::error::Validation;
    use crate::forms;
    use crate::identity::session::require_user;
    use crate::time_fmt;
    forms::submit("publish", &form, async {
        let me = require_user().await?;
        let db = crate::context::db()?;
        let header = readable(&db, Some(&me), draft_id).await?;
        let lead_of = header.owners.iter().find(|o| is_lead_of(&me, o.id));
        if !may_publish(&me, &header.owner_ids()) {
            return Err(AppError::Forbidden(
                "Only a lead of an institution that owns this draft, or a policy maker, can publish it."
                    .into(),
            ));
        }
        let mut v = Validation::new();
        let now = crate::db::now_ms();
        let today = time_fmt::uk_date(now);
        let closes = time_fmt::parse_date(form.closes_on.trim());
        match closes {
            None => v.add(
                "closes_on",
                "Enter the date comments close, as a date like 2027-01-31.",
            ),
            Some(date) => {
                v.check(
                    date > today,
                    "closes_on",
                    "The close date must be after today.",
                );
                v.check(
                    (date - today).whole_days() <= MAX_DAYS_OPEN,
                    "closes_on",
                    "A consultation can stay open for at most a year.",
                );
            }
        }
        let item = match (&header.item, form.item_id.trim()) {
            (Some(_), _) => None,
            (None, "") => {
                v.add("item_id", "Choose the roadmap item the proposal answers.");
                None
            }
            (None, text) => {
                let found = match text.parse::<i64>() {
                    Ok(id) => crate::roadmap::store::item(&db, id).await?.map(|_| id),
                    Err(_) => None,
                };
                v.check(
                    found.is_some(),
                    "item_id",
                    "Choose a roadmap item from the list.",
                );
                found
            }
        };
        v.finish()?;
        let closes_at = time_fmt::end_of_uk_day(closes.unwrap_or(today));
        let audit = crate::audit::Entry {
            at: now,
            actor_id: me.id,
            actor_name: me.display_name.clone(),
            institution: lead_of.map(|o| o.name.clone()),
            action: "draft.publish",
            subject: format!("draft:{draft_id}"),
            detail: serde_json::json!({ "revision": revision, "closes_at": closes_at }),
        };
        let new = NewProposal {
            draft_id,
            revision,
            item_id: item,
            title: &header.title,
            closes_at,
            publisher_id: me.id,
        };
        let key = &crate::context::server_context()?.secret_key;
        match store::publish(&db, &new, key, &audit).await? {
            PublishOutcome::Published => {
                tracing::info!(user_id = me.id, draft_id, revision, "draft published");
                Ok(format!("/drafts/{draft_id}"))
            }
            PublishOutcome::NotCurrent => Err(AppError::Refused(
                "The draft changed after you opened it, so it was not published. Read the latest revision first."
                    .into(),
            )),
            PublishOutcome::QuorumNotMet => Err(AppError::Refused(
                "Not enough owning institutions have signed off this revision yet, so it cannot be published."
                    .into(),
            )),
            PublishOutcome::NoItem => Err(AppError::invalid(
                "item_id",
                "Choose the roadmap item the proposal answers.",
            )),
            PublishOutcome::AlreadyPublished => {
                Err(AppError::Refused("This draft is already published.".into()))
            }
        }
    })
    .await
}
