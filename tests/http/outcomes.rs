//! "You said, we did": decisions on themes, quotes, the published outcome
//! page, and the chain from a comment to the decisions and items it led
//! to, with nothing in it that its reader may not see.

use crate::on_both_backends;
use crate::support::*;
use app::outcomes::api::{PublishOutcome, RecordDecision, SetDecisionStatus, SetQuotes};
use app::themes::api::{CreateTheme, TagComments};
use axum::http::StatusCode;

async fn theme(
    app: &TestApp,
    client: &mut Client,
    kind: &str,
    id: i64,
    name: &str,
    comments: &[i64],
) -> i64 {
    let id_text = id.to_string();
    let res = client
        .call::<CreateTheme>(&[("kind", kind), ("id", &id_text), ("name", name)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let theme = app
        .scalar(&format!("SELECT id FROM themes WHERE name = '{name}'"))
        .await;
    let theme_text = theme.to_string();
    let ids: Vec<String> = comments.iter().map(i64::to_string).collect();
    let mut fields = vec![
        ("kind", kind),
        ("id", id_text.as_str()),
        ("theme", theme_text.as_str()),
        ("action", "add"),
    ];
    for c in &ids {
        fields.push(("comments[]", c));
    }
    assert_eq!(
        client.call::<TagComments>(&fields).await.status,
        StatusCode::OK
    );
    theme
}

async fn decide(client: &mut Client, theme: i64, decision: &str, items: &[i64]) -> Response {
    let theme = theme.to_string();
    let items: Vec<String> = items.iter().map(i64::to_string).collect();
    let mut fields = vec![
        ("theme_id", theme.as_str()),
        ("decision", decision),
        ("reason", "Patients asked for it."),
        ("action_owner", "NHS Wales cyber team"),
        ("due_on", "2020-01-31"),
        ("status", "in_progress"),
    ];
    for i in &items {
        fields.push(("items[]", i));
    }
    client.call::<RecordDecision>(&fields).await
}

on_both_backends! {
    async fn a_closed_consultation_gets_a_published_outcome_that_its_commenters_can_follow(app: TestApp) {
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let mut pat = app.demo_user("pat@example.org").await;
        let mut anonymous = app.client();
        let (draft, thread, item) = app.open_consultation().await;
        let other_item = app.scalar(&format!("SELECT MAX(id) FROM roadmap_items WHERE id <> {item}")).await;
        let comment = app.scalar(&format!("SELECT id FROM comments WHERE thread_id = {thread}")).await;
        let telling = theme(&app, &mut priya, "consultation", draft, "Telling patients", &[comment]).await;

        // Who may decide, and bad input.
        assert_eq!(decide(&mut pat, telling, "No", &[]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(decide(&mut anonymous, telling, "No", &[]).await.status, StatusCode::UNAUTHORIZED);
        let res = priya.call::<RecordDecision>(&[("theme_id", &telling.to_string()), ("decision", ""), ("reason", ""), ("action_owner", ""), ("due_on", "next week"), ("items[]", "999999")]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        for message in ["Enter what was decided.", "Enter why it was decided.", "Enter who owns the action", "Enter the due date", "Choose roadmap items from the list."] {
            assert!(res.body.contains(message), "{message}: {}", res.body);
        }
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM decisions WHERE theme_id = {telling}")).await, 0);
        let res = decide(&mut priya, telling, "Tell patients within 72 hours when their records are affected", &[item, other_item]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let decision = app.scalar(&format!("SELECT id FROM decisions WHERE theme_id = {telling}")).await;
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM decision_items WHERE decision_id = {decision}")).await, 2);

        // Not public before it is published; not publishable while open.
        let outcome = format!("/consultations/{draft}/outcome");
        assert_eq!(anonymous.get(&outcome).await.status, StatusCode::NOT_FOUND);
        assert!(!pat.get(&format!("/comments/{comment}")).await.body.contains("Telling patients"));
        let preview = priya.get(&outcome).await;
        assert!(preview.body.contains("Not published") && preview.body.contains("Tell patients within 72 hours"), "{}", preview.body);
        let draft_text = draft.to_string();
        let publish = |summary: &'static str| [("kind", "consultation"), ("id", draft_text.as_str()), ("summary", summary)];
        let res = priya.call::<PublishOutcome>(&publish("We asked about incident reporting.")).await;
        assert!(res.body.contains("still open"), "{}", res.body);
        app.exec("UPDATE proposals SET closes_at = 1").await;
        app.exec(&format!("UPDATE threads SET closes_at = 1 WHERE id = {thread}")).await;
        assert_eq!(pat.call::<PublishOutcome>(&publish("Mine")).await.status, StatusCode::FORBIDDEN);
        let res = priya.call::<PublishOutcome>(&publish("  ")).await;
        assert!(res.body.contains("Enter a summary"), "{}", res.body);
        assert_eq!(priya.call::<PublishOutcome>(&publish("We asked about **incident reporting**.")).await.status, StatusCode::OK);

        // Quotes: public comments of the theme, at most three.
        let res = priya.call::<SetQuotes>(&[("theme_id", &telling.to_string()), ("comments[]", &comment.to_string())]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);

        // Everyone reads it now: we asked, you said, we did.
        let page = anonymous.get(&outcome).await;
        assert_eq!(page.status, StatusCode::OK);
        for text in ["<strong>incident reporting</strong>", "Telling patients", "Will patients be told if their records were affected?",
                     "Tell patients within 72 hours", "NHS Wales cyber team", "In progress", "Overdue", &format!("/items/{other_item}")] {
            assert!(page.body.contains(text), "{text} missing: {}", page.body);
        }
        assert!(anonymous.get("/consultations").await.body.contains(&outcome), "the list links to the outcome");
        // Pat follows their own comment to the decision and the items it changes.
        let thread_page = pat.get(&format!("/items/{item}/threads/{thread}")).await;
        assert!(thread_page.body.contains(&format!("/comments/{comment}")), "the comment links to what came of it");
        let trace = anonymous.get(&format!("/comments/{comment}")).await;
        assert_eq!(trace.status, StatusCode::OK);
        assert!(trace.body.contains("Telling patients") && trace.body.contains("Tell patients within 72 hours")
            && trace.body.contains(&format!("/items/{other_item}")) && trace.body.contains(&outcome), "{}", trace.body);

        // The action moves on; the public page follows.
        let res = priya.call::<SetDecisionStatus>(&[("decision_id", &decision.to_string()), ("status", "done")]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let res = priya.call::<SetDecisionStatus>(&[("decision_id", &decision.to_string()), ("status", "finished-ish")]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let page = anonymous.get(&outcome).await;
        assert!(page.body.contains("Done") && !page.body.contains("Overdue"));
        for action in ["decision.record", "decision.status", "outcome.publish", "theme.quotes"] {
            assert!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'")).await >= 1, "{action} audited");
        }
    }

    async fn partner_only_comments_never_appear_in_a_public_chain(app: TestApp) {
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let mut pat = app.demo_user("pat@example.org").await;
        let mut anonymous = app.client();
        let item = app.scalar("SELECT MIN(id) FROM roadmap_items").await;
        let partner = app.scalar(&format!("SELECT c.id FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.item_id = {item} AND t.visibility = 'partners'")).await;
        let public = app.scalar(&format!("SELECT MIN(c.id) FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.item_id = {item} AND t.visibility = 'public'")).await;
        let accountability = theme(&app, &mut priya, "item", item, "Accountability", &[partner, public]).await;
        assert_eq!(decide(&mut priya, accountability, "Name an accountable executive", &[item]).await.status, StatusCode::OK);

        // Before publishing, the public chain is empty.
        let trace = anonymous.get(&format!("/comments/{public}")).await;
        assert!(trace.body.contains("Nothing has been published about this comment yet") && !trace.body.contains("Accountability"), "{}", trace.body);
        let res = priya.call::<PublishOutcome>(&[("kind", "item"), ("id", &item.to_string()), ("summary", "What we heard.")]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);

        // Public counts and quotes leave the partner-only comment out.
        let res = priya.call::<SetQuotes>(&[("theme_id", &accountability.to_string()), ("comments[]", &partner.to_string())]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        let page = anonymous.get(&format!("/items/{item}/outcome")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("4 public comments: 1 from the public, 2 from partner institutions") && !page.body.contains("Draft wording for the board accountability statement"), "{}", page.body);
        let json = anonymous.call::<app::outcomes::api::GetOutcome>(&[("kind", "item"), ("id", &item.to_string())]).await.json();
        assert_eq!(json["themes"][0]["counts"], serde_json::json!({ "public": 1, "partner": 0, "policy_maker": 0 }));

        // The partner-only comment's own trace: for partners, not the public.
        assert_eq!(anonymous.get(&format!("/comments/{partner}")).await.status, StatusCode::NOT_FOUND);
        assert_eq!(pat.get(&format!("/comments/{partner}")).await.status, StatusCode::NOT_FOUND);
        let trace = dana.get(&format!("/comments/{partner}")).await;
        assert!(trace.body.contains("Accountability") && trace.body.contains("Name an accountable executive"), "{}", trace.body);
    }

    async fn merging_a_theme_keeps_its_decisions(app: TestApp) {
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let item = app.scalar("SELECT MIN(id) FROM roadmap_items").await;
        let public = app.scalar(&format!("SELECT MIN(c.id) FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.item_id = {item} AND t.visibility = 'public'")).await;
        let keep = theme(&app, &mut priya, "item", item, "Keep", &[public]).await;
        let gone = theme(&app, &mut priya, "item", item, "Gone", &[public]).await;
        assert_eq!(decide(&mut priya, gone, "Decided on the merged theme", &[]).await.status, StatusCode::OK);
        let res = priya.call::<app::themes::api::MergeTheme>(&[("theme_id", &gone.to_string()), ("into", &keep.to_string())]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM decisions WHERE theme_id = {keep}")).await, 1);
        let page = priya.get(&format!("/themes/{keep}")).await;
        assert!(page.body.contains("Decided on the merged theme"), "{}", page.body);
    }
}
