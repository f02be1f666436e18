//! Registration, revocation and role-change requests (decree 901, sections
//! 3–4), and closing a liquidated participant.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CreatedUser, Service, check_version};
use crate::access::{Actor, Operation, Scope, authorize};
use crate::audit::ObjectRef;
use crate::auth::{SessionEnd, unique_login};
use crate::error::{Error, ErrorKind, Problem, Result};
use crate::model::{
    MAX_LONG_TEXT, MAX_SHORT_TEXT, ParticipantId, ParticipantStatus, Role, User, UserId,
    UserStatus, check_text,
};
use crate::requests::{AccessRequest, Decision, PersonEntry, RequestKind, RequestStatus};
use crate::store::{ChangeSet, Put, StoreExt, encode};

/// Most people on one request.
pub const MAX_PEOPLE: usize = 100;

/// A request as received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewRequest {
    /// Registration, revocation or role change.
    pub kind: RequestKind,
    /// The participant the people work for.
    pub participant: ParticipantId,
    /// ФИО of the head who signed it.
    pub signed_by: String,
    /// Why (required for revocations and role changes).
    #[serde(default)]
    pub reason: String,
    /// The people it concerns.
    pub people: Vec<PersonEntry>,
    /// When the administrator received it, if earlier than now (paper requests).
    #[serde(default)]
    pub received_at: Option<DateTime<Utc>>,
}

/// An approved request and what it produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Approval {
    /// The request, now approved.
    pub request: AccessRequest,
    /// For a registration: the users created, with their one-time passwords.
    pub created: Vec<CreatedUser>,
}

fn same_person(user: &User, person: &PersonEntry) -> bool {
    let name = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    name(&user.full_name) == name(&person.full_name)
}

impl Service {
    /// Every problem with a request's people against the users stored now.
    async fn request_problems(
        &self,
        kind: RequestKind,
        participant: &ParticipantId,
        people: &[PersonEntry],
    ) -> Result<Vec<Problem>> {
        let mut problems = Vec::new();
        if people.is_empty() {
            problems.push(Problem::error("people", "at least one person is required"));
        }
        if people.len() > MAX_PEOPLE {
            problems.push(Problem::error(
                "people",
                format!("at most {MAX_PEOPLE} people per request"),
            ));
        }
        let users = self.store.load_all::<User>(None).await?;
        let mut emails = BTreeSet::new();
        for (i, person) in people.iter().enumerate() {
            problems.extend(person.problems(i, kind));
            let email = person.email.trim().to_lowercase();
            if !email.is_empty() && !emails.insert(email.clone()) {
                problems.push(Problem::error(
                    format!("people[{i}].email"),
                    format!("`{email}` appears twice"),
                ));
            }
            let matching = |u: &&User| -> bool {
                u.status == UserStatus::Active
                    && &u.participant == participant
                    && match &person.login {
                        Some(login) => &u.login == login,
                        None => same_person(u, person),
                    }
            };
            match kind {
                RequestKind::Registration => {
                    if let Some(existing) = users
                        .iter()
                        .filter(|u| u.status == UserStatus::Active)
                        .find(|u| u.participant == *participant && same_person(u, person))
                    {
                        problems.push(Problem::error(
                            format!("people[{i}].full_name"),
                            format!(
                                "`{}` is already registered as `{}`",
                                person.full_name.trim(),
                                existing.login
                            ),
                        ));
                    }
                }
                RequestKind::Revocation | RequestKind::RoleChange => {
                    if users.iter().filter(matching).count() != 1 {
                        let who = person
                            .login
                            .as_ref()
                            .map_or(person.full_name.trim().to_owned(), ToString::to_string);
                        problems.push(Problem::error(
                            format!(
                                "people[{i}].{}",
                                if person.login.is_some() {
                                    "login"
                                } else {
                                    "full_name"
                                }
                            ),
                            format!("`{who}` is not exactly one active user of `{participant}`"),
                        ));
                    }
                }
            }
        }
        Ok(problems)
    }

