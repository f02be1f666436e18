//! Target indicators of the strategy.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::ids::{EventId, IndicatorId};
use super::text::{MAX_SHORT_TEXT, check_text};
use crate::error::Problem;

/// Whether more or less of the indicator is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// More is better: achievement = fact / plan.
    Increase,
    /// Less is better: achievement = plan / fact.
    Decrease,
}

/// What the Coordinator sets for an indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IndicatorFields {
    /// Наименование.
    pub name: String,
    /// Единица измерения (ОКЕИ name), e.g. «процент».
    pub unit: String,
    /// Increase or decrease is better.
    pub direction: Direction,
    /// Facts are reported year-to-date and may not fall month to month.
    pub cumulative: bool,
    /// Plan value per year.
    #[serde(default)]
    pub plan: BTreeMap<i32, Decimal>,
    /// Events whose reports carry this indicator's facts.
    #[serde(default)]
    pub events: BTreeSet<EventId>,
    /// Excluded from the plan by an amending act; kept for history, no
    /// longer reported.
    #[serde(default)]
    pub excluded: bool,
}

impl IndicatorFields {
    /// Lists every problem with the fields.
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Vec::new();
        check_text(&mut p, "name", &self.name, true, MAX_SHORT_TEXT);
        check_text(&mut p, "unit", &self.unit, true, 100);
        for year in self.plan.keys() {
            if !(2000..=2100).contains(year) {
                p.push(Problem::error(
                    format!("plan.{year}"),
                    "year must be between 2000 and 2100",
                ));
            }
        }
        p
    }
}

/// A target indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Indicator {
    /// Code.
    pub id: IndicatorId,
    /// Definition and plan values.
    pub fields: IndicatorFields,
    /// Storage version.
    #[serde(default)]
    pub version: u64,
}
