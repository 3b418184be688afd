//! Signing in with a password, signing up and signing out: the pages and
//! their server functions. Who is signed in is `identity`'s business; the
//! second step after a password is `two_step`'s.

pub mod api;
pub mod forms;
pub mod view;
