//! The Russian words of the pages: roles, tasks, actions, field names, and
//! the core's English problem messages put into Russian.
//!
//! The core speaks English to programs; people read Russian. Known message
//! shapes are translated here; an unknown one is shown as the core wrote it
//! rather than hidden.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use stratmon_core::access::Operation;
use stratmon_core::model::Role;
use stratmon_core::report::{Action, ReportState};
use stratmon_core::status::InboxTask;

pub use stratmon_exchange::export::words::{
    MONTHS_NAMED, event_status, funding_source, report_state,
};

/// A role as the decree names it.
pub fn role(role: Role) -> &'static str {
    match role {
        Role::Planner => "Плановик",
        Role::Analyst => "Аналитик",
        Role::Head => "Руководитель",
        Role::Coordinator => "Координатор",
        Role::Admin => "Администратор",
    }
}

/// What an inbox task asks for.
pub fn task(task: InboxTask) -> &'static str {
    match task {
        InboxTask::FillReport => "Заполнить и направить отчёт",
        InboxTask::FixReport => "Доработать возвращённый отчёт",
        InboxTask::CheckReport => "Проверить отчёт",
        InboxTask::ApproveReport => "Утвердить отчёт",
        InboxTask::FillAnnualPlan => "Заполнить план работ на год",
        InboxTask::FixAnnualPlan => "Доработать план работ на год",
        InboxTask::CheckAnnualPlan => "Проверить план работ на год",
        InboxTask::ApproveAnnualPlan => "Утвердить план работ на год",
        InboxTask::ProcessRequest => "Рассмотреть заявку",
    }
}

/// What an audit entry's action code means, for the journal page: every
/// operation (an exhaustive match, so a new one cannot be forgotten) and the
/// sign-in events; an unknown code is shown as recorded.
pub fn audit_action(code: &str) -> &str {
    if let Some(op) = Operation::ALL.iter().find(|op| op.as_str() == code) {
        return operation(*op);
    }
    match code {
        "auth.login" => "Вход в систему",
        "auth.login_failed" => "Неудачная попытка входа",
        "auth.login_refused" => "Вход отклонён",
        "auth.logout" => "Выход из системы",
        "auth.password_changed" => "Смена пароля",
        "system.initialize" => "Начальная настройка системы",
        other => other,
    }
}

/// An operation in a few words.
fn operation(op: Operation) -> &'static str {
    use Operation as O;
    match op {
        O::CreateParticipant => "Добавление участника",
        O::UpdateParticipantSettings => "Изменение настроек участника",
        O::ListParticipants => "Просмотр участников",
        O::CreateStrategyNode => "Добавление элемента стратегии",
        O::ListStrategy => "Просмотр стратегии",
        O::SetCalendarYear => "Изменение производственного календаря",
        O::ReadCalendar => "Просмотр производственного календаря",
        O::OpenWindowExtension => "Продление срока подачи",
        O::ListWindowExtensions => "Просмотр продлений сроков",
        O::CreateUser => "Создание пользователя",
        O::UpdateUserRoles => "Изменение ролей пользователя",
        O::RevokeUser => "Отзыв доступа пользователя",
        O::ListUsers => "Просмотр пользователей",
        O::CreateEvent => "Добавление мероприятия",
        O::AmendEvent => "Изменение мероприятия",
        O::ListEvents => "Просмотр мероприятий",
        O::ReadEvent => "Просмотр мероприятия",
        O::UpdateEventCard => "Изменение карточки мероприятия",
        O::CreateIndicator => "Добавление показателя",
        O::UpdateIndicator => "Изменение показателя",
        O::ListIndicators => "Просмотр показателей",
        O::ReadIndicator => "Просмотр показателя",
        O::ImportPlan => "Загрузка плана мероприятий",
        O::ListPlanVersions => "Просмотр редакций плана",
        O::DiffPlan => "Сравнение редакций плана",
        O::ReadReport => "Просмотр отчёта",
        O::SaveReport => "Сохранение отчёта",
        O::SubmitReport => "Направление отчёта на проверку",
        O::AcceptReport => "Принятие отчёта",
        O::ApproveReport => "Утверждение отчёта",
        O::ReturnReport => "Возврат отчёта на доработку",
        O::ReopenReport => "Новая редакция отчёта",
        O::ReadAnnualPlan => "Просмотр плана работ на год",
        O::SaveAnnualPlan => "Сохранение плана работ на год",
        O::SubmitAnnualPlan => "Направление плана работ на проверку",
        O::AcceptAnnualPlan => "Принятие плана работ",
        O::ApproveAnnualPlan => "Утверждение плана работ",
        O::ReturnAnnualPlan => "Возврат плана работ на доработку",
        O::ReopenAnnualPlan => "Новая редакция плана работ",
        O::FileRequest => "Регистрация заявки",
        O::ListRequests => "Просмотр заявок",
        O::DecideRequest => "Решение по заявке",
        O::CloseParticipant => "Закрытие участника",
        O::UnlockLogin => "Разблокировка входа",
        O::CreateDelegation => "Передача полномочий",
        O::ListDelegations => "Просмотр передачи полномочий",
        O::ReadInbox => "Просмотр входящих",
        O::ReadAudit => "Просмотр журнала",
        O::VerifyAudit => "Проверка целостности журнала",
        O::ReadSummary => "Просмотр сводного отчёта",
    }
}

