//! The interface in English and Welsh (issue 11): the language a first
//! visit's browser asks for, the switch that remembers a choice and keeps
//! the reader on their page, and the switch's refusal to lead off the site.

use crate::on_both_backends;
use crate::support::*;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};

async fn get_in(client: &mut Client, path: &str, accept_language: &str) -> Response {
    client
        .send(
            Request::get(path)
                .header(header::ACCEPT, "text/html")
                .header(header::ACCEPT_LANGUAGE, accept_language),
            Body::empty(),
        )
        .await
}

fn assert_welsh(page: &Response) {
    assert!(
        page.body.contains("<html lang=\"cy\""),
        "{}",
        &page.body[..200.min(page.body.len())]
    );
    assert!(
        page.body.contains("Neidio i&#x27;r prif gynnwys")
            || page.body.contains("Neidio i'r prif gynnwys")
    );
    assert!(page.body.contains("rt-account__link\">Mewngofnodi</a>"));
    assert!(!page.body.contains("Skip to main content"));
    assert!(!page.body.contains("rt-account__link\">Sign in</a>"));
}

fn assert_english(page: &Response) {
    assert!(
        page.body.contains("<html lang=\"en\""),
        "{}",
        &page.body[..200.min(page.body.len())]
    );
    assert!(page.body.contains("Skip to main content"));
    assert!(page.body.contains("rt-account__link\">Sign in</a>"));
    assert!(!page.body.contains("Mewngofnodi"));
}

on_both_backends! {
    async fn a_first_visit_follows_the_browser_language(app: TestApp) {
        let mut client = app.client();
        let welsh = get_in(&mut client, "/", "cy-GB,cy;q=0.9,en-GB;q=0.8").await;
        assert_eq!(welsh.status, StatusCode::OK);
        assert_welsh(&welsh);
        // The roadmap page's own words are Welsh, dates and statuses too;
        // the roadmap itself is the demo's own text, in English.
        assert!(welsh.body.contains("<h1>Map trywydd y Glasbrint</h1>"));
        assert!(welsh.body.contains("<title>Y map trywydd – Roundtable</title>"));
        let welsh_months = ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"];
        let target = welsh.body.split("Targed: ").nth(1).expect("a target date in Welsh");
        assert!(welsh_months.iter().any(|m| target[..40.min(target.len())].contains(m)), "{}", &target[..40.min(target.len())]);
        let statuses: Vec<&str> = welsh.body.split("data-status=\"").skip(1)
            .filter_map(|tag| tag.split_once("\">").and_then(|(_, rest)| rest.split_once('<')).map(|(label, _)| label))
            .collect();
        assert!(!statuses.is_empty());
        for label in statuses {
            assert!(["Wedi&#x27;i gynllunio", "Wedi'i gynllunio", "Ar y trywydd iawn", "Mewn perygl", "Ar ei hôl hi", "Wedi&#x27;i gwblhau", "Wedi'i gwblhau"].contains(&label), "{label}");
        }
        assert!(!welsh.body.contains("Target: "));
        assert!(welsh.body.contains("phase-2017"));
        assert_english(&get_in(&mut client, "/", "en-GB,cy;q=0.9").await);
        assert_english(&get_in(&mut client, "/", "fr-FR").await);
        assert_english(&client.get("/").await);
        // Nothing was remembered by looking.
        assert!(!client.cookies.contains_key("rt_lang"));
    }

    async fn the_switch_remembers_the_choice_and_returns_to_the_same_page(app: TestApp) {
        let mut client = app.client();
        let item = client.get("/items/1").await;
        assert!(item.body.contains("href=\"/language/cy?back=/items/1\""), "the item page links to itself in Welsh");
        let switched = client.get("/language/cy?back=/items/1%3Ftab%3Dx").await;
        assert_eq!(switched.status, StatusCode::SEE_OTHER);
        assert_eq!(switched.location().as_deref(), Some("/items/1?tab=x"));
        assert_eq!(client.cookies.get("rt_lang").map(String::as_str), Some("cy"));
        let cookie = switched.headers.get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(cookie.contains("Path=/") && cookie.contains("SameSite=Lax") && cookie.contains("Max-Age=31536000"), "{cookie}");
        // The choice outweighs the browser's languages, on every page.
        let page = get_in(&mut client, "/items/1", "en-GB").await;
        assert_welsh(&page);
        // The item's facts are labelled in Welsh.
        for words in ["<dt class=\"nhsuk-summary-list__key\">Dyddiad targed</dt>", "<dt class=\"nhsuk-summary-list__key\">Statws</dt>", ">Map trywydd</a>"] {
            assert!(page.body.contains(words), "{words}");
        }
        assert!(!page.body.contains(">Target date<") && !page.body.contains(">Last updated<"));
        assert!(page.body.contains("href=\"/language/en?back=/items/1\""), "and links back to English");
        assert_welsh(&client.get("/consultations").await);
        let missing = client.get("/no-such-page").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert!(missing.body.contains("<h1>Heb ddod o hyd i&#x27;r dudalen</h1>") || missing.body.contains("<h1>Heb ddod o hyd i'r dudalen</h1>"));
        // And back.
        client.get("/language/en?back=/items/1").await;
        assert_english(&get_in(&mut client, "/items/1", "cy").await);
    }

    async fn the_switch_never_leads_off_the_site(app: TestApp) {
        let mut client = app.client();
        for back in ["//evil.example/x", "https://evil.example/", "%2F%2Fevil.example", "/%5Cevil.example", "items/1", "/a%0D%0ASet-Cookie:%20x=1"] {
            let answer = client.get(&format!("/language/cy?back={back}")).await;
            assert_eq!(answer.status, StatusCode::SEE_OTHER, "{back}");
            assert_eq!(answer.location().as_deref(), Some("/"), "{back}");
        }
        assert!(!client.cookies.contains_key("x"));
        let mut other = app.client();
        let unknown = other.get("/language/fr?back=/").await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert!(unknown.body.contains("/language/cy"), "{}", unknown.body);
        assert!(other.cookies.is_empty(), "no choice remembered: {:?}", other.cookies);
    }
}
