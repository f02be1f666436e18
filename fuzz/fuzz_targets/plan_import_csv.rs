//! The plan import from CSV (`POST /api/v1/plan/import` with CSV files, and
//! the exchange crate's readers): the input is the events file, a form feed
//! (0x0C), then the indicators file; without a form feed the same bytes are
//! read as both files. The draft read is then checked by the core and
//! compared with an empty plan, as a dry run of the import does.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (events, indicators) = match data.iter().position(|&b| b == 0x0c) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, data),
    };
    let read = stratmon_exchange::plan_from_csv(
        Some(("events.csv", events)),
        Some(("indicators.csv", indicators)),
    );
    stratmon_fuzz::check_plan(read.over(Default::default()));
});
