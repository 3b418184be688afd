use crate::on_both_backends;
use crate::support::*;
use axum::http::StatusCode;

/// The item the demo's discussion is on, its general thread and its
/// partner-only thread.
async fn demo_threads(app: &TestApp) -> (i64, i64, i64) {
    let item = app.scalar("SELECT MIN(id) FROM roadmap_items").await;
    let general = app
        .scalar(&format!(
            "SELECT id FROM threads WHERE item_id = {item} AND is_general"
        ))
        .await;
    let partner = app
        .scalar(&format!(
            "SELECT id FROM threads WHERE item_id = {item} AND visibility = 'partners'"
        ))
        .await;
    (item, general, partner)
}

async fn comment_count(app: &TestApp) -> i64 {
    app.scalar("SELECT COUNT(*) FROM comments").await
}

async fn post(client: &mut Client, thread: i64, body: &str) -> Response {
    client
        .call::<app::discussion::api::PostComment>(&[
            ("thread_id", &thread.to_string()),
            ("body", body),
        ])
        .await
}

fn id_of(res: &Response) -> i64 {
    res.body
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("not an id: {} {}", res.status, res.body))
}

/// Whether position `at` of `html` is inside a tag's angle brackets.
fn inside_a_tag(html: &str, at: usize) -> bool {
    let before = &html[..at];
    match (before.rfind('<'), before.rfind('>')) {
        (Some(open), Some(close)) => open > close,
        (Some(_), None) => true,
        _ => false,
    }
}

