//! Every setting the server reads from its environment, in one place.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `DATABASE_URL` | `sqlite://data/roundtable.db` | `sqlite://…` or `postgres://…` |
//! | `LEPTOS_SITE_ADDR` | `127.0.0.1:3000` | address to listen on |
//! | `LEPTOS_SITE_ROOT` | `target/site` | where the built browser bundle and CSS are |
//! | `ROUNDTABLE_SECURE_COOKIES` | `false` | mark the session cookie `Secure`; set it when served over HTTPS |
//! | `ROUNDTABLE_TRUST_PROXY` | `false` | take client addresses from `X-Forwarded-For` (only behind a proxy that sets it) |
//! | `ROUNDTABLE_DEMO` | `false` | seed demo data into an empty database at start-up (`scripts/run` sets it); a build without the `dev-tools` feature has none and refuses `true` |
//! | `ROUNDTABLE_SERVE_DEMO_ACCOUNTS_OVER_HTTPS` | `false` | start even though the demo accounts, whose passwords are public, can sign in, when the server is set up for HTTPS (secure cookies or an `https://` public URL); without it such a server refuses to start |
//! | `ROUNDTABLE_PUBLIC_URL` | `http://<LEPTOS_SITE_ADDR>` | the site's address as browsers see it (identity providers send people back to `<it>/sso/callback`) |
//! | `ROUNDTABLE_SSO_MAX_AGE_HOURS` | `8` | how long a session begun through single sign-on lasts |
//! | `ROUNDTABLE_SESSION_HOURS` | `12` | the longest any sign-in lasts (1 to 24), except a remembered one |
//! | `ROUNDTABLE_IDLE_MINUTES` | `120` | a sign-in ends after this long without a request (5 to 720) |
//! | `ROUNDTABLE_REMEMBER_DAYS` | `14` | "keep me signed in" (public accounts only) lasts while the person comes back within this many days, 30 days at most in all (0 to 30; 0 turns it off) |
//! | `ROUNDTABLE_SECRET_KEY` | read from `ROUNDTABLE_SECRET_KEY_FILE` | 64 hex digits: the key sealing client secrets and second-factor secrets in the database. Several app servers sharing a database must share it |
//! | `ROUNDTABLE_SECRET_KEY_FILE` | `data/secret.key` | where the key is kept when `ROUNDTABLE_SECRET_KEY` is not set; made (readable by its owner only) if missing |
//! | each provider's secret variable | none | an identity provider's client secret, in the variable its record names |
//! | `ROUNDTABLE_SHUTDOWN_GRACE_SECONDS` | `30` | on SIGTERM, how long requests in flight may take to finish (0 to 600) |
//! | `ROUNDTABLE_METRICS_TOKEN` | none | turns `GET /metrics` on, for requests with `Authorization: Bearer <it>` |
//! | `RUST_LOG` | `info` | log filter (`server=debug` logs every request) |
//! | `ROUNDTABLE_LOG_FORMAT` | `text` | `json` for JSON lines (read by `main`, before the rest) |

use anyhow::{bail, Context};
use app::domain::lifetimes::Lifetimes;
use app::secrets::SecretKey;
use std::net::SocketAddr;

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub site_addr: SocketAddr,
    pub site_root: String,
    pub secure_cookies: bool,
    pub trust_proxy: bool,
    pub demo_data: bool,
    pub serve_demo_accounts_over_https: bool,
    pub public_url: String,
    pub sso_max_age_hours: u32,
    pub lifetimes: Lifetimes,
    pub shutdown_grace_seconds: u64,
    pub metrics_token: Option<String>,
    pub secret_key: SecretKey,
}

fn flag(var: &impl Fn(&str) -> Option<String>, name: &str, default: bool) -> anyhow::Result<bool> {
    match var(name) {
        None => Ok(default),
        Some(v) => match v.to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(true),
            "0" | "false" | "no" | "off" | "" => Ok(false),
            _ => bail!("{name} must be true or false, not {v:?}"),
        },
    }
}

/// An optional whole number within `range`.
fn number(
    var: &impl Fn(&str) -> Option<String>,
    name: &str,
    range: std::ops::RangeInclusive<i64>,
    what: &str,
) -> anyhow::Result<Option<i64>> {
    var(name)
        .map(|v| {
            v.trim()
                .parse()
                .ok()
                .filter(|n| range.contains(n))
                .with_context(|| format!("{name} must be {what}, not {v:?}"))
        })
        .transpose()
}

