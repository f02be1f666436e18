#!/usr/bin/env python3
"""HTTP load (issue 9): the month-end mix against stratmon-server on the large
region (200 participants, 10,000 events, three years of reports; or the demo
region), a minimal axum "hello" server as the ceiling in the same run, and the
mix again beside a login storm.

    cargo build --release -p stratmon-http --bin stratmon-server --example hello \
        -p stratmon-bench --bin stratmon-region
    python3 bench/load.py [--region large|demo] [--connections 64] [--seconds 30]

Needs `wrk` (Debian package `wrk`). Prints one table; bench/README.md keeps
the figures. Standard library only.
"""

import argparse
import functools
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Демо-пароль-2026"
CLOCK = "2026-11-26T04:00:00Z"  # inside October 2026's window
LARGE_CLOCK = "2026-11-28T04:00:00Z"  # the generator's today, inside October's window
# The large region's people (`stratmon-region`): a Planner, an Analyst and a
# Head in each of ten participants, and the Coordinator.
LARGE_STAFF = [f"p{i:03}" for i in range(1, 11)]
PLANNERS = ["demo.planner", "demo.planner2", "sokolov.ai", "egorova.ii", "kozlova.sp",
            "kiseleva.vg", "kalinina.ti", "kuznetsov.vg", "lebedeva.ls", "sidorova.ei"]
ANALYSTS = ["demo.analyst", "volkov.dp", "novikova.ma", "pavlov.ig", "grigorev.ao"]
HEADS = ["demo.head", "lebedeva.no", "fedorov.mm", "semenova.tn", "vasileva.di"]


def call(port, method, path, body=None, token=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    raw = response.read()
    conn.close()
    return response.status, (json.loads(raw) if raw else None)


def wait_listening(process, log, timeout=600):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"exited early; see {log}")
        match = re.search(r"listening on http://([^/\s]+)/", log.read_text(errors="replace"))
        if match:
            return int(match.group(1).rsplit(":", 1)[1])
        time.sleep(0.2)
    sys.exit(f"did not start; see {log}")


def user_entry(port, login, role):
    status, grant = call(port, "POST", "/api/v1/auth/login", {"login": login, "password": PASSWORD})
    if status != 200:
        sys.exit(f"login of {login}: {status}")
    token = grant["token"]
    _, items = call(port, "GET", "/api/v1/inbox", token=token)
    wanted = {"planner": ("fill_report", "fix_report"), "analyst": ("check_report",),
              "head": ("approve_report",)}[role]
    reports = [f"/api/v1/events/{i['event']}/reports/{i['period']['year']}/{i['period']['month']}"
               for i in items if i["task"] in wanted and i.get("period")]
    events = sorted({i["event"] for i in items if i.get("event")})
    if not reports:
        return None
    return {"role": role, "token": token, "reports": reports, "events": events or ["1.1.1"]}


# The state in which each role still has something to do with a report:
# a Planner saves drafts and returned reports (or creates the report), an
# Analyst accepts submitted ones, a Head approves accepted ones.
OPEN = {"planner": {"draft", "returned"}, "analyst": {"submitted"}, "head": {"accepted"}}


