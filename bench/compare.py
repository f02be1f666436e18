#!/usr/bin/env python3
"""Two server builds side by side on the month-end mix (issue 9).

Runs on a noisy machine drift by a fifth between minutes, more than many
changes are worth; runs of two builds that alternate on copies of one
generated large region, each measured the same way, still compare. Prints
each run's requests/s, p99 and the server's CPU (cores used, from /proc),
and the CPU per request.

    cp target/release/stratmon-server /tmp/before   # build the older commit first
    cargo build --release -p stratmon-http --bin stratmon-server -p stratmon-bench --bin stratmon-region
    python3 bench/compare.py /tmp/before target/release/stratmon-server --pairs 4 --seconds 20
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402  (the same mix, logins and wrk parsing as load.py)

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User plus system CPU time of `pid` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def run(server_bin, region, work, connections, seconds):
    data = work / "run.sqlite"
    shutil.copy(region, data)
    os.sync()  # so that the copy's flush does not land inside the run
    log = work / "server.log"
    server = subprocess.Popen(
        [str(server_bin), "serve", "--data", str(data), "--listen", "127.0.0.1:0", "--clock", load.LARGE_CLOCK],
        stdout=open(log, "w"), stderr=subprocess.STDOUT, env={**os.environ, "RUST_LOG": "warn"})
    try:
        port = load.wait_listening(server, log)
        people = ([(f"{p}.planner", "planner") for p in load.LARGE_STAFF]
                  + [(f"{p}.analyst", "analyst") for p in load.LARGE_STAFF]
                  + [(f"{p}.head", "head") for p in load.LARGE_STAFF])
        users = [u for u in (load.user_entry(port, login, role) for login, role in people) if u]
        load.deal(port, users, connections)
        before, started = cpu_seconds(server.pid), time.monotonic()
        result = load.mix(port, connections, seconds)
        cores = (cpu_seconds(server.pid) - before) / (time.monotonic() - started)
        return result["rps"], result["p99"], cores
    finally:
        server.kill()
        server.wait()
        data.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(str(data) + suffix).unlink(missing_ok=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", type=Path, help="the server build to compare against")
    parser.add_argument("new", type=Path, help="the server build under test")
    parser.add_argument("--pairs", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    region_bin = load.ROOT / "target/release/stratmon-region"
    for b in (args.base, args.new, region_bin):
        if not b.exists():
            sys.exit(f"{b} missing")
    if not shutil.which("wrk"):
        sys.exit("wrk missing: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="stratmon-compare-"))
    try:
        region = work / "large.sqlite"
        subprocess.run([str(region_bin), "--data", str(region), "--password", load.PASSWORD], check=True,
                       stdout=subprocess.DEVNULL)
        print("| pair | build | requests/s | p99 ms | server cores | server CPU µs per request |")
        print("|---|---|---|---|---|---|")
        totals = {"base": [], "new": []}
        for pair in range(1, args.pairs + 1):
            for name, server_bin in (("base", args.base), ("new", args.new)):
                rps, p99, cores = run(server_bin, region, work, args.connections, args.seconds)
                totals[name].append((rps, cores))
                print(f"| {pair} | {name} | {rps:.0f} | {p99:.1f} | {cores:.2f} | {cores / rps * 1e6:.0f} |",
                      flush=True)
        ratios = [n[0] / b[0] for b, n in zip(totals["base"], totals["new"])]
        print(f"\nnew / base throughput per pair: {', '.join(f'{r:.2f}' for r in ratios)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        (load.ROOT / "bench/load/users.lua").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
