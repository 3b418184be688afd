//! Starting a thread on a passage, a passage thread's page, and the list of
//! a section's passage threads on the draft page.

use super::api::{
    get_passage_form, get_passage_thread, ReplyToPassage, ResolvePassage, StartPassageThread,
};
use super::{PassageForm, PassageSummary, PassageThread, Place};
use crate::drafts::not_found as missing;
use crate::forms;
use crate::time_fmt;
use crate::ui::NoteComments;
use crate::ui::{form_error, route_id, ErrorMessage, ErrorSummary, LoadError, TextArea, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The link to comment on the words a reader selected in a section.
#[component]
pub fn SelectionLink(
    draft_id: i64,
    section_id: i64,
    selected: RwSignal<Option<String>>,
) -> impl IntoView {
    move || {
        selected.get().map(|quote| {
            let short: String = if quote.chars().count() > 60 {
                format!("{}…", quote.chars().take(60).collect::<String>())
            } else {
                quote.clone()
            };
            let href = format!(
                "/drafts/{draft_id}/sections/{section_id}/passage?quote={}",
                encode_component(&quote)
            );
            view! {
                <p class="rt-selection">
                    <a class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" href=href data-testid="comment-selection">
                        {format!("Comment on “{short}”")}
                    </a>
                </p>
            }
        })
    }
}

/// Percent-encodes text for a URL's query.
fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The words selected in `container`, white space tidied, if the whole
/// selection is inside it and short enough to quote.
#[cfg(feature = "hydrate")]
pub fn selected_quote(container: &web_sys::Node) -> Option<String> {
    let selection = window().get_selection().ok()??;
    if selection.is_collapsed() {
        return None;
    }
    let (anchor, focus) = (selection.anchor_node()?, selection.focus_node()?);
    if !container.contains(Some(&anchor)) || !container.contains(Some(&focus)) {
        return None;
    }
    let text: String = selection.to_string().into();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty() && text.chars().count() <= super::MAX_QUOTE).then_some(text)
}

