//! Response analysis: policy makers, moderators and administrators group
//! the comments of a consultation, or of a roadmap item's own discussion,
//! into themes, with counts per stakeholder group. A person tags every
//! comment (many at once from the list); nothing is tagged automatically.
//!
//! Analysts see partner-only comments only where they may already read them
//! (`domain::outcomes::access`).

pub mod api;
mod comment_view;
pub mod forms;
mod list_view;
#[cfg(feature = "ssr")]
pub mod scope;
#[cfg(feature = "ssr")]
pub mod store;
mod suggest_view;
mod theme_view;
pub mod view;

pub use crate::domain::outcomes::{Group, GroupCounts};
use serde::{Deserialize, Serialize};

/// The longest theme name, in characters.
pub const MAX_NAME: usize = 80;
/// The longest theme description, in characters.
pub const MAX_DESCRIPTION: usize = 600;
/// Comments per page of the list.
pub const PAGE_SIZE: i64 = 50;
/// The most themes suggested at once.
pub const MAX_SUGGESTIONS: usize = 8;
/// Suggestions read at most this many untagged comments (the newest).
pub const MAX_SUGGESTED_FROM: i64 = 20_000;

/// What an analysis covers: a consultation's comments (by its draft's id),
/// or a roadmap item's own discussion (by the item's id).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scope {
    Consultation(i64),
    Item(i64),
}

impl Scope {
    /// The scope of an analysis as stored: its consultation's draft, if
    /// it has one, else its item's discussion.
    pub fn of(item_id: i64, draft_id: Option<i64>) -> Self {
        draft_id.map_or(Scope::Item(item_id), Scope::Consultation)
    }

    /// The analysis page.
    pub fn path(self) -> String {
        match self {
            Scope::Consultation(id) => format!("/consultations/{id}/analysis"),
            Scope::Item(id) => format!("/items/{id}/analysis"),
        }
    }

    /// As a server function argument: `consultation` or `item`.
    pub fn kind(self) -> &'static str {
        match self {
            Scope::Consultation(_) => "consultation",
            Scope::Item(_) => "item",
        }
    }

    pub fn id(self) -> i64 {
        match self {
            Scope::Consultation(id) | Scope::Item(id) => id,
        }
    }

    /// The published outcome page ("you said, we did").
    pub fn outcome_path(self) -> String {
        match self {
            Scope::Consultation(id) => format!("/consultations/{id}/outcome"),
            Scope::Item(id) => format!("/items/{id}/outcome"),
        }
    }

    /// How the audit log names it.
    pub fn audit_subject(self) -> String {
        format!("{}:{}", self.kind(), self.id())
    }

    pub fn parse(kind: &str, id: i64) -> Option<Self> {
        match kind {
            "consultation" => Some(Scope::Consultation(id)),
            "item" => Some(Scope::Item(id)),
            _ => None,
        }
    }
}

/// A theme with how many comments it groups, per stakeholder group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeSummary {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub counts: GroupCounts,
}

/// A theme named beside a comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeTag {
    pub id: i64,
    pub name: String,
}

/// The themes one comment may be tagged with, for an analyst on the
/// comment's own page (`/comments/:id`): those of its analysis, and which
/// of them it carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentThemes {
    pub scope: Scope,
    pub themes: Vec<ThemeTag>,
    pub ticked: Vec<i64>,
}

/// A comment in the analysis list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysedComment {
    pub id: i64,
    pub item_id: i64,
    pub thread_id: i64,
    pub thread_title: String,
    pub partner_only: bool,
    pub author: String,
    pub group: Group,
    /// The badge as shown in the discussion ("Public", "BT", …).
    pub badge: String,
    pub created_at: i64,
    /// Sanitised HTML of the Markdown body.
    pub body_html: String,
    pub themes: Vec<ThemeTag>,
}

/// The list's filters, as the filter form sends them (query parameters).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Filters {
    /// A theme's id: only its comments.
    #[serde(default)]
    pub theme: String,
    /// `1`: only comments with no theme yet.
    #[serde(default)]
    pub untagged: String,
    /// A stakeholder group (`public`, `partner`, `policy_maker`).
    #[serde(default)]
    pub group: String,
    /// Written on or after this day (YYYY-MM-DD, UK time).
    #[serde(default)]
    pub from: String,
    /// Written on or before this day.
    #[serde(default)]
    pub to: String,
    /// The cursor of an older page.
    #[serde(default)]
    pub before: String,
}

impl Filters {
    /// The query string that shows these filters (without `before`).
    pub fn query(&self) -> String {
        let pairs = [
            ("theme", &self.theme),
            ("untagged", &self.untagged),
            ("group", &self.group),
            ("from", &self.from),
            ("to", &self.to),
        ];
        let query: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", urlencoding(v)))
            .collect();
        query.join("&")
    }
}

/// Percent-encodes a query value (the filters are ids, words and dates).
fn urlencoding(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// An analysis page: the themes with their counts and a page of comments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisPage {
    pub scope: Scope,
    /// What is analysed: the consultation's or the item's title.
    pub title: String,
    pub item_id: i64,
    pub item_title: String,
    /// For a consultation: whether it still takes comments.
    pub open: bool,
    /// Comments in the analysis the viewer may see, and how many have no theme.
    pub comment_count: i64,
    pub untagged_count: i64,
    pub counts: GroupCounts,
    pub themes: Vec<ThemeSummary>,
    pub comments: Vec<AnalysedComment>,
    pub older: Option<i64>,
    /// What a filter said wrong (the list then shows no comments).
    pub filter_errors: Vec<crate::error::FieldError>,
    pub includes_partner_only: bool,
}

/// One analysis in the list of analyses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisSummary {
    pub scope: Scope,
    pub title: String,
    pub item_title: String,
    /// For a consultation: when it closes (or closed).
    pub closes_at: Option<i64>,
    /// For a consultation: whether it still takes comments.
    pub open: bool,
    pub comment_count: i64,
    pub theme_count: i64,
}

/// A theme's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemePage {
    pub theme: ThemeSummary,
    pub scope: Scope,
    pub title: String,
    /// The other themes of the analysis, to merge into.
    pub others: Vec<ThemeTag>,
}

/// A theme suggested from the words of untagged comments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestedTheme {
    /// The shared terms, most telling first.
    pub terms: Vec<String>,
    /// A name to start from: the terms, capitalised.
    pub name: String,
    pub comment_ids: Vec<i64>,
    /// The beginnings of a few of its comments.
    pub excerpts: Vec<String>,
}

impl SuggestedTheme {
    /// The suggestion for `comment_ids`, with excerpts from `texts`.
    pub fn new(terms: Vec<String>, comment_ids: Vec<i64>, texts: &[(i64, String)]) -> Self {
        let joined = match terms.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        };
        let mut name = joined.clone();
        if let Some(first) = name.get(..1) {
            name = format!("{}{}", first.to_uppercase(), &name[1..]);
        }
        let excerpts = texts
            .iter()
            .filter(|(id, _)| comment_ids.contains(id))
            .take(3)
            .map(|(_, text)| excerpt(text, 160))
            .collect();
        SuggestedTheme {
            terms,
            name,
            comment_ids,
            excerpts,
        }
    }
}

/// The first `max` characters of `text` on one line, cut at a word.
fn excerpt(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map(|(head, _)| head).unwrap_or(&cut);
    format!("{cut}…")
}
