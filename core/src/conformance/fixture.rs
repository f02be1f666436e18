//! A small region to exercise a store through the service: the two system
//! ministries, three reporting participants, their users, one event with a
//! control point and one indicator.

use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;

use crate::access::Actor;
use crate::calendar::{ManualClock, ReportingPeriod};
use crate::error::Result;
use crate::model::*;
use crate::service::{NewUser, Service};
use crate::store::Store;

/// Logins of the fixture's users, one per role and participant.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// The service under test.
    pub service: Service,
    /// Its clock, initially 26 March 2026, 12:00 in Novokuznetsk (inside the
    /// window for February 2026).
    pub clock: Arc<ManualClock>,
    /// Admin of the system (Минцифры).
    pub admin: Actor,
    /// Coordinator (Минэкономразвития).
    pub coordinator: Actor,
    /// Planner of `minstroy`, the responsible executor of [`Fixture::event`].
    pub planner: Actor,
    /// Analyst of `minstroy`.
    pub analyst: Actor,
    /// Head of `minstroy`.
    pub head: Actor,
    /// A second `minstroy` user holding every participant role (to test duties).
    pub all_roles: Actor,
    /// Planner of `novokuz`, a co-executor of the event.
    pub co_planner: Actor,
    /// Analyst of `novokuz`.
    pub co_analyst: Actor,
    /// Head of `novokuz`.
    pub co_head: Actor,
    /// Planner of `minzdrav`, unrelated to the event.
    pub other_planner: Actor,
    /// Analyst of `minzdrav`.
    pub other_analyst: Actor,
    /// Head of `minzdrav`.
    pub other_head: Actor,
    /// The event `1.1.1`.
    pub event: EventId,
    /// Its control point `KT1`, planned for 15 February 2026.
    pub control_point: ControlPointId,
    /// The indicator `IND-1` linked to the event.
    pub indicator: IndicatorId,
    /// The reporting period February 2026.
    pub period: ReportingPeriod,
    /// The one-time password each user got at creation (the fixture hashes
    /// them at the cheapest cost, see [`crate::auth::HashCost::MINIMAL`]).
    pub one_time_passwords: std::collections::BTreeMap<UserId, String>,
}

fn id<T: std::str::FromStr<Err = crate::Error>>(s: &str) -> Result<T> {
    s.parse()
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| crate::Error::invalid("date", format!("`{y}-{m}-{d}`")))
}

