//! The backend conformance suite (feature `conformance`).
//!
//! Every backend crate runs the whole suite with one macro call in a test
//! file, which expands to one test per case so that the test output names
//! each behaviour (see `core/tests/conformance_memory.rs`):
//!
//! ```text
//! stratmon_core::conformance_tests!(|| async {
//!     Arc::new(MyStore::open_temporary().await) as Arc<dyn stratmon_core::store::Store>
//! });
//! ```
//!
//! or runs it in one call with [`run_all`]:
//!
//! ```
//! # tokio::runtime::Builder::new_multi_thread().build().unwrap().block_on(async {
//! use std::sync::Arc;
//! use stratmon_core::store::{MemoryStore, Store};
//!
//! stratmon_core::conformance::run_all(|| async { Arc::new(MemoryStore::new()) as Arc<dyn Store> })
//!     .await?;
//! # Ok::<(), stratmon_core::Error>(())
//! # }).unwrap();
//! ```
//!
//! The factory must return a fresh, empty store on each call. Cases check the
//! raw [`Store`] contract first and then drive the [`crate::Service`] over the
//! store, so a backend that passes behaves exactly like [`crate::store::MemoryStore`].

mod fixture;
mod guarded;
mod plan_cases;
mod service_cases;
mod store_cases;

pub use fixture::Fixture;
pub use guarded::Guarded;
pub use plan_cases::*;
pub use service_cases::*;
pub use store_cases::*;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::audit::AuditEntry;
use crate::error::Result;
use crate::store::{Collection, Record, Store};

/// Everything a store holds, for comparing before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// All records of all collections, ordered by collection and key.
    pub records: Vec<Record>,
    /// The whole audit log.
    pub audit: Vec<AuditEntry>,
}

/// Reads everything `store` holds.
pub async fn snapshot(store: &dyn Store) -> Result<Snapshot> {
    let mut records = Vec::new();
    for collection in Collection::ALL {
        records.extend(store.list(collection, None).await?);
    }
    let audit = store.audit_entries(1, usize::MAX).await?;
    Ok(Snapshot { records, audit })
}

/// A boxed conformance case.
pub type Case = fn(Arc<dyn Store>) -> Pin<Box<dyn Future<Output = Result<()>> + Send>>;

/// The one list of conformance cases. Calls back `$crate::conformance_tests!`
/// with the given arguments followed by every case's name, so the `CASES`
/// table and the per-case tests are expanded from the same list.
#[doc(hidden)]
#[macro_export]
macro_rules! __stratmon_conformance_cases {
    ($($args:tt)*) => {
        $crate::conformance_tests!($($args)*;
            get_of_a_missing_key_is_none,
            a_put_round_trips_body_partition_and_version,
            creating_an_existing_key_conflicts_and_writes_nothing,
            a_stale_version_conflicts_and_writes_nothing,
            a_change_set_is_all_or_nothing,
            puts_in_one_change_set_see_each_other,
            lists_are_ordered_by_key_and_filtered_by_partition,
            collections_do_not_see_each_other,
            an_update_may_move_a_record_to_another_partition,
            large_and_unicode_bodies_round_trip,
            a_key_prefix_lists_one_range,
            odd_bytes_in_keys_and_partitions_stay_exact,
            every_commit_appends_one_linked_audit_entry,
            audit_entries_page_from_a_sequence_number,
            the_audit_head_is_the_newest_entry,
            racing_writers_of_one_version_have_exactly_one_winner,
            concurrent_commits_keep_the_audit_chain_linear,
            a_full_month_goes_through_the_approval_chain,
            a_refused_operation_leaves_the_store_unchanged,
            a_stale_transition_conflicts_and_the_newer_one_wins,
            reopening_keeps_the_approved_revision,
            event_digests_match_the_events_they_digest,
            event_indicators_are_those_linked_to_the_event,
            report_digests_match_the_reports_they_digest,
            the_summary_reads_spending_of_its_month_only,
            annual_plan_digests_match_the_plans_they_digest,
            event_report_revisions_are_those_of_the_asked_events_and_months,
            a_kept_inbox_follows_changes_made_through_another_service,
            reached_points_match_the_report_digests,
            the_summary_counts_control_points_reached_in_earlier_years,
            racing_analysts_cannot_both_accept,
            scope_hides_other_participants_events,
            the_audit_trail_records_who_did_what,
            a_user_goes_from_registration_to_revocation,
            a_dump_restores_here_byte_for_byte,
            a_restore_into_a_non_empty_store_is_refused,
            a_corrupt_dump_is_refused_and_the_target_stays_empty,
            an_empty_dump_restores_to_an_empty_store,
            a_plan_import_commits_whole_and_versions_compare,
        );
    };
}

crate::__stratmon_conformance_cases!(@table);

/// Runs every case, each on a fresh store from `factory`, and stops at the
/// first failure (naming the case).
pub async fn run_all<F, Fut>(factory: F) -> Result<()>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Arc<dyn Store>>,
{
    for (name, case) in CASES {
        case(factory().await).await.map_err(|e| {
            crate::Error::storage("conformance", format!("case `{name}` failed: {e}"))
        })?;
    }
    Ok(())
}

/// Expands to one `#[tokio::test]` per conformance case, each on a fresh store
/// from the factory.
/// The calling crate needs `tokio` with the `macros` and `rt-multi-thread`
/// features.
#[macro_export]
macro_rules! conformance_tests {
    ($factory:expr) => {
        $crate::__stratmon_conformance_cases!(@cases $factory);
    };
    (@table; $($name:ident),* $(,)?) => {
        /// Every case, by name, in the order the suite runs them.
        pub const CASES: &[(&str, $crate::conformance::Case)] = &[
            $((stringify!($name), |store| Box::pin($crate::conformance::$name(store)))),*
        ];
    };
    (@cases $factory:expr; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                let store: std::sync::Arc<dyn $crate::store::Store> = ($factory)().await;
                if let Err(e) = $crate::conformance::$case(store).await {
                    panic!("conformance case `{}` failed: {e}", stringify!($case));
                }
            }
        )*
    };
}
