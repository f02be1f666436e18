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
//! The static tables are in `region.rs`, the users in `people.rs`, the plan
//! in `plan.rs` and the report history in `reports.rs`.

mod people;
mod plan;
mod region;
mod reports;

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use stratmon_core::calendar::ManualClock;
use stratmon_core::{Error, Result, Service};

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

/// Seeds the demo region into `service`'s store, which must be empty, and
/// sets `password` for every demo user.
///
/// # Errors
///
/// Any core error (e.g. the store is not empty, or `password` breaks the
/// password policy).
pub async fn seed(service: &Service, password: &str) -> Result<Demo> {
    let sim = Sim::new(service, date(2022, 12, 1)?);
    let people = people::register(&sim, password).await?;
    let mut demo = Demo {
        users: people.users,
        participants: region::ORGS.len() + region::HOME_ORGS.len(),
        ..Demo::default()
    };
    let tracked = plan::adopt(&sim, &people.coordinator, &people.staff, &mut demo).await?;
    demo.reports = reports::history(&sim, &tracked).await?;
    Ok(demo)
}
