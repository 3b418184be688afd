//! The audit log page: administrators only; entries newest first, filtered
//! by subject; the chain checked on request.

use crate::on_both_backends;
use axum::http::StatusCode;

on_both_backends! {
    async fn administrators_read_the_audit_log_and_check_its_chain(app: TestApp) {
        // The demo's consultation was signed off and published: both are logged.
        let mut admin = app.demo_user("admin@roundtable.example").await;
        let page = admin.get("/admin/audit").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Published a draft") && page.body.contains("Signed off a draft revision"), "{}", page.body);
        assert!(page.body.contains("Dana Evans (NHS Wales)"));

        let (draft, _, _) = app.open_consultation().await;
        let filtered = admin.call::<app::audit::api::GetAuditLog>( &[("subject", &format!("draft:{draft}"))]).await.json();
        let entries = filtered["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0]["action"], "draft.publish", "newest first");

        let verdict = admin.call::<app::audit::api::VerifyAuditLog>( &[]).await;
        assert_eq!(verdict.status, StatusCode::OK);
        assert!(verdict.body.contains("The chain holds") && !verdict.body.contains("not keyed"), "{}", verdict.body);

        // Someone with the database but not the key cuts the newest entry
        // off and points the head at the one before, count and all: shown.
        let verify = || app::audit::verify(&app.db, &app.secret_key);
        let total = app.scalar("SELECT COUNT(*) FROM audit_log").await;
        assert_eq!(verify().await.unwrap().entries, total);
        let last = app.scalar("SELECT MAX(id) FROM audit_log").await;
        app.exec(&format!("DELETE FROM audit_log WHERE id = {last}")).await;
        app.exec("UPDATE audit_head SET entries = entries - 1, hash = (SELECT hash FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log))").await;
        assert_eq!(verify().await.unwrap().broken_at, Some(0));
        let verdict = admin.call::<app::audit::api::VerifyAuditLog>( &[]).await;
        assert!(verdict.body.contains("entries are missing from its end, or its head was changed"), "{}", verdict.body);
        // Removing the head's key as well is reported too.
        app.exec("UPDATE audit_head SET mac = ''").await;
        let verdict = admin.call::<app::audit::api::VerifyAuditLog>( &[]).await;
        assert!(verdict.body.contains("Its head is not keyed"), "{}", verdict.body);
        // Audited actions go on, but never key a head that did not hold.
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let draft = crate::drafts::start_draft(&app, &mut dana, &["nhs-wales"]).await;
        assert_eq!(crate::drafts::sign_off(&mut dana, draft, "1", "Agreed.").await.status, StatusCode::OK);
        let after = verify().await.unwrap();
        let now = app.scalar("SELECT COUNT(*) FROM audit_log").await;
        assert!(now > total - 1);
        assert_eq!((after.broken_at, after.head_keyed, after.entries), (None, false, now));
        // The operator keys it (`audit-verify --key-head`), once sure.
        app::audit::key_head(&app.db, &app.secret_key, &after).await.unwrap();
        let keyed = verify().await.unwrap();
        assert_eq!((keyed.broken_at, keyed.head_keyed), (None, true));
        let verdict = admin.call::<app::audit::api::VerifyAuditLog>( &[]).await;
        assert!(verdict.body.contains("The chain holds") && !verdict.body.contains("not keyed"), "{}", verdict.body);
        let first = app.scalar("SELECT MIN(id) FROM audit_log").await;
        app.exec(&format!("UPDATE audit_log SET actor_name = 'Someone else' WHERE id = {first}")).await;
        let verdict = admin.call::<app::audit::api::VerifyAuditLog>( &[]).await;
        assert!(verdict.body.contains(&format!("The chain is broken at entry {first}")), "{}", verdict.body);

        // Nobody else reads it.
        let mut priya = app.demo_user("policy@roundtable.example").await;
        assert_eq!(priya.call::<app::audit::api::GetAuditLog>( &[]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(priya.call::<app::audit::api::VerifyAuditLog>( &[]).await.status, StatusCode::FORBIDDEN);
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        assert_eq!(dana.get("/admin/audit").await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.client().call::<app::audit::api::GetAuditLog>( &[]).await.status, StatusCode::UNAUTHORIZED);
    }
}
