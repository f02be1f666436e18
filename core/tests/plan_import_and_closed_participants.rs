//! A participant closed after the plan assigned it events keeps them until an
//! act reassigns them: an act about other events still applies, but no act
//! may assign a closed participant anew.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;
mod plan_common;

use common::*;
use plan_common::*;

#[tokio::test]
async fn an_act_about_other_events_applies_while_a_closed_participant_keeps_its_events() {
    let f = fixture().await;
    f.service
        .close_participant(&f.coordinator, &"novokuz".parse().unwrap(), "реорганизация")
        .await
        .unwrap();
    // 1.1.1 keeps novokuz as co-executor; 2.1 is about minzdrav alone.
    let mut plan = current(&f).await;
    let mut other = new_event("2.1");
    other.responsible = "minzdrav".parse().unwrap();
    other.co_executors.clear();
    plan.events.push(other);
    let outcome = f
        .service
        .import_plan(&f.coordinator, plan.clone(), act("20-р"), true)
        .await
        .unwrap();
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);

    // Assigning the closed participant to a new event is a problem.
    plan.events.push(new_event("2.2"));
    let outcome = f
        .service
        .import_plan(&f.coordinator, plan, act("20-р"), true)
        .await
        .unwrap();
    let listed: Vec<_> = outcome
        .problems
        .iter()
        .map(|p| format!("{} | {}", p.location(), p.message))
        .collect();
    assert_eq!(listed, ["events.2.2.responsible | `novokuz` is closed"]);
}
