//! The drafts' forms, checked without a server.

use super::*;

fn form(heading: &str, body: &str, message: &str) -> SectionInput {
    SectionInput {
        heading: heading.into(),
        body: body.into(),
        message: message.into(),
    }
}

#[test]
fn a_section_is_trimmed_and_its_line_endings_made_plain() {
    let checked = form("  Scope ", "One\r\nTwo\n\n", "  ").check().unwrap();
    assert_eq!(checked.heading, "Scope");
    assert_eq!(checked.body, "One\nTwo");
    assert_eq!(checked.message, None);
}

#[test]
fn every_problem_is_reported_beside_its_field() {
    let long_body = "x".repeat(MAX_BODY + 1);
    let long_note = "n".repeat(MAX_MESSAGE + 1);
    let err = form(" ", &long_body, &long_note).check().unwrap_err();
    assert!(err.field("heading").is_some());
    assert!(err.field("body").unwrap().contains("50,000"));
    assert!(err.field("message").unwrap().contains("300"));
    let err = form("Two\nlines", "", "").check().unwrap_err();
    assert!(err.field("heading").unwrap().contains("one line"));
    assert_eq!(
        form(&"h".repeat(MAX_HEADING), "", "")
            .check()
            .map(|c| c.heading.len()),
        Ok(MAX_HEADING)
    );
}

#[test]
fn a_failed_form_keeps_what_was_typed() {
    let kept = form("Scope", "Text", "why").kept();
    assert!(kept.contains(&("heading".into(), "Scope".into())));
    assert!(kept.contains(&("body".into(), "Text".into())));
    assert!(kept.contains(&("message".into(), "why".into())));
}

fn choices() -> NewDraftChoices {
    use super::super::Owner;
    NewDraftChoices {
        items: vec![(4, "Board accountability".into())],
        institutions: vec![
            Owner {
                id: 1,
                name: "NHS Wales".into(),
            },
            Owner {
                id: 2,
                name: "BT".into(),
            },
        ],
        mine: vec![1],
    }
}

fn new_draft(owners: &[&str], quorum: &str, count: &str) -> NewDraftInput {
    NewDraftInput {
        title: " Shared statement ".into(),
        item_id: "4".into(),
        owners: owners.iter().map(|o| (*o).to_owned()).collect(),
        quorum: quorum.into(),
        quorum_count: count.into(),
        heading: "Summary".into(),
        body: "Text".into(),
    }
}

#[test]
fn a_new_draft_is_owned_by_its_authors_institution_and_chosen_partners() {
    let draft = new_draft(&["2", "1", "2"], "count", "1")
        .check(&choices())
        .unwrap();
    assert_eq!(draft.title, "Shared statement");
    assert_eq!(draft.owners, vec![1, 2], "sorted, without repeats");
    assert_eq!(
        (draft.institution, draft.quorum, draft.item_id),
        (1, Some(1), Some(4))
    );
    assert_eq!(
        new_draft(&["1"], "all", "")
            .check(&choices())
            .unwrap()
            .quorum,
        None
    );
}

#[test]
fn a_new_draft_refuses_what_the_form_did_not_offer() {
    let err = new_draft(&["2"], "count", "3")
        .check(&choices())
        .unwrap_err();
    assert!(err
        .field("owners")
        .unwrap()
        .contains("Your own institution"));
    assert!(
        err.field("quorum_count").is_some(),
        "more sign-offs than owners"
    );
    let err = new_draft(&["1", "99", "x"], "sometimes", "")
        .check(&choices())
        .unwrap_err();
    assert!(err.field("owners").unwrap().contains("from the list"));
    assert!(err.field("quorum").is_some());
    let mut other_item = new_draft(&["1"], "all", "");
    other_item.item_id = "5".into();
    assert!(other_item
        .check(&choices())
        .unwrap_err()
        .field("item_id")
        .is_some());
    assert!(new_draft(&["1", "2"], "all", "")
        .kept()
        .contains(&("owners".into(), "1,2".into())));
}

#[test]
fn a_sign_off_needs_a_statement() {
    let form = |s: &str| SignOffInput {
        statement: s.into(),
    };
    assert_eq!(form(" We agree. ").check(), Ok("We agree.".into()));
    assert!(form("").check().unwrap_err().field("statement").is_some());
    let long = "s".repeat(MAX_STATEMENT + 1);
    assert!(form(&long)
        .check()
        .unwrap_err()
        .field("statement")
        .unwrap()
        .contains("1,000"));
}

#[test]
fn an_invitation_names_an_institution_the_form_offered() {
    let offered = [Owner {
        id: 3,
        name: "BT".into(),
    }];
    let form = |id: &str| InviteInput {
        institution_id: id.into(),
    };
    assert_eq!(form(" 3 ").check(&offered), Ok(3));
    for wrong in ["", "4", "three", "-1"] {
        let err = form(wrong).check(&offered).unwrap_err();
        assert!(
            err.field("institution_id")
                .unwrap()
                .contains("from the list"),
            "{wrong:?}"
        );
    }
}
