//! Two revisions compared: per section, word by word, inline (insertions and
//! deletions marked in words for screen readers, and by more than colour)
//! or side by side.

use super::api::compare;
use super::{not_found as missing, revision_line};
use super::{Comparison, SectionComparison};
use crate::ui::Parts;
use crate::ui::{route_id, LoadError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ComparePage() -> impl IntoView {
    let draft_id = route_id("id");
    let query = use_query_map();
    let numbers = Memo::new(move |_| {
        let q = query.read();
        let n = |k: &str| q.get(k).and_then(|v| v.parse::<i64>().ok());
        (n("from"), n("to"))
    });
    let side_by_side = Memo::new(move |_| query.read().get("view").as_deref() == Some("side"));
    let comparison = Resource::new(
        move || (draft_id.get(), numbers.get()),
        |(d, (from, to))| async move {
            let (from, to) = (from.ok_or_else(missing)?, to.ok_or_else(missing)?);
            // Older first, whichever way round they were chosen.
            compare(d.ok_or_else(missing)?, from.min(to), from.max(to)).await
        },
    );
    view! {
        <Title text="Compare revisions"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match comparison.await {
                    Ok(c) => view! { <ComparisonView comparison=c side_by_side=side_by_side.get_untracked()/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ComparisonView(comparison: Comparison, side_by_side: bool) -> impl IntoView {
    let id = comparison.draft_id;
    let (from, to) = (comparison.from.number, comparison.to.number);
    let other_view = if side_by_side {
        (
            format!("/drafts/{id}/compare?from={from}&to={to}"),
            "Show changes inline",
        )
    } else {
        (
            format!("/drafts/{id}/compare?from={from}&to={to}&view=side"),
            "Show side by side",
        )
    };
    let changed: Vec<SectionComparison> = comparison
        .sections
        .into_iter()
        .filter(|s| s.changed())
        .collect();
    view! {
        <span class="nhsuk-caption-l"><a href=format!("/drafts/{id}")>{comparison.title}</a></span>
        <h1>{format!("Revision {from} compared with revision {to}")}</h1>
        <ul class="nhsuk-list rt-meta">
            <li>{revision_line(&comparison.from)}</li>
            <li>{revision_line(&comparison.to)}</li>
        </ul>
        <p><a href=other_view.0>{other_view.1}</a>" · "<a href=format!("/drafts/{id}/history")>"History"</a></p>
        {if changed.is_empty() {
            view! { <p data-testid="no-changes">"The two revisions have the same text."</p> }.into_any()
        } else {
            changed.into_iter().map(|s| view! { <SectionDiff section=s side_by_side=side_by_side/> }).collect_view().into_any()
        }}
    }
}

#[component]
fn SectionDiff(section: SectionComparison, side_by_side: bool) -> impl IntoView {
    let status = match (&section.old_heading, &section.new_heading) {
        (None, Some(_)) => Some("Section added"),
        (Some(_), None) => Some("Section removed"),
        _ => None,
    };
    let title = section
        .new_heading
        .clone()
        .or(section.old_heading.clone())
        .unwrap_or_default();
    view! {
        <section class="rt-diff-section" data-testid="section-diff">
            <h2>{title}</h2>
            {status.map(|s| view! { <strong class="nhsuk-tag">{s}</strong> })}
            {if side_by_side {
                view! {
                    <div class="nhsuk-grid-row">
                        <div class="nhsuk-grid-column-one-half">
                            <h3 class="nhsuk-heading-xs">"Before"</h3>
                            <pre class="rt-source">{section.old_heading.clone().map(|h| format!("{h}\n\n")).unwrap_or_default()}{section.old_body.clone()}</pre>
                        </div>
                        <div class="nhsuk-grid-column-one-half">
                            <h3 class="nhsuk-heading-xs">"After"</h3>
                            <pre class="rt-source">{section.new_heading.clone().map(|h| format!("{h}\n\n")).unwrap_or_default()}{section.new_body.clone()}</pre>
                        </div>
                    </div>
                }.into_any()
            } else {
                view! {
                    {(section.old_heading != section.new_heading).then(|| view! {
                        <p class="rt-diff">"Heading: "<Parts parts=section.heading_diff.clone()/></p>
                    })}
                    <div class="rt-diff rt-source"><Parts parts=section.body_diff.clone()/></div>
                }.into_any()
            }}
        </section>
    }
}
