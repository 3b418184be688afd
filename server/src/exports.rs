//! The dashboard's figures as files (`GET /dashboard/export/{figure}.csv`
//! or `.json`, with the dashboard's filters as the query): the exports a
//! policy team pastes into a briefing. Policy makers and administrators
//! only, as the dashboard itself.

use app::dashboard::figures::{self, Cell};
use app::dashboard::DashboardFilters;
use app::db::Db;
use app::error::AppError;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_sessions::Session;

pub fn routes(db: Db) -> Router {
    Router::new()
        .route("/dashboard/export/{file}", get(export))
        .with_state(db)
}

fn refuse(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, error.to_string()).into_response()
}

async fn export(
    State(db): State<Db>,
    session: Session,
    Path(file): Path<String>,
    Query(filters): Query<DashboardFilters>,
) -> Response {
    let me = match app::identity::session::me_in(&session, &db).await {
        Ok(me) => me,
        Err(err) => return refuse(err),
    };
    let Some(me) = me else {
        return refuse(AppError::NotSignedIn);
    };
    if let Err(e) = app::dashboard::api::authorise(&me) {
        return refuse(e);
    }
    let Some((name, format)) = file.rsplit_once('.') else {
        return refuse(AppError::NotFound("There is no such export.".into()));
    };
    let dashboard = match app::dashboard::api::load(&db, &filters).await {
        Ok(d) => d,
        Err(e) => return refuse(e),
    };
    let Some(table) = figures::table(&dashboard, name) else {
        return refuse(AppError::NotFound("There is no such figure.".into()));
    };
    let filename = format!(
        "roundtable-{}-{}-to-{}.{format}",
        table.name, dashboard.from, dashboard.to
    );
    let disposition = format!("attachment; filename=\"{filename}\"");
    match format {
        "csv" => match csv(&table) {
            Ok(body) => (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (header::CONTENT_DISPOSITION, disposition.as_str()),
                ],
                body,
            )
                .into_response(),
            Err(err) => {
                tracing::error!(%err, "CSV export failed");
                refuse(AppError::Internal)
            }
        },
        "json" => {
            let body = serde_json::json!({
                "figure": table.name,
                "title": table.title,
                "from": dashboard.from,
                "to": dashboard.to,
                "columns": table.columns,
                "rows": table.json_rows(),
            });
            (
                [(header::CONTENT_DISPOSITION, disposition.as_str())],
                axum::Json(body),
            )
                .into_response()
        }
        _ => refuse(AppError::NotFound("Exports are .csv or .json.".into())),
    }
}

/// The table as CSV (RFC 4180). A text cell a spreadsheet would read as a
/// formula (`=`, `+`, `-`, `@`, tab, carriage return first) is prefixed
/// with `'`, so pasting an export never runs one.
fn csv(table: &figures::Table) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(&table.columns)?;
    for row in &table.rows {
        out.write_record(row.iter().map(|cell| match cell {
            Cell::Count(n) => n.to_string(),
            Cell::Text(t) if t.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{t}"),
            Cell::Text(t) => t.clone(),
        }))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}
