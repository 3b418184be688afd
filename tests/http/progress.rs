//! Roadmap item progress: timeline entries by analysts and the owning
//! institutions' leads, the status following the latest entry, the gap
//! register, dependencies both ways without loops, and what changed an item.

use crate::on_both_backends;
use crate::support::*;
use app::progress::api::{AddDependency, RecordProgress, RemoveDependency};
use axum::http::StatusCode;

async fn record(
    client: &mut Client,
    item: i64,
    status: &str,
    note: &str,
    evidence: &str,
) -> Response {
    client
        .call::<RecordProgress>(&[
            ("item_id", &item.to_string()),
            ("status", status),
            ("percent", "40"),
            ("note", note),
            ("evidence", evidence),
        ])
        .await
}

async fn owned_by(app: &TestApp, slug: &str) -> i64 {
    app.scalar(&format!(
        "SELECT MIN(o.item_id) FROM item_owners o JOIN institutions i ON i.id = o.institution_id WHERE i.slug = '{slug}'")).await
}

async fn needs(client: &mut Client, item: i64, needs: i64) -> Response {
    client
        .call::<AddDependency>(&[
            ("item_id", &item.to_string()),
            ("needs", &needs.to_string()),
        ])
        .await
}

on_both_backends! {
    async fn analysts_and_the_owners_leads_record_progress_and_the_status_follows(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await; // lead of NHS Wales
        let mut sam = app.demo_user("sam@bt.com").await; // member of BT
        let mut pat = app.demo_user("pat@example.org").await;
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let mut anonymous = app.client();
        let wales = owned_by(&app, "nhs-wales").await;
        let not_wales = app.scalar(
            "SELECT MIN(id) FROM roadmap_items WHERE id NOT IN (SELECT o.item_id FROM item_owners o JOIN institutions i ON i.id = o.institution_id WHERE i.slug = 'nhs-wales')").await;
        let bt = owned_by(&app, "bt").await;

        assert_eq!(record(&mut pat, wales, "on_track", "Fine", "").await.status, StatusCode::FORBIDDEN);
        assert_eq!(record(&mut anonymous, wales, "on_track", "Fine", "").await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(record(&mut sam, bt, "on_track", "A member, not a lead", "").await.status, StatusCode::FORBIDDEN);
        assert_eq!(record(&mut dana, not_wales, "on_track", "Not ours", "").await.status, StatusCode::FORBIDDEN);
        assert_eq!(record(&mut priya, 999_999, "on_track", "No item", "").await.status, StatusCode::NOT_FOUND);

        // Bad input: messages beside the fields, nothing stored.
        let before = app.scalar("SELECT COUNT(*) FROM item_progress").await;
        let res = dana.call::<RecordProgress>(&[("item_id", &wales.to_string()), ("status", "sideways"), ("percent", "140"), ("note", ""), ("evidence", "javascript:alert(1)")]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        for message in ["Choose the status.", "from 0 to 100", "Enter a note", "starting with https://"] {
            assert!(res.body.contains(message), "{message}: {}", res.body);
        }
        assert_eq!(app.scalar("SELECT COUNT(*) FROM item_progress").await, before);

        let res = record(&mut dana, wales, "at_risk", "Suppliers are late <script>alert(1)</script>", "https://example.org/evidence").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM roadmap_items WHERE id = {wales} AND status = 'at_risk'")).await, 1);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'item.progress' AND institution = 'NHS Wales'").await, 1);
        let page = anonymous.get(&format!("/items/{wales}/progress")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Suppliers are late &lt;script&gt;") && page.body.contains("Dana Evans (NHS Wales)"), "{}", page.body);
        assert!(page.body.contains("href=\"https://example.org/evidence\" rel=\"nofollow noopener noreferrer\""));
        assert!(page.body.contains("40% done"));
        assert_eq!(record(&mut priya, wales, "done", "Finished.", "").await.status, StatusCode::OK);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM roadmap_items WHERE id = {wales} AND status = 'done'")).await, 1);
    }

    async fn the_gap_register_lists_late_and_at_risk_items_with_their_evidence(app: TestApp) {
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let mut anonymous = app.client();
        let late = app.scalar("SELECT MIN(id) FROM roadmap_items").await;
        let done = app.scalar(&format!("SELECT MAX(id) FROM roadmap_items WHERE id <> {late}")).await;
        let future = app.scalar(&format!("SELECT MIN(id) FROM roadmap_items WHERE id NOT IN ({late}, {done})")).await;
        app.exec(&format!("UPDATE roadmap_items SET status = 'on_track', target_date = '2020-01-01' WHERE id = {late}")).await;
        app.exec(&format!("UPDATE roadmap_items SET status = 'done', target_date = '2020-01-01' WHERE id = {done}")).await;
        app.exec(&format!("UPDATE roadmap_items SET status = 'on_track', target_date = '2999-01-01' WHERE id = {future}")).await;
        assert_eq!(record(&mut priya, late, "on_track", "Waiting for the regulator's decision.", "").await.status, StatusCode::OK);

        let res = anonymous.call::<app::progress::api::GetGaps>(&[]).await;
        let gaps = res.json();
        let ids: Vec<i64> = gaps.as_array().unwrap().iter().map(|g| g["item_id"].as_i64().unwrap()).collect();
        assert!(ids.contains(&late) && !ids.contains(&done) && !ids.contains(&future), "{gaps}");
        let page = anonymous.get("/gaps").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Past its target date") && page.body.contains("Waiting for the regulator&#x27;s decision.")
            || page.body.contains("Waiting for the regulator's decision."), "{}", page.body);
    }

    async fn dependencies_show_both_ways_and_never_make_a_loop(app: TestApp) {
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let ids: Vec<i64> = {
            let mut v = Vec::new();
            for n in 0..3 {
                // The last items: the demo's dependency is between the first ones.
                v.push(app.scalar(&format!("SELECT id FROM roadmap_items ORDER BY id DESC LIMIT 1 OFFSET {n}")).await);
            }
            v
        };
        let (a, b, c) = (ids[0], ids[1], ids[2]);
        assert_eq!(needs(&mut dana, a, b).await.status, StatusCode::FORBIDDEN);
        assert_eq!(needs(&mut priya, a, b).await.status, StatusCode::OK);
        assert_eq!(needs(&mut priya, b, c).await.status, StatusCode::OK);
        let res = needs(&mut priya, c, a).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("would make a loop"), "{}", res.body);
        assert!(needs(&mut priya, a, a).await.body.contains("Choose the item this one needs first."));
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM item_dependencies WHERE item_id IN ({a}, {b}, {c})")).await, 2);

        let page = app.client().get(&format!("/items/{b}/progress")).await;
        let needed_first_by = page.body.split("Needed first by").nth(1).unwrap_or_default();
        assert!(needed_first_by.contains(&format!("/items/{a}/progress")), "b is needed by a");
        let it_needs = page.body.split("It needs first").nth(1).unwrap_or_default().split("Needed first by").next().unwrap_or_default();
        assert!(it_needs.contains(&format!("/items/{c}/progress")), "b needs c");

        let res = priya.call::<RemoveDependency>(&[("item_id", &a.to_string()), ("needs_id", &b.to_string())]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(needs(&mut priya, c, a).await.status, StatusCode::OK, "no loop once a no longer needs b");
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'item.dependency%' AND {NOT_DEMO}")).await, 4);
    }

    async fn an_item_traces_back_to_decisions_their_comments_and_published_drafts(app: TestApp) {
        use app::outcomes::api::{PublishOutcome, RecordDecision};
        use app::themes::api::{CreateTheme, TagComments};
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let mut anonymous = app.client();
        let (draft, thread, item) = app.open_consultation().await;
        let draft = draft.to_string();
        let comment = app.scalar(&format!("SELECT id FROM comments WHERE thread_id = {thread}")).await.to_string();
        priya.call::<CreateTheme>(&[("kind", "consultation"), ("id", &draft), ("name", "Telling patients")]).await;
        let theme = app.scalar("SELECT id FROM themes WHERE name = 'Telling patients'").await.to_string();
        priya.call::<TagComments>(&[("kind", "consultation"), ("id", &draft), ("theme", &theme), ("comments[]", &comment), ("action", "add")]).await;
        let res = priya.call::<RecordDecision>(&[("theme_id", &theme), ("decision", "Write to every affected patient"), ("reason", "Asked for"),
            ("action_owner", "Health boards"), ("items[]", &item.to_string())]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);

        let path = format!("/items/{item}/progress");
        let page = anonymous.get(&path).await;
        assert!(!page.body.contains("Write to every affected patient"), "unpublished decisions stay with the analysts");
        assert!(page.body.contains("Reporting a cyber incident in NHS Wales") && page.body.contains("signed off by NHS Wales"), "the published draft: {}", page.body);
        assert!(priya.get(&path).await.body.contains("Not published"));

        app.exec("UPDATE proposals SET closes_at = 1").await;
        assert_eq!(priya.call::<PublishOutcome>(&[("kind", "consultation"), ("id", &draft), ("summary", "We heard you.")]).await.status, StatusCode::OK);
        let page = anonymous.get(&path).await;
        assert!(page.body.contains("Write to every affected patient") && page.body.contains("which groups 1 public comments")
            && page.body.contains(&format!("/consultations/{draft}/outcome")), "{}", page.body);
    }
}