impl Fixture {
    /// Builds the region on `store`, which must be empty.
    pub async fn build(store: Arc<dyn Store>) -> Result<Fixture> {
        let start = Utc
            .with_ymd_and_hms(2026, 3, 26, 5, 0, 0)
            .single()
            .ok_or_else(|| crate::Error::invalid("clock", "bad start"))?;
        let clock = Arc::new(ManualClock::new(start));
        let service = Service::new(store)
            .with_clock(clock.clone())
            .with_hash_cost(crate::auth::HashCost::MINIMAL);
        let mut one_time_passwords = std::collections::BTreeMap::new();
        let admin_login: UserId = id("admin")?;
        let admin_password = service
            .initialize(
                Participant {
                    id: id("mincifra")?,
                    name: "Министерство цифрового развития и связи Кузбасса".into(),
                    kind: ParticipantKind::ExecutiveBody,
                    status: ParticipantStatus::Active,
                    settings: ParticipantSettings::default(),
                    version: 0,
                },
                User {
                    login: admin_login.clone(),
                    full_name: "Админов Админ Админович".into(),
                    position: "администратор ИАС".into(),
                    participant: id("mincifra")?,
                    roles: [Role::Admin].into(),
                    status: UserStatus::Active,
                    version: 0,
                },
            )
            .await?;
        one_time_passwords.insert(admin_login.clone(), admin_password);
        let admin = Actor::user(admin_login);

        let user =
            |login: &str, participant: &str, roles: &[Role], name: &str| -> Result<NewUser> {
                Ok(NewUser {
                    login: id(login)?,
                    full_name: name.into(),
                    position: "специалист".into(),
                    participant: id(participant)?,
                    roles: roles.iter().copied().collect(),
                })
            };
        for (pid, name, kind) in [
            (
                "minecon",
                "Министерство экономического развития Кузбасса",
                ParticipantKind::ExecutiveBody,
            ),
            (
                "minstroy",
                "Министерство строительства Кузбасса",
                ParticipantKind::ExecutiveBody,
            ),
            (
                "novokuz",
                "Новокузнецкий городской округ",
                ParticipantKind::Municipality,
            ),
            (
                "minzdrav",
                "Министерство здравоохранения Кузбасса",
                ParticipantKind::ExecutiveBody,
            ),
        ] {
            service
                .create_participant(&admin, id(pid)?, name, kind, ParticipantSettings::default())
                .await?;
        }
        let created = service
            .create_user(
                &admin,
                user(
                    "coord",
                    "minecon",
                    &[Role::Coordinator],
                    "Координаторов Кирилл Петрович",
                )?,
            )
            .await?;
        one_time_passwords.insert(created.user.login, created.one_time_password);
        let coordinator = Actor::user(id("coord")?);
        let people = [
            (
                "stroy.planner",
                "minstroy",
                vec![Role::Planner],
                "Плановикова Анна Сергеевна",
            ),
            (
                "stroy.analyst",
                "minstroy",
                vec![Role::Analyst],
                "Аналитиков Борис Ильич",
            ),
            (
                "stroy.head",
                "minstroy",
                vec![Role::Head],
                "Руководов Виктор Павлович",
            ),
            (
                "stroy.all",
                "minstroy",
                vec![Role::Planner, Role::Analyst, Role::Head],
                "Универсалов Глеб Олегович",
            ),
            (
                "nk.planner",
                "novokuz",
                vec![Role::Planner],
                "Новикова Дарья Юрьевна",
            ),
            (
                "nk.analyst",
                "novokuz",
                vec![Role::Analyst],
                "Новиков Егор Юрьевич",
            ),
            (
                "nk.head",
                "novokuz",
                vec![Role::Head],
                "Новикова Жанна Ивановна",
            ),
            (
                "zdrav.planner",
                "minzdrav",
                vec![Role::Planner],
                "Здравова Зоя Петровна",
            ),
            (
                "zdrav.analyst",
                "minzdrav",
                vec![Role::Analyst],
                "Здравов Игорь Петрович",
            ),
            (
                "zdrav.head",
                "minzdrav",
                vec![Role::Head],
                "Здравова Кира Петровна",
            ),
        ];
        for (login, participant, roles, name) in people {
            let created = service
                .create_user(&admin, user(login, participant, &roles, name)?)
                .await?;
            one_time_passwords.insert(created.user.login, created.one_time_password);
        }

        service
            .create_strategy_node(
                &coordinator,
                StrategyNode {
                    id: id("G1")?,
                    kind: StrategyNodeKind::Goal,
                    title: "Комфортная среда проживания".into(),
                    parent: None,
                    version: 0,
                },
            )
            .await?;
        service
            .create_strategy_node(
                &coordinator,
                StrategyNode {
                    id: id("G1.1")?,
                    kind: StrategyNodeKind::Direction,
                    title: "Жилищное строительство".into(),
                    parent: Some(id("G1")?),
                    version: 0,
                },
            )
            .await?;
        let event: EventId = id("1.1.1")?;
        let created = service
            .create_event(
                &coordinator,
                event.clone(),
                PlanFields {
                    title: "Строительство жилья в Новокузнецке".into(),
                    direction: id("G1.1")?,
                    responsible: id("minstroy")?,
                    co_executors: [id("novokuz")?].into(),
                    period: EventPeriod {
                        start: date(2023, 1, 1)?,
                        end: date(2030, 12, 31)?,
                    },
                    expected_result: "Ввод 2 млн кв. м жилья".into(),
                    amending_act: "распоряжение от 03.06.2022 № 275-р".into(),
                    excluded: false,
                },
            )
            .await?;
        let planner = Actor::user(id("stroy.planner")?);
        let control_point: ControlPointId = id("KT1")?;
        service
            .update_event_card(
                &planner,
                &event,
                created.version,
                EventCard {
                    responsible_person: Some(ResponsiblePerson {
                        full_name: "Плановикова Анна Сергеевна".into(),
                        position: "начальник отдела".into(),
                        phone: "+7 3842 00-00-00".into(),
                    }),
                    control_points: vec![ControlPoint {
                        id: control_point.clone(),
                        title: "Утверждена проектная документация".into(),
                        planned: date(2026, 2, 15)?,
                    }],
                },
            )
            .await?;
        let indicator: IndicatorId = id("IND-1")?;
        service
            .create_indicator(
                &coordinator,
                indicator.clone(),
                IndicatorFields {
                    name: "Ввод жилья".into(),
                    unit: "тыс. кв. м".into(),
                    direction: Direction::Increase,
                    cumulative: true,
                    plan: [(2026, Decimal::new(2000, 0))].into(),
                    events: [event.clone()].into(),
                    excluded: false,
                },
            )
            .await?;
        Ok(Fixture {
            service,
            clock,
            admin,
            coordinator,
            planner,
            analyst: Actor::user(id("stroy.analyst")?),
            head: Actor::user(id("stroy.head")?),
            all_roles: Actor::user(id("stroy.all")?),
            co_planner: Actor::user(id("nk.planner")?),
            co_analyst: Actor::user(id("nk.analyst")?),
            co_head: Actor::user(id("nk.head")?),
            other_planner: Actor::user(id("zdrav.planner")?),
            other_analyst: Actor::user(id("zdrav.analyst")?),
            other_head: Actor::user(id("zdrav.head")?),
            event,
            control_point,
            indicator,
            period: ReportingPeriod::new(2026, 2)?,
            one_time_passwords,
        })
    }

    /// A complete, valid February report: progress, the control point, the fact.
    pub fn valid_content(&self) -> ReportContent {
        ReportContent {
            progress: "Проектная документация утверждена, ведутся работы".into(),
            control_points: [(
                self.control_point.clone(),
                NaiveDate::from_ymd_opt(2026, 2, 10).unwrap_or_default(),
            )]
            .into(),
            indicator_facts: [(self.indicator.clone(), Decimal::new(3105, 1))].into(),
            expenditures: Default::default(),
            explanations: Default::default(),
        }
    }

    /// Saves the valid content as a draft and submits it as the Planner;
    /// returns the submitted report's version.
    pub async fn submitted_report(&self) -> Result<u64> {
        let saved = self
            .service
            .save_report(
                &self.planner,
                &self.event,
                self.period,
                0,
                self.valid_content(),
            )
            .await?;
        let submitted = self
            .service
            .submit_report(&self.planner, &self.event, self.period, saved.saved.version)
            .await?;
        Ok(submitted.version)
    }

    /// Takes the February report through submit, accept and approve; returns
    /// the approved version.
    pub async fn approved_report(&self) -> Result<u64> {
        let v = self.submitted_report().await?;
        let accepted = self
            .service
            .accept_report(&self.analyst, &self.event, self.period, v)
            .await?;
        let approved = self
            .service
            .approve_report(&self.head, &self.event, self.period, accepted.version)
            .await?;
        Ok(approved.version)
    }
}
