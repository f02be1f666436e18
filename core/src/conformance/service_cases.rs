//! Cases that drive the service over the store.

use std::sync::Arc;

use super::{Fixture, snapshot};
use crate::audit::AuditQuery;
use crate::error::{ErrorKind, Result};
use crate::report::{Action, ReportState};
use crate::service::{AuditVerdict, EventFilter};
use crate::store::Store;

fn kind<T: std::fmt::Debug>(r: Result<T>) -> Option<ErrorKind> {
    r.err().map(|e| e.kind())
}

/// Submit, return with a comment, fix, resubmit, accept, approve: the states,
/// history and audit chain come out right.
pub async fn a_full_month_goes_through_the_approval_chain(store: Arc<dyn Store>) -> Result<()> {
    let f = Fixture::build(store).await?;
    let s = &f.service;
    let (e, p) = (&f.event, f.period);
    let v = f.submitted_report().await?;
    let returned = s
        .return_report(&f.analyst, e, p, v, "Уточните факт по показателю")
        .await?;
    assert_eq!(returned.workflow.state, ReportState::Returned);
    let mut content = returned.content.clone();
    content.progress.push_str(" (уточнено)");
    let saved = s
        .save_report(&f.planner, e, p, returned.version, content)
        .await?;
    assert!(saved.problems.is_empty(), "{:?}", saved.problems);
    let resubmitted = s
        .submit_report(&f.planner, e, p, saved.saved.version)
        .await?;
    let accepted = s
        .accept_report(&f.analyst, e, p, resubmitted.version)
        .await?;
    let approved = s.approve_report(&f.head, e, p, accepted.version).await?;
    assert_eq!(approved.workflow.state, ReportState::Approved);
    assert!(!approved.workflow.late);
    let actions: Vec<Action> = approved.workflow.history.iter().map(|s| s.action).collect();
    assert_eq!(
        actions,
        [
            Action::Submit,
            Action::Return,
            Action::Submit,
            Action::Accept,
            Action::Approve
        ]
    );
    assert_eq!(
        approved.workflow.history[1].comment.as_deref(),
        Some("Уточните факт по показателю")
    );
    let loaded = s.get_report(&f.co_planner, e, p).await?;
    assert_eq!(loaded, approved);
    match s.verify_audit(&f.coordinator).await? {
        AuditVerdict::Intact(report) => assert!(report.entries > 20),
        AuditVerdict::Broken(b) => return Err(crate::Error::storage("conformance", b.reason)),
    }
    Ok(())
}

/// Refused operations of every kind leave every record and the log as they were.
pub async fn a_refused_operation_leaves_the_store_unchanged(store: Arc<dyn Store>) -> Result<()> {
    let f = Fixture::build(store.clone()).await?;
    let s = &f.service;
    let (e, p) = (&f.event, f.period);
    let v = f.submitted_report().await?;
    let before = snapshot(&*store).await?;
    assert_eq!(
        kind(s.accept_report(&f.other_analyst, e, p, v).await),
        Some(ErrorKind::NotFound)
    );
    assert_eq!(
        kind(s.accept_report(&f.co_analyst, e, p, v).await),
        Some(ErrorKind::PermissionDenied)
    );
    assert_eq!(
        kind(s.accept_report(&f.head, e, p, v).await),
        Some(ErrorKind::PermissionDenied)
    );
    assert_eq!(
        kind(s.accept_report(&f.analyst, e, p, v + 1).await),
        Some(ErrorKind::Conflict)
    );
    assert_eq!(
        kind(s.approve_report(&f.head, e, p, v).await),
        Some(ErrorKind::InvalidTransition)
    );
    assert_eq!(
        kind(s.return_report(&f.analyst, e, p, v, "   ").await),
        Some(ErrorKind::Validation)
    );
    assert_eq!(
        kind(s.save_report(&f.planner, e, p, v, f.valid_content()).await),
        Some(ErrorKind::InvalidTransition)
    );
    assert_eq!(
        kind(s.list_users(&f.planner).await),
        Some(ErrorKind::PermissionDenied)
    );
    assert_eq!(
        kind(
            s.get_event(&crate::Actor::user(crate::model::UserId::new("ghost")?), e)
                .await
        ),
        Some(ErrorKind::Auth)
    );
    assert_eq!(snapshot(&*store).await?, before);
    Ok(())
}

