//! A problem with a plan draft, addressed the way the user finds it: by
//! file or sheet, row and column when the draft was read from a file, by
//! field path otherwise.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::draft::Origin;
use crate::error::Problem;

/// One bad row or cell of a plan draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanProblem {
    /// The file or sheet, when read from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Row number as a spreadsheet shows it (header = 1), when read from a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// Column header, when the problem is with one cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Path of the field in the draft, e.g. `events.1.2.period.end`.
    pub field: String,
    /// Why, lowercase, no final period.
    pub message: String,
}

impl PlanProblem {
    /// A problem with a field of a draft built in code (no file position).
    pub fn at_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            source: None,
            row: None,
            column: None,
            field: field.into(),
            message: message.into(),
        }
    }

    /// A problem with one cell of a file.
    pub fn at_cell(
        source: impl Into<String>,
        row: u32,
        column: Option<String>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            source: Some(source.into()),
            row: Some(row),
            column,
            field: field.into(),
            message: message.into(),
        }
    }

    /// A problem with `field` (a name in `origin.columns`) of an item whose
    /// path in the draft is `item`, located in the file when `origin` is known.
    pub(crate) fn located(
        origin: Option<&Origin>,
        item: &str,
        field: &str,
        message: impl Into<String>,
    ) -> Self {
        let path = if field.is_empty() {
            item.to_owned()
        } else {
            format!("{item}.{field}")
        };
        match origin {
            Some(o) => Self::at_cell(
                o.source.clone(),
                o.row,
                o.columns.get(field).cloned(),
                path,
                message,
            ),
            None => Self::at_field(path, message),
        }
    }

    /// Where the problem is, as one string: `events.csv:row 7:«Окончание»`
    /// for a cell, `events.csv:row 7` for a row, `events.csv` for a whole file,
    /// the field path otherwise.
    pub fn location(&self) -> String {
        match (&self.source, self.row, &self.column) {
            (Some(s), Some(r), Some(c)) => format!("{s}:row {r}:«{c}»"),
            (Some(s), Some(r), None) => format!("{s}:row {r}"),
            (Some(s), None, _) if self.field.is_empty() => s.clone(),
            (Some(s), None, _) => format!("{s}:{}", self.field),
            _ => self.field.clone(),
        }
    }

    /// As a core validation problem whose field is [`PlanProblem::location`].
    pub fn to_problem(&self) -> Problem {
        Problem::error(self.location(), self.message.clone())
    }
}

impl fmt::Display for PlanProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)
    }
}
