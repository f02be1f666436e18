//! CSV as Excel in a Russian locale reads it: UTF-8 with a byte-order mark,
//! `;` between fields, decimal commas, CRLF line ends.

use std::io::Write;

use stratmon_core::summary::ConsolidatedReport;

use super::{Cell, Section, table};
use crate::Result;

const BOM: &[u8] = "\u{feff}".as_bytes();

/// Quotes a field when it holds a separator, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn decimal_comma(value: rust_decimal::Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}

fn cell(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => field(t),
        Cell::Number(n) => decimal_comma(*n),
        // A share as a number, 0,95: Excel formats it, a script reads it.
        Cell::Share(s) => decimal_comma(*s),
        Cell::Count(c) => c.to_string(),
        Cell::Empty => String::new(),
    }
}

/// Writes one section as CSV, row by row, to `out`.
///
/// # Errors
///
/// An I/O error of `out`.
pub fn write_csv(report: &ConsolidatedReport, section: Section, mut out: impl Write) -> Result<()> {
    let table = table(report, section);
    out.write_all(BOM)?;
    let header: Vec<String> = table.headers.iter().map(|h| field(h)).collect();
    out.write_all(header.join(";").as_bytes())?;
    out.write_all(b"\r\n")?;
    for row in &table.rows {
        let line: Vec<String> = row.iter().map(cell).collect();
        out.write_all(line.join(";").as_bytes())?;
        out.write_all(b"\r\n")?;
    }
    out.flush()?;
    Ok(())
}
