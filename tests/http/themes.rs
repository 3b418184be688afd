//! Response analysis: themes made, renamed and merged, comments tagged many
//! at once, counts per stakeholder group, filters, and who may do any of it.

use crate::on_both_backends;
use crate::support::*;
use app::themes::api::{
    CreateTheme, GetAnalysis, GetCommentThemes, MergeTheme, SetCommentThemes, TagComments,
    UpdateTheme,
};
use axum::http::StatusCode;

async fn create_theme(client: &mut Client, kind: &str, id: i64, name: &str) -> Response {
    let id = id.to_string();
    client
        .call::<CreateTheme>(&[
            ("kind", kind),
            ("id", &id),
            ("name", name),
            ("description", ""),
        ])
        .await
}

async fn theme_id(app: &TestApp, name: &str) -> i64 {
    app.scalar(&format!("SELECT id FROM themes WHERE name = '{name}'"))
        .await
}

async fn tag(
    client: &mut Client,
    kind: &str,
    id: i64,
    theme: i64,
    comments: &[i64],
    action: &str,
) -> Response {
    let id = id.to_string();
    let theme = theme.to_string();
    let ids: Vec<String> = comments.iter().map(i64::to_string).collect();
    let mut fields = vec![
        ("kind", kind),
        ("id", id.as_str()),
        ("theme", theme.as_str()),
        ("action", action),
    ];
    for c in &ids {
        fields.push(("comments[]", c));
    }
    client.call::<TagComments>(&fields).await
}

