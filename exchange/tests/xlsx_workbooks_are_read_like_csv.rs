//! An XLSX workbook with the sheets «Мероприятия» and «Показатели», with real
//! date and number cells, reads to the same plan as the CSV files, and its
//! problems name the sheet.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use stratmon_exchange::{plan_from_csv, plan_from_xlsx};

enum Cell<'a> {
    Text(&'a str),
    Date(u16, u8, u8),
    Number(f64),
    Empty,
}
use Cell::{Date, Empty, Number, Text};

fn workbook(sheets: &[(&str, Vec<Vec<Cell<'_>>>)]) -> Vec<u8> {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
                match cell {
                    Text(t) => {
                        sheet.write_string(r, c, *t).unwrap();
                    }
                    Date(y, m, d) => {
                        let value = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        sheet
                            .write_datetime_with_format(r, c, &value, &date)
                            .unwrap();
                    }
                    Number(n) => {
                        sheet.write_number(r, c, *n).unwrap();
                    }
                    Empty => {}
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn events_sheet(end_of_second: Cell<'static>) -> Vec<Vec<Cell<'static>>> {
    vec![
        [
            "Код",
            "Наименование",
            "Направление",
            "Ответственный исполнитель",
            "Соисполнители",
            "Начало",
            "Окончание",
            "Ожидаемый результат",
            "КТ: код",
            "КТ: наименование",
            "КТ: плановая дата",
        ]
        .into_iter()
        .map(Text)
        .collect(),
        vec![
            Text("1.1.1"),
            Text("Строительство жилья в Новокузнецке"),
            Text("G1.1"),
            Text("minstroy"),
            Text("novokuz"),
            Date(2023, 1, 1),
            Date(2030, 12, 31),
            Text("Ввод 2 млн кв. м жилья"),
            Text("KT1"),
            Text("Утверждена проектная документация"),
            Date(2026, 2, 15),
        ],
        vec![
            Text("1.1.1"),
            Empty,
            Empty,
            Empty,
            Empty,
            Empty,
            Empty,
            Empty,
            Text("KT2"),
            Text("Введены первые дома"),
            Date(2027, 12, 1),
        ],
        vec![
            Text("2.1.1"),
            Text("Строительство поликлиники"),
            Text("G1.1"),
            Text("minzdrav"),
            Text("minstroy; novokuz"),
            Date(2026, 1, 1),
            end_of_second,
            Text("Поликлиника на 500 посещений; \"под ключ\""),
            Text("KT1"),
            Text("Заключён контракт"),
            Date(2026, 6, 1),
        ],
    ]
}

fn indicators_sheet() -> Vec<Vec<Cell<'static>>> {
    vec![
        [
            "Код",
            "Наименование",
            "Ед. изм.",
            "Направление",
            "Нарастающим итогом",
            "Мероприятия",
        ]
        .into_iter()
        .map(Text)
        .chain([Number(2026.0), Number(2027.0)])
        .collect(),
        vec![
            Text("IND-1"),
            Text("Ввод жилья"),
            Text("тыс. кв. м"),
            Text("больше — лучше"),
            Text("да"),
            Text("1.1.1"),
            Number(2000.0),
            Number(2200.5),
        ],
        vec![
            Text("IND-2"),
            Text("Время ожидания приёма у врача"),
            Text("дней"),
            Text("меньше — лучше"),
            Text("нет"),
            Text("2.1.1"),
            Number(14.0),
            Number(10.0),
        ],
    ]
}

#[test]
fn a_workbook_reads_to_the_same_plan_as_the_csv_files() {
    let bytes = workbook(&[
        ("Мероприятия", events_sheet(Date(2028, 12, 31))),
        ("Показатели", indicators_sheet()),
    ]);
    let read = plan_from_xlsx("plan.xlsx", &bytes);
    assert!(read.has_events && read.has_indicators);
    assert!(read.draft.problems.is_empty(), "{:?}", read.draft.problems);
    let csv = plan_from_csv(
        Some(("events.csv", include_bytes!("data/events.csv"))),
        Some(("indicators.csv", include_bytes!("data/indicators.csv"))),
    );
    assert_eq!(read.draft.clone().normalized(), csv.draft.normalized());
    let origin = read.draft.events[1].origin.as_ref().unwrap();
    assert_eq!((origin.source.as_str(), origin.row), ("Мероприятия", 4));
}

#[test]
fn a_bad_cell_of_a_sheet_names_the_sheet_row_and_column() {
    let bytes = workbook(&[("Мероприятия", events_sheet(Text("к концу года")))]);
    let read = plan_from_xlsx("plan.xlsx", &bytes);
    assert!(read.has_events && !read.has_indicators);
    let locations: Vec<_> = read.draft.problems.iter().map(|p| p.location()).collect();
    assert_eq!(locations, ["Мероприятия:row 4:«Окончание»"]);
}

#[test]
fn a_workbook_without_the_plan_sheets_is_one_problem() {
    let bytes = workbook(&[("Лист1", vec![vec![Text("Код")]])]);
    let read = plan_from_xlsx("plan.xlsx", &bytes);
    assert_eq!(read.draft.problems.len(), 1);
    assert!(read.draft.problems[0].message.contains("«Мероприятия»"));
}
