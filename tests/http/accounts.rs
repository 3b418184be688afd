use crate::on_both_backends;
use crate::support::*;
use axum::http::StatusCode;

const HOUR: i64 = 3600 * 1000;
const DAY: i64 = 24 * HOUR;

fn session_cookie(client: &Client) -> Option<String> {
    client.cookies.get("roundtable_session").cloned()
}

on_both_backends! {
    async fn sign_up_signs_the_new_account_in(app: TestApp) {
        let mut client = app.public_user("Jo Bloggs").await;
        let page = client.get("/").await;
        assert!(page.body.contains("Jo Bloggs"), "header shows the user");
        assert!(page.body.contains("Sign out"));
        let hash: i64 = app.scalar("SELECT COUNT(*) FROM users WHERE email = 'jo.bloggs@example.org' AND password_hash LIKE '$argon2id$%'").await;
        assert_eq!(hash, 1, "password stored as an argon2id hash");
    }

    async fn sign_up_refuses_a_taken_email(app: TestApp) {
        let _first = app.public_user("Jo Bloggs").await;
        let mut client = app.client();
        let res = client.call::<app::auth::api::SignUp>( &[("display_name", "Other"), ("email", "JO.BLOGGS@example.org"), ("password", PASSWORD)]).await;
        assert_ne!(res.status, StatusCode::OK);
        assert!(res.body.contains("already exists"), "{}", res.body);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM users WHERE email = 'jo.bloggs@example.org'").await, 1);
    }

    async fn sign_up_refuses_short_and_common_passwords(app: TestApp) {
        let mut client = app.client();
        for (password, expected) in [("short", "at least 12 characters"), ("password1234", "too common"), ("qwertyuiop12", "too common")] {
            let res = client.call::<app::auth::api::SignUp>( &[("display_name", "Jo"), ("email", "jo@example.org"), ("password", password)]).await;
            assert!(res.body.contains(expected), "{password}: {}", res.body);
        }
        assert_eq!(app.scalar("SELECT COUNT(*) FROM users WHERE email = 'jo@example.org'").await, 0, "nothing stored");
    }

    async fn sign_in_does_not_say_whether_email_or_password_was_wrong(app: TestApp) {
        let _jo = app.public_user("Jo").await;
        let mut client = app.client();
        let wrong_password = client.call::<app::auth::api::SignIn>( &[("email", "jo@example.org"), ("password", "not the password at all")]).await;
        let unknown_email = client.call::<app::auth::api::SignIn>( &[("email", "nobody@example.org"), ("password", PASSWORD)]).await;
        assert_ne!(wrong_password.status, StatusCode::OK);
        assert_eq!(wrong_password.json(), unknown_email.json(), "the same answer for both");
        assert!(wrong_password.body.contains("email address or password is not right"));
        assert!(session_cookie(&client).is_none() || !client.get("/").await.body.contains("Sign out"));
    }

    async fn sign_in_rotates_the_session_id(app: TestApp) {
        let _jo = app.public_user("Jo").await;
        // A session that exists before this sign-in (the account's own,
        // from signing up) must not be the one signed in.
        let mut client = app.public_user("Robin").await;
        let before = session_cookie(&client).expect("a session before sign-in");
        let res = client.call::<app::auth::api::SignIn>( &[("email", "jo@example.org"), ("password", PASSWORD)]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let after = session_cookie(&client).expect("a session after sign-in");
        assert_ne!(before, after, "session id changes at sign-in");
        let mut replay = app.client();
        replay.cookies.insert("roundtable_session".into(), before);
        assert!(!replay.is_signed_in().await, "the old id is worth nothing");
    }

    async fn session_cookie_is_http_only_and_same_site_lax(app: TestApp) {
        let mut client = app.client();
        let res = client.call::<app::auth::api::SignUp>( &[("display_name", "Jo"), ("email", "jo@example.org"), ("password", PASSWORD)]).await;
        let cookie = res.headers.get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert!(cookie.starts_with("roundtable_session="), "{cookie}");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    }

    async fn sign_out_ends_the_session_on_the_server(app: TestApp) {
        let mut client = app.public_user("Jo").await;
        let stolen = client.cookies.clone();
        let res = client.call::<app::auth::api::SignOut>( &[]).await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(!client.get("/").await.body.contains("Sign out"));
        // Replaying the old cookie does not bring the session back.
        let mut replay = app.client();
        replay.cookies = stolen;
        assert!(!replay.get("/").await.body.contains("Sign out"));
    }

    async fn sign_in_with_javascript_off_shows_the_error_and_keeps_the_email(app: TestApp) {
        let mut client = app.client();
        let res = client.post_form::<app::auth::api::SignIn>("/sign-in", &[("email", "jo@example.org"), ("password", "wrong password here")]).await;
        assert!(res.status.is_redirection(), "{:?}", res.status);
        let location = res.location().unwrap();
        assert!(location.contains("/sign-in") && location.contains("__err"), "{location}");
        let page = client.follow(&res).await;
        assert!(page.body.contains("There is a problem"), "error summary shown");
        assert!(page.body.contains("email address or password is not right"));
        assert!(page.body.contains(r#"value="jo@example.org""#), "email kept");
        // The flash is used once.
        let again = client.get("/sign-in").await;
        assert!(!again.body.contains(r#"value="jo@example.org""#));
    }

    async fn sign_in_with_javascript_off_goes_to_next_but_never_off_site(app: TestApp) {
        let _jo = app.public_user("Jo").await;
        let mut client = app.client();
        let res = client.post_form::<app::auth::api::SignIn>("/sign-in?next=/items/2", &[("email", "jo@example.org"), ("password", PASSWORD), ("next", "/items/2")]).await;
        assert_eq!(res.location().as_deref(), Some("/items/2"));
        let mut other = app.client();
        let res = other.post_form::<app::auth::api::SignIn>("/sign-in", &[("email", "jo@example.org"), ("password", PASSWORD), ("next", "//evil.example/")]).await;
        assert_eq!(res.location().as_deref(), Some("/"));
    }

    async fn a_sign_in_ends_after_two_hours_idle(app: TestApp) {
        let mut client = app.public_user("Jo").await;
        app.age_session(&client, 2 * HOUR - 60_000).await;
        assert!(client.is_signed_in().await, "an hour and 59 minutes idle");
        app.age_session(&client, 2 * HOUR).await;
        assert!(!client.is_signed_in().await, "two hours idle");
    }

    async fn a_busy_sign_in_still_ends_after_twelve_hours(app: TestApp) {
        let mut client = app.public_user("Jo").await;
        for hour in 1..12 {
            app.age_session(&client, HOUR).await;
            assert!(client.is_signed_in().await, "in use, hour {hour}");
        }
        app.age_session(&client, HOUR).await;
        assert!(!client.is_signed_in().await, "twelve hours after signing in");
    }

    async fn keep_me_signed_in_lasts_days_for_the_public_only(app: TestApp) {
        let _jo = app.public_user("Jo").await;
        let mut client = app.client();
        let res = client.call::<app::auth::api::SignIn>(&[("email", "jo@example.org"), ("password", PASSWORD), ("remember", "yes")]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        app.age_session(&client, 13 * DAY).await;
        assert!(client.is_signed_in().await, "back after 13 days");
        app.age_session(&client, 14 * DAY).await;
        assert!(!client.is_signed_in().await, "not after 14 days away");

        // A partner's box is not honoured: two hours idle ends it.
        let mut partner = app.client();
        let res = partner.call::<app::auth::api::SignIn>(&[("email", "dana@wales.nhs.uk"), ("password", server::dev::demo::DEMO_PASSWORD), ("remember", "yes")]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(partner.is_signed_in().await);
        app.age_session(&partner, 2 * HOUR).await;
        assert!(!partner.is_signed_in().await, "a partner is never remembered");
    }
}
