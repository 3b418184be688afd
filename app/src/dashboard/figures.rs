//! The dashboard's figures as tables: shown beside each chart, and
//! exported as CSV and JSON (the same rows either way).

use super::{Dashboard, STATUSES};
use crate::domain::outcomes::Group;
use serde::Serialize;

/// A cell: text, or a count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Text(String),
    Count(i64),
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Text(t) => f.write_str(t),
            Cell::Count(n) => write!(f, "{n}"),
        }
    }
}

/// One figure of the dashboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// Its name in export addresses (`participation`, …).
    pub name: &'static str,
    pub title: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The names of the figures, in the order the dashboard shows them.
pub const NAMES: [&str; 6] = [
    "participation",
    "consultations",
    "themes",
    "decisions",
    "overdue",
    "items",
];

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// The figure called `name`, if there is one.
pub fn table(d: &Dashboard, name: &str) -> Option<Table> {
    let group_columns = || Group::ALL.iter().map(|g| g.label().to_owned());
    let table = match name {
        "participation" => Table {
            name: "participation",
            title: "Comments per week, by stakeholder group",
            columns: std::iter::once("Week starting".to_owned())
                .chain(group_columns())
                .chain(["All".to_owned()])
                .collect(),
            rows: d
                .participation
                .iter()
                .map(|w| {
                    std::iter::once(text(&w.week))
                        .chain(Group::ALL.iter().map(|g| Cell::Count(w.counts.get(*g))))
                        .chain([Cell::Count(w.counts.total())])
                        .collect()
                })
                .collect(),
        },
        "consultations" => Table {
            name: "consultations",
            title: "Consultations",
            columns: vec!["Consultations".into(), "Number".into()],
            rows: vec![
                vec![text("Open now"), Cell::Count(d.open_consultations)],
                vec![
                    text("Closed in the period"),
                    Cell::Count(d.closed_consultations),
                ],
            ],
        },
        "themes" => Table {
            name: "themes",
            title: "Themes by number of comments",
            columns: vec!["Theme".into(), "Analysis of".into(), "Comments".into()],
            rows: d
                .themes
                .iter()
                .map(|t| vec![text(&t.name), text(&t.subject), Cell::Count(t.comments)])
                .collect(),
        },
        "decisions" => Table {
            name: "decisions",
            title: "Decisions by status",
            columns: vec!["Status".into(), "Decisions".into()],
            rows: d
                .decisions
                .iter()
                .map(|(s, n)| vec![text(s.label()), Cell::Count(*n)])
                .collect(),
        },
        "overdue" => Table {
            name: "overdue",
            title: "Overdue actions",
            columns: vec![
                "Decision".into(),
                "Action owner".into(),
                "Due".into(),
                "Status".into(),
            ],
            rows: d
                .overdue
                .iter()
                .map(|o| {
                    vec![
                        text(&o.decision),
                        text(&o.action_owner),
                        text(&o.due_on),
                        text(o.status.label()),
                    ]
                })
                .collect(),
        },
        "items" => Table {
            name: "items",
            title: "Roadmap items by status, per phase",
            columns: std::iter::once("Phase".to_owned())
                .chain(STATUSES.iter().map(|s| s.label().to_owned()))
                .collect(),
            rows: d
                .items_by_status
                .iter()
                .map(|p| {
                    std::iter::once(text(format!("{}: {}", p.year, p.title)))
                        .chain(p.counts.iter().map(|n| Cell::Count(*n)))
                        .collect()
                })
                .collect(),
        },
        _ => return None,
    };
    Some(table)
}

impl Table {
    /// The rows as JSON objects, keyed by column.
    pub fn json_rows(&self) -> Vec<serde_json::Map<String, serde_json::Value>> {
        self.rows
            .iter()
            .map(|row| {
                self.columns
                    .iter()
                    .cloned()
                    .zip(
                        row.iter()
                            .map(|c| serde_json::to_value(c).unwrap_or_default()),
                    )
                    .collect()
            })
            .collect()
    }
}
