//! A draft's history (or one section's), with the choice of two revisions
//! to compare and a way to restore an earlier one.

use super::api::{get_history, RestoreRevision};
use super::History;
use super::{not_found as missing, revision_line};
use crate::forms;
use crate::ui::{form_error, route_id, ErrorSummary, LoadError};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn HistoryPage() -> impl IntoView {
    let draft_id = route_id("id");
    let query = use_query_map();
    let section = Memo::new(move |_| {
        query
            .read()
            .get("section")
            .and_then(|s| s.parse::<i64>().ok())
    });
    let before = Memo::new(move |_| {
        query
            .read()
            .get("before")
            .and_then(|s| s.parse::<i64>().ok())
    });
    let history = Resource::new(
        move || (draft_id.get(), section.get(), before.get()),
        |(d, s, b)| async move { get_history(d.ok_or_else(missing)?, s, b).await },
    );
    view! {
        <Title text="Draft history"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                forms::ready().await;
                match history.await {
                    Ok(history) => view! { <HistoryView history=history/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn HistoryView(history: History) -> impl IntoView {
    let id = history.draft_id;
    let current = history.current;
    let can_edit = history.can_edit;
    let heading = match &history.section {
        Some((_, h)) => format!("History of “{h}”"),
        None => "History".to_owned(),
    };
    let newest = history
        .revisions
        .first()
        .map(|r| r.number)
        .unwrap_or(current);
    let second = history.revisions.get(1).map(|r| r.number).unwrap_or(newest);
    let next_page = history.more_before.map(|b| match &history.section {
        Some((s, _)) => format!("/drafts/{id}/history?section={s}&before={b}"),
        None => format!("/drafts/{id}/history?before={b}"),
    });
    view! {
        <span class="nhsuk-caption-l"><a href=format!("/drafts/{id}")>{history.title.clone()}</a></span>
        <h1>{heading}</h1>
        <p>"Choose two revisions to compare, word by word."</p>
        // The radios belong to this form through their form attribute, so the
        // restore forms in the table are not nested inside it.
        <form id="compare-form" method="get" action=format!("/drafts/{id}/compare")></form>
        <table class="nhsuk-table" data-testid="revisions">
            <thead class="nhsuk-table__head">
                <tr><th scope="col">"From"</th><th scope="col">"To"</th><th scope="col">"Revision"</th><th scope="col"><span class="nhsuk-u-visually-hidden">"Actions"</span></th></tr>
            </thead>
            <tbody class="nhsuk-table__body">
                {history.revisions.into_iter().map(|r| {
                    let n = r.number;
                    view! {
                        <tr class="nhsuk-table__row">
                            <td class="nhsuk-table__cell">
                                <input type="radio" form="compare-form" name="from" value=n checked=n == second aria-label=format!("Compare from revision {n}")/>
                            </td>
                            <td class="nhsuk-table__cell">
                                <input type="radio" form="compare-form" name="to" value=n checked=n == newest aria-label=format!("Compare to revision {n}")/>
                            </td>
                            <td class="nhsuk-table__cell">
                                {revision_line(&r)}
                                {r.message.clone().map(|m| view! { <br/><span class="rt-meta">"“"{m}"”"</span> })}
                            </td>
                            <td class="nhsuk-table__cell">
                                {(can_edit && n != current).then(|| view! { <RestoreButton draft_id=id number=n/> })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <button class="nhsuk-button" type="submit" form="compare-form" data-testid="compare">"Compare"</button>
        {next_page.map(|href| view! { <p><a href=href>"Older revisions"</a></p> })}
    }
}

#[component]
fn RestoreButton(draft_id: i64, number: i64) -> impl IntoView {
    let action = ServerAction::<RestoreRevision>::new();
    let error = form_error(action, format!("restore-{number}"));
    view! {
        <ErrorSummary error=error id_prefix=format!("restore-{number}-")/>
        <ActionForm action=action attr:class="rt-arrange">
            <input type="hidden" name="draft_id" value=draft_id/>
            <input type="hidden" name="number" value=number/>
            <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit"
                data-testid=format!("restore-{number}")>{format!("Restore revision {number}")}</button>
        </ActionForm>
    }
}
