//! The policy makers' dashboard, its CSV and JSON exports, and the open
//! read API of outcomes, timelines and gaps.

use crate::on_both_backends;
use crate::support::*;
use app::dashboard::api::GetDashboard;
use axum::http::StatusCode;

/// A theme on the first item's discussion tagging its public comments, and
/// an overdue decision on it.
async fn analysed(app: &TestApp, priya: &mut Client, theme_name: &str) -> i64 {
    use app::outcomes::api::RecordDecision;
    use app::themes::api::{CreateTheme, TagComments};
    let item = app.scalar("SELECT MIN(id) FROM roadmap_items").await;
    let item_text = item.to_string();
    let res = priya
        .call::<CreateTheme>(&[("kind", "item"), ("id", &item_text), ("name", theme_name)])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let theme = app.scalar("SELECT MAX(id) FROM themes").await.to_string();
    let general = app
        .scalar(&format!(
            "SELECT id FROM threads WHERE item_id = {item} AND is_general"
        ))
        .await;
    let first = app
        .scalar(&format!(
            "SELECT MIN(id) FROM comments WHERE thread_id = {general}"
        ))
        .await
        .to_string();
    let second = app
        .scalar(&format!(
            "SELECT MAX(id) FROM comments WHERE thread_id = {general}"
        ))
        .await
        .to_string();
    priya
        .call::<TagComments>(&[
            ("kind", "item"),
            ("id", &item_text),
            ("theme", &theme),
            ("comments[]", &first),
            ("comments[]", &second),
            ("action", "add"),
        ])
        .await;
    let res = priya
        .call::<RecordDecision>(&[
            ("theme_id", &theme),
            ("decision", "Publish the board's cyber lead"),
            ("reason", "Asked for"),
            ("action_owner", "Boards"),
            ("due_on", "2021-01-01"),
            ("status", "planned"),
        ])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    item
}

