//! Reading typed values from text cells, the way Russian tables write them.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A date as `ДД.ММ.ГГГГ` (also `Д.М.ГГГГ`) or ISO `ГГГГ-ММ-ДД`.
pub(crate) fn date(cell: &str) -> Result<NaiveDate, String> {
    let s = cell.trim();
    // An ISO date with a time part, as spreadsheet readers sometimes give it.
    let s = s.split_once([' ', 'T']).map_or(s, |(d, _)| d);
    NaiveDate::parse_from_str(s, "%d.%m.%Y")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
        .map_err(|_| format!("`{cell}` is not a date; write ДД.ММ.ГГГГ"))
}

/// A number with `,` or `.` as the decimal mark and spaces between thousands.
pub(crate) fn decimal(cell: &str) -> Result<Decimal, String> {
    let s: String = cell
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    Decimal::from_str(&s)
        .or_else(|_| Decimal::from_scientific(&s))
        .map_err(|_| format!("`{cell}` is not a number"))
}

/// «да» / «нет» (also `1`/`0`, `true`/`false`, `+`/`-`).
pub(crate) fn yes_no(cell: &str) -> Result<bool, String> {
    match cell.trim().to_lowercase().as_str() {
        "да" | "1" | "true" | "истина" | "+" | "yes" => Ok(true),
        "нет" | "0" | "false" | "ложь" | "-" | "no" | "" => Ok(false),
        _ => Err(format!("`{cell}` is neither «да» nor «нет»")),
    }
}

/// Codes separated by commas, semicolons or spaces.
pub(crate) fn codes(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([',', ';', ' ', '\n', '\t'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

/// An identifier, with the core's own reason when it is malformed.
pub(crate) fn id<T: FromStr<Err = stratmon_core::Error>>(cell: &str) -> Result<T, String> {
    cell.trim().parse::<T>().map_err(|e| {
        e.problems()
            .first()
            .map_or_else(|| e.to_string(), |p| p.message.clone())
    })
}
