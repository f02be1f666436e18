//! Every bad cell is reported with its file, row, column and reason; no
//! input, however broken, makes the reader panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use proptest::prelude::*;
use stratmon_exchange::{plan_from_csv, plan_from_xlsx};

const EVENTS_BAD: &[u8] = include_bytes!("data/events_bad.csv");
const INDICATORS_BAD: &[u8] = include_bytes!("data/indicators_bad.csv");

fn listed(problems: &[stratmon_core::plan::PlanProblem]) -> Vec<String> {
    problems
        .iter()
        .map(|p| format!("{} | {}", p.location(), p.message))
        .collect()
}

#[test]
fn each_bad_cell_of_the_events_file_is_listed_with_its_reason() {
    let draft = plan_from_csv(Some(("events.csv", EVENTS_BAD)), None).draft;
    assert_eq!(
        listed(&draft.problems),
        [
            "events.csv:row 3:«Ответственный исполнитель» | `минздрав` contains `м`; use latin letters, digits, `.`, `-`, `_`",
            "events.csv:row 3:«Окончание» | `31.13.2028` is not a date; write ДД.ММ.ГГГГ",
            "events.csv:row 3:«КТ: плановая дата» | must not be empty when the row has a control point",
            "events.csv:row 7:«Направление» | differs from row 6 of the same event; leave event columns empty on rows of further control points",
        ]
    );
    // What could be read is kept, so the core can check the rest.
    let ids: Vec<_> = draft.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["1.1.1", "2.1.2", "2.1.3"]);
    assert_eq!(draft.events[2].control_points.len(), 2);
}

#[test]
fn each_bad_cell_of_the_indicators_file_is_listed_with_its_reason() {
    let draft = plan_from_csv(None, Some(("indicators.csv", INDICATORS_BAD))).draft;
    assert_eq!(
        listed(&draft.problems),
        [
            "indicators.csv:row 1:«Примечание» | unknown column; see the file layout in the import guide",
            "indicators.csv:row 2:«Направление» | `вверх` is neither «больше — лучше» nor «меньше — лучше»",
            "indicators.csv:row 2:«Нарастающим итогом» | `может быть` is neither «да» nor «нет»",
            "indicators.csv:row 2:«2026» | `две тысячи` is not a number",
        ]
    );
    assert!(draft.indicators.is_empty());
}

#[test]
fn missing_columns_empty_files_and_other_encodings_are_problems() {
    let missing = plan_from_csv(
        Some(("events.csv", "Код;Наименование\n1;x\n".as_bytes())),
        None,
    );
    let messages: Vec<_> = missing
        .draft
        .problems
        .iter()
        .map(|p| p.message.as_str())
        .collect();
    assert!(
        messages.contains(&"the column «Направление» is missing"),
        "{messages:?}"
    );
    assert!(messages.contains(&"the column «Окончание» is missing"));

    let empty = plan_from_csv(Some(("events.csv", b"")), None).draft;
    assert_eq!(empty.problems[0].location(), "events.csv");
    let cp1251 = plan_from_csv(Some(("events.csv", b"\xca\xee\xe4;x\n")), None).draft;
    assert!(cp1251.problems[0].message.contains("not UTF-8"));
    let not_xlsx = plan_from_xlsx("plan.xlsx", b"PK\x03\x04 not really a zip").draft;
    assert!(
        not_xlsx.problems[0]
            .message
            .contains("cannot read the workbook")
    );
}

proptest! {
    #[test]
    fn any_bytes_as_csv_give_a_draft_or_problems(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = plan_from_csv(Some(("events.csv", &bytes)), Some(("indicators.csv", &bytes)));
    }

    #[test]
    fn any_text_as_csv_give_a_draft_or_problems(
        text in "(Код|Начало|Окончание|КТ: код|2026|[;,\"\\n]|[0-9.]{1,12}|[a-zа-я ]{0,8}){0,60}"
    ) {
        let _ = plan_from_csv(Some(("events.csv", text.as_bytes())), Some(("indicators.csv", text.as_bytes())));
    }

    #[test]
    fn any_bytes_as_xlsx_give_problems(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let read = plan_from_xlsx("plan.xlsx", &bytes);
        prop_assert!(!read.draft.problems.is_empty());
    }
}
