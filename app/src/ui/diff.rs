//! A word diff on the page.

use crate::domain::drafts::{Change, DiffPart};
use leptos::prelude::*;

/// Words added and removed, marked with `<ins>`/`<del>`, a visible sign and
/// words for screen readers, so the change never rests on colour alone.
#[component]
pub fn Parts(parts: Vec<DiffPart>) -> impl IntoView {
    parts
        .into_iter()
        .map(|p| match p.change {
            Change::Same => view! { <span>{p.text}</span> }.into_any(),
            Change::Added => view! {
                <ins class="rt-ins"><span class="nhsuk-u-visually-hidden">" [added: "</span>{p.text}<span class="nhsuk-u-visually-hidden">"] "</span></ins>
            }
            .into_any(),
            Change::Removed => view! {
                <del class="rt-del"><span class="nhsuk-u-visually-hidden">" [removed: "</span>{p.text}<span class="nhsuk-u-visually-hidden">"] "</span></del>
            }
            .into_any(),
        })
        .collect_view()
}
