//! A realistic demo region, in Russian: the ministries, city districts and
//! municipal districts of a Kuzbass-like region, a strategy tree to 2035,
//! about 150 events with control points, about 60 indicators with plan
//! values to 2035, users registered the way real ones are (a request approved
//! by the Admin) and monthly reports from 2023 to today in every state.
//!
//! Everything goes through the [`Service`] like any other caller; nothing here
//! bypasses a rule. The region's history is replayed on a [`ManualClock`]
//! that walks from December 2022 through every reporting window up to the
//! service's own "now", so reports on time are submitted inside their window
//! and late ones after it, exactly as the calendar decides. The data is
//! deterministic: the same for every run at the same "now".
//!
//! The static tables are in `region.rs`; the report history is in
//! `reports.rs`.

mod region;
mod reports;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;
use stratmon_core::calendar::ManualClock;
use stratmon_core::model::{
    ControlPoint, EventCard, EventPeriod, IndicatorFields, Participant, ParticipantKind,
    ParticipantSettings, ParticipantStatus, PlanFields, ResponsiblePerson, Role, StrategyNode,
    User, UserStatus,
};
use stratmon_core::requests::{AccessRequest, PersonEntry, RequestKind};
use stratmon_core::service::{CreatedUser, NewRequest, NewUser};
use stratmon_core::{Actor, Error, Result, Service};

use region::{ADMIN_ORG, COORDINATOR_ORG, HOME_ORGS, ORGS, POINTS, STRATEGY};
use reports::{Staff, Tracked};

/// The password every demo user gets unless another is given.
pub const DEMO_PASSWORD: &str = "Демо-пароль-2026";

/// One demo user, for the table printed at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoUser {
    /// The login.
    pub login: String,
    /// ФИО.
    pub full_name: String,
    /// Roles, comma separated.
    pub roles: String,
    /// The participant's name.
    pub participant: String,
    /// The password set for the demo.
    pub password: String,
}

/// What [`seed`] created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Demo {
    /// Every user, Admin and Coordinator first.
    pub users: Vec<DemoUser>,
    /// How many participants, the Admin's and the Coordinator's included.
    pub participants: usize,
    /// How many events.
    pub events: usize,
    /// How many indicators.
    pub indicators: usize,
    /// How many monthly reports (event and month) were written.
    pub reports: usize,
}

/// Reads one column of the user table.
type Cell = fn(&DemoUser) -> &str;

impl Demo {
    /// The users as an aligned text table.
    pub fn table(&self) -> String {
        let width = |f: fn(&DemoUser) -> &str, title: &str| {
            self.users
                .iter()
                .map(|u| f(u).chars().count())
                .chain([title.chars().count()])
                .max()
                .unwrap_or(0)
        };
        let columns: [(&str, Cell); 4] = [
            ("Логин", |u| &u.login),
            ("Роли", |u| &u.roles),
            ("Участник", |u| &u.participant),
            ("Пароль", |u| &u.password),
        ];
        let widths: Vec<usize> = columns.iter().map(|(t, f)| width(*f, t)).collect();
        let line = |cells: Vec<&str>| {
            cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_owned()
        };
        let mut out = line(columns.iter().map(|(t, _)| *t).collect());
        out.push('\n');
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        out.push_str(&rule.join("  "));
        out.push('\n');
        for user in &self.users {
            out.push_str(&line(columns.iter().map(|(_, f)| f(user)).collect()));
            out.push('\n');
        }
        out
    }
}

/// Participant staff created under a well-known login rather than one made
/// from the name: participant, role, login.
pub const FIXED_LOGINS: &[(&str, &str, &str)] = &[
    ("minstroy", "planner", "demo.planner"),
    ("minstroy", "analyst", "demo.analyst"),
    ("minstroy", "head", "demo.head"),
    ("minzdrav", "planner", "demo.planner2"),
];

/// The service on a clock of its own that replays the region's history; it
/// never runs ahead of the real service's "now".
struct Sim {
    /// The service over the same store, reading `clock`.
    service: Service,
    clock: Arc<ManualClock>,
    /// The real service's "now": the end of the replay.
    end: DateTime<Utc>,
}

