#![doc = include_str!("../README.md")]

mod checkpoint;
mod codec;
mod connection;
mod error;
mod schema;
mod store;

pub use connection::{Durability, Options};
pub use schema::SCHEMA_VERSION;
pub use store::SqliteStore;
