//! The dashboard's filters, checked.

use super::{DashboardFilters, DEFAULT_DAYS, MAX_DAYS};
use crate::error::{FieldError, Validation};
use time::Date;

/// The filters as the store takes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedFilters {
    pub phase_year: Option<i32>,
    pub item: Option<i64>,
    pub from: Date,
    pub to: Date,
}

impl DashboardFilters {
    /// The filters, with `today`'s defaults for what is not given; or the
    /// problems, each on its field.
    pub fn check(&self, today: Date) -> Result<CheckedFilters, Vec<FieldError>> {
        let mut v = Validation::new();
        let phase_year = match self.phase.trim() {
            "" => None,
            p => {
                let year = p.parse::<i32>().ok();
                v.check(year.is_some(), "phase", "Choose a phase from the list.");
                year
            }
        };
        let item = match self.item.trim() {
            "" => None,
            i => {
                let id = i.parse::<i64>().ok();
                v.check(id.is_some(), "item", "Choose a roadmap item from the list.");
                id
            }
        };
        let to = v.optional_date("to", &self.to).unwrap_or(today);
        let from = v
            .optional_date("from", &self.from)
            .unwrap_or(to - time::Duration::days(DEFAULT_DAYS - 1));
        v.check(
            from <= to,
            "to",
            "The end date must be on or after the start date.",
        );
        v.check(
            (to - from).whole_days() < MAX_DAYS,
            "from",
            &format!("Choose a range of at most {MAX_DAYS} days."),
        );
        v.finish().map_err(|e| e.field_errors().to_vec())?;
        Ok(CheckedFilters {
            phase_year,
            item,
            from,
            to,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_range_defaults_to_the_last_26_weeks() {
        let today = date!(2027 - 06 - 30);
        let f = DashboardFilters::default().check(today).unwrap();
        assert_eq!(
            (f.from, f.to),
            (date!(2026 - 12 - 31), today),
            "182 days, today included"
        );
        assert_eq!((f.phase_year, f.item), (None, None));
        let f = DashboardFilters {
            phase: "2018".into(),
            item: "3".into(),
            from: "2027-01-01".into(),
            to: "2027-02-01".into(),
        }
        .check(today)
        .unwrap();
        assert_eq!(
            (f.phase_year, f.item, f.from, f.to),
            (
                Some(2018),
                Some(3),
                date!(2027 - 01 - 01),
                date!(2027 - 02 - 01)
            )
        );
    }

    #[test]
    fn bad_filters_are_reported_on_their_fields() {
        let today = date!(2027 - 06 - 30);
        let errors = DashboardFilters {
            phase: "last".into(),
            item: "x".into(),
            from: "2027-03-01".into(),
            to: "2027-02-01".into(),
        }
        .check(today)
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["phase", "item", "to"]);
        let errors = DashboardFilters {
            from: "2020-01-01".into(),
            ..Default::default()
        }
        .check(today)
        .unwrap_err();
        assert!(errors[0].message.contains("at most"));
    }
}
