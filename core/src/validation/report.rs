//! Monthly report checks.

use chrono::NaiveDate;

use super::{FACT_SCALE, check_amount, check_explanations, without_explained};
use crate::calendar::ReportingPeriod;
use crate::error::Problem;
use crate::model::{AnnualPlanContent, Event, Indicator, MAX_LONG_TEXT, ReportContent, check_text};

/// What a report is checked against.
#[derive(Debug, Clone, Copy)]
pub struct ReportContext<'a> {
    /// The event reported on (its control points).
    pub event: &'a Event,
    /// The indicators linked to the event: their facts are required.
    pub indicators: &'a [Indicator],
    /// The reporting month.
    pub period: ReportingPeriod,
    /// The latest report of the previous month of the same year, if any.
    pub previous: Option<&'a ReportContent>,
    /// The approved annual plan for the year, if any.
    pub plan: Option<&'a AnnualPlanContent>,
    /// Today in the region.
    pub today: NaiveDate,
}

/// Every problem with `content`. With `for_submit`, required facts and progress
/// are checked too and explained warnings are dropped; a draft save reports
/// everything, so the form can show what is still missing.
pub fn check_report(
    content: &ReportContent,
    ctx: &ReportContext<'_>,
    for_submit: bool,
) -> Vec<Problem> {
    let mut p = Vec::new();
    check_text(
        &mut p,
        "progress",
        &content.progress,
        for_submit,
        MAX_LONG_TEXT,
    );
    check_explanations(&mut p, &content.explanations);

    for (cp, actual) in &content.control_points {
        let field = format!("control_points.{cp}");
        if ctx.event.card.control_point(cp).is_none() {
            p.push(Problem::error(
                &field,
                format!("`{cp}` is not a control point of this event"),
            ));
        }
        if *actual > ctx.today {
            p.push(Problem::error(
                &field,
                format!("`{actual}` is in the future"),
            ));
        }
    }

    for (id, fact) in &content.indicator_facts {
        let field = format!("indicator_facts.{id}");
        let Some(indicator) = ctx.indicators.iter().find(|i| &i.id == id) else {
            p.push(Problem::error(
                &field,
                format!("`{id}` is not an indicator of this event"),
            ));
            continue;
        };
        if fact.normalize().scale() > FACT_SCALE {
            p.push(Problem::error(
                &field,
                format!("`{fact}` has more than {FACT_SCALE} decimal places"),
            ));
        }
        let earlier = ctx.previous.and_then(|prev| prev.indicator_facts.get(id));
        if let Some(earlier) = earlier {
            if indicator.fields.cumulative && fact < earlier {
                p.push(Problem::warning(
                    &field,
                    format!("year-to-date fact `{fact}` is below last month's `{earlier}`"),
                ));
            }
        }
    }
    if for_submit {
        for indicator in ctx.indicators {
            if !content.indicator_facts.contains_key(&indicator.id) {
                p.push(Problem::error(
                    format!("indicator_facts.{}", indicator.id),
                    format!(
                        "a fact for `{}` is required for {}",
                        indicator.id, ctx.period
                    ),
                ));
            }
        }
    }

    let planned = ctx
        .plan
        .map(AnnualPlanContent::planned_by_source)
        .unwrap_or_default();
    for (source, amount) in &content.expenditures {
        let field = format!("expenditures.{}", source.code());
        check_amount(&mut p, &field, *amount);
        if let Some(earlier) = ctx.previous.and_then(|prev| prev.expenditures.get(source)) {
            if amount < earlier {
                p.push(Problem::warning(
                    &field,
                    format!(
                        "year-to-date expenditure `{amount}` is below last month's `{earlier}`"
                    ),
                ));
            }
        }
        let plan = planned.get(source).copied().unwrap_or_default();
        if *amount > plan {
            p.push(Problem::warning(
                &field,
                format!("year-to-date expenditure `{amount}` is above the annual plan `{plan}`"),
            ));
        }
    }

    if for_submit {
        without_explained(p, &content.explanations)
    } else {
        p
    }
}