def connections_table(port, users, connections):
    """One entry per wrk connection for month-end.lua: each user's reports
    dealt out among the connections that sign in as that user, so no two
    connections change the same report, each with its version and whether
    it is still open to the user, read from the server now."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    @functools.cache
    def current(path, token):
        """A report's version and state, read once per deal (connections
        that only read ask again for their user's reports)."""
        conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        response = conn.getresponse()
        body = response.read()
        if response.status == 404:
            return 0, None
        if response.status != 200:
            sys.exit(f"GET {path}: {response.status}")
        return int(response.getheader("ETag").strip('"')), json.loads(body)["workflow"]["state"]

    rows = []
    for i in range(connections):
        user = users[i % len(users)]
        sharing = len(range(i % len(users), connections, len(users)))
        reports = []
        for path in user["reports"][i // len(users)::sharing]:
            version, state = current(path, user["token"])
            open_ = state in OPEN[user["role"]] or (state is None and user["role"] == "planner")
            reports.append({"path": path, "version": version, "open": open_})
        if not reports:
            # More connections than the user has reports (the demo region's
            # Planners, or a short queue):
            # this one only reads the user's reports that exist, which the
            # connections owning them change but never make absent.
            for path in user["reports"]:
                version, _ = current(path, user["token"])
                if version:
                    reports.append({"path": path, "version": version, "open": False})
        rows.append({**user, "reports": reports})
    conn.close()
    return rows


def lua_table(rows):
    def s(v):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    def report(r):
        return "{ path = %s, version = %d, open = %s }" % (s(r["path"]), r["version"], "true" if r["open"] else "false")
    lines = []
    for u in rows:
        lines.append("{ role = %s, token = %s, events = { %s },\n    reports = { %s } }" % (
            s(u["role"]), s(u["token"]), ", ".join(map(s, u["events"])), ", ".join(map(report, u["reports"]))))
    return "connections = {\n  " + ",\n  ".join(lines) + "\n}\n"


def deal(port, users, connections):
    """Writes month-end.lua's table afresh from the server's state: each run
    of the mix moves versions on and closes reports for the next."""
    (ROOT / "bench/load/users.lua").write_text(lua_table(connections_table(port, users, connections)))


def mix(port, connections, seconds):
    """One run of the month-end mix on the table `deal` wrote."""
    result = wrk(f"http://127.0.0.1:{port}", connections, seconds, ROOT / "bench/load/month-end.lua")
    if "Socket errors" in result["raw"]:
        # wrk sends a request again on a new connection after a socket
        # error, and the script's count and versions no longer hold.
        sys.exit(f"the mix had socket errors:\n{result['raw']}")
    expected = re.search(r"Expected non-2xx: (\d+)", result["raw"])
    if not expected or not int(expected.group(1)) - connections <= result["non2xx"] <= int(expected.group(1)):
        # The script knows every answer in advance; another count means a
        # version or state it relied on was not what the server had.
        sys.exit(f"the mix's answers other than 2xx are not the ones its script expected:\n{result['raw']}")
    result["expected"] = int(expected.group(1))
    return result


def wrk(url, connections, seconds, script=None, env=None):
    args = ["wrk", "-t", str(connections), "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        args += ["-s", str(script)]
    out = subprocess.run(args + [url], capture_output=True, text=True, env={**os.environ, **(env or {})}).stdout
    def figure(pattern):
        m = re.search(pattern, out)
        return m.group(1) if m else "?"
    def ms(text):
        m = re.match(r"([\d.]+)(us|ms|s)", text)
        if not m:
            return float("nan")
        return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    return {
        "rps": float(figure(r"Requests/sec:\s+([\d.]+)")),
        "p50": ms(figure(r"\s50%\s+(\S+)")),
        "p99": ms(figure(r"\s99%\s+(\S+)")),
        "non2xx": int(figure(r"Non-2xx or 3xx responses: (\d+)")) if "Non-2xx" in out else 0,
        "requests": int(figure(r"(\d+) requests in")),
        "raw": out,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--storm", type=int, default=4, help="connections of the login storm")
    parser.add_argument("--region", choices=["large", "demo"], default="large",
                        help="the generated large region (default) or the demo region")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk missing: apt-get install wrk")
    server_bin = ROOT / "target/release/stratmon-server"
    hello_bin = ROOT / "target/release/examples/hello"
    region_bin = ROOT / "target/release/stratmon-region"
    for b in (server_bin, hello_bin, region_bin):
        if not b.exists():
            sys.exit(f"{b} missing: cargo build --release -p stratmon-http --bin stratmon-server --example hello "
                     "-p stratmon-bench --bin stratmon-region")
    work = Path(tempfile.mkdtemp(prefix="stratmon-load-"))
    server_log, hello_log = work / "server.log", work / "hello.log"
    if args.region == "large":
        data = work / "large.sqlite"
        started = time.monotonic()
        subprocess.run([str(region_bin), "--data", str(data), "--password", PASSWORD], check=True,
                       stdout=subprocess.DEVNULL)
        print(f"large region generated in {time.monotonic() - started:.0f} s")
        # The new 430 MB file is still in the page cache, unwritten: the
        # server's first fsyncs would wait for the kernel to write it all,
        # stalling every save for up to a second (a cost of this script,
        # not of the server).
        os.sync()
        command = [str(server_bin), "serve", "--data", str(data), "--listen", "127.0.0.1:0", "--clock", LARGE_CLOCK]
        people = ([(f"{p}.planner", "planner") for p in LARGE_STAFF] + [(f"{p}.analyst", "analyst") for p in LARGE_STAFF]
                  + [(f"{p}.head", "head") for p in LARGE_STAFF])
        storm_login = "coordinator"
    else:
        command = [str(server_bin), "demo", "--data", str(work / "demo.sqlite"), "--listen", "127.0.0.1:0",
                   "--demo-password", PASSWORD, "--clock", CLOCK]
        people = ([(l, "planner") for l in PLANNERS] + [(l, "analyst") for l in ANALYSTS]
                  + [(l, "head") for l in HEADS])
        storm_login = "demo.coordinator"
    server = subprocess.Popen(command, stdout=open(server_log, "w"), stderr=subprocess.STDOUT,
                              env={**os.environ, "RUST_LOG": "warn"})
    hello = subprocess.Popen([str(hello_bin), "127.0.0.1:0"], stdout=open(hello_log, "w"), stderr=subprocess.STDOUT)
    storm_proc = None
    try:
        port = wait_listening(server, server_log)
        hello_port = wait_listening(hello, hello_log)
        users = [u for u in (user_entry(port, login, role) for login, role in people) if u]
        url = f"http://127.0.0.1:{port}"
        c, s = args.connections, args.seconds
        print(f"load: {args.region} region, {len(users)} users ({sum(u['role'] == 'planner' for u in users)} planners), "
              f"{c} connections, {s} s per run, machine: {os.cpu_count()} cores")
        ceiling = wrk(f"http://127.0.0.1:{hello_port}/", c, s)
        # The same ceiling driven by the mix's client script: wrk's Lua
        # (choosing and building each request) takes CPU from the same two
        # cores, so this is what the machine leaves a server under this
        # client. The hello server answers its every path.
        deal(port, users, c)
        scripted = wrk(f"http://127.0.0.1:{hello_port}", c, s, ROOT / "bench/load/month-end.lua")
        quiet = mix(port, c, s)
        # wrk drops the requests in flight when it stops, but the server
        # still commits the saves among them: let them land before reading
        # versions again.
        time.sleep(1)
        deal(port, users, c)
        storm_proc = subprocess.Popen(
            ["wrk", "-t", str(args.storm), "-c", str(args.storm), "-d", f"{s + 4}s", "--latency",
             "-s", str(ROOT / "bench/load/login.lua"), url + "/api/v1/auth/login"],
            stdout=subprocess.PIPE, text=True,
            env={**os.environ, "LOGIN": storm_login, "PASSWORD": PASSWORD})
        time.sleep(2)
        stormy = mix(port, c, s)
        storm_out = storm_proc.communicate()[0]
        logins = re.search(r"Requests/sec:\s+([\d.]+)", storm_out)
        print()
        print("| run | requests/s | p50 ms | p99 ms | non-2xx |")
        print("|---|---|---|---|---|")
        for name, r in (("hello ceiling", ceiling), ("hello ceiling, mix's client script", scripted),
                        ("month-end mix, quiet", quiet), ("month-end mix beside a login storm", stormy)):
            expected = f" ({r['expected']} expected)" if "expected" in r else ""
            print(f"| {name} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['non2xx']} of {r['requests']}{expected} |")
        print()
        print(f"mix / ceiling: {quiet['rps'] / ceiling['rps'] * 100:.1f} % (target ≥ 30 %); "
              f"mix / scripted ceiling: {quiet['rps'] / scripted['rps'] * 100:.1f} %; "
              f"p99 quiet {quiet['p99']:.1f} ms (target < 50 ms); "
              f"p99 beside the storm {stormy['p99']:.1f} ms = {stormy['p99'] / quiet['p99']:.2f}× quiet (target ≤ 2×); "
              f"logins/s in the storm: {logins.group(1) if logins else '?'}")
        errors = [l for l in server_log.read_text(errors="replace").splitlines() if "ERROR" in l or "panicked" in l]
        if errors:
            print(f"server errors: {len(errors)}; first: {errors[0]}")
    finally:
        for p in (server, hello, storm_proc):
            if p is not None:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)
        (ROOT / "bench/load/users.lua").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
