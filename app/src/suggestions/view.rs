//! A draft's suggestions: the list, the form to suggest a change to a
//! section, and one suggestion with its diff, decision and discussion.

use super::api::{
    get_section_now, get_section_to_suggest, get_suggestion, get_suggestions, AcceptSuggestion,
    CommentOnSuggestion, RejectSuggestion, SuggestChange, WithdrawSuggestion,
};
use super::{Status, Suggestion, SuggestionList};
use crate::drafts::SectionText;
use crate::drafts::{not_found as missing, revision_line};
use crate::error::AppError;
use crate::forms;
use crate::time_fmt;
use crate::ui::{form_error, route_id, ErrorSummary, LoadError, TextArea, TextInput};
use crate::ui::{NoteComments, Parts};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SuggestionsPage() -> impl IntoView {
    let draft_id = route_id("id");
    let list = Resource::new(
        move || draft_id.get(),
        |d| async move { get_suggestions(d.ok_or_else(missing)?).await },
    );
    view! {
        <Title text="Suggestions"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <ListView list=list/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ListView(list: SuggestionList) -> impl IntoView {
    let id = list.draft_id;
    view! {
        <span class="nhsuk-caption-l"><a href=format!("/drafts/{id}")>{list.title}</a></span>
        <h1>"Suggestions"</h1>
        <p>"Suggested changes to this draft's sections. Its owners accept or reject each one. To suggest one, choose “Suggest a change” under a section of the draft."</p>
        {if list.suggestions.is_empty() {
            view! { <p>"There are no suggestions yet."</p> }.into_any()
        } else {
            view! {
                <ul class="nhsuk-list rt-draft-list" data-testid="suggestions">
                    {list.suggestions.into_iter().map(|s| view! {
                        <li>
                            <h2 class="nhsuk-heading-s">
                                <a href=format!("/drafts/{id}/suggestions/{}", s.id)>{format!("Change to “{}”", s.section)}</a>
                                " "<strong class=s.status.tag_class()>{s.status.label()}</strong>
                            </h2>
                            <p class="rt-meta">{format!("Suggested by {}, {} · {} {}", s.author, time_fmt::date_time(crate::i18n::Locale::En, s.created_at),
                                s.comment_count, if s.comment_count == 1 { "comment" } else { "comments" })}</p>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
pub fn SuggestPage() -> impl IntoView {
    let draft_id = route_id("id");
    let section_id = route_id("section");
    let section = Resource::new(
        move || (draft_id.get(), section_id.get()),
        |(d, s)| async move {
            get_section_to_suggest(d.ok_or_else(missing)?, s.ok_or_else(missing)?).await
        },
    );
    view! {
        <Title text="Suggest a change"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                forms::ready().await;
                match section.await {
                    Ok(section) => view! { <SuggestForm section=section/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SuggestForm(section: SectionText) -> impl IntoView {
    let form = format!("suggest-{}", section.section_id);
    let action = ServerAction::<SuggestChange>::new();
    let error = form_error(action, form.clone());
    let kept = move |field: &str, current: &str| {
        forms::kept_value(&form, field).unwrap_or_else(|| current.to_owned())
    };
    let draft_id = section.draft_id;
    view! {
        <ErrorSummary error=error/>
        <span class="nhsuk-caption-l">{section.draft_title.clone()}</span>
        <h1>"Suggest a change to “"{section.heading.clone()}"”"</h1>
        <p>"Change the text as you would like it to read. The draft's owners will see your words added and removed, and accept or reject them."</p>
        <ActionForm action=action attr:novalidate=true>
            <input type="hidden" name="draft_id" value=draft_id/>
            <input type="hidden" name="section_id" value=section.section_id/>
            <input type="hidden" name="base_version" value=section.version_id/>
            <TextInput name="heading" label="Heading" value=kept("heading", &section.heading) error=error/>
            <TextArea name="body" label="Text" rows=16 hint="You can use Markdown: **bold**, lists, links."
                value=kept("body", &section.body) error=error/>
            <TextInput name="message" label="Why (optional)" hint="A few words for the owners about your suggestion."
                value=kept("message", "") error=error/>
            <button class="nhsuk-button" type="submit" data-testid="suggest">"Send suggestion"</button>
            <p><a href=format!("/drafts/{draft_id}#section-{}", section.section_id)>"Cancel"</a></p>
        </ActionForm>
    }
}

#[component]
pub fn SuggestionPage() -> impl IntoView {
    let draft_id = route_id("id");
    let suggestion_id = route_id("suggestion");
    let reload = RwSignal::new(0u32);
    let suggestion = Resource::new(
        move || (draft_id.get(), suggestion_id.get(), reload.get()),
        |(d, s, _)| async move { get_suggestion(d.ok_or_else(missing)?, s.ok_or_else(missing)?).await },
    );
    view! {
        <Title text="Suggestion"/>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                forms::ready().await;
                match suggestion.await {
                    Ok(s) => view! { <SuggestionView suggestion=s reload=reload/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SuggestionView(suggestion: Suggestion, reload: RwSignal<u32>) -> impl IntoView {
    let s = suggestion;
    let (draft_id, id) = (s.draft_id, s.id);
    let decision = match (s.status, &s.decided) {
        (Status::Open, _) => None,
        (status, Some((by, at))) => Some(format!(
            "{} by {by}, {}.",
            status.label(),
            time_fmt::date_time(crate::i18n::Locale::En, *at)
        )),
        (status, None) => Some(format!("{}.", status.label())),
    };
    view! {
        <span class="nhsuk-caption-l"><a href=format!("/drafts/{draft_id}")>{s.draft_title.clone()}</a></span>
        <h1>"Change to “"{s.base_heading.clone()}"” "<strong class=s.status.tag_class() data-testid="suggestion-status">{s.status.label()}</strong></h1>
        <p class="rt-meta">{format!("Suggested by {}, {}", s.author, time_fmt::date_time(crate::i18n::Locale::En, s.created_at))}
            " · "<a href=format!("/drafts/{draft_id}/suggestions")>"All suggestions"</a></p>
        {s.note.clone().map(|note| view! { <blockquote class="rt-statement">{note}</blockquote> })}
        {decision.map(|d| view! {
            <div class="nhsuk-inset-text" data-testid="decision">
                <p>{d}
                    {s.applied_revision.map(|r| format!(" Applied as revision {r}."))}
                </p>
                {s.reason.clone().map(|r| view! { <p>{format!("Reason: {r}")}</p> })}
            </div>
        })}
        <h2>"The change"</h2>
        <p class="rt-meta">"Words added are underlined and marked “added”; words removed are struck through and marked “removed”."</p>
        {(s.heading != s.base_heading).then(|| view! {
            <p class="rt-diff">"Heading: "<Parts parts=s.heading_diff.clone()/></p>
        })}
        <div class="rt-diff rt-source" data-testid="suggestion-diff"><Parts parts=s.body_diff.clone()/></div>
        {(s.status == Status::Open).then(|| {
            if s.section_gone {
                Some(view! { <p class="nhsuk-inset-text">"The section was removed from the draft since this suggestion was written."</p> }.into_any())
            } else {
                s.moved_on.map(|_| view! {
                    <p class="nhsuk-inset-text" data-testid="moved-on">"The section has changed since this suggestion was written. Accepting it merges the suggested change into the current text; if both changed the same words, you will be asked to combine them."</p>
                }.into_any())
            }
        })}
        {s.can_decide.then(|| view! { <Decide suggestion=s.clone() reload=reload/> })}
        {s.can_withdraw.then(|| view! { <Withdraw draft_id=draft_id id=id reload=reload/> })}
        <Discussion suggestion=s reload=reload/>
    }
}

/// Accept (with, after a conflict, the combined text) or reject with a reason.
#[component]
fn Decide(suggestion: Suggestion, reload: RwSignal<u32>) -> impl IntoView {
    let (draft_id, id) = (suggestion.draft_id, suggestion.id);
    let accept_form = format!("accept-{id}");
    let accept = ServerAction::<AcceptSuggestion>::new();
    forms::bump_on_success(accept, reload);
    let accept_error = form_error(accept, accept_form.clone());
    let conflict = Memo::new(move |_| match accept_error.get() {
        Some(AppError::Conflict {
            current_version, ..
        }) => Some(current_version),
        _ => None,
    });
    let current = Resource::new(
        move || conflict.get(),
        move |version| async move {
            match version {
                Some(v) => get_section_now(draft_id, v).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let reject_form = format!("reject-{id}");
    let reject = ServerAction::<RejectSuggestion>::new();
    forms::bump_on_success(reject, reload);
    let reject_error = form_error(reject, reject_form.clone());
    let reject_open = forms::has_flash_for(&reject_form);
    let reject_reason = forms::kept_value(&reject_form, "reason").unwrap_or_default();
    let kept_heading = forms::kept_value(&accept_form, "heading")
        .filter(|h| !h.is_empty())
        .unwrap_or(suggestion.heading.clone());
    let kept_body = forms::kept_value(&accept_form, "body")
        .filter(|b| !b.is_empty())
        .unwrap_or(suggestion.body.clone());
    view! {
        <h2 id="decide">"Accept or reject"</h2>
        <ErrorSummary error=accept_error id_prefix="accept-"/>
        <Suspense fallback=|| ()>
            {move || {
                let (kept_heading, kept_body) = (kept_heading.clone(), kept_body.clone());
                Suspend::new(async move {
                match current.await {
                    Ok(Some(current)) => {
                        let version = current.version_id;
                        view! {
                            <div class="nhsuk-card rt-their-version" data-testid="current-version">
                                <div class="nhsuk-card__content">
                                    <h3 class="nhsuk-card__heading">"The section now"</h3>
                                    {current.written_by.as_ref().map(|r| view! { <p class="rt-meta">{revision_line(r)}</p> })}
                                    <h4>{current.heading.clone()}</h4>
                                    <pre class="rt-source">{current.body.clone()}</pre>
                                </div>
                            </div>
                            <ActionForm action=accept attr:novalidate=true>
                                <input type="hidden" name="draft_id" value=draft_id/>
                                <input type="hidden" name="suggestion_id" value=id/>
                                <input type="hidden" name="base_version" value=version/>
                                <TextInput name="heading" id_prefix="accept-" label="Heading" value=kept_heading error=accept_error/>
                                <TextArea name="body" id_prefix="accept-" label="The suggestion, combined with the current text" rows=16
                                    value=kept_body error=accept_error/>
                                <button class="nhsuk-button" type="submit" data-testid="accept-combined">"Accept with these changes"</button>
                            </ActionForm>
                        }.into_any()
                    }
                    _ => view! {
                        <ActionForm action=accept attr:class="rt-inline-form">
                            <input type="hidden" name="draft_id" value=draft_id/>
                            <input type="hidden" name="suggestion_id" value=id/>
                            <button class="nhsuk-button" type="submit" data-testid="accept">"Accept suggestion"</button>
                        </ActionForm>
                    }.into_any(),
                }
            })}}
        </Suspense>
        <details class="nhsuk-details" open=reject_open>
            <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">"Reject it"</span></summary>
            <div class="nhsuk-details__text">
                <ErrorSummary error=reject_error id_prefix="reject-"/>
                <ActionForm action=reject attr:novalidate=true>
                    <input type="hidden" name="draft_id" value=draft_id/>
                    <input type="hidden" name="suggestion_id" value=id/>
                    <TextArea name="reason" id_prefix="reject-" label="Why you reject it" rows=3
                        hint="Its author will read this."
                        value=reject_reason error=reject_error/>
                    <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-testid="reject">"Reject suggestion"</button>
                </ActionForm>
            </div>
        </details>
    }
}

#[component]
fn Withdraw(draft_id: i64, id: i64, reload: RwSignal<u32>) -> impl IntoView {
    let action = ServerAction::<WithdrawSuggestion>::new();
    forms::bump_on_success(action, reload);
    let error = form_error(action, format!("withdraw-{id}"));
    view! {
        <ErrorSummary error=error id_prefix="withdraw-"/>
        <ActionForm action=action>
            <input type="hidden" name="draft_id" value=draft_id/>
            <input type="hidden" name="suggestion_id" value=id/>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Withdraw your suggestion"</button>
        </ActionForm>
    }
}

#[component]
fn Discussion(suggestion: Suggestion, reload: RwSignal<u32>) -> impl IntoView {
    let (draft_id, id) = (suggestion.draft_id, suggestion.id);
    let form = format!("suggestion-comment-{id}");
    let action = ServerAction::<CommentOnSuggestion>::new();
    forms::bump_on_success(action, reload);
    let error = form_error(action, form.clone());
    view! {
        <h2 id="discussion">"Discussion"</h2>
        {if suggestion.comments.is_empty() {
            view! { <p>"No comments yet."</p> }.into_any()
        } else {
            view! {
                <NoteComments comments=suggestion.comments testid="suggestion-comments"/>
            }.into_any()
        }}
        {suggestion.can_comment.then(|| view! {
            <ErrorSummary error=error id_prefix="comment-"/>
            <ActionForm action=action attr:novalidate=true>
                <input type="hidden" name="draft_id" value=draft_id/>
                <input type="hidden" name="suggestion_id" value=id/>
                <TextArea name="body" id_prefix="comment-" label="Your comment" rows=3
                    value=forms::kept_value(&form, "body").unwrap_or_default() error=error/>
                <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Post comment"</button>
            </ActionForm>
        })}
    }
}
