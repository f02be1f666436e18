"""examples/python: monthly_entry.py on the sample CSV, and mypy --strict."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
import stratmon
from conftest import CLOCK_ARG, PASSWORD, PLANNER, REPO, Server
from stratmon import ReportState

EXAMPLES = REPO / "examples" / "python"
SCRIPT = EXAMPLES / "monthly_entry.py"
SAMPLE = EXAMPLES / "sample_facts.csv"


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STRATMON_PASSWORD": PASSWORD}
    return subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--login",
            PLANNER,
            "--period",
            "2026-02",
            *args,
            str(SAMPLE),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def check_outcome(result: subprocess.CompletedProcess[str]) -> None:
    lines = result.stdout.splitlines()
    assert result.returncode == 1, result.stdout + result.stderr
    # 2.1.1 had no February report yet; 2.1.3's was returned and goes again.
    assert lines[0].startswith("row 2: 2.1.1 / IND-01: submitted, version"), result.stdout
    assert lines[1].startswith("row 3: 2.1.3 / IND-03: submitted again"), result.stdout
    assert lines[2].startswith("row 4: 2.1.1 / IND-01: skipped: `fact`"), result.stdout
    assert lines[3] == "2 of 3 rows submitted"


def check_store(session: stratmon.Session) -> None:
    for event in ("2.1.1", "2.1.3"):
        assert session.report(event, 2026, 2).state is ReportState.SUBMITTED
    report = session.report("2.1.1", 2026, 2)
    assert str(report.content.indicator_facts["IND-01"]) == "8.2"
    # The control points reached by January are carried over.
    assert set(report.content.control_points) == {"KT1", "KT2"}


def test_monthly_entry_embedded(db_path: Path) -> None:
    check_outcome(run_script("--db", str(db_path), "--clock", CLOCK_ARG))
    check_store(stratmon.open(db_path, clock=__import__("conftest").CLOCK).login(PLANNER, PASSWORD))


def test_monthly_entry_remote(db_path: Path, server_factory: Callable[[Path], Server]) -> None:
    server = server_factory(db_path)
    check_outcome(run_script("--url", server.url))
    check_store(stratmon.connect(server.url).login(PLANNER, PASSWORD))


def test_examples_and_package_pass_mypy_strict() -> None:
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent)) or shutil.which("mypy")
    if mypy is None:
        pytest.fail("mypy is not installed (scripts/test-all installs it)")
    result = subprocess.run(
        [mypy, "--strict", str(SCRIPT), str(REPO / "adapter-python" / "python" / "stratmon")],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_monthly_entry_reads_xlsx(db_path: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["event", "indicator", "fact", "progress"])
    sheet.append(["2.1.1", "IND-01", 8.2, "Ведётся строительство"])
    sheet.append(["2.1.3", "IND-03", None, "нет факта"])
    path = tmp_path / "facts.xlsx"
    book.save(path)
    env = {**os.environ, "STRATMON_PASSWORD": PASSWORD}
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--db",
            str(db_path),
            "--clock",
            CLOCK_ARG,
            "--login",
            PLANNER,
            "--period",
            "2026-02",
            str(path),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    lines = result.stdout.splitlines()
    assert lines[0].startswith("row 2: 2.1.1 / IND-01: submitted"), result.stdout + result.stderr
    assert lines[1] == "row 3: 2.1.3 / IND-03: skipped: `fact` is empty"
    assert result.returncode == 1
