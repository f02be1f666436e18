//! Annual plan checks.

use chrono::Datelike;

use super::{check_amount, check_explanations, without_explained};
use crate::error::Problem;
use crate::model::{AnnualPlanContent, EventPeriod, MAX_SHORT_TEXT, check_text};

/// Most works an annual plan may list.
pub const MAX_WORKS: usize = 500;

/// Every problem with an annual plan for `year` of an event running over
/// `period`. With `for_submit`, at least one work is required and explained
/// warnings are dropped.
pub fn check_annual_plan(
    content: &AnnualPlanContent,
    year: i32,
    period: EventPeriod,
    for_submit: bool,
) -> Vec<Problem> {
    let mut p = Vec::new();
    check_explanations(&mut p, &content.explanations);
    if content.works.len() > MAX_WORKS {
        p.push(Problem::error(
            "works",
            format!("at most {MAX_WORKS} works"),
        ));
    }
    if for_submit && content.works.is_empty() {
        p.push(Problem::error("works", "at least one work is required"));
    }
    for (i, work) in content.works.iter().enumerate() {
        check_text(
            &mut p,
            &format!("works[{i}].title"),
            &work.title,
            true,
            MAX_SHORT_TEXT,
        );
        let field = format!("works[{i}].control_date");
        if work.control_date.year() != year {
            p.push(Problem::error(
                &field,
                format!("`{}` is outside the plan year {year}", work.control_date),
            ));
        } else if work.control_date < period.start || work.control_date > period.end {
            p.push(Problem::warning(
                &field,
                format!(
                    "`{}` is outside the event period {} – {}",
                    work.control_date, period.start, period.end
                ),
            ));
        }
        for (source, amount) in &work.planned {
            check_amount(
                &mut p,
                &format!("works[{i}].planned.{}", source.code()),
                *amount,
            );
        }
    }
    if for_submit {
        without_explained(p, &content.explanations)
    } else {
        p
    }
}
