//! Suggestions (tracked changes): who may suggest, accept, reject and
//! withdraw; accepting merges into later edits or asks for the texts to be
//! combined; every decision is audited.

use crate::drafts::{current_body, first_section, save, start_draft};
use crate::on_both_backends;
use crate::support::*;
use axum::http::StatusCode;

const ORIGINAL: &str =
    "Boards own cyber risk. Staff report incidents quickly.\n\nA second paragraph.";

async fn suggest(
    client: &mut Client,
    draft: i64,
    section: &str,
    base: &str,
    body: &str,
) -> Response {
    let draft = draft.to_string();
    client
        .call::<app::suggestions::api::SuggestChange>(&[
            ("draft_id", &draft),
            ("section_id", section),
            ("base_version", base),
            ("heading", "Reporting"),
            ("body", body),
            ("message", "Faster reporting helps everyone."),
        ])
        .await
}

/// The newest suggestion's id, as text.
async fn newest(app: &TestApp) -> String {
    app.scalar("SELECT MAX(id) FROM suggestions")
        .await
        .to_string()
}

async fn status(app: &TestApp, id: &str) -> String {
    app::with_db!(&app.db, pool => sqlx::query_scalar(&format!("SELECT status FROM suggestions WHERE id = {id}"))
        .fetch_one(pool).await).unwrap()
}

async fn accept(client: &mut Client, draft: i64, id: &str) -> Response {
    client
        .call::<app::suggestions::api::AcceptSuggestion>(&[
            ("draft_id", &draft.to_string()),
            ("suggestion_id", id),
        ])
        .await
}