impl Sim {
    fn new(service: &Service, start: NaiveDate) -> Self {
        let end = service.now();
        let begin = (service.region().start_of_day(start) + Duration::hours(9)).min(end);
        let clock = Arc::new(ManualClock::new(begin));
        Self {
            service: service.clone().with_clock(clock.clone()),
            clock,
            end,
        }
    }

    /// `hour` o'clock local time on `date`.
    fn at(&self, date: NaiveDate, hour: i64) -> DateTime<Utc> {
        self.service.region().start_of_day(date) + Duration::hours(hour)
    }

    /// Moves the clock to `at`, but never past the end.
    fn set(&self, at: DateTime<Utc>) {
        self.clock.set(at.min(self.end));
    }

    /// Moves the clock on by `minutes`, but never past the end.
    fn tick(&self, minutes: i64) {
        self.set(self.service.now() + Duration::minutes(minutes));
    }
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| Error::invalid("date", format!("`{y}-{m}-{d}`")))
}

fn role_ru(role: Role) -> &'static str {
    match role {
        Role::Planner => "Плановик",
        Role::Analyst => "Аналитик",
        Role::Head => "Руководитель",
        Role::Coordinator => "Координатор",
        Role::Admin => "Администратор",
    }
}

fn roles_ru(user: &User) -> String {
    user.roles
        .iter()
        .map(|r| role_ru(*r))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Logs in with the one-time password and sets `password`.
async fn set_password(
    service: Service,
    login: String,
    once: String,
    password: String,
) -> Result<()> {
    let grant = service.login(&login, &once, Some("demo")).await?;
    service
        .change_password(&grant.token, &once, &password, Some("demo"))
        .await
}

/// Sets `password` for every user in `created`, two or more at a time (the
/// service bounds the hashing to the cores), and lists them for the table.
async fn activate(
    service: &Service,
    created: Vec<(CreatedUser, String)>,
    password: &str,
) -> Result<Vec<DemoUser>> {
    let mut tasks = Vec::new();
    for (user, _) in &created {
        tasks.push(tokio::spawn(set_password(
            service.clone(),
            user.user.login.to_string(),
            user.one_time_password.clone(),
            password.to_owned(),
        )));
    }
    for task in tasks {
        task.await
            .map_err(|e| Error::storage("demo", e.to_string()))??;
    }
    Ok(created
        .into_iter()
        .map(|(user, participant)| DemoUser {
            login: user.user.login.to_string(),
            full_name: user.user.full_name.clone(),
            roles: roles_ru(&user.user),
            participant,
            password: password.into(),
        })
        .collect())
}

/// Files the registration request of the `n`-th participant's staff (a
/// Planner, and for the participants that report an Analyst and a Head), to
/// be approved by the Admin; the people with a well-known demo login (see
/// `FIXED_LOGINS`) are created by the Admin directly under that login.
async fn file_registration(
    service: &Service,
    admin: &Actor,
    n: usize,
    org: &region::Org,
) -> Result<(Vec<CreatedUser>, Option<AccessRequest>)> {
    let roles: &[(&str, &str)] = if org.staffed {
        &[
            ("planner", "главный специалист"),
            ("analyst", "начальник отдела"),
            ("head", "заместитель руководителя"),
        ]
    } else {
        &[("planner", "ведущий специалист")]
    };
    let mut people = Vec::new();
    let mut made = Vec::new();
    for (i, (role, position)) in roles.iter().enumerate() {
        let entry = PersonEntry {
            full_name: region::person(n * 3 + i),
            position: (*position).into(),
            roles: vec![(*role).into()],
            landline: format!("+7 3842 {:02}-{:02}-{:02}", 30 + n, 10 + i, 40 + i),
            mobile: format!("+7 913 {:03}-{:02}-{:02}", 100 + n, 10 + i, 30 + i),
            email: format!("{role}@{}.demo-kuzbass.ru", org.id),
            login: None,
        };
        let fixed = FIXED_LOGINS
            .iter()
            .find(|(o, r, _)| *o == org.id && r == role);
        let Some((_, _, login)) = fixed else {
            people.push(entry);
            continue;
        };
        let roles = entry
            .parsed_roles()
            .ok_or_else(|| Error::invalid("roles", format!("`{:?}`", entry.roles)))?;
        made.push(
            service
                .create_user(
                    admin,
                    NewUser {
                        login: login.parse()?,
                        full_name: entry.full_name,
                        position: entry.position,
                        participant: org.id.parse()?,
                        roles,
                    },
                )
                .await?,
        );
    }
    if people.is_empty() {
        return Ok((made, None));
    }
    let request = service
        .file_request(
            admin,
            NewRequest {
                kind: RequestKind::Registration,
                participant: org.id.parse()?,
                signed_by: region::person(200 + n),
                reason: String::new(),
                people,
                received_at: None,
            },
        )
        .await?;
    Ok((made, Some(request)))
}

/// Seeds the demo region into `service`'s store, which must be empty, and
/// sets `password` for every demo user.
///
/// # Errors
///
/// Any core error (e.g. the store is not empty, or `password` breaks the
/// password policy).
pub async fn seed(service: &Service, password: &str) -> Result<Demo> {
    let sim = Sim::new(service, date(2022, 12, 1)?);
    let mut demo = Demo::default();

    // The Admin (Минцифры) initialises the store.
    let admin_user = User {
        login: "demo.admin".parse()?,
        full_name: "Администраторова Ольга Викторовна".into(),
        position: "администратор ИАС".into(),
        participant: ADMIN_ORG.0.parse()?,
        roles: [Role::Admin].into(),
        status: UserStatus::Active,
        version: 0,
    };
    let once = sim
        .service
        .initialize(
            Participant {
                id: ADMIN_ORG.0.parse()?,
                name: ADMIN_ORG.1.into(),
                kind: ParticipantKind::ExecutiveBody,
                status: ParticipantStatus::Active,
                settings: ParticipantSettings::default(),
                version: 0,
            },
            admin_user.clone(),
        )
        .await?;
    let mut created = vec![(
        CreatedUser {
            user: admin_user.clone(),
            one_time_password: once,
        },
        ADMIN_ORG.1.to_owned(),
    )];
    let admin = Actor::user(admin_user.login);

    // Participants, then the Coordinator of Минэкономразвития.
    sim.tick(30);
    let orgs = std::iter::once((
        COORDINATOR_ORG.0,
        COORDINATOR_ORG.1,
        ParticipantKind::ExecutiveBody,
    ))
    .chain(ORGS.iter().map(|o| (o.id, o.name, o.kind)));
    for (id, name, kind) in orgs {
        sim.service
            .create_participant(
                &admin,
                id.parse()?,
                name,
                kind,
                ParticipantSettings::default(),
            )
            .await?;
    }
    demo.participants = ORGS.len() + 2;
    sim.tick(60);
    let coordinator_user = sim
        .service
        .create_user(
            &admin,
            NewUser {
                login: "demo.coordinator".parse()?,
                full_name: "Иванова Мария Андреевна".into(),
                position: "начальник отдела стратегического планирования".into(),
                participant: COORDINATOR_ORG.0.parse()?,
                roles: [Role::Coordinator].into(),
            },
        )
        .await?;
    let coordinator = Actor::user(coordinator_user.user.login.clone());
    created.push((coordinator_user, COORDINATOR_ORG.1.to_owned()));

    // Staff: a Planner for every participant, and an Analyst and a Head for
    // those that report; a registration request filed and approved by the
    // Admin, every participant's at once (the service bounds the hashing of
    // the one-time passwords to the cores).
    sim.tick(24 * 60);
    let mut filed = Vec::new();
    for (n, org) in ORGS.iter().chain(HOME_ORGS).enumerate() {
        let (made, request) = file_registration(&sim.service, &admin, n, org).await?;
        filed.push((org, made, request));
    }
    let mut tasks = Vec::new();
    for (org, made, request) in filed {
        let (service, admin) = (sim.service.clone(), admin.clone());
        let approval = tokio::spawn(async move {
            match request {
                Some(r) => Ok(service
                    .approve_request(&admin, &r.id, r.version)
                    .await?
                    .created),
                None => Ok::<_, Error>(Vec::new()),
            }
        });
        tasks.push((org, made, approval));
    }
    let mut staff: BTreeMap<&str, Staff> = BTreeMap::new();
    for (org, mut made, approval) in tasks {
        made.extend(
            approval
                .await
                .map_err(|e| Error::storage("demo", e.to_string()))??,
        );
        let member = staff.entry(org.id).or_default();
        for user in made {
            let actor = || Some(Actor::user(user.user.login.clone()));
            let roles = &user.user.roles;
            if roles.contains(&Role::Planner) {
                member.planner = actor();
            }
            if roles.contains(&Role::Analyst) {
                member.analyst = actor();
            }
            if roles.contains(&Role::Head) {
                member.head = actor();
            }
            // The staff of the participants that report start at once; the
            // Planners of the others keep their one-time passwords (they
            // have not logged in yet), which saves the seed the hashing.
            if org.staffed {
                created.push((user, org.name.to_owned()));
            }
        }
    }
    sim.tick(24 * 60);
    demo.users = activate(&sim.service, created, password).await?;
    // The strategy to 2035, events with cards, indicators with plans.
    sim.set(sim.at(date(2022, 12, 27)?, 10));
    for (id, kind, title, parent) in STRATEGY {
        sim.service
            .create_strategy_node(
                &coordinator,
                StrategyNode {
                    id: id.parse()?,
                    kind: *kind,
                    title: (*title).into(),
                    parent: parent.map(str::parse).transpose()?,
                    version: 0,
                },
            )
            .await?;
    }
    let events = region::events();
    for event in &events {
        sim.service
            .create_event(
                &coordinator,
                event.id.parse()?,
                PlanFields {
                    title: event.title.clone(),
                    direction: event.direction.parse()?,
                    responsible: event.responsible.parse()?,
                    co_executors: event.co.iter().map(|c| c.parse()).collect::<Result<_>>()?,
                    period: EventPeriod {
                        start: date(event.years.0, 1, 1)?,
                        end: date(event.years.1, 12, 31)?,
                    },
                    expected_result: event.result.clone(),
                    amending_act: "постановление Правительства Кузбасса от 27.12.2022 № 850".into(),
                    excluded: false,
                },
            )
            .await?;
        demo.events += 1;
    }
    let mut indicators = BTreeMap::new();
    for event in &events {
        let Some((name, (_, unit, direction, cumulative, from, to))) = &event.indicator else {
            continue;
        };
        let id = format!("IND-{:02}", indicators.len() + 1);
        let plan: BTreeMap<i32, Decimal> = (2023..=2035)
            .map(|year| {
                let value = Decimal::from(*from)
                    + Decimal::from(to - from) * Decimal::from(year - 2023) / Decimal::from(12);
                (year, reports::rounded(value))
            })
            .collect();
        let fields = IndicatorFields {
            name: name.clone(),
            unit: (*unit).into(),
            direction: *direction,
            cumulative: *cumulative,
            plan,
            events: [event.id.parse()?].into(),
        };
        sim.service
            .create_indicator(&coordinator, id.parse()?, fields.clone())
            .await?;
        indicators.insert(event.id.clone(), (id, fields));
        demo.indicators += 1;
    }

    // The Planners fill the cards in January: the responsible person and
    // control points (the first year's contracts, the main stage, the result).
    sim.set(sim.at(date(2023, 1, 16)?, 10));
    let mut tracked = Vec::new();
    for (n, event) in events.iter().enumerate() {
        let member = staff.get(event.responsible).cloned().unwrap_or_default();
        let Some(planner) = &member.planner else {
            continue;
        };
        sim.tick(5);
        let person = sim.service.current_user(planner).await?;
        let (start, end) = event.years;
        let planned = [
            date(start, 6, 30)?,
            date(start + 1, 12, 15)?,
            date(end, 12, 20)?,
        ];
        let control_points = planned
            .iter()
            .zip(POINTS)
            .enumerate()
            .map(|(i, (planned, title))| {
                Ok(ControlPoint {
                    id: format!("KT{}", i + 1).parse()?,
                    title: title.into(),
                    planned: *planned,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let current = sim.service.get_event(planner, &event.id.parse()?).await?;
        sim.service
            .update_event_card(
                planner,
                &current.id,
                current.version,
                EventCard {
                    responsible_person: Some(ResponsiblePerson {
                        full_name: person.full_name,
                        position: person.position,
                        phone: format!("+7 3842 58-{:02}-{:02}", n / 100, n % 100),
                    }),
                    control_points: control_points.clone(),
                },
            )
            .await?;
        if member.reports() {
            tracked.push(Tracked::new(
                n,
                event,
                &control_points,
                indicators.get(&event.id),
                member,
            )?);
        }
    }
    demo.reports = reports::history(&sim, &tracked).await?;
    Ok(demo)
}
