//! Shared drafts: writing together, concurrent edits, history, and who may
//! see and change what.

use crate::on_both_backends;
use crate::support::*;
use axum::http::StatusCode;

/// The id of an institution by slug, as text for forms.
pub(crate) async fn institution(app: &TestApp, slug: &str) -> String {
    app.scalar(&format!(
        "SELECT id FROM institutions WHERE slug = '{slug}'"
    ))
    .await
    .to_string()
}

/// Dana (NHS Wales) starts a draft owned by `owners` (each other owner's
/// invitation accepted by a lead of it); returns its id.
pub(crate) async fn start_draft(app: &TestApp, dana: &mut Client, owners: &[&str]) -> i64 {
    let mut ids = Vec::new();
    for slug in owners {
        ids.push(institution(app, slug).await);
    }
    let mut fields = vec![
        ("title", "Incident reporting across health and care"),
        ("item_id", ""),
        ("quorum", "all"),
        ("heading", "Reporting"),
        (
            "body",
            "Boards own cyber risk. Staff report incidents quickly.\n\nA second paragraph.",
        ),
    ];
    for id in &ids {
        fields.push(("owners[]", id));
    }
    let res = dana.call::<app::drafts::api::CreateDraft>(&fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let id = app.scalar("SELECT MAX(id) FROM drafts").await;
    assert_eq!(res.location(), Some(format!("/drafts/{id}")));
    // The other institutions are invited; a lead of each accepts.
    for (slug, institution) in owners.iter().zip(&ids).filter(|(s, _)| **s != "nhs-wales") {
        let mut lead = app.partner(&format!("Lead of {slug}"), slug, "lead").await;
        let res = answer(&mut lead, id, institution, "accept").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    id
}

/// A lead's answer (`accept` or `decline`) to their institution's invitation.
pub(crate) async fn answer(
    client: &mut Client,
    draft: i64,
    institution: &str,
    answer: &str,
) -> Response {
    let draft = draft.to_string();
    client
        .call::<app::drafts::api::AnswerInvitation>(&[
            ("draft_id", &draft),
            ("institution_id", institution),
            ("answer", answer),
        ])
        .await
}

pub(crate) async fn first_section(app: &TestApp, draft: i64) -> (String, String) {
    let section = app.scalar(&format!(
        "SELECT section_id FROM revision_sections WHERE draft_id = {draft} AND number = (SELECT current_revision FROM drafts WHERE id = {draft}) AND position = 0")).await;
    let version = app.scalar(&format!(
        "SELECT version_id FROM revision_sections WHERE draft_id = {draft} AND section_id = {section} AND number = (SELECT current_revision FROM drafts WHERE id = {draft})")).await;
    (section.to_string(), version.to_string())
}

pub(crate) async fn save(
    client: &mut Client,
    draft: i64,
    section: &str,
    base: &str,
    body: &str,
) -> Response {
    let draft = draft.to_string();
    client
        .call::<app::drafts::api::SaveSection>(&[
            ("draft_id", &draft),
            ("section_id", section),
            ("base_version", base),
            ("heading", "Reporting"),
            ("body", body),
        ])
        .await
}

pub(crate) async fn sign_off(
    client: &mut Client,
    draft: i64,
    revision: &str,
    statement: &str,
) -> Response {
    let draft = draft.to_string();
    client
        .call::<app::drafts::api::SignOff>(&[
            ("draft_id", draft.as_str()),
            ("revision", revision),
            ("statement", statement),
        ])
        .await
}

pub(crate) async fn current_body(app: &TestApp, draft: i64) -> String {
    app::with_db!(&app.db, pool => sqlx::query_scalar(&format!(
        "SELECT v.body FROM revision_sections s JOIN section_versions v ON v.id = s.version_id
         WHERE s.draft_id = {draft} AND s.number = (SELECT current_revision FROM drafts WHERE id = {draft}) AND s.position = 0"))
        .fetch_one(pool).await).unwrap()
}

on_both_backends! {
    async fn partners_of_two_institutions_write_one_draft(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let draft = start_draft(&app, &mut dana, &["nhs-wales", "bt"]).await;
        let page = dana.get(&format!("/drafts/{draft}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Incident reporting across health and care"));
        assert!(page.body.contains("BT, NHS Wales"), "both owners shown");
        assert!(page.body.contains("Revision 1: Dana Evans (NHS Wales) started the draft"), "{}", page.body);

        // Sam, at BT, edits it too.
        let mut sam = app.demo_user("sam@bt.com").await;
        let (section, v1) = first_section(&app, draft).await;
        let res = save(&mut sam, draft, &section, &v1, "Boards own cyber risk. Staff report **every** incident quickly.").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let page = sam.get(&format!("/drafts/{draft}")).await;
        assert!(page.body.contains("<strong>every</strong>"), "Markdown rendered");
        assert!(page.body.contains("Revision 2: Sam Okafor (BT) edited “Reporting”"), "{}", page.body);
        assert!(dana.get("/drafts").await.body.contains("Incident reporting across health and care"));
    }

    async fn owners_only_drafts_are_hidden_from_everyone_else_even_by_id(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let draft = start_draft(&app, &mut dana, &["nhs-wales"]).await;
        let (section, version) = first_section(&app, draft).await;
        let d = draft.to_string();
        let mut sam = app.demo_user("sam@bt.com").await;
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let mut pat = app.demo_user("pat@example.org").await;
        let mut anonymous = app.client();
        for (who, client) in [("other partner", &mut sam), ("policy maker", &mut priya), ("public", &mut pat), ("anonymous", &mut anonymous)] {
            assert_eq!(client.call::<app::pages::draft::api::GetDraft>( &[("id", &d)]).await.status, StatusCode::NOT_FOUND, "{who}");
            let page = client.get(&format!("/drafts/{draft}")).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{who}");
            assert!(!page.body.contains("Boards own cyber risk"), "{who}");
            assert_eq!(client.call::<app::drafts::api::GetHistory>( &[("draft_id", &d)]).await.status, StatusCode::NOT_FOUND, "{who}");
            assert_eq!(client.call::<app::drafts::api::Compare>( &[("draft_id", &d), ("from", "1"), ("to", "1")]).await.status, StatusCode::NOT_FOUND, "{who}");
            assert_eq!(client.call::<app::drafts::api::GetSectionVersion>( &[("draft_id", &d), ("version_id", &version)]).await.status, StatusCode::NOT_FOUND, "{who}");
            assert!(!client.call::<app::drafts::api::GetDrafts>( &[]).await.body.contains("Incident reporting"), "{who}: not listed");
            let res = save(client, draft, &section, &version, "Taken over").await;
            assert!(res.status == StatusCode::NOT_FOUND || res.status == StatusCode::UNAUTHORIZED, "{who}: {}", res.status);
        }

        // Opened to all partners: other partners and policy makers read it,
        // but only the owners edit it, and the public still sees nothing.
        let res = dana.call::<app::drafts::api::SetVisibility>( &[("draft_id", &d), ("visibility", "partners")]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(sam.call::<app::pages::draft::api::GetDraft>( &[("id", &d)]).await.status, StatusCode::OK);
        assert_eq!(priya.call::<app::pages::draft::api::GetDraft>( &[("id", &d)]).await.status, StatusCode::OK);
        assert_eq!(pat.call::<app::pages::draft::api::GetDraft>( &[("id", &d)]).await.status, StatusCode::NOT_FOUND);
        let res = save(&mut sam, draft, &section, &version, "Taken over").await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(sam.call::<app::drafts::api::ArrangeSection>( &[("draft_id", &d), ("section_id", &section), ("action", "remove")]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(sam.call::<app::drafts::api::SetVisibility>( &[("draft_id", &d), ("visibility", "owners")]).await.status, StatusCode::FORBIDDEN);
        // Nobody publishes by changing visibility.
        assert_eq!(dana.call::<app::drafts::api::SetVisibility>( &[("draft_id", &d), ("visibility", "published")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(current_body(&app, draft).await.starts_with("Boards own cyber risk"), "unchanged");

        // A published draft is frozen, even for its owners.
        app.exec(&format!("UPDATE drafts SET visibility = 'published' WHERE id = {draft}")).await;
        assert_eq!(pat.call::<app::pages::draft::api::GetDraft>( &[("id", &d)]).await.status, StatusCode::OK, "published drafts are public");
        assert_eq!(save(&mut dana, draft, &section, &version, "Changed after publishing").await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.scalar(&format!("SELECT current_revision FROM drafts WHERE id = {draft}")).await, 1, "no revision added");
    }

    async fn simultaneous_edits_merge_or_show_both_texts_and_lose_nothing(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let mut sam = app.demo_user("sam@bt.com").await;
        let draft = start_draft(&app, &mut dana, &["nhs-wales", "bt"]).await;
        let (section, v1) = first_section(&app, draft).await;

        // Both start from revision 1; they change different sentences.
        let res = save(&mut dana, draft, &section, &v1, "Boards own and review cyber risk. Staff report incidents quickly.\n\nA second paragraph.").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let res = save(&mut sam, draft, &section, &v1, "Boards own cyber risk. Staff report incidents within a day.\n\nA second paragraph.").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(current_body(&app, draft).await, "Boards own and review cyber risk. Staff report incidents within a day.\n\nA second paragraph.");
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM draft_revisions WHERE draft_id = {draft} AND kind = 'merged'")).await, 1);

        // Now both change the same words: the second is not saved, and learns
        // which version to compare with.
        let (_, v3) = first_section(&app, draft).await;
        let res = save(&mut dana, draft, &section, &v3, "Boards own and review cyber risk. Staff report incidents at once.\n\nA second paragraph.").await;
        assert_eq!(res.status, StatusCode::OK);
        let revisions = app.scalar(&format!("SELECT current_revision FROM drafts WHERE id = {draft}")).await;
        let sams_text = "Boards own and review cyber risk. Staff report incidents within four hours.\n\nA second paragraph.";
        let res = save(&mut sam, draft, &section, &v3, sams_text).await;
        assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
        let (_, v4) = first_section(&app, draft).await;
        assert_eq!(res.json()["Conflict"]["current_version"].to_string(), v4);
        assert_eq!(app.scalar(&format!("SELECT current_revision FROM drafts WHERE id = {draft}")).await, revisions, "nothing saved");

        // Without JavaScript: back to the form, with Sam's text kept and Dana's beside it.
        let edit = format!("/drafts/{draft}/sections/{section}/edit");
        let d = draft.to_string();
        let res = sam.post_form::<app::drafts::api::SaveSection>(&edit, &[("draft_id", &d), ("section_id", &section), ("base_version", &v3), ("heading", "Reporting"), ("body", sams_text)]).await;
        let page = sam.follow(&res).await;
        assert!(page.body.contains("Someone changed the same words of this section"), "{}", page.body);
        assert!(page.body.contains("Their version") && page.body.contains("incidents at once"), "their text shown");
        assert!(page.body.contains("incidents within four hours"), "Sam's text kept");
        assert!(page.body.contains(&format!("value=\"{v4}\"")), "the next save builds on their version");

        // Sam settles it, from their version.
        let res = save(&mut sam, draft, &section, &v4, "Boards own and review cyber risk. Staff report incidents at once, and within four hours at most.\n\nA second paragraph.").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let settled = current_body(&app, draft).await;
        assert!(settled.contains("at once, and within four hours"), "{settled}");

        // Truly at the same moment: both requests in flight together still
        // give two revisions, one merged, and neither change is lost.
        let (_, v5_base) = first_section(&app, draft).await;
        let base_text = current_body(&app, draft).await;
        let (a, b) = (base_text.replace("Boards own", "Boards fully own"), base_text.replace("second paragraph", "closing paragraph"));
        let (ra, rb) = tokio::join!(save(&mut dana, draft, &section, &v5_base, &a), save(&mut sam, draft, &section, &v5_base, &b));
        assert_eq!((ra.status, rb.status), (StatusCode::OK, StatusCode::OK), "{} {}", ra.body, rb.body);
        let both = current_body(&app, draft).await;
        assert!(both.contains("Boards fully own") && both.contains("closing paragraph"), "{both}");
    }

    async fn texts_too_different_to_merge_in_time_save_nothing_and_block_no_one(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let mut sam = app.demo_user("sam@bt.com").await;
        let mut pat = app.demo_user("pat@example.org").await;
        let draft = start_draft(&app, &mut dana, &["nhs-wales", "bt"]).await;
        let (section, v1) = first_section(&app, draft).await;
        // Sections at the size limit, each unlike the others in every word.
        assert_eq!(save(&mut dana, draft, &section, &v1, &"c\n".repeat(25_000)).await.status, StatusCode::OK);
        let (_, base) = first_section(&app, draft).await;
        let danas = "a ".repeat(25_000);
        assert_eq!(save(&mut dana, draft, &section, &base, &danas).await.status, StatusCode::OK);
        let revisions = app.scalar(&format!("SELECT current_revision FROM drafts WHERE id = {draft}")).await;

        // Sam saves from the older version while Pat comments: the comment
        // is written while the merge is still being tried, not after it.
        let thread = app.scalar("SELECT MIN(id) FROM threads WHERE visibility = 'public'").await.to_string();
        let merging = async {
            let res = save(&mut sam, draft, &section, &base, &"b\t".repeat(25_000)).await;
            (res, std::time::Instant::now())
        };
        let commenting = async {
            let res = pat.call::<app::discussion::api::PostComment>(&[("thread_id", &thread), ("body", "Written meanwhile")]).await;
            (res, std::time::Instant::now())
        };
        let ((merged, merged_at), (commented, commented_at)) = tokio::join!(merging, commenting);
        assert_eq!(merged.status, StatusCode::CONFLICT, "{}", merged.body);
        assert!(merged.body.contains("too different to merge automatically"), "{}", merged.body);
        assert_eq!(commented.status, StatusCode::OK, "{}", commented.body);
        assert!(commented_at < merged_at, "the comment waited for the merge");
        assert_eq!(app.scalar(&format!("SELECT current_revision FROM drafts WHERE id = {draft}")).await, revisions, "nothing saved");
        assert_eq!(current_body(&app, draft).await, danas.trim_end());
    }

    async fn sections_are_arranged_and_any_revision_compared_or_restored(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let draft = start_draft(&app, &mut dana, &["nhs-wales"]).await;
        let d = draft.to_string();
        let (first, v1) = first_section(&app, draft).await;
        // The last section cannot go.
        let res = dana.call::<app::drafts::api::ArrangeSection>( &[("draft_id", &d), ("section_id", &first), ("action", "remove")]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("at least one section"));

        let res = dana.call::<app::drafts::api::AddSection>( &[("draft_id", &d), ("heading", "Training"), ("body", "Every board member completes training."), ("message", "Training was missing")]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let second = app.scalar(&format!("SELECT MAX(id) FROM draft_sections WHERE draft_id = {draft}")).await.to_string();
        let res = dana.call::<app::drafts::api::ArrangeSection>( &[("draft_id", &d), ("section_id", &second), ("action", "up")]).await;
        assert_eq!(res.status, StatusCode::OK);
        let page = dana.get(&format!("/drafts/{draft}")).await;
        assert!(page.body.find("Training").unwrap() < page.body.find("Boards own cyber risk").unwrap(), "moved up");
        save(&mut dana, draft, &first, &v1, "Boards own cyber risk. Staff report incidents within a day.").await;
        let res = dana.call::<app::drafts::api::ArrangeSection>( &[("draft_id", &d), ("section_id", &second), ("action", "remove")]).await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(app.scalar(&format!("SELECT current_revision FROM drafts WHERE id = {draft}")).await, 5);

        // History, newest first, with the note.
        let history = dana.get(&format!("/drafts/{draft}/history")).await;
        assert!(history.body.contains("Revision 5: Dana Evans (NHS Wales) removed “Training”"), "{}", history.body);
        assert!(history.body.contains("Training was missing"));
        let section_history = dana.call::<app::drafts::api::GetHistory>( &[("draft_id", &d), ("section_id", &first)]).await.json();
        assert_eq!(section_history["revisions"].as_array().unwrap().len(), 2, "created and edited");

        // Compare 1 with 4, word by word.
        let compare = dana.get(&format!("/drafts/{draft}/compare?from=1&to=4")).await;
        assert_eq!(compare.status, StatusCode::OK);
        assert!(compare.body.contains("[removed: </span>quickly"), "{}", compare.body);
        assert!(compare.body.contains("[added: </span>within a day"));
        assert!(compare.body.contains("Section added"));
        let side = dana.get(&format!("/drafts/{draft}/compare?from=4&to=1&view=side")).await;
        assert!(side.body.contains("Before") && side.body.contains("After"));

        // Restoring revision 1 makes revision 6 with revision 1's text.
        let res = dana.call::<app::drafts::api::RestoreRevision>( &[("draft_id", &d), ("number", "1")]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(app.scalar(&format!("SELECT current_revision FROM drafts WHERE id = {draft}")).await, 6);
        assert!(current_body(&app, draft).await.ends_with("incidents quickly.\n\nA second paragraph."));
        assert_eq!(dana.call::<app::drafts::api::RestoreRevision>( &[("draft_id", &d), ("number", "99")]).await.status, StatusCode::NOT_FOUND);
    }

    async fn bad_draft_input_is_explained_and_nothing_is_stored(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let bt = institution(&app, "bt").await;
        let drafts = app.scalar("SELECT COUNT(*) FROM drafts").await;
        // JavaScript off: messages beside the fields, the text kept.
        let res = dana.post_form::<app::drafts::api::CreateDraft>("/drafts/new", &[
            ("title", ""), ("item_id", "99999"), ("owners[]", &bt), ("quorum", "count"), ("quorum_count", "5"),
            ("heading", "Scope"), ("body", "Text with <script>alert(1)</script> kept"),
        ]).await;
        let page = dana.follow(&res).await;
        for message in ["Enter a title for the draft.", "Choose a roadmap item from the list.", "Your own institution must be one of the owners.", "Enter how many owners must sign off"] {
            assert!(page.body.contains(message), "{message}");
        }
        assert!(page.body.contains("Text with &lt;script&gt;alert(1)&lt;/script&gt; kept"), "kept, escaped");
        assert_eq!(app.scalar("SELECT COUNT(*) FROM drafts").await, drafts);

        // The public cannot start drafts.
        let mut pat = app.demo_user("pat@example.org").await;
        assert_eq!(pat.call::<app::drafts::api::CreateDraft>( &[("title", "x"), ("item_id", ""), ("quorum", "all"), ("heading", "x"), ("body", "x")]).await.status, StatusCode::FORBIDDEN);

        let draft = start_draft(&app, &mut dana, &["nhs-wales"]).await;
        let (section, version) = first_section(&app, draft).await;
        let d = draft.to_string();
        let long = "word ".repeat(10_001);
        let res = dana.call::<app::drafts::api::SaveSection>( &[("draft_id", &d), ("section_id", &section), ("base_version", &version), ("heading", " "), ("body", &long)]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("Enter a heading for the section.") && res.body.contains("50,000 characters or fewer"));
        assert_eq!(app.scalar(&format!("SELECT current_revision FROM drafts WHERE id = {draft}")).await, 1);
        // A version of another section cannot be passed off as the base.
        let res = dana.call::<app::drafts::api::SaveSection>( &[("draft_id", &d), ("section_id", &section), ("base_version", "999999"), ("heading", "Reporting"), ("body", "New")]).await;
        assert_eq!(res.status, StatusCode::CONFLICT);
    }

    async fn each_owning_institution_signs_off_an_exact_revision(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let draft = start_draft(&app, &mut dana, &["nhs-wales", "bt"]).await;
        // A member who is not a lead cannot sign off; nor can a lead of
        // another institution, or a policy maker.
        let mut sam = app.demo_user("sam@bt.com").await;
        assert_eq!(sign_off(&mut sam, draft, "1", "BT agrees").await.status, StatusCode::FORBIDDEN);
        let mut priya = app.demo_user("policy@roundtable.example").await;
        assert_eq!(sign_off(&mut priya, draft, "1", "Agreed").await.status, StatusCode::NOT_FOUND, "owners only: not even visible");
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM draft_sign_offs WHERE draft_id = {draft}")).await, 0);

        // Dana, NHS Wales's lead, signs off revision 1.
        let res = sign_off(&mut dana, draft, "1", "NHS Wales signs off the reporting section as written.").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let again = sign_off(&mut dana, draft, "1", "Twice").await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.body.contains("already signed off"));
        let page = dana.get(&format!("/drafts/{draft}")).await;
        assert!(page.body.contains("1 of 2 owning institutions needed have signed off revision 1."), "{}", page.body);
        assert!(page.body.contains("It cannot be published yet."));

        // The draft changes: the sign-off stays, against revision 1, no longer current.
        let (section, v1) = first_section(&app, draft).await;
        save(&mut sam, draft, &section, &v1, "Boards own cyber risk. Staff report incidents within a day.").await;
        let page = dana.get(&format!("/drafts/{draft}")).await;
        assert!(page.body.contains("NHS Wales signed off revision 1") && page.body.contains("No longer current"));
        assert!(page.body.contains("0 of 2 owning institutions needed have signed off revision 2."));
        // Signing off what one read before the change is refused.
        let stale = sign_off(&mut dana, draft, "1", "Late").await;
        assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(stale.body.contains("changed after you opened it"));

        // Both leads sign off revision 2: the quorum holds.
        assert_eq!(sign_off(&mut dana, draft, "2", "NHS Wales agrees.").await.status, StatusCode::OK);
        app.exec("UPDATE memberships SET role = 'lead' WHERE user_id = (SELECT id FROM users WHERE email = 'sam@bt.com')").await;
        let res = sign_off(&mut sam, draft, "2", "BT agrees.").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let page = dana.get(&format!("/drafts/{draft}")).await;
        assert!(page.body.contains("2 of 2 owning institutions needed have signed off revision 2. It can be published."));

        // Each sign-off is in the audit log, whose chain holds, and breaks
        // if an entry is altered.
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'draft.sign_off' AND subject = 'draft:{draft}'")).await, 3);
        let verified = app::audit::verify(&app.db, &app.secret_key).await.unwrap();
        assert_eq!(verified.broken_at, None);
        assert!(verified.entries >= 3);
        let second = app.scalar("SELECT MIN(id) FROM audit_log WHERE action = 'draft.sign_off' AND detail LIKE '%\"revision\":2%'").await;
        app.exec(&format!("UPDATE audit_log SET detail = REPLACE(detail, 'agrees', 'disagrees') WHERE id = {second}")).await;
        assert_eq!(app::audit::verify(&app.db, &app.secret_key).await.unwrap().broken_at, Some(second));
    }
}
