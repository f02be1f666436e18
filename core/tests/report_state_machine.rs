//! The pure transition table of the approval chain.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use proptest::prelude::*;
use stratmon_core::ErrorKind;
use stratmon_core::model::Role;
use stratmon_core::report::{Action, ReportState as S, next_state, required_roles};

#[test]
fn the_table_has_exactly_the_designed_transitions() {
    let allowed = [
        (S::Draft, Action::Submit, S::Submitted),
        (S::Returned, Action::Submit, S::Submitted),
        (S::Submitted, Action::Accept, S::Accepted),
        (S::Accepted, Action::Approve, S::Approved),
        (S::Submitted, Action::Return, S::Returned),
        (S::Accepted, Action::Return, S::Returned),
        (S::Approved, Action::Reopen, S::Draft),
    ];
    for state in S::ALL {
        for action in Action::ALL {
            let expected = allowed
                .iter()
                .find(|(s, a, _)| *s == state && *a == action)
                .map(|(_, _, to)| *to);
            match (next_state(state, action), expected) {
                (Ok(to), Some(want)) => assert_eq!(to, want, "{state} --{action}-->"),
                (Err(e), None) => assert_eq!(e.kind(), ErrorKind::InvalidTransition),
                (got, want) => panic!("{state} --{action}--> gave {got:?}, expected {want:?}"),
            }
        }
    }
}

#[test]
fn only_draft_and_returned_are_editable() {
    let editable: Vec<S> = S::ALL.into_iter().filter(|s| s.is_editable()).collect();
    assert_eq!(editable, [S::Draft, S::Returned]);
}

#[test]
fn each_action_names_the_role_that_fires_it() {
    assert_eq!(required_roles(S::Draft, Action::Submit), [Role::Planner]);
    assert_eq!(
        required_roles(S::Submitted, Action::Accept),
        [Role::Analyst]
    );
    assert_eq!(required_roles(S::Accepted, Action::Approve), [Role::Head]);
    assert_eq!(
        required_roles(S::Submitted, Action::Return),
        [Role::Analyst]
    );
    assert_eq!(required_roles(S::Accepted, Action::Return), [Role::Head]);
    assert_eq!(
        required_roles(S::Approved, Action::Reopen),
        [Role::Head, Role::Coordinator]
    );
    assert!(Action::Return.needs_comment() && Action::Reopen.needs_comment());
    assert!(!Action::Submit.needs_comment());
}

fn action() -> impl Strategy<Value = Action> {
    prop::sample::select(Action::ALL.to_vec())
}

proptest! {
    /// Any sequence of actions from Draft that ends in Approved passes through
    /// Submitted and then Accepted immediately before.
    #[test]
    fn approved_is_reached_only_from_accepted_after_submitted(actions in prop::collection::vec(action(), 0..30)) {
        let mut state = S::Draft;
        let mut trail = vec![state];
        for a in actions {
            if let Ok(next) = next_state(state, a) {
                state = next;
                trail.push(state);
                if state == S::Approved {
                    let n = trail.len();
                    prop_assert_eq!(&trail[n - 3..], &[S::Submitted, S::Accepted, S::Approved]);
                }
            }
        }
    }

    /// A refused transition never changes the state; states serialise to their names.
    #[test]
    fn refused_transitions_are_typed_errors(state in prop::sample::select(S::ALL.to_vec()), a in action()) {
        match next_state(state, a) {
            Ok(_) => {}
            Err(e) => {
                prop_assert_eq!(e.kind(), ErrorKind::InvalidTransition);
                prop_assert!(e.to_string().contains(state.as_str()));
            }
        }
        prop_assert_eq!(serde_json::to_string(&state).unwrap(), format!("\"{}\"", state.as_str()));
    }
}
