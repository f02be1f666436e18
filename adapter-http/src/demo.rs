//! A realistic demo region, in Russian: Kuzbass ministries and two city
//! districts, a strategy tree to 2035, events with control points, indicators
//! with plan values, users registered the way real ones are (a request
//! approved by the Admin) and reports in every state for the last months.
//!
//! Everything goes through the [`Service`] like any other caller; nothing here
//! bypasses a rule.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use stratmon_core::calendar::ReportingPeriod;
use stratmon_core::model::{
    ControlPoint, Direction, EventCard, EventId, EventPeriod, IndicatorFields, IndicatorId,
    Participant, ParticipantKind, ParticipantSettings, ParticipantStatus, PlanFields,
    ReportContent, ResponsiblePerson, Role, StrategyNode, StrategyNodeKind, User, UserStatus,
};
use stratmon_core::requests::{PersonEntry, RequestKind};
use stratmon_core::service::{NewRequest, NewUser};
use stratmon_core::{Actor, Error, ErrorKind, Result, Service};

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
    /// How many events.
    pub events: usize,
    /// How many indicators.
    pub indicators: usize,
    /// How many report revisions were written.
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

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| Error::invalid("date", format!("`{y}-{m}-{d}`")))
}

/// Participant staff created under a well-known login rather than one made
/// from the name: participant, role, login.
pub const FIXED_LOGINS: &[(&str, &str, &str)] = &[
    ("minstroy", "planner", "demo.planner"),
    ("minstroy", "analyst", "demo.analyst"),
    ("minstroy", "head", "demo.head"),
    ("minzdrav", "planner", "demo.planner2"),
];

const ADMIN_PARTICIPANT: (&str, &str) = (
    "mincifra",
    "Министерство цифрового развития и связи Кузбасса",
);

