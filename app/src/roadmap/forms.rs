//! The item form of policy makers and administrators, and its checks.

use super::{ItemChange, Phase, Responsibility, Stakeholder, Status};
use crate::error::{AppError, Validation};
use crate::forms::Form;
use crate::institutions::Institution;
use serde::{Deserialize, Serialize};

/// A roadmap item as typed in its edit form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemInput {
    pub phase_id: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub status: String,
    pub target_day: String,
    pub target_month: String,
    pub target_year: String,
    /// The owning institutions' ids (checkboxes `owners[]`).
    #[serde(default)]
    pub owners: Vec<String>,
    pub resp_boards: String,
    pub resp_cyber_professionals: String,
    pub resp_health_professionals: String,
    pub resp_partners: String,
    pub resp_policy_makers: String,
    pub resp_public: String,
}

impl Form for ItemInput {
    /// Every field as typed; the checked owners as one field, `1,3`.
    fn kept(&self) -> Vec<(String, String)> {
        let mut kept = crate::forms::text_fields(self, Self::SECRET);
        kept.push(("owners".into(), self.owners.join(",")));
        kept
    }
}

impl ItemInput {
    /// The change to store, or every problem at once. `phases` and
    /// `institutions` are what the form offered.
    pub fn check(
        &self,
        phases: &[Phase],
        institutions: &[Institution],
    ) -> Result<ItemChange, AppError> {
        let mut v = Validation::new();
        let phase_id = self
            .phase_id
            .parse::<i64>()
            .ok()
            .filter(|p| phases.iter().any(|ph| ph.id == *p));
        v.check(
            phase_id.is_some(),
            "phase_id",
            "Choose the phase this item belongs to.",
        );
        let title = self.title.trim().to_owned();
        v.check(!title.is_empty(), "title", "Enter a title.");
        v.check(
            title.chars().count() <= 150,
            "title",
            "The title must be 150 characters or fewer.",
        );
        let summary = self.summary.trim().to_owned();
        v.check(!summary.is_empty(), "summary", "Enter a summary.");
        v.check(
            summary.chars().count() <= 500,
            "summary",
            "The summary must be 500 characters or fewer.",
        );
        let description = self.description.trim().to_owned();
        v.check(
            description.chars().count() <= 20_000,
            "description",
            "The description must be 20,000 characters or fewer.",
        );
        let status = Status::parse(&self.status);
        v.check(status.is_some(), "status", "Choose a status.");
        let target_date = match (
            self.target_day.trim(),
            self.target_month.trim(),
            self.target_year.trim(),
        ) {
            ("", "", "") => None,
            (d, m, y) => {
                let iso = format!("{:0>4}-{:0>2}-{:0>2}", y, m, d);
                let valid = crate::time_fmt::parse_date(&iso)
                    .filter(|date| (2000..=2100).contains(&date.year()));
                v.check(
                    valid.is_some(),
                    "target_date",
                    "The target date must be a real date, like 31 12 2018.",
                );
                valid.map(|_| iso)
            }
        };
        let owners = v.chosen_ids(
            "owners",
            &self.owners,
            |id| institutions.iter().any(|i| i.id == id),
            "Choose owners from the list of partner institutions.",
        );
        let mut responsibilities = Vec::new();
        for (stakeholder, text) in [
            (Stakeholder::Boards, &self.resp_boards),
            (
                Stakeholder::CyberProfessionals,
                &self.resp_cyber_professionals,
            ),
            (
                Stakeholder::HealthProfessionals,
                &self.resp_health_professionals,
            ),
            (Stakeholder::Partners, &self.resp_partners),
            (Stakeholder::PolicyMakers, &self.resp_policy_makers),
            (Stakeholder::Public, &self.resp_public),
        ] {
            let text = text.trim();
            v.check(
                text.chars().count() <= 2_000,
                &format!("resp_{}", stakeholder.as_str()),
                "Each responsibility must be 2,000 characters or fewer.",
            );
            if !text.is_empty() {
                responsibilities.push(Responsibility {
                    stakeholder,
                    text: text.to_owned(),
                });
            }
        }
        v.finish()?;

        Ok(ItemChange {
            phase_id: phase_id.unwrap_or_default(),
            title,
            summary,
            description,
            status: status.unwrap_or(Status::Planned),
            target_date,
            owners,
            responsibilities,
        })
    }
}
