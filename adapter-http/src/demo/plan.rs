//! The plan of the demo region: the strategy tree, the events with their
//! cards (filled by the Planners) and the indicators with plan values to 2035.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use stratmon_core::model::{
    ControlPoint, EventCard, EventPeriod, IndicatorFields, PlanFields, ResponsiblePerson,
    StrategyNode,
};
use stratmon_core::{Actor, Result};

use super::region::{self, POINTS, STRATEGY};
use super::reports::{self, Staff, Tracked};
use super::{Demo, Sim, date};

/// Creates the strategy, events and indicators (the Coordinator, as the plan
/// is adopted in December 2022), has the Planners fill the event cards in
/// January 2023, and returns the events whose participants report.
pub(super) async fn adopt(
    sim: &Sim,
    coordinator: &Actor,
    staff: &BTreeMap<&'static str, Staff>,
    demo: &mut Demo,
) -> Result<Vec<Tracked>> {
    sim.set(sim.at(date(2022, 12, 27)?, 10));
    for (id, kind, title, parent) in STRATEGY {
        sim.service
            .create_strategy_node(
                coordinator,
                StrategyNode {
                    id: id.parse()?,
                    kind: *kind,
                    title: (*title).into(),
                    parent: parent.map(str::parse).transpose()?,
                    version: 0,
                },
            )
            .await?;
    }
    let events = region::events();
    for event in &events {
        sim.service
            .create_event(
                coordinator,
                event.id.parse()?,
                PlanFields {
                    title: event.title.clone(),
                    direction: event.direction.parse()?,
                    responsible: event.responsible.parse()?,
                    co_executors: event.co.iter().map(|c| c.parse()).collect::<Result<_>>()?,
                    period: EventPeriod {
                        start: date(event.years.0, 1, 1)?,
                        end: date(event.years.1, 12, 31)?,
                    },
                    expected_result: event.result.clone(),
                    amending_act: "постановление Правительства Кузбасса от 27.12.2022 № 850".into(),
                    excluded: false,
                },
            )
            .await?;
        demo.events += 1;
    }
    let mut indicators = BTreeMap::new();
    for event in &events {
        let Some((name, (_, unit, direction, cumulative, from, to))) = &event.indicator else {
            continue;
        };
        let id = format!("IND-{:02}", indicators.len() + 1);
        let plan: BTreeMap<i32, Decimal> = (2023..=2035)
            .map(|year| {
                let value = Decimal::from(*from)
                    + Decimal::from(to - from) * Decimal::from(year - 2023) / Decimal::from(12);
                (year, reports::rounded(value))
            })
            .collect();
        let fields = IndicatorFields {
            name: name.clone(),
            unit: (*unit).into(),
            direction: *direction,
            cumulative: *cumulative,
            plan,
            events: [event.id.parse()?].into(),
            excluded: false,
        };
        sim.service
            .create_indicator(coordinator, id.parse()?, fields.clone())
            .await?;
        indicators.insert(event.id.clone(), (id, fields));
        demo.indicators += 1;
    }

    // The Planners fill the cards in January: the responsible person and
    // control points (the first year's contracts, the main stage, the result).
    sim.set(sim.at(date(2023, 1, 16)?, 10));
    let mut tracked = Vec::new();
    for (n, event) in events.iter().enumerate() {
        let member = staff.get(event.responsible).cloned().unwrap_or_default();
        let Some(planner) = &member.planner else {
            continue;
        };
        sim.tick(5);
        let person = sim.service.current_user(planner).await?;
        let (start, end) = event.years;
        let planned = [
            date(start, 6, 30)?,
            date(start + 1, 12, 15)?,
            date(end, 12, 20)?,
        ];
        let control_points = planned
            .iter()
            .zip(POINTS)
            .enumerate()
            .map(|(i, (planned, title))| {
                Ok(ControlPoint {
                    id: format!("KT{}", i + 1).parse()?,
                    title: title.into(),
                    planned: *planned,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let current = sim.service.get_event(planner, &event.id.parse()?).await?;
        sim.service
            .update_event_card(
                planner,
                &current.id,
                current.version,
                EventCard {
                    responsible_person: Some(ResponsiblePerson {
                        full_name: person.full_name,
                        position: person.position,
                        phone: format!("+7 3842 58-{:02}-{:02}", n / 100, n % 100),
                    }),
                    control_points: control_points.clone(),
                },
            )
            .await?;
        if member.reports() {
            tracked.push(Tracked::new(
                n,
                event,
                &control_points,
                indicators.get(&event.id),
                member,
            )?);
        }
    }
    Ok(tracked)
}