/// The button label of an action.
pub fn action(action: Action) -> &'static str {
    match action {
        Action::Submit => "Направить на проверку",
        Action::Accept => "Принять",
        Action::Approve => "Утвердить",
        Action::Return => "Вернуть на доработку",
        Action::Reopen => "Открыть новую редакцию",
    }
}

/// An action as the history records it, in the past tense.
pub fn done(action: Action) -> &'static str {
    match action {
        Action::Submit => "направлен на проверку",
        Action::Accept => "принят",
        Action::Approve => "утверждён",
        Action::Return => "возвращён на доработку",
        Action::Reopen => "открыта новая редакция",
    }
}

/// An action named by the core's wire word (`accept`, …).
pub fn action_name(word: &str) -> String {
    Action::ALL
        .into_iter()
        .find(|a| a.to_string() == word)
        .map_or_else(|| word.to_owned(), |a| action(a).to_owned())
}

/// A state named by the core's wire word (`draft`, …).
pub fn state_name(word: &str) -> String {
    [
        ReportState::Draft,
        ReportState::Submitted,
        ReportState::Accepted,
        ReportState::Approved,
        ReportState::Returned,
    ]
    .into_iter()
    .find(|s| s.to_string() == word)
    .map_or_else(|| word.to_owned(), |s| report_state(s).to_owned())
}

/// The kind of object the core names in a not-found error.
pub fn object(kind: &str) -> &str {
    match kind {
        "event" => "мероприятие",
        "report" => "отчёт",
        "annual plan" | "annual_plan" => "план работ",
        "indicator" => "показатель",
        "participant" => "участник",
        "user" => "пользователь",
        "request" => "заявка",
        "action" => "действие",
        other => other,
    }
}

/// A field path of a problem, as a person would name the field.
pub fn field(path: &str) -> String {
    let (head, rest) = path.split_once('.').unwrap_or((path, ""));
    let name = match head {
        "progress" => "Ход исполнения",
        "control_points" => "Контрольная точка",
        "indicator_facts" => "Показатель",
        "expenditures" => "Расходы",
        "explanations" => "Пояснение",
        "password" => "Пароль",
        "comment" => "Комментарий",
        "reason" => "Причина",
        "works" => "Работы",
        "full_name" => "ФИО",
        "position" => "Должность",
        "until" => "Срок",
        _ => return path.to_owned(),
    };
    if rest.is_empty() {
        name.to_owned()
    } else {
        format!("{name} {rest}")
    }
}

/// The text between the first pair of backticks of `s`, and what follows.
fn quoted(s: &str) -> Option<(&str, &str)> {
    let start = s.find('`')? + 1;
    let len = s[start..].find('`')?;
    Some((&s[start..start + len], &s[start + len + 1..]))
}