/// The passage threads of one section, under it on the draft page.
#[component]
pub fn SectionPassages(draft_id: i64, passages: Vec<PassageSummary>) -> impl IntoView {
    (!passages.is_empty()).then(|| view! {
        <div class="rt-passages" data-testid="passages">
            <h3 class="nhsuk-heading-xs">"Comments on passages"</h3>
            <ul class="nhsuk-list">
                {passages.into_iter().map(|p| {
                    let comments = if p.comment_count == 1 { "1 comment".to_owned() } else { format!("{} comments", p.comment_count) };
                    view! {
                        <li class:rt-resolved=p.resolved data-testid="passage">
                            <a href=format!("/drafts/{draft_id}/passages/{}", p.id)>{format!("“{}”", p.quote)}</a>
                            " "<PlaceTag place=p.place resolved=p.resolved/>
                            <span class="rt-meta">{format!(" {comments}")}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    })
}

#[component]
fn PlaceTag(place: Place, resolved: bool) -> impl IntoView {
    let (class, text) = match (resolved, place) {
        (true, _) => ("nhsuk-tag nhsuk-tag--grey", "Resolved"),
        (false, Place::Exact) => ("nhsuk-tag nhsuk-tag--blue", "Open"),
        (false, Place::Changed) => ("nhsuk-tag nhsuk-tag--yellow", "Passage changed"),
        (false, Place::Orphaned) => ("nhsuk-tag nhsuk-tag--red", "Orphaned: passage removed"),
    };
    view! { <strong class=class data-testid="passage-place">{text}</strong> }
}

#[component]
pub fn PassageFormPage() -> impl IntoView {
    let draft_id = route_id("id");
    let section_id = route_id("section");
    let query = use_query_map();
    let form = Resource::new(
        move || (draft_id.get(), section_id.get(), query.read().get("quote")),
        |(d, s, quote)| async move {
            get_passage_form(d.ok_or_else(missing)?, s.ok_or_else(missing)?, quote).await
        },
    );
    view! {
        <Title text="Comment on a passage"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                forms::ready().await;
                match form.await {
                    Ok(form) => view! { <StartForm form=form/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StartForm(form: PassageForm) -> impl IntoView {
    let name = format!("passage-{}", form.section_id);
    let action = ServerAction::<StartPassageThread>::new();
    let error = form_error(action, name.clone());
    let kept = |field: &str| forms::kept_value(&name, field);
    let chosen = kept("paragraph")
        .and_then(|p| p.parse::<usize>().ok())
        .or(form.chosen);
    let quote = kept("quote").unwrap_or(form.quote.clone());
    let body = kept("body").unwrap_or_default();
    let paragraph_error = Signal::derive(move || error.get().and_then(|e| e.field("paragraph")));
    let draft_id = form.draft_id;
    view! {
        <ErrorSummary error=error/>
        <span class="nhsuk-caption-l">{form.draft_title.clone()}</span>
        <h1>"Comment on a passage of “"{form.heading.clone()}"”"</h1>
        <ActionForm action=action attr:novalidate=true>
            <input type="hidden" name="draft_id" value=draft_id/>
            <input type="hidden" name="section_id" value=form.section_id/>
            <input type="hidden" name="version_id" value=form.version_id/>
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || paragraph_error.get().is_some()>
                <fieldset class="nhsuk-fieldset">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Which paragraph?"</legend>
                    <ErrorMessage id="paragraph".to_owned() message=paragraph_error/>
                    <div class="nhsuk-radios" id="paragraph">
                        {form.paragraphs.iter().enumerate().map(|(i, text)| {
                            let id = format!("paragraph-{i}");
                            view! {
                                <div class="nhsuk-radios__item">
                                    <input class="nhsuk-radios__input" id=id.clone() name="paragraph" type="radio"
                                        value=i.to_string() checked=chosen == Some(i)/>
                                    <label class="nhsuk-label nhsuk-radios__label" for=id>{text.clone()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            <TextInput name="quote" label="The words you mean (optional)"
                hint="Copy them from the paragraph. Leave this empty to comment on the whole paragraph."
                value=quote error=error/>
            <TextArea name="body" label="Your comment" rows=4 value=body error=error/>
            <button class="nhsuk-button" type="submit" data-testid="start-passage-thread">"Post comment"</button>
            <p><a href=format!("/drafts/{draft_id}#section-{}", form.section_id)>"Cancel"</a></p>
        </ActionForm>
    }
}

#[component]
pub fn PassageThreadPage() -> impl IntoView {
    let draft_id = route_id("id");
    let thread_id = route_id("passage");
    let reload = RwSignal::new(0u32);
    let thread = Resource::new(
        move || (draft_id.get(), thread_id.get(), reload.get()),
        |(d, t, _)| async move {
            get_passage_thread(d.ok_or_else(missing)?, t.ok_or_else(missing)?).await
        },
    );
    view! {
        <Title text="Comments on a passage"/>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                forms::ready().await;
                match thread.await {
                    Ok(t) => view! { <ThreadView thread=t reload=reload/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ThreadView(thread: PassageThread, reload: RwSignal<u32>) -> impl IntoView {
    let (draft_id, id) = (thread.draft_id, thread.id);
    let reply_form = format!("passage-reply-{id}");
    let reply = ServerAction::<ReplyToPassage>::new();
    forms::bump_on_success(reply, reload);
    let reply_error = form_error(reply, reply_form.clone());
    let resolve = ServerAction::<ResolvePassage>::new();
    forms::bump_on_success(resolve, reload);
    let resolve_error = form_error(resolve, format!("passage-resolve-{id}"));
    let where_now = match (thread.place, &thread.now) {
        (Place::Exact, _) => "The passage still reads as quoted.".to_owned(),
        (Place::Changed, Some(now)) => {
            format!("The passage has changed since. It now reads: “{now}”")
        }
        (Place::Changed, None) => "The passage has changed since.".to_owned(),
        (Place::Orphaned, _) => {
            "Orphaned: the passage is no longer in the draft. The quote above is how it read."
                .to_owned()
        }
    };
    let section_link = match &thread.heading {
        Some(h) => {
            view! { <a href=format!("/drafts/{draft_id}#passage-{id}")>{format!("In “{h}”")}</a> }
                .into_any()
        }
        None => view! { <span>"Its section was removed from the draft."</span> }.into_any(),
    };
    let resolved = thread.resolved.is_some();
    view! {
        <span class="nhsuk-caption-l"><a href=format!("/drafts/{draft_id}")>{thread.draft_title.clone()}</a></span>
        <h1>"Comments on a passage"</h1>
        <p>{section_link}" "<PlaceTag place=thread.place resolved=resolved/></p>
        <blockquote class="rt-statement" data-testid="quote">{thread.quote.clone()}</blockquote>
        <p data-testid="where-now">{where_now}</p>
        {thread.resolved.clone().map(|(by, at)| view! {
            <p class="nhsuk-inset-text">{format!("Resolved by {by}, {}.", time_fmt::date_time(crate::i18n::Locale::En, at))}</p>
        })}
        <NoteComments comments=thread.comments testid="passage-comments"/>
        {thread.can_comment.then(|| view! {
            <ErrorSummary error=reply_error id_prefix="reply-"/>
            <ActionForm action=reply attr:novalidate=true>
                <input type="hidden" name="draft_id" value=draft_id/>
                <input type="hidden" name="thread_id" value=id/>
                <TextArea name="body" id_prefix="reply-" label="Your reply" rows=3
                    value=forms::kept_value(&reply_form, "body").unwrap_or_default() error=reply_error/>
                <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-testid="reply-passage">"Reply"</button>
            </ActionForm>
        })}
        {thread.can_resolve.then(|| view! {
            <ErrorSummary error=resolve_error id_prefix="resolve-"/>
            <ActionForm action=resolve>
                <input type="hidden" name="draft_id" value=draft_id/>
                <input type="hidden" name="thread_id" value=id/>
                <input type="hidden" name="resolve" value=if resolved { "no" } else { "yes" }/>
                <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-testid="resolve-passage">
                    {if resolved { "Reopen" } else { "Resolve" }}
                </button>
            </ActionForm>
        })}
    }
}
