//! Comments anchored to passages of a draft's sections.
//!
//! A reader picks a passage of a section (a paragraph, or words quoted from
//! it) and starts a thread on it. The anchor keeps the quote with some
//! context and its position in that version of the section; as the section
//! changes the passage is found again (see [`anchor`]), shown as changed
//! when its words changed, or as orphaned, with the original quote, when it
//! is gone. Threads are resolved and reopened. They are the partners'
//! working notes: readable by whoever may read the draft's history.

pub mod api;
#[cfg(feature = "ssr")]
pub mod place;
#[cfg(feature = "ssr")]
pub mod store;
pub mod view;

use serde::{Deserialize, Serialize};

/// Where a passage is in the section's current text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Place {
    /// Found word for word.
    Exact,
    /// Its words changed since it was quoted.
    Changed,
    /// Gone from the section (or the section from the draft).
    Orphaned,
}

/// A passage thread, as listed under its section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageSummary {
    pub id: i64,
    pub quote: String,
    pub place: Place,
    /// What the passage reads now, when it changed.
    pub now: Option<String>,
    pub comment_count: i64,
    pub resolved: bool,
}

/// One passage thread, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageThread {
    pub id: i64,
    pub draft_id: i64,
    pub draft_title: String,
    pub section_id: i64,
    /// The section's current heading, if it is still in the draft.
    pub heading: Option<String>,
    pub quote: String,
    pub place: Place,
    pub now: Option<String>,
    /// Who resolved it, and when.
    pub resolved: Option<(String, i64)>,
    pub comments: Vec<crate::domain::drafts::NoteComment>,
    pub can_comment: bool,
    pub can_resolve: bool,
}

/// The form to start a thread on a passage of a section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageForm {
    pub draft_id: i64,
    pub draft_title: String,
    pub section_id: i64,
    pub heading: String,
    /// The version the paragraphs are from.
    pub version_id: i64,
    pub paragraphs: Vec<String>,
    /// The paragraph holding the quote passed in, if any.
    pub chosen: Option<usize>,
    pub quote: String,
}

pub const MAX_QUOTE: usize = 1_000;

/// Starting a thread on a passage: the paragraph chosen (its number in the
/// section), the words quoted from it (optional), and the comment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartThreadInput {
    #[serde(default)]
    pub paragraph: String,
    #[serde(default)]
    pub quote: String,
    pub body: String,
}

impl crate::forms::Form for StartThreadInput {}
