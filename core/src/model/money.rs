//! Funding sources of expenditures.

use serde::{Deserialize, Serialize};

/// Where money for an event comes from (the budget levels of the Russian
/// budget system plus extrabudgetary funds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FundingSource {
    /// Федеральный бюджет.
    Federal,
    /// Областной бюджет.
    Regional,
    /// Местный бюджет.
    Municipal,
    /// Внебюджетные источники.
    Extrabudgetary,
}

impl FundingSource {
    /// Every source, in display order.
    pub const ALL: [FundingSource; 4] = [
        FundingSource::Federal,
        FundingSource::Regional,
        FundingSource::Municipal,
        FundingSource::Extrabudgetary,
    ];

    /// The stable code used in field paths and files.
    pub fn code(self) -> &'static str {
        match self {
            FundingSource::Federal => "federal",
            FundingSource::Regional => "regional",
            FundingSource::Municipal => "municipal",
            FundingSource::Extrabudgetary => "extrabudgetary",
        }
    }
}
