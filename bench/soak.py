#!/usr/bin/env python3
"""Kill-and-restart soak (issue 9): a mixed load runs against stratmon-server
while the server is killed with SIGKILL and restarted at random moments.
Every write the server acknowledged is recorded; at the end each one must be
in the store, and `verify-audit` must pass.

    python3 bench/soak.py [--backend sqlite|sled] [--kills 100] [--writers 4]
                          [--binary target/release/stratmon-server] [--seed 1]

Standard library only. Not part of the test command: it runs for minutes.

What counts as acknowledged: a `PUT …/reports/{year}/{month}` (a draft
save) answered 200 with its new version in `ETag`. A save whose answer was
lost to a kill may or may not have committed; the check allows either, but
never an acknowledged save that is missing, nor content the client never
sent.
"""

import argparse
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Демо-пароль-2026"
# Inside October 2026's submission window (25–30 November), so saves are
# accepted whatever the wall clock says.
CLOCK = "2026-11-26T04:00:00Z"
PLANNERS = [
    "demo.planner", "demo.planner2", "sokolov.ai", "egorova.ii", "kozlova.sp",
    "kiseleva.vg", "kalinina.ti", "kuznetsov.vg", "lebedeva.ls", "sidorova.ei",
]


class Server:
    """The server process on a fixed port, restartable."""

    def __init__(self, binary: Path, data: Path, backend: str, port: int, log: Path):
        self.binary, self.data, self.backend, self.port, self.log = binary, data, backend, port, log
        self.process = None

    def start(self, demo: bool = False) -> None:
        args = [str(self.binary), "demo" if demo else "serve", "--data", str(self.data),
                "--backend", self.backend, "--listen", f"127.0.0.1:{self.port}", "--clock", CLOCK]
        if demo:
            args += ["--demo-password", PASSWORD]
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(args, stdout=out, stderr=out)
        deadline = time.monotonic() + (300 if demo else 60)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"the server exited with {self.process.returncode}; see {self.log}")
            try:
                status, _, _ = request(self.port, "GET", "/healthz", timeout=1)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        sys.exit(f"the server did not answer in time; see {self.log}")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


def request(port, method, path, body=None, token=None, headers=None, timeout=10):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        h = dict(headers or {})
        if token:
            h["Authorization"] = f"Bearer {token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=h)
        response = conn.getresponse()
        raw = response.read()
        payload = json.loads(raw) if raw and "json" in (response.getheader("Content-Type") or "") else None
        return response.status, response.getheader("ETag"), payload
    finally:
        conn.close()


class Ledger:
    """Every save sent, and the acknowledged ones, per report."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent = {}    # (event, year, month) -> set of progress texts sent
        self.acked = {}   # (event, year, month) -> list of (version, progress)
        self.count_acked = 0
        self.count_sent = 0
        self.errors = []

    def send(self, key, progress):
        with self.lock:
            self.sent.setdefault(key, set()).add(progress)
            self.count_sent += 1

    def ack(self, key, version, progress):
        with self.lock:
            self.acked.setdefault(key, []).append((version, progress))
            self.count_acked += 1


def targets(port, token):
    """The reports this Planner may fill now: the inbox's monthly tasks."""
    status, _, items = request(port, "GET", "/api/v1/inbox", token=token)
    if status != 200:
        return []
    return [(i["event"], i["period"]["year"], i["period"]["month"]) for i in items
            if i.get("event") and i.get("period") and i["task"] in ("fill_report", "fix_report")]


