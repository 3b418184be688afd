//! Reading threads as a given viewer sees them, and the checks every
//! server function of discussions shares. Used by the discussion's own
//! server functions and by pages that show a thread found another way
//! (a consultation's).

use super::{store, CommentView, ThreadPage, ThreadSummary, EDIT_WINDOW_MS, PAGE_SIZE};
use crate::context::db;
use crate::db::now_ms;
use crate::domain::identity::Me;
use crate::error::AppError;
use crate::identity::session::current_user;
use std::collections::HashMap;

pub fn not_found() -> AppError {
    AppError::NotFound("There is no such discussion, or you cannot see it.".into())
}

/// Refuses changes to a consultation's thread once it has closed.
pub fn check_open(thread: &ThreadSummary) -> Result<(), AppError> {
    match thread.closes_at {
        Some(closes) if !thread.is_open(now_ms()) => Err(AppError::Refused(format!(
            "This consultation closed on {}: it takes no more comments.",
            crate::time_fmt::date_time(crate::i18n::Locale::En, closes)
        ))),
        _ => Ok(()),
    }
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
        has_outcome: false,
    }
}

/// The comment and its thread, if the viewer may see the thread.
pub async fn visible_comment(
    me: &Me,
    comment_id: i64,
) -> Result<(store::CommentRow, ThreadSummary), AppError> {
    let db = db()?;
    let row = store::comment(&db, comment_id)
        .await?
        .ok_or_else(not_found)?;
    let thread = store::thread(&db, row.thread_id, me.can_see_partner_content())
        .await?
        .ok_or_else(not_found)?;
    Ok((row, thread))
}

/// A page of thread `thread_id`, if the viewer may see it (for server
/// functions that found the thread some other way).
pub async fn load_thread_page(thread_id: i64, before: Option<i64>) -> Result<ThreadPage, AppError> {
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
    let mut comments = flatten(roots, replies, me.as_ref());
    let ids: Vec<i64> = comments.iter().map(|c| c.id).collect();
    let with_outcome = store::with_published_outcome(&db, &ids).await?;
    for comment in &mut comments {
        comment.has_outcome = with_outcome.contains(&comment.id);
    }
    Ok(ThreadPage {
        comments,
        older,
        can_post: me.is_some() && thread.is_open(now_ms()),
        signed_in: me.is_some(),
        can_analyse: me
            .as_ref()
            .is_some_and(crate::domain::outcomes::access::may_analyse),
        open: thread.is_open(now_ms()),
        thread,
    })
}
