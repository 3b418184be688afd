//! A comment's trace (`/comments/:id`): the comment, the themes it was
//! grouped into, the decisions on them and the roadmap items they change.

use super::api::get_comment_trace;
use super::view::DecisionCard;
use super::CommentTrace;
use crate::time_fmt;
use crate::ui::{route_id, LoadError};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CommentTracePage() -> impl IntoView {
    let id = route_id("id");
    let trace = Resource::new(
        move || id.get(),
        |id| get_comment_trace(id.unwrap_or_default()),
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
                {format!("{} · {} · {} · ", trace.author, trace.badge, time_fmt::date_time(trace.created_at))}
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
