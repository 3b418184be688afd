//! Every setting the server reads from its environment, in one place.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `DATABASE_URL` | `sqlite://data/roundtable.db` | `sqlite://…` or `postgres://…` |
//! | `LEPTOS_SITE_ADDR` | `127.0.0.1:3000` | address to listen on |
//! | `LEPTOS_SITE_ROOT` | `target/site` | where the built browser bundle and CSS are |
//! | `ROUNDTABLE_SECURE_COOKIES` | `false` | mark the session cookie `Secure`; set it when served over HTTPS |
//! | `ROUNDTABLE_TRUST_PROXY` | `false` | take client addresses from `X-Forwarded-For` (only behind a proxy that sets it) |
//! | `ROUNDTABLE_DEMO` | `true` in builds with the `dev-tools` feature (`scripts/build`), else `false` | seed demo data into an empty database at start-up; a build without `dev-tools` has none and refuses `true` |
//! | `ROUNDTABLE_PUBLIC_URL` | `http://<LEPTOS_SITE_ADDR>` | the site's address as browsers see it (identity providers send people back to `<it>/sso/callback`) |
//! | `ROUNDTABLE_SSO_MAX_AGE_HOURS` | `8` | how long a session begun through single sign-on lasts |
//! | `ROUNDTABLE_SECRET_KEY` | read from `ROUNDTABLE_SECRET_KEY_FILE` | 64 hex digits: the key sealing client secrets and second-factor secrets in the database. Several app servers sharing a database must share it |
//! | `ROUNDTABLE_SECRET_KEY_FILE` | `data/secret.key` | where the key is kept when `ROUNDTABLE_SECRET_KEY` is not set; made (readable by its owner only) if missing |
//! | each provider's secret variable | none | an identity provider's client secret, in the variable its record names |
//! | `RUST_LOG` | `info` | log filter |

use anyhow::{bail, Context};
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
    pub public_url: String,
    pub sso_max_age_hours: u32,
    pub secret_key: SecretKey,
}

fn flag(name: &str, default: bool) -> anyhow::Result<bool> {
    match std::env::var(name) {
        Err(_) => Ok(default),
        Ok(v) => match v.to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(true),
            "0" | "false" | "no" | "off" | "" => Ok(false),
            _ => bail!("{name} must be true or false, not {v:?}"),
        },
    }
}

impl Config {
    pub fn from_environment() -> anyhow::Result<Self> {
        let site_addr =
            std::env::var("LEPTOS_SITE_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into());
        Ok(Config {
            database_url: std::env::var("DATABASE_URL")
                .unwrap_or_else(|_| "sqlite://data/roundtable.db".into()),
            site_addr: site_addr.parse().with_context(|| {
                format!("LEPTOS_SITE_ADDR {site_addr:?} is not an address like 127.0.0.1:3000")
            })?,
            site_root: std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into()),
            secure_cookies: flag("ROUNDTABLE_SECURE_COOKIES", false)?,
            trust_proxy: flag("ROUNDTABLE_TRUST_PROXY", false)?,
            demo_data: flag("ROUNDTABLE_DEMO", cfg!(feature = "dev-tools"))?,
            public_url: std::env::var("ROUNDTABLE_PUBLIC_URL").unwrap_or_else(|_| format!("http://{site_addr}")),
            sso_max_age_hours: match std::env::var("ROUNDTABLE_SSO_MAX_AGE_HOURS") {
                Ok(v) => v
                    .parse()
                    .ok()
                    .filter(|h| (1..=24 * 7).contains(h))
                    .with_context(|| format!("ROUNDTABLE_SSO_MAX_AGE_HOURS must be a number of hours from 1 to 168, not {v:?}"))?,
                Err(_) => 8,
            },
            secret_key: secret_key()?,
        })
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
            public_url: "http://localhost".into(),
            sso_max_age_hours: 8,
            secret_key: SecretKey::generate(),
        }
    }
}

/// The sealing key: from the environment, else from its file, which is made
/// on first start.
fn secret_key() -> anyhow::Result<SecretKey> {
    if let Ok(hex) = std::env::var("ROUNDTABLE_SECRET_KEY") {
        return SecretKey::from_hex(&hex)
            .map_err(|e| anyhow::anyhow!("ROUNDTABLE_SECRET_KEY: {e}"));
    }
    let path =
        std::env::var("ROUNDTABLE_SECRET_KEY_FILE").unwrap_or_else(|_| "data/secret.key".into());
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
