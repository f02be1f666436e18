#![doc = include_str!("../README.md")]

pub mod access;
pub mod audit;
pub mod auth;
pub mod calendar;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod error;
pub mod model;
pub mod plan;
pub mod report;
pub mod requests;
pub mod service;
pub mod status;
pub mod store;
pub mod summary;
pub mod validation;

pub use access::{Actor, Operation};
pub use error::{Error, ErrorKind, Problem, Result, Severity};
pub use service::Service;
