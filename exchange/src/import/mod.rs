//! Reading a plan draft from government tables: the events table (one row
//! per event, further rows for more control points) and the indicators table
//! (one row per indicator, a column per plan year). Every bad cell becomes a
//! [`PlanProblem`] naming the file or sheet, the row as the user sees it and
//! the column header; nothing here panics on any input.

mod cells;
mod csv_file;
mod events;
mod indicators;
mod table;
mod xlsx_file;

pub use csv_file::read_csv;
pub use events::events_from_table;
pub use indicators::indicators_from_table;
pub use table::Table;
pub use xlsx_file::{EVENTS_SHEET, INDICATORS_SHEET, plan_from_xlsx};

use stratmon_core::plan::{PlanDraft, PlanProblem};

/// A plan as read from files: the draft, and which of its two tables the
/// files held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadPlan {
    /// The events and indicators read, and every reading problem.
    pub draft: PlanDraft,
    /// Whether an events table was present.
    pub has_events: bool,
    /// Whether an indicators table was present.
    pub has_indicators: bool,
}

impl ReadPlan {
    /// The full intended plan: what was read, and for a table the files did
    /// not hold, that part of `current` unchanged.
    pub fn over(self, current: PlanDraft) -> PlanDraft {
        PlanDraft {
            events: if self.has_events {
                self.draft.events
            } else {
                current.events
            },
            indicators: if self.has_indicators {
                self.draft.indicators
            } else {
                current.indicators
            },
            problems: self.draft.problems,
        }
    }
}

/// Reads a plan from CSV files: the events file and the indicators file,
/// either of which may be absent. Each is `(file name, bytes)`; the name only
/// labels problems. Reading problems travel in [`PlanDraft::problems`].
pub fn plan_from_csv(events: Option<(&str, &[u8])>, indicators: Option<(&str, &[u8])>) -> ReadPlan {
    let mut out = ReadPlan {
        has_events: events.is_some(),
        has_indicators: indicators.is_some(),
        ..ReadPlan::default()
    };
    let draft = &mut out.draft;
    if let Some((name, bytes)) = events {
        match read_csv(name, bytes) {
            Ok(table) => {
                let (items, problems) = events_from_table(&table);
                draft.events = items;
                draft.problems.extend(problems);
            }
            Err(p) => draft.problems.push(p),
        }
    }
    if let Some((name, bytes)) = indicators {
        match read_csv(name, bytes) {
            Ok(table) => {
                let (items, problems) = indicators_from_table(&table);
                draft.indicators = items;
                draft.problems.extend(problems);
            }
            Err(p) => draft.problems.push(p),
        }
    }
    out
}

/// A problem with a whole file (unreadable, no header row).
fn file_problem(name: &str, message: impl Into<String>) -> PlanProblem {
    PlanProblem {
        source: Some(name.to_owned()),
        row: None,
        column: None,
        field: String::new(),
        message: message.into(),
    }
}
