//! The forms of progress and their checks: plain functions, compiled for
//! the browser too, tested without a server.

use super::{Status, MAX_LINK, MAX_LINKS, MAX_NOTE};
use crate::error::{AppError, Validation};
use crate::forms::Form;
use serde::{Deserialize, Serialize};

/// A new entry on an item's timeline.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressInput {
    pub status: String,
    /// 0 to 100, or empty.
    #[serde(default)]
    pub percent: String,
    pub note: String,
    /// Links, one per line.
    #[serde(default)]
    pub evidence: String,
}

impl Form for ProgressInput {}

/// An entry, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedProgress {
    pub status: Status,
    pub percent: Option<i64>,
    pub note: String,
    pub evidence: Vec<String>,
}

/// Whether `link` is a plain http(s) address (so it can never run script).
pub fn is_web_link(link: &str) -> bool {
    let rest = link
        .strip_prefix("https://")
        .or_else(|| link.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:".contains(c))
            && !r
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
    })
}

impl ProgressInput {
    pub fn check(&self) -> Result<CheckedProgress, AppError> {
        let mut v = Validation::new();
        let status = Status::parse(self.status.trim());
        v.check(status.is_some(), "status", "Choose the status.");
        let percent = match self.percent.trim().trim_end_matches('%') {
            "" => None,
            p => {
                let n = p.parse::<i64>().ok().filter(|n| (0..=100).contains(n));
                v.check(
                    n.is_some(),
                    "percent",
                    "Enter how far along it is as a whole number from 0 to 100.",
                );
                n
            }
        };
        let note = v.required_text(
            "note",
            &self.note,
            MAX_NOTE,
            "Enter a note: what happened, and what comes next.",
            &format!("The note must be {MAX_NOTE} characters or fewer."),
        );
        let evidence: Vec<String> = self
            .evidence
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        v.check(
            evidence
                .iter()
                .all(|l| l.chars().count() <= MAX_LINK && is_web_link(l)),
            "evidence",
            "Enter each link on its own line, starting with https://",
        );
        v.check(
            evidence.len() <= MAX_LINKS,
            "evidence",
            &format!("Give at most {MAX_LINKS} links."),
        );
        v.finish()?;
        Ok(CheckedProgress {
            status: status.unwrap_or(Status::Planned),
            percent,
            note: note.replace("\r\n", "\n"),
            evidence,
        })
    }
}

/// Adding a dependency: the item this one needs first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DependencyInput {
    #[serde(default)]
    pub needs: String,
}

impl Form for DependencyInput {}

impl DependencyInput {
    pub fn check(&self, offered: impl Fn(i64) -> bool) -> Result<i64, AppError> {
        match self.needs.trim().parse::<i64>() {
            Ok(id) if offered(id) => Ok(id),
            _ => Err(AppError::invalid(
                "needs",
                "Choose the item this one needs first.",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_has_a_status_a_note_and_web_links() {
        let ok = ProgressInput {
            status: "at_risk".into(),
            percent: "40%".into(),
            note: " Suppliers are late.\r\nWe chase them. ".into(),
            evidence: "https://example.org/report\n\n http://nhs.uk/a?b=c#d ".into(),
        }
        .check()
        .unwrap();
        assert_eq!(ok.status, Status::AtRisk);
        assert_eq!(ok.percent, Some(40));
        assert_eq!(ok.note, "Suppliers are late.\nWe chase them.");
        assert_eq!(
            ok.evidence,
            vec!["https://example.org/report", "http://nhs.uk/a?b=c#d"]
        );
        let bad = ProgressInput {
            status: "sideways".into(),
            percent: "140".into(),
            note: String::new(),
            evidence: "javascript:alert(1)".into(),
        }
        .check()
        .unwrap_err();
        let fields: Vec<&str> = bad
            .field_errors()
            .iter()
            .map(|e| e.field.as_str())
            .collect();
        assert_eq!(fields, ["status", "percent", "note", "evidence"]);
    }

    #[test]
    fn only_plain_web_links_are_evidence() {
        for good in [
            "https://example.org",
            "https://a.b/c?d=e",
            "http://localhost:3000/x",
        ] {
            assert!(is_web_link(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "https://",
            "https:// x",
            "ftp://a",
            "https://a\"onmouseover=x",
            "data:text/html,x",
            "//evil.example",
        ] {
            assert!(!is_web_link(bad), "{bad}");
        }
    }
}
