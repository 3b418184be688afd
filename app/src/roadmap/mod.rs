//! The Blueprint roadmap: phases (one a year) holding roadmap items, each with
//! a status, owning institutions and what each stakeholder group is
//! responsible for.

pub mod api;
#[cfg(feature = "ssr")]
pub mod detail;
pub mod forms;
#[cfg(feature = "ssr")]
pub mod store;
pub mod view;

use crate::institutions::Institution;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Planned,
    OnTrack,
    AtRisk,
    Behind,
    Done,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Planned,
        Status::OnTrack,
        Status::AtRisk,
        Status::Behind,
        Status::Done,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::Behind => "behind",
            Status::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Planned => "Planned",
            Status::OnTrack => "On track",
            Status::AtRisk => "At risk",
            Status::Behind => "Behind",
            Status::Done => "Done",
        }
    }

    /// The status in `locale` (`label` is the English one, for the pages
    /// not translated yet).
    pub fn name(self, locale: crate::i18n::Locale) -> String {
        use crate::t;
        match self {
            Status::Planned => t!(locale, "status-planned"),
            Status::OnTrack => t!(locale, "status-on-track"),
            Status::AtRisk => t!(locale, "status-at-risk"),
            Status::Behind => t!(locale, "status-behind"),
            Status::Done => t!(locale, "status-done"),
        }
    }

    /// The NHS.UK tag colour for the status.
    pub fn tag_class(self) -> &'static str {
        match self {
            Status::Planned => "nhsuk-tag nhsuk-tag--grey",
            Status::OnTrack => "nhsuk-tag nhsuk-tag--green",
            Status::AtRisk => "nhsuk-tag nhsuk-tag--orange",
            Status::Behind => "nhsuk-tag nhsuk-tag--red",
            Status::Done => "nhsuk-tag nhsuk-tag--blue",
        }
    }
}

/// The groups whose responsibilities an item spells out ("what boards and
/// cyber professionals can expect of each other").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stakeholder {
    Boards,
    CyberProfessionals,
    HealthProfessionals,
    Partners,
    PolicyMakers,
    Public,
}

impl Stakeholder {
    pub const ALL: [Stakeholder; 6] = [
        Stakeholder::Boards,
        Stakeholder::CyberProfessionals,
        Stakeholder::HealthProfessionals,
        Stakeholder::Partners,
        Stakeholder::PolicyMakers,
        Stakeholder::Public,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stakeholder::Boards => "boards",
            Stakeholder::CyberProfessionals => "cyber_professionals",
            Stakeholder::HealthProfessionals => "health_professionals",
            Stakeholder::Partners => "partners",
            Stakeholder::PolicyMakers => "policy_makers",
            Stakeholder::Public => "public",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The group in `locale` (`label` is the English one, for the pages not
    /// translated yet).
    pub fn name(self, locale: crate::i18n::Locale) -> String {
        use crate::t;
        match self {
            Stakeholder::Boards => t!(locale, "stakeholder-boards"),
            Stakeholder::CyberProfessionals => t!(locale, "stakeholder-cyber-professionals"),
            Stakeholder::HealthProfessionals => t!(locale, "stakeholder-health-professionals"),
            Stakeholder::Partners => t!(locale, "stakeholder-partners"),
            Stakeholder::PolicyMakers => t!(locale, "stakeholder-policy-makers"),
            Stakeholder::Public => t!(locale, "stakeholder-public"),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stakeholder::Boards => "NHS boards",
            Stakeholder::CyberProfessionals => "IT and cyber security professionals",
            Stakeholder::HealthProfessionals => "Health and care professionals",
            Stakeholder::Partners => "Partner institutions",
            Stakeholder::PolicyMakers => "Policy makers",
            Stakeholder::Public => "The public",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Responsibility {
    pub stakeholder: Stakeholder,
    pub text: String,
}

/// A roadmap item, as a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ItemLink {
    pub id: i64,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemSummary {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub status: Status,
    pub target_date: Option<String>,
    pub owners: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    pub id: i64,
    pub year: i32,
    pub title: String,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseWithItems {
    pub phase: Phase,
    pub items: Vec<ItemSummary>,
}

/// A roadmap item as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemDetail {
    pub id: i64,
    pub phase: Phase,
    pub title: String,
    pub summary: String,
    /// Markdown source, for the edit form.
    pub description: String,
    /// Sanitised HTML rendered from `description`.
    pub description_html: String,
    pub status: Status,
    pub target_date: Option<String>,
    pub owners: Vec<Institution>,
    pub responsibilities: Vec<Responsibility>,
    pub updated_at: i64,
    pub can_edit: bool,
}

/// What the edit form needs besides the item: the choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditChoices {
    pub phases: Vec<Phase>,
    pub institutions: Vec<Institution>,
}

/// A validated change to an item, as the store writes it.
#[derive(Clone, Debug)]
pub struct ItemChange {
    pub phase_id: i64,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub status: Status,
    pub target_date: Option<String>,
    pub owners: Vec<i64>,
    pub responsibilities: Vec<Responsibility>,
}