def writer(port, login, stop, ledger, seed):
    rng = random.Random(seed)
    token = None
    reports = []
    versions = {}
    n = 0
    while not stop.is_set():
        try:
            if token is None:
                status, _, body = request(port, "POST", "/api/v1/auth/login",
                                          {"login": login, "password": PASSWORD})
                if status != 200:
                    time.sleep(0.05)
                    continue
                token = body["token"]
                reports = targets(port, token)
                if not reports:
                    return
            key = rng.choice(reports)
            event, year, month = key
            path = f"/api/v1/events/{event}/reports/{year}/{month}"
            if key not in versions:
                status, etag, body = request(port, "GET", path, token=token)
                if status == 200:
                    versions[key] = int(etag.strip('W/"'))
                elif status == 404:
                    versions[key] = 0
                else:
                    continue
            if rng.random() < 0.3:
                request(port, "GET", "/api/v1/inbox", token=token)
                request(port, "GET", f"/api/v1/events/{event}", token=token)
            n += 1
            progress = f"soak {login} #{n}: работы идут по графику"
            headers = {"If-Match": f'"{versions[key]}"'} if versions[key] else {}
            ledger.send(key, progress)
            status, etag, body = request(port, "PUT", path, {"progress": progress},
                                         token=token, headers=headers)
            if status == 200:
                version = int(etag.strip('W/"'))
                ledger.ack(key, version, progress)
                versions[key] = version
            elif status in (409, 412):
                versions.pop(key, None)  # a save whose answer was lost committed; reload
            elif status == 401:
                token = None
            elif status == 422 or status == 404:
                reports.remove(key)
                versions.pop(key, None)
                if not reports:
                    return
        except (OSError, http.client.HTTPException, ValueError):
            time.sleep(0.02)  # the server is down; try again


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "sled"])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--writers", type=int, default=4)
    release = ROOT / "target/release/stratmon-server"
    default = release if release.exists() else ROOT / "target/debug/stratmon-server"
    parser.add_argument("--binary", default=str(default))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    binary = Path(args.binary)
    if not binary.exists():
        sys.exit(f"{binary} missing: cargo build --release --bin stratmon-server")
    print(f"soak: binary {binary}")
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix=f"stratmon-soak-{args.backend}-"))
    data = work / ("store.sqlite" if args.backend == "sqlite" else "store.sled")
    port = args.port or rng.randrange(20000, 30000)
    server = Server(binary, data, args.backend, port, work / "server.log")
    print(f"soak: {args.backend}, store {data}, port {port}, {args.kills} kills, {args.writers} writers")
    server.start(demo=True)  # seeds the demo region, then serves it

    ledger = Ledger()
    stop = threading.Event()
    threads = [threading.Thread(target=writer, args=(port, PLANNERS[i % len(PLANNERS)], stop, ledger, args.seed * 100 + i))
               for i in range(args.writers)]
    for t in threads:
        t.start()
    started = time.monotonic()
    for kill in range(1, args.kills + 1):
        time.sleep(rng.uniform(0.2, 1.5))
        server.kill()
        server.start()
        if kill % 10 == 0:
            print(f"  {kill} kills, {ledger.count_acked} acknowledged saves of {ledger.count_sent} sent")
    time.sleep(1.0)
    stop.set()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started

    # Every acknowledged save is in the store: the stored version is at least
    # the acknowledged one, and at that version the content is what was sent.
    coordinator = request(port, "POST", "/api/v1/auth/login", {"login": "demo.coordinator", "password": PASSWORD})[2]["token"]
    lost = []
    foreign = []
    for key, acks in ledger.acked.items():
        event, year, month = key
        status, etag, report = request(port, "GET", f"/api/v1/events/{event}/reports/{year}/{month}", token=coordinator)
        if status != 200:
            lost.append((key, "missing", acks[-1]))
            continue
        stored = int(etag.strip('W/"'))
        last_version, last_progress = max(acks)
        if stored < last_version:
            lost.append((key, f"stored version {stored} < acknowledged {last_version}", last_progress))
        elif stored == last_version and report["content"]["progress"] != last_progress:
            lost.append((key, "content differs at the acknowledged version", last_progress))
        if report["content"]["progress"] not in ledger.sent[key]:
            foreign.append((key, report["content"]["progress"]))
    server.kill()
    verify = subprocess.run([str(binary), "verify-audit", "--data", str(data), "--backend", args.backend],
                            capture_output=True, text=True)
    print(f"soak: {args.backend}: {args.kills} kills in {elapsed:.0f} s; "
          f"{ledger.count_acked} acknowledged saves of {ledger.count_sent} sent, "
          f"over {len(ledger.acked)} reports; lost: {len(lost)}; content never sent: {len(foreign)}; "
          f"verify-audit exit {verify.returncode}: {verify.stdout.strip().splitlines()[-1] if verify.stdout.strip() else verify.stderr.strip()}")
    for item in lost[:10] + foreign[:10]:
        print("  ", item)
    ok = not lost and not foreign and verify.returncode == 0 and ledger.count_acked > 0
    if ok:
        import shutil
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"soak: FAILED; the store and log are kept in {work}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
