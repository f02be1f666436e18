//! Indicator achievement and its traffic light.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::{Direction, Thresholds};

/// Colour of an achievement against the participant's thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrafficLight {
    /// At or above the green threshold.
    Green,
    /// Between yellow and green.
    Yellow,
    /// Below yellow.
    Red,
}

/// How far an indicator's fact is from its plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Achievement {
    /// fact / plan (or plan / fact where less is better), rounded to 4 places;
    /// `None` when the divisor is zero.
    pub ratio: Option<Decimal>,
    /// Colour.
    pub light: TrafficLight,
}

/// Achievement of `fact` against `plan`. A zero divisor counts as achieved
/// when the fact is no worse than the plan (e.g. a plan of zero accidents
/// with zero accidents), otherwise as missed.
pub fn achievement(
    direction: Direction,
    plan: Decimal,
    fact: Decimal,
    thresholds: Thresholds,
) -> Achievement {
    let (num, den) = match direction {
        Direction::Increase => (fact, plan),
        Direction::Decrease => (plan, fact),
    };
    if den.is_zero() {
        let achieved = match direction {
            Direction::Increase => fact >= plan,
            Direction::Decrease => fact <= plan,
        };
        return Achievement {
            ratio: None,
            light: if achieved {
                TrafficLight::Green
            } else {
                TrafficLight::Red
            },
        };
    }
    let ratio = num.checked_div(den).map(|r| r.round_dp(4));
    let light = match ratio {
        Some(r) if r >= thresholds.green => TrafficLight::Green,
        Some(r) if r >= thresholds.yellow => TrafficLight::Yellow,
        _ => TrafficLight::Red,
    };
    Achievement { ratio, light }
}
