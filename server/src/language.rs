//! The language switch's target: `GET /language/{en|cy}?back=/a/page`
//! remembers the choice in a cookie for a year and returns the reader to
//! the page they were on (on this site only), now in that language.

use app::i18n::negotiate::{safe_return_path, COOKIE};
use app::i18n::Locale;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

const A_YEAR_SECONDS: u32 = 365 * 24 * 60 * 60;

#[derive(Deserialize)]
struct Back {
    back: Option<String>,
}

pub fn routes(https: bool) -> Router {
    Router::new()
        .route("/language/{code}", get(switch))
        .with_state(https)
}

async fn switch(
    State(https): State<bool>,
    Path(code): Path<String>,
    Query(query): Query<Back>,
) -> Response {
    let Some(locale) = Locale::from_code(&code) else {
        return (
            StatusCode::NOT_FOUND,
            "Roundtable speaks English (/language/en) and Welsh (/language/cy).",
        )
            .into_response();
    };
    let back = as_header_text(safe_return_path(query.back.as_deref()));
    let cookie = format!(
        "{COOKIE}={}; Path=/; Max-Age={A_YEAR_SECONDS}; SameSite=Lax; HttpOnly{}",
        locale.code(),
        if https { "; Secure" } else { "" }
    );
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let (Ok(location), Ok(cookie)) =
        (HeaderValue::from_str(&back), HeaderValue::from_str(&cookie))
    {
        headers.insert(header::LOCATION, location);
        headers.insert(header::SET_COOKIE, cookie);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A path as header text: bytes outside printable ASCII percent-encoded
/// (the query decoded `%C3%A9` to `é`).
fn as_header_text(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if (0x21..0x7f).contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
