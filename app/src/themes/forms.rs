//! The forms of response analysis and their checks: plain functions,
//! compiled for the browser too, tested without a server.

use super::{Filters, Group, MAX_DESCRIPTION, MAX_NAME};
use crate::error::{AppError, FieldError, Validation};
use crate::forms::Form;
use serde::{Deserialize, Serialize};

/// A theme's name and description (the new-theme and the edit form).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The comments of a suggestion the person confirmed (`comments[]`).
    #[serde(default)]
    pub comments: Vec<String>,
    /// The list's filters, to come back to the same list (a query string).
    #[serde(default)]
    pub back: String,
}

impl Form for ThemeInput {}

impl ThemeInput {
    /// The name and description, trimmed.
    pub fn check(&self) -> Result<(String, String), AppError> {
        let mut v = Validation::new();
        let name = v.required_text(
            "name",
            &self.name,
            MAX_NAME,
            "Enter the theme's name.",
            &format!("The name must be {MAX_NAME} characters or fewer."),
        );
        let description = self.description.trim().to_owned();
        v.check(
            description.chars().count() <= MAX_DESCRIPTION,
            "description",
            &format!("The description must be {MAX_DESCRIPTION} characters or fewer."),
        );
        v.finish()?;
        Ok((name, description))
    }

    /// The ids of a confirmed suggestion's comments (none for a new theme).
    pub fn suggested_comments(&self) -> Result<Vec<i64>, AppError> {
        let mut v = Validation::new();
        let ids = v.chosen_ids(
            "comments",
            &self.comments,
            |_| true,
            "Choose comments from the list.",
        );
        v.finish()?;
        Ok(ids)
    }
}

/// Merging a theme into another of the same analysis.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeInput {
    /// The theme that remains.
    #[serde(default)]
    pub into: String,
}

impl Form for MergeInput {}

impl MergeInput {
    pub fn check(&self, offered: impl Fn(i64) -> bool) -> Result<i64, AppError> {
        match self.into.trim().parse::<i64>() {
            Ok(id) if offered(id) => Ok(id),
            _ => Err(AppError::invalid(
                "into",
                "Choose the theme to merge this one into.",
            )),
        }
    }
}

/// Tagging many comments at once: the checked comments, a theme, and
/// whether to add it to them or take it off.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagInput {
    #[serde(default)]
    pub theme: String,
    /// The checked comments (checkboxes `comments[]`).
    #[serde(default)]
    pub comments: Vec<String>,
    /// `add` or `remove`.
    #[serde(default)]
    pub action: String,
    /// The list's filters, to come back to the same list (a query string).
    #[serde(default)]
    pub back: String,
}

impl Form for TagInput {}

/// A checked tagging: add or remove `theme` on `comments`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedTag {
    pub theme: i64,
    pub comments: Vec<i64>,
    pub add: bool,
}

/// The most comments tagged at once (a page of the list holds fewer).
pub const MAX_TAGGED_AT_ONCE: usize = 200;

impl TagInput {
    pub fn check(&self, theme_offered: impl Fn(i64) -> bool) -> Result<CheckedTag, AppError> {
        let mut v = Validation::new();
        let theme = match self.theme.trim().parse::<i64>() {
            Ok(id) if theme_offered(id) => id,
            _ => {
                v.add("theme", "Choose a theme.");
                0
            }
        };
        let comments = v.chosen_ids(
            "comments",
            &self.comments,
            |_| true,
            "Choose comments from the list.",
        );
        if self.comments.is_empty() {
            v.add("comments", "Tick the comments to tag.");
        }
        v.check(
            comments.len() <= MAX_TAGGED_AT_ONCE,
            "comments",
            &format!("Tag at most {MAX_TAGGED_AT_ONCE} comments at once."),
        );
        let add = self.action != "remove";
        v.finish()?;
        Ok(CheckedTag {
            theme,
            comments,
            add,
        })
    }

    /// The list to come back to: the analysis page with the same filters.
    pub fn back_to(&self, page: &str) -> String {
        back_to(page, &self.back)
    }
}

/// The themes ticked for one comment (checkboxes `themes[]`): the comment
/// carries these of its analysis's themes afterwards, and no other.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentThemesInput {
    #[serde(default)]
    pub themes: Vec<String>,
}

impl Form for CommentThemesInput {}

impl CommentThemesInput {
    /// The ticked themes, each one offered; none ticked is allowed.
    pub fn check(&self, offered: impl Fn(i64) -> bool) -> Result<Vec<i64>, AppError> {
        let mut v = Validation::new();
        let themes = v.chosen_ids(
            "themes",
            &self.themes,
            offered,
            "Choose themes from the list: one of them has been merged or is not part of this analysis. Reload the page.",
        );
        v.finish()?;
        Ok(themes)
    }
}

/// `page` with the list's filters (`query`, as the form sent it): only the
/// characters of a query string, so it can lead nowhere else.
pub fn back_to(page: &str, query: &str) -> String {
    let query: String = query
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "=&%-_.".contains(*c))
        .collect();
    if query.is_empty() {
        page.to_owned()
    } else {
        format!("{page}?{query}")
    }
}

/// The list's filters, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckedFilters {
    pub theme: Option<i64>,
    pub untagged: bool,
    pub group: Option<Group>,
    /// Epoch milliseconds: from the start of the `from` day (UK time) …
    pub from: Option<i64>,
    /// … to the end of the `to` day.
    pub to: Option<i64>,
    pub before: Option<i64>,
}

