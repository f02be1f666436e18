"""The plan as files and the consolidated report as files, in both modes:
import with a dry run and for real, versions and diffs; the XLSX export read
by openpyxl and the CSV export read by the csv module."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import List

import pytest

import stratmon

HEADER = [
    "Код",
    "Наименование",
    "Направление",
    "Ответственный исполнитель",
    "Соисполнители",
    "Начало",
    "Окончание",
    "Ожидаемый результат",
    "КТ: код",
    "КТ: наименование",
    "КТ: плановая дата",
]
ACT_DATE = dt.date(2026, 3, 20)


def _date(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def events_csv(events: List[stratmon.Event], retitle: str = "") -> bytes:
    """The plan's events as the government's table, one row per control
    point; `retitle` renames the first event."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    for i, e in enumerate(events):
        title = retitle if (retitle and i == 0) else e.title
        head = [e.id, title, e.direction, e.responsible, " ".join(e.co_executors),
                _date(e.start), _date(e.end), e.expected_result]
        points = e.control_points or [None]
        for j, cp in enumerate(points):
            cells = head if j == 0 else [e.id] + [""] * 7
            cells = cells + ([cp.id, cp.title, _date(cp.planned)] if cp else ["", "", ""])
            writer.writerow(cells)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def test_a_dry_run_of_a_file_with_bad_cells_names_each_and_writes_nothing(
    coordinator: stratmon.Session,
) -> None:
    before = coordinator.plan_versions()
    bad = (
        "Код;Наименование;Направление;Ответственный исполнитель;Начало;Окончание\n"
        "9.9.9;Новое мероприятие;нет-такого;minstroy;01.01.2026;31.13.2026\n"
    ).encode("utf-8")
    outcome = coordinator.import_plan(bad, act="12-р", act_date=ACT_DATE)
    assert outcome.version is None
    locations = [p.location for p in outcome.problems]
    assert "events.csv:row 2:«Окончание»" in locations, locations
    assert all(isinstance(p, stratmon.PlanProblem) and p.message for p in outcome.problems)
    with pytest.raises(stratmon.ValidationError):
        coordinator.import_plan(bad, act="12-р", act_date=ACT_DATE, dry_run=False)
    assert coordinator.plan_versions() == before


def test_applying_an_act_makes_a_version_whose_diff_names_the_change(
    coordinator: stratmon.Session,
) -> None:
    events = coordinator.events()
    table = events_csv(events, retitle="Строительство жилья (в редакции акта № 12-р)")
    dry = coordinator.import_plan(table, act="12-р", act_date=ACT_DATE)
    assert not dry.problems, [p.location + " " + p.message for p in dry.problems[:5]]
    changed = {c.id: c for c in dry.diff.events_changed}
    assert events[0].id in changed
    assert "title" in [f.field for f in changed[events[0].id].fields]
    assert dry.version is None and not dry.diff.events_removed

    applied = coordinator.import_plan(table, act="12-р", act_date=ACT_DATE, dry_run=False)
    assert applied.version is not None and applied.version.act_number == "12-р"
    assert applied.version.act_date == ACT_DATE
    versions = coordinator.plan_versions()
    assert [v.number for v in versions][-1] == applied.version.number
    assert coordinator.plan_diff(applied.version.number).empty
    assert coordinator.event(events[0].id).title.endswith("акта № 12-р)")

    # A second act changing one title: the diff of the two versions is
    # exactly that one field of that one event.
    second = events_csv(coordinator.events(), retitle="Строительство жилья (акт № 15-р)")
    again = coordinator.import_plan(
        second, act="15-р", act_date=dt.date(2026, 3, 25), dry_run=False
    )
    assert again.version is not None
    diff = coordinator.plan_diff(applied.version.number, again.version.number)
    assert [c.id for c in diff.events_changed] == [events[0].id]
    assert [f.field for f in diff.events_changed[0].fields] == ["title"]
    assert not (diff.events_added or diff.events_removed or diff.indicators_changed)


def test_only_the_coordinator_imports_and_bad_arguments_are_refused(
    planner: stratmon.Session, coordinator: stratmon.Session
) -> None:
    with pytest.raises(stratmon.PermissionDenied):
        planner.import_plan(b"\xef\xbb\xbf", act="1", act_date=ACT_DATE)
    with pytest.raises(stratmon.ValidationError):
        coordinator.import_plan("not bytes", act="1", act_date=ACT_DATE)  # type: ignore[arg-type]
    with pytest.raises(stratmon.ValidationError):
        coordinator.import_plan(b"", act="1", act_date=ACT_DATE, table="budgets")


def test_the_summary_workbook_opens_in_openpyxl_with_its_sheets_headers_and_values(
    coordinator: stratmon.Session,
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    summary = coordinator.summary(2026, 2)
    book = openpyxl.load_workbook(io.BytesIO(coordinator.summary_file(2026, 2)))
    assert book.sheetnames == ["Сводка", "Участники", "Мероприятия", "Показатели", "Расходы"]
    events = book["Мероприятия"]
    assert events["A1"].value == "Сводный отчёт за февраль 2026 г."
    assert [c.value for c in events[4]][:5] == [
        "Код", "Мероприятие", "Ответственный исполнитель", "Направление", "Статус"
    ]
    assert events.freeze_panes == "A5"
    rows = [r for r in events.iter_rows(min_row=5, values_only=True) if r[0]]
    assert [r[0] for r in rows] == [line.event for line in summary.event_lines]
    totals = {r[0]: r[1] for r in book["Сводка"].iter_rows(min_row=5, values_only=True)}
    assert totals["Мероприятий"] == summary.events.total
    assert totals["Не представлено"] == summary.reports.missing


def test_the_summary_csv_round_trips_through_the_csv_module(
    coordinator: stratmon.Session,
) -> None:
    summary = coordinator.summary(2026, 2)
    text = coordinator.summary_file(2026, 2, format="csv", section="participants").decode(
        "utf-8-sig"
    )
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Участник", "Наименование", "Мероприятий"]
    by_id = {row[0]: row for row in rows[1:]}
    for line in summary.participants:
        assert by_id[line.participant][1] == line.name
        assert int(by_id[line.participant][2]) == line.events.total
    events = list(
        csv.reader(
            io.StringIO(
                coordinator.summary_file(2026, 2, format="csv").decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    assert [row[0] for row in events[1:]] == [line.event for line in summary.event_lines]
