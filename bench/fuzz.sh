#!/bin/sh
# Fuzzing of stratmon's untrusted inputs with cargo-fuzz (issue 9): the JSON
# bodies of the report and registration endpoints, the plan import from CSV
# and XLSX, and the dump reader of `stratmon-server restore`. Not part of the
# test command: its value is in running long.
#
#   sh bench/fuzz.sh [SECONDS] [TARGET...]   # default 600 s each, every target
#
# Runs each target for SECONDS and prints, per target, the executions and
# whether it crashed; exits 1 if any did. Crashing inputs are kept under
# target/fuzz-artifacts/TARGET/; reproduce one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -a TARGET FILE
# The committed seeds are fuzz/corpus/TARGET/; inputs found along the way go
# to target/fuzz-corpus/TARGET/ so the committed corpus stays small.
#
# libFuzzer needs `-Zsanitizer`, a nightly flag; RUSTC_BOOTSTRAP=1 lets the
# stable toolchain accept it, for this script only. Installs cargo-fuzz from
# crates.io if it is missing. On a shared machine run it as
#   CARGO_BUILD_JOBS=1 nice -n 15 sh bench/fuzz.sh
set -eu
cd "$(dirname "$0")/.."
seconds="${1:-600}"
[ $# -gt 0 ] && shift
targets="${*:-report_body registration_body plan_import_csv plan_import_xlsx dump_parser}"

export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
# Debug assertions on: an arithmetic overflow is a finding, not a wrap.
cargo fuzz build --debug-assertions

root=$(pwd)
results=$(mktemp)
trap 'rm -f "$results"' EXIT INT TERM
status=0
for t in $targets; do
    corpus="$root/target/fuzz-corpus/$t"
    artifacts="$root/target/fuzz-artifacts/$t"
    log="target/fuzz-logs/$t.log"
    mkdir -p "$corpus" "$artifacts" target/fuzz-logs
    echo "== $t for $seconds s (log: $log)"
    if cargo fuzz run --debug-assertions "$t" "$corpus" "$root/fuzz/corpus/$t" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=60 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1; then
        result="no crash"
    else
        result="CRASH: $(sed -n 's/.*Test unit written to \(.*\)/\1/p' "$log" | tail -n 1)"
        status=1
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    if [ -z "$execs" ]; then
        execs=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
    fi
    printf '%s\t%s\t%s\t%s\n' "$t" "$seconds" "${execs:-?}" "$result" | tee -a "$results"
done
echo
echo "target	seconds	executions	result"
cat "$results"
exit $status
