//! Bounded text fields: every free-text field has a limit so that a pasted
//! novel cannot bloat the store or the consolidated report.

use crate::error::Problem;

/// Limit for names, titles, positions.
pub const MAX_SHORT_TEXT: usize = 500;
/// Limit for progress descriptions, expected results, explanations, comments.
pub const MAX_LONG_TEXT: usize = 10_000;

/// Adds a problem to `problems` when `value` is blank (if `required`) or longer
/// than `max` characters.
pub fn check_text(
    problems: &mut Vec<Problem>,
    field: &str,
    value: &str,
    required: bool,
    max: usize,
) {
    if required && value.trim().is_empty() {
        problems.push(Problem::error(field, "must not be empty"));
    }
    let len = value.chars().count();
    if len > max {
        problems.push(Problem::error(
            field,
            format!("is {len} characters long; at most {max} allowed"),
        ));
    }
}
