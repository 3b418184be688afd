use crate::on_both_backends;
use crate::support::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};

on_both_backends! {
    async fn a_server_set_up_for_https_refuses_the_demo_accounts_public_password(app: TestApp) {
        use server::config::Config;
        let start = |change: fn(&mut Config)| {
            let mut config = Config::for_database(&app.database_url());
            change(&mut config);
            async move { server::build(&config).await.map(|_| ()) }
        };
        // Plain http (a developer's machine): the demo serves as before.
        start(|_| {}).await.expect("starts over http");
        // Set up for HTTPS, by its cookies or its public address: refused,
        // naming the accounts and the way out.
        let https: [fn(&mut Config); 2] = [|c| c.secure_cookies = true, |c| c.public_url = "https://roundtable.example".into()];
        for https in https {
            let err = start(https).await.expect_err("refused over https").to_string();
            assert!(err.contains("admin@roundtable.example") && err.contains(" more)"), "{err}");
            assert!(err.contains("ROUNDTABLE_SERVE_DEMO_ACCOUNTS_OVER_HTTPS=true"), "{err}");
        }
        // Every demo account counts, and the participants the demo made.
        let open = server::demo_accounts::still_open(&app.db).await.unwrap();
        for account in &server::demo_accounts::DEMO_ACCOUNTS {
            assert!(open.iter().any(|e| e == account.email), "{open:?}");
        }
        assert!(open.iter().any(|e| e == "chris.patel@example.org"), "{open:?}");
        // Told to serve them anyway: it starts.
        start(|c| { c.secure_cookies = true; c.serve_demo_accounts_over_https = true; }).await.expect("told to");
        // Once no account can sign in with the public password, it starts.
        let hash = app::identity::password::hash("a long private passphrase").unwrap();
        app.exec(&format!("UPDATE users SET password_hash = '{hash}'")).await;
        start(|c| c.secure_cookies = true).await.expect("no demo password left");
    }


    async fn cross_site_posts_are_refused(app: TestApp) {
        let mut jo = app.public_user("Jo").await;
        let general = app.scalar("SELECT MIN(id) FROM threads").await.to_string();
        let body = form_encode(&[("thread_id", &general), ("body", "forged")]);
        for (name, value) in [("origin", "https://evil.example"), ("sec-fetch-site", "cross-site"), ("origin", "null")] {
            let request = Request::post(<app::discussion::api::PostComment as leptos::server_fn::ServerFn>::PATH)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(name, value);
            let res = jo.send(request, Body::from(body.clone())).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{name}: {value}");
        }
        assert_eq!(app.scalar("SELECT COUNT(*) FROM comments WHERE body = 'forged'").await, 0);
    }

    async fn oversized_requests_are_refused_unread(app: TestApp) {
        let mut jo = app.public_user("Jo").await;
        let general = app.scalar("SELECT MIN(id) FROM threads").await.to_string();
        let huge = "x".repeat(server::MAX_REQUEST_BODY + 1);
        let res = jo.call::<app::discussion::api::PostComment>( &[("thread_id", &general), ("body", &huge)]).await;
        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM comments WHERE LENGTH(body) > 10000").await, 0);
    }

    async fn names_with_direction_overrides_are_refused(app: TestApp) {
        let res = app.client().call::<app::auth::api::SignUp>( &[("display_name", "Admin\u{202e}nimdA"), ("email", "x@example.org"), ("password", PASSWORD)]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert!(res.body.contains("control characters"));
    }

    async fn pages_carry_security_headers(app: TestApp) {
        let page = app.client().get("/").await;
        let csp = page.headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert!(csp.contains("script-src 'self' 'nonce-"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(page.headers.get("x-content-type-options").unwrap(), "nosniff");
        // Every inline script carries the nonce.
        let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).unwrap().to_owned();
        for (at, _) in page.body.match_indices("<script") {
            let tag = &page.body[at..at + page.body[at..].find('>').unwrap()];
            assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "script without the nonce: {tag}");
        }
        // Over plain http: no HSTS. Public pages are revalidated; anything
        // answered to a signed-in person is never stored.
        assert!(page.headers.get("strict-transport-security").is_none());
        assert_eq!(page.headers[header::CACHE_CONTROL], "no-cache");
        let mut pat = app.demo_user("pat@example.org").await;
        for res in [pat.get("/account").await, pat.get("/").await, pat.call::<app::account::api::GetAccount>(&[]).await] {
            assert_eq!(res.headers[header::CACHE_CONTROL], "no-store", "{}", res.body);
        }
    }

}

#[tokio::test]
async fn over_https_the_session_cookie_is_secure_and_browsers_are_told_to_stay() {
    let app = TestApp::with_config(Backend::Sqlite, |c| {
        c.public_url = "https://roundtable.example".into();
        c.serve_demo_accounts_over_https = true;
    })
    .await
    .expect("SQLite");
    let page = app.client().get("/").await;
    assert_eq!(
        page.headers["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    let mut pat = app.client();
    let res = pat
        .call::<app::auth::api::SignIn>(&[
            ("email", "pat@example.org"),
            ("password", server::dev::demo::DEMO_PASSWORD),
        ])
        .await;
    let cookie = res
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        cookie.contains("roundtable_session=")
            && cookie.contains("Secure")
            && cookie.contains("HttpOnly"),
        "{cookie}"
    );
}
