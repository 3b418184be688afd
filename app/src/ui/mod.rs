//! The building blocks of every page: NHS.UK form fields with their error
//! messages and the error summary ([`fields`]), what every page reads
//! ([`page`]), a word diff ([`diff`]) and short comment lists ([`notes`]).
//! It knows no feature: features and pages build on it.

pub mod charts;
mod diff;
mod fields;
mod notes;
mod page;

pub use diff::Parts;
pub use fields::*;
pub use notes::NoteComments;
pub use page::*;
