//! Discussion threads on roadmap items: comments with nested replies, each
//! showing the stakeholder group its author spoke for. A thread is public or
//! partner-only; partner-only threads are filtered in the queries themselves,
//! so a thread id guessed by someone who may not see it reads as "not found".

pub mod api;
mod form_view;
pub mod forms;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod threads;
pub mod view;

use crate::domain::identity::Badge;
use serde::{Deserialize, Serialize};

/// How long after posting an author may still edit a comment.
pub const EDIT_WINDOW_MS: i64 = 15 * 60 * 1000;
/// Top-level comments per page; replies come with their top-level comment.
pub const PAGE_SIZE: usize = 20;
/// The longest comment accepted, in characters.
pub const MAX_BODY_CHARS: usize = 10_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Visibility {
    Public,
    Partners,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Partners => "partners",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "public" => Some(Visibility::Public),
            "partners" => Some(Visibility::Partners),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadSummary {
    pub id: i64,
    pub item_id: i64,
    pub title: String,
    pub visibility: Visibility,
    pub is_general: bool,
    pub comment_count: i64,
    pub last_activity_at: i64,
    /// A consultation's thread takes comments until this time; others have none.
    pub closes_at: Option<i64>,
}

impl ThreadSummary {
    /// Whether the thread still takes comments at `now`.
    pub fn is_open(&self, now: i64) -> bool {
        self.closes_at.is_none_or(|closes| now < closes)
    }
}

/// One comment, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i64,
    pub parent_id: Option<i64>,
    /// 0 for a top-level comment, 1 for a reply to it, and so on.
    pub depth: u32,
    pub author: String,
    pub badge: Badge,
    pub created_at: i64,
    pub edited: bool,
    pub deleted: bool,
    /// Sanitised HTML of the Markdown body; empty for a deleted comment.
    pub body_html: String,
    /// The Markdown source, only for the author while they may still edit it.
    pub editable_body: Option<String>,
    pub can_delete: bool,
    /// Whether a published outcome grouped this comment into a theme (the
    /// comment then links to what came of it).
    pub has_outcome: bool,
}

/// A page of a thread: some top-level comments, newest first, each followed
/// by its replies in the order they were written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadPage {
    pub thread: ThreadSummary,
    pub comments: Vec<CommentView>,
    /// The cursor for the next (older) page, if there is one.
    pub older: Option<i64>,
    pub can_post: bool,
    pub signed_in: bool,
    /// Whether the thread takes comments now (a consultation's closes).
    pub open: bool,
    /// Whether the viewer groups comments into themes (each comment then
    /// links to its page, where they tick its themes).
    pub can_analyse: bool,
}
