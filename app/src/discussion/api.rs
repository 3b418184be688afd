//! Server functions for reading threads and posting, editing and deleting
//! comments. Each checks who is asking before it touches the store.

use super::ThreadPage;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    pub use super::super::{store, CommentView, EDIT_WINDOW_MS, MAX_BODY_CHARS, PAGE_SIZE};
    pub use crate::auth::session::{current_user, require_user};
    pub use crate::auth::Me;
    pub use crate::context::db;
    pub use crate::db::now_ms;
    pub use crate::error::AppError;
    pub use crate::forms;
    use std::collections::HashMap;

    pub fn not_found() -> AppError {
        AppError::NotFound("There is no such discussion, or you cannot see it.".into())
    }

    /// Refuses changes to a consultation's thread once it has closed.
    pub fn check_open(thread: &crate::discussion::ThreadSummary) -> Result<(), AppError> {
        match thread.closes_at {
            Some(closes) if !thread.is_open(now_ms()) => Err(AppError::Refused(format!(
                "This consultation closed on {}: it takes no more comments.",
                crate::time_fmt::date_time(closes)
            ))),
            _ => Ok(()),
        }
    }

    pub fn validate_body(body: &str) -> Result<String, AppError> {
        let body = body.trim();
        if body.is_empty() {
            return Err(AppError::invalid("body", "Enter your comment."));
        }
        if body.chars().count() > MAX_BODY_CHARS {
            return Err(AppError::invalid(
                "body",
                "Your comment must be 10,000 characters or fewer.",
            ));
        }
        Ok(body.to_owned())
    }

    /// Top-level comments (newest first), each followed by its replies in
    /// conversation order, with their depth in the tree.
    pub fn flatten(
        roots: Vec<store::CommentRow>,
        replies: Vec<store::CommentRow>,
        viewer: Option<&Me>,
    ) -> Vec<CommentView> {
        let mut children: HashMap<i64, Vec<store::CommentRow>> = HashMap::new();
        for reply in replies {
            if let Some(parent) = reply.parent_id {
                children.entry(parent).or_default().push(reply);
            }
        }
        let now = now_ms();
        let mut out = Vec::new();
        for root in roots {
            let mut stack = vec![(root, 0u32)];
            while let Some((row, depth)) = stack.pop() {
                if let Some(mut kids) = children.remove(&row.id) {
                    kids.reverse();
                    stack.extend(kids.into_iter().map(|k| (k, depth + 1)));
                }
                out.push(view(row, depth, viewer, now));
            }
        }
        out
    }

    pub fn view(row: store::CommentRow, depth: u32, viewer: Option<&Me>, now: i64) -> CommentView {
        let deleted = row.deleted_at.is_some();
        let mine = viewer.is_some_and(|me| me.id == row.author_id) && !deleted;
        let editable = mine && now - row.created_at < EDIT_WINDOW_MS;
        CommentView {
            id: row.id,
            parent_id: row.parent_id,
            depth,
            author: if deleted {
                String::new()
            } else {
                row.author_name.clone()
            },
            badge: row.badge(),
            created_at: row.created_at,
            edited: row.edited_at.is_some(),
            deleted,
            body_html: if deleted {
                String::new()
            } else {
                crate::markdown::render(&row.body)
            },
            editable_body: editable.then(|| row.body.clone()),
            can_delete: mine,
        }
    }

    /// The comment and its thread, if the viewer may see the thread.
    pub async fn visible_comment(
        me: &Me,
        comment_id: i64,
    ) -> Result<(store::CommentRow, crate::discussion::ThreadSummary), AppError> {
        let db = db()?;
        let row = store::comment(&db, comment_id)
            .await?
            .ok_or_else(not_found)?;
        let thread = store::thread(&db, row.thread_id, me.can_see_partner_content())
            .await?
            .ok_or_else(not_found)?;
        Ok((row, thread))
    }
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

