//! The outcome part of a theme's page: its decisions (each with a form to
//! move its status), the form that records one, and the choice of comments
//! quoted on the outcome page.

use super::api::{get_theme_decisions, RecordDecision, SetDecisionStatus, SetQuotes};
use super::view::DecisionCard;
use super::{Decision, DecisionStatus, ItemLink, QuoteChoice, ThemeDecisions, MAX_QUOTES};
use crate::forms;
use crate::ui::{form_error, reload_on_success, route_id, use_reload};
use crate::ui::{ErrorMessage, ErrorSummary, LoadError, TextArea, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The decisions and quotes of the theme of the route's `:id`.
#[component]
pub fn ThemeDecisionsSection() -> impl IntoView {
    let id = route_id("id");
    let reload = use_reload();
    let data = Resource::new(
        move || (id.get(), reload.get()),
        |(id, _)| get_theme_decisions(id.unwrap_or_default()),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let result = data.await;
                forms::ready().await;
                match result {
                    Ok(data) => view! { <Section data=data/> }.into_any(),
                    // The theme's own part of the page says what is wrong.
                    Err(crate::error::AppError::NotFound(_)) => ().into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Section(data: ThemeDecisions) -> impl IntoView {
    view! {
        <h2 id="decisions">"Decisions: we did"</h2>
        {if data.decisions.is_empty() {
            view! { <p>"No decision on this theme yet."</p> }.into_any()
        } else {
            data.decisions.into_iter().map(|d| view! { <DecisionWithStatus decision=d/> }).collect_view().into_any()
        }}
        <DecisionForm theme_id=data.theme_id items=data.items/>
        <Quotes theme_id=data.theme_id choices=data.quotes/>
        <p><a href=data.outcome_path>"See the outcome page"</a></p>
    }
}

#[component]
fn DecisionWithStatus(decision: Decision) -> impl IntoView {
    let key = format!("status-{}", decision.id);
    let action = ServerAction::<SetDecisionStatus>::new();
    reload_on_success(action);
    let error = form_error(action, key);
    let (id, current) = (decision.id, decision.status);
    let select_id = format!("status-{id}");
    view! {
        <DecisionCard decision=decision>
            <ErrorSummary error=error id_prefix=format!("status-{id}-")/>
            <ActionForm action=action attr:class="rt-inline-form">
                <input type="hidden" name="decision_id" value=id/>
                <label class="nhsuk-label" for=select_id.clone()>"Status of the action"</label>
                <select class="nhsuk-select" id=select_id name="status">
                    {DecisionStatus::ALL.map(|s| view! { <option value=s.as_str() selected=s == current>{s.label()}</option> })}
                </select>
                " "
                <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit">"Change status"</button>
            </ActionForm>
        </DecisionCard>
    }
}

#[component]
fn DecisionForm(theme_id: i64, items: Vec<ItemLink>) -> impl IntoView {
    const FORM: &str = "decision";
    let action = ServerAction::<RecordDecision>::new();
    reload_on_success(action);
    let error = form_error(action, FORM.into());
    let kept = |field: &str| forms::kept_value(FORM, field).unwrap_or_default();
    let chosen: Vec<String> = kept("items").split(',').map(str::to_owned).collect();
    let status = kept("status");
    let status_error = Signal::derive(move || error.get().and_then(|e| e.field("status")));
    let items_error = Signal::derive(move || error.get().and_then(|e| e.field("items")));
    view! {
        <details class="nhsuk-details" open=forms::has_flash_for(FORM)>
            <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">"Record a decision on this theme"</span></summary>
            <div class="nhsuk-details__text">
                <ErrorSummary error=error id_prefix="decision-"/>
                <ActionForm action=action attr:novalidate=true>
                    <input type="hidden" name="theme_id" value=theme_id/>
                    <TextArea name="decision" id_prefix="decision-" label="What was decided" value=kept("decision") error=error rows=3/>
                    <TextArea name="reason" id_prefix="decision-" label="Why" value=kept("reason") error=error rows=3/>
                    <TextInput name="action_owner" id_prefix="decision-" label="Who owns the action" value=kept("action_owner") error=error
                        hint="A team, a role or an institution."/>
                    <TextInput name="due_on" id_prefix="decision-" label="Due (optional)" input_type="date" value=kept("due_on") error=error
                        hint="For example, 2027-03-31." class="nhsuk-input--width-10"/>
                    <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || status_error.get().is_some()>
                        <label class="nhsuk-label" for="decision-status">"Status"</label>
                        <ErrorMessage id="decision-status".to_owned() message=status_error/>
                        <select class="nhsuk-select" id="decision-status" name="status">
                            {DecisionStatus::ALL.map(|s| view! { <option value=s.as_str() selected=status == s.as_str()>{s.label()}</option> })}
                        </select>
                    </div>
                    <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || items_error.get().is_some()>
                        <fieldset class="nhsuk-fieldset" id="decision-items">
                            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Roadmap items it changes"</legend>
                            <ErrorMessage id="decision-items".to_owned() message=items_error/>
                            <div class="nhsuk-checkboxes nhsuk-checkboxes--small rt-columns">
                                {items.into_iter().map(|i| {
                                    let id = format!("decision-item-{}", i.id);
                                    let value = i.id.to_string();
                                    let checked = chosen.contains(&value);
                                    view! {
                                        <div class="nhsuk-checkboxes__item">
                                            <input class="nhsuk-checkboxes__input" id=id.clone() name="items[]" type="checkbox" value=value checked=checked/>
                                            <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{i.title}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </div>
                        </fieldset>
                    </div>
                    <button class="nhsuk-button" type="submit" data-testid="record-decision">"Record the decision"</button>
                </ActionForm>
            </div>
        </details>
    }
}

#[component]
fn Quotes(theme_id: i64, choices: Vec<QuoteChoice>) -> impl IntoView {
    const FORM: &str = "quotes";
    let action = ServerAction::<SetQuotes>::new();
    reload_on_success(action);
    let error = form_error(action, FORM.into());
    view! {
        <h2 id="quotes">"Quoted on the outcome page"</h2>
        {if choices.is_empty() {
            view! { <p>"No public comment has this theme yet. Partner-only comments are never quoted."</p> }.into_any()
        } else {
            view! {
                <p>{format!("Tick up to {MAX_QUOTES} public comments that say it best. Partner-only comments are never quoted.")}</p>
                <ErrorSummary error=error id_prefix="quotes-"/>
                <ActionForm action=action attr:novalidate=true>
                    <input type="hidden" name="theme_id" value=theme_id/>
                    <div class="nhsuk-checkboxes" id="quotes-comments">
                        {choices.into_iter().map(|c| {
                            let id = format!("quote-{}", c.comment_id);
                            view! {
                                <div class="nhsuk-checkboxes__item rt-quote-choice">
                                    <input class="nhsuk-checkboxes__input" id=id.clone() name="comments[]" type="checkbox" value=c.comment_id checked=c.quoted/>
                                    <label class="nhsuk-label nhsuk-checkboxes__label" for=id>
                                        <span class="rt-meta">{format!("{} · {}", c.author, c.badge)}</span>
                                        <span class="rt-quote-choice__body" inner_html=c.body_html></span>
                                    </label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                    <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-testid="save-quotes">"Save the quotes"</button>
                </ActionForm>
            }.into_any()
        }}
    }
}
