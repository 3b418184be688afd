//! The short discussions of a suggestion or a passage thread.

use crate::domain::drafts::NoteComment;
use crate::time_fmt;
use leptos::prelude::*;

/// A suggestion's or a passage thread's comments.
#[component]
pub fn NoteComments(comments: Vec<NoteComment>, testid: &'static str) -> impl IntoView {
    view! {
        <ol class="rt-comments" data-testid=testid>
            {comments.into_iter().map(|c| view! {
                <li class="rt-comment" id=format!("comment-{}", c.id)>
                    <div class="rt-comment__header">
                        <span class="rt-comment__author">{c.author}</span>
                        <span class="rt-meta"><time datetime=time_fmt::iso(c.created_at)>{time_fmt::date_time(crate::i18n::use_i18n().locale, c.created_at)}</time></span>
                    </div>
                    <div class="rt-comment__body" inner_html=c.body_html></div>
                </li>
            }).collect_view()}
        </ol>
    }
}
