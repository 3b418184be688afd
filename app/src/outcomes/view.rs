//! The pages of outcomes: the outcome page (`outcome_view`), a comment's
//! trace (`trace_view`), the decisions part of a theme's page
//! (`decisions_view`), and how a decision reads wherever it is shown.

pub use super::decisions_view::ThemeDecisionsSection;
pub use super::outcome_view::{ConsultationOutcomePage, ItemOutcomePage};
pub use super::trace_view::{CommentTraceSection, ItemTraceSection};

use super::Decision;
use crate::time_fmt;
use leptos::prelude::*;

/// A decision: what, why, who and by when, its status in words (never by
/// colour alone), and the roadmap items it changes, as links.
#[component]
pub fn DecisionCard(
    decision: Decision,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let due = decision
        .due_on
        .as_deref()
        .map(|d| time_fmt::long_date(crate::i18n::Locale::En, d))
        .unwrap_or_else(|| "No date set".into());
    view! {
        <div class="nhsuk-card rt-decision" id=format!("decision-{}", decision.id) data-testid="decision">
            <div class="nhsuk-card__content">
                <p>
                    <strong class=decision.status.tag_class()>{decision.status.label()}</strong>
                    {decision.overdue.then(|| view! { " "<strong class="nhsuk-tag nhsuk-tag--red">"Overdue"</strong> })}
                </p>
                <h3 class="nhsuk-card__heading nhsuk-heading-s">{decision.decision.clone()}</h3>
                <dl class="nhsuk-summary-list">
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">"Why"</dt>
                        <dd class="nhsuk-summary-list__value">{decision.reason.clone()}</dd>
                    </div>
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">"Action owner"</dt>
                        <dd class="nhsuk-summary-list__value">{decision.action_owner.clone()}</dd>
                    </div>
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">"Due"</dt>
                        <dd class="nhsuk-summary-list__value">{due}</dd>
                    </div>
                    <div class="nhsuk-summary-list__row">
                        <dt class="nhsuk-summary-list__key">"Changes on the roadmap"</dt>
                        <dd class="nhsuk-summary-list__value">
                            {if decision.items.is_empty() {
                                view! { "No roadmap item" }.into_any()
                            } else {
                                view! {
                                    <ul class="nhsuk-list">
                                        {decision.items.iter().map(|i| view! {
                                            <li><a href=format!("/items/{}", i.id)>{i.title.clone()}</a></li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </dd>
                    </div>
                </dl>
                {children.map(|c| c())}
            </div>
        </div>
    }
}
