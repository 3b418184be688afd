//! A roadmap item's page: the item (`roadmap`) beside its discussion
//! (`discussion`): the thread shown, and the list of its threads.

use crate::discussion::view::{item_thread, Discussion, ThreadList, ThreadSource};
use crate::discussion::ThreadSummary;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::roadmap::view::StatusTag;
use crate::roadmap::ItemDetail;
use crate::t;
use crate::time_fmt;
use crate::ui::{route_id, LoadError};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// What the item page shows: the item, and the threads the viewer may see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemPageData {
    pub item: ItemDetail,
    pub threads: Vec<ThreadSummary>,
    /// Whether the viewer analyses what was said (themes).
    pub can_analyse: bool,
}

/// One item with the threads the viewer may see. Anyone may read it
/// (partner-only threads are listed for those who may read them).
#[server(prefix = "/api", endpoint = "item_page")]
pub async fn get_item_page(id: i64) -> Result<ItemPageData, AppError> {
    use crate::domain::identity::Me;
    let me = crate::identity::session::current_user().await?;
    let db = crate::context::db()?;
    let item = crate::roadmap::detail::item(&db, me.as_ref(), id).await?;
    let partner = me.as_ref().is_some_and(Me::can_see_partner_content);
    let threads = crate::discussion::store::threads_of_item(&db, id, partner).await?;
    let can_analyse = me
        .as_ref()
        .is_some_and(crate::domain::outcomes::access::may_analyse);
    Ok(ItemPageData {
        item,
        threads,
        can_analyse,
    })
}

#[component]
pub fn ItemPage() -> impl IntoView {
    let item_id = route_id("id");
    let thread_id = route_id("thread");
    let item = Resource::new(
        move || item_id.get(),
        |id| async move {
            match id {
                Some(id) => get_item_page(id).await,
                None => Err(AppError::NotFound("There is no such roadmap item.".into())),
            }
        },
    );
    let thread = item_thread(item_id, thread_id);
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match item.await {
                    Ok(page) => view! { <ItemView page=page thread_id=thread_id thread=thread/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ItemView(
    page: ItemPageData,
    thread_id: Memo<Option<i64>>,
    thread: ThreadSource,
) -> impl IntoView {
    let ItemPageData {
        item,
        threads,
        can_analyse,
    } = page;
    let item_id = item.id;
    let i18n = use_i18n();
    view! {
        <Title text=item.title.clone()/>
        <nav class="nhsuk-breadcrumb" aria-label=t!(i18n, "breadcrumb-label")>
            <ol class="nhsuk-breadcrumb__list">
                <li class="nhsuk-breadcrumb__list-item"><a class="nhsuk-breadcrumb__link" href="/">{t!(i18n, "item-breadcrumb-roadmap")}</a></li>
                <li class="nhsuk-breadcrumb__list-item">{item.phase.year}": "{item.phase.title.clone()}</li>
            </ol>
        </nav>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <span class="nhsuk-caption-l">{item.phase.year}</span>
                <h1>{item.title.clone()}</h1>
                <p class="nhsuk-lede-text">{item.summary.clone()}</p>
                <dl class="nhsuk-summary-list">
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">{t!(i18n, "item-status")}</dt>
                        <dd class="nhsuk-summary-list__value">
                            <StatusTag status=item.status/>" "
                            <a href=format!("/items/{item_id}/progress") data-testid="item-progress">{t!(i18n, "item-progress-link")}</a>
                        </dd>
                    </div>
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">{t!(i18n, "item-target-date")}</dt>
                        <dd class="nhsuk-summary-list__value">
                            {item.target_date.as_deref().map(|d| time_fmt::long_date(i18n.locale, d)).unwrap_or_else(|| t!(i18n, "item-target-not-set"))}
                        </dd>
                    </div>
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">{t!(i18n, "item-led-by")}</dt>
                        <dd class="nhsuk-summary-list__value">
                            {if item.owners.is_empty() {
                                t!(i18n, "item-no-institution")
                            } else {
                                item.owners.iter().map(|o| o.name.clone()).collect::<Vec<_>>().join(", ")
                            }}
                        </dd>
                    </div>
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">{t!(i18n, "item-last-updated")}</dt>
                        <dd class="nhsuk-summary-list__value">
                            <time datetime=time_fmt::iso(item.updated_at)>{time_fmt::date_time(i18n.locale, item.updated_at)}</time>
                        </dd>
                    </div>
                </dl>
                {(item.can_edit || can_analyse).then(|| view! {
                    <p>
                        {item.can_edit.then(|| view! {
                            <a class="nhsuk-button nhsuk-button--secondary" href=format!("/items/{item_id}/edit")>{t!(i18n, "item-edit")}</a>" "
                        })}
                        {can_analyse.then(|| view! {
                            <a class="nhsuk-button nhsuk-button--secondary" href=format!("/items/{item_id}/analysis")>{t!(i18n, "item-analyse")}</a>
                        })}
                    </p>
                })}
                <div class="rt-description" inner_html=item.description_html.clone()></div>
                {(!item.responsibilities.is_empty()).then(|| view! {
                    <h2>{t!(i18n, "item-who-does-what")}</h2>
                    <dl class="nhsuk-summary-list">
                        {item.responsibilities.iter().map(|r| view! {
                            <div class="nhsuk-summary-list__row">
                                <dt class="nhsuk-summary-list__key">{r.stakeholder.name(i18n.locale)}</dt>
                                <dd class="nhsuk-summary-list__value">{r.text.clone()}</dd>
                            </div>
                        }).collect_view()}
                    </dl>
                })}
                <Discussion source=thread/>
            </div>
            <div class="nhsuk-grid-column-one-third">
                <ThreadList item_id=item_id threads=threads current=thread_id/>
            </div>
        </div>
    }
}
