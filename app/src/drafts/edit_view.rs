//! Editing one section. When someone else changed the same words meanwhile,
//! their version is shown beside the writer's own text, which stays in the
//! form; saving again then replaces theirs with whatever the writer settled on.

use super::api::{get_section, get_section_version, SaveSection};
use super::SectionText;
use super::{not_found as missing, revision_line};
use crate::error::AppError;
use crate::forms;
use crate::ui::{form_error, route_id, ErrorSummary, LoadError, TextArea, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn EditSectionPage() -> impl IntoView {
    let draft_id = route_id("id");
    let section_id = route_id("section");
    let section = Resource::new(
        move || (draft_id.get(), section_id.get()),
        |(d, s)| async move { get_section(d.ok_or_else(missing)?, s.ok_or_else(missing)?).await },
    );
    view! {
        <Title text="Edit a section"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                forms::ready().await;
                match section.await {
                    Ok(section) => view! { <EditForm section=section/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EditForm(section: SectionText) -> impl IntoView {
    let form = format!("section-{}", section.section_id);
    let action = ServerAction::<SaveSection>::new();
    let error = form_error(action, form.clone());
    let kept = |field: &str, current: &str| {
        forms::kept_value(&form, field).unwrap_or_else(|| current.to_owned())
    };
    let (heading, body, message) = (
        kept("heading", &section.heading),
        kept("body", &section.body),
        kept("message", ""),
    );
    let conflict = Memo::new(move |_| match error.get() {
        Some(AppError::Conflict {
            current_version, ..
        }) => Some(current_version),
        _ => None,
    });
    let draft_id = section.draft_id;
    let own_version = section.version_id;
    // Saving after a conflict builds on their version: the writer has seen it.
    let base = move || conflict.get().unwrap_or(own_version);
    let theirs = Resource::new(
        move || conflict.get(),
        move |version| async move {
            match version {
                Some(v) => get_section_version(draft_id, v).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <ErrorSummary error=error/>
        <span class="nhsuk-caption-l">{section.draft_title.clone()}</span>
        <h1>"Edit “"{section.heading.clone()}"”"</h1>
        {section.written_by.as_ref().map(|r| view! { <p class="rt-meta">"You are editing the text of "{revision_line(r)}"."</p> })}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match theirs.await {
                    Ok(Some(theirs)) => view! { <TheirVersion theirs=theirs/> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
        <ActionForm action=action attr:novalidate=true>
            <input type="hidden" name="draft_id" value=draft_id/>
            <input type="hidden" name="section_id" value=section.section_id/>
            <input type="hidden" name="base_version" prop:value=base value=base/>
            <TextInput name="heading" label="Heading" value=heading error=error/>
            <TextArea name="body" label="Text" rows=16 hint="You can use Markdown: **bold**, lists, links."
                value=body error=error/>
            <TextInput name="message" label="Note for the history (optional)" hint="What you changed and why, in a few words."
                value=message error=error/>
            <button class="nhsuk-button" type="submit" data-testid="save-section">"Save section"</button>
            <p><a href=format!("/drafts/{draft_id}#section-{}", section.section_id)>"Cancel"</a></p>
        </ActionForm>
    }
}

/// The other writer's version, read-only, to compare with the form.
#[component]
fn TheirVersion(theirs: SectionText) -> impl IntoView {
    view! {
        <div class="nhsuk-card rt-their-version" data-testid="their-version">
            <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading">"Their version"</h2>
                {theirs.written_by.as_ref().map(|r| view! { <p class="rt-meta">{revision_line(r)}</p> })}
                <h3>{theirs.heading}</h3>
                <pre class="rt-source">{theirs.body}</pre>
                <p>"Your version is in the form below. Bring in what you want to keep from theirs, then save."</p>
            </div>
        </div>
    }
}
