//! The policy makers' dashboard (`/dashboard`): participation over time,
//! consultations, themes, decisions, overdue actions and items by status
//! per phase, filtered by phase, item and dates; every figure also as CSV
//! and JSON (`figures`, served by the server's export routes). Counts come
//! from grouped SQL over indexed columns, never from loading comments.

pub mod api;
pub mod figures;
pub mod forms;
#[cfg(feature = "ssr")]
pub mod store;
pub mod view;

use crate::domain::outcomes::{DecisionStatus, GroupCounts};
use crate::roadmap::{ItemLink, Phase, Status};
use serde::{Deserialize, Serialize};

/// The filters, as the filter form sends them (query parameters).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DashboardFilters {
    /// A phase's year.
    #[serde(default)]
    pub phase: String,
    /// A roadmap item's id.
    #[serde(default)]
    pub item: String,
    /// YYYY-MM-DD: from the start of this day (UK time)…
    #[serde(default)]
    pub from: String,
    /// … to the end of this one.
    #[serde(default)]
    pub to: String,
}

/// Comments written in one week (Monday to Sunday), per stakeholder group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekCount {
    /// The Monday the week starts, YYYY-MM-DD.
    pub week: String,
    pub counts: GroupCounts,
}

/// A theme and how many comments it groups (in the filtered range).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeCount {
    pub id: i64,
    pub name: String,
    /// What its analysis is of (a consultation's or an item's title).
    pub subject: String,
    pub comments: i64,
}

/// An action past its due date and not finished.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueAction {
    pub decision_id: i64,
    pub theme_id: i64,
    pub decision: String,
    pub action_owner: String,
    pub due_on: String,
    pub status: DecisionStatus,
}

/// How many items of a phase are in each status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseStatuses {
    pub year: i32,
    pub title: String,
    /// In the order of `Status::ALL`.
    pub counts: Vec<i64>,
}

/// Everything the dashboard shows, for the filters it was asked with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The range the figures cover, YYYY-MM-DD (inclusive).
    pub from: String,
    pub to: String,
    pub participation: Vec<WeekCount>,
    pub open_consultations: i64,
    pub closed_consultations: i64,
    pub themes: Vec<ThemeCount>,
    /// In the order of `DecisionStatus::ALL`.
    pub decisions: Vec<(DecisionStatus, i64)>,
    pub overdue: Vec<OverdueAction>,
    pub items_by_status: Vec<PhaseStatuses>,
    /// The choices of the filter form.
    pub phases: Vec<Phase>,
    pub items: Vec<ItemLink>,
    /// What a filter said wrong (the figures then use the defaults).
    pub filter_errors: Vec<crate::error::FieldError>,
}

/// The statuses, in the order of `PhaseStatuses::counts`.
pub const STATUSES: [Status; 5] = Status::ALL;
/// The themes shown, most comments first.
pub const TOP_THEMES: i64 = 10;
/// The longest range, in days (a year and a bit).
pub const MAX_DAYS: i64 = 400;
/// The range shown when none is asked for, in days.
pub const DEFAULT_DAYS: i64 = 26 * 7;