/// A page of thread `thread_id`, if the viewer may see it (for server
/// functions that found the thread some other way).
#[cfg(feature = "ssr")]
pub async fn load_thread_page(thread_id: i64, before: Option<i64>) -> Result<ThreadPage, AppError> {
    use ssr::*;
    let me = current_user().await?;
    let partner = me.as_ref().is_some_and(Me::can_see_partner_content);
    let db = db()?;
    let thread = store::thread(&db, thread_id, partner)
        .await?
        .ok_or_else(not_found)?;
    let mut roots = store::roots(&db, thread.id, before, PAGE_SIZE as i64 + 1).await?;
    let older = if roots.len() > PAGE_SIZE {
        roots.truncate(PAGE_SIZE);
        roots.last().map(|r| r.id)
    } else {
        None
    };
    let root_ids: Vec<i64> = roots.iter().map(|r| r.id).collect();
    let replies = store::replies(&db, &root_ids).await?;
    Ok(ThreadPage {
        comments: flatten(roots, replies, me.as_ref()),
        older,
        can_post: me.is_some() && thread.is_open(now_ms()),
        signed_in: me.is_some(),
        open: thread.is_open(now_ms()),
        thread,
    })
}

/// Posts a comment, or a reply when `parent_id` is given. Needs an account;
/// partner-only threads take posts only from those who may read them.
#[server(prefix = "/api", endpoint = "post_comment")]
pub async fn post_comment(
    thread_id: i64,
    parent_id: Option<i64>,
    body: String,
) -> Result<i64, AppError> {
    use ssr::*;
    let form = match parent_id {
        Some(p) => format!("reply-{p}"),
        None => format!("comment-{thread_id}"),
    };
    let kept = [("body", body.as_str())];
    let result = async {
        let me = require_user().await?;
        let db = db()?;
        let thread = store::thread(&db, thread_id, me.can_see_partner_content())
            .await?
            .ok_or_else(not_found)?;
        check_open(&thread)?;
        let body = validate_body(&body)?;
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
    }
    .await;
    forms::finish(&form, &kept, result).await
}

/// Edits a comment. Only its author, only within 15 minutes of posting.
#[server(prefix = "/api", endpoint = "edit_comment")]
pub async fn edit_comment(comment_id: i64, body: String) -> Result<(), AppError> {
    use ssr::*;
    let kept = [("body", body.as_str())];
    let result = async {
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
        let body = validate_body(&body)?;
        store::edit_comment(&db()?, comment_id, &body).await?;
        tracing::info!(user_id = me.id, comment_id, "comment edited");
        Ok(())
    }
    .await;
    forms::finish(&format!("edit-{comment_id}"), &kept, result).await
}

/// Deletes a comment, leaving a tombstone so replies keep their place. Only
/// its author.
#[server(prefix = "/api", endpoint = "delete_comment")]
pub async fn delete_comment(comment_id: i64) -> Result<(), AppError> {
    use ssr::*;
    let result = async {
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
    }
    .await;
    forms::finish(&format!("delete-{comment_id}"), &[], result).await
}

/// Starts a new thread on an item. Needs an account; a partner-only thread
/// only by someone who may read partner-only threads.
#[server(prefix = "/api", endpoint = "start_thread")]
pub async fn start_thread(
    item_id: i64,
    title: String,
    partner_only: Option<String>,
    body: String,
) -> Result<i64, AppError> {
    use ssr::*;
    let kept = [
        ("title", title.as_str()),
        ("body", body.as_str()),
        ("partner_only", partner_only.as_deref().unwrap_or("")),
    ];
    let result = async {
        let me = require_user().await?;
        let visibility = if partner_only.is_some() {
            if !me.can_see_partner_content() {
                return Err(AppError::Forbidden(
                    "Only partners and policy makers can start partner-only discussions.".into(),
                ));
            }
            crate::discussion::Visibility::Partners
        } else {
            crate::discussion::Visibility::Public
        };
        let title = title.trim();
        let mut v = crate::error::Validation::new();
        v.check(
            !title.is_empty(),
            "title",
            "Enter a title for the discussion.",
        );
        v.check(
            title.chars().count() <= 120,
            "title",
            "The title must be 120 characters or fewer.",
        );
        if let Err(e) = validate_body(&body) {
            for f in e.field_errors() {
                v.add(&f.field, f.message.clone());
            }
        }
        v.finish()?;
        let db = db()?;
        if crate::roadmap::store::item(&db, item_id).await?.is_none() {
            return Err(AppError::NotFound("There is no such roadmap item.".into()));
        }
        let id = store::create_thread(
            &db,
            item_id,
            title,
            visibility,
            me.id,
            &me.badge(),
            body.trim(),
        )
        .await?;
        tracing::info!(user_id = me.id, item_id, thread_id = id, "thread started");
        Ok(id)
    }
    .await;
    let id = forms::finish(&format!("thread-{item_id}"), &kept, result).await?;
    leptos_axum::redirect(&format!("/items/{item_id}/threads/{id}"));
    Ok(id)
}
