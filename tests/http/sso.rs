use crate::on_both_backends;
use crate::providers::*;
use crate::support::*;
use axum::http::StatusCode;

/// Points the demo's two providers at the running test issuers.
async fn use_providers(app: &TestApp, providers: &Providers) {
    for (slug, client_id, secret_env, secret) in [
        (
            "nhs-wales",
            "roundtable-nhs-wales",
            "ROUNDTABLE_SSO_SECRET_NHS_WALES",
            "secret-nhs-wales",
        ),
        (
            "bt",
            "roundtable-bt",
            "ROUNDTABLE_SSO_SECRET_BT",
            "secret-bt",
        ),
    ] {
        // Tests run in parallel, each with its own issuers: each names its
        // own variables, bound to its own issuer.
        let variable = format!("{secret_env}_T{}", unique_number());
        let issuer = &providers.issuers[slug];
        app.exec(&format!(
            "UPDATE identity_providers SET issuer = '{issuer}', client_secret_env = '{variable}', internal = TRUE
             WHERE client_id = '{client_id}'"
        ))
        .await;
        std::env::set_var(&variable, secret);
        std::env::set_var(format!("{variable}_ISSUER"), issuer);
    }
}

async fn provider_id(app: &TestApp, client_id: &str) -> i64 {
    app.scalar(&format!(
        "SELECT id FROM identity_providers WHERE client_id = '{client_id}'"
    ))
    .await
}