on_both_backends! {
    async fn a_partner_suggests_and_an_owner_accepts_or_rejects_with_a_reason(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let mut sam = app.demo_user("sam@bt.com").await;
        let mut pat = app.demo_user("pat@example.org").await;
        let mut anonymous = app.client();
        let draft = start_draft(&app, &mut dana, &["nhs-wales"]).await;
        let d = draft.to_string();
        let (section, v1) = first_section(&app, draft).await;
        let faster = "Boards own cyber risk. Staff report incidents within a day.\n\nA second paragraph.";

        // Owners only: other partners cannot even suggest.
        assert_eq!(suggest(&mut sam, draft, &section, &v1, faster).await.status, StatusCode::NOT_FOUND);
        assert_eq!(dana.call::<app::drafts::api::SetVisibility>( &[("draft_id", &d), ("visibility", "partners")]).await.status, StatusCode::OK);
        assert_eq!(suggest(&mut pat, draft, &section, &v1, faster).await.status, StatusCode::NOT_FOUND, "the public");
        assert_eq!(suggest(&mut anonymous, draft, &section, &v1, faster).await.status, StatusCode::UNAUTHORIZED);

        // Bad input is explained, the text kept, nothing stored.
        let res = suggest(&mut sam, draft, &section, &v1, ORIGINAL).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("the same as the text it would change"), "{}", res.body);
        let suggest_page = format!("/drafts/{draft}/sections/{section}/suggest");
        let res = sam.post_form::<app::suggestions::api::SuggestChange>(&suggest_page, &[("draft_id", &d), ("section_id", &section), ("base_version", &v1), ("heading", ""), ("body", "My <b>kept</b> words")]).await;
        let page = sam.follow(&res).await;
        assert!(page.body.contains("Enter a heading for the section.") && page.body.contains("My &lt;b&gt;kept&lt;/b&gt; words"), "{}", page.body);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM suggestions WHERE draft_id = {draft}")).await, 0);

        // Sam, at BT, suggests; Dana sees the words added and removed.
        let res = suggest(&mut sam, draft, &section, &v1, faster).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let first = newest(&app).await;
        assert_eq!(res.location(), Some(format!("/drafts/{draft}/suggestions/{first}")));
        let page = dana.get(&format!("/drafts/{draft}/suggestions/{first}")).await;
        assert!(page.body.contains("Suggested by Sam Okafor (BT)"), "{}", page.body);
        assert!(page.body.contains("[removed: </span>quickly") && page.body.contains("[added: </span>within a day"), "{}", page.body);
        assert!(page.body.contains("Accept suggestion") && page.body.contains("Faster reporting helps everyone."));
        assert!(dana.get(&format!("/drafts/{draft}")).await.body.contains("1 open"));
        assert!(dana.get(&format!("/drafts/{draft}/suggestions")).await.body.contains("Change to “Reporting”"));

        // Only owners decide.
        assert_eq!(accept(&mut sam, draft, &first).await.status, StatusCode::FORBIDDEN);
        assert_eq!(sam.call::<app::suggestions::api::RejectSuggestion>( &[("draft_id", &d), ("suggestion_id", &first), ("reason", "No")]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(status(&app, &first).await, "open");

        // Dana accepts: a new revision, credited to the suggestion, audited.
        let res = accept(&mut dana, draft, &first).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(current_body(&app, draft).await, faster);
        assert_eq!(status(&app, &first).await, "accepted");
        assert_eq!(app.scalar(&format!("SELECT applied_revision FROM suggestions WHERE id = {first}")).await, 2);
        let page = dana.get(&format!("/drafts/{draft}/suggestions/{first}")).await;
        assert!(page.body.contains("Accepted by Dana Evans") && page.body.contains("Applied as revision 2."), "{}", page.body);
        assert!(dana.get(&format!("/drafts/{draft}/history")).await.body.contains(&format!("Accepted suggestion {first} by Sam Okafor (BT)")));
        let again = accept(&mut dana, draft, &first).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.body.contains("accepted already"), "{}", again.body);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'draft.suggestion_accept' AND detail LIKE '%\"revision\":2%'").await, 1);

        // A second suggestion is rejected, with a reason Sam reads.
        let (_, v2) = first_section(&app, draft).await;
        assert_eq!(suggest(&mut sam, draft, &section, &v2, &faster.replace("Boards own", "Boards share")).await.status, StatusCode::OK);
        let second = newest(&app).await;
        let res = dana.call::<app::suggestions::api::RejectSuggestion>( &[("draft_id", &d), ("suggestion_id", &second), ("reason", "  ")]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("Enter why you reject the suggestion"));
        let res = dana.call::<app::suggestions::api::RejectSuggestion>( &[("draft_id", &d), ("suggestion_id", &second), ("reason", "Accountability stays with each board.")]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let page = sam.get(&format!("/drafts/{draft}/suggestions/{second}")).await;
        assert!(page.body.contains("Rejected by Dana Evans") && page.body.contains("Reason: Accountability stays with each board."), "{}", page.body);
        assert_eq!(current_body(&app, draft).await, faster, "text unchanged");
        assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'draft.suggestion_reject'").await, 1);
        assert_eq!(app::audit::verify(&app.db, &app.secret_key).await.unwrap().broken_at, None);

        // Its discussion: user text is escaped.
        let res = sam.call::<app::suggestions::api::CommentOnSuggestion>( &[("draft_id", &d), ("suggestion_id", &second), ("body", "Fair. <script>alert(1)</script>")]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let page = dana.get(&format!("/drafts/{draft}/suggestions/{second}")).await;
        assert!(page.body.contains("Fair.") && !page.body.contains("<script>alert(1)"), "{}", page.body);
        assert_eq!(pat.call::<app::suggestions::api::CommentOnSuggestion>( &[("draft_id", &d), ("suggestion_id", &second), ("body", "Hi")]).await.status, StatusCode::NOT_FOUND);
        assert_eq!(pat.call::<app::suggestions::api::GetSuggestion>( &[("draft_id", &d), ("id", &second)]).await.status, StatusCode::NOT_FOUND);

        // Only its author withdraws an open suggestion.
        assert_eq!(suggest(&mut sam, draft, &section, &v2, &faster.replace("A second", "A last")).await.status, StatusCode::OK);
        let third = newest(&app).await;
        assert_eq!(dana.call::<app::suggestions::api::WithdrawSuggestion>( &[("draft_id", &d), ("suggestion_id", &third)]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(sam.call::<app::suggestions::api::WithdrawSuggestion>( &[("draft_id", &d), ("suggestion_id", &third)]).await.status, StatusCode::OK);
        assert_eq!(status(&app, &third).await, "withdrawn");
        assert_eq!(accept(&mut dana, draft, &third).await.status, StatusCode::UNPROCESSABLE_ENTITY);

        // Once published, the partners' discussion of suggestions is closed.
        app.exec(&format!("UPDATE drafts SET visibility = 'published' WHERE id = {draft}")).await;
        let res = dana.call::<app::suggestions::api::CommentOnSuggestion>( &[("draft_id", &d), ("suggestion_id", &second), ("body", "Late")]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    }

    async fn accepting_merges_into_later_edits_or_asks_to_combine_the_texts(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let mut sam = app.demo_user("sam@bt.com").await;
        let draft = start_draft(&app, &mut dana, &["nhs-wales"]).await;
        let d = draft.to_string();
        dana.call::<app::drafts::api::SetVisibility>( &[("draft_id", &d), ("visibility", "partners")]).await;
        let (section, v1) = first_section(&app, draft).await;

        // Sam suggests a change to the first sentence; Dana then edits the
        // second paragraph. Accepting merges both.
        assert_eq!(suggest(&mut sam, draft, &section, &v1, &ORIGINAL.replace("Boards own", "Boards fully own")).await.status, StatusCode::OK);
        let first = newest(&app).await;
        assert_eq!(save(&mut dana, draft, &section, &v1, &ORIGINAL.replace("A second paragraph", "A closing paragraph")).await.status, StatusCode::OK);
        assert!(dana.get(&format!("/drafts/{draft}/suggestions/{first}")).await.body.contains("The section has changed since this suggestion was written"));
        let res = accept(&mut dana, draft, &first).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(current_body(&app, draft).await, "Boards fully own cyber risk. Staff report incidents quickly.\n\nA closing paragraph.");
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM draft_revisions WHERE draft_id = {draft} AND kind = 'merged'")).await, 1);

        // Now both change the same words: nothing is saved, and the owner
        // sees the current text beside the suggestion.
        let (_, v3) = first_section(&app, draft).await;
        let base = current_body(&app, draft).await;
        assert_eq!(suggest(&mut sam, draft, &section, &v3, &base.replace("quickly", "within four hours")).await.status, StatusCode::OK);
        let second = newest(&app).await;
        assert_eq!(save(&mut dana, draft, &section, &v3, &base.replace("quickly", "at once")).await.status, StatusCode::OK);
        let revision = app.scalar(&format!("SELECT current_revision FROM drafts WHERE id = {draft}")).await;
        let res = accept(&mut dana, draft, &second).await;
        assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
        let (_, v4) = first_section(&app, draft).await;
        assert_eq!(res.json()["Conflict"]["current_version"].to_string(), v4);
        assert_eq!(app.scalar(&format!("SELECT current_revision FROM drafts WHERE id = {draft}")).await, revision, "nothing saved");
        assert_eq!(status(&app, &second).await, "open");

        // Without JavaScript: the page shows the section now and the
        // suggestion in a form to combine them.
        let page_path = format!("/drafts/{draft}/suggestions/{second}");
        let res = dana.post_form::<app::suggestions::api::AcceptSuggestion>(&page_path, &[("draft_id", &d), ("suggestion_id", &second)]).await;
        let page = dana.follow(&res).await;
        assert!(page.body.contains("The section changed since this suggestion was written, in the same words"), "{}", page.body);
        assert!(page.body.contains("The section now") && page.body.contains("incidents at once"));
        assert!(page.body.contains("incidents within four hours"), "the suggestion, ready to combine");
        assert!(page.body.contains(&format!("name=\"base_version\" value=\"{v4}\"")), "{}", page.body);

        // Dana combines them and accepts.
        let combined = base.replace("quickly", "at once, within four hours at most");
        let res = dana.call::<app::suggestions::api::AcceptSuggestion>( &[("draft_id", &d), ("suggestion_id", &second), ("base_version", &v4), ("heading", "Reporting"), ("body", &combined)]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(current_body(&app, draft).await, combined);
        assert_eq!(status(&app, &second).await, "accepted");
    }
}
