//! An item's progress (on `/items/:id/progress`, `pages::item_progress`):
//! its timeline, the form that adds to it, and its dependencies both ways.

pub use super::gaps_view::GapRegisterPage;

use super::api::{get_item_progress, AddDependency, RecordProgress, RemoveDependency};
use super::{ItemLink, ItemProgress, ProgressEntry, Status};
use crate::forms;
use crate::time_fmt;
use crate::ui::{form_error, reload_on_success, route_id, use_reload};
use crate::ui::{ErrorMessage, ErrorSummary, LoadError, TextArea, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// The progress of the item of the route's `:id`.
#[component]
pub fn ProgressSection() -> impl IntoView {
    let id = route_id("id");
    let reload = use_reload();
    let data = Resource::new(
        move || (id.get(), reload.get()),
        |(id, _)| get_item_progress(id.unwrap_or_default()),
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let result = data.await;
                forms::ready().await;
                match result {
                    Ok(p) => view! { <Progress progress=p/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Progress(progress: ItemProgress) -> impl IntoView {
    let item = format!("/items/{}", progress.item_id);
    let target = progress
        .target_date
        .as_deref()
        .map(|d| time_fmt::long_date(crate::i18n::Locale::En, d))
        .unwrap_or_else(|| "not set".into());
    let percent = progress.entries.first().and_then(|e| e.percent);
    view! {
        <Title text=format!("Progress: {}", progress.title)/>
        <span class="nhsuk-caption-l"><a href=item>{progress.title.clone()}</a></span>
        <h1>"Progress"</h1>
        <p data-testid="progress-status">
            <strong class=progress.status.tag_class()>{progress.status.label()}</strong>
            {percent.map(|p| format!(" · {p}% done"))}
            {format!(" · target date {target}")}
        </p>
        {progress.can_record.then(|| view! { <RecordForm item_id=progress.item_id/> })}
        <h2>"Timeline"</h2>
        {if progress.entries.is_empty() {
            view! { <p>"No progress recorded yet."</p> }.into_any()
        } else {
            view! {
                <ol class="nhsuk-list rt-timeline" reversed=true data-testid="timeline">
                    {progress.entries.into_iter().map(|e| view! { <Entry entry=e/> }).collect_view()}
                </ol>
            }.into_any()
        }}
        <Dependencies item_id=progress.item_id needs=progress.needs needed_by=progress.needed_by
            editable=progress.can_edit_dependencies others=progress.other_items/>
    }
}

/// One timeline entry; also the gap register's latest evidence.
#[component]
pub fn Entry(entry: ProgressEntry) -> impl IntoView {
    let by = match &entry.institution {
        Some(i) => format!("{} ({i})", entry.author),
        None => entry.author.clone(),
    };
    view! {
        <li class="rt-timeline__entry" id=format!("progress-{}", entry.id)>
            <p>
                <time datetime=time_fmt::iso(entry.created_at)>{time_fmt::date_time(crate::i18n::use_i18n().locale, entry.created_at)}</time>" · "
                <strong class=entry.status.tag_class()>{entry.status.label()}</strong>
                {entry.percent.map(|p| format!(" · {p}%"))}
                <span class="rt-meta">{format!(" · {by}")}</span>
            </p>
            <p class="rt-timeline__note">{entry.note.clone()}</p>
            {(!entry.evidence.is_empty()).then(|| view! {
                <ul class="nhsuk-list rt-evidence">
                    {entry.evidence.into_iter().map(|link| view! {
                        <li><a href=link.clone() rel="nofollow noopener noreferrer">{link.clone()}</a></li>
                    }).collect_view()}
                </ul>
            })}
        </li>
    }
}

#[component]
fn RecordForm(item_id: i64) -> impl IntoView {
    const FORM: &str = "progress";
    let action = ServerAction::<RecordProgress>::new();
    reload_on_success(action);
    let error = form_error(action, FORM.into());
    let kept = |field: &str| forms::kept_value(FORM, field).unwrap_or_default();
    let status = kept("status");
    let status_error = Signal::derive(move || error.get().and_then(|e| e.field("status")));
    view! {
        <details class="nhsuk-details" open=forms::has_flash_for(FORM)>
            <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">"Record progress"</span></summary>
            <div class="nhsuk-details__text">
                <ErrorSummary error=error id_prefix="progress-"/>
                <ActionForm action=action attr:novalidate=true>
                    <input type="hidden" name="item_id" value=item_id/>
                    <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || status_error.get().is_some()>
                        <label class="nhsuk-label" for="progress-status">"Status"</label>
                        <ErrorMessage id="progress-status".to_owned() message=status_error/>
                        <select class="nhsuk-select" id="progress-status" name="status">
                            <option value="" selected=status.is_empty()>"Choose"</option>
                            {Status::ALL.map(|s| view! { <option value=s.as_str() selected=status == s.as_str()>{s.label()}</option> })}
                        </select>
                    </div>
                    <TextInput name="percent" id_prefix="progress-" label="How far along, in per cent (optional)" value=kept("percent")
                        error=error class="nhsuk-input--width-3"/>
                    <TextArea name="note" id_prefix="progress-" label="Note" value=kept("note") error=error rows=4
                        hint="What happened, and what comes next. For a gap, the evidence: why it is late or at risk."/>
                    <TextArea name="evidence" id_prefix="progress-" label="Links to evidence (optional)" value=kept("evidence") error=error rows=3
                        hint="One link per line, starting with https://"/>
                    <button class="nhsuk-button" type="submit" data-testid="record-progress">"Add to the timeline"</button>
                </ActionForm>
            </div>
        </details>
    }
}

#[component]
fn Dependencies(
    item_id: i64,
    needs: Vec<ItemLink>,
    needed_by: Vec<ItemLink>,
    editable: bool,
    others: Vec<ItemLink>,
) -> impl IntoView {
    let list = move |links: Vec<ItemLink>, removable: bool| {
        if links.is_empty() {
            return view! { <p>"None."</p> }.into_any();
        }
        view! {
            <ul class="nhsuk-list">
                {links.into_iter().map(|l| view! {
                    <li>
                        <a href=format!("/items/{}/progress", l.id)>{l.title.clone()}</a>
                        {removable.then(|| view! { " " <RemoveButton item_id=item_id needs_id=l.id title=l.title.clone()/> })}
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <h2 id="dependencies">"Dependencies"</h2>
        <h3 class="nhsuk-heading-s">"It needs first"</h3>
        {list(needs, editable)}
        <h3 class="nhsuk-heading-s">"Needed first by"</h3>
        {list(needed_by, false)}
        {editable.then(|| view! { <DependencyForm item_id=item_id others=others.clone()/> })}
    }
}

#[component]
fn RemoveButton(item_id: i64, needs_id: i64, title: String) -> impl IntoView {
    let action = ServerAction::<RemoveDependency>::new();
    reload_on_success(action);
    view! {
        <ActionForm action=action attr:class="rt-inline">
            <input type="hidden" name="item_id" value=item_id/>
            <input type="hidden" name="needs_id" value=needs_id/>
            <button class="rt-link-button" type="submit">
                "Remove"<span class="nhsuk-u-visually-hidden">{format!(" “{title}”")}</span>
            </button>
        </ActionForm>
    }
}

#[component]
fn DependencyForm(item_id: i64, others: Vec<ItemLink>) -> impl IntoView {
    const FORM: &str = "dependency";
    let action = ServerAction::<AddDependency>::new();
    reload_on_success(action);
    let error = form_error(action, FORM.into());
    let needs_error = Signal::derive(move || error.get().and_then(|e| e.field("needs")));
    view! {
        <ErrorSummary error=error id_prefix="dependency-"/>
        <ActionForm action=action attr:novalidate=true>
            <input type="hidden" name="item_id" value=item_id/>
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || needs_error.get().is_some()>
                <label class="nhsuk-label" for="dependency-needs">"This item needs first"</label>
                <ErrorMessage id="dependency-needs".to_owned() message=needs_error/>
                <select class="nhsuk-select" id="dependency-needs" name="needs">
                    <option value="">"Choose an item"</option>
                    {others.into_iter().map(|i| view! { <option value=i.id.to_string()>{i.title}</option> }).collect_view()}
                </select>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-testid="add-dependency">"Add the dependency"</button>
        </ActionForm>
    }
}
