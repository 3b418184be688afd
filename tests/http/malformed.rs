//! Every server function answers malformed arguments (bodies that do not
//! decode, wrong types, out-of-range numbers, repeated and nested fields,
//! hostile text) with a client error, never a server error or a panic:
//! anonymously, as a partner lead, and as an administrator, so that the
//! checks behind each one's authorisation are reached too.

use crate::on_both_backends;
use crate::support::*;
use axum::body::Body;
use axum::http::{header, Method, Request};

/// The bodies every server function is sent, with their content type.
fn bodies() -> Vec<(&'static str, String)> {
    let form = "application/x-www-form-urlencoded";
    vec![
        (form, String::new()),
        (form, "%".into()),
        (form, "%FF%FE%00=%C0%80&=&&=x".into()),
        (form, "a[b][c][d][e][f][g][h][i][j][k]=1&form[body]=x".into()),
        (
            form,
            "id=x&item_id=-1&draft_id=99999999999999999999999&thread_id=1.5&section_id=&comment_id=0x10\
             &base_version=NaN&parent_id=%5B%5D&user_id=%00&institution_id=-9223372036854775808&revision=1e3"
                .into(),
        ),
        (form, "body=a&body=b&thread_id=1&thread_id=2&title=x&title=y&email=a&email=b".into()),
        (
            form,
            "thread_id=1&item_id=1&draft_id=1&section_id=1&base_version=1&body=a%00b&title=t%00&heading=h%00\
             &message=m%00&name=n%00&summary=s%00&email=e%00%40x.org&password=p%00&statement=s%00&reason=r%00\
             &description=d%00&domains=x%00.org&issuer=https%3A%2F%2Fx%00&client_id=c%00&question=q%00"
                .into(),
        ),
        (
            form,
            "thread_id=1&item_id=1&draft_id=1&section_id=1&base_version=1&theme_id=1&decision_id=1\
             &body=%3Cscript%3Ealert(1)%3C%2Fscript%3E&title=%E2%80%AE%00&heading=%0A&message=m\
             &email=a%40b&password=x&code=123456&name=x&summary=s&status=nonsense&date=2027-02-30\
             &closes_on=0000-00-00&quorum=-5&visibility=everyone&role=root&answer=maybe"
                .into(),
        ),
        (form, format!("body={}&title={}", "x".repeat(100_000), "y".repeat(50_000))),
        ("application/json", r#"{"thread_id": "x", "body": [1, 2]}"#.into()),
        ("text/plain", "thread_id=1&body=hello".into()),
    ]
}

/// Sends every body to every server function; returns what answered 5xx.
async fn sweep(client: &mut Client, who: &str, skip: &[&str]) -> Vec<String> {
    let mut paths: Vec<(&str, Method)> = leptos::server_fn::axum::server_fn_paths()
        .filter(|(path, _)| !skip.contains(path))
        .collect();
    paths.sort_by_key(|(path, _)| *path);
    assert!(
        paths.len() > 50,
        "the server functions are registered: {}",
        paths.len()
    );
    let mut failures = Vec::new();
    for (path, method) in paths {
        for (content_type, body) in bodies() {
            let (uri, body) = if method == Method::GET {
                (format!("{path}?{body}"), String::new())
            } else {
                (path.to_owned(), body)
            };
            let request = Request::builder()
                .method(method.clone())
                .uri(&uri)
                .header(header::CONTENT_TYPE, content_type)
                .header(header::ACCEPT, "application/json")
                .header(header::ORIGIN, format!("http://{HOST}"))
                .header("sec-fetch-site", "same-origin");
            let res = client.send(request, Body::from(body.clone())).await;
            if res.status.is_server_error() {
                let shown: String = body.chars().take(80).collect();
                failures.push(format!(
                    "{who}: {method} {path} {shown:?} -> {} {}",
                    res.status, res.body
                ));
            }
        }
    }
    failures
}

on_both_backends! {
    async fn every_server_function_answers_malformed_arguments_with_a_client_error(app: TestApp) {
        let mut failures = sweep(&mut app.client(), "anonymous", &[]).await;
        // Signed in, a sweep must not sign itself out half-way.
        let signed_in = ["/api/sign_out"];
        failures.extend(sweep(&mut app.demo_user("dana@wales.nhs.uk").await, "partner lead", &signed_in).await);
        failures.extend(sweep(&mut app.privileged_user("Ada Admin", "administrator").await, "administrator", &signed_in).await);
        assert!(failures.is_empty(), "{} answers were server errors:\n{}", failures.len(), failures.join("\n"));
    }
}
