//! The dashboard's server function, and the loading it shares with the
//! server's CSV and JSON exports.

use super::{Dashboard, DashboardFilters};
use crate::error::AppError;
use leptos::prelude::*;

/// The dashboard for these filters: policy makers and administrators.
#[server(prefix = "/api", endpoint = "dashboard")]
pub async fn get_dashboard(
    #[server(default)] filters: DashboardFilters,
) -> Result<Dashboard, AppError> {
    let me = crate::identity::session::require_user().await?;
    authorise(&me)?;
    load(&crate::context::db()?, &filters).await
}

/// Refuses anyone but policy makers and administrators.
#[cfg(feature = "ssr")]
pub fn authorise(me: &crate::domain::identity::Me) -> Result<(), AppError> {
    if crate::domain::outcomes::access::may_see_dashboard(me) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Only policy makers and administrators see the dashboard.".into(),
        ))
    }
}

/// Every figure of the dashboard for `filters` (the defaults for a filter
/// that makes no sense, which is reported).
#[cfg(feature = "ssr")]
pub async fn load(db: &crate::db::Db, filters: &DashboardFilters) -> Result<Dashboard, AppError> {
    use super::store::{self, Range, MONDAY_OFFSET_MS, WEEK_MS};
    use super::{WeekCount, TOP_THEMES};
    use crate::domain::outcomes::GroupCounts;
    use crate::time_fmt::{end_of_uk_day, uk_date};
    let now = crate::db::now_ms();
    let today = uk_date(now);
    let (checked, filter_errors) = match filters.check(today) {
        Ok(f) => (f, Vec::new()),
        Err(errors) => (
            DashboardFilters::default()
                .check(today)
                .map_err(|_| AppError::Internal)?,
            errors,
        ),
    };
    let start = checked.from.previous_day().map(end_of_uk_day).unwrap_or(0);
    let range = Range {
        start,
        end: end_of_uk_day(checked.to),
        item: checked.item.unwrap_or(0),
        year: checked.phase_year.map(i64::from).unwrap_or(0),
    };
    let (open_consultations, closed_consultations) = store::consultations(db, range, now).await?;
    // Every week of the range, with nothing for weeks without comments.
    let counts = store::participation(db, range).await?;
    let week_of = |ms: i64| (ms + MONDAY_OFFSET_MS).div_euclid(WEEK_MS);
    let participation = (week_of(range.start)..=week_of(range.end - 1))
        .map(|week| {
            let mut c = GroupCounts::default();
            for (_, group, n) in counts.iter().filter(|(w, _, _)| *w == week) {
                c.add(*group, *n);
            }
            WeekCount {
                week: uk_date(week * WEEK_MS - MONDAY_OFFSET_MS + 12 * 3600 * 1000).to_string(),
                counts: c,
            }
        })
        .collect();
    Ok(Dashboard {
        from: checked.from.to_string(),
        to: checked.to.to_string(),
        participation,
        open_consultations,
        closed_consultations,
        themes: store::top_themes(db, range, TOP_THEMES).await?,
        decisions: store::decisions(db, range).await?,
        overdue: store::overdue(db, range, &today.to_string()).await?,
        items_by_status: store::items_by_status(db, range).await?,
        phases: crate::roadmap::store::phases(db).await?,
        items: crate::roadmap::store::item_links(db).await?,
        filter_errors,
    })
}
