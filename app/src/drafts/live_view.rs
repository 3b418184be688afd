//! The live strip of a draft page: who else has it open, and the revisions
//! others save while it is open, each with a link to its changes. It needs
//! JavaScript (server-sent events, see `server/src/live.rs`); without it the
//! page is as fresh as its last load.

use super::revision_line;
use super::RevisionInfo;
use crate::ui::Reload;
use leptos::prelude::*;

#[component]
pub fn LiveUpdates(draft_id: i64, revision: i64) -> impl IntoView {
    let changes = RwSignal::new(Vec::<RevisionInfo>::new());
    let viewers = RwSignal::new(Vec::<String>::new());
    #[cfg(feature = "hydrate")]
    connect(draft_id, revision, changes, viewers);
    #[cfg(not(feature = "hydrate"))]
    let _ = revision;
    let reload = use_context::<Reload>();
    view! {
        <div class="rt-live" aria-live="polite" data-testid="live">
            {move || {
                let others = viewers.get();
                (!others.is_empty()).then(|| view! {
                    <p class="rt-meta" data-testid="viewers">{format!("Also viewing now: {}", others.join(", "))}</p>
                })
            }}
            {move || {
                let list = changes.get();
                (!list.is_empty()).then(|| view! {
                    <div class="nhsuk-inset-text rt-changes" data-testid="changes">
                        <p>"Changed since you opened this page:"</p>
                        <ul class="nhsuk-list">
                            {list.into_iter().map(|r| {
                                let href = format!("/drafts/{draft_id}/compare?from={}&to={}", r.number - 1, r.number);
                                view! { <li>{revision_line(&r)}" — "<a href=href>"see changes"</a></li> }
                            }).collect_view()}
                        </ul>
                        <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="button"
                            data-testid="show-latest"
                            on:click=move |_| if let Some(Reload(n)) = reload { n.update(|n| *n += 1) }>
                            "Show the latest text"
                        </button>
                    </div>
                })
            }}
        </div>
    }
}

/// Opens the page's event stream once hydrated; closes it with the page.
#[cfg(feature = "hydrate")]
fn connect(
    draft_id: i64,
    revision: i64,
    changes: RwSignal<Vec<RevisionInfo>>,
    viewers: RwSignal<Vec<String>>,
) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{EventSource, MessageEvent};
    Effect::new(move |_| {
        let Ok(source) = EventSource::new(&format!("/drafts/{draft_id}/events?after={revision}"))
        else {
            return;
        };
        let on_change = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data().as_string().unwrap_or_default();
            if let Ok(list) = serde_json::from_str::<Vec<RevisionInfo>>(&data) {
                changes.update(|known| {
                    for r in list {
                        if !known.iter().any(|k| k.number == r.number) {
                            known.push(r);
                        }
                    }
                });
            }
        });
        let on_viewers = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data().as_string().unwrap_or_default();
            if let Ok(list) = serde_json::from_str::<Vec<String>>(&data) {
                viewers.set(list);
            }
        });
        let _ =
            source.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        let _ =
            source.add_event_listener_with_callback("viewers", on_viewers.as_ref().unchecked_ref());
        let held = send_wrapper::SendWrapper::new((source, on_change, on_viewers));
        on_cleanup(move || held.0.close());
    });
}
