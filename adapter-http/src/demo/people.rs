//! The people of the demo region: the Admin, the Coordinator and every
//! participant's staff, registered the way real users are (a request filed
//! and approved by the Admin), who then log in and set the demo password.

use std::collections::BTreeMap;

use stratmon_core::model::{
    Participant, ParticipantKind, ParticipantSettings, ParticipantStatus, Role, User, UserStatus,
};
use stratmon_core::requests::{AccessRequest, PersonEntry, RequestKind};
use stratmon_core::service::{CreatedUser, NewRequest, NewUser};
use stratmon_core::{Actor, Error, Result, Service};

use super::region::{self, ADMIN_ORG, COORDINATOR_ORG, HOME_ORGS, ORGS};
use super::reports::Staff;
use super::{DemoUser, FIXED_LOGINS, Sim};

/// Who was registered.
pub(super) struct People {
    /// The Coordinator, who keeps the plan.
    pub coordinator: Actor,
    /// Every participant's staff, by participant.
    pub staff: BTreeMap<&'static str, Staff>,
    /// The users that can log in with the demo password, for the table.
    pub users: Vec<DemoUser>,
}

use crate::web::words::role as role_ru;

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

/// Initialises the store with the Admin, creates the participants and
/// registers everyone; the users of the participants that report, the Admin
/// and the Coordinator get `password`.
pub(super) async fn register(sim: &Sim, password: &str) -> Result<People> {
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
    let mut staff: BTreeMap<&'static str, Staff> = BTreeMap::new();
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
    let users = activate(&sim.service, created, password).await?;
    Ok(People {
        coordinator,
        staff,
        users,
    })
}
