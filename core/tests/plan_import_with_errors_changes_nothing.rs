//! A plan draft with errors: the dry run lists every bad row and cell with
//! the reason, and a real run is refused and changes nothing.
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
use stratmon_core::ErrorKind;
use stratmon_core::conformance::snapshot;
use stratmon_core::plan::*;

/// A plan with one problem of each kind, each on its own row.
fn bad_draft(mut plan: PlanDraft) -> PlanDraft {
    let columns = [
        ("id", "Код"),
        ("title", "Наименование"),
        ("direction", "Направление"),
        ("responsible", "Ответственный исполнитель"),
        ("co_executors", "Соисполнители"),
        ("period.start", "Начало"),
        ("period.end", "Окончание"),
    ];
    let cp_columns = [
        ("id", "КТ: код"),
        ("title", "КТ: наименование"),
        ("planned", "КТ: плановая дата"),
    ];
    // Row 3: unknown responsible participant and unknown direction.
    let mut a = new_event("2.1");
    a.responsible = "nobody".parse().unwrap();
    a.direction = "G9".parse().unwrap();
    a.origin = Some(origin("events.csv", 3, &columns));
    // Row 4: ends before it starts; row 5: its control point outside the period.
    let mut b = new_event("2.2");
    b.period.end = day(2025, 1, 1);
    b.origin = Some(origin("events.csv", 4, &columns));
    b.control_points[0].planned = day(2030, 1, 1);
    b.control_points[0].origin = Some(origin("events.csv", 5, &cp_columns));
    // Row 6: the same code again.
    let mut c = new_event("2.1");
    c.origin = Some(origin("events.csv", 6, &columns));
    // Row 7: empty title.
    let mut d = new_event("2.3");
    d.title = "  ".into();
    d.origin = Some(origin("events.csv", 7, &columns));
    plan.events.extend([a, b, c, d]);
    // An indicator linked to an event not in the plan, with no origin.
    plan.indicators.push(new_indicator("IND-2", &["9.9.9"]));
    // What the file reader could not read.
    plan.problems.push(PlanProblem::at_cell(
        "events.csv",
        8,
        Some("Начало".into()),
        "events",
        "`32.13.2026` is not a date (ДД.ММ.ГГГГ)",
    ));
    plan
}

#[tokio::test]
async fn the_dry_run_lists_each_bad_row_and_cell_with_the_reason() {
    let f = fixture().await;
    let draft = bad_draft(current(&f).await);
    let before = snapshot(&**f.service.store()).await.unwrap();
    let outcome = f
        .service
        .import_plan(&f.coordinator, draft, act("12-р"), true)
        .await
        .unwrap();
    let mut got: Vec<String> = outcome
        .problems
        .iter()
        .map(|p| format!("{} | {}", p.location(), p.message))
        .collect();
    got.sort();
    let mut want = vec![
        "events.csv:row 3:«Ответственный исполнитель» | `nobody` is not a registered participant",
        "events.csv:row 3:«Направление» | `G9` is not in the strategy tree",
        "events.csv:row 4:«Окончание» | `2025-01-01` is before the start `2026-01-01`",
        "events.csv:row 5:«КТ: плановая дата» | `2030-01-01` is outside the event period 2026-01-01 – 2025-01-01",
        "events.csv:row 6:«Код» | `2.1` appears twice (first in row 3)",
        "events.csv:row 7:«Наименование» | must not be empty",
        "events.csv:row 8:«Начало» | `32.13.2026` is not a date (ДД.ММ.ГГГГ)",
        "indicators.IND-2.events | `9.9.9` is not an event of the plan",
    ];
    want.sort();
    assert_eq!(got, want);
    assert!(outcome.version.is_none());
    assert_eq!(snapshot(&**f.service.store()).await.unwrap(), before);
}

#[tokio::test]
async fn a_real_run_with_errors_is_refused_and_changes_nothing() {
    let f = fixture().await;
    let draft = bad_draft(current(&f).await);
    let before = snapshot(&**f.service.store()).await.unwrap();
    let err = f
        .service
        .import_plan(&f.coordinator, draft, act("12-р"), false)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.problems().len(), 8, "{err}");
    assert!(
        err.problems()
            .iter()
            .any(|p| p.field == "events.csv:row 4:«Окончание»")
    );
    assert_eq!(snapshot(&**f.service.store()).await.unwrap(), before);
    assert!(
        f.service
            .plan_versions(&f.coordinator)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn an_act_without_a_number_is_a_problem() {
    let f = fixture().await;
    let outcome = f
        .service
        .import_plan(&f.coordinator, current(&f).await, act(" "), true)
        .await
        .unwrap();
    assert_eq!(outcome.problems.len(), 1);
    assert_eq!(outcome.problems[0].location(), "act.number");
    assert!(outcome.diff.is_empty());
}

#[tokio::test]
async fn only_the_coordinator_imports_the_plan() {
    let f = fixture().await;
    for who in [&f.admin, &f.planner, &f.head, &f.analyst] {
        let err = f
            .service
            .import_plan(who, current(&f).await, act("12-р"), true)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    }
}
