//! The draft page (see the module's summary).

use super::api::{get_consultation_thread, get_draft};
use super::{Draft, Section};
use crate::consultations::view::PublishForm;
use crate::consultations::Publication;
use crate::discussion::view::{cursor_and_refresh, Discussion, ThreadSource};
use crate::drafts::view::{
    AddSectionForm, ArrangeButtons, InvitationAnswer, InvitationList, InviteForm, LiveUpdates,
    SignOffForm, VisibilityForm,
};
use crate::drafts::{not_found, revision_line};
use crate::forms;
#[cfg(feature = "hydrate")]
use crate::passages::view::selected_quote;
use crate::passages::view::{SectionPassages, SelectionLink};
use crate::time_fmt;
use crate::ui::{provide_reload, route_id, LoadError};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DraftPage() -> impl IntoView {
    let id = route_id("id");
    let reload = provide_reload();
    let draft = Resource::new(
        move || (id.get(), reload.get()),
        |(id, _)| async move { get_draft(id.ok_or_else(not_found)?).await },
    );
    let consultation = consultation_thread(id, reload);
    view! {
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                forms::ready().await;
                match draft.await {
                    Ok(draft) => view! { <DraftView draft=draft consultation=consultation/> }.into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A published draft's consultation thread (nothing before publishing);
/// re-read when `reload` changes too.
fn consultation_thread(draft_id: Memo<Option<i64>>, reload: RwSignal<u32>) -> ThreadSource {
    let (before, refresh) = cursor_and_refresh();
    let page = Resource::new(
        move || (draft_id.get(), before.get(), refresh.0.get(), reload.get()),
        |(draft, before, _, _)| async move {
            match draft {
                Some(draft) => get_consultation_thread(draft, before).await,
                None => Ok(None),
            }
        },
    );
    ThreadSource { page, before }
}

#[component]
fn DraftView(draft: Draft, consultation: ThreadSource) -> impl IntoView {
    let draft_for_sign_off = draft.clone();
    let id = draft.id;
    let can_edit = draft.can_edit;
    let count = draft.sections.len();
    let owners = draft
        .owners
        .iter()
        .map(|o| o.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let quorum = match draft.quorum {
        None => "every owning institution".to_owned(),
        Some(n) => format!("{n} of {} owning institutions", draft.owners.len()),
    };
    let invitations = draft.invitations.clone();
    let invited = draft.invited.clone();
    let invitable = draft.invitable.clone();
    let can_see_history = draft.can_see_history;
    let can_suggest = draft.can_suggest;
    let open_suggestions = draft.open_suggestions;
    let publication = draft.publication.clone();
    let caption = if publication.is_some() {
        "Public proposal"
    } else {
        "Shared draft"
    };
    view! {
        <Title text=draft.title.clone()/>
        <span class="nhsuk-caption-l">{caption}</span>
        <h1>{draft.title.clone()}</h1>
        <dl class="nhsuk-summary-list">
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key" id="owners">"Owned by"</dt>
                <dd class="nhsuk-summary-list__value" data-testid="owners">{owners}</dd>
            </div>
            {(!invitations.is_empty()).then(|| view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"Invited to co-own"</dt>
                    <dd class="nhsuk-summary-list__value">
                        <InvitationList draft_id=id invitations=invitations can_withdraw=can_edit/>
                    </dd>
                </div>
            })}
            {draft.item.clone().map(|(item_id, title)| view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"Roadmap item"</dt>
                    <dd class="nhsuk-summary-list__value"><a href=format!("/items/{item_id}")>{title}</a></dd>
                </div>
            })}
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Who can read it"</dt>
                <dd class="nhsuk-summary-list__value" data-testid="visibility">{draft.visibility.label()}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Sign-off needed"</dt>
                <dd class="nhsuk-summary-list__value">{quorum}</dd>
            </div>
            {match draft.last_change.as_ref() {
                Some(change) => view! {
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">"Latest change"</dt>
                        <dd class="nhsuk-summary-list__value" data-testid="latest-revision">
                            {revision_line(change)}
                            {can_see_history.then(|| view! { " "<a href=format!("/drafts/{id}/history")>"History"</a> })}
                        </dd>
                    </div>
                }.into_any(),
                None => view! {
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">"Revision"</dt>
                        <dd class="nhsuk-summary-list__value" data-testid="latest-revision">{format!("Revision {}", draft.revision)}</dd>
                    </div>
                }.into_any(),
            }}
            {can_see_history.then(|| view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"Suggestions"</dt>
                    <dd class="nhsuk-summary-list__value" data-testid="open-suggestions">
                        <a href=format!("/drafts/{id}/suggestions")>{match open_suggestions {
                            0 => "None open".to_owned(),
                            1 => "1 open".to_owned(),
                            n => format!("{n} open"),
                        }}</a>
                    </dd>
                </div>
            })}
        </dl>
        {invited.map(|(institution, may_answer)| view! {
            <InvitationAnswer draft_id=id institution=institution may_answer=may_answer/>
        })}
        {can_suggest.then(|| view! { <LiveUpdates draft_id=id revision=draft.revision/> })}
        {can_edit.then(|| view! { <VisibilityForm draft_id=id visibility=draft.visibility/> })}
        {(can_edit && !invitable.is_empty()).then(|| view! { <InviteForm draft_id=id choices=invitable/> })}
        {draft.sections.into_iter().enumerate().map(|(i, s)| view! {
            <SectionView draft_id=id section=s can_edit=can_edit can_see_history=can_see_history
                can_suggest=can_suggest first={i == 0} last={i + 1 == count}/>
        }).collect_view()}
        {can_edit.then(|| view! { <AddSectionForm draft_id=id/> })}
        <SignOffs draft=draft_for_sign_off/>
        {publication.map(|p| view! { <ConsultationPanel publication=p thread=consultation/> })}
    }
}

/// Who signed off what, whether the current revision has its sign-offs,
/// and the form for a lead whose institution has not signed it off yet.
#[component]
fn SignOffs(draft: Draft) -> impl IntoView {
    let current = draft.revision;
    let summary = format!(
        "{} of {} owning institutions needed have signed off revision {current}.",
        draft.current_sign_offs(),
        draft.sign_offs_needed
    );
    let met = draft.quorum_met();
    let published = draft.publication.is_some();
    view! {
        <h2 id="sign-off">"Sign-off"</h2>
        <p data-testid="sign-off-summary">
            {if published {
                format!("Revision {current} was signed off by {} of the owning institutions and published.", draft.current_sign_offs())
            } else {
                format!("{summary} {}", if met { "It can be published." } else { "It cannot be published yet." })
            }}
        </p>
        {(!draft.sign_offs.is_empty()).then(|| view! {
            <ul class="nhsuk-list rt-sign-offs" data-testid="sign-offs">
                {draft.sign_offs.into_iter().map(|s| {
                    let stale = s.revision != current;
                    view! {
                        <li class:rt-stale=stale>
                            <strong>{format!("{} signed off revision {}", s.institution, s.revision)}</strong>
                            {stale.then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--grey">"No longer current"</strong> })}
                            <br/>
                            <span class="rt-meta">{format!("{}, {}", s.by, crate::time_fmt::date_time(crate::i18n::Locale::En, s.signed_at))}</span>
                            <blockquote class="rt-statement">{s.statement}</blockquote>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
        {draft.can_sign_for.map(|owner| view! { <SignOffForm draft_id=draft.id revision=current owner=owner/> })}
        {draft.can_publish.then(|| view! { <PublishForm draft_id=draft.id revision=current items=draft.publish_items/> })}
    }
}

#[component]
fn SectionView(
    draft_id: i64,
    section: Section,
    can_edit: bool,
    can_see_history: bool,
    can_suggest: bool,
    first: bool,
    last: bool,
) -> impl IntoView {
    let Section {
        id,
        heading,
        body_html,
        passages,
        ..
    } = section;
    let anchor = format!("section-{id}");
    // Hydrated, selecting words in the text offers to comment on them.
    let body = NodeRef::<leptos::html::Div>::new();
    let selected = RwSignal::new(None::<String>);
    let on_select = move || {
        #[cfg(feature = "hydrate")]
        if let Some(element) = body.get_untracked() {
            selected.set(selected_quote(&element));
        }
    };
    view! {
        <section class="rt-draft-section" id=anchor aria-labelledby=format!("heading-{id}")>
            <h2 id=format!("heading-{id}")>{heading}</h2>
            <div class="rt-description" node_ref=body inner_html=body_html
                on:mouseup=move |_| on_select() on:keyup=move |_| on_select()></div>
            {can_suggest.then(|| view! { <SelectionLink draft_id=draft_id section_id=id selected=selected/> })}
            {can_see_history.then(|| view! {
                <p class="rt-section-actions">
                    {can_edit.then(|| view! {
                        <a href=format!("/drafts/{draft_id}/sections/{id}/edit") data-testid="edit-section">"Edit this section"</a>" · "
                    })}
                    {can_suggest.then(|| view! {
                        <a href=format!("/drafts/{draft_id}/sections/{id}/suggest") data-testid="suggest-change">"Suggest a change"</a>" · "
                        <a href=format!("/drafts/{draft_id}/sections/{id}/passage") data-testid="comment-passage">"Comment on a passage"</a>" · "
                    })}
                    <a href=format!("/drafts/{draft_id}/history?section={id}")>"Its history"</a>
                </p>
            })}
            <SectionPassages draft_id=draft_id passages=passages/>
            {can_edit.then(|| view! { <ArrangeButtons draft_id=draft_id section_id=id first=first last=last/> })}
        </section>
    }
}

/// A published draft's consultation: when it was published and closes, and
/// its public comments.
#[component]
fn ConsultationPanel(publication: Publication, thread: ThreadSource) -> impl IntoView {
    let closes = time_fmt::last_day_before(crate::i18n::Locale::En, publication.closes_at);
    view! {
        <div class="nhsuk-inset-text" data-testid="publication">
            <p>
                {format!("Published by {} on {}, as revision {}. ", publication.published_by,
                    time_fmt::date_time(crate::i18n::Locale::En, publication.published_at), publication.revision)}
                {if publication.open {
                    format!("Comments are open until the end of {closes}.")
                } else {
                    format!("Comments closed at the end of {closes}.")
                }}
            </p>
        </div>
        <Discussion source=thread/>
    }
}
