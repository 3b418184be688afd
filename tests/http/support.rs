//! A test app: the real router on a fresh database (a SQLite file, or a
//! scratch PostgreSQL database), driven through HTTP in process, with a
//! cookie jar like a browser's.

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use server::config::Config;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use tower::ServiceExt;

pub use app::db::Db;

pub const PASSWORD: &str = "lantern orbit meadow 42";
pub const HOST: &str = "localhost";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server the PostgreSQL variants of the tests use.
pub fn postgres_url() -> Option<String> {
    std::env::var("ROUNDTABLE_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

pub struct TestApp {
    pub router: Router,
    pub db: Db,
    pub secret_key: app::secrets::SecretKey,
    pub backend: Backend,
    /// Sending `true` begins the server's shutdown.
    pub stop: tokio::sync::watch::Sender<bool>,
    scratch: Scratch,
}

enum Scratch {
    Dir(std::path::PathBuf),
    Postgres { server: String, url: String },
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A number no other call in this test process gets.
pub fn unique_number() -> usize {
    COUNTER.fetch_add(1, Ordering::SeqCst)
}

impl TestApp {
    /// A migrated database with the demo data (roadmap, institutions, demo
    /// accounts), or `None` when the backend is not available here.
    pub async fn new(backend: Backend) -> Option<TestApp> {
        Self::with_config(backend, |_| {}).await
    }

    /// As [`new`](Self::new), with some settings changed.
    pub async fn with_config(
        backend: Backend,
        change: impl FnOnce(&mut Config),
    ) -> Option<TestApp> {
        let (url, scratch) = match backend {
            Backend::Sqlite => {
                let n = COUNTER.fetch_add(1, Ordering::SeqCst);
                let dir = std::env::temp_dir()
                    .join(format!("roundtable-test-{}-{n}", std::process::id()));
                std::fs::create_dir_all(&dir).expect("temp dir");
                (
                    format!("sqlite://{}/test.db", dir.display()),
                    Scratch::Dir(dir),
                )
            }
            Backend::Postgres => {
                let server = postgres_url()?;
                let url = server::database::create_scratch_postgres(&server, "rt_test")
                    .await
                    .expect("scratch PostgreSQL database");
                (url.clone(), Scratch::Postgres { server, url })
            }
        };
        let mut config = Config::for_database(&url);
        config.demo_data = true;
        change(&mut config);
        let built = server::build(&config).await.expect("server builds");
        let router = built
            .router
            .layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        Some(TestApp {
            router,
            db: built.db,
            secret_key: built.secret_key,
            stop: built.stop,
            backend,
            scratch,
        })
    }

    /// A second app server on the same database, with the same key (as a
    /// second instance behind a load balancer would be).
    pub async fn twin(&self) -> Router {
        let mut config = Config::for_database(&self.database_url());
        config.secret_key = self.secret_key.clone();
        let built = server::build(&config).await.expect("second server builds");
        built
            .router
            .layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40001))))
    }

    /// Where the app's database is, to start another server on it.
    pub fn database_url(&self) -> String {
        match &self.scratch {
            Scratch::Dir(dir) => format!("sqlite://{}/test.db", dir.display()),
            Scratch::Postgres { url, .. } => url.clone(),
        }
    }

    pub fn client(&self) -> Client {
        Client {
            router: self.router.clone(),
            cookies: BTreeMap::new(),
        }
    }

    /// A client signed in as a new public account.
    pub async fn public_user(&self, name: &str) -> Client {
        let mut client = self.client();
        let email = format!("{}@example.org", name.to_lowercase().replace(' ', "."));
        let res = client
            .call::<app::auth::api::SignUp>(&[
                ("display_name", name),
                ("email", &email),
                ("password", PASSWORD),
            ])
            .await;
        assert_eq!(res.status, StatusCode::OK, "sign-up failed: {}", res.body);
        client
    }

    /// A client signed in as a new account with a `role` (`member` or
    /// `lead`) in the institution `slug`, granted as an administrator would.
    pub async fn partner(&self, name: &str, slug: &str, role: &str) -> Client {
        let client = self.public_user(name).await;
        let email = format!("{}@example.org", name.to_lowercase().replace(' ', "."));
        self.exec(&format!(
            "INSERT INTO memberships (user_id, institution_id, role, created_at)
             SELECT u.id, i.id, '{role}', 0 FROM users u, institutions i
             WHERE u.email = '{email}' AND i.slug = '{slug}'"
        ))
        .await;
        client
    }

    /// A client signed in as a new account with a global role, which set
    /// up its second step at sign-in (as such an account must).
    pub async fn privileged_user(&self, name: &str, role: &str) -> Client {
        let mut client = self.public_user(name).await;
        let email = format!("{}@example.org", name.to_lowercase().replace(' ', "."));
        client.call::<app::auth::api::SignOut>(&[]).await;
        self.exec(&format!(
            "INSERT INTO user_roles (user_id, role, granted_at) SELECT id, '{role}', 0 FROM users WHERE email = '{email}'"
        ))
        .await;
        let res = client
            .call::<app::auth::api::SignIn>(&[("email", &email), ("password", PASSWORD)])
            .await;
        assert_eq!(
            res.location().as_deref(),
            Some("/sign-in/two-step"),
            "{}",
            res.body
        );
        let enrolment = client
            .call::<app::two_step::api::GetEnrolment>(&[])
            .await
            .json();
        let secret = enrolment["secret"]
            .as_str()
            .expect("a secret")
            .replace(' ', "");
        let code = app::two_step::codes::code_at(&secret, app::two_step::codes::now_seconds())
            .expect("base32 secret");
        let res = client
            .call::<app::two_step::api::ConfirmEnrolment>(&[("code", &code)])
            .await;
        assert_eq!(res.status, StatusCode::OK, "enrolment failed: {}", res.body);
        client
    }

    /// A client signed in as one of the demo accounts.
    pub async fn demo_user(&self, email: &str) -> Client {
        let mut client = self.client();
        let res = client
            .call::<app::auth::api::SignIn>(&[
                ("email", email),
                ("password", server::dev::demo::DEMO_PASSWORD),
            ])
            .await;
        assert_eq!(res.status, StatusCode::OK, "sign-in failed: {}", res.body);
        // The administrator and the policy maker have two-step verification.
        if res.location().as_deref() == Some("/sign-in/code") {
            let res = client
                .second_step(server::dev::demo::DEMO_TOTP_SECRET)
                .await;
            assert_eq!(
                res.status,
                StatusCode::OK,
                "second step failed: {}",
                res.body
            );
        }
        client
    }

    /// As if `ms` had passed since this client's last request: its
    /// session's times are moved back (the record is read and written
    /// through the app's own session store).
    pub async fn age_session(&self, client: &Client, ms: i64) {
        use tower_sessions::session_store::SessionStore;
        let store = server::sessions::Store::for_db(&self.db);
        let cookie = client
            .cookies
            .get("roundtable_session")
            .expect("a session cookie");
        let id: tower_sessions::session::Id = cookie.parse().expect("a session id");
        let mut record = store
            .load(&id)
            .await
            .expect("store")
            .expect("a stored session");
        for key in ["ends_at", "seen_at"] {
            if let Some(at) = record.data.get(key).and_then(|v| v.as_i64()) {
                record.data.insert(key.into(), (at - ms).into());
            }
        }
        store.save(&record).await.expect("store");
    }

    /// The demo's open consultation: (draft, its thread, its roadmap item).
    /// (The demo also has a closed one, with a published outcome.)
    pub async fn open_consultation(&self) -> (i64, i64, i64) {
        let draft = self
            .scalar("SELECT p.draft_id FROM proposals p JOIN drafts d ON d.id = p.draft_id WHERE d.title = 'Reporting a cyber incident in NHS Wales'")
            .await;
        let thread = self
            .scalar(&format!(
                "SELECT thread_id FROM proposals WHERE draft_id = {draft}"
            ))
            .await;
        let item = self
            .scalar(&format!("SELECT item_id FROM threads WHERE id = {thread}"))
            .await;
        (draft, thread, item)
    }

    pub async fn scalar(&self, sql: &str) -> i64 {
        app::with_db!(&self.db, pool => sqlx::query_scalar(sql).fetch_one(pool).await).expect(sql)
    }

    pub async fn exec(&self, sql: &str) {
        app::with_db!(&self.db, pool => sqlx::query(sql).execute(pool).await.map(|_| ()))
            .expect(sql)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        match &self.scratch {
            Scratch::Dir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Scratch::Postgres { server, url } => {
                let (server, url) = (server.clone(), url.clone());
                // Drop runs outside async; a thread with its own runtime
                // removes the scratch database (FORCE ends open connections).
                let _ = std::thread::spawn(move || {
                    tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map(|rt| {
                            rt.block_on(server::database::drop_scratch_postgres(&server, &url))
                        })
                })
                .join();
            }
        }
    }
}

