//! The generator itself: plain records for [`Store::restore`], then the
//! Admin and a Coordinator through the service.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use stratmon_core::auth::HashCost;
use stratmon_core::calendar::{ManualClock, Region, ReportingPeriod, WindowBounds, monthly_window};
use stratmon_core::model::{
    AnnualPlan, AnnualPlanContent, ControlPoint, Direction, Event, EventCard, EventPeriod,
    FundingSource, Indicator, IndicatorFields, MonthlyReport, Participant, ParticipantKind,
    ParticipantSettings, ParticipantStatus, PlanFields, ReportContent, ResponsiblePerson, Role,
    StrategyNode, StrategyNodeKind, User, UserId, UserStatus, Work,
};
use stratmon_core::report::{Action, ReportState, Step, Workflow};
use stratmon_core::service::NewUser;
use stratmon_core::store::{Record, Store, Stored, encode};
use stratmon_core::{Actor, Error, Result, Service};

use crate::random::Random;

/// The generated region's "today" (year, month, day): inside the October
/// 2026 reporting window, so the open month has reports in every state.
pub const TODAY: (i32, u32, u32) = (2026, 11, 28);

/// How big a region to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Participants (the Admin's ministry comes on top).
    pub participants: usize,
    /// Plan events, spread over the participants.
    pub events: usize,
    /// Target indicators, each linked to one to three events.
    pub indicators: usize,
    /// Years of monthly reports, ending with `TODAY`'s year.
    pub years: i32,
}

impl Size {
    /// The size issue 7 names: 200 participants, 10,000 events, 1,000
    /// indicators, three years of reports.
    pub const LARGE: Size = Size {
        participants: 200,
        events: 10_000,
        indicators: 1_000,
        years: 3,
    };

    /// A small region for tests.
    pub const SMALL: Size = Size {
        participants: 5,
        events: 40,
        indicators: 8,
        years: 3,
    };
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedRegion {
    /// Participants written.
    pub participants: usize,
    /// Events written.
    pub events: usize,
    /// Indicators written.
    pub indicators: usize,
    /// Monthly report records written.
    pub reports: usize,
    /// The Admin's login and one-time password.
    pub admin: (String, String),
    /// The Coordinator's login and one-time password.
    pub coordinator: (String, String),
    /// A Planner's login and one-time password (participant `p001`).
    pub planner: (String, String),
    /// The Planner, Analyst and Head of each of the first
    /// [`STAFFED_PARTICIPANTS`] participants (`p001.planner`,
    /// `p001.analyst`, `p001.head`, `p002.planner`, …) with their one-time
    /// passwords: the people a load test logs in as.
    pub staff: Vec<(String, String)>,
}

/// How many participants get a Planner, an Analyst and a Head: enough for a
/// month-end load of a few dozen people, few enough that creating them
/// (a password hash each) stays quick.
pub const STAFFED_PARTICIPANTS: usize = 10;

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| Error::invalid("date", format!("{y}-{m}-{d}")))
}

fn id<T: std::str::FromStr<Err = Error>>(text: &str) -> Result<T> {
    text.parse()
}

fn record<T: Stored>(value: &T) -> Result<Record> {
    let put = encode(value)?;
    Ok(Record {
        collection: put.collection,
        key: put.key,
        partition: put.partition,
        version: 1,
        body: put.body,
    })
}

fn participant_id(i: usize) -> String {
    format!("p{:03}", i + 1)
}

/// The participants: ministries first, then districts.
fn participants(size: Size) -> Result<Vec<Participant>> {
    (0..size.participants)
        .map(|i| {
            let (kind, name) = if i % 4 == 0 {
                (
                    ParticipantKind::ExecutiveBody,
                    format!("Министерство № {} региона", i + 1),
                )
            } else {
                (
                    ParticipantKind::Municipality,
                    format!("Муниципальный округ № {}", i + 1),
                )
            };
            Ok(Participant {
                id: id(&participant_id(i))?,
                name,
                kind,
                status: ParticipantStatus::Active,
                settings: ParticipantSettings::default(),
                version: 0,
            })
        })
        .collect()
}

