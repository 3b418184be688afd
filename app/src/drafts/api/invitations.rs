//! Invitations to co-own a draft: an owner invites an institution (or
//! withdraws the invitation); a lead of the invited institution accepts or
//! declines. Each change is in the audit chain.

use super::super::forms::InviteInput;
#[cfg(feature = "ssr")]
use super::ssr;
use crate::error::AppError;
use leptos::prelude::*;

/// Invites an institution to co-own the draft. The draft's editors only.
#[server(prefix = "/api", endpoint = "draft_invite")]
pub async fn invite_co_owner(
    draft_id: i64,
    #[server(flatten)] form: InviteInput,
) -> Result<(), AppError> {
    use super::super::invitations::{self, Change, Outcome};
    use ssr::*;
    forms::submit("invite", &form, async {
        let me = require_user().await?;
        let db = db()?;
        let (header, mine) = editable(&db, &me, draft_id).await?;
        let listed = invitations::list(&db, draft_id).await?;
        let offered = invitations::invitable(&db, &header.owners, &listed).await?;
        let institution = form.check(&offered)?;
        let name = name_of(&offered, institution);
        let audit = entry(&me, &header, mine, "draft.invite", institution, &name);
        let change = Change::Invite { invited_for: mine };
        match invitations::change(&db, draft_id, institution, change, &key()?, &audit).await? {
            Outcome::Done => {
                tracing::info!(user_id = me.id, draft_id, institution, "co-owner invited");
                Ok(format!("/drafts/{draft_id}#owners"))
            }
            outcome => Err(refusal(outcome, &name)),
        }
    })
    .await
}

/// A lead's answer to their institution's invitation: `accept` or
/// `decline`. Leads of the invited institution only, before publishing.
#[server(prefix = "/api", endpoint = "draft_invitation_answer")]
pub async fn answer_invitation(
    draft_id: i64,
    institution_id: i64,
    answer: String,
) -> Result<(), AppError> {
    use super::super::invitations::{self, Change, Outcome};
    use ssr::*;
    forms::submit("invitation", &(), async {
        let me = require_user().await?;
        let db = db()?;
        let header = readable(&db, Some(&me), draft_id).await?;
        let Some(membership) = me
            .memberships
            .iter()
            .find(|m| m.institution_id == institution_id)
            .filter(|_| may_answer_invitation(&me, institution_id, header.visibility))
        else {
            return Err(AppError::Forbidden(
                "Only a lead of the invited institution can answer its invitation, before the draft is published.".into(),
            ));
        };
        let name = membership.institution_name.clone();
        let (change, action) = match answer.as_str() {
            "accept" => (Change::Accept, "draft.invitation_accept"),
            "decline" => (Change::Decline, "draft.invitation_decline"),
            _ => return Err(AppError::invalid("answer", "Choose to accept or to decline.")),
        };
        let audit = entry(&me, &header, institution_id, action, institution_id, &name);
        match invitations::change(&db, draft_id, institution_id, change, &key()?, &audit).await? {
            Outcome::Done => {
                tracing::info!(user_id = me.id, draft_id, institution_id, action, "invitation answered");
                // Having declined, its people may no longer read the draft.
                Ok(match change {
                    Change::Accept => format!("/drafts/{draft_id}"),
                    _ => "/drafts".to_owned(),
                })
            }
            outcome => Err(refusal(outcome, &name)),
        }
    })
    .await
}

/// Takes back an invitation (waiting or declined). The draft's editors only.
#[server(prefix = "/api", endpoint = "draft_invitation_withdraw")]
pub async fn withdraw_invitation(draft_id: i64, institution_id: i64) -> Result<(), AppError> {
    use super::super::invitations::{self, Change, Outcome};
    use ssr::*;
    forms::submit(&format!("withdraw-{institution_id}"), &(), async {
        let me = require_user().await?;
        let db = db()?;
        let (header, mine) = editable(&db, &me, draft_id).await?;
        let listed = invitations::list(&db, draft_id).await?;
        let invited: Vec<_> = listed.into_iter().map(|n| n.institution).collect();
        let name = name_of(&invited, institution_id);
        let audit = entry(
            &me,
            &header,
            mine,
            "draft.invitation_withdraw",
            institution_id,
            &name,
        );
        match invitations::change(
            &db,
            draft_id,
            institution_id,
            Change::Withdraw,
            &key()?,
            &audit,
        )
        .await?
        {
            Outcome::Done => {
                tracing::info!(
                    user_id = me.id,
                    draft_id,
                    institution_id,
                    "invitation withdrawn"
                );
                Ok(format!("/drafts/{draft_id}#owners"))
            }
            outcome => Err(refusal(outcome, &name)),
        }
    })
    .await
}

/// The name of `id` among `institutions` ("that institution" if absent).
#[cfg(feature = "ssr")]
fn name_of(institutions: &[ssr::Owner], id: i64) -> String {
    institutions
        .iter()
        .find(|o| o.id == id)
        .map_or_else(|| "That institution".to_owned(), |o| o.name.clone())
}

/// The audit entry of a change to `institution`'s invitation, made by `me`
/// speaking for `speaking_for`.
#[cfg(feature = "ssr")]
fn entry(
    me: &ssr::Me,
    header: &ssr::store::Header,
    speaking_for: i64,
    action: &'static str,
    institution: i64,
    name: &str,
) -> crate::audit::Entry {
    let speaker = me
        .memberships
        .iter()
        .find(|m| m.institution_id == speaking_for)
        .map(|m| m.institution_name.clone());
    crate::audit::Entry::now(
        me,
        speaker,
        action,
        format!("draft:{}", header.id),
        serde_json::json!({ "institution_id": institution, "institution": name }),
    )
}

#[cfg(feature = "ssr")]
fn key() -> Result<crate::secrets::SecretKey, AppError> {
    Ok(crate::context::server_context()?.secret_key)
}

/// What a person is told when their change could not be made.
#[cfg(feature = "ssr")]
fn refusal(outcome: super::super::invitations::Outcome, name: &str) -> AppError {
    use super::super::invitations::Outcome;
    AppError::Refused(match outcome {
        Outcome::Published => {
            "This draft is published: its owners are settled and no longer change.".into()
        }
        Outcome::AlreadyOwner => format!("{name} already owns this draft."),
        Outcome::AlreadyInvited => format!("{name} is already invited and has not answered yet."),
        Outcome::NoInvitation | Outcome::Done => {
            format!("{name} has no invitation waiting: it was answered or withdrawn meanwhile.")
        }
    })
}