    /// Files a request: the Admin enters one received on paper, or a
    /// participant's Head files one for their own participant. Every problem
    /// is listed at once and nothing is stored if there is any. The due date
    /// is two business days after receipt by the production calendar.
    pub async fn file_request(&self, actor: &Actor, new: NewRequest) -> Result<AccessRequest> {
        let user = self.user(actor).await?;
        authorize(
            &user,
            Operation::FileRequest,
            Scope::Participant(&new.participant),
        )?;
        let now = self.now();
        let mut problems = Vec::new();
        check_text(
            &mut problems,
            "signed_by",
            &new.signed_by,
            true,
            MAX_SHORT_TEXT,
        );
        let reason_needed = new.kind != RequestKind::Registration;
        check_text(
            &mut problems,
            "reason",
            &new.reason,
            reason_needed,
            MAX_LONG_TEXT,
        );
        match self
            .store
            .load::<crate::model::Participant>(new.participant.as_str())
            .await?
        {
            None => problems.push(Problem::error(
                "participant",
                format!("`{}` is not a registered participant", new.participant),
            )),
            Some(p)
                if p.status != ParticipantStatus::Active && new.kind != RequestKind::Revocation =>
            {
                problems.push(Problem::error(
                    "participant",
                    format!("`{}` is closed", new.participant),
                ));
            }
            Some(_) => {}
        }
        let received_at = new.received_at.unwrap_or(now);
        if received_at > now {
            problems.push(Problem::error("received_at", "is in the future"));
        }
        problems.extend(
            self.request_problems(new.kind, &new.participant, &new.people)
                .await?,
        );
        if !problems.is_empty() {
            return Err(Error::Validation { problems });
        }
        let calendar = self.production_calendar().await?;
        let due = calendar.add_business_days(self.region.local_date(received_at), 2);
        for _ in 0..8 {
            let number = self
                .store
                .list(crate::store::Collection::AccessRequest, None)
                .await?
                .len()
                + 1;
            let request = AccessRequest {
                id: format!("{number:06}"),
                kind: new.kind,
                participant: new.participant.clone(),
                signed_by: new.signed_by.trim().to_owned(),
                reason: new.reason.trim().to_owned(),
                people: new.people.clone(),
                received_at,
                due,
                entered_by: actor.user.clone(),
                status: RequestStatus::Pending,
                decision: None,
                version: 0,
            };
            let audit = self.draft(
                actor,
                Operation::FileRequest,
                ObjectRef::new("request", request.id.as_str()),
                Some(&request.participant),
                format!(
                    "{:?} request for {} people, due {due}",
                    request.kind,
                    request.people.len()
                )
                .to_lowercase(),
            );
            match self.commit_one(request, audit).await {
                Err(e) if e.kind() == ErrorKind::Conflict => continue,
                other => return other,
            }
        }
        Err(Error::conflict(
            "too many requests filed at once; try again",
        ))
    }

    /// Requests visible to the actor, newest first: all for the Admin and the
    /// Coordinator, their own participant's for a Head. With `pending_only`,
    /// only those still waiting.
    pub async fn list_requests(
        &self,
        actor: &Actor,
        pending_only: bool,
    ) -> Result<Vec<AccessRequest>> {
        let user = self.authorized(actor, Operation::ListRequests).await?;
        let everything = user.has(Role::Admin) || user.has(Role::Coordinator);
        let partition = (!everything).then(|| user.participant.to_string());
        let mut requests: Vec<AccessRequest> = self
            .store
            .load_all::<AccessRequest>(partition.as_deref())
            .await?
            .into_iter()
            .filter(|r| !pending_only || r.status == RequestStatus::Pending)
            .collect();
        requests.sort_by(|a, b| b.id.cmp(&a.id));
        Ok(requests)
    }

    /// Pending requests whose due date has passed, oldest due first.
    pub async fn overdue_requests(&self, actor: &Actor) -> Result<Vec<AccessRequest>> {
        let today = self.today();
        let mut overdue: Vec<AccessRequest> = self
            .list_requests(actor, true)
            .await?
            .into_iter()
            .filter(|r| r.is_overdue(today))
            .collect();
        overdue.sort_by_key(|r| r.due);
        Ok(overdue)
    }

    async fn pending_request(&self, id: &str, version: u64) -> Result<AccessRequest> {
        let request = self
            .store
            .load::<AccessRequest>(id)
            .await?
            .ok_or_else(|| Error::not_found("request", id))?;
        check_version("request", &id, request.version, version)?;
        if request.status != RequestStatus::Pending {
            return Err(Error::conflict(format!(
                "request `{id}` is already decided"
            )));
        }
        Ok(request)
    }