/// Reporting participants: id, name, kind, the head who signs requests, and
/// the planner, analyst and head to register (ФИО, должность).
struct Org {
    id: &'static str,
    name: &'static str,
    kind: ParticipantKind,
    signed_by: &'static str,
    people: [(&'static str, &'static str, &'static str); 3],
    domain: &'static str,
}

const ORGS: &[Org] = &[
    Org {
        id: "minstroy",
        name: "Министерство строительства Кузбасса",
        kind: ParticipantKind::ExecutiveBody,
        signed_by: "Белов Андрей Николаевич",
        people: [
            ("Петров Сергей Николаевич", "главный специалист", "planner"),
            ("Сидорова Елена Викторовна", "начальник отдела", "analyst"),
            ("Кузнецов Алексей Петрович", "заместитель министра", "head"),
        ],
        domain: "minstroy.ako.ru",
    },
    Org {
        id: "minzdrav",
        name: "Министерство здравоохранения Кузбасса",
        kind: ParticipantKind::ExecutiveBody,
        signed_by: "Зеленина Ольга Игоревна",
        people: [
            ("Морозова Анна Сергеевна", "ведущий специалист", "planner"),
            ("Волков Дмитрий Андреевич", "начальник отдела", "analyst"),
            ("Лебедева Наталья Ивановна", "заместитель министра", "head"),
        ],
        domain: "minzdrav.ako.ru",
    },
    Org {
        id: "minobr",
        name: "Министерство образования Кузбасса",
        kind: ParticipantKind::ExecutiveBody,
        signed_by: "Тихонова Светлана Юрьевна",
        people: [
            ("Соколова Мария Павловна", "консультант", "planner"),
            ("Новиков Игорь Олегович", "начальник отдела", "analyst"),
            (
                "Фёдорова Татьяна Алексеевна",
                "первый заместитель министра",
                "head",
            ),
        ],
        domain: "minobr.ako.ru",
    },
    Org {
        id: "minugol",
        name: "Министерство угольной промышленности Кузбасса",
        kind: ParticipantKind::ExecutiveBody,
        signed_by: "Шахтин Виктор Геннадьевич",
        people: [
            ("Егоров Павел Викторович", "главный специалист", "planner"),
            ("Павлова Ирина Михайловна", "начальник отдела", "analyst"),
            ("Семёнов Роман Аркадьевич", "заместитель министра", "head"),
        ],
        domain: "minugol.ako.ru",
    },
    Org {
        id: "novokuz",
        name: "Новокузнецкий городской округ",
        kind: ParticipantKind::Municipality,
        signed_by: "Кудрявцев Сергей Николаевич",
        people: [
            (
                "Орлова Дарья Константиновна",
                "главный специалист",
                "planner",
            ),
            (
                "Макаров Артём Викторович",
                "начальник управления",
                "analyst",
            ),
            (
                "Зайцева Людмила Петровна",
                "заместитель главы города",
                "head",
            ),
        ],
        domain: "admnkz.info",
    },
    Org {
        id: "kemerovo",
        name: "Кемеровский городской округ",
        kind: ParticipantKind::Municipality,
        signed_by: "Середюк Илья Васильевич",
        people: [
            ("Козлова Вера Андреевна", "ведущий специалист", "planner"),
            ("Григорьев Максим Сергеевич", "начальник отдела", "analyst"),
            (
                "Васильева Елена Борисовна",
                "заместитель главы города",
                "head",
            ),
        ],
        domain: "kemerovo.ru",
    },
];

/// The strategy tree: id, kind, title, parent.
const STRATEGY: &[(&str, StrategyNodeKind, &str, Option<&str>)] = &[
    (
        "G1",
        StrategyNodeKind::Goal,
        "Развитие человеческого капитала и повышение качества жизни",
        None,
    ),
    (
        "G1.1",
        StrategyNodeKind::Direction,
        "Модернизация здравоохранения",
        Some("G1"),
    ),
    (
        "G1.2",
        StrategyNodeKind::Direction,
        "Современное образование",
        Some("G1"),
    ),
    (
        "G2",
        StrategyNodeKind::Goal,
        "Комфортная среда проживания",
        None,
    ),
    (
        "G2.1",
        StrategyNodeKind::Direction,
        "Жилищное строительство",
        Some("G2"),
    ),
    (
        "G2.2",
        StrategyNodeKind::Direction,
        "Благоустройство городской среды",
        Some("G2"),
    ),
    (
        "G3",
        StrategyNodeKind::Goal,
        "Диверсификация экономики Кузбасса",
        None,
    ),
    (
        "G3.1",
        StrategyNodeKind::Direction,
        "Модернизация угольной отрасли и экологическая безопасность",
        Some("G3"),
    ),
    (
        "G3.2",
        StrategyNodeKind::Direction,
        "Цифровая трансформация",
        Some("G3"),
    ),
];

/// An event: id, title, direction, responsible, co-executors, expected
/// result, control points (title, planned as year/month/day).
struct DemoEvent {
    id: &'static str,
    title: &'static str,
    direction: &'static str,
    responsible: &'static str,
    co: &'static [&'static str],
    result: &'static str,
    points: &'static [(&'static str, (i32, u32, u32))],
}

