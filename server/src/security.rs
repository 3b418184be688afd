//! Request-level defences: cross-site request forgery and response headers.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Refuses any state-changing request sent from another site.
///
/// Browsers say where a request comes from: `Sec-Fetch-Site` (all current
/// browsers) and, on every cross-origin POST, `Origin`. A request carrying
/// either that does not point at this site is refused. Requests with neither
/// come from non-browser clients, which cannot ride on a user's cookies; the
/// session cookie is also `SameSite=Lax`.
pub async fn refuse_cross_site_writes(request: Request, next: Next) -> Response {
    if !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) && is_cross_site(request.headers())
    {
        tracing::warn!(method = %request.method(), uri = %request.uri(), "cross-site write refused");
        return (
            StatusCode::FORBIDDEN,
            "This request came from another site and was refused.",
        )
            .into_response();
    }
    next.run(request).await
}

fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.to_str(), Ok("same-origin") | Ok("none"));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        let origin_host = origin
            .to_str()
            .ok()
            .and_then(|o| o.split_once("://"))
            .map(|(_, rest)| rest.trim_end_matches('/'));
        return match (origin_host, host) {
            (Some(o), Some(h)) => !o.eq_ignore_ascii_case(h),
            _ => true,
        };
    }
    false
}

/// How browsers reach the server.
#[derive(Clone, Copy, Debug)]
pub struct Transport {
    /// Over HTTPS (secure cookies, or an `https://` public address).
    pub https: bool,
}

/// Headers on every response: no framing, no MIME sniffing, referrers only
/// to this site (the no-JavaScript form path needs them), and, unless the page
/// set its own (with its script nonce), a content security policy that allows
/// no scripts at all. Over HTTPS, browsers are told to use nothing else for a
/// year (HSTS).
///
/// Unless a response says how to cache it (the assets do), it is not stored
/// when the request came with cookies (it may show what only that person may
/// see), and revalidated otherwise.
pub async fn headers(
    axum::extract::State(transport): axum::extract::State<Transport>,
    request: Request,
    next: Next,
) -> Response {
    let with_cookies = request.headers().contains_key(header::COOKIE);
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; \
                 object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            ),
        );
    }
    if transport.https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        let private = with_cookies || h.contains_key(header::SET_COOKIE);
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(if private { "no-store" } else { "no-cache" }),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::is_cross_site;
    use axum::http::HeaderMap;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn same_origin_is_allowed() {
        assert!(!is_cross_site(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(!is_cross_site(&headers(&[
            ("origin", "http://localhost:3000"),
            ("host", "localhost:3000")
        ])));
        assert!(!is_cross_site(&headers(&[])));
    }

    #[test]
    fn other_sites_are_refused() {
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(is_cross_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "localhost:3000")
        ])));
        assert!(is_cross_site(&headers(&[
            ("origin", "null"),
            ("host", "localhost:3000")
        ])));
        assert!(is_cross_site(&headers(&[
            ("origin", "http://localhost:3000.evil.example"),
            ("host", "localhost:3000")
        ])));
    }
}
