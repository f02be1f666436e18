//! # stratmon-core
//!
//! The heart of stratmon, a system for monitoring and controlling the
//! implementation of a regional development strategy (decree 901 of the
//! Kuzbass government): plan events and their cards, control points, target
//! indicators reported monthly year-to-date, expenditures, the Planner →
//! Analyst → Head approval chain, and a tamper-evident audit log.
//!
//! Everything goes through one [`Service`]: each operation takes the acting
//! user ([`Actor`]), checks role and scope, validates, and commits the change
//! with its audit entry in one storage transaction. Storage is pluggable
//! ([`store::Store`]); [`store::MemoryStore`] is the reference backend.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! use std::sync::Arc;
//! use stratmon_core::{Actor, Service, store::MemoryStore, model::*};
//!
//! let service = Service::new(Arc::new(MemoryStore::new()));
//! let admin = UserId::new("admin")?;
//! service
//!     .initialize(
//!         Participant {
//!             id: ParticipantId::new("mincifra")?,
//!             name: "Министерство цифрового развития и связи Кузбасса".into(),
//!             kind: ParticipantKind::ExecutiveBody,
//!             status: ParticipantStatus::Active,
//!             settings: ParticipantSettings::default(),
//!             version: 0,
//!         },
//!         User {
//!             login: admin.clone(),
//!             full_name: "Администратор Системы".into(),
//!             position: "администратор ИАС".into(),
//!             participant: ParticipantId::new("mincifra")?,
//!             roles: [Role::Admin].into(),
//!             status: UserStatus::Active,
//!             version: 0,
//!         },
//!     )
//!     .await?;
//! let users = service.list_users(&Actor::user(admin)).await?;
//! assert_eq!(users.len(), 1);
//! # Ok::<(), stratmon_core::Error>(())
//! # }).unwrap();
//! ```

pub mod access;
pub mod audit;
pub mod calendar;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod error;
pub mod model;
pub mod report;
pub mod service;
pub mod status;
pub mod store;
pub mod validation;

pub use access::{Actor, Operation};
pub use error::{Error, ErrorKind, Problem, Result, Severity};
pub use service::Service;
