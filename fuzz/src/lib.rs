//! What the fuzz targets share: a small region built once (the core's
//! conformance fixture), its dump to restore from, and a runtime to drive the
//! async service with. Harness code: it may `expect`, a failure here is a
//! broken harness rather than a finding.

use std::sync::{Arc, OnceLock};

use sha2::{Digest, Sha256};
use stratmon_core::Service;
use stratmon_core::auth::HashCost;
use stratmon_core::conformance::Fixture;
use stratmon_core::model::{Event, Indicator, ParticipantStatus};
use stratmon_core::plan::{self, AmendingAct, PlanDraft, PlanReference};
use stratmon_core::store::{MemoryStore, Store, StoreExt, dump};

/// The fixture, what the report checks need from it, and its store as a dump.
pub struct Region {
    /// The conformance fixture (clock on 26 March 2026, inside February's window).
    pub fixture: Fixture,
    /// Its one event, `1.1.1`.
    pub event: Event,
    /// The indicators linked to it.
    pub indicators: Vec<Indicator>,
    /// The fixture's store as a dump, to start each mutating run afresh.
    pub dump: Vec<u8>,
}

/// A single-threaded runtime for the service's async calls.
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread runtime")
    })
}

/// The region, built on first use.
pub fn region() -> &'static Region {
    static REGION: OnceLock<Region> = OnceLock::new();
    REGION.get_or_init(|| {
        runtime().block_on(async {
            let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
            let fixture = Fixture::build(store.clone()).await.expect("the fixture");
            let event: Event = store
                .load(fixture.event.as_str())
                .await
                .expect("load the event")
                .expect("the fixture's event");
            let indicators: Vec<Indicator> = store
                .load_all::<Indicator>(None)
                .await
                .expect("load indicators")
                .into_iter()
                .filter(|i| i.fields.events.contains(&event.id))
                .collect();
            let mut bytes = Vec::new();
            dump::dump(store.as_ref(), &mut bytes)
                .await
                .expect("dump the fixture");
            Region {
                fixture,
                event,
                indicators,
                dump: bytes,
            }
        })
    })
}

/// A fresh service over a copy of the fixture's store, on the fixture's clock.
pub fn fresh_service() -> Service {
    let region = region();
    runtime().block_on(async {
        let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
        dump::restore(store.as_ref(), region.dump.as_slice())
            .await
            .expect("restore the fixture's dump");
        Service::new(store)
            .with_clock(region.fixture.clock.clone())
            .with_hash_cost(HashCost::MINIMAL)
    })
}

/// What the plan import's dry run does with a draft read from files: checks
/// it under an act against the fixture's reference books, and compares it
/// with an empty plan and with the fixture's plan in force, applying each
/// difference.
pub fn check_plan(draft: PlanDraft) {
    static REFERENCE: OnceLock<PlanReference> = OnceLock::new();
    let reference = REFERENCE.get_or_init(|| {
        let mut reference = PlanReference::default();
        for direction in ["G1", "G1.1", "1", "1.1"] {
            if let Ok(id) = direction.parse() {
                reference.directions.insert(id);
            }
        }
        for participant in ["minstroy", "novokuz", "minzdrav", "mincifra"] {
            if let Ok(id) = participant.parse() {
                reference.participants.insert(id, ParticipantStatus::Active);
            }
        }
        reference
    });
    let act = AmendingAct {
        number: "275-р".into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default(),
    };
    let problems = plan::validate(&draft, &act, reference);
    for problem in &problems {
        let _ = problem.location();
        let _ = problem.to_problem();
    }
    let region = region();
    let in_force = PlanDraft::current(std::slice::from_ref(&region.event), &region.indicators);
    for current in [PlanDraft::default(), in_force] {
        let diff = plan::diff(&current, &draft);
        let after = plan::apply(&current, &diff);
        let _ = after.normalized();
        let _ = serde_json::to_vec(&diff);
    }
}

/// `body` with its trailer lines (`"type":"end"`) dropped and a correct
/// trailer appended: the counts of record and audit lines and the SHA-256 of
/// every line before it. Bytes that are not UTF-8 are returned as they are.
pub fn sealed_dump(body: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(body) else {
        return body.to_vec();
    };
    let mut hash = Sha256::new();
    let mut out = String::new();
    let (mut records, mut audit) = (0u64, 0u64);
    for line in text.lines() {
        let kind = serde_json::from_str::<serde_json::Value>(line)
            .ok()
            .and_then(|v| v.get("type").and_then(|t| t.as_str()).map(str::to_owned));
        match kind.as_deref() {
            Some("end") => continue,
            Some("record") => records += 1,
            Some("audit") => audit += 1,
            _ => {}
        }
        hash.update(line.as_bytes());
        hash.update(b"\n");
        out.push_str(line);
        out.push('\n');
    }
    let end = serde_json::json!({
        "type": "end",
        "records": records,
        "audit": audit,
        "sha256": hex::encode(hash.finalize()),
    });
    out.push_str(&end.to_string());
    out.push('\n');
    out.into_bytes()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Мероприятия" sheetId="1" r:id="rId1"/><sheet name="Показатели" sheetId="2" r:id="rId2"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
const EMPTY_SHEET: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>"#;
const SHARED_STRINGS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>"#;
const STYLES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

/// A well-formed XLSX archive around fuzzed XML: `parts`, split at form
/// feeds (0x0C), are the events sheet, the indicators sheet, the shared
/// strings and the styles; a part not given is an empty sheet or a minimal
/// default.
pub fn workbook(parts: &[u8]) -> Vec<u8> {
    use std::io::Write;
    use zip::write::{SimpleFileOptions, ZipWriter};

    let mut given = parts.split(|&b| b == 0x0c);
    let mut next = |default: &'static [u8]| given.next().unwrap_or(default).to_vec();
    let events = next(EMPTY_SHEET);
    let indicators = next(EMPTY_SHEET);
    let strings = next(SHARED_STRINGS);
    let styles = next(STYLES);
    let entries: [(&str, &[u8]); 8] = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", &events),
        ("xl/worksheets/sheet2.xml", &indicators),
        ("xl/sharedStrings.xml", &strings),
        ("xl/styles.xml", &styles),
    ];
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        zip.start_file(name, options).expect("start a zip entry");
        zip.write_all(bytes).expect("write a zip entry");
    }
    zip.finish().expect("finish the zip").into_inner()
}
