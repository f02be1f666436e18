#!/usr/bin/env python3
"""Monthly data entry from a spreadsheet: save and submit many reports at once.

Reads a CSV (or an XLSX, if `openpyxl` is installed) with one row per event
and indicator for one month:

    event,indicator,fact,federal,regional,municipal,extrabudgetary,progress
    2.1.1,IND-01,8.2,,1500.50,,,Завершена приёмка работ второго этапа

`fact` is the indicator's year-to-date value; the expenditure columns
(year-to-date, by funding source) and `progress` belong to the event and may
be given on any one of its rows. Each event's report is saved and submitted
in one step (`save_and_submit_report`), so a refused report leaves nothing
half-saved. A row that cannot be read is reported and skipped; the other
rows go ahead. One line of outcome is printed per row.

    python monthly_entry.py --db region.sqlite --login demo.planner \
        --period 2026-02 facts.csv
    python monthly_entry.py --url http://127.0.0.1:8080/ --login demo.planner \
        --period 2026-02 facts.csv

The password is read from `STRATMON_PASSWORD` or prompted for. Exit status:
0 if every row was submitted, 1 if any row failed, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import getpass
import os
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

import stratmon

SOURCES = [s.value for s in stratmon.FundingSource]
COLUMNS = ["event", "indicator", "fact", *SOURCES, "progress"]


@dataclass
class Row:
    """One good row of the sheet."""

    number: int
    event: str
    indicator: str
    fact: Decimal
    expenditures: Dict[str, Decimal]
    progress: str


@dataclass
class EventBatch:
    """The rows of one event: one report."""

    rows: List[Row] = field(default_factory=list)
    expenditures: Dict[str, Decimal] = field(default_factory=dict)
    progress: str = ""


def read_rows(path: Path) -> Iterator[Tuple[int, Dict[str, str]]]:
    """`(row number as a spreadsheet shows it, cells by column)`."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            import openpyxl  # type: ignore[import-untyped,import-not-found,unused-ignore]
        except ImportError:
            raise SystemExit(
                "reading XLSX needs openpyxl: `pip install openpyxl` (or save the sheet as CSV)"
            ) from None
        sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).active
        rows = sheet.iter_rows(values_only=True)
        header = [str(c or "").strip().lower() for c in next(rows, ())]
        for n, values in enumerate(rows, start=2):
            cells = {h: "" if v is None else str(v) for h, v in zip(header, values)}
            if any(c.strip() for c in cells.values()):
                yield n, cells
        return
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        reader.fieldnames = [h.strip().lower() for h in reader.fieldnames or []]
        for n, cells in enumerate(reader, start=2):
            clean = {k: (v or "") for k, v in cells.items() if k is not None}
            if any(v.strip() for v in clean.values()):
                yield n, clean


def number(text: str, column: str) -> Decimal:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"`{column}`: `{text}` is not a number") from None
    if not value.is_finite():
        raise ValueError(f"`{column}`: `{text}` is not a number")
    return value


def parse_row(n: int, cells: Dict[str, str]) -> Row:
    """A checked row, or `ValueError` saying what is wrong with it."""
    unknown = sorted(set(cells) - set(COLUMNS))
    if unknown:
        raise ValueError(f"unknown column `{unknown[0]}`")
    event = cells.get("event", "").strip()
    indicator = cells.get("indicator", "").strip()
    if not event:
        raise ValueError("`event` is empty")
    if not indicator:
        raise ValueError("`indicator` is empty")
    fact_text = cells.get("fact", "")
    if not fact_text.strip():
        raise ValueError("`fact` is empty")
    expenditures = {s: number(cells[s], s) for s in SOURCES if cells.get(s, "").strip()}
    return Row(
        n,
        event,
        indicator,
        number(fact_text, "fact"),
        expenditures,
        cells.get("progress", "").strip(),
    )


