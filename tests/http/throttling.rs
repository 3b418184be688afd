//! Guessing passwords and making accounts at speed: what is counted, when
//! it is counted, and that nobody can lock an owner out of their account.

use crate::on_both_backends;
use crate::support::*;
use axum::http::StatusCode;

const JO: &str = "jo@example.org";
const WRONG: &str = "wrong password here";

async fn sign_in(app: &TestApp, email: &str, password: &str) -> Response {
    app.client()
        .call::<app::auth::api::SignIn>(&[("email", email), ("password", password)])
        .await
}

async fn attempts(app: &TestApp, key: &str) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) FROM sign_in_attempts WHERE key = '{key}'"
    ))
    .await
}

async fn stored_sessions(app: &TestApp) -> i64 {
    app.scalar(match app.backend {
        Backend::Sqlite => "SELECT COUNT(*) FROM tower_sessions",
        Backend::Postgres => "SELECT COUNT(*) FROM tower_sessions.session",
    })
    .await
}

/// Time passes for the throttle: every attempt so far moved back.
async fn later_by(app: &TestApp, ms: i64) {
    app.exec(&format!("UPDATE sign_in_attempts SET at = at - {ms}"))
        .await;
}

on_both_backends! {
    async fn parallel_guesses_cannot_slip_past_the_count(app: TestApp) {
        let _jo = app.public_user("Jo").await;
        let guesses = (0..20).map(|_| sign_in(&app, JO, WRONG));
        let answers = futures_util::future::join_all(guesses).await;
        let checked = answers.iter().filter(|r| r.body.contains("is not right")).count();
        let held = answers.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).count();
        // Counted before the password is checked: of twenty sent at once,
        // five were checked and the rest waited.
        assert_eq!((checked, held), (5, 15), "{:?}", answers.iter().map(|r| &r.body).collect::<Vec<_>>());
        assert_eq!(attempts(&app, "account:jo@example.org").await, 5, "refusals are not counted");
    }

    async fn a_guesser_makes_the_owner_wait_a_minute_at_most(app: TestApp) {
        let _jo = app.public_user("Jo").await;
        for _ in 0..40 {
            sign_in(&app, JO, WRONG).await;
            later_by(&app, 1500).await;
        }
        // Each wrong guess doubled the wait; the owner is held, and told
        // for how long (the message points at single sign-on too).
        let held = sign_in(&app, JO, PASSWORD).await;
        assert_eq!(held.status, StatusCode::TOO_MANY_REQUESTS, "{}", held.body);
        let seconds = held.json()["TryAgainIn"]["seconds"].as_i64().unwrap_or_default();
        assert!((1..=60).contains(&seconds), "{}", held.body);
        // A minute after the last guess, however many there were, the
        // right password gets in (a hard lock would still refuse it).
        later_by(&app, 60_000).await;
        let res = sign_in(&app, JO, PASSWORD).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(attempts(&app, "account:jo@example.org").await, 0, "a right password clears the account's count");
    }

    async fn a_right_password_does_not_count_against_the_address(app: TestApp) {
        let _jo = app.public_user("Jo").await;
        for _ in 0..35 {
            let res = sign_in(&app, JO, PASSWORD).await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        }
        assert_eq!(attempts(&app, "ip:127.0.0.1").await, 0);
    }

    async fn one_address_is_capped_across_accounts(app: TestApp) {
        let _jo = app.public_user("Jo").await;
        for n in 0..30 {
            let res = sign_in(&app, &format!("nobody{n}@example.org"), WRONG).await;
            assert_eq!(res.status.as_u16(), 422, "{}", res.body);
        }
        let res = sign_in(&app, JO, PASSWORD).await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.body);
    }

    async fn sign_up_is_throttled_per_address(app: TestApp) {
        for n in 0..10 {
            let res = app.client().call::<app::auth::api::SignUp>(&[("display_name", "Someone"), ("email", &format!("someone{n}@example.org")), ("password", PASSWORD)]).await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        }
        let users = app.scalar("SELECT COUNT(*) FROM users").await;
        let res = app.client().call::<app::auth::api::SignUp>(&[("display_name", "One more"), ("email", "one.more@example.org"), ("password", PASSWORD)]).await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.body);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM users").await, users, "no account made");
        later_by(&app, 3600 * 1000).await;
        let res = app.client().call::<app::auth::api::SignUp>(&[("display_name", "One more"), ("email", "one.more@example.org"), ("password", PASSWORD)]).await;
        assert_eq!(res.status, StatusCode::OK, "an hour later: {}", res.body);
    }

    async fn failed_anonymous_posts_store_no_session_yet_keep_the_text(app: TestApp) {
        let before = stored_sessions(&app).await;
        let mut client = app.client();
        for _ in 0..3 {
            let res = client.post_form::<app::auth::api::SignIn>("/sign-in", &[("email", JO), ("password", WRONG)]).await;
            assert!(res.status.is_redirection(), "{:?}", res.status);
        }
        let res = client.post_form::<app::auth::api::SignUp>("/sign-up", &[("display_name", "Jo Bloggs"), ("email", "jo.bloggs@example.org"), ("password", "short")]).await;
        let page = client.follow(&res).await;
        assert!(page.body.contains("Jo Bloggs") && page.body.contains("jo.bloggs@example.org"), "the text comes back");
        assert!(!page.body.contains("value=\"short\""), "never the password");
        let res = client.post_to("/sso/begin", "/partner-sign-in", &[("email", "someone@unknown-institution.example")]).await;
        let page = client.follow(&res).await;
        assert!(page.body.contains("someone@unknown-institution.example"), "the work email comes back");
        assert_eq!(stored_sessions(&app).await, before, "no session row for any of them");
        // Once read, the cookie is forgotten; a forged one opens nothing.
        assert!(!client.get("/partner-sign-in").await.body.contains("someone@unknown-institution.example"));
        client.cookies.insert("roundtable_flash".into(), "v2.00ff".into());
        assert_eq!(client.get("/sign-in").await.status, StatusCode::OK);
    }
}
