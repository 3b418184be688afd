use crate::on_both_backends;
use axum::http::StatusCode;

fn edit_fields(item: i64, phase: i64, title: &str) -> Vec<(String, String)> {
    [
        ("id", item.to_string()),
        ("phase_id", phase.to_string()),
        ("title", title.to_owned()),
        ("summary", "A new summary".to_owned()),
        ("description", "Now with **Markdown**".to_owned()),
        ("status", "at_risk".to_owned()),
        ("target_day", "1".to_owned()),
        ("target_month", "3".to_owned()),
        ("target_year", "2019".to_owned()),
        ("resp_boards", "Boards do this".to_owned()),
        ("resp_cyber_professionals", String::new()),
        ("resp_health_professionals", String::new()),
        ("resp_partners", String::new()),
        ("resp_policy_makers", String::new()),
        ("resp_public", "The public says".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn borrow(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

on_both_backends! {
    async fn home_shows_the_roadmap_by_phase_with_statuses(app: TestApp) {
        let page = app.client().get("/").await;
        assert_eq!(page.status, StatusCode::OK);
        for year in ["2017", "2018", "2019", "2020"] {
            assert!(page.body.contains(&format!("id=\"phase-{year}\"")), "{year}");
        }
        assert!(page.body.contains("Define the role of NHS boards in cyber security"));
        assert!(page.body.contains("Registration of health and care IT professionals"));
        assert!(page.body.contains("data-status=\"at_risk\""));
        assert!(page.body.contains("Royal College of Nursing"));
    }

    async fn item_page_shows_the_item_and_its_discussion(app: TestApp) {
        let item = app.scalar("SELECT MIN(id) FROM roadmap_items").await;
        let page = app.client().get(&format!("/items/{item}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<strong>board-level risk</strong>"), "description rendered");
        assert!(page.body.contains("NHS boards</dt>"), "responsibilities");
        assert!(page.body.contains("General discussion"));
        assert!(page.body.contains("As a patient"), "demo comments");
    }

    async fn unknown_pages_and_items_answer_404(app: TestApp) {
        let mut client = app.client();
        assert_eq!(client.get("/no/such/page").await.status, StatusCode::NOT_FOUND);
        assert_eq!(client.get("/items/999999").await.status, StatusCode::NOT_FOUND);
        assert_eq!(client.get("/items/not-a-number").await.status, StatusCode::NOT_FOUND);
    }

    async fn policy_maker_edits_an_item(app: TestApp) {
        let item = app.scalar("SELECT MIN(id) FROM roadmap_items").await;
        let phase = app.scalar("SELECT id FROM phases WHERE year = 2019").await;
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let fields = edit_fields(item, phase, "A clearer title");
        let mut with_owner = borrow(&fields);
        let owner = app.scalar("SELECT id FROM institutions WHERE slug = 'rcn'").await.to_string();
        with_owner.push(("owners[]", &owner));
        let res = priya.call::<app::roadmap::api::UpdateItem>( &with_owner).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let page = app.client().get(&format!("/items/{item}")).await;
        assert!(page.body.contains("A clearer title"));
        assert!(page.body.contains("data-status=\"at_risk\""));
        assert!(page.body.contains("1 March 2019"));
        assert!(page.body.contains("Royal College of Nursing"));
        assert!(page.body.contains("The public says"));
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM item_owners WHERE item_id = {item}")).await, 1);
        // The status changed, so the progress timeline says so.
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM item_progress WHERE item_id = {item} AND status = 'at_risk'")).await, 1);
    }

    async fn item_edits_are_validated_field_by_field(app: TestApp) {
        let item = app.scalar("SELECT MIN(id) FROM roadmap_items").await;
        let phase = app.scalar("SELECT id FROM phases WHERE year = 2019").await;
        let mut admin = app.demo_user("admin@roundtable.example").await;
        let mut fields = edit_fields(item, phase, "   ");
        fields.iter_mut().for_each(|(k, v)| match k.as_str() {
            "target_day" => *v = "31".into(),
            "target_month" => *v = "2".into(),
            "status" => *v = "finished".into(),
            _ => {}
        });
        let res = admin.call::<app::roadmap::api::UpdateItem>( &borrow(&fields)).await;
        let json = res.json();
        let invalid = json["Invalid"].as_array().unwrap_or_else(|| panic!("{json}"));
        let fields_in_error: Vec<&str> = invalid.iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(fields_in_error, ["title", "status", "target_date"]);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM roadmap_items WHERE id = {item} AND status = 'done'")).await, 1, "unchanged");
    }

    async fn item_edit_without_javascript_keeps_what_was_typed(app: TestApp) {
        let item = app.scalar("SELECT MIN(id) FROM roadmap_items").await;
        let phase = app.scalar("SELECT id FROM phases WHERE year = 2019").await;
        let mut admin = app.demo_user("admin@roundtable.example").await;
        let mut fields = edit_fields(item, phase, "");
        fields.iter_mut().for_each(|(k, v)| if k == "summary" { *v = "A summary I typed carefully".into() });
        let from = format!("/items/{item}/edit");
        let res = admin.post_form::<app::roadmap::api::UpdateItem>(&from, &borrow(&fields)).await;
        let page = admin.follow(&res).await;
        assert!(page.body.contains("Enter a title."));
        assert!(page.body.contains("A summary I typed carefully"));
        assert!(page.body.contains("Boards do this"));
    }

    async fn only_policy_makers_and_administrators_edit_items(app: TestApp) {
        let item = app.scalar("SELECT MIN(id) FROM roadmap_items").await;
        let phase = app.scalar("SELECT id FROM phases WHERE year = 2019").await;
        let fields = edit_fields(item, phase, "Hijacked");
        for mut client in [app.client(), app.public_user("Jo").await, app.demo_user("dana@wales.nhs.uk").await] {
            let res = client.call::<app::roadmap::api::UpdateItem>( &borrow(&fields)).await;
            assert!(!res.status.is_success());
            assert!(res.body.contains("Forbidden") || res.body.contains("NotSignedIn"), "{}", res.body);
            let page = client.get(&format!("/items/{item}/edit")).await;
            assert!(!page.body.contains("Save changes"));
        }
        assert_eq!(app.scalar("SELECT COUNT(*) FROM roadmap_items WHERE title = 'Hijacked'").await, 0);
    }
}
