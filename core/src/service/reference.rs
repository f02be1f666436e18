//! Participants, the strategy tree, the production calendar and window
//! extensions: the reference data the Coordinator keeps.

use std::sync::Arc;

use chrono::NaiveDate;

use super::{Service, check_version};
use crate::access::{Actor, Operation};
use crate::audit::ObjectRef;
use crate::calendar::YearCorrections;
use crate::error::{Error, Problem, Result};
use crate::model::{
    MAX_LONG_TEXT, MAX_SHORT_TEXT, Participant, ParticipantId, ParticipantKind,
    ParticipantSettings, ParticipantStatus, Role, StrategyNode, StrategyNodeKind, User, UserStatus,
    WindowExtension, check_text,
};
use crate::store::StoreExt;

fn problems_to_result(problems: Vec<Problem>) -> Result<()> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation { problems })
    }
}

impl Service {
    /// Initialises an empty store: creates the Admin's participant and the first
    /// Admin user, and returns the Admin's one-time password (shown once, to
    /// be changed at first login). Refused once any user exists.
    pub async fn initialize(&self, admin_participant: Participant, admin: User) -> Result<String> {
        if !self.store.load_all::<User>(None).await?.is_empty() {
            return Err(Error::conflict("the store is already initialised"));
        }
        let mut problems = Vec::new();
        check_text(
            &mut problems,
            "name",
            &admin_participant.name,
            true,
            MAX_SHORT_TEXT,
        );
        check_text(
            &mut problems,
            "full_name",
            &admin.full_name,
            true,
            MAX_SHORT_TEXT,
        );
        if admin.participant != admin_participant.id {
            problems.push(Problem::error(
                "participant",
                "the admin must belong to the admin participant",
            ));
        }
        if !admin.has(Role::Admin) {
            problems.push(Problem::error(
                "roles",
                "the first user must hold the admin role",
            ));
        }
        problems_to_result(problems)?;
        let participant = Participant {
            version: 0,
            status: ParticipantStatus::Active,
            ..admin_participant
        };
        let admin = User {
            version: 0,
            status: UserStatus::Active,
            ..admin
        };
        let audit = crate::audit::AuditDraft {
            at: self.now(),
            actor: super::system_user()?,
            on_behalf_of: None,
            client: None,
            action: "system.initialize".into(),
            object: ObjectRef::new("user", admin.login.as_str()),
            participant: Some(participant.id.clone()),
            summary: format!("store initialised; first admin `{}`", admin.login),
        };
        let (credential, one_time_password) = self.one_time_credential(&admin.login).await?;
        let puts = vec![
            crate::store::encode(&participant)?,
            crate::store::encode(&admin)?,
            crate::store::encode(&credential)?,
        ];
        self.commit_change(crate::store::ChangeSet { puts, audit })
            .await?;
        Ok(one_time_password)
    }

    /// Registers a participant (Coordinator).
    pub async fn create_participant(
        &self,
        actor: &Actor,
        id: ParticipantId,
        name: &str,
        kind: ParticipantKind,
        settings: ParticipantSettings,
    ) -> Result<Participant> {
        self.authorized(actor, Operation::CreateParticipant).await?;
        let mut problems = Vec::new();
        check_text(&mut problems, "name", name, true, MAX_SHORT_TEXT);
        if let Err(e) = settings.validate() {
            problems.extend(e.problems().iter().cloned());
        }
        problems_to_result(problems)?;
        let participant = Participant {
            id,
            name: name.trim().to_owned(),
            kind,
            status: ParticipantStatus::Active,
            settings,
            version: 0,
        };
        let audit = self.draft(
            actor,
            Operation::CreateParticipant,
            ObjectRef::new("participant", participant.id.as_str()),
            Some(&participant.id),
            format!("participant «{}» created", participant.name),
        );
        self.commit_one(participant, audit).await
    }

    /// Changes a participant's settings (Coordinator), naming the version edited.
    pub async fn update_participant_settings(
        &self,
        actor: &Actor,
        id: &ParticipantId,
        version: u64,
        settings: ParticipantSettings,
    ) -> Result<Participant> {
        self.authorized(actor, Operation::UpdateParticipantSettings)
            .await?;
        let mut participant = Arc::unwrap_or_clone(self.participant(id).await?);
        settings.validate()?;
        check_version("participant", id, participant.version, version)?;
        let summary = format!(
            "settings changed: {:?} → {:?}",
            participant.settings, settings
        );
        participant.settings = settings;
        let audit = self.draft(
            actor,
            Operation::UpdateParticipantSettings,
            ObjectRef::new("participant", id.as_str()),
            Some(id),
            summary,
        );
        self.commit_one(participant, audit).await
    }

    /// One participant (names and settings are public within the system).
    pub async fn get_participant(&self, actor: &Actor, id: &ParticipantId) -> Result<Participant> {
        self.authorized(actor, Operation::ListParticipants).await?;
        Ok(Arc::unwrap_or_clone(self.participant(id).await?))
    }

    /// Every participant (names are public within the system).
    pub async fn list_participants(&self, actor: &Actor) -> Result<Vec<Participant>> {
        self.authorized(actor, Operation::ListParticipants).await?;
        self.store.load_all(None).await
    }

