//! Who may do what with a draft: plain functions over plain data, asked by
//! every server function that reads or changes one (through
//! `drafts::access`, which loads the draft first).

use super::Visibility;
use crate::domain::identity::{GlobalRole, Me, PartnerRole};

/// Whether `me` may read a draft owned by `owners` (institution ids).
pub fn can_read(me: Option<&Me>, owners: &[i64], visibility: Visibility) -> bool {
    match visibility {
        Visibility::Published => true,
        Visibility::Partners => {
            me.is_some_and(|m| m.is_partner() || m.has_role(GlobalRole::PolicyMaker))
        }
        Visibility::Owners => me.is_some_and(|m| owner_institution(m, owners).is_some()),
    }
}

/// Whether `me` may read a draft's history (its revisions, comparisons,
/// earlier versions, suggestions and passage threads). Once published, the
/// public sees only the frozen revision; the history stays with whoever
/// could read the draft before (`published_from`; owners only if unknown).
pub fn can_see_history(
    me: Option<&Me>,
    owners: &[i64],
    visibility: Visibility,
    published_from: Option<Visibility>,
) -> bool {
    match visibility {
        Visibility::Published => can_read(
            me,
            owners,
            published_from
                .filter(|v| *v != Visibility::Published)
                .unwrap_or(Visibility::Owners),
        ),
        other => can_read(me, owners, other),
    }
}

/// Whether `me` may publish a draft once its sign-offs are in: a lead of an
/// owning institution, or a policy maker.
pub fn may_publish(me: &Me, owners: &[i64]) -> bool {
    owners.iter().any(|o| is_lead_of(me, *o)) || me.has_role(GlobalRole::PolicyMaker)
}

/// The owning institution `me` writes for, if they belong to one.
pub fn owner_institution(me: &Me, owners: &[i64]) -> Option<i64> {
    me.memberships
        .iter()
        .map(|m| m.institution_id)
        .find(|id| owners.contains(id))
}

/// Whether `me` may change the draft: its owners' people, until it is published.
pub fn can_edit(me: Option<&Me>, owners: &[i64], visibility: Visibility) -> bool {
    visibility != Visibility::Published
        && me.is_some_and(|m| owner_institution(m, owners).is_some())
}

/// Whether `me` is a lead of owning institution `institution`.
pub fn is_lead_of(me: &Me, institution: i64) -> bool {
    me.memberships
        .iter()
        .any(|m| m.institution_id == institution && m.role == PartnerRole::Lead)
}

/// Whether `me` may read a draft (not yet published) because an
/// institution of theirs is invited to co-own it (`invited`: the
/// institutions whose invitation waits for an answer): its people read
/// what they are asked to own.
pub fn can_consider(me: Option<&Me>, invited: &[i64], visibility: Visibility) -> bool {
    visibility != Visibility::Published
        && me.is_some_and(|m| {
            m.memberships
                .iter()
                .any(|x| invited.contains(&x.institution_id))
        })
}

/// Whether `me` may accept or decline the invitation of `institution` to
/// co-own a draft: a lead of it, until the draft is published. Owners are
/// who signed off what the public reads, so nobody joins them afterwards.
pub fn may_answer_invitation(me: &Me, institution: i64, visibility: Visibility) -> bool {
    visibility != Visibility::Published && is_lead_of(me, institution)
}

/// The institution `me` speaks for on a draft owned by `owners` (in
/// suggestions and passage threads): an owner of theirs, else their first
/// institution (none for a policy maker who belongs to none).
pub fn speaking_for(me: &Me, owners: &[i64]) -> Option<i64> {
    owner_institution(me, owners).or_else(|| me.memberships.first().map(|m| m.institution_id))
}

#[cfg(test)]
mod tests {
    //! The rules as tables: each row is a person, each column a state of the
    //! draft, each cell what the rule must answer.
    use super::*;
    use crate::domain::identity::Membership;
    use Visibility::{Owners, Partners, Published};

    /// The draft in these tables is owned by institutions 1 and 2.
    const OWNERS: [i64; 2] = [1, 2];

    fn person(roles: &[GlobalRole], memberships: &[(i64, PartnerRole)]) -> Me {
        Me {
            id: 7,
            display_name: "Someone".into(),
            roles: roles.to_vec(),
            memberships: memberships
                .iter()
                .map(|&(institution_id, role)| Membership {
                    institution_id,
                    institution_name: format!("Institution {institution_id}"),
                    role,
                })
                .collect(),
        }
    }

    /// The people of the tables, by name.
    fn people() -> Vec<(&'static str, Option<Me>)> {
        vec![
            ("anonymous", None),
            ("public", Some(person(&[], &[]))),
            (
                "owner member",
                Some(person(&[], &[(1, PartnerRole::Member)])),
            ),
            ("owner lead", Some(person(&[], &[(2, PartnerRole::Lead)]))),
            (
                "other partner's lead",
                Some(person(&[], &[(3, PartnerRole::Lead)])),
            ),
            (
                "policy maker",
                Some(person(&[GlobalRole::PolicyMaker], &[])),
            ),
            ("moderator", Some(person(&[GlobalRole::Moderator], &[]))),
            (
                "administrator",
                Some(person(&[GlobalRole::Administrator], &[])),
            ),
        ]
    }

