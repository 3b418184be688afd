//! Roadmap item progress: a dated timeline of entries (status, a note, how
//! far along, links to evidence) written by policy makers, moderators,
//! administrators or the leads of the item's owning institutions; the items
//! each item needs first, shown both ways and never in a cycle; and the
//! public gap register of items past their target date or at risk.

pub mod api;
pub mod forms;
mod gaps_view;
#[cfg(feature = "ssr")]
pub mod store;
pub mod view;

pub use crate::roadmap::{ItemLink, Status};
use serde::{Deserialize, Serialize};

/// The longest note, in characters.
pub const MAX_NOTE: usize = 2000;
/// The most evidence links on one entry.
pub const MAX_LINKS: usize = 10;
/// The longest link, in characters.
pub const MAX_LINK: usize = 500;

/// One entry of an item's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressEntry {
    pub id: i64,
    pub status: Status,
    pub percent: Option<i64>,
    pub note: String,
    /// http(s) links, checked when written.
    pub evidence: Vec<String>,
    pub author: String,
    /// The owning institution its lead wrote for, if so.
    pub institution: Option<String>,
    pub created_at: i64,
}

/// An item's progress page: its timeline and its dependencies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemProgress {
    pub item_id: i64,
    pub title: String,
    pub status: Status,
    pub target_date: Option<String>,
    /// Newest first.
    pub entries: Vec<ProgressEntry>,
    /// What this item needs first, and what needs it.
    pub needs: Vec<ItemLink>,
    pub needed_by: Vec<ItemLink>,
    pub can_record: bool,
    pub can_edit_dependencies: bool,
    /// Every other item, for the dependency form (when it is offered).
    pub other_items: Vec<ItemLink>,
}

/// Why an item is in the gap register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GapReason {
    /// Its target date has passed and it is not done.
    Overdue,
    AtRisk,
    Behind,
}

impl GapReason {
    pub fn label(self) -> &'static str {
        match self {
            GapReason::Overdue => "Past its target date",
            GapReason::AtRisk => "At risk",
            GapReason::Behind => "Behind",
        }
    }

    /// The reasons an item with `status` and `target_date` (YYYY-MM-DD) is a
    /// gap on `today`: none for an item on track.
    pub fn of(status: Status, target_date: Option<&str>, today: &str) -> Vec<GapReason> {
        let mut reasons = Vec::new();
        if status != Status::Done && target_date.is_some_and(|t| t < today) {
            reasons.push(GapReason::Overdue);
        }
        match status {
            Status::AtRisk => reasons.push(GapReason::AtRisk),
            Status::Behind => reasons.push(GapReason::Behind),
            _ => {}
        }
        reasons
    }
}

/// An item in the gap register, with the evidence written for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    pub item_id: i64,
    pub title: String,
    pub year: i32,
    pub status: Status,
    pub target_date: Option<String>,
    pub owners: Vec<String>,
    pub reasons: Vec<GapReason>,
    /// The latest entry of its timeline, if any.
    pub latest: Option<ProgressEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_are_late_unfinished_items_and_those_at_risk_or_behind() {
        let today = "2027-06-01";
        assert_eq!(
            GapReason::of(Status::OnTrack, Some("2027-05-31"), today),
            vec![GapReason::Overdue]
        );
        assert!(GapReason::of(Status::Done, Some("2027-05-31"), today).is_empty());
        assert!(GapReason::of(Status::OnTrack, Some("2027-06-01"), today).is_empty());
        assert!(GapReason::of(Status::Planned, None, today).is_empty());
        assert_eq!(
            GapReason::of(Status::AtRisk, None, today),
            vec![GapReason::AtRisk]
        );
        assert_eq!(
            GapReason::of(Status::Behind, Some("2020-01-01"), today),
            vec![GapReason::Overdue, GapReason::Behind]
        );
    }
}
