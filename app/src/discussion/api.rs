//! Server functions for reading threads and posting, editing and deleting
//! comments. Each checks who is asking before it touches the store.

use super::forms::{CommentInput, NewThreadInput};
use super::ThreadPage;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    pub use super::super::threads::*;
    pub use super::super::{store, EDIT_WINDOW_MS};
    pub use crate::context::db;
    pub use crate::db::now_ms;
    pub use crate::error::AppError;
    pub use crate::forms;
    pub use crate::identity::session::require_user;
}

/// A page of a thread. Anyone may read a public thread; a partner-only one
/// only partner members, policy makers and administrators (for anyone else
/// it does not exist). `thread_id` absent means the item's general thread.
#[server(prefix = "/api", endpoint = "thread_page")]
pub async fn get_thread_page(
    item_id: i64,
    thread_id: Option<i64>,
    before: Option<i64>,
) -> Result<ThreadPage, AppError> {
    use ssr::*;
    let thread_id = match thread_id {
        Some(id) => id,
        None => store::general_thread_id(&db()?, item_id)
            .await?
            .ok_or_else(not_found)?,
    };
    let page = load_thread_page(thread_id, before).await?;
    if page.thread.item_id != item_id {
        return Err(not_found());
    }
    Ok(page)
}

/// Posts a comment, or a reply when `parent_id` is given. Needs an account;
/// partner-only threads take posts only from those who may read them.
#[server(prefix = "/api", endpoint = "post_comment")]
pub async fn post_comment(
    thread_id: i64,
    parent_id: Option<i64>,
    #[server(flatten)] form: CommentInput,
) -> Result<i64, AppError> {
    use ssr::*;
    let key = match parent_id {
        Some(p) => format!("reply-{p}"),
        None => format!("comment-{thread_id}"),
    };
    forms::run(&key, &form, async {
        let me = require_user().await?;
        let db = db()?;
        let thread = store::thread(&db, thread_id, me.can_see_partner_content())
            .await?
            .ok_or_else(not_found)?;
        check_open(&thread)?;
        let body = form.check()?;
        match store::insert_comment(&db, thread_id, parent_id, me.id, &me.badge(), &body).await? {
            store::PostOutcome::Posted(id) => {
                tracing::info!(
                    user_id = me.id,
                    thread_id,
                    comment_id = id,
                    "comment posted"
                );
                Ok(id)
            }
            store::PostOutcome::NoSuchParent => Err(AppError::NotFound(
                "The comment you replied to is not in this discussion.".into(),
            )),
        }
    })
    .await
}

/// Edits a comment. Only its author, only within 15 minutes of posting.
#[server(prefix = "/api", endpoint = "edit_comment")]
pub async fn edit_comment(
    comment_id: i64,
    #[server(flatten)] form: CommentInput,
) -> Result<(), AppError> {
    use ssr::*;
    forms::run(&format!("edit-{comment_id}"), &form, async {
        let me = require_user().await?;
        let (row, thread) = visible_comment(&me, comment_id).await?;
        check_open(&thread)?;
        if row.author_id != me.id || row.deleted_at.is_some() {
            return Err(AppError::Forbidden(
                "You can only edit your own comments.".into(),
            ));
        }
        if now_ms() - row.created_at >= EDIT_WINDOW_MS {
            return Err(AppError::Forbidden(
                "Comments can only be edited in the 15 minutes after posting.".into(),
            ));
        }
        let body = form.check()?;
        store::edit_comment(&db()?, comment_id, &body).await?;
        tracing::info!(user_id = me.id, comment_id, "comment edited");
        Ok(())
    })
    .await
}

/// Deletes a comment, leaving a tombstone so replies keep their place. Only
/// its author.
#[server(prefix = "/api", endpoint = "delete_comment")]
pub async fn delete_comment(comment_id: i64) -> Result<(), AppError> {
    use ssr::*;
    forms::run(&format!("delete-{comment_id}"), &(), async {
        let me = require_user().await?;
        let (row, _) = visible_comment(&me, comment_id).await?;
        if row.author_id != me.id {
            return Err(AppError::Forbidden(
                "You can only delete your own comments.".into(),
            ));
        }
        store::delete_comment(&db()?, comment_id).await?;
        tracing::info!(user_id = me.id, comment_id, "comment deleted");
        Ok(())
    })
    .await
}

/// Starts a new thread on an item. Needs an account; a partner-only thread
/// only by someone who may read partner-only threads.
#[server(prefix = "/api", endpoint = "start_thread")]
pub async fn start_thread(
    item_id: i64,
    #[server(flatten)] form: NewThreadInput,
) -> Result<i64, AppError> {
    use ssr::*;
    let id = forms::run(&format!("thread-{item_id}"), &form, async {
        let me = require_user().await?;
        let visibility = if form.partner_only.is_some() {
            if !me.can_see_partner_content() {
                return Err(AppError::Forbidden(
                    "Only partners and policy makers can start partner-only discussions.".into(),
                ));
            }
            crate::discussion::Visibility::Partners
        } else {
            crate::discussion::Visibility::Public
        };
        let (title, body) = form.check()?;
        let db = db()?;
        if crate::roadmap::store::item(&db, item_id).await?.is_none() {
            return Err(AppError::NotFound("There is no such roadmap item.".into()));
        }
        let id = store::create_thread(&db, item_id, &title, visibility, me.id, &me.badge(), &body)
            .await?;
        tracing::info!(user_id = me.id, item_id, thread_id = id, "thread started");
        Ok(id)
    })
    .await?;
    leptos_axum::redirect(&format!("/items/{item_id}/threads/{id}"));
    Ok(id)
}
