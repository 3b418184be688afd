//! The drafts list, the new-draft form and a draft's page.

pub use super::compare_view::{ComparePage, Parts};
pub use super::edit_view::EditSectionPage;
pub use super::history_view::HistoryPage;

use super::api::{
    get_draft, get_drafts, get_new_draft_choices, AddSection, ArrangeSection, CreateDraft,
    SetVisibility, SignOff,
};
use super::live_view::LiveUpdates;
use super::{Draft, DraftSummary, NewDraftChoices, RevisionInfo, Section, Visibility};
use crate::consultations::view::{ConsultationPanel, PublishForm};
use crate::discussion::view::{consultation_thread, ThreadSource};
use crate::error::AppError;
use crate::forms;
use crate::layout::{
    form_error, route_id, ErrorMessage, ErrorSummary, LoadError, TextArea, TextInput,
};
use crate::passages::view::{SectionPassages, SelectionLink};
use crate::time_fmt;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

pub(crate) fn missing() -> AppError {
    AppError::NotFound("There is no such draft, or you cannot see it.".into())
}

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
                    <p class="rt-meta">
                        {format!("{} · {} · revision {} · changed {}", d.owners.join(", "), d.visibility.label(), d.revision, time_fmt::date_time(d.updated_at))}
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
                    <div class="nhsuk-hint" id="owners-hint">"Their people write the draft together and each signs it off. Yours must be one of them."</div>
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

/// A suggestion's or a passage thread's comments.
#[component]
pub(crate) fn NoteComments(
    comments: Vec<super::NoteComment>,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <ol class="rt-comments" data-testid=testid>
            {comments.into_iter().map(|c| view! {
                <li class="rt-comment" id=format!("comment-{}", c.id)>
                    <div class="rt-comment__header">
                        <span class="rt-comment__author">{c.author}</span>
                        <span class="rt-meta"><time datetime=time_fmt::iso(c.created_at)>{time_fmt::date_time(c.created_at)}</time></span>
                    </div>
                    <div class="rt-comment__body" inner_html=c.body_html></div>
                </li>
            }).collect_view()}
        </ol>
    }
}

/// Bumped when a form on the draft page succeeds, so the page reloads the
/// draft (hydrated, the forms' redirects back to this page do not).
#[derive(Clone, Copy)]
pub(super) struct Reload(pub(super) RwSignal<u32>);

/// Reloads the draft once `action` succeeds.
pub(crate) fn reload_on_success<S>(action: ServerAction<S>)
where
    S: leptos::server_fn::ServerFn<Error = AppError, Output = ()> + Clone + Send + Sync + 'static,
{
    if let Some(Reload(reload)) = use_context::<Reload>() {
        forms::bump_on_success(action, reload);
    }
}