const EVENTS: &[DemoEvent] = &[
    DemoEvent {
        id: "1.1.1",
        title: "Строительство областной детской клинической больницы в Кемерове",
        direction: "G1.1",
        responsible: "minzdrav",
        co: &["kemerovo"],
        result: "Введена в эксплуатацию больница на 420 коек",
        points: &[
            (
                "Получено положительное заключение госэкспертизы",
                (2025, 6, 30),
            ),
            ("Завершены работы по каркасу здания", (2026, 9, 30)),
            ("Ввод объекта в эксплуатацию", (2027, 12, 31)),
        ],
    },
    DemoEvent {
        id: "1.1.2",
        title: "Модернизация первичного звена здравоохранения в Новокузнецке",
        direction: "G1.1",
        responsible: "minzdrav",
        co: &["novokuz"],
        result: "Капитально отремонтированы 12 поликлиник",
        points: &[
            ("Отремонтированы 4 поликлиники", (2025, 12, 20)),
            ("Отремонтированы 8 поликлиник", (2026, 12, 20)),
        ],
    },
    DemoEvent {
        id: "1.2.1",
        title: "Строительство школ по программе «Моя новая школа»",
        direction: "G1.2",
        responsible: "minobr",
        co: &["kemerovo", "novokuz"],
        result: "Построено 10 школ на 11 000 мест",
        points: &[
            ("Заключены контракты на строительство 4 школ", (2025, 4, 1)),
            ("Введены 2 школы в Кемерове", (2026, 8, 31)),
        ],
    },
    DemoEvent {
        id: "1.2.2",
        title: "Создание центров «Точка роста» в сельских школах",
        direction: "G1.2",
        responsible: "minobr",
        co: &[],
        result: "Открыто 60 центров",
        points: &[("Открыто 30 центров", (2026, 9, 1))],
    },
    DemoEvent {
        id: "2.1.1",
        title: "Комплексная застройка микрорайона «Кемерово-Сити»",
        direction: "G2.1",
        responsible: "minstroy",
        co: &["kemerovo"],
        result: "Введено 600 тыс. кв. м жилья",
        points: &[
            ("Утвержден проект планировки территории", (2025, 3, 31)),
            ("Введена первая очередь", (2026, 10, 31)),
        ],
    },
    DemoEvent {
        id: "2.1.2",
        title: "Расселение аварийного жилищного фонда",
        direction: "G2.1",
        responsible: "minstroy",
        co: &["novokuz", "kemerovo"],
        result: "Расселено 250 тыс. кв. м аварийного жилья",
        points: &[("Расселено 50 тыс. кв. м", (2026, 6, 30))],
    },
    DemoEvent {
        id: "2.2.1",
        title: "Благоустройство общественных пространств Новокузнецка",
        direction: "G2.2",
        responsible: "novokuz",
        co: &[],
        result: "Благоустроено 40 общественных пространств",
        points: &[
            ("Благоустроена набережная реки Томи", (2025, 9, 30)),
            ("Благоустроены 10 скверов", (2026, 9, 30)),
        ],
    },
    DemoEvent {
        id: "2.2.2",
        title: "Обновление общественного транспорта Кемерова",
        direction: "G2.2",
        responsible: "kemerovo",
        co: &[],
        result: "Закуплено 150 автобусов и 40 трамваев",
        points: &[("Поставлены 60 автобусов", (2026, 7, 31))],
    },
    DemoEvent {
        id: "3.1.1",
        title: "Рекультивация нарушенных земель угледобывающих предприятий",
        direction: "G3.1",
        responsible: "minugol",
        co: &[],
        result: "Рекультивировано 5 тыс. га",
        points: &[
            ("Утверждены проекты рекультивации", (2025, 5, 31)),
            ("Рекультивировано 1,5 тыс. га", (2026, 11, 30)),
        ],
    },
    DemoEvent {
        id: "3.1.2",
        title: "Снижение выбросов на предприятиях угольной отрасли",
        direction: "G3.1",
        responsible: "minugol",
        co: &["novokuz"],
        result: "Выбросы снижены на 20 %",
        points: &[("Установлены системы мониторинга выбросов", (2026, 3, 31))],
    },
    DemoEvent {
        id: "3.2.1",
        title: "Подключение социально значимых объектов к сети Интернет",
        direction: "G3.2",
        responsible: "minobr",
        co: &["kemerovo"],
        result: "Подключено 1 200 объектов",
        points: &[("Подключено 600 объектов", (2026, 6, 30))],
    },
    DemoEvent {
        id: "3.2.2",
        title: "Цифровая платформа мониторинга городского хозяйства Новокузнецка",
        direction: "G3.2",
        responsible: "novokuz",
        co: &[],
        result: "Платформа введена в промышленную эксплуатацию",
        points: &[
            ("Завершено опытное внедрение", (2026, 4, 30)),
            ("Ввод в промышленную эксплуатацию", (2027, 3, 31)),
        ],
    },
];

/// An indicator: id, name, unit, direction, cumulative, plan for 2026 (other
/// years scale from it), the event it measures.
const INDICATORS: &[(&str, &str, &str, Direction, bool, i64, &str)] = &[
    (
        "IND-01",
        "Готовность объекта",
        "%",
        Direction::Increase,
        false,
        55,
        "1.1.1",
    ),
    (
        "IND-02",
        "Отремонтировано поликлиник",
        "ед.",
        Direction::Increase,
        true,
        4,
        "1.1.2",
    ),
    (
        "IND-03",
        "Создано новых мест в школах",
        "мест",
        Direction::Increase,
        true,
        2200,
        "1.2.1",
    ),
    (
        "IND-04",
        "Открыто центров «Точка роста»",
        "ед.",
        Direction::Increase,
        true,
        30,
        "1.2.2",
    ),
    (
        "IND-05",
        "Ввод жилья",
        "тыс. кв. м",
        Direction::Increase,
        true,
        150,
        "2.1.1",
    ),
    (
        "IND-06",
        "Расселено аварийного жилья",
        "тыс. кв. м",
        Direction::Increase,
        true,
        50,
        "2.1.2",
    ),
    (
        "IND-07",
        "Благоустроено общественных пространств",
        "ед.",
        Direction::Increase,
        true,
        10,
        "2.2.1",
    ),
    (
        "IND-08",
        "Доля подвижного состава старше нормативного срока",
        "%",
        Direction::Decrease,
        false,
        45,
        "2.2.2",
    ),
    (
        "IND-09",
        "Рекультивировано земель",
        "га",
        Direction::Increase,
        true,
        1500,
        "3.1.1",
    ),
    (
        "IND-10",
        "Подключено социально значимых объектов",
        "ед.",
        Direction::Increase,
        true,
        600,
        "3.2.1",
    ),
];

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
async fn set_password(service: &Service, login: &str, once: &str, password: &str) -> Result<()> {
    let grant = service.login(login, once, Some("demo")).await?;
    service
        .change_password(&grant.token, once, password, Some("demo"))
        .await
}

