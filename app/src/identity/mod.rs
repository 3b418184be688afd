//! Accounts and sessions on the server: who is asking ([`session`]), the
//! accounts table ([`store`]), password hashing ([`password`]) and the
//! throttling of guesses ([`throttle`]).
//!
//! Every feature asks this module first; it knows nothing of any feature.
//! The sign-in and sign-up pages that use it are the `auth` feature.

#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod throttle;
