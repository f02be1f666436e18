//! How the changes between two plans read on a page: events and indicators
//! added, changed field by field (under the column headers of the plan
//! tables), and excluded. Shared by the import check and the comparison of
//! versions.

use maud::{Markup, html};
use serde_json::Value;
use stratmon_core::plan::{EventDraft, FieldChange, IndicatorDraft, PlanDiff};

use crate::web::words;

/// A field path of the plan diff as the tables' column headers name it.
fn field_label(path: &str) -> String {
    let known = |name: &str| -> Option<&'static str> {
        Some(match name {
            "title" => "Наименование",
            "direction" => "Направление",
            "responsible" => "Ответственный исполнитель",
            "co_executors" => "Соисполнители",
            "period.start" => "Начало",
            "period.end" => "Окончание",
            "expected_result" => "Ожидаемый результат",
            "control_points" => "Порядок контрольных точек",
            "name" => "Наименование",
            "unit" => "Единица измерения",
            "cumulative" => "Нарастающим итогом",
            "events" => "Мероприятия",
            _ => return None,
        })
    };
    if let Some(label) = known(path) {
        return label.to_owned();
    }
    if let Some(rest) = path.strip_prefix("control_points.") {
        return match rest.rsplit_once('.') {
            Some((cp, "title")) => format!("КТ {cp}: наименование"),
            Some((cp, "planned")) => format!("КТ {cp}: плановая дата"),
            _ => format!("КТ {rest}"),
        };
    }
    if let Some(year) = path.strip_prefix("plan.") {
        return format!("План на {year}");
    }
    path.to_owned()
}

/// A diff value as a person reads it: text without quotes, dates the
/// Russian way, lists joined, nothing as a dash.
fn value_text(value: &Value) -> String {
    match value {
        Value::Null => "—".to_owned(),
        Value::Bool(true) => "да".to_owned(),
        Value::Bool(false) => "нет".to_owned(),
        Value::String(s) => {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_or_else(|_| s.clone(), words::date)
        }
        Value::Number(n) => n.to_string().replace('.', ","),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(", "),
        Value::Object(map) => map.values().map(value_text).collect::<Vec<_>>().join(", "),
    }
}

fn changes_table(fields: &[FieldChange]) -> Markup {
    html! {
        div.scroll { table.list {
            thead { tr { th scope="col" { "Поле" } th scope="col" { "Было" } th scope="col" { "Стало" } } }
            tbody { @for f in fields {
                tr { td { (field_label(&f.field)) } td { (value_text(&f.old)) } td { (value_text(&f.new)) } }
            } }
        } }
    }
}

fn events_table(events: &[EventDraft]) -> Markup {
    html! {
        div.scroll { table.list {
            thead { tr { th scope="col" { "Код" } th scope="col" { "Наименование" } th scope="col" { "Ответственный исполнитель" } th scope="col" { "Срок" } } }
            tbody { @for e in events {
                tr {
                    td.code { (e.id) }
                    td { (e.title) }
                    td { (e.responsible) }
                    td.nowrap { (words::date(e.period.start)) " – " (words::date(e.period.end)) }
                }
            } }
        } }
    }
}

fn indicators_table(indicators: &[IndicatorDraft]) -> Markup {
    html! {
        div.scroll { table.list {
            thead { tr { th scope="col" { "Код" } th scope="col" { "Наименование" } th scope="col" { "Единица" } } }
            tbody { @for i in indicators {
                tr { td.code { (i.id) } td { (i.name) } td { (i.unit) } }
            } }
        } }
    }
}

/// What changes between two plans, part by part.
pub fn diff_markup(diff: &PlanDiff) -> Markup {
    html! {
        @if diff.is_empty() {
            p.empty { "Изменений нет." }
        }
        @if !diff.events_added.is_empty() {
            h3 { "Мероприятия добавлены: " (diff.events_added.len()) }
            (events_table(&diff.events_added))
        }
        @if !diff.events_changed.is_empty() {
            h3 { "Мероприятия изменены: " (diff.events_changed.len()) }
            @for e in &diff.events_changed {
                h4 { span.code { (e.id) } " " (e.after.title) }
                (changes_table(&e.fields))
            }
        }
        @if !diff.events_removed.is_empty() {
            h3 { "Мероприятия исключены: " (diff.events_removed.len()) }
            (events_table(&diff.events_removed))
        }
        @if !diff.indicators_added.is_empty() {
            h3 { "Показатели добавлены: " (diff.indicators_added.len()) }
            (indicators_table(&diff.indicators_added))
        }
        @if !diff.indicators_changed.is_empty() {
            h3 { "Показатели изменены: " (diff.indicators_changed.len()) }
            @for i in &diff.indicators_changed {
                h4 { span.code { (i.id) } " " (i.after.name) }
                (changes_table(&i.fields))
            }
        }
        @if !diff.indicators_removed.is_empty() {
            h3 { "Показатели исключены: " (diff.indicators_removed.len()) }
            (indicators_table(&diff.indicators_removed))
        }
    }
}