/// The participant roles of `user`.
fn holds(user: &User, role: Role) -> bool {
    user.roles.contains(&role)
}

/// Seeds the demo region into `service`'s store, which must be empty, and
/// sets `password` for every demo user.
///
/// # Errors
///
/// Any core error (e.g. the store is not empty, or `password` breaks the
/// password policy).
pub async fn seed(service: &Service, password: &str) -> Result<Demo> {
    let mut demo = Demo::default();
    let names: BTreeMap<&str, &str> = ORGS
        .iter()
        .map(|o| (o.id, o.name))
        .chain([
            ADMIN_PARTICIPANT,
            ("minecon", "Министерство экономического развития Кузбасса"),
        ])
        .collect();

    // The Admin (Минцифры) initialises the store.
    let admin_user = User {
        login: "demo.admin".parse()?,
        full_name: "Администраторова Ольга Викторовна".into(),
        position: "администратор ИАС".into(),
        participant: ADMIN_PARTICIPANT.0.parse()?,
        roles: [Role::Admin].into(),
        status: UserStatus::Active,
        version: 0,
    };
    let once = service
        .initialize(
            Participant {
                id: ADMIN_PARTICIPANT.0.parse()?,
                name: ADMIN_PARTICIPANT.1.into(),
                kind: ParticipantKind::ExecutiveBody,
                status: ParticipantStatus::Active,
                settings: ParticipantSettings::default(),
                version: 0,
            },
            admin_user.clone(),
        )
        .await?;
    set_password(service, "demo.admin", &once, password).await?;
    demo.users.push(DemoUser {
        login: "demo.admin".into(),
        full_name: admin_user.full_name.clone(),
        roles: roles_ru(&admin_user),
        participant: ADMIN_PARTICIPANT.1.into(),
        password: password.into(),
    });
    let admin = Actor::user(admin_user.login);

    // Participants, then the Coordinator of Минэкономразвития.
    service
        .create_participant(
            &admin,
            "minecon".parse()?,
            "Министерство экономического развития Кузбасса",
            ParticipantKind::ExecutiveBody,
            ParticipantSettings::default(),
        )
        .await?;
    for org in ORGS {
        service
            .create_participant(
                &admin,
                org.id.parse()?,
                org.name,
                org.kind,
                ParticipantSettings::default(),
            )
            .await?;
    }
    let created = service
        .create_user(
            &admin,
            NewUser {
                login: "demo.coordinator".parse()?,
                full_name: "Иванова Мария Андреевна".into(),
                position: "начальник отдела стратегического планирования".into(),
                participant: "minecon".parse()?,
                roles: [Role::Coordinator].into(),
            },
        )
        .await?;
    set_password(
        service,
        created.user.login.as_str(),
        &created.one_time_password,
        password,
    )
    .await?;
    demo.users.push(DemoUser {
        login: created.user.login.to_string(),
        full_name: created.user.full_name.clone(),
        roles: roles_ru(&created.user),
        participant: names.get("minecon").copied().unwrap_or_default().into(),
        password: password.into(),
    });
    let coordinator = Actor::user(created.user.login);

    // Planner, Analyst and Head of each participant: a registration request
    // filed and approved by the Admin. The people with a well-known demo login
    // (see `FIXED_LOGINS`) are created by the Admin directly under that login.
    let mut staff: BTreeMap<(&str, Role), Actor> = BTreeMap::new();
    for (n, org) in ORGS.iter().enumerate() {
        let mut people = Vec::new();
        let mut fixed = Vec::new();
        for (i, (name, position, role)) in org.people.iter().enumerate() {
            let entry = PersonEntry {
                full_name: (*name).into(),
                position: (*position).into(),
                roles: vec![(*role).into()],
                landline: format!("+7 3842 {:02}-{:02}-{:02}", 30 + n, 10 + i, 40 + n + i),
                mobile: format!("+7 913 {}{:02}-{:02}-{:02}", n, 10 + i, 20 + n, 30 + i),
                email: format!("{role}{i}@{}", org.domain),
                login: None,
            };
            match FIXED_LOGINS
                .iter()
                .find(|(o, r, _)| *o == org.id && r == role)
            {
                Some((_, _, login)) => fixed.push((*login, entry)),
                None => people.push(entry),
            }
        }
        let mut created = Vec::new();
        for (login, entry) in fixed {
            let roles = entry
                .parsed_roles()
                .ok_or_else(|| Error::invalid("roles", format!("`{:?}`", entry.roles)))?;
            created.push(
                service
                    .create_user(
                        &admin,
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
        if !people.is_empty() {
            let request = service
                .file_request(
                    &admin,
                    NewRequest {
                        kind: RequestKind::Registration,
                        participant: org.id.parse()?,
                        signed_by: org.signed_by.into(),
                        reason: String::new(),
                        people,
                        received_at: None,
                    },
                )
                .await?;
            let approval = service
                .approve_request(&admin, &request.id, request.version)
                .await?;
            created.extend(approval.created);
        }
        for user in created {
            set_password(
                service,
                user.user.login.as_str(),
                &user.one_time_password,
                password,
            )
            .await?;
            for role in [Role::Planner, Role::Analyst, Role::Head] {
                if holds(&user.user, role) {
                    staff.insert((org.id, role), Actor::user(user.user.login.clone()));
                }
            }
            demo.users.push(DemoUser {
                login: user.user.login.to_string(),
                full_name: user.user.full_name.clone(),
                roles: roles_ru(&user.user),
                participant: org.name.into(),
                password: password.into(),
            });
        }
    }
    let actor = |org: &str, role: Role| {
        staff
            .get(&(org, role))
            .cloned()
            .ok_or_else(|| Error::not_found("demo user", format!("{org}/{role:?}")))
    };

    // The strategy to 2035, events with cards, indicators with plans.
    for (id, kind, title, parent) in STRATEGY {
        service
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
    for event in EVENTS {
        let created = service
            .create_event(
                &coordinator,
                event.id.parse()?,
                PlanFields {
                    title: event.title.into(),
                    direction: event.direction.parse()?,
                    responsible: event.responsible.parse()?,
                    co_executors: event.co.iter().map(|c| c.parse()).collect::<Result<_>>()?,
                    period: EventPeriod {
                        start: date(2024, 1, 1)?,
                        end: date(2035, 12, 31)?,
                    },
                    expected_result: event.result.into(),
                    amending_act: "постановление Правительства Кузбасса от 27.12.2024 № 850".into(),
                    excluded: false,
                },
            )
            .await?;
        let planner = actor(event.responsible, Role::Planner)?;
        let person = service.current_user(&planner).await?;
        let mut control_points = Vec::new();
        for (i, (title, (y, m, d))) in event.points.iter().enumerate() {
            control_points.push(ControlPoint {
                id: format!("KT{}", i + 1).parse()?,
                title: (*title).into(),
                planned: date(*y, *m, *d)?,
            });
        }
        service
            .update_event_card(
                &planner,
                &created.id,
                created.version,
                EventCard {
                    responsible_person: Some(ResponsiblePerson {
                        full_name: person.full_name,
                        position: person.position,
                        phone: "+7 3842 58-00-00".into(),
                    }),
                    control_points,
                },
            )
            .await?;
        demo.events += 1;
    }
    for (id, name, unit, direction, cumulative, plan, event) in INDICATORS {
        let plan: BTreeMap<i32, Decimal> = (2024..=2035)
            .map(|year| {
                let scale = Decimal::from(year - 2023) / Decimal::from(3);
                let value = match direction {
                    Direction::Decrease => Decimal::from(*plan) / scale.max(Decimal::ONE),
                    _ => Decimal::from(*plan) * scale,
                };
                (year, value.round_dp(1))
            })
            .collect();
        service
            .create_indicator(
                &coordinator,
                id.parse()?,
                IndicatorFields {
                    name: (*name).into(),
                    unit: (*unit).into(),
                    direction: *direction,
                    cumulative: *cumulative,
                    plan,
                    events: [event.parse()?].into(),
                    excluded: false,
                },
            )
            .await?;
        demo.indicators += 1;
    }

    demo.reports = seed_reports(service, &actor).await?;
    Ok(demo)
}

/// Reports of the last four months, in a spread of states: the oldest
/// approved, then accepted or returned with a comment, then submitted, the
/// last one a draft or missing.
async fn seed_reports(
    service: &Service,
    actor: &impl Fn(&str, Role) -> Result<Actor>,
) -> Result<usize> {
    let today = service.today();
    let this_month = ReportingPeriod::new(today.year(), today.month())?;
    let mut periods = Vec::new();
    let mut p = this_month.previous();
    for _ in 0..4 {
        periods.push(p);
        p = p.previous();
    }
    periods.reverse();
    let mut written = 0;
    for (e, event) in EVENTS.iter().enumerate() {
        let id: EventId = event.id.parse()?;
        let planner = actor(event.responsible, Role::Planner)?;
        let analyst = actor(event.responsible, Role::Analyst)?;
        let head = actor(event.responsible, Role::Head)?;
        let indicator: Option<(IndicatorId, i64, bool)> = INDICATORS
            .iter()
            .find(|i| i.6 == event.id)
            .map(|i| Ok::<_, Error>((i.0.parse()?, i.5, i.4)))
            .transpose()?;
        for (k, period) in periods.iter().enumerate() {
            // What this month ends as: 0 approved, 1 accepted, 2 returned,
            // 3 submitted, 4 draft, 5 missing.
            let target = match (k, e % 3) {
                (0, _) => 0,
                (1, 0) => 2,
                (1, _) => 0,
                (2, 0) => 1,
                (2, 1) => 3,
                (2, _) => 0,
                (_, 0) => 4,
                (_, 1) => 5,
                _ => 3,
            };
            if target == 5 {
                continue;
            }
            let mut content = ReportContent {
                progress: format!(
                    "{}: работы ведутся по графику, за {} выполнено {} % годового объёма",
                    event.title,
                    period,
                    (period.month * 8).min(100)
                ),
                ..ReportContent::default()
            };
            if let Some((ind, plan, cumulative)) = &indicator {
                let month = Decimal::from(period.month);
                let fact = if *cumulative {
                    Decimal::from(*plan) * month / Decimal::from(12)
                } else {
                    Decimal::from(*plan) * month / Decimal::from(14)
                };
                content
                    .indicator_facts
                    .insert(ind.clone(), fact.round_dp(1));
            }
            for (i, (_, (y, m, d))) in event.points.iter().enumerate() {
                let planned = date(*y, *m, *d)?;
                if planned <= period.last_day() && planned <= today {
                    content
                        .control_points
                        .insert(format!("KT{}", i + 1).parse()?, planned);
                }
            }
            let report = if target == 4 {
                service
                    .save_report(&planner, &id, *period, 0, content)
                    .await?
                    .saved
            } else {
                match service
                    .save_and_submit_report(&planner, &id, *period, 0, content.clone())
                    .await
                {
                    Ok(r) => r,
                    // Not yet in its window: leave it as a draft.
                    Err(e) if e.kind() == ErrorKind::WindowClosed => {
                        service
                            .save_report(&planner, &id, *period, 0, content)
                            .await?;
                        written += 1;
                        continue;
                    }
                    Err(e) => return Err(e),
                }
            };
            written += 1;
            if matches!(target, 0 | 1) {
                let accepted = service
                    .accept_report(&analyst, &id, *period, report.version)
                    .await?;
                if target == 0 {
                    service
                        .approve_report(&head, &id, *period, accepted.version)
                        .await?;
                }
            } else if target == 2 {
                service
                    .return_report(
                        &analyst,
                        &id,
                        *period,
                        report.version,
                        "Не отражено исполнение контрольной точки, уточните ход реализации",
                    )
                    .await?;
            }
        }
    }
    Ok(written)
}
