//! The consolidated report as an Excel workbook: a title sheet with the
//! totals and one sheet per section, with Russian headers, a frozen header
//! row, column widths, number formats and traffic-light colours.

use std::io::Write;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, ConditionalFormatText, ConditionalFormatTextRule, Format, FormatAlign, Workbook,
    Worksheet,
};
use stratmon_core::summary::ConsolidatedReport;

use super::{Cell, Section, generated_line, table, title, words};
use crate::Result;

/// Rows above a section's header: the title and the generation line.
const HEADER_ROW: u32 = 3;

struct Formats {
    title: Format,
    note: Format,
    header: Format,
    number: Format,
    share: Format,
    count: Format,
    text: Format,
}

impl Formats {
    fn new() -> Self {
        Self {
            title: Format::new().set_bold().set_font_size(14),
            note: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x55_55_55)),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xDD_EB_F7))
                .set_border(rust_xlsxwriter::FormatBorder::Thin),
            number: Format::new().set_num_format("# ##0.00"),
            share: Format::new().set_num_format("0.0%"),
            count: Format::new().set_num_format("0"),
            text: Format::new().set_text_wrap(),
        }
    }
}

/// A column's width from its header and values, within sensible bounds.
fn width(header: &str, rows: &[Vec<Cell>], column: usize) -> f64 {
    let longest = rows
        .iter()
        .filter_map(|r| match r.get(column) {
            Some(Cell::Text(t)) => Some(t.chars().count()),
            Some(Cell::Number(_) | Cell::Share(_) | Cell::Count(_)) => Some(10),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let header = header.chars().count().min(24);
    f64::from(
        u32::try_from(longest.max(header) + 2)
            .unwrap_or(60)
            .clamp(6, 60),
    )
}

fn write_cell(sheet: &mut Worksheet, row: u32, col: u16, cell: &Cell, f: &Formats) -> Result<()> {
    match cell {
        Cell::Text(t) => {
            sheet.write_string_with_format(row, col, t, &f.text)?;
        }
        Cell::Number(n) => {
            sheet.write_number_with_format(row, col, n.to_f64().unwrap_or(0.0), &f.number)?;
        }
        Cell::Share(s) => {
            sheet.write_number_with_format(row, col, s.to_f64().unwrap_or(0.0), &f.share)?;
        }
        Cell::Count(c) => {
            sheet.write_number_with_format(row, col, *c, &f.count)?;
        }
        Cell::Empty => {}
    }
    Ok(())
}

fn heading(
    sheet: &mut Worksheet,
    report: &ConsolidatedReport,
    generated: &str,
    f: &Formats,
) -> Result<()> {
    sheet.write_string_with_format(0, 0, title(report), &f.title)?;
    sheet.write_string_with_format(1, 0, generated, &f.note)?;
    Ok(())
}

/// Colours the cells of `column` holding a traffic light's word.
fn traffic_lights(sheet: &mut Worksheet, first: u32, last: u32, column: u16) -> Result<()> {
    for (word, colour) in [
        (
            words::light(stratmon_core::status::TrafficLight::Green),
            0xC6_EF_CE,
        ),
        (
            words::light(stratmon_core::status::TrafficLight::Yellow),
            0xFF_EB_9C,
        ),
        (
            words::light(stratmon_core::status::TrafficLight::Red),
            0xFF_C7_CE,
        ),
    ] {
        let rule = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::Contains(word.to_owned()))
            .set_format(Format::new().set_background_color(Color::RGB(colour)));
        sheet.add_conditional_format(first, column, last, column, &rule)?;
    }
    Ok(())
}

fn section_sheet(
    workbook: &mut Workbook,
    report: &ConsolidatedReport,
    section: Section,
    generated: &str,
    f: &Formats,
) -> Result<()> {
    let table = table(report, section);
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(section.title())?;
    heading(sheet, report, generated, f)?;
    for (col, header) in table.headers.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        sheet.set_column_width(col, width(header, &table.rows, usize::from(col)))?;
        sheet.write_string_with_format(HEADER_ROW, col, *header, &f.header)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    let mut row = HEADER_ROW;
    for cells in &table.rows {
        row += 1;
        for (col, cell) in cells.iter().enumerate() {
            write_cell(sheet, row, u16::try_from(col).unwrap_or(u16::MAX), cell, f)?;
        }
    }
    if section == Section::Indicators && row > HEADER_ROW {
        let light = table
            .headers
            .iter()
            .position(|h| *h == "Оценка")
            .unwrap_or(7);
        traffic_lights(
            sheet,
            HEADER_ROW + 1,
            row,
            u16::try_from(light).unwrap_or(7),
        )?;
    }
    Ok(())
}

fn totals_sheet(
    workbook: &mut Workbook,
    report: &ConsolidatedReport,
    generated: &str,
    f: &Formats,
) -> Result<()> {
    let sheet = workbook.add_worksheet();
    sheet.set_name("Сводка")?;
    heading(sheet, report, generated, f)?;
    sheet.set_column_width(0, 44)?;
    sheet.set_column_width(1, 12)?;
    let (e, r) = (report.events, report.reports);
    let rows: [(&str, u32); 13] = [
        ("Мероприятий", e.total),
        ("Выполнено", e.done),
        ("Выполнено с нарушением срока", e.done_late),
        ("В работе", e.in_progress),
        ("Просрочено", e.overdue),
        ("Отчётов за месяц ожидается", r.expected),
        ("Утверждено", r.approved),
        ("На проверке", r.in_check),
        ("Возвращено на доработку", r.returned),
        ("Черновики", r.draft),
        ("Представлено в срок", r.on_time),
        ("Представлено с опозданием", r.late),
        ("Не представлено", r.missing),
    ];
    sheet.write_string_with_format(HEADER_ROW, 0, "Показатель", &f.header)?;
    sheet.write_string_with_format(HEADER_ROW, 1, "Значение", &f.header)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    for (i, (label, value)) in rows.iter().enumerate() {
        let row = HEADER_ROW + 1 + u32::try_from(i).unwrap_or(0);
        sheet.write_string(row, 0, *label)?;
        sheet.write_number_with_format(row, 1, *value, &f.count)?;
    }
    Ok(())
}

/// Writes the workbook to `out`: «Сводка» with the totals, then
/// «Участники», «Мероприятия», «Показатели», «Расходы». Section sheets are
/// written in constant-memory mode: rows go to temporary files as they are
/// added, so a large region does not sit in memory.
///
/// # Errors
///
/// The workbook cannot be built or `out` refuses the bytes.
pub fn write_xlsx(
    report: &ConsolidatedReport,
    generated_at: DateTime<Utc>,
    zone: Tz,
    out: impl Write + Send,
) -> Result<()> {
    let formats = Formats::new();
    let generated = generated_line(report, generated_at, zone);
    let mut workbook = Workbook::new();
    totals_sheet(&mut workbook, report, &generated, &formats)?;
    for section in Section::ALL {
        section_sheet(&mut workbook, report, section, &generated, &formats)?;
    }
    workbook.save_to_writer(out)?;
    Ok(())
}
