//! Shared solutions (drafts), the parts that need no server: who may do
//! what ([`access`]), how texts differ and merge ([`text`]), and the plain
//! types both sides of the wire use.

pub mod access;
#[cfg(feature = "ssr")]
pub mod text;

use serde::{Deserialize, Serialize};

/// Who may read a draft: its owners' people, every partner, or (once
/// published) everyone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Visibility {
    Owners,
    Partners,
    Published,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Owners => "owners",
            Visibility::Partners => "partners",
            Visibility::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Visibility::Owners,
            Visibility::Partners,
            Visibility::Published,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Visibility::Owners => "Owners only",
            Visibility::Partners => "All partners",
            Visibility::Published => "Published",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Same,
    Added,
    Removed,
}

/// A run of words that is the same, added or removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffPart {
    pub change: Change,
    pub text: String,
}

/// A comment in a suggestion's or a passage thread's short discussion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteComment {
    pub id: i64,
    /// "Sam Okafor (BT)".
    pub author: String,
    /// Sanitised HTML of the Markdown body.
    pub body_html: String,
    pub created_at: i64,
}