impl Config {
    pub fn from_environment() -> anyhow::Result<Self> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// The settings from variables looked up by `var` (the environment, or
    /// a test's own).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let site_addr = var("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        Ok(Config {
            database_url: var("DATABASE_URL")
                .unwrap_or_else(|| "sqlite://data/roundtable.db".into()),
            site_addr: site_addr.parse().with_context(|| {
                format!("LEPTOS_SITE_ADDR {site_addr:?} is not an address like 127.0.0.1:3000")
            })?,
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            secure_cookies: flag(&var, "ROUNDTABLE_SECURE_COOKIES", false)?,
            trust_proxy: flag(&var, "ROUNDTABLE_TRUST_PROXY", false)?,
            demo_data: flag(&var, "ROUNDTABLE_DEMO", false)?,
            serve_demo_accounts_over_https: flag(&var, "ROUNDTABLE_SERVE_DEMO_ACCOUNTS_OVER_HTTPS", false)?,
            public_url: var("ROUNDTABLE_PUBLIC_URL").unwrap_or_else(|| format!("http://{site_addr}")),
            sso_max_age_hours: match var("ROUNDTABLE_SSO_MAX_AGE_HOURS") {
                Some(v) => v
                    .parse()
                    .ok()
                    .filter(|h| (1..=24 * 7).contains(h))
                    .with_context(|| format!("ROUNDTABLE_SSO_MAX_AGE_HOURS must be a number of hours from 1 to 168, not {v:?}"))?,
                None => 8,
            },
            lifetimes: Lifetimes {
                hours: number(&var, "ROUNDTABLE_SESSION_HOURS", 1..=24, "a number of hours from 1 to 24")?
                    .unwrap_or(12),
                idle_minutes: number(&var, "ROUNDTABLE_IDLE_MINUTES", 5..=720, "a number of minutes from 5 to 720")?
                    .unwrap_or(120),
                remember_days: number(&var, "ROUNDTABLE_REMEMBER_DAYS", 0..=30, "a number of days from 0 to 30")?
                    .unwrap_or(14),
            },
            shutdown_grace_seconds: number(&var, "ROUNDTABLE_SHUTDOWN_GRACE_SECONDS", 0..=600, "a number of seconds from 0 to 600")?
                .unwrap_or(30) as u64,
            metrics_token: var("ROUNDTABLE_METRICS_TOKEN").filter(|t| !t.trim().is_empty()),
            secret_key: secret_key(&var)?,
        })
    }

    /// Whether browsers reach the server over HTTPS, as a real deployment's
    /// do: its cookies are `Secure`, or its public address is `https://`.
    pub fn over_https(&self) -> bool {
        self.secure_cookies || self.public_url.starts_with("https://")
    }

    /// Settings for tests and benchmarks: a given database, nothing else.
    pub fn for_database(database_url: &str) -> Self {
        Config {
            database_url: database_url.to_owned(),
            site_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            site_root: "target/site".into(),
            secure_cookies: false,
            trust_proxy: false,
            demo_data: false,
            serve_demo_accounts_over_https: false,
            public_url: "http://localhost".into(),
            sso_max_age_hours: 8,
            lifetimes: Lifetimes::default(),
            shutdown_grace_seconds: 30,
            metrics_token: None,
            secret_key: SecretKey::generate(),
        }
    }
}

/// The sealing key: from the environment, else from its file, which is made
/// on first start.
fn secret_key(var: &impl Fn(&str) -> Option<String>) -> anyhow::Result<SecretKey> {
    if let Some(hex) = var("ROUNDTABLE_SECRET_KEY") {
        return SecretKey::from_hex(&hex)
            .map_err(|e| anyhow::anyhow!("ROUNDTABLE_SECRET_KEY: {e}"));
    }
    let path = var("ROUNDTABLE_SECRET_KEY_FILE").unwrap_or_else(|| "data/secret.key".into());
    match std::fs::read_to_string(&path) {
        Ok(hex) => SecretKey::from_hex(&hex).map_err(|e| anyhow::anyhow!("{path}: {e}")),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let key = SecretKey::generate();
            if let Some(dir) = std::path::Path::new(&path).parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            write_private(&path, &key.to_hex()).with_context(|| format!("cannot write {path}"))?;
            tracing::warn!(%path, "ROUNDTABLE_SECRET_KEY is not set: made a new key in {path}");
            Ok(key)
        }
        Err(err) => Err(err).with_context(|| format!("cannot read {path}")),
    }
}

/// Writes a file only its owner can read.
fn write_private(path: &str, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> anyhow::Result<Config> {
        let key = "ab".repeat(32);
        let mut vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        vars.push(("ROUNDTABLE_SECRET_KEY".into(), key));
        Config::from_vars(|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    #[test]
    fn demo_data_only_when_asked_for() {
        assert!(!config(&[]).unwrap().demo_data);
        assert!(config(&[("ROUNDTABLE_DEMO", "true")]).unwrap().demo_data);
        assert!(!config(&[("ROUNDTABLE_DEMO", "0")]).unwrap().demo_data);
        let err = config(&[("ROUNDTABLE_DEMO", "maybe")]).unwrap_err();
        assert!(err
            .to_string()
            .contains("ROUNDTABLE_DEMO must be true or false"));
        assert!(!config(&[]).unwrap().serve_demo_accounts_over_https);
    }

    #[test]
    fn https_is_told_by_secure_cookies_or_the_public_url() {
        assert!(!config(&[]).unwrap().over_https());
        assert!(config(&[("ROUNDTABLE_SECURE_COOKIES", "true")])
            .unwrap()
            .over_https());
        let public = config(&[("ROUNDTABLE_PUBLIC_URL", "https://roundtable.example")]).unwrap();
        assert!(public.over_https());
        assert!(
            !config(&[("ROUNDTABLE_PUBLIC_URL", "http://127.0.0.1:3000")])
                .unwrap()
                .over_https()
        );
    }
}
