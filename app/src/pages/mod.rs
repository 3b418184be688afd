//! Pages that show several features at once. A feature's own pages live in
//! its folder; a page that composes features lives here, so that sibling
//! features never import each other's views or server functions.

pub mod account;
pub mod comment;
pub mod draft;
pub mod item;
pub mod item_progress;
pub mod theme;