on_both_backends! {
    async fn anonymous_post_is_refused(app: TestApp) {
        let (_, general, _) = demo_threads(&app).await;
        let before = comment_count(&app).await;
        let res = post(&mut app.client(), general, "hello").await;
        assert_ne!(res.status, StatusCode::OK);
        assert!(res.body.contains("NotSignedIn"), "{}", res.body);
        assert_eq!(comment_count(&app).await, before, "nothing stored");
    }

    async fn signed_in_user_posts_and_the_comment_shows_with_its_badge(app: TestApp) {
        let (item, general, _) = demo_threads(&app).await;
        let mut jo = app.public_user("Jo Public").await;
        let res = post(&mut jo, general, "Boards should publish their **cyber lead**.").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let id = id_of(&res);
        let page = app.client().get(&format!("/items/{item}")).await;
        let at = page.body.find(&format!("id=\"comment-{id}\"")).expect("comment on the page");
        let comment = &page.body[at..at + 900];
        assert!(comment.contains("Jo Public"));
        assert!(comment.contains(">Public</strong>"), "public badge: {comment}");
        assert!(comment.contains("<strong>cyber lead</strong>"), "markdown rendered: {comment}");
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let id = id_of(&post(&mut dana, general, "From NHS Wales").await);
        let page = app.client().get(&format!("/items/{item}")).await;
        let at = page.body.find(&format!("id=\"comment-{id}\"")).unwrap();
        assert!(page.body[at..at + 600].contains(">NHS Wales</strong>"), "institution badge");
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let id = id_of(&post(&mut priya, general, "From policy").await);
        let page = app.client().get(&format!("/items/{item}")).await;
        let at = page.body.find(&format!("id=\"comment-{id}\"")).unwrap();
        assert!(page.body[at..at + 600].contains(">Policy maker</strong>"), "policy maker badge");
    }

    async fn public_user_cannot_read_partner_only_thread(app: TestApp) {
        let (item, _, partner) = demo_threads(&app).await;
        let secret = "Draft wording for the board accountability statement";
        for mut client in [app.client(), app.public_user("Jo").await] {
            let page = client.get(&format!("/items/{item}/threads/{partner}")).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND);
            assert!(!page.body.contains(secret));
            let item_page = client.get(&format!("/items/{item}")).await;
            assert!(!item_page.body.contains("Partner working notes"), "not even listed");
            let api = client.call::<app::discussion::api::GetThreadPage>( &[("item_id", &item.to_string()), ("thread_id", &partner.to_string())]).await;
            assert!(!api.body.contains(secret));
            assert!(api.body.contains("NotFound"), "{}", api.body);
            let res = post(&mut client, partner, "let me in").await;
            assert!(!res.status.is_success());
        }
        assert_eq!(app.scalar("SELECT COUNT(*) FROM comments WHERE body = 'let me in'").await, 0);
    }

    async fn partners_and_policy_makers_read_partner_only_threads(app: TestApp) {
        let (item, _, partner) = demo_threads(&app).await;
        for email in ["sam@bt.com", "policy@roundtable.example", "admin@roundtable.example"] {
            let mut client = app.demo_user(email).await;
            let page = client.get(&format!("/items/{item}/threads/{partner}")).await;
            assert_eq!(page.status, StatusCode::OK, "{email}");
            assert!(page.body.contains("Draft wording for the board accountability statement"), "{email}");
            assert_eq!(post(&mut client, partner, "partner reply").await.status, StatusCode::OK, "{email}");
        }
    }

    async fn nobody_edits_or_deletes_another_users_comment(app: TestApp) {
        let (_, general, _) = demo_threads(&app).await;
        let mut jo = app.public_user("Jo").await;
        let id = id_of(&post(&mut jo, general, "original text").await).to_string();
        let mut sam = app.demo_user("sam@bt.com").await;
        let edit = sam.call::<app::discussion::api::EditComment>( &[("comment_id", &id), ("body", "hijacked")]).await;
        assert!(edit.body.contains("Forbidden"), "{}", edit.body);
        let delete = sam.call::<app::discussion::api::DeleteComment>( &[("comment_id", &id)]).await;
        assert!(delete.body.contains("Forbidden"), "{}", delete.body);
        let anonymous = app.client().call::<app::discussion::api::DeleteComment>( &[("comment_id", &id)]).await;
        assert!(anonymous.body.contains("NotSignedIn"));
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM comments WHERE id = {id} AND body = 'original text' AND deleted_at IS NULL")).await, 1);
    }

    async fn authors_edit_within_fifteen_minutes_only(app: TestApp) {
        let (item, general, _) = demo_threads(&app).await;
        let mut jo = app.public_user("Jo").await;
        let id = id_of(&post(&mut jo, general, "first version").await);
        let res = jo.call::<app::discussion::api::EditComment>( &[("comment_id", &id.to_string()), ("body", "second version")]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let page = app.client().get(&format!("/items/{item}")).await;
        let at = page.body.find(&format!("id=\"comment-{id}\"")).unwrap();
        let html = &page.body[at..at + 700];
        assert!(html.contains("second version") && html.contains("(edited)"), "{html}");
        // Sixteen minutes later the comment is fixed.
        app.exec(&format!("UPDATE comments SET created_at = created_at - 960000 WHERE id = {id}")).await;
        let res = jo.call::<app::discussion::api::EditComment>( &[("comment_id", &id.to_string()), ("body", "third version")]).await;
        assert!(res.body.contains("15 minutes"), "{}", res.body);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM comments WHERE id = {id} AND body = 'second version'")).await, 1);
    }

    async fn deleting_leaves_a_tombstone_and_keeps_the_replies(app: TestApp) {
        let (item, general, _) = demo_threads(&app).await;
        let mut jo = app.public_user("Jo").await;
        let parent = id_of(&post(&mut jo, general, "parent to delete").await);
        let mut sam = app.demo_user("sam@bt.com").await;
        let reply = sam.call::<app::discussion::api::PostComment>( &[("thread_id", &general.to_string()), ("parent_id", &parent.to_string()), ("body", "a reply that stays")]).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let res = jo.call::<app::discussion::api::DeleteComment>( &[("comment_id", &parent.to_string())]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let page = app.client().get(&format!("/items/{item}")).await;
        assert!(!page.body.contains("parent to delete"));
        assert!(page.body.contains("This comment was deleted."));
        assert!(page.body.contains("a reply that stays"));
        let parent_at = page.body.find(&format!("id=\"comment-{parent}\"")).unwrap();
        let reply_at = page.body.find("a reply that stays").unwrap();
        assert!(reply_at > parent_at, "reply still under its parent");
    }

    async fn replies_nest_under_their_parent(app: TestApp) {
        let (item, general, _) = demo_threads(&app).await;
        let mut jo = app.public_user("Jo").await;
        let root = id_of(&post(&mut jo, general, "root comment").await).to_string();
        let child = id_of(&jo.call::<app::discussion::api::PostComment>( &[("thread_id", &general.to_string()), ("parent_id", &root), ("body", "child")]).await).to_string();
        let grandchild = jo.call::<app::discussion::api::PostComment>( &[("thread_id", &general.to_string()), ("parent_id", &child), ("body", "grandchild")]).await;
        assert_eq!(grandchild.status, StatusCode::OK);
        let page = app.client().get(&format!("/items/{item}")).await;
        assert!(page.body.contains(&format!("id=\"comment-{child}\"")));
        let depth2 = page.body.find("rt-comment--depth-2").expect("a second-level reply");
        assert!(page.body[depth2..depth2 + 800].contains("grandchild"));
        // A reply naming a comment of another thread is refused.
        let (_, _, partner) = demo_threads(&app).await;
        let foreign = app.scalar(&format!("SELECT MIN(id) FROM comments WHERE thread_id = {partner}")).await.to_string();
        let res = jo.call::<app::discussion::api::PostComment>( &[("thread_id", &general.to_string()), ("parent_id", &foreign), ("body", "sneaky")]).await;
        assert!(!res.status.is_success());
    }

    async fn long_threads_show_the_newest_first_with_show_more(app: TestApp) {
        let (item, general, _) = demo_threads(&app).await;
        let mut jo = app.public_user("Jo").await;
        for n in 0..45 {
            post(&mut jo, general, &format!("numbered comment {n:02}")).await;
        }
        let page = app.client().get(&format!("/items/{item}")).await;
        assert!(page.body.contains("numbered comment 44"));
        assert!(page.body.contains("numbered comment 25"));
        assert!(!page.body.contains("numbered comment 24"), "only one page of comments");
        let newest = page.body.find("numbered comment 44").unwrap();
        assert!(newest < page.body.find("numbered comment 43").unwrap(), "newest first");
        let start = page.body.find("?before=").expect("a show-more link");
        let cursor: String = page.body[start + 8..].chars().take_while(char::is_ascii_digit).collect();
        let older = app.client().get(&format!("/items/{item}?before={cursor}")).await;
        assert!(older.body.contains("numbered comment 24"));
        assert!(older.body.contains("numbered comment 05"));
        assert!(!older.body.contains("numbered comment 25"));
        let count: i64 = app.scalar(&format!("SELECT comment_count FROM threads WHERE id = {general}")).await;
        assert_eq!(count, 49, "45 new and the demo's 4");
    }

    async fn posting_with_javascript_off_redirects_back_to_the_thread(app: TestApp) {
        let (item, general, _) = demo_threads(&app).await;
        let mut jo = app.public_user("Jo").await;
        let from = format!("/items/{item}");
        let res = jo.post_form::<app::discussion::api::PostComment>(&from, &[("thread_id", &general.to_string()), ("body", "posted without JavaScript")]).await;
        assert!(res.status.is_redirection(), "{:?} {}", res.status, res.body);
        let page = jo.follow(&res).await;
        assert!(page.body.contains("posted without JavaScript"));
    }

    async fn a_refused_comment_with_javascript_off_keeps_the_text(app: TestApp) {
        let (item, general, _) = demo_threads(&app).await;
        let mut jo = app.public_user("Jo").await;
        let from = format!("/items/{item}");
        let long = format!("my carefully written point {}", "x".repeat(10_000));
        let res = jo.post_form::<app::discussion::api::PostComment>(&from, &[("thread_id", &general.to_string()), ("body", &long)]).await;
        let page = jo.follow(&res).await;
        assert!(page.body.contains("10,000 characters or fewer"), "error shown");
        assert!(page.body.contains("my carefully written point"), "text kept");
        assert_eq!(app.scalar("SELECT COUNT(*) FROM comments WHERE body LIKE 'my carefully%'").await, 0);
    }

    async fn partners_start_partner_only_threads_that_the_public_cannot_see(app: TestApp) {
        let (item, _, _) = demo_threads(&app).await;
        let item_s = item.to_string();
        let mut sam = app.demo_user("sam@bt.com").await;
        let res = sam.call::<app::discussion::api::StartThread>( &[("item_id", &item_s), ("title", "Supplier assurance"), ("partner_only", "yes"), ("body", "BT's view on supplier checks")]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let thread = app.scalar("SELECT id FROM threads WHERE title = 'Supplier assurance' AND visibility = 'partners'").await;
        assert_eq!(res.location(), Some(format!("/items/{item}/threads/{thread}")));
        let page = sam.get(&format!("/items/{item}/threads/{thread}")).await;
        assert!(page.body.contains("BT&#x27;s view on supplier checks") || page.body.contains("BT's view on supplier checks"));
        let mut jo = app.public_user("Jo").await;
        assert_eq!(jo.get(&format!("/items/{item}/threads/{thread}")).await.status, StatusCode::NOT_FOUND);
        let refused = jo.call::<app::discussion::api::StartThread>( &[("item_id", &item_s), ("title", "Sneaky"), ("partner_only", "yes"), ("body", "x")]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
        let empty = jo.call::<app::discussion::api::StartThread>( &[("item_id", &item_s), ("title", " "), ("body", " ")]).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(empty.body.contains("Enter a title") && empty.body.contains("Enter your comment"), "{}", empty.body);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM threads WHERE title IN ('Sneaky', ' ')").await, 0);
    }

    async fn comment_scripts_render_inert(app: TestApp) {
        let (item, general, _) = demo_threads(&app).await;
        let mut jo = app.public_user("Jo").await;
        let payloads = [
            "<script>alert('xss-1')</script>",
            "<img src=x onerror=alert('xss-2')>",
            "[click me](javascript:alert('xss-3'))",
            "<a href=\"javascript:alert('xss-4')\">link</a>",
            "[ref link][r]\n\n[r]: javascript:alert('xss-5')",
            "<svg onload=alert('xss-6')></svg>",
            "<iframe src=\"javascript:alert('xss-7')\"></iframe>",
            "[x](&#106;avascript:alert('xss-8'))",
            "\"><script>alert('xss-9')</script>",
            "</script><script>alert('xss-10')</script>",
            "</textarea><img src=x onerror=alert('xss-11')>",
        ];
        for p in payloads {
            let res = post(&mut jo, general, p).await;
            assert_eq!(res.status, StatusCode::OK, "{p}: {}", res.body);
        }
        // The author's own view also carries the Markdown source (for the
        // edit form), serialised into the page for hydration.
        for mut viewer in [app.client(), jo] {
            let page = viewer.get(&format!("/items/{item}")).await;
            let lower = page.body.to_lowercase();
            for tag in ["<script>alert", "<iframe", "<svg", "<img"] {
                if let Some(at) = lower.find(tag) {
                    panic!("{tag} reached the page as a tag: {}", &lower[at.saturating_sub(300)..at + 60]);
                }
            }
            // As text the payloads may show (escaped); inside a tag, never.
            for attribute in ["onerror=", "onload=", "javascript:"] {
                for (at, _) in lower.match_indices(attribute) {
                    assert!(!inside_a_tag(&lower, at), "{attribute} inside a tag: {}", &lower[at.saturating_sub(80)..at + 40]);
                }
            }
        }
    }
}

/// Many readers at once, on one runtime as in production: every page load
/// answers (none waits forever on another's data).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_page_loads_all_answer() {
    let app = TestApp::new(Backend::Sqlite).await.expect("SQLite");
    let (item, general, partner) = demo_threads(&app).await;
    let mut tasks = Vec::new();
    for n in 0..16 {
        let mut client = if n % 2 == 0 {
            app.client()
        } else {
            app.demo_user("sam@bt.com").await
        };
        tasks.push(tokio::spawn(async move {
            for i in 0..25 {
                let path = match (n + i) % 3 {
                    0 => format!("/items/{item}"),
                    1 => format!("/items/{item}/threads/{general}"),
                    _ => format!("/items/{item}/threads/{partner}"),
                };
                let res = client.get(&path).await;
                assert!(
                    res.status == 200 || res.status == 404,
                    "{path}: {}",
                    res.status
                );
            }
        }));
    }
    for task in tasks {
        task.await.expect("no reader failed");
    }
}

/// Page loads while other apps are being built, as when tests run in
/// parallel: building a router walks the app to list its routes, and that
/// walk must not stall the resources of a page rendering at the same time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_answer_while_other_apps_are_built() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    /// Stops the builder however the test ends.
    struct Stop(Arc<AtomicBool>);
    impl Drop for Stop {
        fn drop(&mut self) {
            self.0.store(true, Ordering::Relaxed);
        }
    }

    let app = TestApp::new(Backend::Sqlite).await.expect("SQLite");
    let (item, general, _) = demo_threads(&app).await;
    let stop = Stop(Arc::new(AtomicBool::new(false)));
    let (db, stopped) = (app.db.clone(), stop.0.clone());
    // As another test would: its own thread and runtime.
    let _builder = std::thread::spawn(move || {
        let config = server::config::Config::for_database("sqlite::memory:");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            while !stopped.load(Ordering::Relaxed) {
                let _router = server::router(db.clone(), &config).expect("router");
                tokio::task::yield_now().await;
            }
        })
    });
    let mut client = app.client();
    for i in 0..60 {
        let path = if i % 2 == 0 {
            format!("/items/{item}")
        } else {
            format!("/items/{item}/threads/{general}")
        };
        let res = client.get(&path).await;
        assert_eq!(res.status, 200, "{path}");
    }
}
