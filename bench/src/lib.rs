//! Large regions for benchmarks and load tests, deterministic from a seed.
//!
//! [`generate`] writes a whole region into an empty store in one
//! [`Store::restore`](stratmon_core::store::Store::restore): participants, a
//! strategy tree, events with control points, indicators with plans to 2035,
//! annual plans and three years of monthly reports in realistic states
//! (mostly approved, some late, returned, in check or missing; the month
//! whose window is open in every state). It writes records directly — the
//! point is volume, and the service's rules are tested elsewhere — then
//! creates the Admin and a Coordinator through the service, so the region
//! can be served and logged into.
//!
//! ```no_run
//! # async fn run() -> stratmon_core::Result<()> {
//! use std::sync::Arc;
//! use stratmon_bench::{Size, generate};
//! let store = Arc::new(stratmon_sqlite::SqliteStore::open("large.sqlite")?);
//! let region = generate(store, Size::LARGE, 42).await?;
//! println!("{} reports", region.reports);
//! # Ok(()) }
//! ```

mod random;
mod region;

pub use region::{GeneratedRegion, STAFFED_PARTICIPANTS, Size, TODAY, generate, set_passwords};