def parse_period(text: str) -> Tuple[int, int]:
    try:
        year, month = (int(p) for p in text.split("-"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a period like 2026-02") from None
    if not 1 <= month <= 12:
        raise argparse.ArgumentTypeError(f"`{text}`: the month must be 1-12")
    return year, month


def connect(args: argparse.Namespace) -> stratmon.Session:
    password = os.environ.get("STRATMON_PASSWORD") or getpass.getpass(
        f"password for {args.login}: "
    )
    if args.db:
        if not Path(args.db).exists():
            # `open` would create an empty store; a typo should not.
            raise SystemExit(f"no store at `{args.db}`")
        clock = dt.datetime.fromisoformat(args.clock) if args.clock else None
        return stratmon.open(args.db, clock=clock).login(args.login, password)
    return stratmon.connect(args.url).login(args.login, password)


def previous_month(year: int, month: int) -> Tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def submit(session: stratmon.Session, event: str, batch: EventBatch, year: int, month: int) -> str:
    """Saves and submits one event's report; the outcome as text.

    The sheet brings facts, expenditures and progress; what it does not carry
    is kept: a draft's (or returned report's) control points and
    explanations, or for a new report the control points reached by the
    previous month.
    """
    version: Optional[int] = None
    base = stratmon.ReportContent()
    try:
        current = session.report(event, year, month)
        if current.state not in (stratmon.ReportState.DRAFT, stratmon.ReportState.RETURNED):
            return f"error: the report is already {current.state.value}"
        version, base = current.version, current.content
    except stratmon.NotFound:
        try:
            previous = session.report(event, *previous_month(year, month))
            base.control_points = dict(previous.content.control_points)
        except stratmon.NotFound:
            pass
    content = stratmon.ReportContent(
        progress=batch.progress or base.progress,
        control_points=base.control_points,
        indicator_facts={**base.indicator_facts, **{r.indicator: r.fact for r in batch.rows}},
        expenditures={
            **base.expenditures,
            **{stratmon.FundingSource(s): v for s, v in batch.expenditures.items()},
        },
        explanations=base.explanations,
    )
    try:
        report = session.save_and_submit_report(event, year, month, content, version=version)
    except stratmon.Error as e:
        return f"error ({e.code}): {e}"
    late = " (late)" if report.late else ""
    again = " again" if version is not None else ""
    return f"submitted{again}{late}, version {report.version}"


def run(session: stratmon.Session, path: Path, year: int, month: int) -> int:
    batches: Dict[str, EventBatch] = {}
    outcome: Dict[int, str] = {}
    order: List[Tuple[int, str, str]] = []
    for n, cells in read_rows(path):
        label = (
            f"{cells.get('event', '').strip() or '?'} / {cells.get('indicator', '').strip() or '?'}"
        )
        order.append((n, label, ""))
        try:
            row = parse_row(n, cells)
        except ValueError as e:
            outcome[n] = f"skipped: {e}"
            continue
        batch = batches.setdefault(row.event, EventBatch())
        if any(r.indicator == row.indicator for r in batch.rows):
            outcome[n] = f"skipped: indicator `{row.indicator}` is already on an earlier row"
            continue
        batch.rows.append(row)
        for source, amount in row.expenditures.items():
            batch.expenditures.setdefault(source, amount)
        if row.progress and not batch.progress:
            batch.progress = row.progress
    for event, batch in batches.items():
        result = submit(session, event, batch, year, month)
        for row in batch.rows:
            outcome[row.number] = result
    failed = 0
    for n, label, _ in order:
        text = outcome.get(n, "skipped")
        if not text.startswith("submitted"):
            failed += 1
        print(f"row {n}: {label}: {text}")
    print(f"{len(order) - failed} of {len(order)} rows submitted")
    return 1 if failed else 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", help="an embedded SQLite store")
    where.add_argument("--url", help="a running stratmon-server, e.g. http://127.0.0.1:8080/")
    parser.add_argument("--login", required=True)
    parser.add_argument(
        "--period", required=True, type=parse_period, help="the month, e.g. 2026-02"
    )
    parser.add_argument("--clock", help=argparse.SUPPRESS)  # embedded tests: a stopped clock
    parser.add_argument("file", type=Path, help="CSV or XLSX of facts and expenditures")
    args = parser.parse_args(argv)
    year, month = args.period
    try:
        session = connect(args)
    except stratmon.Error as e:
        print(f"cannot log in: {e}", file=sys.stderr)
        return 1
    return run(session, args.file, year, month)


if __name__ == "__main__":
    sys.exit(main())
