//! Telling "the database cannot be reached" (PostgreSQL restarting, the
//! network gone, every pooled connection busy for too long) from other
//! database failures: those requests are answered 503 with `Retry-After`,
//! as a temporary condition, instead of 500.
//!
//! Some failures reach the app only as text (the session store's), so a
//! process-wide note of when an outage was last seen lets the layers that
//! see those answer 503 too ([`lately`]).

use std::sync::atomic::{AtomicI64, Ordering};

/// When an outage was last noticed (epoch ms; 0: never).
static NOTICED_AT: AtomicI64 = AtomicI64::new(0);

/// How long after an outage was noticed a failure is taken to be part of it.
const LASTS_MS: i64 = 10_000;

/// Whether `err` says the database could not be reached, rather than that
/// a statement failed.
#[cfg(feature = "ssr")]
pub fn is_unreachable(err: &sqlx::Error) -> bool {
    use sqlx::Error;
    match err {
        Error::PoolTimedOut
        | Error::PoolClosed
        | Error::Io(_)
        | Error::Tls(_)
        | Error::WorkerCrashed => true,
        Error::Database(db) => db.code().is_some_and(|code| is_unreachable_code(&code)),
        _ => false,
    }
}

/// PostgreSQL's codes for a connection that failed or a server shutting
/// down or starting up (classes 08 and 57P, and too many connections).
fn is_unreachable_code(code: &str) -> bool {
    code.starts_with("08") || code.starts_with("57P") || code == "53300"
}

/// Notes that the database was just found unreachable.
pub fn noticed() {
    NOTICED_AT.store(super::now_ms(), Ordering::Relaxed);
}

/// Whether an outage was noticed in the last few seconds.
pub fn lately() -> bool {
    let at = NOTICED_AT.load(Ordering::Relaxed);
    at != 0 && super::now_ms() - at < LASTS_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_and_shutdown_codes_are_outages_and_statement_errors_are_not() {
        for code in ["08006", "08001", "57P01", "57P03", "53300"] {
            assert!(is_unreachable_code(code), "{code}");
        }
        for code in ["23505", "40001", "42P01", "22001"] {
            assert!(!is_unreachable_code(code), "{code}");
        }
        assert!(is_unreachable(&sqlx::Error::PoolTimedOut));
        assert!(!is_unreachable(&sqlx::Error::RowNotFound));
    }

    #[test]
    fn an_outage_is_remembered_for_a_few_seconds() {
        noticed();
        assert!(lately());
        NOTICED_AT.store(super::super::now_ms() - LASTS_MS - 1, Ordering::Relaxed);
        assert!(!lately());
    }
}
