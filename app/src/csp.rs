//! The Content Security Policy of every page (a header, set while the page
//! renders, since it carries the response's nonce).

use leptos::prelude::*;

/// Pages may run only the scripts Leptos itself writes into them, each
/// carrying this response's nonce, plus our own wasm; nothing a user wrote
/// can run even if it slipped past the sanitiser.
pub fn set_content_security_policy() {
    set_content_security_policy_with_form_targets(&[]);
}

/// The policy, letting forms also lead to `form_targets` (origins such as
/// `https://login.example.org`): browsers apply `form-action` to every
/// redirect after a form is sent, so a form that ends at an identity
/// provider must name it.
pub fn set_content_security_policy_with_form_targets(form_targets: &[String]) {
    use axum::http::{header::CONTENT_SECURITY_POLICY, HeaderValue};
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'{}; frame-ancestors 'none'",
        form_targets.iter().map(|t| format!(" {t}")).collect::<String>()
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}