/// Two transitions naming the same version: the first wins, the second is a
/// conflict, and acting on the new version works.
pub async fn a_stale_transition_conflicts_and_the_newer_one_wins(
    store: Arc<dyn Store>,
) -> Result<()> {
    let f = Fixture::build(store).await?;
    let (e, p) = (&f.event, f.period);
    let v = f.submitted_report().await?;
    let returned = f
        .service
        .return_report(&f.analyst, e, p, v, "Нет пояснений")
        .await?;
    assert_eq!(
        kind(f.service.accept_report(&f.analyst, e, p, v).await),
        Some(ErrorKind::Conflict)
    );
    assert_eq!(returned.version, v + 1);
    Ok(())
}

/// A reopen by the Coordinator starts revision 2 as a draft; revision 1 stays
/// approved in the history.
pub async fn reopening_keeps_the_approved_revision(store: Arc<dyn Store>) -> Result<()> {
    let f = Fixture::build(store).await?;
    let (e, p) = (&f.event, f.period);
    let v = f.approved_report().await?;
    assert_eq!(
        kind(f.service.reopen_report(&f.coordinator, e, p, v, "").await),
        Some(ErrorKind::Validation)
    );
    let reopened = f
        .service
        .reopen_report(&f.coordinator, e, p, v, "Ошибка в факте")
        .await?;
    assert_eq!(
        (reopened.workflow.revision, reopened.workflow.state),
        (2, ReportState::Draft)
    );
    let history = f.service.report_history(&f.planner, e, p).await?;
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].workflow.state, ReportState::Approved);
    assert_eq!(history[0].version, v);
    assert_eq!(
        f.service
            .get_report(&f.planner, e, p)
            .await?
            .workflow
            .revision,
        2
    );
    Ok(())
}

/// Two analysts (one with every role) accept the same version at once: one wins.
pub async fn racing_analysts_cannot_both_accept(store: Arc<dyn Store>) -> Result<()> {
    let f = Fixture::build(store).await?;
    let v = f.submitted_report().await?;
    let mut tasks = Vec::new();
    for actor in [
        f.analyst.clone(),
        f.all_roles.clone(),
        f.analyst.clone(),
        f.all_roles.clone(),
    ] {
        let (service, e, p) = (f.service.clone(), f.event.clone(), f.period);
        tasks.push(tokio::spawn(async move {
            service.accept_report(&actor, &e, p, v).await
        }));
    }
    let mut wins = 0;
    for task in tasks {
        match task
            .await
            .map_err(|e| crate::Error::storage("conformance", e.to_string()))?
        {
            Ok(_) => wins += 1,
            Err(e) => assert_eq!(e.kind(), ErrorKind::Conflict, "{e}"),
        }
    }
    assert_eq!(wins, 1);
    let report = f.service.get_report(&f.head, &f.event, f.period).await?;
    assert_eq!(report.workflow.state, ReportState::Accepted);
    assert_eq!(report.workflow.history.len(), 2);
    Ok(())
}

/// Lists show only what the actor's participant is involved in.
pub async fn scope_hides_other_participants_events(store: Arc<dyn Store>) -> Result<()> {
    let f = Fixture::build(store).await?;
    let filter = EventFilter::default();
    assert_eq!(f.service.list_events(&f.planner, &filter).await?.len(), 1);
    assert_eq!(f.service.list_events(&f.co_head, &filter).await?.len(), 1);
    assert!(
        f.service
            .list_events(&f.other_planner, &filter)
            .await?
            .is_empty()
    );
    assert_eq!(
        f.service.list_events(&f.coordinator, &filter).await?.len(),
        1
    );
    assert_eq!(
        kind(f.service.get_event(&f.other_head, &f.event).await),
        Some(ErrorKind::NotFound)
    );
    assert!(
        f.service
            .list_indicators(&f.other_analyst, None)
            .await?
            .is_empty()
    );
    assert_eq!(
        f.service.list_indicators(&f.co_analyst, None).await?.len(),
        1
    );
    Ok(())
}

