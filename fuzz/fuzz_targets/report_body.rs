//! The body of `PUT /api/v1/events/{event}/reports/{period}`: JSON as the
//! HTTP adapter decodes it into a `ReportContent`, then the core's checks the
//! service runs on a draft save and on a submission, against the fixture's
//! event (control point `KT1`, indicator `IND-1`) with and without last
//! month's report.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stratmon_core::model::ReportContent;
use stratmon_core::validation::{ReportContext, check_report};

fuzz_target!(|data: &[u8]| {
    let Ok(content) = serde_json::from_slice::<ReportContent>(data) else {
        return;
    };
    let region = stratmon_fuzz::region();
    let previous = region.fixture.valid_content();
    for previous in [None, Some(&previous)] {
        let ctx = ReportContext {
            event: &region.event,
            indicators: &region.indicators,
            period: region.fixture.period,
            previous,
            plan: None,
            today: region.fixture.service.today(),
        };
        for for_submit in [false, true] {
            let problems = check_report(&content, &ctx, for_submit);
            // The answer is JSON too (problem+json lists the problems).
            let _ = serde_json::to_vec(&problems);
        }
    }
    let _ = serde_json::to_vec(&content);
});
