//! SVG charts of the consolidated report, drawn by hand: a few rectangles
//! and labels need no charting library, and the output is plain text that
//! any page or portal can embed. Text is escaped; sizes follow the data.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use stratmon_core::model::{StrategyNode, StrategyNodeId};
use stratmon_core::summary::ConsolidatedReport;

use super::title;

/// The charts there are, by the name used in URLs.
pub const NAMES: [&str; 2] = ["achievement-by-direction", "reporting-discipline"];

const GREEN: &str = "#2e9e4f";
const YELLOW: &str = "#e0b000";
const RED: &str = "#d23f3f";
const LABEL_WIDTH: f64 = 320.0;
const BAR_WIDTH: f64 = 440.0;
const ROW: f64 = 26.0;
const TOP: f64 = 56.0;

/// Escapes text for SVG.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Shortens a label to fit its column.
fn clip(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(chars - 1).collect();
        short.push('…');
        short
    }
}

fn open(out: &mut String, height: f64, heading: &str, caption: &str) {
    let width = LABEL_WIDTH + BAR_WIDTH + 80.0;
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="13"><title>{t}</title><text x="8" y="20" font-size="15" font-weight="bold">{t}</text><text x="8" y="40" fill="#555">{c}</text>"##,
        t = escape(heading),
        c = escape(caption),
    );
}

/// The top of the tree above `id` (a cycle stops the walk).
fn root_of(
    parents: &BTreeMap<&StrategyNodeId, Option<&StrategyNodeId>>,
    id: &StrategyNodeId,
) -> StrategyNodeId {
    let mut current = id;
    for _ in 0..64 {
        match parents.get(current).copied().flatten() {
            Some(parent) => current = parent,
            None => break,
        }
    }
    current.clone()
}

/// Average achievement of the indicators under each top-level direction,
/// as bars coloured by the same thresholds as the indicators' lights
/// (95 % and 80 %).
pub fn achievement_by_direction(report: &ConsolidatedReport, strategy: &[StrategyNode]) -> String {
    let parents: BTreeMap<&StrategyNodeId, Option<&StrategyNodeId>> = strategy
        .iter()
        .map(|n| (&n.id, n.parent.as_ref()))
        .collect();
    let root = |id: &StrategyNodeId| root_of(&parents, id);
    let mut sums: BTreeMap<StrategyNodeId, (Decimal, u32)> = BTreeMap::new();
    for line in &report.indicators {
        let Some(ratio) = line.achievement.and_then(|a| a.ratio) else {
            continue;
        };
        if let Some(first) = line.serves.first() {
            let entry = sums.entry(root(first)).or_default();
            entry.0 += ratio;
            entry.1 += 1;
        }
    }
    let titles: BTreeMap<&StrategyNodeId, &str> =
        strategy.iter().map(|n| (&n.id, n.title.as_str())).collect();
    let height = TOP + ROW * f64::from(u32::try_from(sums.len()).unwrap_or(0)) + 16.0;
    let mut out = String::new();
    open(
        &mut out,
        height.max(TOP + 40.0),
        "Достижение целевых показателей по направлениям",
        &title(report),
    );
    if sums.is_empty() {
        let _ = write!(
            out,
            r#"<text x="8" y="{}">Нет показателей с фактом и планом</text>"#,
            TOP + 16.0
        );
    }
    for (i, (node, (sum, count))) in sums.iter().enumerate() {
        let average = (*sum / Decimal::from(*count)).to_f64().unwrap_or(0.0);
        let y = TOP + ROW * f64::from(u32::try_from(i).unwrap_or(0));
        let colour = if average >= 0.95 {
            GREEN
        } else if average >= 0.80 {
            YELLOW
        } else {
            RED
        };
        let label = format!("{} {}", node, titles.get(node).copied().unwrap_or(""));
        let bar = (average.clamp(0.0, 1.5) / 1.5) * BAR_WIDTH;
        let _ = write!(
            out,
            r#"<text x="8" y="{ty}">{label}</text><rect x="{LABEL_WIDTH}" y="{y}" width="{bar:.1}" height="18" fill="{colour}"/><text x="{tx:.1}" y="{ty}">{pct:.1} %</text>"#,
            ty = y + 14.0,
            label = escape(&clip(&label, 44)),
            tx = LABEL_WIDTH + bar + 6.0,
            pct = average * 100.0,
        );
    }
    out.push_str("</svg>");
    out
}

/// For each participant, the month's expected reports split into on time,
/// late and missing.
pub fn reporting_discipline(report: &ConsolidatedReport) -> String {
    let lines: Vec<_> = report
        .participants
        .iter()
        .filter(|p| p.reports.expected > 0)
        .collect();
    let height = TOP + ROW * f64::from(u32::try_from(lines.len()).unwrap_or(0)) + 40.0;
    let mut out = String::new();
    open(
        &mut out,
        height,
        "Отчётная дисциплина участников",
        &title(report),
    );
    for (i, p) in lines.iter().enumerate() {
        let y = TOP + ROW * f64::from(u32::try_from(i).unwrap_or(0));
        let r = p.reports;
        let expected = f64::from(r.expected);
        let _ = write!(
            out,
            r#"<text x="8" y="{}">{}</text>"#,
            y + 14.0,
            escape(&clip(&p.name, 44))
        );
        let mut x = LABEL_WIDTH;
        for (count, colour, word) in [
            (r.on_time, GREEN, "в срок"),
            (r.late, YELLOW, "с опозданием"),
            (r.missing, RED, "не представлено"),
        ] {
            if count == 0 {
                continue;
            }
            let w = f64::from(count) / expected * BAR_WIDTH;
            let _ = write!(
                out,
                r#"<rect x="{x:.1}" y="{y}" width="{w:.1}" height="18" fill="{colour}"><title>{word}: {count}</title></rect>"#
            );
            x += w;
        }
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{}">{}/{}</text>"#,
            LABEL_WIDTH + BAR_WIDTH + 6.0,
            y + 14.0,
            r.on_time,
            r.expected
        );
    }
    let legend_y = height - 14.0;
    let mut x = 8.0;
    for (colour, word) in [
        (GREEN, "в срок"),
        (YELLOW, "с опозданием"),
        (RED, "не представлено"),
    ] {
        let _ = write!(
            out,
            r#"<rect x="{x}" y="{}" width="12" height="12" fill="{colour}"/><text x="{}" y="{legend_y}">{word}</text>"#,
            legend_y - 10.0,
            x + 16.0
        );
        x += 150.0;
    }
    out.push_str("</svg>");
    out
}
