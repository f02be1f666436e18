#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! The SVG charts are well-formed documents with one bar per group and
//! escaped text.

mod common;

use stratmon_exchange::export::charts::{achievement_by_direction, reporting_discipline};

#[test]
fn achievement_by_direction_draws_one_bar_per_top_level_direction_with_its_average() {
    let svg = achievement_by_direction(&common::summary(), &common::strategy());
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.ends_with("</svg>"));
    assert_eq!(svg.matches("<rect").count(), 1, "{svg}");
    // I1: 40 of 120.
    assert!(svg.contains("33.3 %"), "{svg}");
    assert!(svg.contains("Сводный отчёт за март 2026 г."));
}

#[test]
fn reporting_discipline_splits_each_participants_reports_and_escapes_names() {
    let svg = reporting_discipline(&common::summary());
    assert!(svg.contains("Министерство строительства Кузбасса"));
    assert!(svg.contains("в срок: 2"), "{svg}");
    assert!(svg.contains("2/2"));
    let strategy_svg = achievement_by_direction(&common::summary(), &common::strategy());
    assert!(!strategy_svg.contains("<школы>"));
}