pub struct Response {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Response {
    pub fn location(&self) -> Option<String> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// A browser-like client: keeps cookies, sends same-origin headers.
pub struct Client {
    router: Router,
    pub cookies: BTreeMap<String, String>,
}

pub fn form_encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl Client {
    /// The same browser (its cookies), talking to another server.
    pub fn on(&self, router: &Router) -> Client {
        Client {
            router: router.clone(),
            cookies: self.cookies.clone(),
        }
    }

    /// Sends a request with the cookie jar; keeps the cookies set.
    async fn exchange(
        &mut self,
        request: axum::http::request::Builder,
        body: Body,
    ) -> axum::response::Response {
        let mut request = request.header(header::HOST, HOST);
        if !self.cookies.is_empty() {
            let jar = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            request = request.header(header::COOKIE, jar);
        }
        let request = request.body(body).expect("request");
        let what = format!("{} {}", request.method(), request.uri());
        let response = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            self.router.clone().oneshot(request),
        )
        .await
        .unwrap_or_else(|_| panic!("no answer in 10 s to {what}"))
        .expect("response");
        for cookie in response.headers().get_all(header::SET_COOKIE) {
            let cookie = cookie.to_str().unwrap_or_default();
            let pair = cookie.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                let expired = cookie.to_ascii_lowercase().contains("max-age=0") || value.is_empty();
                if expired {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_owned(), value.to_owned());
                }
            }
        }
        response
    }

    pub async fn send(&mut self, request: axum::http::request::Builder, body: Body) -> Response {
        let response = self.exchange(request, body).await;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        Response {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// Opens a stream of server-sent events, as an EventSource does.
    pub async fn events(&mut self, path: &str) -> (StatusCode, EventStream) {
        let response = self
            .exchange(
                Request::get(path).header(header::ACCEPT, "text/event-stream"),
                Body::empty(),
            )
            .await;
        let status = response.status();
        (
            status,
            EventStream {
                body: response.into_body().into_data_stream(),
                buffer: String::new(),
            },
        )
    }

    /// GET a page as a browser navigation.
    pub async fn get(&mut self, path: &str) -> Response {
        self.send(
            Request::get(path).header(header::ACCEPT, "text/html"),
            Body::empty(),
        )
        .await
    }

    /// Calls a server function the way the hydrated page does (fetch, JSON back).
    pub async fn call<F: leptos::server_fn::ServerFn>(
        &mut self,
        fields: &[(&str, &str)],
    ) -> Response {
        self.call_path(F::PATH, fields).await
    }

    /// Calls the server function at `path` (a `ServerFn::PATH`).
    pub async fn call_path(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        let body = form_encode(fields);
        let request = Request::post(path)
            .header(header::CONTENT_LENGTH, body.len())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header("sec-fetch-site", "same-origin");
        self.send(request, Body::from(body)).await
    }

    /// Enters the code of `secret` after the password: this step's code, or
    /// (if this account used it moments ago) the next step's, which is
    /// accepted too.
    pub async fn second_step(&mut self, secret: &str) -> Response {
        let now = app::two_step::codes::now_seconds();
        let mut last = None;
        for t in [now, now + 30] {
            let code = app::two_step::codes::code_at(secret, t).expect("base32 secret");
            let res = self
                .call::<app::two_step::api::VerifyCode>(&[("code", &code)])
                .await;
            if res.status == StatusCode::OK {
                return res;
            }
            last = Some(res);
        }
        last.expect("a response")
    }

    /// Whether this client is signed in (asked as the page does).
    pub async fn is_signed_in(&mut self) -> bool {
        let res = self.call::<app::auth::api::GetMe>(&[]).await;
        res.status == StatusCode::OK && res.body.trim() != "null"
    }

    /// Posts a form to a server function with JavaScript off, from the page at `from`.
    pub async fn post_form<F: leptos::server_fn::ServerFn>(
        &mut self,
        from: &str,
        fields: &[(&str, &str)],
    ) -> Response {
        self.post_to(F::PATH, from, fields).await
    }

    /// Posts a form to any path with JavaScript off, from the page at `from`.
    pub async fn post_to(&mut self, path: &str, from: &str, fields: &[(&str, &str)]) -> Response {
        let body = form_encode(fields);
        let request = Request::post(path)
            .header(header::CONTENT_LENGTH, body.len())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header(header::REFERER, format!("http://{HOST}{from}"))
            .header("sec-fetch-site", "same-origin");
        self.send(request, Body::from(body)).await
    }

    /// Follows a redirect's Location as a browser would.
    pub async fn follow(&mut self, response: &Response) -> Response {
        let location = response.location().expect("a redirect");
        let path = location
            .strip_prefix(&format!("http://{HOST}"))
            .unwrap_or(&location)
            .to_owned();
        self.get(&path).await
    }
}

/// Leaves out the audit entries the demo data wrote (`"demo": true`).
pub const NOT_DEMO: &str = "detail NOT LIKE '%\"demo\":true%'";

/// Runs each test body on SQLite, and on PostgreSQL when a server is given.
#[macro_export]
macro_rules! on_both_backends {
    ($(async fn $name:ident($app:ident: TestApp) $body:block)*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test]
                async fn $name() {
                    let $app = $crate::support::TestApp::new($crate::support::Backend::Sqlite).await.expect("SQLite");
                    $body
                }
            )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test]
                async fn $name() {
                    let Some($app) = $crate::support::TestApp::new($crate::support::Backend::Postgres).await else {
                        eprintln!("ROUNDTABLE_TEST_POSTGRES_URL is not set: PostgreSQL variant not run");
                        return;
                    };
                    $body
                }
            )*
        }
    };
}

/// Server-sent events as they arrive.
pub struct EventStream {
    body: axum::body::BodyDataStream,
    buffer: String,
}

impl EventStream {
    /// The next event (name, data) within `seconds`, skipping keep-alives.
    pub async fn next(&mut self, seconds: u64) -> Option<(String, String)> {
        use futures_util::StreamExt;
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(seconds);
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let (mut name, mut data) = (String::new(), String::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if !name.is_empty() {
                    return Some((name, data));
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.body.next())
                .await
                .ok()??
                .ok()?;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}
