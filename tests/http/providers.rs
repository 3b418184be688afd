//! The test identity providers (tests/oidc/provider.mjs, npm oidc-provider):
//! two real OpenID Connect issuers on loopback, and a small browser that
//! signs in at them over HTTP.

use openidconnect::reqwest;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub const PROVIDER_PASSWORD: &str = "provider password";

/// Both issuers, running until dropped.
pub struct Providers {
    child: Child,
    /// Issuer URL by institution slug ("nhs-wales", "bt").
    pub issuers: HashMap<String, String>,
}

impl Providers {
    pub fn start() -> Providers {
        Self::start_with(&[])
    }

    /// With extra environment for the provider script (e.g. a clock skew).
    pub fn start_with(env: &[(&str, &str)]) -> Providers {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/oidc/provider.mjs");
        let mut child = Command::new("node")
            .arg(script)
            .envs(env.iter().copied())
            .env("OIDC_PORT_A", "0")
            .env("OIDC_PORT_B", "0")
            .env("OIDC_REDIRECT_URIS", "http://localhost/sso/callback")
            .env("OIDC_POST_LOGOUT_REDIRECT_URIS", "http://localhost/")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node runs tests/oidc/provider.mjs (scripts/setup installs it)");
        let stdout = child.stdout.take().expect("provider stdout");
        let mut issuers = HashMap::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("provider output");
            // "issuer nhs-wales ready at http://127.0.0.1:4011"
            if let Some(rest) = line.strip_prefix("issuer ") {
                let mut parts = rest.split(" ready at ");
                if let (Some(slug), Some(url)) = (parts.next(), parts.next()) {
                    issuers.insert(slug.to_owned(), url.trim().to_owned());
                }
            }
            if issuers.len() == 2 {
                break;
            }
        }
        assert_eq!(issuers.len(), 2, "both issuers started");
        Providers { child, issuers }
    }
}

impl Drop for Providers {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser's visit to an identity provider: follows its redirects by hand
/// and keeps its cookies, until it sends the browser back to the app.
pub struct ProviderBrowser {
    http: reqwest::Client,
    cookies: HashMap<String, String>,
}

impl Default for ProviderBrowser {
    fn default() -> Self {
        ProviderBrowser {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            cookies: HashMap::new(),
        }
    }
}

fn absolute(base: &str, location: &str) -> String {
    if location.starts_with("http") {
        location.to_owned()
    } else {
        let origin: String = base.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
        format!("{origin}{location}")
    }
}

impl ProviderBrowser {
    async fn send(&mut self, request: reqwest::RequestBuilder) -> (u16, Option<String>, String) {
        let jar = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let response = request
            .header("cookie", jar)
            .send()
            .await
            .expect("provider answers");
        for cookie in response.headers().get_all("set-cookie") {
            if let Some((name, value)) = cookie
                .to_str()
                .unwrap_or_default()
                .split(';')
                .next()
                .and_then(|p| p.split_once('='))
            {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        (status, location, response.text().await.unwrap_or_default())
    }

    /// Signs in at the provider from its authorization URL; returns where it
    /// sends the browser back to (the app's callback, with code, state and iss),
    /// or `None` if it kept the browser (e.g. a wrong password).
    pub async fn sign_in(
        &mut self,
        authorize_url: &str,
        email: &str,
        password: &str,
    ) -> Option<String> {
        let (_, interaction, _) = self.send(self.http.get(authorize_url)).await;
        let interaction = absolute(authorize_url, &interaction?);
        if interaction.starts_with("http://localhost/") {
            return Some(interaction);
        }
        let login = format!("{interaction}/login");
        let body = format!(
            "login={}&password={}",
            email.replace('@', "%40"),
            password.replace(' ', "+")
        );
        let (_, resume, _) = self
            .send(
                self.http
                    .post(&login)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(body),
            )
            .await;
        let resume = absolute(authorize_url, &resume?);
        let (_, callback, _) = self.send(self.http.get(&resume)).await;
        callback.map(|c| absolute(authorize_url, &c))
    }

    /// Confirms signing out at the provider (its end-session page); returns
    /// where it sends the browser afterwards.
    pub async fn sign_out(&mut self, end_session_url: &str) -> Option<String> {
        let (status, _, page) = self.send(self.http.get(end_session_url)).await;
        assert_eq!(status, 200, "the provider asks to confirm");
        let xsrf = page
            .split("name=\"xsrf\" value=\"")
            .nth(1)?
            .split('"')
            .next()?
            .to_owned();
        let confirm = absolute(end_session_url, "/session/end/confirm");
        let (_, back, _) = self
            .send(
                self.http
                    .post(&confirm)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(format!("xsrf={xsrf}&logout=yes")),
            )
            .await;
        back
    }
}
