//! The drafts list, the new-draft form, and the forms of a draft's page
//! (the page itself, which shows other features too, is `pages::draft`).

pub use super::compare_view::ComparePage;
pub use super::edit_view::EditSectionPage;
pub use super::history_view::HistoryPage;
pub use super::invitations_view::{InvitationAnswer, InvitationList, InviteForm};
pub use super::live_view::LiveUpdates;

use super::api::{
    get_drafts, get_new_draft_choices, AddSection, ArrangeSection, CreateDraft, SetVisibility,
    SignOff,
};
use super::{DraftSummary, NewDraftChoices, Owner};
use crate::domain::drafts::Visibility;
use crate::forms;
use crate::time_fmt;
use crate::ui::{
    form_error, reload_on_success, ErrorMessage, ErrorSummary, LoadError, TextArea, TextInput,
};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DraftsPage() -> impl IntoView {
    let drafts = Resource::new(|| (), |_| get_drafts());
    view! {
        <Title text="Shared drafts"/>
        <h1>"Shared drafts"</h1>
        <p class="nhsuk-lede-text">"Partner institutions write shared solutions together here, section by section, before they go to public consultation."</p>
        <p><a class="nhsuk-button" href="/drafts/new">"Start a draft"</a></p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match drafts.await {
                    Ok(list) if list.is_empty() => view! { <p>"There are no drafts you can see yet."</p> }.into_any(),
                    Ok(list) => view! { <DraftList drafts=list/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DraftList(drafts: Vec<DraftSummary>) -> impl IntoView {
    view! {
        <ul class="nhsuk-list rt-draft-list" data-testid="drafts">
            {drafts.into_iter().map(|d| view! {
                <li>
                    <h2 class="nhsuk-heading-s"><a href=format!("/drafts/{}", d.id)>{d.title}</a></h2>
                    {d.invited.then(|| view! {
                        <strong class="nhsuk-tag nhsuk-tag--yellow" data-testid="invited">"Your institution is invited to co-own it"</strong>
                    })}
                    <p class="rt-meta">
                        {format!("{} · {} · revision {} · changed {}", d.owners.join(", "), d.visibility.label(), d.revision, time_fmt::date_time(crate::i18n::Locale::En, d.updated_at))}
                    </p>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn NewDraftPage() -> impl IntoView {
    let choices = Resource::new(|| (), |_| get_new_draft_choices());
    view! {
        <Title text="Start a draft"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                forms::ready().await;
                match choices.await {
                    Ok(choices) => view! { <NewDraftForm choices=choices/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewDraftForm(choices: NewDraftChoices) -> impl IntoView {
    const FORM: &str = "new-draft";
    let action = ServerAction::<CreateDraft>::new();
    let error = form_error(action, FORM.into());
    let kept = |field: &str, default: &str| {
        forms::kept_value(FORM, field).unwrap_or_else(|| default.to_owned())
    };
    let item_id = kept("item_id", "");
    let owners: Vec<String> = match forms::kept_value(FORM, "owners") {
        Some(kept) => kept
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        None => choices.mine.iter().map(i64::to_string).collect(),
    };
    let quorum = kept("quorum", "all");
    let field =
        move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));
    let (item_error, owners_error, quorum_error) =
        (field("item_id"), field("owners"), field("quorum_count"));
    view! {
        <div class="nhsuk-grid-row"><div class="nhsuk-grid-column-two-thirds">
        <ErrorSummary error=error/>
        <h1>"Start a draft"</h1>
        <ActionForm action=action attr:novalidate=true>
            <TextInput name="title" label="Title" value=kept("title", "") error=error/>
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || item_error.get().is_some()>
                <label class="nhsuk-label" for="item_id">"Roadmap item it answers"</label>
                <ErrorMessage id="item_id".to_owned() message=item_error/>
                <select class="nhsuk-select" id="item_id" name="item_id">
                    <option value="" selected=item_id.is_empty()>"None"</option>
                    {choices.items.iter().map(|(id, title)| {
                        let value = id.to_string();
                        let selected = value == item_id;
                        view! { <option value=value selected=selected>{title.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || owners_error.get().is_some()>
                <fieldset class="nhsuk-fieldset" aria-describedby="owners-hint">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Owning institutions"</legend>
                    <div class="nhsuk-hint" id="owners-hint">"Yours must be one of them, and owns it from the start. Each other institution is invited: once one of its leads accepts, its people write the draft with yours and it signs off too."</div>
                    <ErrorMessage id="owners".to_owned() message=owners_error/>
                    <div class="nhsuk-checkboxes" id="owners">
                        {choices.institutions.iter().map(|inst| {
                            let id = format!("owner-{}", inst.id);
                            let value = inst.id.to_string();
                            let checked = owners.contains(&value);
                            view! {
                                <div class="nhsuk-checkboxes__item">
                                    <input class="nhsuk-checkboxes__input" id=id.clone() name="owners[]" type="checkbox" value=value checked=checked/>
                                    <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{inst.name.clone()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || quorum_error.get().is_some()>
                <fieldset class="nhsuk-fieldset">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Sign-off needed before publishing"</legend>
                    <ErrorMessage id="quorum_count".to_owned() message=quorum_error/>
                    <div class="nhsuk-radios" id="quorum">
                        <div class="nhsuk-radios__item">
                            <input class="nhsuk-radios__input" id="quorum-all" name="quorum" type="radio" value="all" checked=quorum == "all"/>
                            <label class="nhsuk-label nhsuk-radios__label" for="quorum-all">"Every owning institution"</label>
                        </div>
                        <div class="nhsuk-radios__item">
                            <input class="nhsuk-radios__input" id="quorum-count" name="quorum" type="radio" value="count" checked=quorum == "count"/>
                            <label class="nhsuk-label nhsuk-radios__label" for="quorum-count">"A number of them"</label>
                        </div>
                        <div class="rt-conditional">
                            <label class="nhsuk-label" for="quorum_count">"How many"</label>
                            <input class="nhsuk-input nhsuk-input--width-2" id="quorum_count" name="quorum_count" type="text"
                                inputmode="numeric" value=kept("quorum_count", "")/>
                        </div>
                    </div>
                </fieldset>
            </div>
            <h2>"First section"</h2>
            <TextInput name="heading" label="Heading" value=kept("heading", "Summary") error=error/>
            <TextArea name="body" label="Text" rows=10 hint="You can use Markdown: **bold**, lists, links."
                value=kept("body", "") error=error/>
            <button class="nhsuk-button" type="submit" data-testid="create-draft">"Start the draft"</button>
        </ActionForm>
        </div></div>
    }
}

#[component]
pub fn SignOffForm(draft_id: i64, revision: i64, owner: Owner) -> impl IntoView {
    const FORM: &str = "sign-off";
    let action = ServerAction::<SignOff>::new();
    reload_on_success(action);
    let error = form_error(action, FORM.into());
    view! {
        <ErrorSummary error=error id_prefix="sign-off-"/>
        <ActionForm action=action attr:novalidate=true>
            <input type="hidden" name="draft_id" value=draft_id/>
            <input type="hidden" name="institution_id" value=owner.id/>
            <input type="hidden" name="revision" value=revision/>
            <TextArea name="statement" id_prefix="sign-off-" rows=3
                label=format!("Statement for {}", owner.name)
                hint=format!("You sign off revision {revision}, exactly as it reads now. A later change will need signing off again.")
                value=forms::kept_value(FORM, "statement").unwrap_or_default() error=error/>
            <button class="nhsuk-button" type="submit" data-testid="sign-off">{format!("Sign off revision {revision} for {}", owner.name)}</button>
        </ActionForm>
    }
}

#[component]
pub fn VisibilityForm(draft_id: i64, visibility: Visibility) -> impl IntoView {
    let action = ServerAction::<SetVisibility>::new();
    reload_on_success(action);
    let error = form_error(action, "visibility".into());
    let (to, label) = match visibility {
        Visibility::Owners => (Visibility::Partners, "Open to all partners"),
        _ => (Visibility::Owners, "Make it owners only again"),
    };
    view! {
        <ErrorSummary error=error/>
        <ActionForm action=action>
            <input type="hidden" name="draft_id" value=draft_id/>
            <input type="hidden" name="visibility" value=to.as_str()/>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-testid="change-visibility">{label}</button>
        </ActionForm>
    }
}

#[component]
pub fn ArrangeButtons(draft_id: i64, section_id: i64, first: bool, last: bool) -> impl IntoView {
    let action = ServerAction::<ArrangeSection>::new();
    reload_on_success(action);
    let error = form_error(action, format!("arrange-{section_id}"));
    view! {
        <ErrorSummary error=error id_prefix=format!("arrange-{section_id}-")/>
        <ActionForm action=action attr:class="rt-arrange">
            <input type="hidden" name="draft_id" value=draft_id/>
            <input type="hidden" name="section_id" value=section_id/>
            {(!first).then(|| view! { <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit" name="action" value="up">"Move up"</button> })}
            {(!last).then(|| view! { <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit" name="action" value="down">"Move down"</button> })}
            {(!(first && last)).then(|| view! {
                <button class="nhsuk-button nhsuk-button--warning nhsuk-button--small" type="submit" name="action" value="remove">"Remove"</button>
            })}
        </ActionForm>
    }
}

#[component]
pub fn AddSectionForm(draft_id: i64) -> impl IntoView {
    const FORM: &str = "add-section";
    let action = ServerAction::<AddSection>::new();
    reload_on_success(action);
    let error = form_error(action, FORM.into());
    let kept = |field: &str| forms::kept_value(FORM, field).unwrap_or_default();
    view! {
        <details class="nhsuk-details" open=forms::has_flash_for(FORM)>
            <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">"Add a section"</span></summary>
            <div class="nhsuk-details__text">
                <ErrorSummary error=error id_prefix="add-"/>
                <ActionForm action=action attr:novalidate=true>
                    <input type="hidden" name="draft_id" value=draft_id/>
                    <TextInput name="heading" id_prefix="add-" label="Heading" value=kept("heading") error=error/>
                    <TextArea name="body" id_prefix="add-" label="Text" rows=8 value=kept("body") error=error/>
                    <TextInput name="message" id_prefix="add-" label="Note for the history (optional)" value=kept("message") error=error/>
                    <button class="nhsuk-button" type="submit" data-testid="add-section">"Add section"</button>
                </ActionForm>
            </div>
        </details>
    }
}
