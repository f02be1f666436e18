//! CSV files as Excel writes them: UTF-8 with or without a BOM, `;` in a
//! Russian locale and `,` elsewhere.

use stratmon_core::plan::PlanProblem;

use super::file_problem;
use super::table::Table;

/// The delimiter of a CSV file: whichever of `;` and `,` occurs more often
/// outside quotes in its header line (the first line naming «Код», else the
/// first line).
fn delimiter(text: &str) -> u8 {
    let header = text
        .split('\n')
        .take(20)
        .find(|line| line.to_lowercase().contains("код"))
        .unwrap_or(text);
    let mut quoted = false;
    let (mut semicolons, mut commas) = (0usize, 0usize);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ';' if !quoted => semicolons += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if semicolons >= commas { b';' } else { b',' }
}

/// Reads a CSV file into a [`Table`]. A file that is not UTF-8 or has no
/// header row is one problem for the whole file.
pub fn read_csv(name: &str, bytes: &[u8]) -> Result<Table, PlanProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        file_problem(
            name,
            format!(
                "the file is not UTF-8 text (byte {}); save it as «CSV UTF-8»",
                e.valid_up_to()
            ),
        )
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = Vec::new();
    // The reader skips blank lines, but a spreadsheet shows them as rows:
    // keep them as empty rows so row numbers match what the user sees.
    let mut next_line: u64 = 1;
    for record in reader.records() {
        let record = record.map_err(|e| file_problem(name, format!("cannot read CSV: {e}")))?;
        // A record's position is where the reader started on it, blank lines
        // before it included: skip those.
        let line = record.position().map_or(next_line, |p| {
            let start = usize::try_from(p.byte()).unwrap_or(usize::MAX);
            let blank = text
                .as_bytes()
                .get(start..)
                .unwrap_or_default()
                .iter()
                .take_while(|b| matches!(b, b'\n' | b'\r'))
                .filter(|b| **b == b'\n')
                .count();
            p.line().saturating_add(u64::try_from(blank).unwrap_or(0))
        });
        for _ in next_line..line {
            rows.push(Vec::new());
        }
        let inner_newlines: usize = record.iter().map(|c| c.matches('\n').count()).sum();
        next_line = line
            .saturating_add(1)
            .saturating_add(u64::try_from(inner_newlines).unwrap_or(0));
        rows.push(record.iter().map(|c| c.trim().to_owned()).collect());
    }
    if rows.is_empty() {
        return Err(file_problem(
            name,
            "the file is empty; the first row must be the header",
        ));
    }
    Ok(Table::new(name, rows, 1))
}
