//! The inbox: what waits for each user and by when, overdue first.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use common::*;
use stratmon_core::calendar::ReportingPeriod;
use stratmon_core::status::InboxTask;

#[tokio::test]
async fn the_planner_sees_missing_months_overdue_first_then_the_open_one() {
    let f = fixture().await;
    let inbox = f.service.inbox(&f.planner).await.unwrap();
    let lines: Vec<(InboxTask, Option<ReportingPeriod>, chrono::NaiveDate, bool)> = inbox
        .iter()
        .map(|i| (i.task, i.period, i.due, i.overdue))
        .collect();
    assert_eq!(
        lines,
        [
            (
                InboxTask::FillReport,
                Some(ReportingPeriod::new(2025, 12).unwrap()),
                date(2026, 1, 30),
                true
            ),
            (
                InboxTask::FillReport,
                Some(ReportingPeriod::new(2026, 1).unwrap()),
                date(2026, 2, 28),
                true
            ),
            (
                InboxTask::FillReport,
                Some(f.period),
                date(2026, 3, 30),
                false
            ),
        ]
    );
    assert_eq!(inbox[0].title, "Строительство жилья в Новокузнецке");
}

#[tokio::test]
async fn in_january_the_planner_sees_last_december_and_not_the_month_under_way() {
    let f = fixture().await;
    set_local_noon(&f, 2026, 1, 20);
    let periods: Vec<Option<ReportingPeriod>> = f
        .service
        .inbox(&f.planner)
        .await
        .unwrap()
        .iter()
        .map(|i| i.period)
        .collect();
    assert_eq!(periods, [Some(ReportingPeriod::new(2025, 12).unwrap())]);
}

#[tokio::test]
async fn work_moves_from_planner_to_analyst_to_head_and_back_on_return() {
    let f = fixture().await;
    let v = f.submitted_report().await.unwrap();
    let tasks = |items: Vec<stratmon_core::status::InboxItem>| -> Vec<InboxTask> {
        items
            .into_iter()
            .filter(|i| i.period == Some(f.period))
            .map(|i| i.task)
            .collect()
    };
    assert!(tasks(f.service.inbox(&f.planner).await.unwrap()).is_empty());
    assert_eq!(
        tasks(f.service.inbox(&f.analyst).await.unwrap()),
        [InboxTask::CheckReport]
    );
    assert!(tasks(f.service.inbox(&f.head).await.unwrap()).is_empty());
    let v = f
        .service
        .accept_report(&f.analyst, &f.event, f.period, v)
        .await
        .unwrap()
        .version;
    assert!(tasks(f.service.inbox(&f.analyst).await.unwrap()).is_empty());
    assert_eq!(
        tasks(f.service.inbox(&f.head).await.unwrap()),
        [InboxTask::ApproveReport]
    );
    f.service
        .return_report(
            &f.head,
            &f.event,
            f.period,
            v,
            "Нет подтверждающих документов",
        )
        .await
        .unwrap();
    assert_eq!(
        tasks(f.service.inbox(&f.planner).await.unwrap()),
        [InboxTask::FixReport]
    );
    assert!(tasks(f.service.inbox(&f.head).await.unwrap()).is_empty());
}

#[tokio::test]
async fn co_executors_and_outsiders_have_nothing_to_do_for_the_event() {
    let f = fixture().await;
    f.submitted_report().await.unwrap();
    for who in [
        &f.co_planner,
        &f.co_analyst,
        &f.co_head,
        &f.other_planner,
        &f.other_analyst,
        &f.admin,
        &f.coordinator,
    ] {
        assert!(
            f.service.inbox(who).await.unwrap().is_empty(),
            "{}",
            who.user
        );
    }
}

#[tokio::test]
async fn the_annual_plan_appears_when_its_window_opens() {
    let f = fixture().await;
    set_local_noon(&f, 2025, 12, 9);
    let before: Vec<InboxTask> = f
        .service
        .inbox(&f.planner)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.task)
        .collect();
    assert!(!before.contains(&InboxTask::FillAnnualPlan));
    set_local_noon(&f, 2025, 12, 10);
    let item = f
        .service
        .inbox(&f.planner)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.task == InboxTask::FillAnnualPlan)
        .unwrap();
    assert_eq!(
        (item.year, item.due, item.overdue),
        (Some(2026), date(2025, 12, 25), false)
    );
}

#[tokio::test]
async fn the_admin_sees_pending_requests_by_their_due_date() {
    use stratmon_core::requests::{PersonEntry, RequestKind};
    use stratmon_core::service::NewRequest;
    let f = fixture().await;
    assert!(f.service.inbox(&f.admin).await.unwrap().is_empty());
    set_local_noon(&f, 2026, 3, 6);
    let filed = f
        .service
        .file_request(
            &f.head,
            NewRequest {
                kind: RequestKind::Revocation,
                participant: "minstroy".parse().unwrap(),
                signed_by: "Руководов Виктор Павлович".into(),
                reason: "Увольнение".into(),
                people: vec![PersonEntry {
                    login: Some(f.all_roles.user.clone()),
                    position: "специалист".into(),
                    full_name: "Универсалов Глеб Олегович".into(),
                    email: "gleb@example.ru".into(),
                    ..Default::default()
                }],
                received_at: None,
            },
        )
        .await
        .unwrap();
    set_local_noon(&f, 2026, 3, 12);
    let inbox = f.service.inbox(&f.admin).await.unwrap();
    assert_eq!(inbox.len(), 1);
    assert_eq!(
        (
            inbox[0].task,
            inbox[0].request.as_deref(),
            inbox[0].due,
            inbox[0].overdue
        ),
        (
            InboxTask::ProcessRequest,
            Some(filed.id.as_str()),
            date(2026, 3, 11),
            true
        )
    );
    f.service
        .approve_request(&f.admin, &filed.id, filed.version)
        .await
        .unwrap();
    assert!(f.service.inbox(&f.admin).await.unwrap().is_empty());
}
