//! The parts of a draft's page about co-ownership: the invitations and their
//! answers, a lead's accept-or-decline form, and the owners' invite form.

use super::api::{AnswerInvitation, InviteCoOwner, WithdrawInvitation};
use super::{Invitation, Owner};
use crate::forms;
use crate::time_fmt;
use crate::ui::{form_error, reload_on_success, ErrorMessage, ErrorSummary};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The institutions invited to co-own the draft, with their answers; the
/// draft's editors may withdraw each invitation.
#[component]
pub fn InvitationList(
    draft_id: i64,
    invitations: Vec<Invitation>,
    can_withdraw: bool,
) -> impl IntoView {
    view! {
        <ul class="nhsuk-list" data-testid="invitations">
            {invitations.into_iter().map(|n| {
                let status = match n.declined_at {
                    None => "waiting for an answer".to_owned(),
                    Some(at) => format!("declined on {}", time_fmt::date_time(crate::i18n::Locale::En, at)),
                };
                view! {
                    <li>
                        <strong>{n.institution.name.clone()}</strong>
                        {format!(": invited by {} on {}, {status}.", n.invited_by, time_fmt::date_time(crate::i18n::Locale::En, n.invited_at))}
                        {can_withdraw.then(|| view! { <WithdrawButton draft_id=draft_id institution=n.institution.clone()/> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn WithdrawButton(draft_id: i64, institution: Owner) -> impl IntoView {
    let action = ServerAction::<WithdrawInvitation>::new();
    reload_on_success(action);
    let error = form_error(action, format!("withdraw-{}", institution.id));
    view! {
        <ErrorSummary error=error id_prefix=format!("withdraw-{}-", institution.id)/>
        <ActionForm action=action attr:class="rt-inline-form">
            <input type="hidden" name="draft_id" value=draft_id/>
            <input type="hidden" name="institution_id" value=institution.id/>
            <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit">
                {format!("Withdraw the invitation to {}", institution.name)}
            </button>
        </ActionForm>
    }
}

/// What the people of an invited institution see: who asked, what owning
/// the draft means and, for its leads, the accept and decline buttons.
#[component]
pub fn InvitationAnswer(draft_id: i64, institution: Owner, may_answer: bool) -> impl IntoView {
    let action = ServerAction::<AnswerInvitation>::new();
    reload_on_success(action);
    let error = form_error(action, "invitation".into());
    let name = institution.name.clone();
    view! {
        <div class="nhsuk-inset-text" data-testid="invitation">
            <h2>{format!("{name} is invited to co-own this draft")}</h2>
            <p>{format!(
                "As an owner, the people of {name} can edit it, and it needs {name}'s sign-off before it is published, with {name} named as an owner."
            )}</p>
            {if may_answer {
                view! {
                    <ErrorSummary error=error id_prefix="invitation-"/>
                    <ActionForm action=action>
                        <input type="hidden" name="draft_id" value=draft_id/>
                        <input type="hidden" name="institution_id" value=institution.id/>
                        <div class="nhsuk-button-group">
                            <button class="nhsuk-button" type="submit" name="answer" value="accept" data-testid="accept-invitation">
                                {format!("Accept for {name}")}
                            </button>
                            <button class="nhsuk-button nhsuk-button--secondary" type="submit" name="answer" value="decline" data-testid="decline-invitation">
                                {format!("Decline for {name}")}
                            </button>
                        </div>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p>{format!("A lead of {name} can accept or decline.")}</p> }.into_any()
            }}
        </div>
    }
}

/// The owners' form to invite another institution to co-own the draft.
#[component]
pub fn InviteForm(draft_id: i64, choices: Vec<Owner>) -> impl IntoView {
    const FORM: &str = "invite";
    let action = ServerAction::<InviteCoOwner>::new();
    reload_on_success(action);
    let error = form_error(action, FORM.into());
    let message = Signal::derive(move || error.get().and_then(|e| e.field("institution_id")));
    let kept = forms::kept_value(FORM, "institution_id").unwrap_or_default();
    view! {
        <details class="nhsuk-details" open=forms::has_flash_for(FORM)>
            <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">"Invite an institution to co-own it"</span></summary>
            <div class="nhsuk-details__text">
                <ErrorSummary error=error id_prefix="invite-"/>
                <ActionForm action=action attr:novalidate=true>
                    <input type="hidden" name="draft_id" value=draft_id/>
                    <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || message.get().is_some()>
                        <label class="nhsuk-label" for="invite-institution_id">"Institution"</label>
                        <div class="nhsuk-hint" id="invite-hint">"It becomes an owner when one of its leads accepts."</div>
                        <ErrorMessage id="invite-institution_id".to_owned() message=message/>
                        <select class="nhsuk-select" id="invite-institution_id" name="institution_id" aria-describedby="invite-hint">
                            {choices.into_iter().map(|o| {
                                let value = o.id.to_string();
                                let selected = value == kept;
                                view! { <option value=value selected=selected>{o.name}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <button class="nhsuk-button" type="submit" data-testid="invite">"Invite"</button>
                </ActionForm>
            </div>
        </details>
    }
}
