//! Administration of partner institutions and their identity providers.

use crate::on_both_backends;
use crate::providers::*;
use crate::support::*;
use axum::http::StatusCode;
use leptos::server_fn::ServerFn;

async fn admin(app: &TestApp) -> Client {
    app.demo_user("admin@roundtable.example").await
}

fn new_provider_fields<'a>(institution: &'a str, issuer: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("institution_id", institution),
        ("label", "BT staff (managed in the app)"),
        ("issuer", issuer),
        ("client_id", "roundtable-bt"),
        ("secret_source", "stored"),
        ("client_secret", "secret-bt"),
        ("lead_claim", "partner_role"),
        ("lead_value", "lead"),
        ("enabled", "on"),
        // The tests' providers run on this machine.
        ("internal", "on"),
    ]
}

on_both_backends! {
    async fn only_administrators_reach_the_administration(app: TestApp) {
        let bt = app.scalar("SELECT id FROM institutions WHERE slug = 'bt'").await.to_string();
        let provider = app.scalar("SELECT MIN(id) FROM identity_providers").await.to_string();
        let mut callers = [
            ("anonymous", app.client(), StatusCode::UNAUTHORIZED),
            ("public", app.public_user("Jo Bloggs").await, StatusCode::FORBIDDEN),
            ("partner lead", app.demo_user("dana@wales.nhs.uk").await, StatusCode::FORBIDDEN),
            ("policy maker", app.demo_user("policy@roundtable.example").await, StatusCode::FORBIDDEN),
        ];
        let institutions = app.scalar("SELECT COUNT(*) FROM institutions").await;
        for (who, client, expected) in callers.iter_mut() {
            for (endpoint, fields) in [
                (<app::admin::api::GetInstitutions as ServerFn>::PATH, vec![]),
                (<app::admin::api::GetInstitution as ServerFn>::PATH, vec![("id", bt.as_str())]),
                (<app::admin::api::GetProvider as ServerFn>::PATH, vec![("id", provider.as_str()), ("check", "false")]),
                (<app::admin::api::CreateInstitution as ServerFn>::PATH, vec![("name", "Sneaky Ltd"), ("kind", "industry"), ("domains", "sneaky.example")]),
                (<app::admin::api::UpdateInstitution as ServerFn>::PATH, vec![("id", bt.as_str()), ("name", "Sneaky"), ("kind", "industry"), ("domains", "sneaky.example")]),
                (<app::admin::api::SaveProvider as ServerFn>::PATH, {
                    let mut f = new_provider_fields(&bt, "https://evil.example");
                    f.push(("id", provider.as_str()));
                    f
                }),
            ] {
                let res = client.call_path(endpoint, &fields).await;
                assert_eq!(res.status, *expected, "{who} calling {endpoint}: {}", res.body);
            }
            let page = client.get("/admin/institutions").await;
            assert_eq!(page.status, *expected, "{who} opening the page");
            assert!(!page.body.contains("wales.nhs.uk"), "{who} sees no domains");
        }
        assert_eq!(app.scalar("SELECT COUNT(*) FROM institutions").await, institutions);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM identity_providers WHERE issuer LIKE '%evil%'").await, 0);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM institutions WHERE name LIKE 'Sneaky%'").await, 0);
    }

    async fn an_administrator_adds_an_institution_and_bad_input_is_explained(app: TestApp) {
        let mut admin = admin(&app).await;
        let page = admin.get("/admin/institutions").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("NHS Wales") && page.body.contains("wales.nhs.uk"));

        // JavaScript off: the errors come back beside the fields, with the text kept.
        let before = app.scalar("SELECT COUNT(*) FROM institutions").await;
        let res = admin.post_form::<app::admin::api::CreateInstitution>("/admin/institutions",
            &[("name", "University of <Cardiff>"), ("kind", ""), ("domains", "cardiff.ac.uk\nnot a domain")]).await;
        let page = admin.follow(&res).await;
        assert!(page.body.contains("Choose what kind of institution it is."), "{}", page.body);
        assert!(page.body.contains("is not an email domain"));
        assert!(page.body.contains("value=\"University of &lt;Cardiff&gt;\""), "name kept, escaped");
        assert!(page.body.contains("cardiff.ac.uk\nnot a domain"), "domains kept");
        assert_eq!(app.scalar("SELECT COUNT(*) FROM institutions").await, before, "nothing stored");

        let res = admin.call::<app::admin::api::CreateInstitution>(
            &[("name", "Cardiff University"), ("kind", "university"), ("domains", "Cardiff.ac.uk, @cf.ac.uk")]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let id = app.scalar("SELECT id FROM institutions WHERE slug = 'cardiff-university'").await;
        assert_eq!(res.location(), Some(format!("/admin/institutions/{id}")));
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM institution_domains WHERE institution_id = {id} AND domain IN ('cardiff.ac.uk', 'cf.ac.uk')")).await, 2);
        let res = admin.call::<app::admin::api::CreateInstitution>( &[("name", "Cardiff University"), ("kind", "university"), ("domains", "")]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("already an institution with this name"));

        // Domains are replaced as a whole.
        let res = admin.call::<app::admin::api::UpdateInstitution>(
            &[("id", &id.to_string()), ("name", "Cardiff University"), ("kind", "university"), ("domains", "cardiff.ac.uk")]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM institution_domains WHERE institution_id = {id}")).await, 1);
        let res = admin.call::<app::admin::api::UpdateInstitution>(
            &[("id", "999999"), ("name", "Nobody"), ("kind", "university"), ("domains", "")]).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }

    async fn a_provider_added_in_the_app_signs_partners_in_with_its_sealed_secret(app: TestApp) {
        let providers = Providers::start();
        let issuer = providers.issuers["bt"].clone();
        let bt = app.scalar("SELECT id FROM institutions WHERE slug = 'bt'").await.to_string();
        let mut admin = admin(&app).await;

        // A bad issuer and a missing secret are explained; nothing is stored.
        let mut bad = new_provider_fields(&bt, "http://login.example.org");
        bad.retain(|(k, _)| *k != "client_secret");
        let res = admin.call::<app::admin::api::SaveProvider>( &bad).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("must be an https address") && res.body.contains("Enter the client secret"), "{}", res.body);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM identity_providers WHERE label LIKE '%managed in the app%'").await, 0);

        let res = admin.call::<app::admin::api::SaveProvider>( &new_provider_fields(&bt, &issuer)).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let id = app.scalar("SELECT id FROM identity_providers WHERE label = 'BT staff (managed in the app)'").await;
        assert_eq!(res.location(), Some(format!("/admin/providers/{id}?saved=1")));

        // The change is in the audit log, without the secret.
        let logged: String = app::with_db!(&app.db, pool => sqlx::query_scalar(
            &format!("SELECT detail FROM audit_log WHERE subject = 'identity-provider:{id}' AND action = 'identity_provider.add'")).fetch_one(pool).await).unwrap();
        assert!(logged.contains("new secret stored") && !logged.contains("secret-bt"), "{logged}");

        // The secret is sealed in the database and never shown again.
        let sealed: String = app::with_db!(&app.db, pool => sqlx::query_scalar(
            &format!("SELECT client_secret_sealed FROM identity_providers WHERE id = {id}")).fetch_one(pool).await).unwrap();
        assert!(sealed.starts_with("v2.") && !sealed.contains("secret-bt"));
        let page = admin.get(&format!("/admin/providers/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("secret-bt"), "the secret is not in the page");
        assert!(page.body.contains("http://localhost/sso/callback"), "the redirect URI to register");

        // The check reads the real provider's discovery document.
        let page = admin.get(&format!("/admin/providers/{id}?check=1")).await;
        assert!(page.body.contains("Sign-in through this provider can work"), "{}", page.body);
        assert!(page.body.contains("PKCE with S256 is supported"));
        assert!(page.body.contains("end_session_endpoint"));

        // Only this provider for BT, so the work email leads to it; Lee becomes
        // a lead through the single-string partner_role claim.
        app.exec(&format!("UPDATE identity_providers SET enabled = FALSE WHERE id <> {id}")).await;
        let mut lee = app.client();
        let res = lee.post_to("/sso/begin", "/partner-sign-in", &[("email", "lee@bt.com")]).await;
        let authorize = res.location().unwrap_or_default();
        assert!(authorize.starts_with(&issuer), "{authorize}");
        let callback = ProviderBrowser::default().sign_in(&authorize, "lee@bt.com", PROVIDER_PASSWORD).await.unwrap();
        let res = lee.get(callback.strip_prefix("http://localhost").unwrap()).await;
        assert_eq!(res.location().as_deref(), Some("/"), "signed in: {:?}", res.location());
        assert!(lee.is_signed_in().await);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
                               WHERE u.email = 'lee@bt.com' AND m.role = 'lead'").await, 1);

        // Only client-secret variables can be named: not the server's key or database.
        let mut env = new_provider_fields(&bt, &issuer);
        env.retain(|(k, _)| *k != "secret_source" && *k != "client_secret");
        env.extend([("secret_source", "environment"), ("secret_variable", "ROUNDTABLE_SECRET_KEY")]);
        let res = admin.call::<app::admin::api::SaveProvider>( &env).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("starting ROUNDTABLE_SSO_SECRET_"), "{}", res.body);
        // A stored secret is not sent to a new issuer without being typed again.
        let mut moved = new_provider_fields(&bt, "https://login.elsewhere.example");
        moved.retain(|(k, _)| *k != "client_secret");
        let id_text = id.to_string();
        moved.push(("id", &id_text));
        let res = admin.call::<app::admin::api::SaveProvider>( &moved).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("The issuer changed"), "{}", res.body);

        // Editing without typing a secret keeps it; a wrong secret stops sign-in.
        let mut keep = new_provider_fields(&bt, &issuer);
        keep.retain(|(k, _)| *k != "client_secret");
        keep.push(("id", &id_text));
        let res = admin.call::<app::admin::api::SaveProvider>( &keep).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let kept: String = app::with_db!(&app.db, pool => sqlx::query_scalar(
            &format!("SELECT client_secret_sealed FROM identity_providers WHERE id = {id}")).fetch_one(pool).await).unwrap();
        assert_eq!(kept, sealed);
        let mut wrong = keep.clone();
        wrong.push(("client_secret", "not-the-secret"));
        assert_eq!(admin.call::<app::admin::api::SaveProvider>( &wrong).await.status, StatusCode::OK);
        let mut sam = app.client();
        let res = sam.post_to("/sso/begin", "/partner-sign-in", &[("email", "sam@bt.com")]).await;
        let callback = ProviderBrowser::default().sign_in(&res.location().unwrap(), "sam@bt.com", PROVIDER_PASSWORD).await.unwrap();
        let res = sam.get(callback.strip_prefix("http://localhost").unwrap()).await;
        assert_eq!(res.location().as_deref(), Some("/partner-sign-in?error=provider-error"), "the provider refuses the wrong secret");
        assert!(!sam.is_signed_in().await);

        // Switched off in the app: the provider is no longer offered or usable.
        let mut off = keep.clone();
        off.retain(|(k, _)| *k != "enabled");
        assert_eq!(admin.call::<app::admin::api::SaveProvider>( &off).await.status, StatusCode::OK);
        let res = app.client().get(&format!("/sso/start/{id}")).await;
        assert_eq!(res.location().as_deref(), Some("/partner-sign-in?error=provider-unavailable"));
    }

    async fn a_provider_is_reached_at_public_addresses_unless_marked_internal(app: TestApp) {
        let providers = Providers::start();
        let issuer = providers.issuers["bt"].clone();
        let bt = app.scalar("SELECT id FROM institutions WHERE slug = 'bt'").await.to_string();
        let mut admin = admin(&app).await;
        let mut public = new_provider_fields(&bt, &issuer);
        public.retain(|(k, _)| *k != "internal");
        let res = admin.call::<app::admin::api::SaveProvider>(&public).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let id = app.scalar("SELECT id FROM identity_providers WHERE label = 'BT staff (managed in the app)'").await;
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM identity_providers WHERE id = {id} AND internal")).await, 0);

        // Its issuer is on this machine: neither the check nor a sign-in
        // reaches it.
        let page = admin.get(&format!("/admin/providers/{id}?check=1")).await;
        assert!(page.body.contains("Sign-in through this provider cannot work yet"), "{}", page.body);
        assert!(page.body.contains("is not a public address"), "{}", page.body);
        let res = app.client().get(&format!("/sso/start/{id}")).await;
        assert!(res.location().unwrap_or_default().starts_with("/partner-sign-in?error="), "{:?}", res.location());

        // Marked internal by an administrator (and audited), it is reached.
        let id_text = id.to_string();
        let mut internal = new_provider_fields(&bt, &issuer);
        internal.retain(|(k, _)| *k != "client_secret");
        internal.push(("id", &id_text));
        let res = admin.call::<app::admin::api::SaveProvider>(&internal).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let page = admin.get(&format!("/admin/providers/{id}?check=1")).await;
        assert!(page.body.contains("Sign-in through this provider can work"), "{}", page.body);
        let res = app.client().get(&format!("/sso/start/{id}")).await;
        assert!(res.location().unwrap_or_default().starts_with(&issuer), "{:?}", res.location());
        let logged = app.scalar(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE subject = 'identity-provider:{id}' AND detail LIKE '%\"internal\":true%'")).await;
        assert_eq!(logged, 1);
    }

    async fn a_secret_from_the_environment_goes_only_to_the_issuer_it_names(app: TestApp) {
        let providers = Providers::start();
        let issuer = providers.issuers["bt"].clone();
        let bt = app.scalar("SELECT id FROM institutions WHERE slug = 'bt'").await.to_string();
        let mut admin = admin(&app).await;
        // Each run its own variable: tests run in parallel.
        let variable = format!("ROUNDTABLE_SSO_SECRET_BOUND_{}", unique_number());
        std::env::set_var(&variable, "secret-bt");
        let mut fields = new_provider_fields(&bt, &issuer);
        fields.retain(|(k, _)| *k != "secret_source" && *k != "client_secret");
        fields.extend([("secret_source", "environment"), ("secret_variable", variable.as_str())]);
        let res = admin.call::<app::admin::api::SaveProvider>(&fields).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let id = app.scalar("SELECT id FROM identity_providers WHERE label = 'BT staff (managed in the app)'").await;

        // Without the operator naming its issuer, the secret is not used.
        let page = admin.get(&format!("/admin/providers/{id}")).await;
        assert!(page.body.contains(&format!("{variable}_ISSUER is not set")), "{}", page.body);
        let res = app.client().get(&format!("/sso/start/{id}")).await;
        assert_eq!(res.location().as_deref(), Some("/partner-sign-in?error=provider-unavailable"));

        // Named for another issuer (an administrator pointed the provider
        // elsewhere), it is not sent there either.
        std::env::set_var(format!("{variable}_ISSUER"), "https://login.bt.example");
        let page = admin.get(&format!("/admin/providers/{id}")).await;
        assert!(page.body.contains("is for the issuer https://login.bt.example"), "{}", page.body);
        let res = app.client().get(&format!("/sso/start/{id}")).await;
        assert_eq!(res.location().as_deref(), Some("/partner-sign-in?error=provider-unavailable"));

        // Named for this issuer, sign-in goes ahead.
        std::env::set_var(format!("{variable}_ISSUER"), &issuer);
        let res = app.client().get(&format!("/sso/start/{id}")).await;
        assert!(res.location().unwrap_or_default().starts_with(&issuer), "{:?}", res.location());
    }

    async fn the_check_explains_an_unreachable_provider(app: TestApp) {
        let mut admin = admin(&app).await;
        app.exec("UPDATE identity_providers SET issuer = 'http://127.0.0.1:9' WHERE client_id = 'roundtable-bt'").await;
        let id = app.scalar("SELECT id FROM identity_providers WHERE client_id = 'roundtable-bt'").await;
        let page = admin.get(&format!("/admin/providers/{id}?check=1")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Sign-in through this provider cannot work yet"), "{}", page.body);
        assert!(page.body.contains("could not be used (discovery connect failed)"), "{}", page.body);
    }

    async fn a_provider_whose_endpoints_leave_its_host_is_refused(app: TestApp) {
        let mut admin = admin(&app).await;
        let issuer = misleading_provider().await;
        app.exec(&format!("UPDATE identity_providers SET issuer = '{issuer}' WHERE client_id = 'roundtable-bt'")).await;
        let id = app.scalar("SELECT id FROM identity_providers WHERE client_id = 'roundtable-bt'").await;
        let page = admin.get(&format!("/admin/providers/{id}?check=1")).await;
        assert!(page.body.contains("Sign-in through this provider cannot work yet"), "{}", page.body);
        assert!(page.body.contains("is not on the issuer&#x27;s own host") || page.body.contains("is not on the issuer's own host"), "{}", page.body);
        // Nobody is sent to it, and the secret never leaves.
        let res = app.client().get(&format!("/sso/start/{id}")).await;
        assert!(res.location().unwrap_or_default().starts_with("/partner-sign-in?error="), "{:?}", res.location());

        // Nor is an answer larger than any provider's read.
        let issuer = bloated_provider().await;
        app.exec(&format!("UPDATE identity_providers SET issuer = '{issuer}' WHERE client_id = 'roundtable-bt'")).await;
        let page = admin.get(&format!("/admin/providers/{id}?check=1")).await;
        assert!(page.body.contains("The discovery document could not be used"), "{}", page.body);
        let res = app.client().get(&format!("/sso/start/{id}")).await;
        assert!(res.location().unwrap_or_default().starts_with("/partner-sign-in?error="), "{:?}", res.location());
    }

}

/// A provider whose discovery document sends Roundtable elsewhere: its keys
/// at another host name, its token endpoint on another site.
async fn misleading_provider() -> String {
    serve_discovery(|issuer, port| {
        serde_json::json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/auth"),
            "token_endpoint": "https://collector.example/token",
            "jwks_uri": format!("http://localhost:{port}/jwks"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        })
    })
    .await
}

/// A provider whose discovery document is a megabyte long.
async fn bloated_provider() -> String {
    serve_discovery(|issuer, _| {
        serde_json::json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/auth"),
            "token_endpoint": format!("{issuer}/token"),
            "jwks_uri": format!("{issuer}/jwks"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "padding": "x".repeat(1024 * 1024),
        })
    })
    .await
}

/// Serves a discovery document (made from the issuer and its port) and an
/// empty key set on loopback; returns the issuer.
async fn serve_discovery(document: impl Fn(&str, u16) -> serde_json::Value) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let issuer = format!("http://127.0.0.1:{port}");
    let discovery = document(&issuer, port);
    let app = axum::Router::new()
        .route(
            "/.well-known/openid-configuration",
            axum::routing::get(move || async move { axum::Json(discovery) }),
        )
        .route(
            "/jwks",
            axum::routing::get(|| async { axum::Json(serde_json::json!({ "keys": [] })) }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    issuer
}
