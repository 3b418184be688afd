//! The load harness's yardstick (`scripts/bench`): with
//! `ROUNDTABLE_STATIC_CEILING_DIR` set, the files of that folder are served
//! under `/static-ceiling/` by the same process, outside the session layer,
//! so a page can be measured beside the same bytes served as a plain file.

use axum::Router;
use tower_http::services::ServeDir;

/// The variable naming the folder; unset, nothing is added.
pub const VARIABLE: &str = "ROUNDTABLE_STATIC_CEILING_DIR";

/// `router` with the static route when the variable names a folder.
pub fn merge(router: Router) -> Router {
    match std::env::var_os(VARIABLE) {
        Some(dir) => router.nest_service("/static-ceiling", ServeDir::new(dir)),
        None => router,
    }
}
