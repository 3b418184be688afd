//! A comment's page (`/comments/:id`): what came of it (`outcomes`: its
//! themes, the decisions on them, the items they change) and, for analysts,
//! the themes it belongs to, to tick and untick (`themes`).

use crate::outcomes::view::CommentTraceSection;
use crate::themes::view::CommentThemesSection;
use leptos::prelude::*;

#[component]
pub fn CommentPage() -> impl IntoView {
    crate::ui::provide_reload();
    view! {
        <CommentTraceSection/>
        <CommentThemesSection/>
    }
}
