//! The pure core: types, access rules and text algorithms that need no
//! server, browser or database (no Leptos, no sqlx; the architecture test
//! keeps it so). Everything above may use it; it uses nothing above it.

#[cfg(feature = "ssr")]
pub mod anchor;
pub mod drafts;
pub mod identity;
pub mod lifetimes;
pub mod outcomes;
