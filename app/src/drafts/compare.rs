//! Comparing two revisions of a draft, section by section.

use super::store::SectionRow;
use super::SectionComparison;

/// How each section differs between two revisions, word by word.
pub fn sections(old: &[SectionRow], new: &[SectionRow]) -> Vec<SectionComparison> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
    // The sections in the newer order, then those only the older one had.
    let mut order: Vec<i64> = new.iter().map(|s| s.section_id).collect();
    order.extend(
        old.iter()
            .map(|s| s.section_id)
            .filter(|id| !new.iter().any(|s| s.section_id == *id)),
    );
    order
        .into_iter()
        .map(|id| {
            let o = old.iter().find(|s| s.section_id == id);
            let n = new.iter().find(|s| s.section_id == id);
            let text = |s: Option<&SectionRow>| s.map(|s| s.body.clone()).unwrap_or_default();
            let heading = |s: Option<&SectionRow>| s.map(|s| s.heading.clone());
            let (old_body, new_body) = (text(o), text(n));
            SectionComparison {
                section_id: id,
                heading_diff: crate::domain::drafts::text::word_diff_until(
                    heading(o).as_deref().unwrap_or_default(),
                    heading(n).as_deref().unwrap_or_default(),
                    deadline,
                ),
                body_diff: if old_body == new_body {
                    Vec::new()
                } else {
                    crate::domain::drafts::text::word_diff_until(&old_body, &new_body, deadline)
                },
                old_heading: heading(o),
                new_heading: heading(n),
                old_body,
                new_body,
            }
        })
        .collect()
}