    /// Adds a goal or direction to the strategy tree (Coordinator).
    pub async fn create_strategy_node(
        &self,
        actor: &Actor,
        node: StrategyNode,
    ) -> Result<StrategyNode> {
        self.authorized(actor, Operation::CreateStrategyNode)
            .await?;
        let mut problems = Vec::new();
        check_text(&mut problems, "title", &node.title, true, MAX_SHORT_TEXT);
        match (&node.kind, &node.parent) {
            (StrategyNodeKind::Goal, Some(_)) => {
                problems.push(Problem::error("parent", "a goal has no parent"));
            }
            (StrategyNodeKind::Direction, None) => {
                problems.push(Problem::error(
                    "parent",
                    "a direction needs a parent goal or direction",
                ));
            }
            (StrategyNodeKind::Direction, Some(parent)) => {
                if self
                    .store
                    .load::<StrategyNode>(parent.as_str())
                    .await?
                    .is_none()
                {
                    problems.push(Problem::error(
                        "parent",
                        format!("`{parent}` is not in the strategy tree"),
                    ));
                }
            }
            (StrategyNodeKind::Goal, None) => {}
        }
        problems_to_result(problems)?;
        let node = StrategyNode { version: 0, ..node };
        let audit = self.draft(
            actor,
            Operation::CreateStrategyNode,
            ObjectRef::new("strategy_node", node.id.as_str()),
            None,
            format!("strategy node «{}» created", node.title),
        );
        self.commit_one(node, audit).await
    }

    /// The whole strategy tree, ordered by code.
    pub async fn list_strategy(&self, actor: &Actor) -> Result<Vec<StrategyNode>> {
        self.authorized(actor, Operation::ListStrategy).await?;
        self.store.load_all(None).await
    }

    /// Loads or corrects one year of the production calendar (Coordinator).
    pub async fn set_calendar_year(
        &self,
        actor: &Actor,
        corrections: YearCorrections,
    ) -> Result<YearCorrections> {
        self.authorized(actor, Operation::SetCalendarYear).await?;
        corrections.validate()?;
        let existing = self
            .store
            .get(
                crate::store::Collection::CalendarYear,
                &corrections.year.to_string(),
            )
            .await?;
        let mut put = crate::store::encode(&corrections)?;
        if let Some(record) = existing {
            put.expect = crate::store::Expect::Version(record.version);
        }
        let audit = self.draft(
            actor,
            Operation::SetCalendarYear,
            ObjectRef::new("calendar_year", corrections.year.to_string()),
            None,
            format!(
                "production calendar {}: {} transfers, {} extra days off, {} extra working days",
                corrections.year,
                corrections.transfers.len(),
                corrections.extra_days_off.len(),
                corrections.extra_working_days.len()
            ),
        );
        self.commit_change(crate::store::ChangeSet {
            puts: vec![put],
            audit,
        })
        .await?;
        Ok(corrections)
    }

    /// The production calendar in force (anyone may read it).
    pub async fn calendar(&self, actor: &Actor) -> Result<crate::calendar::ProductionCalendar> {
        self.authorized(actor, Operation::ReadCalendar).await?;
        self.production_calendar().await
    }

    /// One year of the production calendar in force (anyone may read it).
    pub async fn calendar_year(
        &self,
        actor: &Actor,
        year: i32,
    ) -> Result<crate::calendar::CalendarYear> {
        self.authorized(actor, Operation::ReadCalendar).await?;
        if !(2000..=2100).contains(&year) {
            return Err(Error::invalid("year", "must be between 2000 and 2100"));
        }
        self.production_calendar()
            .await?
            .year(year)
            .ok_or_else(|| Error::invalid("year", "must be between 2000 and 2100"))
    }

    /// Opens (or moves) an extension of the annual window for a participant
    /// and plan year (Coordinator).
    pub async fn open_window_extension(
        &self,
        actor: &Actor,
        participant: &ParticipantId,
        year: i32,
        until: NaiveDate,
        reason: &str,
    ) -> Result<WindowExtension> {
        self.authorized(actor, Operation::OpenWindowExtension)
            .await?;
        self.participant(participant).await?;
        let mut problems = Vec::new();
        check_text(&mut problems, "reason", reason, true, MAX_LONG_TEXT);
        if !(2000..=2100).contains(&year) {
            problems.push(Problem::error("year", "must be between 2000 and 2100"));
        }
        if until < self.today() {
            problems.push(Problem::error("until", format!("`{until}` is in the past")));
        }
        problems_to_result(problems)?;
        let key = format!("{participant}/{year}");
        let version = self
            .store
            .load::<WindowExtension>(&key)
            .await?
            .map_or(0, |e| e.version);
        let extension = WindowExtension {
            participant: participant.clone(),
            year,
            until,
            reason: reason.trim().to_owned(),
            granted_by: actor.user.clone(),
            version,
        };
        let audit = self.draft(
            actor,
            Operation::OpenWindowExtension,
            ObjectRef::new("window_extension", key),
            Some(participant),
            format!("annual window for {year} extended until {until}"),
        );
        self.commit_one(extension, audit).await
    }

    /// Every window extension (Coordinator).
    pub async fn list_window_extensions(&self, actor: &Actor) -> Result<Vec<WindowExtension>> {
        self.authorized(actor, Operation::ListWindowExtensions)
            .await?;
        self.store.load_all(None).await
    }
}
