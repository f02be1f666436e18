#![doc = include_str!("../README.md")]

mod error;
mod layout;
mod migrate;
mod store;

pub use migrate::SCHEMA_VERSION;
pub use store::SledStore;
