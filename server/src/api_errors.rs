//! HTTP statuses for server-function errors.
//!
//! Leptos answers every failed server function with 500. Clients, proxies and
//! monitoring deserve better: this layer reads the error the function
//! returned and answers with its own status (401, 403, 404, 422, 429), keeping
//! 500 for real failures. Redirects (the JavaScript-off path) are untouched.

use app::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Server-function error bodies are small JSON values; anything larger is
/// left as it is.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn set_error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// How long a client is asked to wait before trying again after a 503.
const RETRY_AFTER_SECONDS: &str = "5";

/// Answers a failure during a database outage as what it is, temporary: a
/// 503 with `Retry-After` (and a message, where the layer that failed left
/// the body empty, as the session layer does), instead of a 500. Every 503
/// gets `Retry-After`.
pub async fn unavailable_during_outage(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let status = response.status();
    let outage = status == StatusCode::INTERNAL_SERVER_ERROR && app::db::outage::lately();
    if status != StatusCode::SERVICE_UNAVAILABLE && !outage {
        return response;
    }
    if outage {
        let empty = response
            .headers()
            .get(header::CONTENT_LENGTH)
            .is_none_or(|l| l == "0");
        if empty {
            response = (
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                AppError::Unavailable.to_string(),
            )
                .into_response();
        }
        *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    }
    response
        .headers_mut()
        .entry(header::RETRY_AFTER)
        .or_insert(HeaderValue::from_static(RETRY_AFTER_SECONDS));
    response
}
