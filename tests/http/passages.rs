//! Comments anchored to passages: found again after edits before, inside
//! and after the passage, orphaned when it is removed; resolved and
//! reopened; and who may do what.

use crate::drafts::{first_section, save, start_draft};
use crate::on_both_backends;
use crate::support::*;
use axum::http::StatusCode;

async fn start_thread(
    client: &mut Client,
    draft: i64,
    section: &str,
    version: &str,
    paragraph: &str,
    quote: &str,
    body: &str,
) -> Response {
    let draft = draft.to_string();
    client
        .call::<app::passages::api::StartPassageThread>(&[
            ("draft_id", &draft),
            ("section_id", section),
            ("version_id", version),
            ("paragraph", paragraph),
            ("quote", quote),
            ("body", body),
        ])
        .await
}

/// Saves new text from whatever the current version is.
async fn rewrite(app: &TestApp, client: &mut Client, draft: i64, body: &str) {
    let (section, version) = first_section(app, draft).await;
    let res = save(client, draft, &section, &version, body).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

on_both_backends! {
    async fn a_passage_comment_survives_edits_before_inside_and_after_the_passage(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let mut sam = app.demo_user("sam@bt.com").await;
        let draft = start_draft(&app, &mut dana, &["nhs-wales", "bt"]).await;
        let d = draft.to_string();
        let (section, v1) = first_section(&app, draft).await;

        // The form picks the paragraph holding a selected quote.
        let form = sam.get(&format!("/drafts/{draft}/sections/{section}/passage?quote=report%20%20incidents")).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("id=\"paragraph-0\" name=\"paragraph\" type=\"radio\" value=\"0\" checked"), "{}", form.body);
        assert!(form.body.contains("A second paragraph."), "every paragraph offered");

        let res = start_thread(&mut sam, draft, &section, &v1, "0", "Staff report incidents quickly.", "Within what time?").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let thread = app.scalar("SELECT MAX(id) FROM passage_threads").await;
        assert_eq!(res.location(), Some(format!("/drafts/{draft}/passages/{thread}")));
        let page = dana.get(&format!("/drafts/{draft}")).await;
        let mark = format!("<mark class=\"rt-passage\" data-passage=\"{thread}\" id=\"passage-{thread}\">Staff report incidents quickly.</mark>");
        assert!(page.body.contains(&mark), "{}", page.body);
        assert!(page.body.contains("Comments on passages"));
        let thread_page = format!("/drafts/{draft}/passages/{thread}");

        // Edits before and after the passage: found word for word.
        rewrite(&app, &mut dana, draft, "All boards own cyber risk. Staff report incidents quickly.\n\nA closing paragraph.").await;
        let page = dana.get(&thread_page).await;
        assert!(page.body.contains("The passage still reads as quoted."), "{}", page.body);
        assert!(dana.get(&format!("/drafts/{draft}")).await.body.contains(&mark));
        // The anchor was carried forward to the version it was found in.
        let (_, now_version) = first_section(&app, draft).await;
        assert_eq!(app.scalar(&format!("SELECT version_id FROM passage_threads WHERE id = {thread}")).await.to_string(), now_version);

        // An edit inside it: found as what it became.
        rewrite(&app, &mut dana, draft, "All boards own cyber risk. Staff report every incident within a day.\n\nA closing paragraph.").await;
        let page = sam.get(&thread_page).await;
        assert!(page.body.contains("The passage has changed since. It now reads: “Staff report every incident within a day.”"), "{}", page.body);
        assert!(page.body.contains("Passage changed"));
        assert!(dana.get(&format!("/drafts/{draft}")).await.body.contains(&format!("id=\"passage-{thread}\">Staff report every incident within a day.</mark>")));

        // Removed: orphaned, shown with the original quote.
        rewrite(&app, &mut dana, draft, "All boards own cyber risk.\n\nA closing paragraph.").await;
        let page = sam.get(&thread_page).await;
        assert!(page.body.contains("Orphaned: the passage is no longer in the draft."), "{}", page.body);
        assert!(page.body.contains("Staff report incidents quickly."), "the original quote");
        assert!(!dana.get(&format!("/drafts/{draft}")).await.body.contains("data-passage="), "nothing marked");
        let (_, lost_in) = first_section(&app, draft).await;
        assert_eq!(app.scalar(&format!("SELECT lost_in_version FROM passage_threads WHERE id = {thread}")).await.to_string(), lost_in, "not looked for again in this version");

        // Replies; the starter resolves and reopens.
        let t = thread.to_string();
        assert_eq!(dana.call::<app::passages::api::ReplyToPassage>( &[("draft_id", &d), ("thread_id", &t), ("body", "We removed it: see the new scope.")]).await.status, StatusCode::OK);
        assert_eq!(sam.call::<app::passages::api::ResolvePassage>( &[("draft_id", &d), ("thread_id", &t), ("resolve", "yes")]).await.status, StatusCode::OK);
        let page = sam.get(&thread_page).await;
        assert!(page.body.contains("Resolved by Sam Okafor") && page.body.contains("We removed it"), "{}", page.body);
        assert_eq!(sam.call::<app::passages::api::ResolvePassage>( &[("draft_id", &d), ("thread_id", &t), ("resolve", "no")]).await.status, StatusCode::OK);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM passage_threads WHERE id = {thread} AND resolved_at IS NULL")).await, 1);
        assert_eq!(app.scalar(&format!("SELECT comment_count FROM passage_threads WHERE id = {thread}")).await, 2);

        // Published: the partners' comments are closed, and the count stays.
        app.exec(&format!("UPDATE drafts SET visibility = 'published' WHERE id = {draft}")).await;
        assert_eq!(dana.call::<app::passages::api::ReplyToPassage>( &[("draft_id", &d), ("thread_id", &t), ("body", "Too late")]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(dana.call::<app::passages::api::ResolvePassage>( &[("draft_id", &d), ("thread_id", &t), ("resolve", "yes")]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.scalar(&format!("SELECT comment_count FROM passage_threads WHERE id = {thread}")).await, 2);
    }

    async fn passage_threads_are_for_those_who_may_read_the_draft(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let mut sam = app.demo_user("sam@bt.com").await;
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let mut pat = app.demo_user("pat@example.org").await;
        let draft = start_draft(&app, &mut dana, &["nhs-wales"]).await;
        let d = draft.to_string();
        let (section, v1) = first_section(&app, draft).await;

        // Owners only: BT's Sam can neither start nor read threads.
        assert_eq!(start_thread(&mut sam, draft, &section, &v1, "0", "", "Hi").await.status, StatusCode::NOT_FOUND);
        let res = start_thread(&mut dana, draft, &section, &v1, "1", "", "On the second paragraph.").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let t = app.scalar("SELECT MAX(id) FROM passage_threads").await.to_string();
        assert_eq!(app::with_db!(&app.db, pool => sqlx::query_scalar::<_, String>(&format!("SELECT quote FROM passage_threads WHERE id = {t}")).fetch_one(pool).await).unwrap(), "A second paragraph.", "the whole paragraph");
        for client in [&mut sam, &mut pat] {
            assert_eq!(client.call::<app::passages::api::GetPassageThread>( &[("draft_id", &d), ("id", &t)]).await.status, StatusCode::NOT_FOUND);
            assert_eq!(client.call::<app::passages::api::ReplyToPassage>( &[("draft_id", &d), ("thread_id", &t), ("body", "Hi")]).await.status, StatusCode::NOT_FOUND);
        }

        // Open to partners: a policy maker comments but cannot resolve
        // someone else's thread on a draft they do not own.
        dana.call::<app::drafts::api::SetVisibility>( &[("draft_id", &d), ("visibility", "partners")]).await;
        assert_eq!(priya.call::<app::passages::api::ReplyToPassage>( &[("draft_id", &d), ("thread_id", &t), ("body", "Noted.")]).await.status, StatusCode::OK);
        assert_eq!(priya.call::<app::passages::api::ResolvePassage>( &[("draft_id", &d), ("thread_id", &t), ("resolve", "yes")]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(pat.call::<app::passages::api::GetPassageThread>( &[("draft_id", &d), ("id", &t)]).await.status, StatusCode::NOT_FOUND, "never the public");

        // Bad input: explained, kept, nothing stored.
        let threads = app.scalar("SELECT COUNT(*) FROM passage_threads").await;
        let res = start_thread(&mut dana, draft, &section, &v1, "", "", "").await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("Choose the paragraph") && res.body.contains("Enter your comment."), "{}", res.body);
        let form_page = format!("/drafts/{draft}/sections/{section}/passage");
        let res = dana.post_form::<app::passages::api::StartPassageThread>(&form_page, &[("draft_id", &d), ("section_id", &section), ("version_id", &v1), ("paragraph", "1"), ("quote", "words <not> there"), ("body", "My comment")]).await;
        let page = dana.follow(&res).await;
        assert!(page.body.contains("That quote is not in the paragraph you chose."), "{}", page.body);
        assert!(page.body.contains("words &lt;not&gt; there") && page.body.contains("My comment"), "kept");
        assert_eq!(app.scalar("SELECT COUNT(*) FROM passage_threads").await, threads);
        // The section changed while the passage was being chosen: explained, kept.
        save(&mut dana, draft, &section, &v1, "Boards own cyber risk.\n\nA new second paragraph.").await;
        let res = dana.post_form::<app::passages::api::StartPassageThread>(&form_page, &[("draft_id", &d), ("section_id", &section), ("version_id", &v1), ("paragraph", "0"), ("quote", ""), ("body", "Still my comment")]).await;
        let page = dana.follow(&res).await;
        assert!(page.body.contains("This section changed while you were choosing the passage.") && page.body.contains("Still my comment"), "{}", page.body);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM passage_threads").await, threads);
        // A version of another draft cannot be passed off.
        let other = start_draft(&app, &mut dana, &["nhs-wales"]).await;
        let (_, other_version) = first_section(&app, other).await;
        assert_eq!(start_thread(&mut dana, draft, &section, &other_version, "0", "", "Hi").await.status, StatusCode::NOT_FOUND);
    }
}