async fn analysis(
    client: &mut Client,
    kind: &str,
    id: i64,
    filters: &[(&str, &str)],
) -> serde_json::Value {
    let id = id.to_string();
    let mut fields = vec![("kind", kind), ("id", id.as_str())];
    let named: Vec<(String, &str)> = filters
        .iter()
        .map(|(k, v)| (format!("filters[{k}]"), *v))
        .collect();
    for (k, v) in &named {
        fields.push((k, v));
    }
    let res = client.call::<GetAnalysis>(&fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
}

async fn set_themes(client: &mut Client, comment: i64, themes: &[i64]) -> Response {
    let comment = comment.to_string();
    let ids: Vec<String> = themes.iter().map(i64::to_string).collect();
    let mut fields = vec![("comment_id", comment.as_str())];
    for t in &ids {
        fields.push(("themes[]", t));
    }
    client.call::<SetCommentThemes>(&fields).await
}

async fn comment_themes(client: &mut Client, comment: i64) -> serde_json::Value {
    let res = client
        .call::<GetCommentThemes>(&[("comment_id", &comment.to_string())])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
}

fn listed(page: &serde_json::Value) -> Vec<i64> {
    page["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

/// The demo's first item: its general thread (Pat, Dana's and Priya's
/// replies, Sam) and Dana's partner-only thread.
async fn first_item(app: &TestApp) -> (i64, Vec<i64>, i64) {
    let item = app.scalar("SELECT MIN(id) FROM roadmap_items").await;
    let general = app
        .scalar(&format!(
            "SELECT id FROM threads WHERE item_id = {item} AND is_general"
        ))
        .await;
    let mut public = Vec::new();
    for n in 0..4 {
        public.push(app.scalar(&format!("SELECT id FROM comments WHERE thread_id = {general} ORDER BY id LIMIT 1 OFFSET {n}")).await);
    }
    let partner = app.scalar(&format!(
        "SELECT c.id FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.item_id = {item} AND t.visibility = 'partners'")).await;
    (item, public, partner)
}

on_both_backends! {
    async fn analysts_group_comments_into_themes_counted_per_stakeholder_group(app: TestApp) {
        let demo_themes = app.scalar("SELECT COUNT(*) FROM themes").await;
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let (item, public, partner) = first_item(&app).await;

        // Only analysts: not the public, not partners, not anonymous visitors.
        let mut pat = app.demo_user("pat@example.org").await;
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        let mut anonymous = app.client();
        assert_eq!(create_theme(&mut pat, "item", item, "Mine").await.status, StatusCode::FORBIDDEN);
        assert_eq!(create_theme(&mut dana, "item", item, "Mine").await.status, StatusCode::FORBIDDEN);
        assert_eq!(create_theme(&mut anonymous, "item", item, "Mine").await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(pat.call::<GetAnalysis>(&[("kind", "item"), ("id", &item.to_string())]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(pat.get(&format!("/items/{item}/analysis")).await.status, StatusCode::FORBIDDEN);
        assert_eq!(create_theme(&mut priya, "item", 999_999, "Mine").await.status, StatusCode::NOT_FOUND);
        assert_eq!(create_theme(&mut priya, "elsewhere", item, "Mine").await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM themes").await, demo_themes);

        // Bad input: a clear message, nothing stored.
        let res = create_theme(&mut priya, "item", item, "   ").await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("Enter the theme"), "{}", res.body);
        assert_eq!(create_theme(&mut priya, "item", item, "Board transparency").await.status, StatusCode::OK);
        let res = create_theme(&mut priya, "item", item, "board TRANSPARENCY").await;
        assert!(res.body.contains("There is already a theme called"), "{}", res.body);
        assert_eq!(create_theme(&mut priya, "item", item, "Comparing boards").await.status, StatusCode::OK);
        let transparency = theme_id(&app, "Board transparency").await;
        let comparing = theme_id(&app, "Comparing boards").await;

        // Everything untagged at first; partner-only comments included for a policy maker.
        let page = analysis(&mut priya, "item", item, &[]).await;
        assert_eq!(page["comment_count"], 5);
        assert_eq!(page["untagged_count"], 5);
        assert!(listed(&page).contains(&partner));

        // Many at once, from the list; repeats are harmless.
        let res = tag(&mut priya, "item", item, transparency, &[public[0], public[1], partner], "add").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(tag(&mut priya, "item", item, transparency, &[public[0]], "add").await.status, StatusCode::OK);
        assert_eq!(tag(&mut priya, "item", item, comparing, &[public[3], public[0]], "add").await.status, StatusCode::OK);
        let page = analysis(&mut priya, "item", item, &[]).await;
        assert_eq!(page["untagged_count"], 1, "only Priya's reply is left");
        let first = &page["themes"][0];
        assert_eq!(first["name"], "Board transparency");
        assert_eq!(first["counts"], serde_json::json!({ "public": 1, "partner": 2, "policy_maker": 0 }));
        assert_eq!(page["themes"][1]["counts"], serde_json::json!({ "public": 1, "partner": 1, "policy_maker": 0 }));

        // The list's filters: by theme, untagged, stakeholder group, date.
        let by_theme = analysis(&mut priya, "item", item, &[("theme", &comparing.to_string())]).await;
        assert_eq!(listed(&by_theme), vec![public[3], public[0]]);
        assert_eq!(listed(&analysis(&mut priya, "item", item, &[("untagged", "1")]).await), vec![public[2]]);
        assert_eq!(listed(&analysis(&mut priya, "item", item, &[("group", "public")]).await), vec![public[0]]);
        let today = app::time_fmt::uk_date(app::db::now_ms()).to_string();
        assert_eq!(listed(&analysis(&mut priya, "item", item, &[("from", &today)]).await).len(), 5);
        let tomorrow = (app::time_fmt::uk_date(app::db::now_ms()) + time::Duration::days(1)).to_string();
        assert!(listed(&analysis(&mut priya, "item", item, &[("from", &tomorrow)]).await).is_empty());
        let bad = analysis(&mut priya, "item", item, &[("from", "yesterday"), ("group", "martians")]).await;
        assert_eq!(bad["filter_errors"].as_array().unwrap().len(), 2, "{bad}");
        assert!(listed(&bad).is_empty());

        // The page itself, as a browser sees it: counts, the filter kept.
        let html = priya.get(&format!("/items/{item}/analysis?untagged=1")).await;
        assert_eq!(html.status, StatusCode::OK);
        assert!(html.body.contains("Board transparency") && html.body.contains("5 comments, 1 not yet in a theme."), "{}", html.body);
        let html = priya.get(&format!("/items/{item}/analysis?from=yesterday")).await;
        assert!(html.body.contains("Enter a date like 2027-01-31.") && html.body.contains("value=\"yesterday\""));

        // Taking a theme off.
        assert_eq!(tag(&mut priya, "item", item, comparing, &[public[0]], "remove").await.status, StatusCode::OK);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM comment_themes WHERE theme_id = {comparing}")).await, 1);

        // A bad tagging changes nothing: no theme, no comments, a comment of another item.
        let res = tag(&mut priya, "item", item, 0, &[], "add").await;
        assert!(res.body.contains("Choose a theme.") && res.body.contains("Tick the comments to tag."), "{}", res.body);
        let elsewhere = app.scalar(&format!("SELECT MIN(c.id) FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.item_id <> {item}")).await;
        let res = tag(&mut priya, "item", item, comparing, &[public[2], elsewhere], "add").await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("not part of this analysis"), "{}", res.body);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM comment_themes WHERE comment_id = {}", public[2])).await, 0);

        // Every change is in the audit chain.
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'theme.create' AND {NOT_DEMO}")).await, 2);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'theme.tag' AND {NOT_DEMO}")).await, 3);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'theme.untag' AND {NOT_DEMO}")).await, 1);

        // A comment its author deletes leaves its themes: nothing of it is left to count.
        let res = pat.call::<app::discussion::api::DeleteComment>(&[("comment_id", &public[0].to_string())]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM comment_themes WHERE comment_id = {}", public[0])).await, 0);
        let page = analysis(&mut priya, "item", item, &[]).await;
        assert_eq!(page["themes"][0]["counts"]["public"], 0);
    }

    async fn a_moderator_who_is_not_a_partner_never_sees_partner_only_comments(app: TestApp) {
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let (item, public, partner) = first_item(&app).await;
        assert_eq!(create_theme(&mut priya, "item", item, "Board transparency").await.status, StatusCode::OK);
        let theme = theme_id(&app, "Board transparency").await;
        assert_eq!(tag(&mut priya, "item", item, theme, &[public[0], partner], "add").await.status, StatusCode::OK);

        let mut moe = app.privileged_user("Moe Derator", "moderator").await;
        let page = analysis(&mut moe, "item", item, &[]).await;
        assert_eq!(page["comment_count"], 4);
        assert!(!listed(&page).contains(&partner));
        assert_eq!(page["themes"][0]["counts"], serde_json::json!({ "public": 1, "partner": 0, "policy_maker": 0 }));
        let html = moe.get(&format!("/items/{item}/analysis")).await;
        assert!(!html.body.contains("Draft wording for the board accountability statement"), "partner-only text shown");
        // Nor can they tag one by guessing its id.
        let res = tag(&mut moe, "item", item, theme, &[partner], "remove").await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM comment_themes WHERE comment_id = {partner}")).await, 1);
    }

    async fn themes_are_renamed_and_merged_within_one_analysis(app: TestApp) {
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let (item, public, _) = first_item(&app).await;
        for name in ["Transparency", "Openness", "Peers"] {
            assert_eq!(create_theme(&mut priya, "item", item, name).await.status, StatusCode::OK);
        }
        let (transparency, openness, peers) = (theme_id(&app, "Transparency").await, theme_id(&app, "Openness").await, theme_id(&app, "Peers").await);
        tag(&mut priya, "item", item, transparency, &[public[0]], "add").await;
        tag(&mut priya, "item", item, openness, &[public[0], public[1]], "add").await;

        // Renaming: the name must stay unique in the analysis.
        let res = priya.call::<UpdateTheme>(&[("theme_id", &peers.to_string()), ("name", "openness"), ("description", "")]).await;
        assert!(res.body.contains("There is already a theme called"), "{}", res.body);
        let res = priya.call::<UpdateTheme>(&[("theme_id", &peers.to_string()), ("name", "Comparing with peers"), ("description", "Boards want common measures.")]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let page = priya.get(&format!("/themes/{peers}")).await;
        assert!(page.body.contains("Comparing with peers") && page.body.contains("Boards want common measures."));

        // Merging moves every comment, once, and the merged theme is gone.
        let (consultation, _, _) = app.open_consultation().await;
        assert_eq!(create_theme(&mut priya, "consultation", consultation, "Elsewhere").await.status, StatusCode::OK);
        let elsewhere = theme_id(&app, "Elsewhere").await;
        let res = priya.call::<MergeTheme>(&[("theme_id", &openness.to_string()), ("into", &elsewhere.to_string())]).await;
        assert!(res.body.contains("Choose the theme to merge this one into."), "another analysis's theme: {}", res.body);
        let res = priya.call::<MergeTheme>(&[("theme_id", &openness.to_string()), ("into", &transparency.to_string())]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM comment_themes WHERE theme_id = {transparency}")).await, 2);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM themes WHERE id = {openness}")).await, 0);
        assert_eq!(priya.get(&format!("/themes/{openness}")).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'theme.merge' AND {NOT_DEMO}")).await, 1);
    }

    async fn a_consultation_is_analysed_apart_from_its_items_discussion(app: TestApp) {
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let (draft, thread, item) = app.open_consultation().await;
        let response = app.scalar(&format!("SELECT id FROM comments WHERE thread_id = {thread}")).await;
        assert_eq!(create_theme(&mut priya, "consultation", draft, "Telling patients").await.status, StatusCode::OK);
        assert_eq!(create_theme(&mut priya, "item", item, "Telling patients").await.status, StatusCode::OK, "same name, other analysis");
        let consultation_theme = app.scalar("SELECT th.id FROM themes th JOIN analyses a ON a.id = th.analysis_id WHERE a.draft_id IS NOT NULL AND th.name = 'Telling patients'").await;
        let item_theme = app.scalar("SELECT th.id FROM themes th JOIN analyses a ON a.id = th.analysis_id WHERE a.draft_id IS NULL AND th.name = 'Telling patients'").await;

        let page = analysis(&mut priya, "consultation", draft, &[]).await;
        assert_eq!(listed(&page), vec![response]);
        assert!(!listed(&analysis(&mut priya, "item", item, &[]).await).contains(&response));
        // A consultation's comment takes only the consultation's themes.
        let res = tag(&mut priya, "item", item, item_theme, &[response], "add").await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let res = tag(&mut priya, "consultation", draft, item_theme, &[response], "add").await;
        assert!(res.body.contains("Choose a theme."), "{}", res.body);
        assert_eq!(tag(&mut priya, "consultation", draft, consultation_theme, &[response], "add").await.status, StatusCode::OK);
        let html = priya.get(&format!("/consultations/{draft}/analysis")).await;
        assert!(html.body.contains("1 comments, 0 not yet in a theme.") || html.body.contains("1 comment"), "{}", html.body);
        let index = priya.get("/analysis").await;
        assert!(index.body.contains(&format!("/consultations/{draft}/analysis")) && index.body.contains(&format!("/items/{item}/analysis")));
    }

    async fn a_theme_form_posted_without_javascript_keeps_the_text(app: TestApp) {
        let demo_themes = app.scalar("SELECT COUNT(*) FROM themes").await;
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let (item, _, _) = first_item(&app).await;
        let from = format!("/items/{item}/analysis");
        let long = "x".repeat(81);
        let res = priya.post_form::<CreateTheme>(&from, &[("kind", "item"), ("id", &item.to_string()), ("name", &long), ("description", "Kept <b>text</b>")]).await;
        let page = priya.follow(&res).await;
        assert!(page.body.contains("The name must be 80 characters or fewer."), "{}", page.body);
        assert!(page.body.contains("Kept &lt;b&gt;text&lt;/b&gt;"), "the description is kept, escaped");
        assert_eq!(app.scalar("SELECT COUNT(*) FROM themes").await, demo_themes);
        // Once it succeeds, back to the list as it was filtered.
        let res = priya.post_form::<CreateTheme>(&format!("{from}?untagged=1"), &[("kind", "item"), ("id", &item.to_string()), ("name", "Kept filters"), ("back", "untagged=1&group=public")]).await;
        assert_eq!(res.location().as_deref(), Some(format!("{from}?untagged=1&group=public").as_str()));
    }

    async fn suggested_themes_are_made_only_when_a_person_confirms_them(app: TestApp) {
        let demo_themes = app.scalar("SELECT COUNT(*) FROM themes").await;
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let (item, _, _) = first_item(&app).await;
        let general = app.scalar(&format!("SELECT id FROM threads WHERE item_id = {item} AND is_general")).await;
        let pat = app.scalar("SELECT id FROM users WHERE email = 'pat@example.org'").await;
        for n in 0..14 {
            app.exec(&format!(
                "INSERT INTO comments (thread_id, author_id, badge, body, created_at)
                 VALUES ({general}, {pat}, 'public', 'Registration fees hurt small practice number {n}; cap the fees.', {n})")).await;
        }
        // Other things people said, so the fees are a theme rather than everything.
        let others = ["Offline backups saved us during ransomware", "Encrypt laptops before they leave",
            "Suppliers need contractual duties", "Legacy machines run imaging kit", "Medical devices ought to be certified",
            "Incident reporting lines are unclear at night", "Budgets for tooling keep shrinking",
            "Cloud hosting contracts lack exit clauses", "Patching takes months", "Audits focus on paperwork",
            "Guest wifi is not separated", "USB sticks are banned yet common", "Recruiting analysts is hard",
            "Ambulance trusts face telephony risks", "Hospices lack specialist staff", "Councils share data inconsistently"];
        for text in others {
            app.exec(&format!(
                "INSERT INTO comments (thread_id, author_id, badge, body, created_at) VALUES ({general}, {pat}, 'public', '{text}', 1)")).await;
        }
        let mut pat_client = app.demo_user("pat@example.org").await;
        let args = [("kind", "item"), ("id", &item.to_string()[..])];
        assert_eq!(pat_client.call::<app::themes::api::GetSuggestions>(&args).await.status, StatusCode::FORBIDDEN);

        let res = priya.call::<app::themes::api::GetSuggestions>(&args).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let suggestions = res.json();
        let first = &suggestions[0];
        let terms: Vec<&str> = first["terms"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
        assert!(terms.contains(&"registration") || terms.contains(&"fees"), "{suggestions}");
        let ids: Vec<String> = first["comment_ids"].as_array().unwrap().iter().map(|i| i.to_string()).collect();
        assert_eq!(ids.len(), 14);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM themes").await, demo_themes, "a suggestion alone tags nothing");
        let html = priya.get(&format!("/items/{item}/analysis?suggest=1")).await;
        assert!(html.body.contains("14 comments mention"), "{}", html.body);

        // Confirmed with a comment the analysis does not hold: nothing at all.
        let elsewhere = app.scalar(&format!("SELECT MIN(c.id) FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.item_id <> {item}")).await.to_string();
        let item_id = item.to_string();
        let mut fields = vec![("kind", "item"), ("id", item_id.as_str()), ("name", "Fees for small practices"), ("comments[]", elsewhere.as_str())];
        for id in &ids {
            fields.push(("comments[]", id));
        }
        let res = priya.call::<CreateTheme>(&fields).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM themes").await, demo_themes);
        fields.retain(|(_, v)| *v != elsewhere);
        assert_eq!(priya.call::<CreateTheme>(&fields).await.status, StatusCode::OK);
        let theme = theme_id(&app, "Fees for small practices").await;
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM comment_themes WHERE theme_id = {theme}")).await, 14);
        // Once tagged, they are no longer suggested.
        let again = priya.call::<app::themes::api::GetSuggestions>(&args).await.json();
        assert!(again.as_array().unwrap().iter().all(|s| s["comment_ids"].as_array().unwrap().len() < 14), "{again}");
    }

    async fn an_analyst_ticks_a_comments_themes_on_its_own_page(app: TestApp) {
        let mut priya = app.demo_user("policy@roundtable.example").await;
        let (item, public, partner) = first_item(&app).await;
        let comment = public[0];
        for name in ["Transparency", "Peers"] {
            assert_eq!(create_theme(&mut priya, "item", item, name).await.status, StatusCode::OK);
        }
        let (transparency, peers) = (theme_id(&app, "Transparency").await, theme_id(&app, "Peers").await);
        let (draft, _, _) = app.open_consultation().await;
        assert_eq!(create_theme(&mut priya, "consultation", draft, "Elsewhere").await.status, StatusCode::OK);
        let elsewhere = theme_id(&app, "Elsewhere").await;
        let tags = |theme: i64| format!("SELECT COUNT(*) FROM comment_themes WHERE comment_id = {comment} AND theme_id = {theme}");

        // The comment's page offers its analysis's themes, none of another's.
        let offered = comment_themes(&mut priya, comment).await;
        let names: Vec<&str> = offered["themes"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Peers", "Transparency"]);
        assert_eq!(offered["ticked"], serde_json::json!([]));
        let html = priya.get(&format!("/comments/{comment}")).await;
        assert!(html.body.contains("The themes this comment belongs to"), "{}", html.body);

        // Ticked: both themes; then one unticked: it comes off, the other stays.
        assert_eq!(set_themes(&mut priya, comment, &[transparency, peers]).await.status, StatusCode::OK);
        assert_eq!(app.scalar(&tags(transparency)).await + app.scalar(&tags(peers)).await, 2);
        assert_eq!(set_themes(&mut priya, comment, &[peers]).await.status, StatusCode::OK);
        assert_eq!(app.scalar(&tags(transparency)).await, 0);
        assert_eq!(comment_themes(&mut priya, comment).await["ticked"], serde_json::json!([peers]));
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'theme.tag_comment' AND {NOT_DEMO}")).await, 2);
        let page = analysis(&mut priya, "item", item, &[("theme", &peers.to_string())]).await;
        assert_eq!(listed(&page), [comment]);
        // The trace shows the theme (to analysts, before any outcome is published).
        assert!(priya.get(&format!("/comments/{comment}")).await.body.contains("Theme: Peers"));

        // A theme of another analysis, or no theme at all that makes sense:
        // a clear message, and nothing changes.
        let res = set_themes(&mut priya, comment, &[peers, elsewhere]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("Choose themes from the list"), "{}", res.body);
        let res = priya.call::<SetCommentThemes>(&[("comment_id", &comment.to_string()), ("themes[]", "x")]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.scalar(&tags(peers)).await + app.scalar(&tags(elsewhere)).await, 1);

        // Only analysts: the public and partners see no form and may not tag.
        let mut pat = app.demo_user("pat@example.org").await;
        let mut dana = app.demo_user("dana@wales.nhs.uk").await;
        assert_eq!(comment_themes(&mut pat, comment).await, serde_json::Value::Null);
        assert_eq!(set_themes(&mut pat, comment, &[]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(set_themes(&mut dana, comment, &[]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(set_themes(&mut app.client(), comment, &[]).await.status, StatusCode::UNAUTHORIZED);
        assert!(!pat.get(&format!("/comments/{comment}")).await.body.contains("The themes this comment belongs to"));
        assert_eq!(app.scalar(&tags(peers)).await, 1);

        // The discussion links each comment to its page for analysts only.
        let general = app.scalar(&format!("SELECT thread_id FROM comments WHERE id = {comment}")).await;
        let thread = format!("/items/{item}/threads/{general}");
        let link = format!("/comments/{comment}#themes");
        assert!(priya.get(&thread).await.body.contains(&link));
        assert!(!pat.get(&thread).await.body.contains(&link));

        // A moderator who is not a partner: a partner-only comment is not there.
        assert_eq!(tag(&mut priya, "item", item, peers, &[partner], "add").await.status, StatusCode::OK);
        let mut moe = app.privileged_user("Moe Derator", "moderator").await;
        assert_eq!(comment_themes(&mut moe, partner).await, serde_json::Value::Null);
        assert_eq!(set_themes(&mut moe, partner, &[]).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM comment_themes WHERE comment_id = {partner}")).await, 1);
        // Nor is a deleted comment, or one that does not exist.
        app.exec(&format!("UPDATE comments SET deleted_at = 1 WHERE id = {}", public[1])).await;
        assert_eq!(set_themes(&mut priya, public[1], &[peers]).await.status, StatusCode::NOT_FOUND);
        assert_eq!(set_themes(&mut priya, 999_999, &[peers]).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM comment_themes WHERE comment_id = {}", public[1])).await, 0);
    }
}
