//! The discussion's forms: starting a thread, and posting, replying to,
//! editing and deleting a comment.

use super::api::{DeleteComment, EditComment, PostComment, StartThread};
use super::view::Refresh;
use crate::forms;
use crate::ui::{form_error, ErrorSummary, TextArea, TextInput};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub(super) fn StartThreadForm(item_id: i64) -> impl IntoView {
    let form = format!("thread-{item_id}");
    let action = ServerAction::<StartThread>::new();
    let error = form_error(action, form.clone());
    let viewer = crate::ui::viewer();
    let prefix = "thread-";
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    forms::ready().await;
                    let me = viewer.me.await.ok().flatten()?;
                    let kept = move |field: &str| forms::kept_value(&form, field).unwrap_or_default();
                    let open = error.get_untracked().is_some();
                    Some(view! {
                        <details class="nhsuk-details" open=open>
                            <summary class="nhsuk-details__summary">
                                <span class="nhsuk-details__summary-text">"Start a new discussion"</span>
                            </summary>
                            <div class="nhsuk-details__text">
                                <ErrorSummary error=error id_prefix=prefix/>
                                <ActionForm action=action attr:novalidate=true>
                                    <input type="hidden" name="item_id" value=item_id/>
                                    <TextInput name="title" label="Title" id_prefix=prefix value=kept("title") error=error/>
                                    <TextArea name="body" label="First comment" id_prefix=prefix value=kept("body") error=error/>
                                    {me.can_see_partner_content().then(|| view! {
                                        <div class="nhsuk-checkboxes__item nhsuk-form-group">
                                            <input class="nhsuk-checkboxes__input" id="thread-partner_only" name="partner_only"
                                                type="checkbox" value="yes" checked=!kept("partner_only").is_empty()/>
                                            <label class="nhsuk-label nhsuk-checkboxes__label" for="thread-partner_only">
                                                "Partners only (partner members, policy makers and administrators)"
                                            </label>
                                        </div>
                                    })}
                                    <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Start discussion"</button>
                                </ActionForm>
                            </div>
                        </details>
                    })
                })
            }}
        </Suspense>
    }
}

/// A `<details>` around a small form: works without JavaScript, and opens by
/// itself when its form came back with an error.
#[component]
pub(super) fn Disclosure(label: &'static str, form: String, children: Children) -> impl IntoView {
    let open = forms::has_flash_for(&form);
    view! {
        <details class="nhsuk-details" open=open>
            <summary class="nhsuk-details__summary">
                <span class="nhsuk-details__summary-text">{label}</span>
            </summary>
            <div class="nhsuk-details__text">{children()}</div>
        </details>
    }
}

#[component]
pub(super) fn CommentForm(thread_id: i64, parent_id: Option<i64>) -> impl IntoView {
    let form = match parent_id {
        Some(p) => format!("reply-{p}"),
        None => format!("comment-{thread_id}"),
    };
    let prefix = format!("{form}-");
    let action = ServerAction::<PostComment>::new();
    expect_context::<Refresh>().after_success(action);
    let error = form_error(action, form.clone());
    // Once posted, the form empties, ready for the next comment.
    let form_ref = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(form)) = (action.value().get(), form_ref.get()) {
            form.reset();
        }
    });
    let testid = format!("{form}-form");
    let body = forms::kept_value(&form, "body").unwrap_or_default();
    let (label, button) = match parent_id {
        Some(_) => ("Your reply", "Post reply"),
        None => ("Your comment", "Post comment"),
    };
    view! {
        <ErrorSummary error=error id_prefix=prefix.clone()/>
        <ActionForm action=action node_ref=form_ref attr:novalidate=true attr:data-testid=testid>
            <input type="hidden" name="thread_id" value=thread_id/>
            {parent_id.map(|p| view! { <input type="hidden" name="parent_id" value=p/> })}
            <TextArea name="body" label=label id_prefix=prefix rows=4
                hint="You can use Markdown: **bold**, *italic*, lists and links."
                value=body error=error/>
            <button class="nhsuk-button" type="submit">{button}</button>
        </ActionForm>
    }
}

#[component]
pub(super) fn EditForm(comment_id: i64, body: String) -> impl IntoView {
    let form = format!("edit-{comment_id}");
    let prefix = format!("{form}-");
    let action = ServerAction::<EditComment>::new();
    expect_context::<Refresh>().after_success(action);
    let error = form_error(action, form.clone());
    view! {
        <ErrorSummary error=error id_prefix=prefix.clone()/>
        <ActionForm action=action attr:novalidate=true>
            <input type="hidden" name="comment_id" value=comment_id/>
            <TextArea name="body" label="Edit your comment" id_prefix=prefix rows=4
                value=forms::kept_value(&form, "body").unwrap_or(body) error=error/>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Save changes"</button>
        </ActionForm>
    }
}

#[component]
pub(super) fn DeleteForm(comment_id: i64) -> impl IntoView {
    let form = format!("delete-{comment_id}");
    let action = ServerAction::<DeleteComment>::new();
    expect_context::<Refresh>().after_success(action);
    let error = form_error(action, form);
    view! {
        <ErrorSummary error=error/>
        <p>"Delete this comment? Replies to it will stay."</p>
        <ActionForm action=action>
            <input type="hidden" name="comment_id" value=comment_id/>
            <button class="nhsuk-button nhsuk-button--warning" type="submit">"Yes, delete it"</button>
        </ActionForm>
    }
}
