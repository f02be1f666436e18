//! One reporting month of a regional strategy, end to end, on an in-memory
//! store: the Coordinator puts an event and an indicator into the plan, the
//! Planner fills the card and the February report and submits it, the
//! Analyst returns it with a comment, the Planner fixes and resubmits, the
//! Analyst accepts, the Head approves. Prints the card's derived status and
//! the audit trail.
//!
//! The clock is pinned to 26 March 2026, inside February's reporting window
//! (25–30 March), so the run is the same on every machine.
//!
//! Run: `cargo run -p stratmon-examples --example one_month`

use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use stratmon_core::audit::AuditQuery;
use stratmon_core::calendar::{ManualClock, ReportingPeriod};
use stratmon_core::model::*;
use stratmon_core::report::ReportState;
use stratmon_core::service::{AuditVerdict, NewUser};
use stratmon_core::status::{ControlPointStatus, EventStatus};
use stratmon_core::store::MemoryStore;
use stratmon_core::{Actor, Service};

type AnyError = Box<dyn std::error::Error>;

fn state_ru(state: ReportState) -> &'static str {
    match state {
        ReportState::Draft => "черновик",
        ReportState::Submitted => "на проверке",
        ReportState::Accepted => "проверен",
        ReportState::Approved => "утверждён",
        ReportState::Returned => "возвращён",
    }
}

fn event_status_ru(status: EventStatus) -> &'static str {
    match status {
        EventStatus::Done => "выполнено",
        EventStatus::InProgress => "в работе",
        EventStatus::DoneLate => "выполнено с нарушением сроков",
        EventStatus::Overdue => "просрочено",
    }
}

