//! Every setting the server reads from its environment, in one place.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `DATABASE_URL` | `sqlite://data/roundtable.db` | `sqlite://…` or `postgres://…` |
//! | `LEPTOS_SITE_ADDR` | `127.0.0.1:3000` | address to listen on |
//! | `LEPTOS_SITE_ROOT` | `target/site` | where the built browser bundle and CSS are |
//! | `ROUNDTABLE_SECURE_COOKIES` | `false` | mark the session cookie `Secure`; set it when served over HTTPS |
//! | `ROUNDTABLE_TRUST_PROXY` | `false` | take client addresses from `X-Forwarded-For` (only behind a proxy that sets it) |
//! | `ROUNDTABLE_DEMO` | `true` | seed demo data into an empty database at start-up |
//! | `RUST_LOG` | `info` | log filter |

use anyhow::{bail, Context};
use std::net::SocketAddr;

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub site_addr: SocketAddr,
    pub site_root: String,
    pub secure_cookies: bool,
    pub trust_proxy: bool,
    pub demo_data: bool,
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
            demo_data: flag("ROUNDTABLE_DEMO", true)?,
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
        }
    }
}
