//! Validation of what Planners enter. Errors block a submission; warnings
//! (a falling cumulative fact, spending above plan) block it until the field
//! has an explanation. Every problem names its field, and all are reported at
//! once so a form can show them next to the fields.

mod annual;
mod report;

pub use annual::check_annual_plan;
pub use report::{ReportContext, check_report};

use rust_decimal::Decimal;

use crate::error::Problem;

/// Most decimal places an amount of money may have (kopecks).
pub const MONEY_SCALE: u32 = 2;
/// Most decimal places an indicator value may have.
pub const FACT_SCALE: u32 = 6;

pub(crate) fn check_amount(problems: &mut Vec<Problem>, field: &str, value: Decimal) {
    if value.is_sign_negative() && !value.is_zero() {
        problems.push(Problem::error(field, format!("`{value}` is negative")));
    }
    if value.normalize().scale() > MONEY_SCALE {
        problems.push(Problem::error(
            field,
            format!("`{value}` has more than {MONEY_SCALE} decimal places"),
        ));
    }
}

/// Drops warnings whose field has a non-blank explanation.
pub(crate) fn without_explained(
    problems: Vec<Problem>,
    explanations: &std::collections::BTreeMap<String, String>,
) -> Vec<Problem> {
    problems
        .into_iter()
        .filter(|p| {
            p.severity == crate::error::Severity::Error
                || explanations
                    .get(&p.field)
                    .is_none_or(|e| e.trim().is_empty())
        })
        .collect()
}

pub(crate) fn check_explanations(
    problems: &mut Vec<Problem>,
    explanations: &std::collections::BTreeMap<String, String>,
) {
    use crate::model::{MAX_LONG_TEXT, check_text};
    if explanations.len() > 500 {
        problems.push(Problem::error("explanations", "at most 500 explanations"));
    }
    for (field, text) in explanations {
        if field.chars().count() > 200 {
            problems.push(Problem::error(
                "explanations",
                "a field name is longer than 200 characters",
            ));
        }
        check_text(
            problems,
            &format!("explanations.{field}"),
            text,
            false,
            MAX_LONG_TEXT,
        );
    }
}