fn strategy() -> Result<Vec<StrategyNode>> {
    let mut nodes = Vec::new();
    for goal in 1..=5 {
        nodes.push(StrategyNode {
            id: id(&goal.to_string())?,
            kind: StrategyNodeKind::Goal,
            title: format!("Цель {goal}"),
            parent: None,
            version: 0,
        });
        for direction in 1..=4 {
            nodes.push(StrategyNode {
                id: id(&format!("{goal}.{direction}"))?,
                kind: StrategyNodeKind::Direction,
                title: format!("Направление {goal}.{direction}"),
                parent: Some(id(&goal.to_string())?),
                version: 0,
            });
        }
    }
    Ok(nodes)
}

fn events(size: Size, random: &mut Random, first_year: i32) -> Result<Vec<Event>> {
    let mut events = Vec::with_capacity(size.events);
    for i in 0..size.events {
        let owner = i % size.participants.max(1);
        let start_year = first_year - i32::try_from(random.below(3)).unwrap_or(0);
        let end_year = TODAY.0 + i32::try_from(random.below(5)).unwrap_or(0);
        let start = date(start_year, 1, 1)?;
        let end = date(end_year, 12, 31)?;
        let span = (end - start).num_days().max(1);
        let control_points = (1..=3)
            .map(|k| {
                let offset = span * k / 4 + i64::try_from(random.below(20)).unwrap_or(0);
                Ok(ControlPoint {
                    id: id(&format!("KT{k}"))?,
                    title: format!("Контрольная точка {k}"),
                    planned: start + chrono::Duration::days(offset),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        events.push(Event {
            id: id(&format!("E{:05}", i + 1))?,
            plan: PlanFields {
                title: format!("Мероприятие № {} по развитию территории", i + 1),
                direction: id(&format!("{}.{}", 1 + i % 5, 1 + (i / 5) % 4))?,
                responsible: id(&participant_id(owner))?,
                co_executors: BTreeSet::new(),
                period: EventPeriod { start, end },
                expected_result: "Повышение качества жизни населения".into(),
                amending_act: "постановление от 30.12.2022 № 901".into(),
                excluded: false,
            },
            card: EventCard {
                responsible_person: Some(ResponsiblePerson {
                    full_name: "Иванов Иван Иванович".into(),
                    position: "начальник отдела".into(),
                    phone: "+7 (3842) 58-00-00".into(),
                }),
                control_points,
            },
            version: 0,
        });
    }
    Ok(events)
}

fn indicators(size: Size, events: &[Event], random: &mut Random) -> Result<Vec<Indicator>> {
    let mut out = Vec::with_capacity(size.indicators);
    for i in 0..size.indicators {
        let first =
            usize::try_from(random.below(u64::try_from(events.len()).unwrap_or(1))).unwrap_or(0);
        let linked: BTreeSet<_> = (0..1 + random.below(3))
            .filter_map(|k| events.get(first + usize::try_from(k).unwrap_or(0) * size.participants))
            .map(|e| e.id.clone())
            .collect();
        let base = Decimal::from(100 + random.below(900));
        let plan = (2023..=2035)
            .map(|y| (y, base + Decimal::from((y - 2023) * 10)))
            .collect();
        out.push(Indicator {
            id: id(&format!("IND-{:04}", i + 1))?,
            fields: IndicatorFields {
                name: format!("Целевой показатель № {}", i + 1),
                unit: if i % 3 == 0 {
                    "процент"
                } else {
                    "единица"
                }
                .into(),
                direction: if i % 7 == 0 {
                    Direction::Decrease
                } else {
                    Direction::Increase
                },
                cumulative: i % 7 != 0,
                plan,
                events: linked,
                excluded: false,
            },
            version: 0,
        });
    }
    Ok(out)
}

fn at(day: NaiveDate) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(3, 0, 0).unwrap_or_default())
}

/// The month's report in `state`, with the steps that led there.
fn workflow(state: ReportState, late: bool, planner: &UserId, day: NaiveDate) -> Workflow {
    let mut w = Workflow::draft(1);
    w.state = state;
    if state == ReportState::Draft {
        return w;
    }
    w.late = late;
    w.submitted_by = Some(planner.clone());
    w.submitted_at = Some(at(day));
    let mut step = |action, from, to| {
        w.history.push(Step {
            action,
            from,
            to,
            by: planner.clone(),
            at: at(day),
            comment: (action == Action::Return).then(|| "Уточните значения показателей".into()),
        });
    };
    step(Action::Submit, ReportState::Draft, ReportState::Submitted);
    match state {
        ReportState::Accepted => step(
            Action::Accept,
            ReportState::Submitted,
            ReportState::Accepted,
        ),
        ReportState::Approved => {
            step(
                Action::Accept,
                ReportState::Submitted,
                ReportState::Accepted,
            );
            step(
                Action::Approve,
                ReportState::Accepted,
                ReportState::Approved,
            );
        }
        ReportState::Returned => step(
            Action::Return,
            ReportState::Submitted,
            ReportState::Returned,
        ),
        _ => {}
    }
    w
}

/// Generates a region of `size` from `seed` into the empty `store`.
///
/// # Errors
///
/// The store is not empty, or a write fails.
pub async fn generate(store: Arc<dyn Store>, size: Size, seed: u64) -> Result<GeneratedRegion> {
    let mut random = Random::new(seed);
    let today = date(TODAY.0, TODAY.1, TODAY.2)?;
    let first_year = TODAY.0 - size.years + 1;
    let participants = participants(size)?;
    let strategy = strategy()?;
    let events = events(size, &mut random, first_year)?;
    let indicators = indicators(size, &events, &mut random)?;
    let mut facts_of: BTreeMap<&str, Vec<&Indicator>> = BTreeMap::new();
    for indicator in &indicators {
        for event in &indicator.fields.events {
            facts_of.entry(event.as_str()).or_default().push(indicator);
        }
    }

    let mut records = Vec::new();
    for p in &participants {
        records.push(record(p)?);
    }
    for n in &strategy {
        records.push(record(n)?);
    }
    for e in &events {
        records.push(record(e)?);
    }
    for i in &indicators {
        records.push(record(i)?);
    }
    let bounds = WindowBounds::default();
    let mut reports = 0;
    for event in &events {
        let planner: UserId = id(&format!("{}.planner", event.plan.responsible))?;
        let budget = Decimal::from(1_000 + random.below(50_000));
        for year in first_year..=TODAY.0 {
            if event.plan.period.start.year() > year || event.plan.period.end.year() < year {
                continue;
            }
            let mut plan_workflow = workflow(
                ReportState::Approved,
                false,
                &planner,
                date(year - 1, 12, 20)?,
            );
            plan_workflow.late = false;
            records.push(record(&AnnualPlan {
                event: event.id.clone(),
                year,
                workflow: plan_workflow,
                content: AnnualPlanContent {
                    works: vec![Work {
                        title: "Работы года".into(),
                        control_date: date(year, 12, 1)?,
                        planned: BTreeMap::from([(FundingSource::Regional, budget)]),
                    }],
                    explanations: BTreeMap::new(),
                },
                version: 0,
            })?);
            for month in 1..=12 {
                let period = ReportingPeriod::new(year, month)?;
                let window = monthly_window(period, bounds);
                if window.opens > today {
                    break;
                }
                let roll = random.below(100);
                let open = window.contains(today);
                let (state, late) = if open {
                    match roll {
                        0..30 => continue,
                        30..50 => (ReportState::Draft, false),
                        50..75 => (ReportState::Submitted, false),
                        75..90 => (ReportState::Accepted, false),
                        _ => (ReportState::Approved, false),
                    }
                } else {
                    match roll {
                        0..3 => continue,
                        3..5 => (ReportState::Returned, false),
                        5..13 => (ReportState::Approved, true),
                        13..15 => (ReportState::Accepted, false),
                        _ => (ReportState::Approved, false),
                    }
                };
                let day = if late {
                    window.closes + chrono::Duration::days(3)
                } else {
                    window.opens
                        + chrono::Duration::days(i64::try_from(random.below(5)).unwrap_or(0))
                };
                let share = Decimal::from(month) / Decimal::from(12)
                    * Decimal::new(i64::try_from(80 + random.below(40)).unwrap_or(100), 2);
                let indicator_facts = facts_of
                    .get(event.id.as_str())
                    .map(|list| {
                        list.iter()
                            .map(|i| {
                                let plan = i.fields.plan.get(&year).copied().unwrap_or_default();
                                let value = if i.fields.cumulative {
                                    plan * share
                                } else {
                                    plan
                                };
                                (i.id.clone(), value.round_dp(2))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let control_points = event
                    .card
                    .control_points
                    .iter()
                    .filter(|cp| cp.planned.year() == year && cp.planned.month() == month)
                    .map(|cp| (cp.id.clone(), cp.planned))
                    .collect();
                records.push(record(&MonthlyReport {
                    event: event.id.clone(),
                    period,
                    workflow: workflow(state, late, &planner, day),
                    returned_content: None,
                    content: ReportContent {
                        progress: format!(
                            "Работы ведутся по графику; выполнено {}% годового объёма",
                            (share * Decimal::from(100)).round()
                        ),
                        control_points,
                        indicator_facts,
                        expenditures: BTreeMap::from([(
                            FundingSource::Regional,
                            (budget * share).round_dp(2),
                        )]),
                        explanations: BTreeMap::new(),
                    },
                    version: 0,
                })?);
                reports += 1;
            }
        }
    }
    store.restore(records, Vec::new()).await?;

    // People, through the service: the Admin, a Coordinator, one Planner.
    let service = Service::new(store)
        .with_clock(Arc::new(ManualClock::new(at(today))))
        .with_region(Region::default())
        .with_hash_cost(HashCost::MINIMAL);
    let admin_password = service
        .initialize(
            Participant {
                id: id("mincifra")?,
                name: "Министерство цифрового развития".into(),
                kind: ParticipantKind::ExecutiveBody,
                status: ParticipantStatus::Active,
                settings: ParticipantSettings::default(),
                version: 0,
            },
            User {
                login: id("admin")?,
                full_name: "Администратор Системы".into(),
                position: "администратор".into(),
                participant: id("mincifra")?,
                roles: [Role::Admin].into(),
                status: UserStatus::Active,
                version: 0,
            },
        )
        .await?;
    let admin = Actor::user(id("admin")?);
    let person = |participant: &str, login: &str, role: Role| -> Result<NewUser> {
        Ok(NewUser {
            login: id(login)?,
            full_name: "Петров Пётр Петрович".into(),
            position: "специалист".into(),
            participant: id(participant)?,
            roles: [role].into(),
        })
    };
    let coordinator = service
        .create_user(&admin, person("p001", "coordinator", Role::Coordinator)?)
        .await?;
    let mut staff = Vec::new();
    for i in 0..participants.len().min(STAFFED_PARTICIPANTS) {
        let participant = participant_id(i);
        for (suffix, role) in [
            ("planner", Role::Planner),
            ("analyst", Role::Analyst),
            ("head", Role::Head),
        ] {
            let login = format!("{participant}.{suffix}");
            let created = service
                .create_user(&admin, person(&participant, &login, role)?)
                .await?;
            staff.push((login, created.one_time_password));
        }
    }
    let planner = staff
        .first()
        .cloned()
        .ok_or_else(|| Error::invalid("size", "a region needs at least one participant"))?;
    Ok(GeneratedRegion {
        participants: participants.len(),
        events: events.len(),
        indicators: indicators.len(),
        reports,
        admin: ("admin".into(), admin_password),
        coordinator: ("coordinator".into(), coordinator.one_time_password),
        planner,
        staff,
    })
}

/// Logs each of `people` (login, one-time password) in and sets `password`,
/// hashed at the production cost, so a load test logs in as they would and
/// a login storm pays what a real one does. The clock stands at [`TODAY`].
///
/// # Errors
///
/// A one-time password that is not the user's, or a `password` the policy
/// refuses.
pub async fn set_passwords(
    store: Arc<dyn Store>,
    people: &[(String, String)],
    password: &str,
) -> Result<()> {
    let today = date(TODAY.0, TODAY.1, TODAY.2)?;
    let service = Service::new(store)
        .with_clock(Arc::new(ManualClock::new(at(today))))
        .with_region(Region::default())
        .with_hash_cost(HashCost::default());
    for (login, once) in people {
        let grant = service.login(login, once, Some("stratmon-region")).await?;
        service
            .change_password(&grant.token, once, password, Some("stratmon-region"))
            .await?;
    }
    Ok(())
}
