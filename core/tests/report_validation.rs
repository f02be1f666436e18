//! Validation of report content: errors block, warnings need explanations,
//! every problem names its field, and a refused save writes nothing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use common::*;
use proptest::prelude::*;
use rust_decimal::Decimal;
use stratmon_core::conformance::{Fixture, snapshot};
use stratmon_core::model::{FundingSource, MAX_LONG_TEXT, ReportContent};
use stratmon_core::{ErrorKind, Severity};

fn fields(err: &stratmon_core::Error) -> Vec<String> {
    err.problems().iter().map(|p| p.field.clone()).collect()
}

async fn save(f: &Fixture, content: ReportContent) -> stratmon_core::Result<u64> {
    let current = f
        .service
        .get_report(&f.planner, &f.event, f.period)
        .await
        .map(|r| r.version)
        .unwrap_or(0);
    f.service
        .save_report(&f.planner, &f.event, f.period, current, content)
        .await
        .map(|o| o.saved.version)
}

#[tokio::test]
async fn a_submission_without_the_required_fact_names_the_indicator() {
    let f = fixture().await;
    let mut content = f.valid_content();
    content.indicator_facts.clear();
    let v = save(&f, content).await.unwrap();
    let err = f
        .service
        .submit_report(&f.planner, &f.event, f.period, v)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(fields(&err), ["indicator_facts.IND-1"]);
}

#[tokio::test]
async fn a_draft_may_be_incomplete_and_the_save_says_what_is_missing() {
    let f = fixture().await;
    let outcome = f
        .service
        .save_report(&f.planner, &f.event, f.period, 0, ReportContent::default())
        .await
        .unwrap();
    let missing: Vec<&str> = outcome.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(missing, ["progress", "indicator_facts.IND-1"]);
}

#[tokio::test]
async fn every_error_in_a_save_is_listed_at_once_and_nothing_is_written() {
    let f = fixture().await;
    let before = snapshot(&**f.service.store()).await.unwrap();
    let content = ReportContent {
        progress: "ж".repeat(MAX_LONG_TEXT + 1),
        control_points: [
            ("KT9".parse().unwrap(), date(2026, 2, 1)),
            ("KT1".parse().unwrap(), date(2026, 4, 1)),
        ]
        .into(),
        indicator_facts: [
            ("IND-404".parse().unwrap(), Decimal::ONE),
            ("IND-1".parse().unwrap(), Decimal::new(1, 9)),
        ]
        .into(),
        expenditures: [
            (FundingSource::Federal, Decimal::new(-5, 0)),
            (FundingSource::Regional, Decimal::new(1001, 3)),
        ]
        .into(),
        explanations: Default::default(),
    };
    let err = save(&f, content).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    let mut got = fields(&err);
    got.sort();
    let mut want = vec![
        "progress",
        "control_points.KT1",
        "control_points.KT9",
        "indicator_facts.IND-404",
        "indicator_facts.IND-1",
        "expenditures.federal",
        "expenditures.regional",
    ];
    want.sort();
    assert_eq!(got, want, "{err}");
    assert!(err.problems().iter().all(|p| p.severity == Severity::Error));
    assert_eq!(snapshot(&**f.service.store()).await.unwrap(), before);
}

