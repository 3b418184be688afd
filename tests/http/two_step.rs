//! Two-step verification (TOTP, RFC 6238) for privileged local accounts.

use crate::on_both_backends;
use crate::support::*;
use app::two_step::codes::{code_at, now_seconds};
use axum::http::StatusCode;
use server::dev::demo::{DEMO_PASSWORD, DEMO_TOTP_SECRET};

/// Signs in with the password only; returns where the app sends the browser.
async fn password_step(client: &mut Client, email: &str, password: &str) -> Option<String> {
    let res = client
        .call::<app::auth::api::SignIn>(&[("email", email), ("password", password)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.location()
}

fn code(secret: &str, offset: i64) -> String {
    code_at(secret, now_seconds().saturating_add_signed(offset)).unwrap()
}

/// A code that is not right now (nor a step either side).
fn wrong_code(secret: &str) -> String {
    let near = [code(secret, -30), code(secret, 0), code(secret, 30)];
    ["000000", "111111", "222222", "333333"]
        .into_iter()
        .find(|c| !near.iter().any(|n| n == c))
        .unwrap()
        .to_owned()
}

on_both_backends! {
    async fn a_privileged_account_needs_its_code_after_the_password(app: TestApp) {
        let mut client = app.client();
        // A session exists before signing in (here, a failed partner sign-in
        // keeps the typed email in it); its id must not survive the password.
        client.post_to("/sso/begin", "/partner-sign-in", &[("email", "not an email")]).await;
        let before = client.cookies.clone();
        assert!(!before.is_empty(), "a session before signing in");
        let next = password_step(&mut client, "admin@roundtable.example", DEMO_PASSWORD).await;
        assert_eq!(next.as_deref(), Some("/sign-in/code"));
        assert_ne!(client.cookies, before, "a new session id at the password step");
        assert!(!client.is_signed_in().await, "the password alone signs nobody in");
        assert_eq!(client.call::<app::admin::api::GetInstitutions>( &[]).await.status, StatusCode::UNAUTHORIZED);

        // A wrong code is refused, and says so next to the field.
        let res = client.call::<app::two_step::api::VerifyCode>( &[("code", &wrong_code(DEMO_TOTP_SECRET))]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("That code is not right"), "{}", res.body);
        assert!(!client.is_signed_in().await);

        // The right code signs in.
        let right = code(DEMO_TOTP_SECRET, 0);
        let res = client.call::<app::two_step::api::VerifyCode>( &[("code", &right)]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(client.is_signed_in().await);
        assert_eq!(client.call::<app::admin::api::GetInstitutions>( &[]).await.status, StatusCode::OK);

        // The same code cannot be used again, even straight away.
        let mut again = app.client();
        password_step(&mut again, "admin@roundtable.example", DEMO_PASSWORD).await;
        let res = again.call::<app::two_step::api::VerifyCode>( &[("code", &right)]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "a used code is refused");
        assert!(!again.is_signed_in().await);
    }

    async fn the_code_step_cannot_be_skipped_or_guessed_at_length(app: TestApp) {
        // No password step: nothing to complete.
        let mut stranger = app.client();
        let res = stranger.call::<app::two_step::api::VerifyCode>( &[("code", &code(DEMO_TOTP_SECRET, 0))]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("timed out"), "{}", res.body);
        assert!(!stranger.is_signed_in().await);

        // Five wrong codes, then even the right one is refused for a while.
        let mut client = app.client();
        password_step(&mut client, "policy@roundtable.example", DEMO_PASSWORD).await;
        let right = code(DEMO_TOTP_SECRET, 0);
        for _ in 0..5 {
            let res = client.call::<app::two_step::api::VerifyCode>( &[("code", &wrong_code(DEMO_TOTP_SECRET))]).await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        }
        let res = client.call::<app::two_step::api::VerifyCode>( &[("code", &right)]).await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(!client.is_signed_in().await);
    }

    async fn a_new_privileged_account_sets_up_two_step_verification_at_first_sign_in(app: TestApp) {
        let mut client = app.public_user("Morgan Reed").await;
        client.call::<app::auth::api::SignOut>( &[]).await;
        app.exec("INSERT INTO user_roles (user_id, role, granted_at)
                  SELECT id, 'moderator', 0 FROM users WHERE email = 'morgan.reed@example.org'").await;

        let next = password_step(&mut client, "morgan.reed@example.org", PASSWORD).await;
        assert_eq!(next.as_deref(), Some("/sign-in/two-step"));
        assert!(!client.is_signed_in().await);
        let page = client.get("/sign-in/two-step").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<svg"), "a QR code");
        let enrolment = client.call::<app::two_step::api::GetEnrolment>( &[]).await.json();
        let secret = enrolment["secret"].as_str().unwrap().replace(' ', "");
        assert!(enrolment["uri"].as_str().unwrap().starts_with("otpauth://totp/Roundtable:morgan.reed%40example.org?secret="));
        // Asking again offers the same secret (a reload must not change it).
        let again = client.call::<app::two_step::api::GetEnrolment>( &[]).await.json();
        assert_eq!(again["secret"], enrolment["secret"]);

        let res = client.call::<app::two_step::api::ConfirmEnrolment>( &[("code", &wrong_code(&secret))]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM second_factors f JOIN users u ON u.id = f.user_id WHERE u.email = 'morgan.reed@example.org'").await, 0, "nothing stored yet");

        let res = client.call::<app::two_step::api::ConfirmEnrolment>( &[("code", &code(&secret, 0))]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.location().as_deref(), Some("/account/recovery-codes"));
        assert!(client.is_signed_in().await, "setting up completes the sign-in");

        // The secret is stored sealed, never in clear.
        let sealed: String = app::with_db!(&app.db, pool => sqlx::query_scalar(
            "SELECT secret_sealed FROM second_factors f JOIN users u ON u.id = f.user_id WHERE u.email = 'morgan.reed@example.org'")
            .fetch_one(pool).await).unwrap();
        assert!(sealed.starts_with("v2.") && !sealed.contains(&secret));

        // Ten recovery codes, shown once.
        let codes = client.call::<app::two_step::api::TakeRecoveryCodes>( &[]).await.json();
        let codes: Vec<String> = codes["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
        assert_eq!(codes.len(), 10);
        assert_eq!(client.call::<app::two_step::api::TakeRecoveryCodes>( &[]).await.body.trim(), "null", "shown once");
        let page = client.get("/account/recovery-codes").await;
        assert!(!page.body.contains(&codes[0]));

        // A recovery code stands in for the app, once.
        let mut later = app.client();
        password_step(&mut later, "morgan.reed@example.org", PASSWORD).await;
        let res = later.call::<app::two_step::api::VerifyCode>( &[("code", &codes[3].to_uppercase())]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(later.is_signed_in().await);
        let mut again = app.client();
        password_step(&mut again, "morgan.reed@example.org", PASSWORD).await;
        let res = again.call::<app::two_step::api::VerifyCode>( &[("code", &codes[3])]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "a recovery code is good once");
        // The account page says how many are left.
        let page = later.get("/account").await;
        assert!(page.body.contains("You have 9 unused recovery codes"), "{}", page.body);
    }

    async fn public_accounts_sign_in_with_the_password_alone(app: TestApp) {
        let mut pat = app.client();
        let next = password_step(&mut pat, "pat@example.org", DEMO_PASSWORD).await;
        assert_eq!(next.as_deref(), Some("/"));
        assert!(pat.is_signed_in().await);
        let page = pat.get("/account").await;
        assert!(page.body.contains("Set up two-step verification"), "offered, not required");
    }
}