fn control_point_ru(status: ControlPointStatus) -> &'static str {
    match status {
        ControlPointStatus::DoneOnTime => "выполнена в срок",
        ControlPointStatus::Pending => "в работе",
        ControlPointStatus::DoneLate => "выполнена с опозданием",
        ControlPointStatus::Overdue => "просрочена",
    }
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate, AnyError> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("no date {y}-{m}-{d}").into())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), AnyError> {
    // 10:00 in Novokuznetsk (UTC+7).
    let now = Utc
        .with_ymd_and_hms(2026, 3, 26, 3, 0, 0)
        .single()
        .ok_or("bad clock")?;
    let clock = Arc::new(ManualClock::new(now));
    let service = Service::new(Arc::new(MemoryStore::new())).with_clock(clock.clone());
    // Moves the pinned clock to a local (UTC+7) time in late March.
    let at = |day: u32, hour: u32, minute: u32| -> Result<(), AnyError> {
        let local = Utc
            .with_ymd_and_hms(2026, 3, day, hour, minute, 0)
            .single()
            .ok_or("bad clock")?;
        clock.set(local - chrono::Duration::hours(7));
        Ok(())
    };

    // The store starts with the IAS administrator (Минцифры Кузбасса).
    let admin = Actor::user("admin".parse()?);
    service
        .initialize(
            Participant {
                id: "mincifra".parse()?,
                name: "Министерство цифрового развития и связи Кузбасса".into(),
                kind: ParticipantKind::ExecutiveBody,
                status: ParticipantStatus::Active,
                settings: ParticipantSettings::default(),
                version: 0,
            },
            User {
                login: admin.user.clone(),
                full_name: "Администраторова Ольга Викторовна".into(),
                position: "администратор ИАС МКС".into(),
                participant: "mincifra".parse()?,
                roles: [Role::Admin].into(),
                status: UserStatus::Active,
                version: 0,
            },
        )
        .await?;

    // The administrator registers two participants and their users.
    for (id, name) in [
        ("minecon", "Министерство экономического развития Кузбасса"),
        ("minstroy", "Министерство строительства Кузбасса"),
    ] {
        service
            .create_participant(
                &admin,
                id.parse()?,
                name,
                ParticipantKind::ExecutiveBody,
                Default::default(),
            )
            .await?;
    }
    let people = [
        (
            "ivanova.ma",
            "minecon",
            Role::Coordinator,
            "Иванова Мария Андреевна",
            "консультант",
        ),
        (
            "petrov.sn",
            "minstroy",
            Role::Planner,
            "Петров Сергей Николаевич",
            "главный специалист",
        ),
        (
            "sidorova.ev",
            "minstroy",
            Role::Analyst,
            "Сидорова Елена Викторовна",
            "начальник отдела",
        ),
        (
            "kuznetsov.ap",
            "minstroy",
            Role::Head,
            "Кузнецов Алексей Петрович",
            "заместитель министра",
        ),
    ];
    for (login, participant, role, name, position) in people {
        service
            .create_user(
                &admin,
                NewUser {
                    login: login.parse()?,
                    full_name: name.into(),
                    position: position.into(),
                    participant: participant.parse()?,
                    roles: [role].into(),
                },
            )
            .await?;
    }
    let coordinator = Actor::user("ivanova.ma".parse()?).from_client("example");
    let planner = Actor::user("petrov.sn".parse()?).from_client("example");
    let analyst = Actor::user("sidorova.ev".parse()?).from_client("example");
    let head = Actor::user("kuznetsov.ap".parse()?).from_client("example");

    // The Coordinator enters the plan: a goal, a direction, an event, an indicator.
    for (id, kind, title, parent) in [
        (
            "G2",
            StrategyNodeKind::Goal,
            "Комфортная среда для жизни",
            None,
        ),
        (
            "G2.1",
            StrategyNodeKind::Direction,
            "Жилищное строительство",
            Some("G2"),
        ),
    ] {
        service
            .create_strategy_node(
                &coordinator,
                StrategyNode {
                    id: id.parse()?,
                    kind,
                    title: title.into(),
                    parent: parent.map(str::parse).transpose()?,
                    version: 0,
                },
            )
            .await?;
    }
    let event_id: EventId = "2.1.4".parse()?;
    let event = service
        .create_event(
            &coordinator,
            event_id.clone(),
            PlanFields {
                title: "Строительство жилья эконом-класса в Кемерово".into(),
                direction: "G2.1".parse()?,
                responsible: "minstroy".parse()?,
                co_executors: Default::default(),
                period: EventPeriod {
                    start: date(2026, 2, 1)?,
                    end: date(2035, 12, 31)?,
                },
                expected_result: "Ввод не менее 1,2 млн кв. м жилья ежегодно".into(),
                amending_act: "распоряжение Правительства Кузбасса от 03.06.2022 № 275-р".into(),
                excluded: false,
            },
        )
        .await?;
    let indicator: IndicatorId = "P-17".parse()?;
    service
        .create_indicator(
            &coordinator,
            indicator.clone(),
            IndicatorFields {
                name: "Ввод жилья".into(),
                unit: "тыс. кв. м".into(),
                direction: Direction::Increase,
                cumulative: true,
                plan: [(2026, Decimal::new(1200, 0))].into(),
                events: [event_id.clone()].into(),
                excluded: false,
            },
        )
        .await?;

    // The Planner fills the card.
    let control_point: ControlPointId = "KT1".parse()?;
    service
        .update_event_card(
            &planner,
            &event_id,
            event.version,
            EventCard {
                responsible_person: Some(ResponsiblePerson {
                    full_name: "Петров Сергей Николаевич".into(),
                    position: "главный специалист".into(),
                    phone: "+7 3842 58-00-00".into(),
                }),
                control_points: vec![ControlPoint {
                    id: control_point.clone(),
                    title: "Получено разрешение на строительство".into(),
                    planned: date(2026, 2, 20)?,
                }],
            },
        )
        .await?;

    // February's report: filled, submitted, returned, fixed, resubmitted.
    let february = ReportingPeriod::new(2026, 2)?;
    let mut content = ReportContent {
        progress: "Выполнены инженерные изыскания".into(),
        control_points: [(control_point, date(2026, 2, 18)?)].into(),
        indicator_facts: [(indicator.clone(), Decimal::new(1874, 1))].into(),
        ..Default::default()
    };
    at(26, 10, 5)?;
    let saved = service
        .save_report(&planner, &event_id, february, 0, content.clone())
        .await?;
    at(26, 11, 40)?;
    let submitted = service
        .submit_report(&planner, &event_id, february, saved.saved.version)
        .await?;
    at(26, 15, 20)?;
    let returned = service
        .return_report(
            &analyst,
            &event_id,
            february,
            submitted.version,
            "Укажите источник данных о вводе жилья",
        )
        .await?;
    content
        .progress
        .push_str("; данные о вводе — по сведениям Кемеровостата, форма С-1");
    at(27, 9, 35)?;
    let saved = service
        .save_report(&planner, &event_id, february, returned.version, content)
        .await?;
    at(27, 9, 40)?;
    let resubmitted = service
        .submit_report(&planner, &event_id, february, saved.saved.version)
        .await?;
    at(27, 14, 0)?;
    let accepted = service
        .accept_report(&analyst, &event_id, february, resubmitted.version)
        .await?;
    at(28, 11, 30)?;
    let approved = service
        .approve_report(&head, &event_id, february, accepted.version)
        .await?;

    let tz = service.region().time_zone();
    println!(
        "Отчёт {event_id} за {february}: {} (редакция {})",
        state_ru(approved.workflow.state),
        approved.workflow.revision
    );
    for step in &approved.workflow.history {
        let comment = step
            .comment
            .as_deref()
            .map(|c| format!(" — «{c}»"))
            .unwrap_or_default();
        println!(
            "  {} {}: {} → {}{comment}",
            step.at.with_timezone(&tz).format("%d.%m.%Y %H:%M"),
            step.by,
            state_ru(step.from),
            state_ru(step.to)
        );
    }

    let status = service.event_status(&coordinator, &event_id).await?;
    println!(
        "\nСтатус карточки мероприятия {event_id}: {}",
        event_status_ru(status.status)
    );
    for cp in &status.control_points {
        println!(
            "  {} «{}»: план {}, факт {}, {}",
            cp.control_point.id,
            cp.control_point.title,
            cp.control_point.planned,
            cp.actual
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into()),
            control_point_ru(cp.status)
        );
    }
    if !status.missing_reports.is_empty() {
        let missing: Vec<String> = status
            .missing_reports
            .iter()
            .map(ToString::to_string)
            .collect();
        println!("  не представлены отчёты за: {}", missing.join(", "));
    }

    println!("\nЖурнал аудита:");
    let mut trail = service.audit(&coordinator, &AuditQuery::default()).await?;
    trail.reverse();
    for entry in &trail {
        println!(
            "  #{:<3} {} {:<13} {:<20} {}/{}: {}",
            entry.seq,
            entry.draft.at.with_timezone(&tz).format("%d.%m %H:%M"),
            entry.draft.actor,
            entry.draft.action,
            entry.draft.object.kind,
            entry.draft.object.id,
            entry.draft.summary
        );
    }
    match service.verify_audit(&coordinator).await? {
        AuditVerdict::Intact(report) => println!(
            "Цепочка хэшей цела: {} записей, последний хэш {}",
            report.entries,
            &report.head[..16]
        ),
        AuditVerdict::Broken(b) => println!("Цепочка нарушена на записи {}: {}", b.seq, b.reason),
    }
    Ok(())
}
