//! A comment's trace (`/comments/:id`): the comment, the themes it was
//! grouped into, the decisions on them and the roadmap items they change.

use super::api::{get_comment_trace, get_item_trace};
use super::view::DecisionCard;
use super::{CommentTrace, ItemTrace};
use crate::time_fmt;
use crate::ui::{route_id, use_reload, LoadError};
use leptos::prelude::*;
use leptos_meta::Title;

/// The trace of the comment of the route's `:id` (`pages::comment`).
#[component]
pub fn CommentTraceSection() -> impl IntoView {
    let id = route_id("id");
    let reload = use_reload();
    let trace = Resource::new(
        move || (id.get(), reload.get()),
        |(id, _)| get_comment_trace(id.unwrap_or_default()),
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match trace.await {
                    Ok(trace) => view! { <TraceView trace=trace/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TraceView(trace: CommentTrace) -> impl IntoView {
    let thread = format!(
        "/items/{}/threads/{}#comment-{}",
        trace.item_id, trace.thread_id, trace.comment_id
    );
    view! {
        <Title text="What came of a comment"/>
        <span class="nhsuk-caption-l">"Follow a comment"</span>
        <h1>"What came of this comment"</h1>
        <blockquote class="rt-quote" data-testid="traced-comment">
            {if trace.body_html.is_empty() {
                view! { <p class="rt-meta">"This comment was deleted."</p> }.into_any()
            } else {
                view! { <div inner_html=trace.body_html.clone()></div> }.into_any()
            }}
            <footer class="rt-meta">
                {format!("{} · {} · {} · ", trace.author, trace.badge, time_fmt::date_time(crate::i18n::Locale::En, trace.created_at))}
                <a href=thread>{format!("in “{}” on “{}”", trace.thread_title, trace.item_title)}</a>
            </footer>
        </blockquote>
        {if trace.themes.is_empty() {
            view! { <p data-testid="no-trace">"Nothing has been published about this comment yet. When policy makers publish what came of the discussion, it will show here."</p> }.into_any()
        } else {
            trace.themes.into_iter().map(|t| view! {
                <h2 data-testid="traced-theme">{format!("Theme: {}", t.name)}</h2>
                <p>
                    {(!t.published).then(|| view! { <strong class="nhsuk-tag nhsuk-tag--grey">"Not published"</strong>" " })}
                    <a href=t.outcome_path.clone()>"Read the outcome: you said, we did"</a>
                </p>
                {if t.decisions.is_empty() {
                    view! { <p>"No decision on this theme yet."</p> }.into_any()
                } else {
                    t.decisions.into_iter().map(|d| view! { <DecisionCard decision=d/> }).collect_view().into_any()
                }}
            }).collect_view().into_any()
        }}
    }
}

/// What changed the item of the route's `:id`: decisions (with their
/// themes and the comments behind them) and the proposals published for it.
#[component]
pub fn ItemTraceSection() -> impl IntoView {
    let id = route_id("id");
    let trace = Resource::new(
        move || id.get(),
        |id| get_item_trace(id.unwrap_or_default()),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match trace.await {
                    Ok(trace) => view! { <ItemTraceView trace=trace/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ItemTraceView(trace: ItemTrace) -> impl IntoView {
    view! {
        <h2 id="what-changed-it">"What changed it"</h2>
        {if trace.decisions.is_empty() {
            view! { <p data-testid="no-decisions">"No published decision has changed this item yet."</p> }.into_any()
        } else {
            trace.decisions.into_iter().map(|s| {
                let said = format!("Decided on the theme “{}”, which groups {} public comments.", s.decision.theme_name, s.comment_count);
                view! {
                    <DecisionCard decision=s.decision>
                        <p>
                            {(!s.published).then(|| view! { <strong class="nhsuk-tag nhsuk-tag--grey">"Not published"</strong>" " })}
                            {said}" "<a href=s.outcome_path>"Read what was said"</a>
                        </p>
                        {(!s.quotes.is_empty()).then(|| view! {
                            <ul class="nhsuk-list">
                                {s.quotes.into_iter().map(|q| view! {
                                    <li><a href=format!("/comments/{}", q.comment_id)>{format!("{} ({})", q.author, q.badge)}</a></li>
                                }).collect_view()}
                            </ul>
                        })}
                    </DecisionCard>
                }
            }).collect_view().into_any()
        }}
        <h2 id="proposals">"Proposals published for it"</h2>
        {if trace.drafts.is_empty() {
            view! { <p>"None yet."</p> }.into_any()
        } else {
            view! {
                <ul class="nhsuk-list">
                    {trace.drafts.into_iter().map(|d| {
                        let signed = if d.signed_off_by.is_empty() { String::new() } else { format!(", signed off by {}", d.signed_off_by.join(", ")) };
                        view! {
                            <li>
                                <a href=format!("/drafts/{}", d.draft_id)>{d.title.clone()}</a>
                                {format!(": revision {} published {}{signed}", d.revision, time_fmt::date_time(crate::i18n::Locale::En, d.published_at))}
                                {d.outcome_published.then(|| view! { " · "<a href=format!("/consultations/{}/outcome", d.draft_id)>"what came of it"</a> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
