//! The discussion on an item page: the list of threads, a thread's comments
//! (newest first, "show more" for older ones), and the forms to post, reply,
//! edit and delete.

use super::api::get_thread_page;
use super::form_view::{CommentForm, DeleteForm, Disclosure, EditForm, StartThreadForm};
use super::{CommentView, ThreadPage, ThreadSummary, Visibility};
use crate::domain::identity::Badge;
use crate::error::AppError;
use crate::forms;
use crate::time_fmt;
use crate::ui::LoadError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Bumped after anything changes a thread, so the page re-reads it.
#[derive(Clone, Copy)]
pub struct Refresh(pub RwSignal<u32>);

impl Refresh {
    pub(super) fn after_success<S>(self, action: ServerAction<S>)
    where
        S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Clone + Send + Sync + 'static,
    {
        Effect::new(move |_| {
            if let Some(Ok(_)) = action.value().get() {
                self.0.update(|n| *n += 1);
            }
        });
    }
}

fn thread_href(item_id: i64, thread: &ThreadSummary) -> String {
    if thread.is_general {
        format!("/items/{item_id}")
    } else {
        format!("/items/{item_id}/threads/{}", thread.id)
    }
}

/// The threads of an item that the viewer may see, and the form to start one.
#[component]
pub fn ThreadList(
    item_id: i64,
    threads: Vec<ThreadSummary>,
    current: Memo<Option<i64>>,
) -> impl IntoView {
    view! {
        <nav class="rt-thread-list" aria-labelledby="threads-heading">
            <h2 class="nhsuk-heading-s" id="threads-heading">"Discussions"</h2>
            <ul class="nhsuk-list">
                {threads.into_iter().map(|t| {
                    let href = thread_href(item_id, &t);
                    let id = t.id;
                    let is_general = t.is_general;
                    let is_current = move || current.get() == Some(id) || (current.get().is_none() && is_general);
                    view! {
                        <li>
                            <a href=href aria-current=move || is_current().then_some("page")>{t.title.clone()}</a>
                            {(t.visibility == Visibility::Partners).then(|| view! {
                                " "<strong class="nhsuk-tag nhsuk-tag--purple rt-badge">"Partners only"</strong>
                            })}
                            <br/>
                            <span class="rt-meta">
                                {t.comment_count}{if t.comment_count == 1 { " comment" } else { " comments" }}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <StartThreadForm item_id=item_id/>
        </nav>
    }
}

/// The data of the thread a page shows, loaded by the page component
/// itself: created in its body, outside any Suspense. (A resource created
/// inside a Suspense body can be created in another order on the server,
/// where bodies resolve as their data arrives, than in the browser; when
/// hydrating, it would then read another resource's data.)
#[derive(Clone, Copy)]
pub struct ThreadSource {
    pub page: Resource<Result<Option<ThreadPage>, AppError>>,
    pub before: Memo<Option<i64>>,
}

/// The `?before=` cursor of the page's URL, and the refresh counter that
/// the thread's forms bump (provided as context for them).
pub fn cursor_and_refresh() -> (Memo<Option<i64>>, Refresh) {
    let query = use_query_map();
    let before = Memo::new(move |_| {
        query
            .read()
            .get("before")
            .and_then(|b| b.parse::<i64>().ok())
    });
    let refresh = Refresh(RwSignal::new(0));
    provide_context(refresh);
    (before, refresh)
}

/// An item's thread (`thread_id` `None`: its general discussion).
pub fn item_thread(item_id: Memo<Option<i64>>, thread_id: Memo<Option<i64>>) -> ThreadSource {
    let (before, refresh) = cursor_and_refresh();
    let page = Resource::new(
        move || {
            (
                item_id.get(),
                thread_id.get(),
                before.get(),
                refresh.0.get(),
            )
        },
        |(item, thread, before, _)| async move {
            let item =
                item.ok_or_else(|| AppError::NotFound("There is no such roadmap item.".into()))?;
            get_thread_page(item, thread, before).await.map(Some)
        },
    );
    ThreadSource { page, before }
}

/// The thread a page loaded (see [`ThreadSource`]).
#[component]
pub fn Discussion(source: ThreadSource) -> impl IntoView {
    let ThreadSource { page, before } = source;
    view! {
        <Transition fallback=|| view! { <p>"Loading the discussion…"</p> }>
            {move || Suspend::new(async move {
                forms::ready().await;
                match page.await {
                    Ok(Some(page)) => {
                        let item_id = page.thread.item_id;
                        view! { <ThreadView page=page item_id=item_id first_page=before.get_untracked().is_none()/> }.into_any()
                    }
                    Ok(None) => ().into_any(),
                    Err(err) => view! { <LoadError error=err/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ThreadView(page: ThreadPage, item_id: i64, first_page: bool) -> impl IntoView {
    let thread = page.thread.clone();
    let base = thread_href(item_id, &thread);
    // Pages of older comments fetched by "Show more" while hydrated.
    let more = RwSignal::new(Vec::<CommentView>::new());
    let older = RwSignal::new(page.older);
    let loading = RwSignal::new(false);
    let load_more = {
        let thread_id = thread.id;
        move |ev: leptos::ev::MouseEvent| {
            let Some(cursor) = older.get_untracked() else {
                return;
            };
            ev.prevent_default();
            loading.set(true);
            leptos::task::spawn_local(async move {
                if let Ok(next) = get_thread_page(item_id, Some(thread_id), Some(cursor)).await {
                    more.update(|m| m.extend(next.comments));
                    older.set(next.older);
                }
                loading.set(false);
            });
        }
    };
    let count = thread.comment_count;
    let thread_id = thread.id;
    let signed_in = page.signed_in;
    let can_post = page.can_post;
    let can_analyse = page.can_analyse;
    let open = page.open;
    let base_for_more = base.clone();
    view! {
        <section class="rt-discussion" aria-labelledby="discussion-heading">
            <h2 id="discussion-heading">
                {thread.title.clone()}
                {(thread.visibility == Visibility::Partners).then(|| view! {
                    " "<strong class="nhsuk-tag nhsuk-tag--purple rt-badge">"Partners only"</strong>
                })}
            </h2>
            <p class="rt-meta" data-testid="comment-count">{count}{if count == 1 { " comment" } else { " comments" }}</p>
            {thread.closes_at.map(|closes| {
                let when = time_fmt::date_time(crate::i18n::Locale::En, closes);
                view! {
                    <p class="nhsuk-inset-text" data-testid="consultation-status">
                        {if open { format!("Open for comments until {when}.") } else { format!("This consultation closed on {when}. It takes no more comments.") }}
                    </p>
                }
            })}
            {if can_post {
                view! { <CommentForm thread_id=thread_id parent_id=None/> }.into_any()
            } else if !signed_in && open {
                view! {
                    <p class="nhsuk-inset-text">
                        <a href=format!("/sign-in?next={base}")>"Sign in"</a>" or "
                        <a href=format!("/sign-up?next={base}")>"create an account"</a>" to comment."
                    </p>
                }.into_any()
            } else {
                ().into_any()
            }}
            {(!first_page).then(|| view! {
                <p><a href=base.clone()>"Back to the newest comments"</a></p>
            })}
            <ol class="rt-comments" data-testid="comments">
                {page.comments.into_iter().map(|c| view! { <Comment comment=c thread_id=thread_id can_reply=can_post can_analyse=can_analyse/> }).collect_view()}
                <For each=move || more.get() key=|c| c.id let:c>
                    <Comment comment=c thread_id=thread_id can_reply=can_post can_analyse=can_analyse/>
                </For>
            </ol>
            {move || older.get().map(|cursor| view! {
                <p>
                    <a class="nhsuk-button nhsuk-button--secondary" href=format!("{base_for_more}?before={cursor}")
                        on:click=load_more aria-disabled=move || loading.get().then_some("true")
                        data-testid="show-more">
                        "Show more comments"
                    </a>
                </p>
            })}
        </section>
    }
}

#[component]
fn BadgeTag(badge: Badge) -> impl IntoView {
    let class = match badge {
        Badge::Public => "nhsuk-tag nhsuk-tag--white rt-badge",
        Badge::Partner { .. } => "nhsuk-tag nhsuk-tag--aqua-green rt-badge",
        Badge::PolicyMaker => "nhsuk-tag nhsuk-tag--yellow rt-badge",
    };
    view! { <strong class=class>{badge.label().to_owned()}</strong> }
}

#[component]
fn Comment(
    comment: CommentView,
    thread_id: i64,
    can_reply: bool,
    can_analyse: bool,
) -> impl IntoView {
    let depth = comment.depth.min(4);
    let id = comment.id;
    view! {
        <li class=format!("rt-comment rt-comment--depth-{depth}") class:rt-comment--deleted=comment.deleted
            id=format!("comment-{id}") data-testid="comment">
            {if comment.deleted {
                view! {
                    <div class="rt-comment__body">"This comment was deleted."</div>
                }.into_any()
            } else {
                view! {
                    <div class="rt-comment__header">
                        <span class="rt-comment__author">{comment.author.clone()}</span>
                        <BadgeTag badge=comment.badge.clone()/>
                        <span class="rt-meta">
                            <time datetime=time_fmt::iso(comment.created_at)>{time_fmt::date_time(crate::i18n::use_i18n().locale, comment.created_at)}</time>
                            {comment.edited.then_some(" (edited)")}
                        </span>
                    </div>
                    <div class="rt-comment__body" inner_html=comment.body_html.clone()></div>
                }.into_any()
            }}
            {if can_analyse && !comment.deleted {
                view! {
                    <p class="rt-comment__outcome"><a href=format!("/comments/{id}#themes") data-testid="comment-themes">"Themes and what came of it"</a></p>
                }.into_any()
            } else if comment.has_outcome {
                view! {
                    <p class="rt-comment__outcome"><a href=format!("/comments/{id}") data-testid="comment-outcome">"What came of this comment"</a></p>
                }.into_any()
            } else {
                ().into_any()
            }}
            <div class="rt-comment__actions">
                {(can_reply && !comment.deleted).then(|| view! {
                    <Disclosure label="Reply" form=format!("reply-{id}")>
                        <CommentForm thread_id=thread_id parent_id=Some(id)/>
                    </Disclosure>
                })}
                {comment.editable_body.clone().map(|body| view! {
                    <Disclosure label="Edit" form=format!("edit-{id}")>
                        <EditForm comment_id=id body=body/>
                    </Disclosure>
                })}
                {comment.can_delete.then(|| view! {
                    <Disclosure label="Delete" form=format!("delete-{id}")>
                        <DeleteForm comment_id=id/>
                    </Disclosure>
                })}
            </div>
        </li>
    }
}
