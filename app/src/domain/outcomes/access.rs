//! Who may analyse what was said, and what an analysis may show them.

use crate::domain::identity::{GlobalRole, Me};

/// Whether `me` analyses responses (themes, tagging, decisions): policy
/// makers, moderators and administrators.
pub fn may_analyse(me: &Me) -> bool {
    me.has_role(GlobalRole::PolicyMaker)
        || me.has_role(GlobalRole::Moderator)
        || me.has_role(GlobalRole::Administrator)
}

/// Whether an analysis shown to `me` includes partner-only comments: only
/// where they may already read them in the discussion itself.
pub fn sees_partner_comments(me: Option<&Me>) -> bool {
    me.is_some_and(Me::can_see_partner_content)
}

/// Whether `me` sees the policy makers' dashboard: policy makers and
/// administrators.
pub fn may_see_dashboard(me: &Me) -> bool {
    me.has_role(GlobalRole::PolicyMaker) || me.has_role(GlobalRole::Administrator)
}

/// Whether `me` may add to a roadmap item's progress timeline: the
/// analysts, and the leads of the institutions that own the item.
pub fn may_record_progress(me: &Me, owners: &[i64]) -> bool {
    may_analyse(me)
        || owners
            .iter()
            .any(|o| crate::domain::drafts::access::is_lead_of(me, *o))
}

/// Whether `me` may read an analysis's themes, counts and decisions: the
/// analysts always; everyone once its outcome is published.
pub fn can_read_outcome(me: Option<&Me>, published: bool) -> bool {
    published || me.is_some_and(may_analyse)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::identity::{Membership, PartnerRole};

    fn person(roles: &[GlobalRole], partner: bool) -> Me {
        Me {
            id: 1,
            display_name: "Someone".into(),
            roles: roles.to_vec(),
            memberships: partner
                .then(|| Membership {
                    institution_id: 7,
                    institution_name: "BT".into(),
                    role: PartnerRole::Lead,
                })
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn analysts_are_policy_makers_moderators_and_administrators() {
        let table = [
            (person(&[], false), false, false),
            (person(&[], true), false, true),
            (person(&[GlobalRole::PolicyMaker], false), true, true),
            (person(&[GlobalRole::Moderator], false), true, false),
            (person(&[GlobalRole::Moderator], true), true, true),
            (person(&[GlobalRole::Administrator], false), true, true),
        ];
        for (me, analyses, partner_comments) in table {
            assert_eq!(may_analyse(&me), analyses, "{:?}", me.roles);
            assert_eq!(
                sees_partner_comments(Some(&me)),
                partner_comments,
                "{:?} partner={}",
                me.roles,
                me.is_partner()
            );
        }
        assert!(!sees_partner_comments(None));
        assert!(may_see_dashboard(&person(
            &[GlobalRole::PolicyMaker],
            false
        )));
        assert!(may_see_dashboard(&person(
            &[GlobalRole::Administrator],
            false
        )));
        assert!(!may_see_dashboard(&person(&[GlobalRole::Moderator], true)));
        assert!(!may_see_dashboard(&person(&[], true)));
    }

    #[test]
    fn progress_is_written_by_analysts_and_the_owners_leads() {
        let lead = person(&[], true); // the lead of institution 7
        let member = Me {
            memberships: vec![Membership {
                role: PartnerRole::Member,
                ..lead.memberships[0].clone()
            }],
            ..lead.clone()
        };
        assert!(may_record_progress(&lead, &[7]));
        assert!(!may_record_progress(&lead, &[8]));
        assert!(!may_record_progress(&member, &[7]));
        assert!(may_record_progress(
            &person(&[GlobalRole::PolicyMaker], false),
            &[]
        ));
        assert!(!may_record_progress(&person(&[], false), &[7]));
    }

    #[test]
    fn outcomes_are_public_once_published_and_the_analysts_before() {
        let analyst = person(&[GlobalRole::Moderator], false);
        let partner = person(&[], true);
        assert!(can_read_outcome(None, true));
        assert!(!can_read_outcome(None, false));
        assert!(!can_read_outcome(Some(&partner), false));
        assert!(can_read_outcome(Some(&analyst), false));
    }

    #[test]
    fn an_action_is_overdue_when_its_date_passed_and_it_is_not_finished() {
        use crate::domain::outcomes::DecisionStatus::*;
        assert!(Planned.is_overdue(Some("2027-01-01"), "2027-01-02"));
        assert!(InProgress.is_overdue(Some("2027-01-01"), "2027-01-02"));
        assert!(!InProgress.is_overdue(Some("2027-01-02"), "2027-01-02"));
        assert!(!Done.is_overdue(Some("2027-01-01"), "2027-01-02"));
        assert!(!Dropped.is_overdue(Some("2027-01-01"), "2027-01-02"));
        assert!(!Planned.is_overdue(None, "2027-01-02"));
    }
}
