//! A roadmap item's progress page (`/items/:id/progress`): its timeline and
//! dependencies (`progress`), and what changed it (`outcomes`): decisions,
//! the comments behind them, and the proposals published for it.

use crate::outcomes::view::ItemTraceSection;
use crate::progress::view::ProgressSection;
use leptos::prelude::*;

#[component]
pub fn ItemProgressPage() -> impl IntoView {
    crate::ui::provide_reload();
    view! {
        <ProgressSection/>
        <ItemTraceSection/>
    }
}