on_both_backends! {
    async fn the_dashboard_is_for_policy_makers_and_administrators(app: TestApp) {
        let mut anonymous = app.client();
        let mut pat = app.demo_user("pat@example.org").await;
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let mut alex = app.demo_user("admin@roundtable.example").await;
        let mut priya = app.demo_user("policy@roundtable.example").await;
        assert_eq!(anonymous.call::<GetDashboard>(&[]).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(pat.call::<GetDashboard>(&[]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(dana.get("/dashboard").await.status, StatusCode::FORBIDDEN);
        assert_eq!(alex.call::<GetDashboard>(&[]).await.status, StatusCode::OK);
        assert_eq!(pat.get("/dashboard/export/themes.csv").await.status, StatusCode::FORBIDDEN);
        assert_eq!(anonymous.get("/dashboard/export/themes.json").await.status, StatusCode::UNAUTHORIZED);
        let page = priya.get("/dashboard").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<svg") && page.body.contains("role=\"img\""), "server-rendered charts");
        assert!(page.body.contains("/dashboard/export/participation.csv"), "exports linked");
    }

    async fn the_dashboard_counts_what_was_said_decided_and_done(app: TestApp) {
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let item = analysed(&app, &mut priya, "Board transparency").await;
        let d = priya.call::<GetDashboard>(&[]).await.json();
        // Every demo comment was written today: all in the last week.
        let weeks = d["participation"].as_array().unwrap();
        assert_eq!(weeks.len(), 27, "26 weeks and the partial week at each end");
        let total: i64 = weeks.iter().map(|w| w["counts"]["public"].as_i64().unwrap() + w["counts"]["partner"].as_i64().unwrap() + w["counts"]["policy_maker"].as_i64().unwrap()).sum();
        assert_eq!(total, app.scalar("SELECT COUNT(*) FROM comments WHERE deleted_at IS NULL").await);
        let ours = d["themes"].as_array().unwrap().iter().find(|t| t["name"] == "Board transparency").expect("the theme is counted");
        assert_eq!(ours["comments"], 2);
        assert_eq!(d["open_consultations"], 1);
        assert_eq!(d["closed_consultations"], 1, "the demo's closed one");
        let planned = app.scalar("SELECT COUNT(*) FROM decisions WHERE status = 'planned'").await;
        assert_eq!(d["decisions"][0], serde_json::json!(["Planned", planned]));
        assert_eq!(d["overdue"][0]["decision"], "Publish the board's cyber lead");
        let items: i64 = d["items_by_status"].as_array().unwrap().iter().flat_map(|p| p["counts"].as_array().unwrap().iter().map(|n| n.as_i64().unwrap())).sum();
        assert_eq!(items, app.scalar("SELECT COUNT(*) FROM roadmap_items").await);

        // Filtered to another item: none of the first item's figures.
        let other = app.scalar(&format!("SELECT MAX(id) FROM roadmap_items WHERE id <> {item}")).await.to_string();
        let d = priya.call::<GetDashboard>(&[("filters[item]", &other)]).await.json();
        assert!(d["themes"].as_array().unwrap().is_empty() && d["overdue"].as_array().unwrap().is_empty());
        assert_eq!(d["items_by_status"].as_array().unwrap().len(), 1);
        // A range in the past: no comments in it.
        let d = priya.call::<GetDashboard>(&[("filters[from]", "2020-01-01"), ("filters[to]", "2020-01-31")]).await.json();
        assert!(d["participation"].as_array().unwrap().iter().all(|w| w["counts"]["public"] == 0));
        // Bad filters: reported, the defaults shown.
        let d = priya.call::<GetDashboard>(&[("filters[from]", "soon"), ("filters[phase]", "x")]).await.json();
        assert_eq!(d["filter_errors"].as_array().unwrap().len(), 2, "{d}");
        let page = priya.get("/dashboard?from=soon").await;
        assert!(page.body.contains("Enter a date like 2027-01-31.") && page.body.contains("There is a problem with the filters"));
    }

    async fn every_figure_exports_as_csv_and_json_that_agree(app: TestApp) {
        let mut priya = app.demo_user("policy@roundtable.example").await;
        analysed(&app, &mut priya, "=HYPERLINK(\"http://evil.example\")").await;
        for figure in app::dashboard::figures::NAMES {
            let csv = priya.get(&format!("/dashboard/export/{figure}.csv")).await;
            assert_eq!(csv.status, StatusCode::OK, "{figure}");
            assert!(csv.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
            assert!(csv.headers["content-disposition"].to_str().unwrap().contains(&format!("roundtable-{figure}-")));
            let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
            let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
            let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("the CSV parses");
            let json = priya.get(&format!("/dashboard/export/{figure}.json")).await.json();
            assert_eq!(json["figure"], figure);
            let columns: Vec<String> = json["columns"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
            assert_eq!(header, columns, "{figure}: the same columns");
            let json_rows = json["rows"].as_array().unwrap();
            assert_eq!(rows.len(), json_rows.len(), "{figure}: the same rows");
            for (row, object) in rows.iter().zip(json_rows) {
                for (value, column) in row.iter().zip(&columns) {
                    let expected = match &object[column] {
                        serde_json::Value::String(s) if s.starts_with('=') => format!("'{s}"),
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    assert_eq!(value, expected, "{figure}/{column}");
                }
            }
        }
        let themes = priya.get("/dashboard/export/themes.csv").await;
        assert!(themes.body.contains("'=HYPERLINK"), "a formula is never exported as one: {}", themes.body);
        assert_eq!(priya.get("/dashboard/export/nothing.csv").await.status, StatusCode::NOT_FOUND);
        assert_eq!(priya.get("/dashboard/export/themes.xlsx").await.status, StatusCode::NOT_FOUND);
    }

    async fn the_read_api_serves_published_outcomes_timelines_and_gaps_page_by_page(app: TestApp) {
        use app::outcomes::api::PublishOutcome;
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let mut anonymous = app.client();
        let item = analysed(&app, &mut priya, "Board transparency").await;
        assert_eq!(anonymous.get(&format!("/api/v1/outcomes/item/{item}")).await.status, StatusCode::NOT_FOUND, "not before it is published");
        let second = app.scalar(&format!("SELECT MAX(id) FROM roadmap_items WHERE id <> {item}")).await;
        let res = priya.call::<app::themes::api::CreateTheme>(&[("kind", "item"), ("id", &second.to_string()), ("name", "Another")]).await;
        assert_eq!(res.status, StatusCode::OK);
        for id in [item, second] {
            let res = priya.call::<PublishOutcome>(&[("kind", "item"), ("id", &id.to_string()), ("summary", "What we heard.")]).await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        }
        // Ours and the demo's.
        let first_page = anonymous.get("/api/v1/outcomes?per_page=2").await.json();
        assert_eq!((first_page["total"].as_i64(), first_page["data"].as_array().unwrap().len()), (Some(3), 2));
        let next = first_page["next"].as_str().unwrap().to_owned();
        let second_page = anonymous.get(&next).await.json();
        assert_eq!(second_page["page"], 2);
        assert_eq!(second_page["data"].as_array().unwrap().len(), 1);
        assert!(second_page["next"].is_null());
        let ids: Vec<&serde_json::Value> = first_page["data"].as_array().unwrap().iter().chain(second_page["data"].as_array().unwrap()).map(|o| &o["id"]).collect();
        assert!(ids.contains(&&serde_json::json!(item)) && ids.contains(&&serde_json::json!(second)));

        let outcome = anonymous.get(&format!("/api/v1/outcomes/item/{item}")).await;
        assert_eq!(outcome.status, StatusCode::OK);
        let outcome = outcome.json();
        assert_eq!(outcome["themes"][0]["name"], "Board transparency");
        assert_eq!(outcome["themes"][0]["decisions"][0]["decision"], "Publish the board's cyber lead");
        assert!(!outcome.to_string().contains("Draft wording for the board accountability statement"), "no partner-only text");

        for n in 0..3 {
            let res = priya.call::<app::progress::api::RecordProgress>(&[("item_id", &item.to_string()), ("status", "on_track"), ("note", &format!("Step {n}"))]).await;
            assert_eq!(res.status, StatusCode::OK);
        }
        let timeline = anonymous.get(&format!("/api/v1/items/{item}/timeline?per_page=2")).await.json();
        assert_eq!(timeline["total"], 4, "ours and the demo's");
        assert_eq!(timeline["data"][0]["note"], "Step 2");
        assert_eq!(anonymous.get(&format!("/api/v1/items/{item}/timeline?page=2&per_page=2")).await.json()["data"][0]["note"], "Step 0");
        let gaps = anonymous.get("/api/v1/gaps").await.json();
        assert!(gaps["total"].as_i64().unwrap() >= 1);
        let bad = anonymous.get("/api/v1/gaps?page=0").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.json()["error"].as_str().unwrap().contains("page"));
        assert_eq!(anonymous.get("/api/v1/gaps?per_page=1000").await.status, StatusCode::BAD_REQUEST);
        assert_eq!(anonymous.get("/api/v1/items/999999/timeline").await.status, StatusCode::NOT_FOUND);
        assert_eq!(anonymous.get("/api/v1/outcomes/nothing/1").await.status, StatusCode::NOT_FOUND);
    }
}
