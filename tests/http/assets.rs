//! The browser bundle and stylesheet: the precompressed copy the browser
//! accepts (brotli before gzip), else the file itself, always revalidated.

use crate::support::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};

#[tokio::test]
async fn assets_go_out_precompressed_as_the_browser_accepts_and_are_revalidated() {
    // A site of its own: a stylesheet with the copies scripts/build makes
    // (their bytes tell which one was sent).
    let site = std::env::temp_dir().join(format!("roundtable-assets-{}", std::process::id()));
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("roundtable.css"), "body { color: black }").unwrap();
    std::fs::write(pkg.join("roundtable.css.br"), "brotli copy").unwrap();
    std::fs::write(pkg.join("roundtable.css.gz"), "gzip copy").unwrap();
    let root = site.to_string_lossy().into_owned();
    let app = TestApp::with_config(Backend::Sqlite, |c| c.site_root = root)
        .await
        .expect("SQLite");
    let mut client = app.client();
    let get = |accept: &'static str| {
        let mut request = Request::get("/pkg/roundtable.css");
        if !accept.is_empty() {
            request = request.header(header::ACCEPT_ENCODING, accept);
        }
        request
    };
    for (accept, encoding, body) in [
        ("gzip, deflate, br", Some("br"), "brotli copy"),
        ("gzip, deflate", Some("gzip"), "gzip copy"),
        ("", None, "body { color: black }"),
    ] {
        let res = client.send(get(accept), Body::empty()).await;
        assert_eq!(res.status, StatusCode::OK, "{accept}");
        assert_eq!(res.body, body, "{accept}");
        let sent = res
            .headers
            .get(header::CONTENT_ENCODING)
            .map(|v| v.to_str().unwrap());
        assert_eq!(sent, encoding, "{accept}");
        assert_eq!(res.headers[header::CONTENT_TYPE], "text/css", "{accept}");
        assert_eq!(res.headers[header::CACHE_CONTROL], "no-cache", "{accept}");
        assert!(res.headers.contains_key(header::LAST_MODIFIED));
    }
    // Unchanged since the browser's copy: nothing to send again.
    let first = client.send(get("br"), Body::empty()).await;
    let since = first.headers[header::LAST_MODIFIED]
        .to_str()
        .unwrap()
        .to_owned();
    let again = client
        .send(
            get("br").header(header::IF_MODIFIED_SINCE, since),
            Body::empty(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    let _ = std::fs::remove_dir_all(site);
}
