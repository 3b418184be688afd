//! The demo accounts, whose password (and second-step key) are public, and
//! the check that keeps them off a real deployment: a server set up for
//! HTTPS refuses to start while any of them can still sign in with the
//! public password, unless told to by
//! `ROUNDTABLE_SERVE_DEMO_ACCOUNTS_OVER_HTTPS=true`. Compiled into every
//! build (the demo data itself only with `dev-tools`), since a production
//! build may be pointed at a database a demo build seeded.

use app::db::Db;
use app::with_db;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "blueprint demo password";

pub struct DemoAccount {
    pub email: &'static str,
    pub name: &'static str,
    pub what: &'static str,
}

pub const DEMO_ACCOUNTS: [DemoAccount; 5] = [
    DemoAccount {
        email: "admin@roundtable.example",
        name: "Alex Morgan",
        what: "administrator",
    },
    DemoAccount {
        email: "policy@roundtable.example",
        name: "Priya Shah",
        what: "policy maker",
    },
    DemoAccount {
        email: "dana@wales.nhs.uk",
        name: "Dana Evans",
        what: "partner lead, NHS Wales",
    },
    DemoAccount {
        email: "sam@bt.com",
        name: "Sam Okafor",
        what: "partner member, BT",
    },
    DemoAccount {
        email: "pat@example.org",
        name: "Pat Lewis",
        what: "member of the public",
    },
];

/// The two-step verification secret of the demo's administrator and policy
/// maker (whose roles require it). Public, like the demo password: add it to
/// an authenticator app, or run `roundtable demo-code`.
pub const DEMO_TOTP_SECRET: &str = "KRUGKIDCNR2WKIDQOJUW45DTEBUGK4TF";

/// The demo accounts that can still sign in with [`DEMO_PASSWORD`]: those
/// above, any account with a global role, and any at the domains reserved
/// for examples (`example.org`, `example.com`, `*.example`), where the demo
/// and load data make their participants. Read once at start-up; accounts
/// made together share a hash, so each distinct hash is checked once.
pub async fn still_open(db: &Db) -> anyhow::Result<Vec<String>> {
    let emails: Vec<&str> = DEMO_ACCOUNTS.iter().map(|a| a.email).collect();
    let sql = format!(
        "SELECT email, password_hash FROM users
         WHERE password_hash IS NOT NULL
           AND (email IN ({}) OR id IN (SELECT user_id FROM user_roles)
                OR email LIKE '%@example.org' OR email LIKE '%@example.com' OR email LIKE '%.example')
         ORDER BY email",
        app::db::placeholders(1, emails.len())
    );
    let rows: Vec<(String, String)> = with_db!(db, pool => {
        let mut q = sqlx::query_as(&sql);
        for email in &emails {
            q = q.bind(*email);
        }
        q.fetch_all(pool).await
    })?;
    let open = tokio::task::spawn_blocking(move || {
        let mut hashes: Vec<(&str, bool)> = Vec::new();
        let mut open = Vec::new();
        for (email, hash) in &rows {
            let known = match hashes.iter().find(|(h, _)| h == hash) {
                Some((_, known)) => *known,
                None => {
                    let known = app::identity::password::verify(DEMO_PASSWORD, Some(hash));
                    hashes.push((hash, known));
                    known
                }
            };
            if known {
                open.push(email.clone());
            }
        }
        open
    })
    .await?;
    Ok(open)
}