#[component]
pub fn DraftPage() -> impl IntoView {
    let id = route_id("id");
    let reload = RwSignal::new(0u32);
    provide_context(Reload(reload));
    let draft = Resource::new(
        move || (id.get(), reload.get()),
        |(id, _)| async move { get_draft(id.ok_or_else(missing)?).await },
    );
    let consultation = consultation_thread(id, reload);
    view! {
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                forms::ready().await;
                match draft.await {
                    Ok(draft) => view! { <DraftView draft=draft consultation=consultation/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// "Revision 7: Dana Evans (NHS Wales) edited “Scope”, 3 March 2018 at 10:00".
pub(crate) fn revision_line(r: &RevisionInfo) -> String {
    let by = match &r.institution {
        Some(i) => format!("{} ({i})", r.author),
        None => r.author.clone(),
    };
    let what = match (&r.section, r.kind) {
        (
            Some(s),
            super::RevisionKind::Edited
            | super::RevisionKind::Merged
            | super::RevisionKind::Added
            | super::RevisionKind::Removed
            | super::RevisionKind::Moved,
        ) => format!("{} “{s}”", r.kind.describe().to_lowercase()),
        _ => r.kind.describe().to_lowercase(),
    };
    format!(
        "Revision {}: {by} {what}, {}",
        r.number,
        time_fmt::date_time(r.created_at)
    )
}

#[component]
fn DraftView(draft: Draft, consultation: ThreadSource) -> impl IntoView {
    let draft_for_sign_off = draft.clone();
    let id = draft.id;
    let can_edit = draft.can_edit;
    let count = draft.sections.len();
    let owners = draft
        .owners
        .iter()
        .map(|o| o.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let quorum = match draft.quorum {
        None => "every owning institution".to_owned(),
        Some(n) => format!("{n} of {} owning institutions", draft.owners.len()),
    };
    let can_see_history = draft.can_see_history;
    let can_suggest = draft.can_suggest;
    let open_suggestions = draft.open_suggestions;
    let publication = draft.publication.clone();
    let caption = if publication.is_some() {
        "Public proposal"
    } else {
        "Shared draft"
    };
    view! {
        <Title text=draft.title.clone()/>
        <span class="nhsuk-caption-l">{caption}</span>
        <h1>{draft.title.clone()}</h1>
        <dl class="nhsuk-summary-list">
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Owned by"</dt>
                <dd class="nhsuk-summary-list__value" data-testid="owners">{owners}</dd>
            </div>
            {draft.item.clone().map(|(item_id, title)| view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"Roadmap item"</dt>
                    <dd class="nhsuk-summary-list__value"><a href=format!("/items/{item_id}")>{title}</a></dd>
                </div>
            })}
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Who can read it"</dt>
                <dd class="nhsuk-summary-list__value" data-testid="visibility">{draft.visibility.label()}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Sign-off needed"</dt>
                <dd class="nhsuk-summary-list__value">{quorum}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Latest change"</dt>
                <dd class="nhsuk-summary-list__value" data-testid="latest-revision">
                    {draft.last_change.as_ref().map(revision_line)}
                    {can_see_history.then(|| view! { " "<a href=format!("/drafts/{id}/history")>"History"</a> })}
                </dd>
            </div>
            {can_see_history.then(|| view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"Suggestions"</dt>
                    <dd class="nhsuk-summary-list__value" data-testid="open-suggestions">
                        <a href=format!("/drafts/{id}/suggestions")>{match open_suggestions {
                            0 => "None open".to_owned(),
                            1 => "1 open".to_owned(),
                            n => format!("{n} open"),
                        }}</a>
                    </dd>
                </div>
            })}
        </dl>
        {can_suggest.then(|| view! { <LiveUpdates draft_id=id revision=draft.revision/> })}
        {can_edit.then(|| view! { <VisibilityForm draft_id=id visibility=draft.visibility/> })}
        {draft.sections.into_iter().enumerate().map(|(i, s)| view! {
            <SectionView draft_id=id section=s can_edit=can_edit can_see_history=can_see_history
                can_suggest=can_suggest first={i == 0} last={i + 1 == count}/>
        }).collect_view()}
        {can_edit.then(|| view! { <AddSectionForm draft_id=id/> })}
        <SignOffs draft=draft_for_sign_off/>
        {publication.map(|p| view! { <ConsultationPanel publication=p thread=consultation/> })}
    }
}

/// Who signed off what, whether the current revision has its sign-offs,
/// and the form for a lead whose institution has not signed it off yet.
#[component]
fn SignOffs(draft: Draft) -> impl IntoView {
    let current = draft.revision;
    let summary = format!(
        "{} of {} owning institutions needed have signed off revision {current}.",
        draft.current_sign_offs(),
        draft.sign_offs_needed
    );
    let met = draft.quorum_met();
    let published = draft.publication.is_some();
    view! {
        <h2 id="sign-off">"Sign-off"</h2>
        <p data-testid="sign-off-summary">
            {if published {
                format!("Revision {current} was signed off by {} of the owning institutions and published.", draft.current_sign_offs())
            } else {
                format!("{summary} {}", if met { "It can be published." } else { "It cannot be published yet." })
            }}
        </p>
        {(!draft.sign_offs.is_empty()).then(|| view! {
            <ul class="nhsuk-list rt-sign-offs" data-testid="sign-offs">
                {draft.sign_offs.into_iter().map(|s| {
                    let stale = s.revision != current;
                    view! {
                        <li class:rt-stale=stale>
                            <strong>{format!("{} signed off revision {}", s.institution, s.revision)}</strong>
                            {stale.then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--grey">"No longer current"</strong> })}
                            <br/>
                            <span class="rt-meta">{format!("{}, {}", s.by, crate::time_fmt::date_time(s.signed_at))}</span>
                            <blockquote class="rt-statement">{s.statement}</blockquote>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
        {draft.can_sign_for.map(|owner| view! { <SignOffForm draft_id=draft.id revision=current owner=owner/> })}
        {draft.can_publish.then(|| view! { <PublishForm draft_id=draft.id revision=current items=draft.publish_items/> })}
    }
}

#[component]
fn SignOffForm(draft_id: i64, revision: i64, owner: super::Owner) -> impl IntoView {
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
fn VisibilityForm(draft_id: i64, visibility: Visibility) -> impl IntoView {
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
fn SectionView(
    draft_id: i64,
    section: Section,
    can_edit: bool,
    can_see_history: bool,
    can_suggest: bool,
    first: bool,
    last: bool,
) -> impl IntoView {
    let Section {
        id,
        heading,
        body_html,
        passages,
        ..
    } = section;
    let anchor = format!("section-{id}");
    // Hydrated, selecting words in the text offers to comment on them.
    let body = NodeRef::<leptos::html::Div>::new();
    let selected = RwSignal::new(None::<String>);
    let on_select = move || {
        #[cfg(feature = "hydrate")]
        if let Some(element) = body.get_untracked() {
            selected.set(crate::passages::view::selected_quote(&element));
        }
    };
    view! {
        <section class="rt-draft-section" id=anchor aria-labelledby=format!("heading-{id}")>
            <h2 id=format!("heading-{id}")>{heading}</h2>
            <div class="rt-description" node_ref=body inner_html=body_html
                on:mouseup=move |_| on_select() on:keyup=move |_| on_select()></div>
            {can_suggest.then(|| view! { <SelectionLink draft_id=draft_id section_id=id selected=selected/> })}
            {can_see_history.then(|| view! {
                <p class="rt-section-actions">
                    {can_edit.then(|| view! {
                        <a href=format!("/drafts/{draft_id}/sections/{id}/edit") data-testid="edit-section">"Edit this section"</a>" · "
                    })}
                    {can_suggest.then(|| view! {
                        <a href=format!("/drafts/{draft_id}/sections/{id}/suggest") data-testid="suggest-change">"Suggest a change"</a>" · "
                        <a href=format!("/drafts/{draft_id}/sections/{id}/passage") data-testid="comment-passage">"Comment on a passage"</a>" · "
                    })}
                    <a href=format!("/drafts/{draft_id}/history?section={id}")>"Its history"</a>
                </p>
            })}
            <SectionPassages draft_id=draft_id passages=passages/>
            {can_edit.then(|| view! { <ArrangeButtons draft_id=draft_id section_id=id first=first last=last/> })}
        </section>
    }
}

#[component]
fn ArrangeButtons(draft_id: i64, section_id: i64, first: bool, last: bool) -> impl IntoView {
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
fn AddSectionForm(draft_id: i64) -> impl IntoView {
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
