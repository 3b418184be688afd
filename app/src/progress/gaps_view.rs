//! The gap register (`/gaps`): every item past its target date and not
//! done, or at risk, or behind, with the evidence written for it. Public,
//! for full transparency on gaps.

use super::api::get_gaps;
use super::view::Entry;
use super::Gap;
use crate::time_fmt;
use crate::ui::LoadError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn GapRegisterPage() -> impl IntoView {
    let gaps = Resource::new(|| (), |_| get_gaps());
    view! {
        <Title text="Gap register"/>
        <h1>"Gap register"</h1>
        <p class="nhsuk-lede-text">"Roadmap items past their target date and not done, or at risk, or behind, with what their owners say about them."</p>
        <p><a href="/api/v1/gaps">"This register as JSON"</a></p>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match gaps.await {
                    Ok(gaps) if gaps.is_empty() => view! { <p>"No gaps: every item is on time."</p> }.into_any(),
                    Ok(gaps) => view! {
                        <ul class="nhsuk-list" data-testid="gaps">
                            {gaps.into_iter().map(|g| view! { <GapView gap=g/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn GapView(gap: Gap) -> impl IntoView {
    let reasons = gap
        .reasons
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join(", ");
    let target = gap
        .target_date
        .as_deref()
        .map(|d| time_fmt::long_date(crate::i18n::Locale::En, d))
        .unwrap_or_else(|| "not set".into());
    let owners = if gap.owners.is_empty() {
        "No institution yet".to_owned()
    } else {
        gap.owners.join(", ")
    };
    view! {
        <li class="nhsuk-card rt-gap" data-testid="gap">
            <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading nhsuk-heading-m"><a href=format!("/items/{}/progress", gap.item_id)>{gap.title.clone()}</a></h2>
                <p>
                    <strong class=gap.status.tag_class()>{gap.status.label()}</strong>
                    {format!(" · {reasons} · {} · target date {target} · {owners}", gap.year)}
                </p>
                {match gap.latest {
                    Some(entry) => view! { <ul class="nhsuk-list"><Entry entry=entry/></ul> }.into_any(),
                    None => view! { <p class="rt-meta">"No progress recorded yet: no evidence written."</p> }.into_any(),
                }}
            </div>
        </li>
    }
}