    /// Carries out a request (Admin): creates the users with unique logins and
    /// one-time passwords, revokes access and ends sessions, or changes roles —
    /// together with the request's new state, in one transaction.
    pub async fn approve_request(&self, actor: &Actor, id: &str, version: u64) -> Result<Approval> {
        self.authorized(actor, Operation::DecideRequest).await?;
        let mut request = self.pending_request(id, version).await?;
        let problems = self
            .request_problems(request.kind, &request.participant, &request.people)
            .await?;
        if !problems.is_empty() {
            return Err(Error::Validation { problems });
        }
        let users = self.store.load_all::<User>(None).await?;
        let mut puts: Vec<Put> = Vec::new();
        let mut created = Vec::new();
        let mut logins = Vec::new();
        for person in &request.people {
            match request.kind {
                RequestKind::Registration => {
                    let login = unique_login(&person.full_name, |candidate| {
                        users.iter().any(|u| u.login.as_str() == candidate)
                            || logins.iter().any(|l: &UserId| l.as_str() == candidate)
                            || candidate == "system"
                    })
                    .and_then(|l| UserId::new(l).ok())
                    .ok_or_else(|| {
                        Error::invalid(
                            "people",
                            format!("cannot make a login from `{}`", person.full_name),
                        )
                    })?;
                    let user = User {
                        login: login.clone(),
                        full_name: person
                            .full_name
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" "),
                        position: person.position.trim().to_owned(),
                        participant: request.participant.clone(),
                        roles: person.parsed_roles().unwrap_or_default(),
                        status: UserStatus::Active,
                        version: 0,
                    };
                    let (credential, one_time_password) = self.one_time_credential(&login).await?;
                    puts.push(encode(&user)?);
                    puts.push(encode(&credential)?);
                    created.push(CreatedUser {
                        user: User { version: 1, ..user },
                        one_time_password,
                    });
                    logins.push(login);
                }
                RequestKind::Revocation | RequestKind::RoleChange => {
                    let Some(mut user) = users
                        .iter()
                        .find(|u| {
                            u.status == UserStatus::Active
                                && u.participant == request.participant
                                && match &person.login {
                                    Some(login) => &u.login == login,
                                    None => same_person(u, person),
                                }
                        })
                        .cloned()
                    else {
                        return Err(Error::conflict(format!(
                            "`{}` changed meanwhile",
                            person.full_name
                        )));
                    };
                    if request.kind == RequestKind::Revocation {
                        user.status = UserStatus::Revoked;
                        puts.extend(self.end_sessions(&user.login, SessionEnd::Revoked).await?);
                    } else {
                        user.roles = person.parsed_roles().unwrap_or_default();
                    }
                    logins.push(user.login.clone());
                    puts.push(encode(&user)?);
                }
            }
        }
        request.status = RequestStatus::Approved;
        request.decision = Some(Decision {
            by: actor.user.clone(),
            at: self.now(),
            reasons: Vec::new(),
            logins: logins.clone(),
        });
        puts.push(encode(&request)?);
        let names: Vec<&str> = logins.iter().map(UserId::as_str).collect();
        let audit = self.draft(
            actor,
            Operation::DecideRequest,
            ObjectRef::new("request", request.id.as_str()),
            Some(&request.participant),
            format!("{:?} request approved: {}", request.kind, names.join(", ")).to_lowercase(),
        );
        self.commit_change(ChangeSet { puts, audit }).await?;
        request.version += 1;
        Ok(Approval { request, created })
    }

    /// Refuses a request with reasons (Admin); nothing else changes.
    pub async fn refuse_request(
        &self,
        actor: &Actor,
        id: &str,
        version: u64,
        reasons: Vec<String>,
    ) -> Result<AccessRequest> {
        self.authorized(actor, Operation::DecideRequest).await?;
        let mut request = self.pending_request(id, version).await?;
        let reasons: Vec<String> = reasons
            .into_iter()
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty())
            .collect();
        let mut problems = Vec::new();
        if reasons.is_empty() {
            problems.push(Problem::error("reasons", "at least one reason is required"));
        }
        for (i, r) in reasons.iter().enumerate() {
            check_text(
                &mut problems,
                &format!("reasons[{i}]"),
                r,
                true,
                MAX_LONG_TEXT,
            );
        }
        if !problems.is_empty() {
            return Err(Error::Validation { problems });
        }
        request.status = RequestStatus::Refused;
        let summary = format!("refused: {}", reasons.join("; "));
        request.decision = Some(Decision {
            by: actor.user.clone(),
            at: self.now(),
            reasons,
            logins: Vec::new(),
        });
        let audit = self.draft(
            actor,
            Operation::DecideRequest,
            ObjectRef::new("request", request.id.as_str()),
            Some(&request.participant),
            summary,
        );
        self.commit_one(request, audit).await
    }

    /// Closes a liquidated or reorganised participant (Coordinator, decree
    /// 4.2): revokes every user of it at once and ends their sessions. The
    /// records stay for the audit trail. Returns the revoked logins.
    pub async fn close_participant(
        &self,
        actor: &Actor,
        id: &ParticipantId,
        reason: &str,
    ) -> Result<Vec<UserId>> {
        self.authorized(actor, Operation::CloseParticipant).await?;
        let mut participant = Arc::unwrap_or_clone(self.participant(id).await?);
        let mut problems = Vec::new();
        check_text(&mut problems, "reason", reason, true, MAX_LONG_TEXT);
        if !problems.is_empty() {
            return Err(Error::Validation { problems });
        }
        if participant.status == ParticipantStatus::Closed {
            return Err(Error::conflict(format!(
                "participant `{id}` is already closed"
            )));
        }
        participant.status = ParticipantStatus::Closed;
        let mut puts = vec![encode(&participant)?];
        let mut revoked = Vec::new();
        for mut user in self.store.load_all::<User>(Some(id.as_str())).await? {
            if user.status == UserStatus::Active {
                user.status = UserStatus::Revoked;
                puts.extend(self.end_sessions(&user.login, SessionEnd::Revoked).await?);
                revoked.push(user.login.clone());
                puts.push(encode(&user)?);
            }
        }
        let names: Vec<&str> = revoked.iter().map(UserId::as_str).collect();
        let audit = self.draft(
            actor,
            Operation::CloseParticipant,
            ObjectRef::new("participant", id.as_str()),
            Some(id),
            format!(
                "participant closed ({}); revoked: {}",
                reason.trim(),
                names.join(", ")
            ),
        );
        self.commit_change(ChangeSet { puts, audit }).await?;
        Ok(revoked)
    }
}
