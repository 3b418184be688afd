//! Live updates of an open draft (server-sent events): who else is viewing
//! it, the revisions others save, and who may follow a draft at all.

use crate::drafts::{first_section, save, start_draft};
use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use axum::http::StatusCode;

on_both_backends! {
    async fn viewers_see_each_other_and_each_others_saves_as_they_happen(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let mut sam = app.demo_user("sam@bt.com").await;
        let draft = start_draft(&app, &mut dana, &["nhs-wales", "bt"]).await;
        let path = format!("/drafts/{draft}/events?after=1");

        let (status, mut dana_events) = dana.events(&path).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(dana_events.next(5).await, Some(("viewers".into(), "[]".into())), "nobody else yet");
        let (status, mut sam_events) = sam.events(&path).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(sam_events.next(5).await, Some(("viewers".into(), "[\"Dana Evans (NHS Wales)\"]".into())));

        // Sam saves: Dana's page hears of it within a couple of seconds.
        let (section, v1) = first_section(&app, draft).await;
        assert_eq!(save(&mut sam, draft, &section, &v1, "Boards own cyber risk.").await.status, StatusCode::OK);
        let (name, data) = dana_events.next(6).await.expect("a change event");
        assert_eq!(name, "change");
        let changes: serde_json::Value = serde_json::from_str(&data).unwrap();
        assert_eq!(changes[0]["number"], 2);
        assert_eq!(changes[0]["author"], "Sam Okafor");
        assert_eq!(changes[0]["institution"], "BT");
        assert_eq!(changes[0]["section"], "Reporting");

        // A page that closes leaves.
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM draft_viewers WHERE draft_id = {draft}")).await, 2);
        drop(sam_events);
        let mut left = false;
        for _ in 0..50 {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            if app.scalar(&format!("SELECT COUNT(*) FROM draft_viewers WHERE draft_id = {draft}")).await == 1 {
                left = true;
                break;
            }
        }
        assert!(left, "Sam's presence removed when the stream closed");

        // Five pages per account at most; a sign-out ends the streams at
        // their next check (within ten seconds).
        let mut more = Vec::new();
        for _ in 0..4 {
            let (status, events) = dana.events(&path).await;
            assert_eq!(status, StatusCode::OK);
            more.push(events);
        }
        assert_eq!(dana.events(&path).await.0, StatusCode::TOO_MANY_REQUESTS);
        drop(more);
        assert_eq!(dana.call::<app::auth::api::SignOut>( &[]).await.status, StatusCode::OK);
        let mut ended = false;
        for _ in 0..4 {
            if dana_events.next(13).await.is_none() {
                ended = true;
                break;
            }
        }
        assert!(ended, "the stream ended after signing out");
    }

    async fn only_those_who_may_read_a_draft_follow_it(app: TestApp) {
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let draft = start_draft(&app, &mut dana, &["nhs-wales"]).await;
        let path = format!("/drafts/{draft}/events?after=1");
        let mut sam = app.demo_user("sam@bt.com").await;
        let mut pat = app.demo_user("pat@example.org").await;
        assert_eq!(sam.events(&path).await.0, StatusCode::NOT_FOUND, "another institution, owners only");
        assert_eq!(pat.events(&path).await.0, StatusCode::NOT_FOUND, "the public");
        assert_eq!(app.client().events(&path).await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(dana.events("/drafts/999999/events?after=1").await.0, StatusCode::NOT_FOUND);
        app.exec(&format!("UPDATE drafts SET visibility = 'published' WHERE id = {draft}")).await;
        assert_eq!(dana.events(&path).await.0, StatusCode::NOT_FOUND, "a published draft no longer changes");
        assert_eq!(app.scalar("SELECT COUNT(*) FROM draft_viewers").await, 0);
    }
}

/// Two app servers on one PostgreSQL: a revision saved through one reaches
/// a page open on the other within a second (PostgreSQL's NOTIFY, heard by
/// each server's listener), with no polling in between.
#[tokio::test]
async fn a_revision_saved_on_one_server_reaches_a_page_open_on_another_within_a_second() {
    let Some(app) = TestApp::new(Backend::Postgres).await else {
        eprintln!("ROUNDTABLE_TEST_POSTGRES_URL is not set: not run");
        return;
    };
    let other = app.twin().await;
    let mut dana = app.demo_user("dana@wales.nhs.uk").await;
    let sam = app.demo_user("sam@bt.com").await;
    let draft = start_draft(&app, &mut dana, &["nhs-wales", "bt"]).await;

    // Sam's page is open on the other server (his sign-in is valid there).
    let mut sam_there = sam.on(&other);
    let (status, mut events) = sam_there
        .events(&format!("/drafts/{draft}/events?after=1"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        events.next(5).await.map(|(name, _)| name).as_deref(),
        Some("viewers")
    );
    // Let the other server's listener settle, then wait out any event the
    // first check may still send, so what follows is the save's alone.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let (section, v1) = first_section(&app, draft).await;
    let saved_at = std::time::Instant::now();
    assert_eq!(
        save(
            &mut dana,
            draft,
            &section,
            &v1,
            "Saved on the first server."
        )
        .await
        .status,
        StatusCode::OK
    );
    let (name, data) = events.next(2).await.expect("a change event");
    let took = saved_at.elapsed();
    assert_eq!(name, "change", "{data}");
    assert!(data.contains("\"author\":\"Dana Evans\""), "{data}");
    assert!(took < std::time::Duration::from_secs(1), "took {took:?}");
}
