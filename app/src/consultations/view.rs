//! The list of consultations, and the form that publishes a draft (shown
//! on the draft's page, `pages::draft`, with the consultation once published).

use super::api::{get_consultations, PublishDraft};
use super::ConsultationSummary;
use crate::forms;
use crate::time_fmt;
use crate::ui::reload_on_success;
use crate::ui::{form_error, ErrorMessage, ErrorSummary, LoadError, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ConsultationsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| get_consultations());
    view! {
        <Title text="Consultations"/>
        <h1>"Consultations"</h1>
        <p class="nhsuk-lede-text">"Proposals written and signed off by partner institutions, open for everyone's comments until they close."</p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) if list.is_empty() => view! { <p>"There are no consultations yet."</p> }.into_any(),
                    Ok(list) => view! { <ConsultationList consultations=list/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ConsultationList(consultations: Vec<ConsultationSummary>) -> impl IntoView {
    view! {
        <ul class="nhsuk-list rt-draft-list" data-testid="consultations">
            {consultations.into_iter().map(|c| {
                let status = if c.open {
                    format!("Open for comments until the end of {}", time_fmt::last_day_before(crate::i18n::Locale::En, c.closes_at))
                } else {
                    format!("Closed at the end of {}", time_fmt::last_day_before(crate::i18n::Locale::En, c.closes_at))
                };
                let comments = if c.comment_count == 1 { "1 comment".to_owned() } else { format!("{} comments", c.comment_count) };
                view! {
                    <li>
                        <h2 class="nhsuk-heading-s"><a href=format!("/drafts/{}", c.draft_id)>{c.title}</a></h2>
                        <p>
                            {if c.open {
                                view! { <strong class="nhsuk-tag nhsuk-tag--green">"Open"</strong> }.into_any()
                            } else {
                                view! { <strong class="nhsuk-tag nhsuk-tag--grey">"Closed"</strong> }.into_any()
                            }}
                            " "{status}
                        </p>
                        <p class="rt-meta">
                            {format!("{} · answers “{}” · published {} · {comments}", c.owners.join(", "), c.item_title, time_fmt::date_time(crate::i18n::Locale::En, c.published_at))}
                        </p>
                        {c.outcome_published.then(|| view! {
                            <p><a href=format!("/consultations/{}/outcome", c.draft_id)>"What came of it: you said, we did"</a></p>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// Publishes the current revision, once enough owners have signed it off.
#[component]
pub fn PublishForm(draft_id: i64, revision: i64, items: Vec<(i64, String)>) -> impl IntoView {
    const FORM: &str = "publish";
    let action = ServerAction::<PublishDraft>::new();
    reload_on_success(action);
    let error = form_error(action, FORM.into());
    let kept = |field: &str| forms::kept_value(FORM, field).unwrap_or_default();
    let chosen = kept("item_id");
    let item_error = Signal::derive(move || error.get().and_then(|e| e.field("item_id")));
    view! {
        <h2 id="publish">"Publish for consultation"</h2>
        <p>{format!("Revision {revision} has the sign-offs it needs. Publishing freezes it exactly as it reads now and opens it to everyone's comments until the close date.")}</p>
        <ErrorSummary error=error id_prefix="publish-"/>
        <ActionForm action=action attr:novalidate=true>
            <input type="hidden" name="draft_id" value=draft_id/>
            <input type="hidden" name="revision" value=revision/>
            {(!items.is_empty()).then(|| view! {
                <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || item_error.get().is_some()>
                    <label class="nhsuk-label" for="publish-item_id">"Roadmap item it answers"</label>
                    <ErrorMessage id="publish-item_id".to_owned() message=item_error/>
                    <select class="nhsuk-select" id="publish-item_id" name="item_id">
                        <option value="" selected=chosen.is_empty()>"Choose an item"</option>
                        {items.into_iter().map(|(id, title)| {
                            let value = id.to_string();
                            let selected = value == chosen;
                            view! { <option value=value selected=selected>{title}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
            <TextInput name="closes_on" id_prefix="publish-" label="Comments close at the end of" input_type="date"
                hint="For example, 2027-01-31. At most a year from today." value=kept("closes_on") error=error/>
            <button class="nhsuk-button" type="submit" data-testid="publish">{format!("Publish revision {revision}")}</button>
        </ActionForm>
    }
}