    /// Checks `rule` for every person against one row of expectations.
    fn table<const N: usize>(
        rule: impl Fn(Option<&Me>, usize) -> bool,
        columns: [&str; N],
        expected: &[(&str, [bool; N])],
    ) {
        let people = people();
        assert_eq!(people.len(), expected.len(), "one row per person");
        for ((name, me), (row, cells)) in people.iter().zip(expected) {
            assert_eq!(name, row, "rows in the order of people()");
            for (column, want) in cells.iter().enumerate() {
                assert_eq!(
                    rule(me.as_ref(), column),
                    *want,
                    "{name}, {}: expected {want}",
                    columns[column]
                );
            }
        }
    }

    #[test]
    fn who_reads_a_draft() {
        let states = [Owners, Partners, Published];
        table(
            |me, c| can_read(me, &OWNERS, states[c]),
            ["owners only", "all partners", "published"],
            &[
                ("anonymous", [false, false, true]),
                ("public", [false, false, true]),
                ("owner member", [true, true, true]),
                ("owner lead", [true, true, true]),
                ("other partner's lead", [false, true, true]),
                ("policy maker", [false, true, true]),
                ("moderator", [false, false, true]),
                ("administrator", [false, false, true]),
            ],
        );
    }

    #[test]
    fn who_sees_the_history() {
        // Published drafts keep their history for whoever could read them
        // before; an unknown past counts as owners only.
        let states = [
            (Owners, None),
            (Partners, None),
            (Published, Some(Owners)),
            (Published, Some(Partners)),
            (Published, None),
        ];
        table(
            |me, c| can_see_history(me, &OWNERS, states[c].0, states[c].1),
            [
                "owners only",
                "all partners",
                "published from owners only",
                "published from all partners",
                "published, past unknown",
            ],
            &[
                ("anonymous", [false, false, false, false, false]),
                ("public", [false, false, false, false, false]),
                ("owner member", [true, true, true, true, true]),
                ("owner lead", [true, true, true, true, true]),
                ("other partner's lead", [false, true, false, true, false]),
                ("policy maker", [false, true, false, true, false]),
                ("moderator", [false, false, false, false, false]),
                ("administrator", [false, false, false, false, false]),
            ],
        );
    }

    #[test]
    fn who_edits_a_draft() {
        let states = [Owners, Partners, Published];
        table(
            |me, c| can_edit(me, &OWNERS, states[c]),
            ["owners only", "all partners", "published"],
            &[
                ("anonymous", [false, false, false]),
                ("public", [false, false, false]),
                ("owner member", [true, true, false]),
                ("owner lead", [true, true, false]),
                ("other partner's lead", [false, false, false]),
                ("policy maker", [false, false, false]),
                ("moderator", [false, false, false]),
                ("administrator", [false, false, false]),
            ],
        );
    }

    #[test]
    fn who_publishes_and_signs_off() {
        table(
            |me, c| {
                me.is_some_and(|me| match c {
                    0 => may_publish(me, &OWNERS),
                    1 => is_lead_of(me, 1),
                    _ => is_lead_of(me, 2),
                })
            },
            [
                "may publish",
                "signs for institution 1",
                "signs for institution 2",
            ],
            &[
                ("anonymous", [false, false, false]),
                ("public", [false, false, false]),
                ("owner member", [false, false, false]),
                ("owner lead", [true, false, true]),
                ("other partner's lead", [false, false, false]),
                ("policy maker", [true, false, false]),
                ("moderator", [false, false, false]),
                ("administrator", [false, false, false]),
            ],
        );
    }

    #[test]
    fn invited_institutions_read_and_their_leads_answer() {
        // Institution 3 is invited; "other partner's lead" leads it.
        let states = [Owners, Partners, Published];
        table(
            |me, c| can_consider(me, &[3], states[c]),
            ["owners only", "all partners", "published"],
            &[
                ("anonymous", [false, false, false]),
                ("public", [false, false, false]),
                ("owner member", [false, false, false]),
                ("owner lead", [false, false, false]),
                ("other partner's lead", [true, true, false]),
                ("policy maker", [false, false, false]),
                ("moderator", [false, false, false]),
                ("administrator", [false, false, false]),
            ],
        );
        table(
            |me, c| me.is_some_and(|me| may_answer_invitation(me, 3, states[c])),
            ["owners only", "all partners", "published"],
            &[
                ("anonymous", [false, false, false]),
                ("public", [false, false, false]),
                ("owner member", [false, false, false]),
                ("owner lead", [false, false, false]),
                ("other partner's lead", [true, true, false]),
                ("policy maker", [false, false, false]),
                ("moderator", [false, false, false]),
                ("administrator", [false, false, false]),
            ],
        );
        // Not an owner until accepted: no editing, no signing for the draft.
        let invited = person(&[], &[(3, PartnerRole::Lead)]);
        assert!(!can_edit(Some(&invited), &OWNERS, Owners));
        assert!(!may_publish(&invited, &OWNERS));
        let member = person(&[], &[(3, PartnerRole::Member)]);
        assert!(can_consider(Some(&member), &[3], Owners));
        assert!(!may_answer_invitation(&member, 3, Owners));
    }

    #[test]
    fn partners_speak_for_an_owner_of_theirs_first() {
        let both = person(&[], &[(3, PartnerRole::Member), (2, PartnerRole::Member)]);
        assert_eq!(speaking_for(&both, &OWNERS), Some(2));
        let other = person(&[], &[(3, PartnerRole::Lead)]);
        assert_eq!(speaking_for(&other, &OWNERS), Some(3));
        let policy = person(&[GlobalRole::PolicyMaker], &[]);
        assert_eq!(speaking_for(&policy, &OWNERS), None);
    }
}