/// The log says who did what to which object, and filters by each.
pub async fn the_audit_trail_records_who_did_what(store: Arc<dyn Store>) -> Result<()> {
    let f = Fixture::build(store).await?;
    f.approved_report().await?;
    let query = AuditQuery {
        object_kind: Some("report".into()),
        ..AuditQuery::default()
    };
    let trail = f.service.audit(&f.admin, &query).await?;
    let lines: Vec<(String, String)> = trail
        .iter()
        .rev()
        .map(|e| (e.draft.actor.to_string(), e.draft.action.clone()))
        .collect();
    let expected = [
        ("stroy.planner", "report.save"),
        ("stroy.planner", "report.submit"),
        ("stroy.analyst", "report.accept"),
        ("stroy.head", "report.approve"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(lines, expected);
    assert!(
        trail
            .iter()
            .all(|e| e.draft.object.id == "1.1.1/2026-02/r1")
    );
    assert!(
        trail
            .iter()
            .all(|e| e.draft.participant.as_ref().map(|p| p.as_str()) == Some("minstroy"))
    );
    let by_head = f
        .service
        .audit(
            &f.coordinator,
            &AuditQuery {
                actor: Some(crate::model::UserId::new("stroy.head")?),
                ..AuditQuery::default()
            },
        )
        .await?;
    assert_eq!(by_head.len(), 1);
    assert_eq!(
        kind(f.service.audit(&f.head, &query).await),
        Some(ErrorKind::PermissionDenied)
    );
    Ok(())
}

/// A person is registered on request, logs in with the one-time password,
/// sets their own, is throttled after failures, and is revoked on request:
/// their live session stops at once and the chain still verifies.
pub async fn a_user_goes_from_registration_to_revocation(store: Arc<dyn Store>) -> Result<()> {
    use crate::requests::{PersonEntry, RequestKind};
    use crate::service::NewRequest;
    let f = Fixture::build(store).await?;
    let s = &f.service;
    let person = PersonEntry {
        full_name: "Иванов Иван Иванович".into(),
        position: "главный специалист".into(),
        roles: vec!["аналитик".into()],
        landline: "+7 (3842) 58-12-34".into(),
        mobile: "+7 913 123-45-67".into(),
        email: "ivanov@example.ru".into(),
        login: None,
    };
    let minstroy: crate::model::ParticipantId = "minstroy".parse()?;
    let request = |kind, people| NewRequest {
        kind,
        participant: minstroy.clone(),
        signed_by: "Руководов Виктор Павлович".into(),
        reason: "Кадровые изменения".into(),
        people,
        received_at: None,
    };
    let filed = s
        .file_request(
            &f.head,
            request(RequestKind::Registration, vec![person.clone()]),
        )
        .await?;
    let approval = s
        .approve_request(&f.admin, &filed.id, filed.version)
        .await?;
    let otp = approval.created[0].one_time_password.clone();
    assert_eq!(approval.created[0].user.login.as_str(), "ivanov.ii");
    let grant = s.login("ivanov.ii", &otp, Some("10.0.0.5")).await?;
    assert!(grant.must_change_password);
    s.change_password(&grant.token, &otp, "Весна-в-Кузбассе-2026", None)
        .await?;
    let actor = s.authenticate(&grant.token, Some("10.0.0.5")).await?;
    assert_eq!(
        s.list_events(&actor, &EventFilter::default()).await?.len(),
        1
    );
    for _ in 0..5 {
        assert_eq!(
            kind(s.login("ivanov.ii", "неверный пароль", None).await),
            Some(ErrorKind::Auth)
        );
    }
    assert_eq!(
        kind(s.login("ivanov.ii", "Весна-в-Кузбассе-2026", None).await),
        Some(ErrorKind::Throttled)
    );
    s.unlock_login(&f.admin, &actor.user).await?;
    let revoke = PersonEntry {
        login: Some(actor.user.clone()),
        roles: Vec::new(),
        ..person
    };
    let filed = s
        .file_request(&f.admin, request(RequestKind::Revocation, vec![revoke]))
        .await?;
    s.approve_request(&f.admin, &filed.id, filed.version)
        .await?;
    assert_eq!(
        kind(s.authenticate(&grant.token, None).await),
        Some(ErrorKind::Auth)
    );
    assert_eq!(
        kind(s.login("ivanov.ii", "Весна-в-Кузбассе-2026", None).await),
        Some(ErrorKind::Auth)
    );
    match s.verify_audit(&f.admin).await? {
        AuditVerdict::Intact(_) => Ok(()),
        AuditVerdict::Broken(b) => Err(crate::Error::storage("conformance", b.reason)),
    }
}

/// The store's report digests are exactly the digests of the stored
/// reports in the asked range, every revision, nothing outside it.
pub async fn report_digests_match_the_reports_they_digest(store: Arc<dyn Store>) -> Result<()> {
    use crate::calendar::ReportingPeriod;
    use crate::model::{MonthlyReport, ReportDigest};
    use crate::store::StoreExt;

    let f = Fixture::build(store.clone()).await?;
    let (e, p) = (&f.event, f.period);
    let v = f.approved_report().await?;
    let reopened = f
        .service
        .reopen_report(&f.coordinator, e, p, v, "Уточнение факта")
        .await?;
    let mut content = reopened.content.clone();
    content.explanations.insert(
        format!("indicator_facts.{}", f.indicator),
        "Пересчёт".into(),
    );
    content.explanations.insert("progress".into(), "   ".into());
    f.service
        .save_report(&f.planner, e, p, reopened.version, content)
        .await?;

    let mut expected: Vec<ReportDigest> = store
        .load_all::<MonthlyReport>(Some(e.as_str()))
        .await?
        .iter()
        .map(ReportDigest::of)
        .collect();
    let order = |d: &ReportDigest| (d.event.clone(), d.period, d.revision);
    expected.sort_by_key(order);
    assert_eq!(expected.len(), 2);
    assert!(
        expected[1]
            .explained
            .contains(&format!("indicator_facts.{}", f.indicator))
    );
    assert!(!expected[1].explained.contains("progress"));

    let mut digests = store
        .report_digests(ReportingPeriod::new(2025, 12)?, p)
        .await?;
    digests.sort_by_key(order);
    assert_eq!(digests, expected);
    assert_eq!(store.report_digests(p, p).await?.len(), 2);
    assert!(
        store
            .report_digests(p.next(), ReportingPeriod::new(2026, 12)?)
            .await?
            .is_empty()
    );
    assert!(
        store
            .report_digests(p.previous(), p.previous())
            .await?
            .is_empty()
    );
    Ok(())
}

/// The store's event digests are exactly the digests of the stored events,
/// in key order — all of them, and those of each responsible executor —
/// after the plan and the card change, for an event without a card, one
/// whose texts JSON has to escape and one of an executor whose code
/// extends another's.
pub async fn event_digests_match_the_events_they_digest(store: Arc<dyn Store>) -> Result<()> {
    use chrono::NaiveDate;

    use crate::model::{ControlPoint, Event, EventCard, EventDigest, EventId, ParticipantId};
    use crate::store::StoreExt;

    let f = Fixture::build(store.clone()).await?;
    let check = || async {
        let expected: Vec<EventDigest> = store
            .load_all::<Event>(None)
            .await?
            .iter()
            .map(EventDigest::of)
            .collect();
        assert_eq!(store.event_digests().await?, expected);
        // By responsible executor: that partition's events, no other's.
        let mut executors: Vec<ParticipantId> =
            expected.iter().map(|d| d.responsible.clone()).collect();
        executors.sort();
        executors.dedup();
        executors.push(ParticipantId::new("min")?);
        for participant in executors {
            let theirs: Vec<EventDigest> = expected
                .iter()
                .filter(|d| d.responsible == participant)
                .cloned()
                .collect();
            assert_eq!(
                store.responsible_event_digests(&participant).await?,
                theirs,
                "{participant}"
            );
        }
        Result::<usize>::Ok(expected.len())
    };
    let before = check().await?;
    assert!(before > 0);

    let write = |event: Event| write_behind_the_service(&*store, event, "an event changed");
    let mut event: Event = store
        .load(f.event.as_str())
        .await?
        .ok_or_else(|| crate::Error::not_found("event", &f.event))?;
    // Another event, first in key order, without a card, excluded, with a
    // title JSON has to escape.
    let mut other = event.clone();
    other.id = EventId::new("0.0.1")?;
    other.version = 0;
    other.card = EventCard::default();
    other.plan.co_executors.clear();
    other.plan.excluded = true;
    other.plan.title = "«Кавычки» \"и\" \\ слэш\tтаб 😀".into();
    write(other.clone()).await?;
    assert_eq!(check().await?, before + 1);
    // One more under another executor whose code extends the first one's.
    other.id = EventId::new("0.0.2")?;
    other.plan.responsible = ParticipantId::new(format!("{}2", event.plan.responsible))?;
    write(other).await?;
    assert_eq!(check().await?, before + 2);

    // The card's points reordered and one added; the plan's title changed.
    let planned = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap_or_default();
    event.card.control_points.reverse();
    event.card.control_points.push(ControlPoint {
        id: crate::model::ControlPointId::new("KT-new")?,
        title: "Новая точка".into(),
        planned,
    });
    event.plan.title = "Новое наименование".into();
    write(event).await?;
    assert_eq!(check().await?, before + 2);
    Ok(())
}

/// An event's indicators are exactly those whose links name it, as
/// indicators are linked, excluded, relinked and unlinked — whatever index
/// the backend keeps of the links.
pub async fn event_indicators_are_those_linked_to_the_event(store: Arc<dyn Store>) -> Result<()> {
    use crate::model::{Event, EventId, Indicator, IndicatorId};
    use crate::store::StoreExt;

    let f = Fixture::build(store.clone()).await?;
    // An id that extends the fixture event's, one that is a prefix of it,
    // and one nothing links to.
    let longer = EventId::new(format!("{}0", f.event))?;
    let shorter = EventId::new(&f.event.as_str()[..f.event.as_str().len() - 1])?;
    let unknown = EventId::new("9.9.9")?;
    let check = || async {
        let all = store.load_all::<Indicator>(None).await?;
        let mut events: Vec<EventId> = store
            .load_all::<Event>(None)
            .await?
            .into_iter()
            .map(|e| e.id)
            .collect();
        events.extend([longer.clone(), shorter.clone(), unknown.clone()]);
        let mut links = 0;
        for event in &events {
            let expected: Vec<Indicator> = all
                .iter()
                .filter(|i| i.fields.events.contains(event))
                .cloned()
                .collect();
            links += expected.len();
            assert_eq!(store.event_indicators(event).await?, expected, "{event}");
        }
        Result::<usize>::Ok(links)
    };
    assert_eq!(check().await?, 1, "the fixture links one indicator");

    let template: Indicator = store
        .load(f.indicator.as_str())
        .await?
        .ok_or_else(|| crate::Error::not_found("indicator", &f.indicator))?;

    // Changes one stored indicator's links (and exclusion) behind the service.
    let relink = |id: IndicatorId, events: Vec<EventId>, excluded: bool| {
        let store = store.clone();
        let template = template.clone();
        async move {
            let mut indicator = store
                .load::<Indicator>(id.as_str())
                .await?
                .unwrap_or(Indicator {
                    id,
                    version: 0,
                    ..template
                });
            indicator.fields.events = events.into_iter().collect();
            indicator.fields.excluded = excluded;
            write_behind_the_service(&*store, indicator, "an indicator changed").await
        }
    };
    // A second indicator, first in key order, linked to the event, the
    // longer id and the unknown one, and excluded.
    let second = IndicatorId::new("A-2")?;
    let both = vec![f.event.clone(), longer.clone(), unknown.clone()];
    relink(second.clone(), both, true).await?;
    assert_eq!(check().await?, 4);
    // A third, last in key order, linked to the shorter id only.
    relink(IndicatorId::new("Z-3")?, vec![shorter.clone()], false).await?;
    assert_eq!(check().await?, 5);
    // The first unlinked from everything, then linked to the longer id.
    relink(f.indicator.clone(), Vec::new(), false).await?;
    assert_eq!(check().await?, 4);
    relink(f.indicator.clone(), vec![longer.clone()], false).await?;
    assert_eq!(check().await?, 5);
    // The second relinked to the event only, and back in the plan.
    relink(second, vec![f.event.clone()], false).await?;
    assert_eq!(check().await?, 3);

    // Damaged bodies naming an event stop that event's list only.
    let damaged = EventId::new("4.4.4")?;
    let theirs = store.event_indicators(&f.event).await?;
    for (key, body) in [
        ("D-1", "not JSON, but it names \"4.4.4\""),
        ("D-2", r#"{"id":"D-2","fields":{"events":"4.4.4"}}"#),
        ("D-3", r#"{"id":"D-3","fields":{"events":[7,"4.4.4"]}}"#),
    ] {
        let written = store
            .commit(crate::store::ChangeSet {
                puts: vec![crate::store::Put {
                    collection: crate::store::Collection::Indicator,
                    key: key.into(),
                    partition: String::new(),
                    expect: crate::store::Expect::Absent,
                    body: body.into(),
                }],
                audit: crate::audit::AuditDraft {
                    at: crate::calendar::Clock::now(&*f.clock),
                    actor: crate::model::UserId::new("tester")?,
                    on_behalf_of: None,
                    client: None,
                    action: "test.write".into(),
                    object: crate::audit::ObjectRef::new("indicator", key),
                    participant: None,
                    summary: "a damaged indicator".into(),
                },
            })
            .await;
        written?;
        let refused = store.event_indicators(&damaged).await;
        assert!(
            refused.is_err(),
            "{key}: read although damaged: {refused:?}"
        );
        let err = refused
            .err()
            .unwrap_or_else(|| crate::Error::not_found("error", key));
        assert_eq!(err.kind(), crate::ErrorKind::Storage, "{key}: {err}");
        // The first damaged one in key order is named.
        assert!(err.to_string().contains("`D-1`"), "{key}: {err}");
        assert_eq!(
            store.event_indicators(&f.event).await?,
            theirs,
            "{key}: other events read as before"
        );
    }
    Ok(())
}

/// Digests without spending are the digests with `expenditures` left
/// empty, and the consolidated report, which reads the months before the
/// one it shows that way, still takes the month's spending from its own
/// rows.
pub async fn the_summary_reads_spending_of_its_month_only(store: Arc<dyn Store>) -> Result<()> {
    use chrono::{TimeZone, Utc};
    use rust_decimal::Decimal;

    use crate::calendar::ReportingPeriod;
    use crate::model::{FundingSource, MonthlyReport, ReportContent, ReportDigest};
    use crate::report::Workflow;

    let f = Fixture::build(store.clone()).await?;
    f.approved_report().await?;
    // Approved reports with spending: a year before the fixture's month,
    // the December before it and the January of its year.
    for (year, month, amount) in [(2025, 2, 70), (2025, 12, 900), (2026, 1, 120)] {
        let mut workflow = Workflow::draft(1);
        workflow.state = ReportState::Approved;
        workflow.submitted_at = Utc.timestamp_opt(1_760_000_000, 0).single();
        let mut content = ReportContent::default();
        content
            .expenditures
            .insert(FundingSource::Regional, Decimal::new(amount, 0));
        content
            .expenditures
            .insert(FundingSource::Federal, Decimal::new(amount, 1));
        content
            .indicator_facts
            .insert(f.indicator.clone(), Decimal::new(amount, 2));
        let report = MonthlyReport {
            event: f.event.clone(),
            period: ReportingPeriod::new(year, month)?,
            workflow,
            content,
            returned_content: None,
            version: 0,
        };
        write_behind_the_service(&*store, report, "a report with spending").await?;
    }

    let order = |d: &ReportDigest| (d.event.clone(), d.period, d.revision);
    for (from, to) in [
        ((2025, 1), (2026, 12)),
        ((2025, 12), (2026, 1)),
        ((2026, 1), (2026, 1)),
        ((2026, 3), (2026, 12)),
    ] {
        let (from, to) = (
            ReportingPeriod::new(from.0, from.1)?,
            ReportingPeriod::new(to.0, to.1)?,
        );
        let mut expected = store.report_digests(from, to).await?;
        for digest in &mut expected {
            digest.expenditures.clear();
        }
        expected.sort_by_key(order);
        let mut got = store.report_digests_without_spending(from, to).await?;
        got.sort_by_key(order);
        assert_eq!(got, expected, "{from}..{to}");
    }
    let january = ReportingPeriod::new(2026, 1)?;
    assert!(
        store
            .report_digests(january, january)
            .await?
            .iter()
            .all(|d| d.expenditures.len() == 2),
        "the spending is stored"
    );

    let summaries =
        summaries_match_whole_records(&f, &*store, &[(2026, 1), (2026, 2), (2025, 12), (2026, 12)])
            .await?;
    assert_eq!(
        summaries[0].spending.len(),
        2,
        "{:?}",
        summaries[0].spending
    );
    Ok(())
}

/// The consolidated report the service builds from the store's digests of
/// the months it shows and its reached points is the one computed from
/// every digest since the plan began: a control point reached in an
/// earlier year counts, through every backend.
pub async fn the_summary_counts_control_points_reached_in_earlier_years(
    store: Arc<dyn Store>,
) -> Result<()> {
    use chrono::{NaiveDate, TimeZone, Utc};

    use crate::calendar::ReportingPeriod;
    use crate::model::{MonthlyReport, ReportContent};
    use crate::report::Workflow;

    let f = Fixture::build(store.clone()).await?;
    f.approved_report().await?;
    // KT1 reached in an earlier year, as an approved report of March 2024
    // and a returned later revision with another date, which must not count.
    for (revision, state, day) in [
        (1, ReportState::Approved, 20),
        (2, ReportState::Returned, 25),
    ] {
        let mut workflow = Workflow::draft(revision);
        workflow.state = state;
        workflow.submitted_at = Utc.timestamp_opt(1_711_000_000, 0).single();
        let mut content = ReportContent::default();
        content.control_points.insert(
            f.control_point.clone(),
            NaiveDate::from_ymd_opt(2024, 3, day).unwrap_or_default(),
        );
        let report = MonthlyReport {
            event: f.event.clone(),
            period: ReportingPeriod::new(2024, 3)?,
            workflow,
            content,
            returned_content: None,
            version: 0,
        };
        write_behind_the_service(&*store, report, "an earlier year's report").await?;
    }

    summaries_match_whole_records(&f, &*store, &[(2026, 2), (2026, 1), (2025, 12), (2026, 12)])
        .await?;
    // Of the two 2024 revisions, the approved one gives the date.
    let reached = store.reached_points(2025).await?;
    assert_eq!(reached.len(), 1, "{reached:?}");
    assert_eq!(
        reached[0].date,
        NaiveDate::from_ymd_opt(2024, 3, 20).unwrap_or_default()
    );
    Ok(())
}

/// Commits `record` straight to the store, with an audit entry of its own:
/// a change made behind the service's back, as another program might.
pub async fn write_behind_the_service<T: crate::store::Stored>(
    store: &dyn Store,
    record: T,
    summary: &str,
) -> Result<crate::audit::AuditEntry> {
    use chrono::{TimeZone, Utc};

    use crate::audit::{AuditDraft, ObjectRef};
    use crate::model::UserId;
    use crate::store::{ChangeSet, encode};

    let put = encode(&record)?;
    let object = ObjectRef::new(put.collection.as_str(), put.key.as_str());
    store
        .commit(ChangeSet {
            puts: vec![put],
            audit: AuditDraft {
                at: Utc
                    .timestamp_opt(1_770_000_000, 0)
                    .single()
                    .unwrap_or_default(),
                actor: UserId::new("tester")?,
                on_behalf_of: None,
                client: None,
                action: "test.write".into(),
                object,
                participant: None,
                summary: summary.into(),
            },
        })
        .await
}

/// Asserts that the service's consolidated report of each of `months` is
/// [`summary_from_whole_records`], and returns the reports in that order.
async fn summaries_match_whole_records(
    f: &Fixture,
    store: &dyn Store,
    months: &[(i32, u32)],
) -> Result<Vec<crate::summary::ConsolidatedReport>> {
    let mut reports = Vec::new();
    for &(year, month) in months {
        let query = crate::summary::SummaryQuery {
            year,
            month,
            participant: None,
            direction: None,
        };
        let got = f
            .service
            .consolidated_report(&f.coordinator, &query)
            .await?;
        let period = crate::calendar::ReportingPeriod::new(year, month)?;
        let expected = summary_from_whole_records(store, f.service.today(), period).await?;
        assert_eq!(got, expected, "{period}");
        reports.push(got);
    }
    Ok(reports)
}

/// The consolidated report of `period` computed from whole events and every
/// report digest since the earliest month: the reference the service's
/// leaner reads are held to.
async fn summary_from_whole_records(
    store: &dyn Store,
    today: chrono::NaiveDate,
    period: crate::calendar::ReportingPeriod,
) -> Result<crate::summary::ConsolidatedReport> {
    use crate::calendar::ReportingPeriod;
    use crate::model::{Event, EventDigest, Indicator, Participant, StrategyNode};
    use crate::store::StoreExt;
    use crate::summary::{SummaryInput, consolidate};

    let events: Vec<Event> = store.load_all(None).await?;
    Ok(consolidate(SummaryInput {
        period,
        today,
        participant: None,
        direction: None,
        events: &events.iter().map(EventDigest::of).collect::<Vec<_>>(),
        reports: &store
            .report_digests(ReportingPeriod::EARLIEST, period)
            .await?,
        reached: &[],
        annual_plans: &store.annual_plan_digests(period.year).await?,
        indicators: &store.load_all::<Indicator>(None).await?,
        participants: &store.load_all::<Participant>(None).await?,
        strategy: &store.load_all::<StrategyNode>(None).await?,
    }))
}

/// Inboxes are computed from inputs the service keeps between calls; a
/// change made through another service over the same store (another process
/// would do the same) shows in them at once, as if nothing had been kept.
pub async fn a_kept_inbox_follows_changes_made_through_another_service(
    store: Arc<dyn Store>,
) -> Result<()> {
    use crate::service::Service;
    use crate::status::InboxTask;

    let f = Fixture::build(store.clone()).await?;
    let (e, p) = (&f.event, f.period);
    let afresh = || Service::new(store.clone()).with_clock(f.clock.clone());
    let other = afresh();
    let people = [&f.planner, &f.analyst, &f.head, &f.co_planner, &f.admin];
    let agree = |step: &'static str| {
        let fresh = afresh();
        let kept = &f.service;
        async move {
            for who in people {
                assert_eq!(
                    kept.inbox(who).await?,
                    fresh.inbox(who).await?,
                    "{} after {step}",
                    who.user
                );
            }
            Ok::<_, crate::Error>(())
        }
    };
    let tasks = |items: Vec<crate::status::InboxItem>| -> Vec<InboxTask> {
        items
            .into_iter()
            .filter(|i| i.period == Some(p))
            .map(|i| i.task)
            .collect()
    };

    agree("nothing").await?;
    assert_eq!(
        tasks(f.service.inbox(&f.planner).await?),
        [InboxTask::FillReport]
    );
    let saved = other
        .save_report(&f.planner, e, p, 0, f.valid_content())
        .await?;
    let submitted = other
        .submit_report(&f.planner, e, p, saved.saved.version)
        .await?;
    agree("a submit elsewhere").await?;
    assert_eq!(
        tasks(f.service.inbox(&f.analyst).await?),
        [InboxTask::CheckReport]
    );
    let accepted = f
        .service
        .accept_report(&f.analyst, e, p, submitted.version)
        .await?;
    agree("an accept here").await?;
    other
        .return_report(&f.head, e, p, accepted.version, "Уточните факт")
        .await?;
    agree("a return elsewhere").await?;
    let minstroy = other
        .get_participant(&f.coordinator, &"minstroy".parse()?)
        .await?;
    let mut settings = minstroy.settings;
    settings.window.close_day = 27;
    other
        .update_participant_settings(&f.coordinator, &minstroy.id, minstroy.version, settings)
        .await?;
    agree("new window bounds elsewhere").await?;
    let due = f
        .service
        .inbox(&f.planner)
        .await?
        .into_iter()
        .find(|i| i.period.is_some())
        .map(|i| i.due.format("%d").to_string());
    assert_eq!(due.as_deref(), Some("27"));
    Ok(())
}
