#!/bin/sh
# Schemathesis against the demo server's OpenAPI document, as the
# Coordinator and as a Planner (issue 9). Not part of the test command:
# it takes minutes and its value is in running long.
#
#   sh bench/schemathesis.sh [EXAMPLES]     # default 10 examples per operation
#
# Needs python3 (creates target/bench-venv with schemathesis from PyPI).
set -eu
cd "$(dirname "$0")/.."
examples="${1:-10}"
venv=target/bench-venv
if [ ! -x "$venv/bin/schemathesis" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check schemathesis
fi
cargo build --quiet --locked --bin stratmon-server
work=$(mktemp -d)
password='Демо-пароль-2026'
# A fixed clock inside October's submission window keeps runs comparable.
target/debug/stratmon-server demo --data "$work/demo.sqlite" --listen 127.0.0.1:0 \
    --demo-password "$password" --clock 2026-11-26T04:00:00Z >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT INT TERM
addr=""
for _ in $(seq 1 120); do
    addr=$(sed -n 's|^listening on http://\([^/]*\)/.*|\1|p' "$work/server.log" 2>/dev/null || true)
    [ -n "$addr" ] && break
    sleep 1
done
[ -n "$addr" ] || { cat "$work/server.log"; echo "the demo server did not start" >&2; exit 1; }
status=0
for login in demo.coordinator demo.planner; do
    token=$(curl -sf -X POST "http://$addr/api/v1/auth/login" -H 'content-type: application/json' \
        -d "{\"login\":\"$login\",\"password\":\"$password\"}" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
    echo "== schemathesis as $login, $examples examples per operation"
    "$venv/bin/schemathesis" --config-file bench/schemathesis/schemathesis.toml run \
        "http://$addr/api/v1/openapi.json" -H "Authorization: Bearer $token" \
        --max-examples "$examples" --no-color || status=1
done
if grep -q 'panicked\|ERROR' "$work/server.log"; then
    echo "the server logged errors:" >&2
    grep 'panicked\|ERROR' "$work/server.log" >&2
    status=1
fi
exit $status
