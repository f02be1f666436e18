//! The Russian words the exports use for the core's states and statuses.

use stratmon_core::model::{Direction, FundingSource};
use stratmon_core::report::ReportState;
use stratmon_core::status::{EventStatus, TrafficLight};
use stratmon_core::summary::Timeliness;

/// Month names in the genitive-free form used after «за».
pub const MONTHS_NAMED: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// Headers of the monthly increment columns.
pub const MONTHS_INCREMENT: [&str; 12] = [
    "Прирост: январь",
    "Прирост: февраль",
    "Прирост: март",
    "Прирост: апрель",
    "Прирост: май",
    "Прирост: июнь",
    "Прирост: июль",
    "Прирост: август",
    "Прирост: сентябрь",
    "Прирост: октябрь",
    "Прирост: ноябрь",
    "Прирост: декабрь",
];

/// An event's derived status.
pub fn event_status(status: EventStatus) -> &'static str {
    match status {
        EventStatus::Done => "выполнено",
        EventStatus::DoneLate => "выполнено с нарушением срока",
        EventStatus::Overdue => "просрочено",
        EventStatus::InProgress => "в работе",
    }
}

/// A report's state.
pub fn report_state(state: ReportState) -> &'static str {
    match state {
        ReportState::Draft => "черновик",
        ReportState::Submitted => "на проверке у аналитика",
        ReportState::Accepted => "на утверждении у руководителя",
        ReportState::Approved => "утверждён",
        ReportState::Returned => "возвращён на доработку",
    }
}

/// When the month's report came.
pub fn timeliness(timeliness: Timeliness) -> &'static str {
    match timeliness {
        Timeliness::OnTime => "в срок",
        Timeliness::Late => "с опозданием",
        Timeliness::Missing => "не представлен",
    }
}

/// A traffic light.
pub fn light(light: TrafficLight) -> &'static str {
    match light {
        TrafficLight::Green => "зелёный",
        TrafficLight::Yellow => "жёлтый",
        TrafficLight::Red => "красный",
    }
}

/// Whether more or less is better.
pub fn direction(direction: Direction) -> &'static str {
    match direction {
        Direction::Increase => "больше — лучше",
        Direction::Decrease => "меньше — лучше",
    }
}

/// A funding source.
pub fn funding_source(source: FundingSource) -> &'static str {
    match source {
        FundingSource::Federal => "федеральный бюджет",
        FundingSource::Regional => "областной бюджет",
        FundingSource::Municipal => "местный бюджет",
        FundingSource::Extrabudgetary => "внебюджетные источники",
    }
}