/// A core problem message in Russian, where its shape is known.
pub fn problem(message: &str) -> String {
    let m = message.trim();
    if m == "must not be empty" {
        return "не заполнено".into();
    }
    if m.starts_with("year-to-date fact")
        && let Some((fact, rest)) = quoted(m)
        && let Some((earlier, _)) = quoted(rest)
    {
        return format!(
            "значение нарастающим итогом {fact} меньше прошлого месяца ({earlier}); нужно пояснение"
        );
    }
    if m.starts_with("year-to-date expenditure")
        && let Some((amount, rest)) = quoted(m)
        && let Some((other, _)) = quoted(rest)
    {
        return if m.contains("above the annual plan") {
            format!("расходы {amount} больше годового плана {other}; нужно пояснение")
        } else {
            format!(
                "расходы нарастающим итогом {amount} меньше прошлого месяца ({other}); нужно пояснение"
            )
        };
    }
    if m.starts_with("a fact for") {
        return "нужно значение показателя за этот месяц".into();
    }
    if let Some((value, rest)) = quoted(m) {
        let rest = rest.trim();
        if rest == "is in the future" {
            return format!("дата {value} ещё не наступила");
        }
        if rest.starts_with("is not a date") {
            return format!("«{value}» не дата; пишите ДД.ММ.ГГГГ");
        }
        if rest == "is not a number" {
            return format!("«{value}» не число");
        }
        if rest == "is negative" {
            return format!("значение {value} отрицательное");
        }
        if rest.starts_with("has more than") {
            return format!("у значения {value} слишком много знаков после запятой");
        }
        if rest.starts_with("is not an indicator") {
            return format!("{value} не относится к этому мероприятию");
        }
        if rest.starts_with("is not a control point") {
            return format!("{value} не контрольная точка этого мероприятия");
        }
    }
    if let Some(rest) = m.strip_prefix("is ")
        && let Some((len, _)) = rest.split_once(" characters long")
    {
        return format!("слишком длинный текст ({len} знаков)");
    }
    if let Some(column) = m
        .strip_prefix("the column ")
        .and_then(|c| c.strip_suffix(" is missing"))
    {
        return format!("нет столбца {column}");
    }
    if m.contains("must differ from the last five passwords") {
        return "пароль должен отличаться от пяти предыдущих".into();
    }
    if m.contains("the current password is wrong") {
        return "текущий пароль введён неверно".into();
    }
    if let Some(until) = m.strip_prefix("try again after ") {
        return format!("повторите попытку после {until}");
    }
    m.to_owned()
}

/// `dd.mm.yyyy`, as dates are written in Russian documents.
pub fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// «октябрь 2026».
pub fn month(year: i32, month: u32) -> String {
    let name = usize::try_from(month)
        .ok()
        .and_then(|m| m.checked_sub(1))
        .and_then(|i| MONTHS_NAMED.get(i))
        .copied()
        .unwrap_or("?");
    format!("{name} {year}")
}

/// A number with a decimal comma and thin spaces between thousands.
pub fn number(value: Decimal) -> String {
    let text = value.normalize().to_string();
    let (sign, digits) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |d| ("-", d));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('\u{202f}');
        }
        grouped.push(c);
    }
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{fraction}")
    }
}

/// A number as an input field shows and takes it back: a decimal comma, no
/// grouping.
pub fn input_number(value: Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}

/// Percent-encodes `s` for a query string.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(char::from(b));
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_audited_action_reads_in_russian_and_an_unknown_code_as_recorded() {
        for op in Operation::ALL {
            let name = audit_action(op.as_str());
            assert_ne!(name, op.as_str(), "{op:?}");
            assert!(name.chars().any(|c| ('а'..='я').contains(&c)), "{name}");
        }
        assert_eq!(audit_action("auth.login"), "Вход в систему");
        assert_eq!(
            audit_action("report.submit"),
            "Направление отчёта на проверку"
        );
        assert_eq!(audit_action("something.new"), "something.new");
    }

    #[test]
    fn numbers_are_written_the_russian_way() {
        assert_eq!(number(Decimal::new(12345678, 2)), "123\u{202f}456,78");
        assert_eq!(number(Decimal::new(-1000, 0)), "-1\u{202f}000");
        assert_eq!(input_number(Decimal::new(15, 1)), "1,5");
    }

    #[test]
    fn known_problem_messages_read_in_russian_and_unknown_ones_pass_through() {
        assert_eq!(problem("must not be empty"), "не заполнено");
        assert_eq!(
            problem("year-to-date fact `45` is below last month's `50`"),
            "значение нарастающим итогом 45 меньше прошлого месяца (50); нужно пояснение"
        );
        assert_eq!(
            problem("`2027-01-01` is in the future"),
            "дата 2027-01-01 ещё не наступила"
        );
        assert_eq!(
            problem("`31.13.2028` is not a date; write ДД.ММ.ГГГГ"),
            "«31.13.2028» не дата; пишите ДД.ММ.ГГГГ"
        );
        assert_eq!(
            problem("the column «Окончание» is missing"),
            "нет столбца «Окончание»"
        );
        assert_eq!(problem("something new"), "something new");
    }

    #[test]
    fn a_return_path_is_encoded_for_the_query_string() {
        assert_eq!(
            url_encode("/events?text=а б"),
            "/events%3Ftext%3D%D0%B0%20%D0%B1"
        );
    }
}
