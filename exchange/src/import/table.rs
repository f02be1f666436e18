//! A table of text cells as read from a CSV file or a sheet, with its header.

use std::collections::BTreeMap;

use stratmon_core::plan::PlanProblem;

/// The cells of one file or sheet: the first row is the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// File or sheet name, for problems.
    pub name: String,
    /// Rows of trimmed text cells, the header first.
    pub rows: Vec<Vec<String>>,
    /// The row number of the header as the user sees it: 1 in a CSV file,
    /// lower in a sheet whose table starts further down.
    pub first_row: u32,
}

impl Table {
    /// A table from the rows of a file or sheet whose first row is row
    /// `first_row`. Rows above the header — a title, the act's requisites —
    /// are skipped: the header is the first of the top 20 rows with a «Код»
    /// cell (the first row when none has one).
    pub fn new(name: impl Into<String>, mut rows: Vec<Vec<String>>, first_row: u32) -> Self {
        let header = rows
            .iter()
            .take(20)
            .position(|r| r.iter().any(|c| normalize_header(c) == "код"))
            .unwrap_or(0);
        rows.drain(..header);
        Self {
            name: name.into(),
            rows,
            first_row: first_row.saturating_add(u32::try_from(header).unwrap_or(0)),
        }
    }
}

/// The columns a table reader knows, found in a table's header.
#[derive(Debug)]
pub(crate) struct Columns {
    /// Column index by field name.
    index: BTreeMap<&'static str, usize>,
    /// The header as written in the file, by column index.
    pub(crate) headers: Vec<String>,
}

/// Lowercase, single spaces, `ё` as `е`, dashes unified: headers match
/// however Excel or a typist wrote them.
pub(crate) fn normalize_header(h: &str) -> String {
    h.trim()
        .to_lowercase()
        .replace('ё', "е")
        .replace(['–', '—'], "-")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Columns {
    /// Finds `known` (field name, header) columns in the header row. Unknown
    /// headers and missing `required` fields are problems on row 1;
    /// `extra(header)` may claim further columns (the indicators' years).
    pub(crate) fn find(
        table: &Table,
        known: &[(&'static str, &str)],
        required: &[&'static str],
        mut extra: impl FnMut(usize, &str) -> bool,
        problems: &mut Vec<PlanProblem>,
    ) -> Self {
        let headers: Vec<String> = table.rows.first().cloned().unwrap_or_default();
        let mut index = BTreeMap::new();
        for (i, header) in headers.iter().enumerate() {
            let h = normalize_header(header);
            if h.is_empty() {
                continue;
            }
            match known.iter().find(|(_, k)| normalize_header(k) == h) {
                Some((field, _)) => {
                    if index.insert(*field, i).is_some() {
                        problems.push(PlanProblem::at_cell(
                            table.name.clone(),
                            table.first_row,
                            Some(header.clone()),
                            *field,
                            "the column appears twice",
                        ));
                    }
                }
                None if extra(i, &h) => {}
                None => problems.push(PlanProblem::at_cell(
                    table.name.clone(),
                    table.first_row,
                    Some(header.clone()),
                    "",
                    "unknown column; see the file layout in the import guide",
                )),
            }
        }
        for field in required {
            if !index.contains_key(field) {
                let wanted = known
                    .iter()
                    .find(|(f, _)| f == field)
                    .map_or(*field, |(_, h)| *h);
                problems.push(PlanProblem::at_cell(
                    table.name.clone(),
                    table.first_row,
                    None,
                    *field,
                    format!("the column «{wanted}» is missing"),
                ));
            }
        }
        Self { index, headers }
    }

    /// The cell of `field` in `row` ("" when the column or cell is absent).
    pub(crate) fn cell<'r>(&self, row: &'r [String], field: &str) -> &'r str {
        self.index
            .get(field)
            .and_then(|i| row.get(*i))
            .map_or("", |s| s.as_str())
    }

    /// The header of `field` as written in the file.
    pub(crate) fn header(&self, field: &str) -> Option<String> {
        self.index
            .get(field)
            .and_then(|i| self.headers.get(*i))
            .cloned()
    }

    /// Header of every present field among `fields`, for an item's origin.
    pub(crate) fn origin_columns(&self, fields: &[&str]) -> BTreeMap<String, String> {
        fields
            .iter()
            .filter_map(|f| self.header(f).map(|h| ((*f).to_owned(), h)))
            .collect()
    }
}

/// Data rows with their numbers as a spreadsheet shows them, blank rows
/// skipped.
pub(crate) fn data_rows(table: &Table) -> impl Iterator<Item = (u32, &Vec<String>)> {
    table
        .rows
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, r)| {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            (table.first_row.saturating_add(i), r)
        })
}
