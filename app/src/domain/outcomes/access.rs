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
    }
}