/// Starts a partner sign-in at the app; returns the provider's authorization URL.
async fn start(app: &TestApp, client: &mut Client, client_id: &str, next: &str) -> String {
    let id = provider_id(app, client_id).await;
    let res = client.get(&format!("/sso/start/{id}?next={next}")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.location().expect("off to the provider")
}

/// The whole round trip; returns the app's answer to the callback.
async fn sign_in(app: &TestApp, client: &mut Client, client_id: &str, email: &str) -> Response {
    sign_in_with(
        app,
        client,
        &mut ProviderBrowser::default(),
        client_id,
        email,
    )
    .await
}

async fn sign_in_with(
    app: &TestApp,
    client: &mut Client,
    browser: &mut ProviderBrowser,
    client_id: &str,
    email: &str,
) -> Response {
    let authorize = start(app, client, client_id, "/items/1").await;
    let callback = browser
        .sign_in(&authorize, email, PROVIDER_PASSWORD)
        .await
        .expect("back to the app");
    client
        .get(
            callback
                .strip_prefix("http://localhost")
                .expect("our callback"),
        )
        .await
}

fn failure_of(res: &Response) -> Option<String> {
    res.location()
        .and_then(|l| l.split("error=").nth(1).map(str::to_owned))
}

async fn signed_in(client: &mut Client) -> bool {
    client.get("/").await.body.contains("Sign out")
}

on_both_backends! {
    async fn partner_member_signs_in_and_the_account_is_created_once(app: TestApp) {
        let providers = Providers::start();
        use_providers(&app, &providers).await;
        let users = app.scalar("SELECT COUNT(*) FROM users").await;
        let mut client = app.client();
        let res = sign_in(&app, &mut client, "roundtable-nhs-wales", "rhys@wales.nhs.uk").await;
        assert_eq!(res.location().as_deref(), Some("/items/1"), "back where they started: {:?}", failure_of(&res));
        let page = client.get("/").await;
        assert!(page.body.contains("Rhys Morgan") && page.body.contains("NHS Wales"), "signed in as a partner");
        assert_eq!(app.scalar("SELECT COUNT(*) FROM users").await, users + 1, "account created just in time");
        assert_eq!(app.scalar("SELECT COUNT(*) FROM users WHERE email = 'rhys@wales.nhs.uk' AND password_hash IS NULL").await, 1);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM external_identities WHERE subject = 'nhs-wales-user-rhys'").await, 1);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'rhys@wales.nhs.uk' AND m.role = 'member'").await, 1);
        // Partner-only content is now visible.
        let partner = app.scalar("SELECT id FROM threads WHERE visibility = 'partners'").await;
        let item = app.scalar(&format!("SELECT item_id FROM threads WHERE id = {partner}")).await;
        assert_eq!(client.get(&format!("/items/{item}/threads/{partner}")).await.status, StatusCode::OK);
        // A second sign-in reuses the account.
        let mut again = app.client();
        sign_in(&app, &mut again, "roundtable-nhs-wales", "rhys@wales.nhs.uk").await;
        assert!(signed_in(&mut again).await);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM users").await, users + 1);
    }

    async fn partner_lead_role_comes_from_the_claim_at_every_sign_in(app: TestApp) {
        let providers = Providers::start();
        use_providers(&app, &providers).await;
        let mut lee = app.client();
        sign_in(&app, &mut lee, "roundtable-bt", "lee@bt.com").await;
        assert!(signed_in(&mut lee).await);
        let role = "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id JOIN institutions i ON i.id = m.institution_id
                    WHERE u.email = 'lee@bt.com' AND i.slug = 'bt' AND m.role = 'lead'";
        assert_eq!(app.scalar(role).await, 1, "lead from the groups claim");
        // The institution stops granting the lead group: at the next sign-in Lee is a member.
        app.exec("UPDATE identity_providers SET lead_value = 'some-other-group' WHERE client_id = 'roundtable-bt'").await;
        let mut later = app.client();
        sign_in(&app, &mut later, "roundtable-bt", "lee@bt.com").await;
        assert_eq!(app.scalar(role).await, 0, "lead rights gone");
    }

    async fn refused_sign_ins_create_no_account_and_no_session(app: TestApp) {
        let providers = Providers::start();
        use_providers(&app, &providers).await;
        let users = app.scalar("SELECT COUNT(*) FROM users").await;
        let identities = app.scalar("SELECT COUNT(*) FROM external_identities").await;
        let other_issuer = providers.issuers["bt"].clone();

        // Each case: how to spoil a genuine callback, and the failure expected.
        type Spoil = Box<dyn Fn(String) -> String>;
        let cases: Vec<(&str, Spoil, &str)> = vec![
            ("tampered state", Box::new(|c: String| c.replacen("state=", "state=x", 1)), "rejected"),
            ("missing state", Box::new(|c: String| {
                let (base, query) = c.split_once('?').unwrap();
                let kept: Vec<&str> = query.split('&').filter(|p| !p.starts_with("state=")).collect();
                format!("{base}?{}", kept.join("&"))
            }), "rejected"),
            ("ID token from the other issuer (mix-up)", Box::new(move |c: String| {
                let (base, query) = c.split_once('?').unwrap();
                let kept: Vec<String> = query.split('&').map(|p| if p.starts_with("iss=") { format!("iss={}", other_issuer.replace(':', "%3A").replace('/', "%2F")) } else { p.to_owned() }).collect();
                format!("{base}?{}", kept.join("&"))
            }), "rejected"),
        ];
        for (what, spoil, expected) in cases {
            let mut client = app.client();
            let authorize = start(&app, &mut client, "roundtable-nhs-wales", "/").await;
            let callback = ProviderBrowser::default().sign_in(&authorize, "rhys@wales.nhs.uk", PROVIDER_PASSWORD).await.unwrap();
            let spoiled = spoil(callback);
            let res = client.get(spoiled.strip_prefix("http://localhost").unwrap()).await;
            assert_eq!(failure_of(&res).as_deref(), Some(expected), "{what}");
            assert!(!signed_in(&mut client).await, "{what}: no session");
        }

        // A state is good once: replaying the callback is refused, and so is a
        // spent code under a fresh state.
        let mut client = app.client();
        let authorize = start(&app, &mut client, "roundtable-nhs-wales", "/").await;
        let callback = ProviderBrowser::default().sign_in(&authorize, "sam@bt.com", PROVIDER_PASSWORD).await;
        assert!(callback.is_none(), "sam is not an NHS Wales user");
        let authorize = start(&app, &mut client, "roundtable-nhs-wales", "/").await;
        let callback = ProviderBrowser::default().sign_in(&authorize, "mallory@example.com", PROVIDER_PASSWORD).await.unwrap();
        let path = callback.strip_prefix("http://localhost").unwrap().to_owned();
        let res = client.get(&path).await;
        assert_eq!(failure_of(&res).as_deref(), Some("domain-not-allowed"), "email outside the institution's domains");
        let res = client.get(&path).await;
        assert_eq!(failure_of(&res).as_deref(), Some("rejected"), "state reused");
        let fresh = start(&app, &mut client, "roundtable-nhs-wales", "/").await;
        let fresh_state = fresh.split("state=").nth(1).unwrap().split('&').next().unwrap().to_owned();
        let code = path.split("code=").nth(1).unwrap().split('&').next().unwrap().to_owned();
        let res = client.get(&format!("/sso/callback?code={code}&state={fresh_state}")).await;
        assert_eq!(failure_of(&res).as_deref(), Some("rejected"), "code replayed");
        assert!(!signed_in(&mut client).await);

        // A local account with the same email is not taken over.
        let mut dana = app.client();
        let res = sign_in(&app, &mut dana, "roundtable-nhs-wales", "dana@wales.nhs.uk").await;
        assert_eq!(failure_of(&res).as_deref(), Some("account-exists"));
        assert!(!signed_in(&mut dana).await);

        // A disabled provider cannot be used, nor one that does not answer.
        app.exec("UPDATE identity_providers SET enabled = FALSE WHERE client_id = 'roundtable-bt'").await;
        let bt = provider_id(&app, "roundtable-bt").await;
        let res = app.client().get(&format!("/sso/start/{bt}")).await;
        assert_eq!(failure_of(&res).as_deref(), Some("provider-unavailable"));
        app.exec("UPDATE identity_providers SET enabled = TRUE, issuer = 'http://127.0.0.1:9' WHERE client_id = 'roundtable-bt'").await;
        let variable: String = app::with_db!(&app.db, pool => sqlx::query_scalar(
            "SELECT client_secret_env FROM identity_providers WHERE client_id = 'roundtable-bt'").fetch_one(pool).await).unwrap();
        // The secret is not released to another issuer than its own...
        let res = app.client().get(&format!("/sso/start/{bt}")).await;
        assert_eq!(failure_of(&res).as_deref(), Some("provider-unavailable"), "secret bound to its issuer");
        // ...and when it is, the provider there does not answer.
        std::env::set_var(format!("{variable}_ISSUER"), "http://127.0.0.1:9");
        let res = app.client().get(&format!("/sso/start/{bt}")).await;
        assert_eq!(failure_of(&res).as_deref(), Some("provider-error"), "provider unreachable");

        assert_eq!(app.scalar("SELECT COUNT(*) FROM users").await, users, "no account created");
        assert_eq!(app.scalar("SELECT COUNT(*) FROM external_identities").await, identities);
    }

    async fn a_privileged_account_passes_its_second_step_after_its_institutions_sign_in(app: TestApp) {
        let providers = Providers::start();
        use_providers(&app, &providers).await;
        let mut before = app.client();
        sign_in(&app, &mut before, "roundtable-nhs-wales", "rhys@wales.nhs.uk").await;
        assert!(before.is_signed_in().await);
        // Made a policy maker while signed in: the role waits for a sign-in
        // with a second step, on every way in.
        app.exec("INSERT INTO user_roles (user_id, role, granted_at) SELECT id, 'policy_maker', 0 FROM users WHERE email = 'rhys@wales.nhs.uk'").await;
        assert_eq!(before.get("/dashboard").await.status, StatusCode::FORBIDDEN);
        assert_eq!(before.get("/dashboard/export/themes.csv").await.status, StatusCode::FORBIDDEN);

        let mut client = app.client();
        let mut browser = ProviderBrowser::default();
        let res = sign_in_with(&app, &mut client, &mut browser, "roundtable-nhs-wales", "rhys@wales.nhs.uk").await;
        assert_eq!(res.location().as_deref(), Some("/sign-in/two-step"), "{:?}", failure_of(&res));
        assert!(!client.is_signed_in().await, "the institution's sign-in alone is not enough");
        let enrolment = client.call::<app::two_step::api::GetEnrolment>(&[]).await.json();
        let secret = enrolment["secret"].as_str().expect("a secret to set up").replace(' ', "");
        let code = app::two_step::codes::code_at(&secret, app::two_step::codes::now_seconds()).unwrap();
        let res = client.call::<app::two_step::api::ConfirmEnrolment>(&[("code", &code)]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(client.is_signed_in().await);
        assert_eq!(client.get("/dashboard").await.status, StatusCode::OK, "the role counts now");
        // Still an institution's sign-in: signing out ends it there too.
        let res = client.call::<app::auth::api::SignOut>(&[]).await;
        assert!(res.location().unwrap_or_default().starts_with(&providers.issuers["nhs-wales"]), "{:?}", res.location());
    }

    async fn a_membership_from_an_institutions_sign_in_counts_only_in_its_sessions(app: TestApp) {
        let providers = Providers::start();
        use_providers(&app, &providers).await;
        let wales = provider_id(&app, "roundtable-nhs-wales").await.to_string();
        let memberships = |me: serde_json::Value| me["memberships"].as_array().map(Vec::len).unwrap_or_default();
        // A local account at a partner's address links that partner's sign-in.
        let mut rhys = app.client();
        let res = rhys.call::<app::auth::api::SignUp>(&[("display_name", "Rhys Morgan"), ("email", "rhys@wales.nhs.uk"), ("password", PASSWORD)]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let res = rhys.post_to("/sso/link", "/account", &[("provider", &wales), ("password", PASSWORD)]).await;
        assert!(res.location().is_some(), "{:?} {}", res.status, res.body);
        let callback = ProviderBrowser::default().sign_in(&res.location().unwrap(), "rhys@wales.nhs.uk", PROVIDER_PASSWORD).await.unwrap();
        let res = rhys.get(callback.strip_prefix("http://localhost").unwrap()).await;
        assert_eq!(res.location().as_deref(), Some("/account?linked=1"));
        // The password session that linked it does not carry the membership,
        // nor does any later password sign-in.
        assert_eq!(memberships(rhys.call::<app::auth::api::GetMe>(&[]).await.json()), 0);
        let mut by_password = app.client();
        by_password.call::<app::auth::api::SignIn>(&[("email", "rhys@wales.nhs.uk"), ("password", PASSWORD)]).await;
        assert!(by_password.is_signed_in().await);
        assert_eq!(memberships(by_password.call::<app::auth::api::GetMe>(&[]).await.json()), 0);
        // The institution's own sign-in does.
        let mut by_institution = app.client();
        sign_in(&app, &mut by_institution, "roundtable-nhs-wales", "rhys@wales.nhs.uk").await;
        assert_eq!(memberships(by_institution.call::<app::auth::api::GetMe>(&[]).await.json()), 1);
        // Until an administrator turns that sign-in off.
        app.exec("UPDATE identity_providers SET enabled = FALSE WHERE client_id = 'roundtable-nhs-wales'").await;
        assert!(by_institution.is_signed_in().await);
        assert_eq!(memberships(by_institution.call::<app::auth::api::GetMe>(&[]).await.json()), 0);
        // A membership an administrator granted counts everywhere.
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        assert_eq!(memberships(dana.call::<app::auth::api::GetMe>(&[]).await.json()), 1);
    }

    async fn signing_out_ends_the_session_at_the_provider_too(app: TestApp) {
        let providers = Providers::start();
        use_providers(&app, &providers).await;
        let mut client = app.client();
        let mut browser = ProviderBrowser::default();
        sign_in_with(&app, &mut client, &mut browser, "roundtable-bt", "lee@bt.com").await;
        assert!(signed_in(&mut client).await);
        let res = client.call::<app::auth::api::SignOut>( &[]).await;
        let end_session = res.location().expect("off to the provider");
        assert!(end_session.starts_with(&format!("{}/session/end?", providers.issuers["bt"])), "{end_session}");
        assert!(end_session.contains("id_token_hint=") && end_session.contains("post_logout_redirect_uri=http%3A%2F%2Flocalhost%2F"));
        assert!(!signed_in(&mut client).await, "signed out of Roundtable at once");
        let back = browser.sign_out(&end_session).await.expect("the provider sends the browser back");
        assert!(back.starts_with("http://localhost/"), "{back}");
        // A password sign-out stays on Roundtable.
        let mut pat = app.demo_user("pat@example.org").await;
        assert_eq!(pat.call::<app::auth::api::SignOut>( &[]).await.location().as_deref(), Some("/"));
    }

    async fn id_tokens_issued_in_the_future_or_expired_are_refused(app: TestApp) {
        let users = app.scalar("SELECT COUNT(*) FROM users").await;
        // Five minutes ahead: beyond the one-minute leeway. Two hours behind:
        // the token's hour of validity ran out an hour ago.
        for (skew, what) in [("300", "issued in the future"), ("-7200", "expired")] {
            let providers = Providers::start_with(&[("OIDC_CLOCK_SKEW_SECONDS", skew)]);
            use_providers(&app, &providers).await;
            let mut client = app.client();
            let res = sign_in(&app, &mut client, "roundtable-nhs-wales", "rhys@wales.nhs.uk").await;
            assert_eq!(failure_of(&res).as_deref(), Some("rejected"), "{what}");
            assert!(!signed_in(&mut client).await, "{what}");
        }
        assert_eq!(app.scalar("SELECT COUNT(*) FROM users").await, users);
    }

    async fn work_email_picks_the_institution(app: TestApp) {
        let providers = Providers::start();
        use_providers(&app, &providers).await;
        let mut client = app.client();
        let res = client.post_to("/sso/begin", "/partner-sign-in", &[("email", "Rhys@Wales.NHS.uk"), ("next", "/items/2")]).await;
        let location = res.location().unwrap_or_default();
        assert!(location.starts_with(&providers.issuers["nhs-wales"]), "{location}");
        let res = client.post_to("/sso/begin", "/partner-sign-in", &[("email", "someone@unknown.example")]).await;
        assert_eq!(failure_of(&res).as_deref(), Some("unknown-domain"));
        let page = client.follow(&res).await;
        assert!(page.body.contains("No partner institution signs in with that email domain"));
        assert!(page.body.contains("value=\"someone@unknown.example\""), "email kept");
        assert!(page.body.contains("NHS Wales staff sign-in") && page.body.contains("BT colleague sign-in"), "institutions listed");

        // Two providers for one domain: the person chooses.
        let wales = app.scalar("SELECT id FROM institutions WHERE slug = 'nhs-wales'").await;
        app.exec(&format!(
            "INSERT INTO identity_providers (institution_id, label, issuer, client_id, client_secret_env, lead_claim, enabled, created_at)
             VALUES ({wales}, 'NHS Wales contractors', '{}', 'roundtable-nhs-wales', 'ROUNDTABLE_SSO_SECRET_NHS_WALES', 'groups', TRUE, 0)",
            providers.issuers["nhs-wales"]
        ))
        .await;
        let res = client.post_to("/sso/begin", "/partner-sign-in", &[("email", "rhys@wales.nhs.uk")]).await;
        assert_eq!(res.location().as_deref(), Some("/partner-sign-in?domain=wales.nhs.uk"));
        let page = client.follow(&res).await;
        let choose = page.body.find("Choose how to sign in").expect("a choice");
        let listed = &page.body[choose..page.body.find("Work email address").unwrap()];
        assert!(listed.contains("NHS Wales staff sign-in") && listed.contains("NHS Wales contractors"), "{listed}");
        assert!(!listed.contains("BT colleague sign-in"), "only the domain's providers");
    }

    async fn an_id_token_for_another_nonce_is_refused(app: TestApp) {
        let providers = Providers::start();
        use_providers(&app, &providers).await;
        let users = app.scalar("SELECT COUNT(*) FROM users").await;
        let mut client = app.client();
        let authorize = start(&app, &mut client, "roundtable-nhs-wales", "/").await;
        let nonce = authorize.split("nonce=").nth(1).unwrap().split('&').next().unwrap().to_owned();
        // The provider is asked for a token bound to another nonce (as an
        // attacker injecting a token from their own sign-in would have).
        let forged = authorize.replace(&format!("nonce={nonce}"), "nonce=attacker-chosen-nonce");
        let callback = ProviderBrowser::default().sign_in(&forged, "rhys@wales.nhs.uk", PROVIDER_PASSWORD).await.unwrap();
        let res = client.get(callback.strip_prefix("http://localhost").unwrap()).await;
        assert_eq!(failure_of(&res).as_deref(), Some("rejected"));
        assert!(!signed_in(&mut client).await);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM users").await, users);
    }

    async fn a_single_sign_on_session_ends_at_its_maximum_age(app: TestApp) {
        let providers = Providers::start();
        // A maximum age of zero hours: the session is over as soon as it starts.
        let short = TestApp::with_config(app.backend, |c| c.sso_max_age_hours = 0).await.unwrap();
        use_providers(&short, &providers).await;
        let mut client = short.client();
        let res = sign_in(&short, &mut client, "roundtable-nhs-wales", "rhys@wales.nhs.uk").await;
        assert_eq!(res.location().as_deref(), Some("/items/1"), "{:?}", failure_of(&res));
        assert!(!client.is_signed_in().await, "expired");
        // With the default (eight hours) the same sign-in lasts.
        use_providers(&app, &providers).await;
        let mut client = app.client();
        sign_in(&app, &mut client, "roundtable-nhs-wales", "rhys@wales.nhs.uk").await;
        assert!(client.is_signed_in().await);
    }

    async fn a_local_account_links_its_institution_sign_in_with_both_sign_ins(app: TestApp) {
        let providers = Providers::start();
        use_providers(&app, &providers).await;
        let wales = provider_id(&app, "roundtable-nhs-wales").await.to_string();
        let back = |url: String| url.strip_prefix("http://localhost").unwrap().to_owned();

        // Not signed in: nothing to link to.
        let res = app.client().post_to("/sso/link", "/account", &[("provider", &wales), ("password", "x")]).await;
        assert_eq!(res.location().as_deref(), Some("/sign-in?next=/account"));

        // The account's own password first.
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let res = dana.post_to("/sso/link", "/account", &[("provider", &wales), ("password", "not my password")]).await;
        assert_eq!(res.location().as_deref(), Some("/account?link=wrong-password"));
        let page = dana.follow(&res).await;
        assert!(page.body.contains("Your password is not right"));

        // Then the institution's sign-in.
        let res = dana.post_to("/sso/link", "/account", &[("provider", &wales), ("password", server::dev::demo::DEMO_PASSWORD)]).await;
        let authorize = res.location().unwrap();
        assert!(authorize.starts_with(&providers.issuers["nhs-wales"]), "{authorize}");
        let callback = ProviderBrowser::default().sign_in(&authorize, "dana@wales.nhs.uk", PROVIDER_PASSWORD).await.unwrap();
        let res = dana.get(&back(callback)).await;
        assert_eq!(res.location().as_deref(), Some("/account?linked=1"), "{:?}", res.location());
        let page = dana.get("/account").await;
        assert!(page.body.contains("NHS Wales – NHS Wales staff sign-in"), "linked identity listed");

        // From now on that sign-in opens Dana's own account.
        let users = app.scalar("SELECT COUNT(*) FROM users").await;
        let mut elsewhere = app.client();
        let res = sign_in(&app, &mut elsewhere, "roundtable-nhs-wales", "dana@wales.nhs.uk").await;
        assert_eq!(res.location().as_deref(), Some("/items/1"), "{:?}", failure_of(&res));
        assert_eq!(elsewhere.call::<app::auth::api::GetMe>( &[]).await.json()["display_name"], "Dana Evans");
        assert_eq!(app.scalar("SELECT COUNT(*) FROM users").await, users, "no new account");

        // Privileged accounts keep to their password and second factor.
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let res = priya.post_to("/sso/link", "/account", &[("provider", &wales), ("password", server::dev::demo::DEMO_PASSWORD)]).await;
        assert_eq!(res.location().as_deref(), Some("/account?link=privileged-account"));

        // Nobody else can link the same identity.
        let mut pat = app.demo_user("pat@example.org").await;
        let res = pat.post_to("/sso/link", "/account", &[("provider", &wales), ("password", server::dev::demo::DEMO_PASSWORD)]).await;
        let callback = ProviderBrowser::default().sign_in(&res.location().unwrap(), "dana@wales.nhs.uk", PROVIDER_PASSWORD).await.unwrap();
        let res = pat.get(&back(callback)).await;
        assert_eq!(res.location().as_deref(), Some("/account?link=identity-in-use"));
        assert_eq!(app.scalar("SELECT COUNT(*) FROM external_identities e JOIN users u ON u.id = e.user_id WHERE u.email = 'pat@example.org'").await, 0);
    }
}
