//! Roundtable through HTTP: pages and server functions on the real router,
//! each test on a fresh database, on SQLite and (when
//! `ROUNDTABLE_TEST_POSTGRES_URL` is set) on PostgreSQL.

mod support;

mod accounts;
mod admin;
mod assets;
mod audit;
mod co_ownership;
mod consultations;
mod dashboard;
mod discussion;
mod drafts;
mod language;
mod live;
mod malformed;
mod operations;
mod outcomes;
mod passages;
mod progress;
mod providers;
mod roadmap;
mod schema;
mod security;
mod sso;
mod suggestions;
mod themes;
mod throttling;
mod two_step;