#[tokio::test]
async fn a_falling_cumulative_fact_needs_an_explanation() {
    let f = fixture().await;
    let january = stratmon_core::calendar::ReportingPeriod::new(2026, 1).unwrap();
    let mut jan = f.valid_content();
    jan.control_points.clear();
    jan.indicator_facts
        .insert(f.indicator.clone(), Decimal::new(500, 0));
    let v = f
        .service
        .save_report(&f.planner, &f.event, january, 0, jan)
        .await
        .unwrap()
        .saved
        .version;
    f.service
        .submit_report(&f.planner, &f.event, january, v)
        .await
        .unwrap();

    let mut feb = f.valid_content();
    feb.indicator_facts
        .insert(f.indicator.clone(), Decimal::new(400, 0));
    let v = save(&f, feb.clone()).await.unwrap();
    let err = f
        .service
        .submit_report(&f.planner, &f.event, f.period, v)
        .await
        .unwrap_err();
    assert_eq!(fields(&err), ["indicator_facts.IND-1"]);
    assert_eq!(err.problems()[0].severity, Severity::Warning);
    assert!(
        err.problems()[0].message.contains("below last month"),
        "{err}"
    );

    feb.explanations.insert(
        "indicator_facts.IND-1".into(),
        "Уточнены данные статистики за январь".into(),
    );
    let v = save(&f, feb).await.unwrap();
    assert!(
        f.service
            .submit_report(&f.planner, &f.event, f.period, v)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn spending_above_the_annual_plan_needs_an_explanation() {
    let f = fixture().await;
    approved_plan(&f, 2026).await; // 1 500 000 from the regional budget
    let mut content = f.valid_content();
    content
        .expenditures
        .insert(FundingSource::Regional, Decimal::new(1_600_000, 0));
    let v = save(&f, content.clone()).await.unwrap();
    let err = f
        .service
        .submit_report(&f.planner, &f.event, f.period, v)
        .await
        .unwrap_err();
    assert_eq!(fields(&err), ["expenditures.regional"]);
    content.explanations.insert(
        "expenditures.regional".into(),
        "Дополнительное соглашение № 3".into(),
    );
    let v = save(&f, content).await.unwrap();
    assert!(
        f.service
            .submit_report(&f.planner, &f.event, f.period, v)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn an_explanation_does_not_excuse_an_error() {
    let f = fixture().await;
    let mut content = f.valid_content();
    content
        .expenditures
        .insert(FundingSource::Federal, Decimal::new(-1, 0));
    content
        .explanations
        .insert("expenditures.federal".into(), "Возврат".into());
    let err = save(&f, content).await.unwrap_err();
    assert_eq!(fields(&err), ["expenditures.federal"]);
}

#[tokio::test]
async fn a_returned_report_may_be_edited_but_a_submitted_one_may_not() {
    let f = fixture().await;
    let v = f.submitted_report().await.unwrap();
    let err = f
        .service
        .save_report(&f.planner, &f.event, f.period, v, f.valid_content())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidTransition);
    let returned = f
        .service
        .return_report(&f.analyst, &f.event, f.period, v, "Исправьте")
        .await
        .unwrap();
    assert!(
        f.service
            .save_report(
                &f.planner,
                &f.event,
                f.period,
                returned.version,
                f.valid_content()
            )
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn annual_plan_errors_name_the_work_and_field() {
    let f = fixture().await;
    let mut content = plan_content(2026);
    content.works[0].control_date = date(2027, 1, 15);
    content.works[0].title = " ".into();
    content.works[0]
        .planned
        .insert(FundingSource::Federal, Decimal::new(-1, 0));
    let err = f
        .service
        .save_annual_plan(&f.planner, &f.event, 2026, 0, content)
        .await
        .unwrap_err();
    let mut got = fields(&err);
    got.sort();
    assert_eq!(
        got,
        [
            "works[0].control_date",
            "works[0].planned.federal",
            "works[0].title"
        ]
    );
    let empty = f
        .service
        .save_annual_plan(&f.planner, &f.event, 2026, 0, Default::default())
        .await
        .unwrap();
    assert_eq!(empty.problems[0].field, "works");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any amount: negative or sub-kopeck amounts are refused naming the
    /// source; valid ones are saved exactly.
    #[test]
    fn expenditures_are_refused_exactly_when_negative_or_finer_than_kopecks(
        units in -1_000_000_000i64..1_000_000_000,
        scale in 0u32..5,
    ) {
        let amount = Decimal::new(units, scale);
        let bad = amount < Decimal::ZERO || amount.normalize().scale() > 2;
        walk_runtime().block_on(async {
            let f = fixture().await;
            let mut content = f.valid_content();
            content.expenditures.insert(FundingSource::Municipal, amount);
            match save(&f, content).await {
                Ok(_) => {
                    prop_assert!(!bad, "{} was accepted", amount);
                    let stored = f.service.get_report(&f.planner, &f.event, f.period).await.unwrap();
                    prop_assert_eq!(stored.content.expenditures[&FundingSource::Municipal], amount);
                }
                Err(e) => {
                    prop_assert!(bad, "{} was refused: {}", amount, e);
                    let fields = fields(&e);
                    prop_assert!(!fields.is_empty() && fields.iter().all(|f| f == "expenditures.municipal"), "{:?}", fields);
                }
            }
            Ok(())
        })?;
    }

    /// Text of any length and content: over the limit is refused naming the
    /// field, anything else round-trips byte for byte.
    #[test]
    fn progress_text_round_trips_or_is_refused_for_length(text in ".{0,40}", extra in 0usize..3) {
        let text = if extra == 2 { format!("{text}{}", "я".repeat(MAX_LONG_TEXT)) } else { text };
        let too_long = text.chars().count() > MAX_LONG_TEXT;
        walk_runtime().block_on(async {
            let f = fixture().await;
            let mut content = f.valid_content();
            content.progress = text.clone();
            match save(&f, content).await {
                Ok(_) => {
                    prop_assert!(!too_long);
                    let stored = f.service.get_report(&f.planner, &f.event, f.period).await.unwrap();
                    prop_assert_eq!(stored.content.progress, text);
                }
                Err(e) => {
                    prop_assert!(too_long, "refused: {}", e);
                    prop_assert_eq!(fields(&e), vec!["progress".to_string()]);
                }
            }
            Ok(())
        })?;
    }

    /// Actual dates: in the future is an error, today or earlier is fine.
    #[test]
    fn control_point_dates_may_not_be_in_the_future(offset in -400i64..400) {
        walk_runtime().block_on(async {
            let f = fixture().await;
            let today = f.service.today();
            let actual = today + chrono::Duration::days(offset);
            let mut content = f.valid_content();
            content.control_points.insert(f.control_point.clone(), actual);
            let result = save(&f, content).await;
            prop_assert_eq!(result.is_err(), offset > 0, "{:?}", result);
            Ok(())
        })?;
    }
}
