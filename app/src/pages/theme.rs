//! A theme's page (`/themes/:id`): the theme (`themes`: counts, renaming,
//! merging) above its outcome (`outcomes`: decisions, quotes). Analysts only.

use crate::outcomes::view::ThemeDecisionsSection;
use crate::themes::view::ThemeDetails;
use leptos::prelude::*;

#[component]
pub fn ThemePage() -> impl IntoView {
    crate::ui::provide_reload();
    view! {
        <ThemeDetails/>
        <ThemeDecisionsSection/>
    }
}
