#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! CSV for Excel in a Russian locale: BOM, `;`, decimal commas, quoted
//! fields where needed, one row per line of the section.

mod common;

use stratmon_exchange::export::{Section, write_csv};

fn csv(section: Section) -> String {
    let mut out = Vec::new();
    write_csv(&common::summary(), section, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_file_starts_with_a_bom_and_separates_fields_with_semicolons() {
    let text = csv(Section::Events);
    assert!(text.starts_with('\u{feff}'));
    let header = text.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert_eq!(
        header,
        "Код;Мероприятие;Ответственный исполнитель;Направление;Статус;Отчёт за месяц;Своевременность"
    );
    assert!(text.ends_with("\r\n"));
}

#[test]
fn every_event_is_one_row_and_fields_with_separators_are_quoted() {
    let text = csv(Section::Events);
    let rows: Vec<&str> = text.lines().skip(1).collect();
    let summary = common::summary();
    assert_eq!(rows.len(), summary.event_lines.len());
    assert!(
        rows.iter()
            .any(|r| r.contains("\"Строительство; ремонт \"\"школ\"\"\"")),
        "{text}"
    );
}

#[test]
fn decimals_use_commas_and_shares_stay_numbers() {
    let text = csv(Section::Spending);
    assert!(
        text.contains(";0,25\r\n") || text.contains(";0,25"),
        "{text}"
    );
    let indicators = csv(Section::Indicators);
    assert!(indicators.contains("0,3333"), "{indicators}");
}
