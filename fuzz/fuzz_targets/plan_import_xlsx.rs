//! The plan import from an XLSX workbook (sheets «Мероприятия» and
//! «Показатели»): read, checked by the core and compared with an empty plan,
//! as a dry run of the import does.
//!
//! An XLSX file is a ZIP archive whose entries carry CRC-32 checksums, so a
//! mutated archive is mostly refused before its XML is parsed. When the first
//! byte is odd the harness therefore builds the archive itself: the rest of
//! the input, split at form feeds (0x0C), is the events sheet, the indicators
//! sheet, the shared strings and the styles (see `stratmon_fuzz::workbook`).
//! An even first byte feeds the rest to the reader as it is.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = if mode & 1 == 1 {
        stratmon_fuzz::workbook(rest)
    } else {
        rest.to_vec()
    };
    let read = stratmon_exchange::plan_from_xlsx("plan.xlsx", &bytes);
    stratmon_fuzz::check_plan(read.over(Default::default()));
});
