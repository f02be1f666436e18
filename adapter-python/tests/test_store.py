"""Embedded set-up, the native boundary, and a script beside the server."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Callable, List

import pytest
import stratmon
from conftest import ANALYST, CLOCK, EVENT, PASSWORD, PLANNER, Server, first_indicator
from stratmon import ReportState


def test_initialize_a_new_store(tmp_path: Path) -> None:
    store = stratmon.open(tmp_path / "new.sqlite", clock=CLOCK)
    once = store.initialize()
    assert once
    session = store.login("admin", once)
    assert session.must_change_password
    with pytest.raises(stratmon.PasswordChangeRequired):
        session.users()
    session.change_password(once, "Надёжный-пароль-2026!")
    assert [u.login for u in session.users()] == ["admin"]
    with pytest.raises(stratmon.Conflict):
        store.initialize()


def test_sled_backend(tmp_path: Path) -> None:
    store = stratmon.open(tmp_path / "store.sled", backend="sled", clock=CLOCK)
    once = store.initialize(admin_login="root")
    assert store.login("root", once).must_change_password


def test_unknown_backend_is_refused(tmp_path: Path) -> None:
    with pytest.raises(stratmon.ValidationError):
        stratmon.open(tmp_path / "x", backend="postgres")


def test_clock_must_be_aware(tmp_path: Path) -> None:
    with pytest.raises(stratmon.ValidationError):
        stratmon.open(tmp_path / "x.sqlite", clock=dt.datetime(2026, 3, 26, 10))


def test_unopenable_path_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(stratmon.StorageError):
        stratmon.open(tmp_path / "no" / "such" / "dir" / "x.sqlite")


def test_moving_the_clock_expires_sessions_and_makes_reports_late(db_path: Path) -> None:
    store = stratmon.open(db_path, clock=CLOCK)
    planner = store.login(PLANNER, PASSWORD)
    indicator, _ = first_indicator(planner, EVENT)
    content = {"progress": "в работе", "indicator_facts": {indicator: "900"}}
    store.set_clock(dt.datetime(2026, 5, 5, 10, tzinfo=dt.timezone.utc))
    # Five weeks on, the idle session has expired ...
    with pytest.raises(stratmon.AuthError):
        planner.me()
    # ... and February's report, submitted now, is late.
    planner = store.login(PLANNER, PASSWORD)
    report = planner.save_and_submit_report(EVENT, 2026, 2, content)
    assert report.late


def test_calls_release_the_gil(db_path: Path) -> None:
    store = stratmon.open(db_path, clock=CLOCK)
    results: List[str] = []

    def work() -> None:
        results.append(store.login(PLANNER, PASSWORD).me().login)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [PLANNER] * 3


def test_unreachable_server_is_a_transport_error() -> None:
    server = stratmon.connect("http://127.0.0.1:9/", timeout=5)
    with pytest.raises(stratmon.TransportError):
        server.login(PLANNER, PASSWORD)


def test_bad_url_is_refused() -> None:
    with pytest.raises(stratmon.ValidationError):
        stratmon.connect("ftp://example.invalid/")


def test_script_and_server_share_one_sqlite_file(
    db_path: Path, server_factory: Callable[[Path], Server]
) -> None:
    server = server_factory(db_path)
    remote = stratmon.connect(server.url)
    local = stratmon.open(db_path, clock=CLOCK)

    # The script saves a draft while the server runs on the same file ...
    script = local.login(PLANNER, PASSWORD)
    indicator, _ = first_indicator(script, EVENT)
    draft = script.save_report(
        EVENT, 2026, 2, {"progress": "из скрипта", "indicator_facts": {indicator: "950"}}
    ).saved
    # ... the server's user sees and submits it ...
    web = remote.login(PLANNER, PASSWORD)
    seen = web.report(EVENT, 2026, 2)
    assert seen.content.progress == "из скрипта" and seen.version == draft.version
    submitted = web.submit_report(EVENT, 2026, 2, seen.version)
    # ... and the script sees the submission and accepts as the Analyst.
    analyst = local.login(ANALYST, PASSWORD)
    assert analyst.report(EVENT, 2026, 2).state is ReportState.SUBMITTED
    accepted = analyst.accept_report(EVENT, 2026, 2, submitted.version)
    assert web.report(EVENT, 2026, 2).state is ReportState.ACCEPTED
    assert accepted.version == web.report(EVENT, 2026, 2).version
    # Both wrote to one audit chain, and it is intact.
    admin = remote.login("demo.admin", PASSWORD)
    assert admin.verify_audit().intact


def test_a_closed_store_refuses_calls(db_path: Path) -> None:
    store = stratmon.open(db_path, clock=CLOCK)
    with store:
        session = store.login(PLANNER, PASSWORD)
    with pytest.raises(stratmon.StorageError, match="closed"):
        session.me()