impl Filters {
    /// The filters, or a message per filter that makes no sense.
    pub fn check(&self) -> Result<CheckedFilters, Vec<FieldError>> {
        use crate::time_fmt::end_of_uk_day;
        let mut v = Validation::new();
        let theme = match self.theme.trim() {
            "" => None,
            t => {
                let id = t.parse::<i64>().ok();
                v.check(id.is_some(), "theme", "Choose a theme from the list.");
                id
            }
        };
        let group = match self.group.trim() {
            "" => None,
            g => {
                let group = Group::parse(g);
                v.check(
                    group.is_some(),
                    "group",
                    "Choose a stakeholder group from the list.",
                );
                group
            }
        };
        let from = v.optional_date("from", &self.from);
        let to = v.optional_date("to", &self.to);
        if let (Some(from), Some(to)) = (from, to) {
            v.check(
                from <= to,
                "to",
                "The end date must be on or after the start date.",
            );
        }
        let before = self.before.trim().parse::<i64>().ok();
        v.finish().map_err(|e| e.field_errors().to_vec())?;
        Ok(CheckedFilters {
            theme,
            untagged: self.untagged == "1",
            group,
            from: from.and_then(|d| d.previous_day()).map(end_of_uk_day),
            to: to.map(end_of_uk_day),
            before,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_needs_a_name_of_sensible_length() {
        let ok = ThemeInput {
            name: "  Registration fees ".into(),
            description: " Costs ".into(),
            comments: vec!["4".into(), "2".into()],
            back: String::new(),
        };
        assert_eq!(ok.suggested_comments().unwrap(), vec![2, 4]);
        assert_eq!(
            ok.check().unwrap(),
            ("Registration fees".into(), "Costs".into())
        );
        let empty = ThemeInput::default().check().unwrap_err();
        assert_eq!(
            empty.field("name").as_deref(),
            Some("Enter the theme's name.")
        );
        let long = ThemeInput {
            name: "x".repeat(MAX_NAME + 1),
            description: "y".repeat(MAX_DESCRIPTION + 1),
            comments: Vec::new(),
            back: String::new(),
        }
        .check()
        .unwrap_err();
        assert!(long.field("name").is_some() && long.field("description").is_some());
    }

    #[test]
    fn tagging_needs_a_theme_offered_and_ticked_comments() {
        let offered = |id| id == 3;
        let input = TagInput {
            theme: "3".into(),
            comments: vec!["9".into(), "4".into(), "9".into()],
            action: "add".into(),
            back: String::new(),
        };
        assert_eq!(
            input.check(offered).unwrap(),
            CheckedTag {
                theme: 3,
                comments: vec![4, 9],
                add: true
            }
        );
        let remove = TagInput {
            action: "remove".into(),
            ..input.clone()
        };
        assert!(!remove.check(offered).unwrap().add);
        let err = TagInput {
            theme: "4".into(),
            comments: vec![],
            ..input.clone()
        }
        .check(offered)
        .unwrap_err();
        assert_eq!(err.field("theme").as_deref(), Some("Choose a theme."));
        assert_eq!(
            err.field("comments").as_deref(),
            Some("Tick the comments to tag.")
        );
        let err = TagInput {
            comments: vec!["x".into()],
            ..input
        }
        .check(offered)
        .unwrap_err();
        assert!(err.field("comments").is_some());
    }

    #[test]
    fn a_comment_takes_only_themes_offered_and_may_lose_them_all() {
        let offered = |id| id == 3 || id == 7;
        let ticked = |ids: &[&str]| CommentThemesInput {
            themes: ids.iter().map(|s| s.to_string()).collect(),
        };
        assert_eq!(ticked(&["7", "3", "7"]).check(offered).unwrap(), vec![3, 7]);
        assert_eq!(ticked(&[]).check(offered).unwrap(), Vec::<i64>::new());
        for bad in [&["3", "4"][..], &["x"][..]] {
            let err = ticked(bad).check(offered).unwrap_err();
            assert!(err.field("themes").is_some(), "{bad:?}");
        }
    }

    #[test]
    fn coming_back_keeps_only_a_query_string() {
        let input = TagInput {
            back: "untagged=1&group=public".into(),
            ..Default::default()
        };
        assert_eq!(
            input.back_to("/items/1/analysis"),
            "/items/1/analysis?untagged=1&group=public"
        );
        let sneaky = TagInput {
            back: "x=1#\"><script>/https://evil".into(),
            ..Default::default()
        };
        assert_eq!(sneaky.back_to("/p"), "/p?x=1scripthttpsevil");
    }

    #[test]
    fn filters_are_checked_each_beside_its_field() {
        let ok = Filters {
            theme: "5".into(),
            untagged: "1".into(),
            group: "partner".into(),
            from: "2027-01-01".into(),
            to: "2027-01-31".into(),
            before: "100".into(),
        }
        .check()
        .unwrap();
        assert_eq!(ok.theme, Some(5));
        assert!(ok.untagged);
        assert_eq!(ok.group, Some(Group::Partner));
        assert!(ok.from.unwrap() < ok.to.unwrap());
        assert_eq!(ok.before, Some(100));
        let bad = Filters {
            group: "aliens".into(),
            from: "2027-02-01".into(),
            to: "2027-01-31".into(),
            ..Default::default()
        }
        .check()
        .unwrap_err();
        let fields: Vec<&str> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["group", "to"]);
        let bad = Filters {
            from: "last week".into(),
            ..Default::default()
        }
        .check()
        .unwrap_err();
        assert_eq!(bad[0].message, "Enter a date like 2027-01-31.");
        assert_eq!(
            Filters::default().check().unwrap(),
            CheckedFilters::default()
        );
    }
}
