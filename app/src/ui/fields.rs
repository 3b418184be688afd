//! NHS.UK form fields and the error summary, wired to a form's error.

use crate::error::AppError;
use leptos::prelude::*;

/// The error to show in the form `key` of a server action: the last call's
/// error, unless a plain (JavaScript-off) post of another form on the page
/// failed, in which case the error in the URL is that form's.
pub fn form_error<S>(action: ServerAction<S>, key: String) -> Signal<Option<AppError>>
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || match action.value().get() {
        Some(Err(err)) if crate::forms::error_is_for(&key) => Some(err),
        _ => None,
    })
}

/// "There is a problem" at the top of a form, linking to each field.
#[component]
pub fn ErrorSummary(
    #[prop(into)] error: Signal<Option<AppError>>,
    /// Prefix of the fields' ids, so the links land on the right field.
    #[prop(into, optional)]
    id_prefix: String,
) -> impl IntoView {
    // As the NHS.UK pattern asks, the summary takes focus when it appears, so
    // keyboard and screen reader users land on it.
    let summary = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(element) = summary.get() {
            let _ = element.focus();
        }
    });
    let title_id = format!("{id_prefix}error-summary-title");
    move || {
        let title_id = title_id.clone();
        let labelled_by = title_id.clone();
        error.get().map(|err| {
            let items = match &err {
                AppError::Invalid(fields) => fields
                    .iter()
                    .map(|f| {
                        let href = format!("#{}{}", id_prefix, f.field);
                        view! { <li><a href=href>{f.message.clone()}</a></li> }.into_any()
                    })
                    .collect::<Vec<_>>(),
                AppError::NotSignedIn => vec![view! {
                    <li>"You need to sign in to do that. "<a href="/sign-in">"Sign in"</a></li>
                }
                .into_any()],
                other => vec![view! { <li>{other.to_string()}</li> }.into_any()],
            };
            view! {
                <div class="nhsuk-error-summary" aria-labelledby=labelled_by role="alert" tabindex="-1" node_ref=summary>
                    <h2 class="nhsuk-error-summary__title" id=title_id>"There is a problem"</h2>
                    <div class="nhsuk-error-summary__body">
                        <ul class="nhsuk-list nhsuk-error-summary__list" role="list">{items}</ul>
                    </div>
                </div>
            }
        })
    }
}

/// What a field shows of the form's error: its message, whether it is in
/// error, and the ids its control is described by (hint, then error).
#[derive(Clone)]
struct FieldState {
    message: Signal<Option<String>>,
    described_by: Signal<Option<String>>,
}

impl FieldState {
    fn new(error: Signal<Option<AppError>>, name: &str, id: &str, has_hint: bool) -> Self {
        let name = name.to_owned();
        let message = Signal::derive(move || error.get().and_then(|e| e.field(&name)));
        let id = id.to_owned();
        let described_by = Signal::derive(move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(format!("{id}-hint"));
            }
            if message.get().is_some() {
                ids.push(format!("{id}-error"));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        });
        FieldState {
            message,
            described_by,
        }
    }

    fn has_error(&self) -> impl Fn() -> bool + Send + Sync + Copy + 'static {
        let message = self.message;
        move || message.get().is_some()
    }
}

/// A labelled text input with its hint and error message.
#[component]
pub fn TextInput(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(into, optional)] id_prefix: String,
    #[prop(into, optional)] hint: Option<String>,
    #[prop(into, default = "text".into())] input_type: String,
    #[prop(into, optional)] autocomplete: Option<String>,
    #[prop(into, optional)] class: Option<String>,
) -> impl IntoView {
    let id = format!("{id_prefix}{name}");
    let state = FieldState::new(error, &name, &id, hint.is_some());
    let has_error = state.has_error();
    let input_class = format!("nhsuk-input {}", class.unwrap_or_default());
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=has_error>
            <label class="nhsuk-label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="nhsuk-hint" id=format!("{id}-hint")>{h}</div> })}
            <ErrorMessage id=id.clone() message=state.message/>
            <input
                class=input_class
                class:nhsuk-input--error=has_error
                id=id
                name=name
                type=input_type
                value=value
                autocomplete=autocomplete
                aria-describedby=state.described_by
            />
        </div>
    }
}

/// A labelled textarea with its hint and error message.
#[component]
pub fn TextArea(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(into, optional)] id_prefix: String,
    #[prop(into, optional)] hint: Option<String>,
    #[prop(default = 5)] rows: u32,
    #[prop(optional)] label_hidden: bool,
) -> impl IntoView {
    let id = format!("{id_prefix}{name}");
    let state = FieldState::new(error, &name, &id, hint.is_some());
    let has_error = state.has_error();
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=has_error>
            <label class="nhsuk-label" class:nhsuk-u-visually-hidden=label_hidden for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="nhsuk-hint" id=format!("{id}-hint")>{h}</div> })}
            <ErrorMessage id=id.clone() message=state.message/>
            {textarea(id, name, rows, value, has_error, state.described_by)}
        </div>
    }
}

/// A field's error message; `id` is the field's id (the message gets `<id>-error`).
#[component]
pub fn ErrorMessage(id: String, message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|m| {
            view! {
                <span class="nhsuk-error-message" id=format!("{id}-error")>
                    <span class="nhsuk-u-visually-hidden">"Error: "</span>
                    {m}
                </span>
            }
        })
    }
}

/// The `<textarea>` itself, which differs between server and browser.
///
/// Leptos writes a textarea's children into server HTML unescaped (as it does
/// for `<script>`), so a value holding `</textarea>` could end the element
/// and inject markup: the server escapes the text itself. And an empty child
/// leaves no text node in the page, which hydration would then fail to find:
/// so in the browser the textarea has no child at all, and `prop:value`
/// holds the text.
fn textarea(
    id: String,
    name: String,
    rows: u32,
    value: String,
    has_error: impl Fn() -> bool + Send + Sync + Copy + 'static,
    described_by: Signal<Option<String>>,
) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let mut escaped = String::with_capacity(value.len());
        for c in value.chars() {
            match c {
                '&' => escaped.push_str("&amp;"),
                '<' => escaped.push_str("&lt;"),
                '>' => escaped.push_str("&gt;"),
                c => escaped.push(c),
            }
        }
        view! {
            <textarea class="nhsuk-textarea" class:nhsuk-textarea--error=has_error id=id name=name rows=rows
                aria-describedby=described_by>
                {escaped}
            </textarea>
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        view! {
            <textarea class="nhsuk-textarea" class:nhsuk-textarea--error=has_error id=id name=name rows=rows
                aria-describedby=described_by prop:value=value>
            </textarea>
        }
    }
}
