//! Listing by key prefix, an index range scan here, returns exactly what
//! filtering the whole collection by the prefix returns, whatever characters
//! the keys hold.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use std::collections::BTreeSet;

use proptest::prelude::*;
use stratmon_core::store::{ChangeSet, Collection, Expect, Put, Store};
use stratmon_sqlite::{Durability, Options, SqliteStore};

/// Characters around the edges of UTF-8 and of the range arithmetic.
const ALPHABET: &[char] = &[
    'a',
    'b',
    '/',
    '0',
    '\u{0}',
    'я',
    '\u{7F}',
    '\u{80}',
    '\u{D7FF}',
    '\u{E000}',
    '\u{FFFF}',
    '\u{10000}',
    '\u{10FFFF}',
];

fn key() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(ALPHABET), 0..5)
        .prop_map(|chars| chars.into_iter().collect())
}

async fn check(keys: BTreeSet<String>, prefixes: Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_with(
        dir.path().join("store.sqlite"),
        Options::new().durability(Durability::Normal),
    )
    .unwrap();
    // Events hold every key too, and must not leak into the reports' ranges.
    let puts = keys
        .iter()
        .flat_map(|k| [Collection::MonthlyReport, Collection::Event].map(|c| (c, k)))
        .map(|(collection, k)| Put {
            collection,
            key: k.clone(),
            partition: String::new(),
            expect: Expect::Absent,
            body: "{}".into(),
        })
        .collect();
    store
        .commit(ChangeSet {
            puts,
            audit: support::draft("tester", "test.write", "test", "keys", 1),
        })
        .await
        .unwrap();
    let all = store.list(Collection::MonthlyReport, None).await.unwrap();
    for prefix in prefixes.iter().chain(keys.iter()) {
        let expected: Vec<&str> = all
            .iter()
            .map(|r| r.key.as_str())
            .filter(|k| k.starts_with(prefix.as_str()))
            .collect();
        let got = store
            .list_prefix(Collection::MonthlyReport, prefix)
            .await
            .unwrap();
        let got: Vec<&str> = got.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(got, expected, "prefix {prefix:?}");
        assert!(
            store
                .list_prefix(Collection::AnnualPlan, prefix)
                .await
                .unwrap()
                .is_empty()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_prefix_lists_exactly_the_keys_that_start_with_it(
        keys in proptest::collection::btree_set(key(), 0..30),
        prefixes in proptest::collection::vec(key(), 0..10),
    ) {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(check(keys, prefixes));
    }
}
