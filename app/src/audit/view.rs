//! The audit log page (`/admin/audit`): entries newest first, a filter by
//! subject, and a button that checks the whole chain.

use super::api::{get_audit_log, VerifyAuditLog};
use super::{LogEntry, LogPage};
use crate::time_fmt;
use crate::ui::LoadError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        (
            q.get("before").and_then(|b| b.parse::<i64>().ok()),
            q.get("subject").filter(|s| !s.is_empty()),
        )
    });
    let page = Resource::new(
        move || filter.get(),
        |(before, subject)| get_audit_log(before, subject),
    );
    let verify = ServerAction::<VerifyAuditLog>::new();
    view! {
        <Title text="Audit log"/>
        <span class="nhsuk-caption-l">"Administration"</span>
        <h1>"Audit log"</h1>
        <p>"Every privileged action, newest first. Entries cannot be changed: each is sealed with the one before it, and the check below finds any that were."</p>
        <ActionForm action=verify>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-testid="verify-audit">"Check the chain now"</button>
        </ActionForm>
        {move || verify.value().get().map(|result| match result {
            Ok(message) => view! { <div class="nhsuk-inset-text" data-testid="audit-verdict"><p>{message}</p></div> }.into_any(),
            Err(err) => view! { <LoadError error=err/> }.into_any(),
        })}
        <form method="get" action="/admin/audit" class="rt-filter">
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="subject">"Only entries about"</label>
                <div class="nhsuk-hint" id="subject-hint">"For example draft:3 or identity_provider:2."</div>
                <input class="nhsuk-input nhsuk-input--width-20" id="subject" name="subject" type="text" aria-describedby="subject-hint"
                    value=move || filter.get().1.unwrap_or_default()/>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Filter"</button>
        </form>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <LogTable page=page/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LogTable(page: LogPage) -> impl IntoView {
    if page.entries.is_empty() {
        return view! { <p>"No entries."</p> }.into_any();
    }
    let older = page.older.map(|cursor| {
        let subject = page
            .subject
            .as_deref()
            .map(|s| format!("&subject={}", s.replace('&', "%26").replace('#', "%23")))
            .unwrap_or_default();
        format!("/admin/audit?before={cursor}{subject}")
    });
    // The table scrolls within its own region on a narrow screen (a
    // focusable one, so it scrolls from the keyboard), not the page.
    view! {
        <div class="rt-table-scroll" role="region" aria-labelledby="audit-log-caption" tabindex="0">
        <table class="nhsuk-table" data-testid="audit-log">
            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden" id="audit-log-caption">"Audit log entries"</caption>
            <thead class="nhsuk-table__head">
                <tr>
                    <th scope="col">"When"</th>
                    <th scope="col">"Who"</th>
                    <th scope="col">"What"</th>
                    <th scope="col">"Details"</th>
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">
                {page.entries.into_iter().map(|e| view! { <Row entry=e/> }).collect_view()}
            </tbody>
        </table>
        </div>
        {older.map(|href| view! { <p><a href=href>"Older entries"</a></p> })}
    }
    .into_any()
}

#[component]
fn Row(entry: LogEntry) -> impl IntoView {
    let who = match &entry.institution {
        Some(i) => format!("{} ({i})", entry.actor),
        None => entry.actor.clone(),
    };
    let subject = match entry.subject_href() {
        Some(href) => view! { <a href=href>{entry.subject.clone()}</a> }.into_any(),
        None => view! { <span>{entry.subject.clone()}</span> }.into_any(),
    };
    view! {
        <tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell"><time datetime=time_fmt::iso(entry.at)>{time_fmt::date_time(crate::i18n::use_i18n().locale, entry.at)}</time></td>
            <td class="nhsuk-table__cell">{who}</td>
            <td class="nhsuk-table__cell">{entry.action_label().to_owned()}" · "{subject}</td>
            <td class="nhsuk-table__cell"><code class="rt-detail">{entry.detail.clone()}</code></td>
        </tr>
    }
}
