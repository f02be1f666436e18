#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]
//! The workbook is a valid XLSX package with the expected sheets; the
//! Python suite opens it with openpyxl and reads headers and values.

mod common;

use chrono::{TimeZone, Utc};
use stratmon_exchange::export::write_xlsx;

#[test]
fn the_workbook_is_a_zip_package_naming_every_sheet() {
    let mut out = Vec::new();
    write_xlsx(
        &common::summary(),
        Utc.with_ymd_and_hms(2026, 5, 10, 5, 0, 0).unwrap(),
        chrono_tz::Asia::Novokuznetsk,
        &mut out,
    )
    .unwrap();
    assert_eq!(&out[..4], b"PK\x03\x04", "an XLSX file is a zip package");
    // The workbook part lists the sheet names; it is stored compressed, so
    // look for the part's name and rely on openpyxl for the contents.
    let text = String::from_utf8_lossy(&out);
    assert!(text.contains("xl/workbook.xml"));
    assert!(text.contains("xl/worksheets/sheet5.xml"), "five sheets");
    assert!(!text.contains("xl/worksheets/sheet6.xml"));
}
