//! Publishing a signed-off draft as a public proposal, and its consultation:
//! who may publish, what the public sees, and comments until the close date.

use crate::drafts::{first_section, save, sign_off, start_draft};
use crate::on_both_backends;
use crate::support::*;
use axum::http::StatusCode;

/// A UK date `days` from today, as the form takes it ("2027-01-31").
pub(crate) fn date_in(days: i64) -> String {
    let today = app::time_fmt::uk_date(app::db::now_ms());
    (today + time::Duration::days(days)).to_string()
}

pub(crate) async fn publish(
    client: &mut Client,
    draft: i64,
    revision: &str,
    closes_on: &str,
    item: &str,
) -> Response {
    let draft = draft.to_string();
    client
        .call::<app::consultations::api::PublishDraft>(&[
            ("draft_id", &draft),
            ("revision", revision),
            ("closes_on", closes_on),
            ("item_id", item),
        ])
        .await
}

on_both_backends! {
    async fn a_signed_off_draft_is_published_frozen_and_open_to_public_comment(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let mut sam = app.demo_user("sam@bt.com").await;
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let mut pat = app.demo_user("pat@example.org").await;
        let mut anonymous = app.client();
        let draft = start_draft(&app, &mut dana, &["nhs-wales", "bt"]).await;
        let d = draft.to_string();
        let item = app.scalar("SELECT MIN(id) FROM roadmap_items").await.to_string();
        let closes_on = date_in(30);

        // Not before the quorum holds; never by a member who is not a lead,
        // nor by the public, who cannot even see the draft.
        let res = publish(&mut dana, draft, "1", &closes_on, &item).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("Not enough owning institutions have signed off"), "{}", res.body);
        assert_eq!(publish(&mut sam, draft, "1", &closes_on, &item).await.status, StatusCode::FORBIDDEN);
        assert_eq!(publish(&mut pat, draft, "1", &closes_on, &item).await.status, StatusCode::NOT_FOUND);
        assert_eq!(publish(&mut anonymous, draft, "1", &closes_on, &item).await.status, StatusCode::UNAUTHORIZED);

        assert_eq!(sign_off(&mut dana, draft, "1", "NHS Wales agrees.").await.status, StatusCode::OK);
        app.exec("UPDATE memberships SET role = 'lead' WHERE user_id = (SELECT id FROM users WHERE email = 'sam@bt.com')").await;
        assert_eq!(sign_off(&mut sam, draft, "1", "BT agrees.").await.status, StatusCode::OK);
        let page = dana.get(&format!("/drafts/{draft}")).await;
        assert!(page.body.contains("Publish revision 1"), "the form is offered to a lead");
        assert!(page.body.contains("Roadmap item it answers"), "a draft without an item chooses one");

        // Bad input: clear messages, the text kept, nothing stored.
        let res = publish(&mut dana, draft, "1", "", "").await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("Enter the date comments close") && res.body.contains("Choose the roadmap item"), "{}", res.body);
        let res = publish(&mut dana, draft, "1", &date_in(0), &item).await;
        assert!(res.body.contains("The close date must be after today."), "{}", res.body);
        let res = publish(&mut dana, draft, "1", &date_in(400), &item).await;
        assert!(res.body.contains("at most a year"), "{}", res.body);
        let res = publish(&mut dana, draft, "1", &closes_on, "999999").await;
        assert!(res.body.contains("Choose a roadmap item from the list."), "{}", res.body);
        let res = dana.post_form::<app::consultations::api::PublishDraft>(&format!("/drafts/{draft}"), &[("draft_id", &d), ("revision", "1"), ("closes_on", "31/01/2027"), ("item_id", &item)]).await;
        let page = dana.follow(&res).await;
        assert!(page.body.contains("Enter the date comments close"), "shown without JavaScript");
        assert!(page.body.contains("value=\"31/01/2027\""), "the date typed is kept");
        // A revision other than the current one is not published.
        let res = publish(&mut dana, draft, "2", &closes_on, &item).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("changed after you opened it"), "{}", res.body);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM proposals WHERE draft_id = {draft}")).await, 0);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM drafts WHERE id = {draft} AND visibility = 'published'")).await, 0);

        // A policy maker publishes, once the owners let partners read it.
        assert_eq!(publish(&mut priya, draft, "1", &closes_on, &item).await.status, StatusCode::NOT_FOUND, "owners only");
        assert_eq!(dana.call::<app::drafts::api::SetVisibility>( &[("draft_id", &d), ("visibility", "partners")]).await.status, StatusCode::OK);
        let res = publish(&mut priya, draft, "1", &closes_on, &item).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(res.location(), Some(format!("/drafts/{draft}")));

        // Everyone reads the frozen revision; the public sees no history.
        let page = anonymous.get(&format!("/drafts/{draft}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Public proposal") && page.body.contains("Boards own cyber risk"));
        assert!(page.body.contains("Comments are open until the end of"), "{}", page.body);
        assert!(page.body.contains("Consultation: Incident reporting across health and care"));
        assert!(page.body.contains("NHS Wales signed off revision 1") && page.body.contains("BT signed off revision 1"));
        assert!(!page.body.contains(&format!("/drafts/{draft}/history")), "no history link for the public");
        for client in [&mut anonymous, &mut pat] {
            assert_eq!(client.call::<app::drafts::api::GetHistory>( &[("draft_id", &d)]).await.status, StatusCode::NOT_FOUND);
            assert_eq!(client.call::<app::drafts::api::Compare>( &[("draft_id", &d), ("from", "1"), ("to", "1")]).await.status, StatusCode::NOT_FOUND);
        }
        assert_eq!(sam.call::<app::drafts::api::GetHistory>( &[("draft_id", &d)]).await.status, StatusCode::OK, "partners keep the history");
        let list = anonymous.get("/consultations").await;
        assert!(list.body.contains("Incident reporting across health and care") && list.body.contains("Open for comments until the end of"), "{}", list.body);

        // Nobody changes a published revision, or publishes it twice.
        let (section, version) = first_section(&app, draft).await;
        assert_eq!(save(&mut dana, draft, &section, &version, "Rewritten after publishing").await.status, StatusCode::FORBIDDEN);
        assert_eq!(dana.call::<app::drafts::api::SetVisibility>( &[("draft_id", &d), ("visibility", "owners")]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(sign_off(&mut dana, draft, "1", "Again").await.status, StatusCode::FORBIDDEN);
        let again = publish(&mut dana, draft, "1", &closes_on, &item).await;
        assert!(again.body.contains("already published"), "{}", again.body);
        assert_eq!(app.scalar(&format!("SELECT current_revision FROM drafts WHERE id = {draft}")).await, 1);

        // The public comments while it is open.
        let thread = app.scalar(&format!("SELECT thread_id FROM proposals WHERE draft_id = {draft}")).await.to_string();
        let res = pat.call::<app::discussion::api::PostComment>( &[("thread_id", &thread), ("body", "Please include social care providers.")]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(anonymous.get(&format!("/drafts/{draft}")).await.body.contains("Please include social care providers."));

        // Publishing is in the audit log, and the chain holds.
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'draft.publish' AND subject = 'draft:{draft}'")).await, 1);
        assert_eq!(app::audit::verify(&app.db, &app.secret_key).await.unwrap().broken_at, None);

        // Once closed, it takes no more comments.
        app.exec(&format!("UPDATE threads SET closes_at = 1 WHERE id = {thread}")).await;
        app.exec(&format!("UPDATE proposals SET closes_at = 1 WHERE draft_id = {draft}")).await;
        let res = pat.call::<app::discussion::api::PostComment>( &[("thread_id", &thread), ("body", "Too late?")]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("This consultation closed"), "{}", res.body);
        let page = pat.get(&format!("/drafts/{draft}")).await;
        assert!(page.body.contains("Comments closed at the end of") && !page.body.contains("Post comment"), "{}", page.body);
        assert!(anonymous.get("/consultations").await.body.contains("Closed at the end of"));
    }

    async fn a_published_drafts_history_stays_with_who_could_read_it_before(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let mut sam = app.demo_user("sam@bt.com").await;
        let draft = start_draft(&app, &mut dana, &["nhs-wales"]).await;
        let d = draft.to_string();
        let item = app.scalar("SELECT MIN(id) FROM roadmap_items").await.to_string();
        assert_eq!(sign_off(&mut dana, draft, "1", "Agreed.").await.status, StatusCode::OK);
        let res = publish(&mut dana, draft, "1", &date_in(10), &item).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        // Everyone reads the proposal; its owners-only history stays theirs.
        assert_eq!(sam.call::<app::pages::draft::api::GetDraft>( &[("id", &d)]).await.status, StatusCode::OK);
        assert_eq!(sam.call::<app::drafts::api::GetHistory>( &[("draft_id", &d)]).await.status, StatusCode::NOT_FOUND);
        assert_eq!(sam.call::<app::suggestions::api::GetSuggestions>( &[("draft_id", &d)]).await.status, StatusCode::NOT_FOUND);
        assert_eq!(dana.call::<app::drafts::api::GetHistory>( &[("draft_id", &d)]).await.status, StatusCode::OK);

        // The public reads what was signed off, not who wrote the last
        // revision or their note; the owners still see both.
        let mut pat = app.demo_user("pat@example.org").await;
        for client in [&mut pat, &mut sam, &mut app.client()] {
            let draft = client.call::<app::pages::draft::api::GetDraft>(&[("id", &d)]).await.json();
            assert_eq!(draft["last_change"], serde_json::Value::Null, "{draft}");
            let page = client.get(&format!("/drafts/{d}")).await.body;
            assert!(page.contains("Revision 1") && !page.contains("started the draft"), "{page}");
        }
        let own = dana.call::<app::pages::draft::api::GetDraft>(&[("id", &d)]).await.json();
        assert_eq!(own["last_change"]["author"], "Dana Evans", "{own}");
        assert!(dana.get(&format!("/drafts/{d}")).await.body.contains("started the draft"));
    }
}
