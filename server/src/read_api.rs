//! The open read API (`/api/v1/…`): the public parts of dialogue outcomes
//! as JSON, for anyone, without an account. Lists are paginated with
//! `?page=` (from 1) and `?per_page=` (1 to 100, 20 by default); each page
//! says how many there are in all and where the next page is.
//!
//! - `GET /api/v1/outcomes`: published outcomes, newest first;
//! - `GET /api/v1/outcomes/{kind}/{id}`: one (`consultation` with the
//!   proposal's draft id, or `item`): themes with public counts, quotes,
//!   decisions; 404 until published;
//! - `GET /api/v1/items/{id}/timeline`: an item's progress, newest first;
//! - `GET /api/v1/gaps`: the gap register.

use app::db::Db;
use app::error::AppError;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

pub fn routes(db: Db) -> Router {
    Router::new()
        .route("/api/v1/outcomes", get(outcomes))
        .route("/api/v1/outcomes/{kind}/{id}", get(outcome))
        .route("/api/v1/items/{id}/timeline", get(timeline))
        .route("/api/v1/gaps", get(gaps))
        .with_state(db)
}

/// `?page=&per_page=`, as given (checked by [`Paging::check`]).
#[derive(Deserialize, Default)]
struct Paging {
    page: Option<String>,
    per_page: Option<String>,
}

const PER_PAGE: i64 = 20;
const MAX_PER_PAGE: i64 = 100;

impl Paging {
    /// (page, per page), or what is wrong with them.
    fn check(&self) -> Result<(i64, i64), ApiError> {
        let number = |v: &Option<String>, default: i64| match v.as_deref() {
            None | Some("") => Some(default),
            Some(text) => text.parse::<i64>().ok(),
        };
        let page = number(&self.page, 1).filter(|p| (1..=1_000_000).contains(p));
        let per_page = number(&self.per_page, PER_PAGE).filter(|n| (1..=MAX_PER_PAGE).contains(n));
        match (page, per_page) {
            (Some(page), Some(per_page)) => Ok((page, per_page)),
            _ => Err(ApiError::BadRequest(format!(
                "page must be a whole number from 1, and per_page from 1 to {MAX_PER_PAGE}."
            ))),
        }
    }
}

/// A page of a list.
#[derive(Serialize)]
struct Page<T: Serialize> {
    data: Vec<T>,
    page: i64,
    per_page: i64,
    total: i64,
    /// The address of the next page, if there is one.
    next: Option<String>,
}

impl<T: Serialize> Page<T> {
    fn new(path: &str, data: Vec<T>, (page, per_page): (i64, i64), total: i64) -> Self {
        let next = (page * per_page < total)
            .then(|| format!("{path}?page={}&per_page={per_page}", page + 1));
        Page {
            data,
            page,
            per_page,
            total,
            next,
        }
    }
}

enum ApiError {
    BadRequest(String),
    App(AppError),
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::App(e)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::App(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, m),
            ApiError::App(e) => (
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                e.to_string(),
            ),
        };
        (status, Json(json!({ "error": message }))).into_response()
    }
}

async fn outcomes(
    State(db): State<Db>,
    Query(paging): Query<Paging>,
) -> Result<Response, ApiError> {
    let (page, per_page) = paging.check()?;
    let (data, total) =
        app::outcomes::read::published(&db, per_page, (page - 1) * per_page).await?;
    Ok(Json(Page::new("/api/v1/outcomes", data, (page, per_page), total)).into_response())
}

async fn outcome(
    State(db): State<Db>,
    Path((kind, id)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let scope = app::themes::Scope::parse(&kind, id)
        .ok_or_else(|| AppError::NotFound("There is no such outcome.".into()))?;
    // Read as nobody in particular: published outcomes only.
    let page = app::outcomes::read::page(&db, None, scope).await?;
    Ok(Json(page).into_response())
}

async fn timeline(
    State(db): State<Db>,
    Path(item_id): Path<i64>,
    Query(paging): Query<Paging>,
) -> Result<Response, ApiError> {
    let (page, per_page) = paging.check()?;
    if app::roadmap::store::item(&db, item_id).await?.is_none() {
        return Err(AppError::NotFound("There is no such roadmap item.".into()).into());
    }
    let (data, total) =
        app::progress::store::entries_page(&db, item_id, per_page, (page - 1) * per_page).await?;
    let path = format!("/api/v1/items/{item_id}/timeline");
    Ok(Json(Page::new(&path, data, (page, per_page), total)).into_response())
}

async fn gaps(State(db): State<Db>, Query(paging): Query<Paging>) -> Result<Response, ApiError> {
    let (page, per_page) = paging.check()?;
    let all = app::progress::store::gaps(&db).await?;
    let total = all.len() as i64;
    let data = all
        .into_iter()
        .skip(((page - 1) * per_page) as usize)
        .take(per_page as usize)
        .collect();
    Ok(Json(Page::new("/api/v1/gaps", data, (page, per_page), total)).into_response())
}
