#!/usr/bin/env bash
# The load benchmark of `make bench`: sign-ins, token refreshes, account reads and transfers through the
# real (release) server at concurrency 1, 8, 32 and 128 -- throughput, p50, p99, server RSS -- beside
# the single-core `openssl speed ecdsap256` verify rate, as one table (scripts/bench-load.py; wrk with
# scripts/bench-transfers.lua drives reads and transfers, a Python generator sign-ins and refreshes).
# It never fails on time; it fails when an answer was wrong, the ledger does not add up, or it cannot
# run. It builds nothing; it makes .venv-test from Tests/ExternalClients/requirements.txt when needed.
# Usage: scripts/bench-transfers.sh [BINARY]   (else $PASSBANK_BINARY, else .build-release/release/passbank)
# Knobs: BENCH_DURATION (8 seconds per run), BENCH_CONCURRENCY (1,8,32,128), BENCH_MODES
# (signins,refreshes,accounts,transfers). See docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=${1:-${PASSBANK_BINARY:-.build-release/release/passbank}}
[[ -x "$binary" ]] || { echo "bench-transfers: no executable passbank binary at $binary (build it first)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench-transfers: wrk is missing (scripts/install-deps.sh --bench)" >&2; exit 2; }

# The external suite's venv (scripts/external-tests.sh makes the same one, with the same stamp).
venv=.venv-test
source scripts/python-venv.sh
ensure_venv bench-transfers "$venv" Tests/ExternalClients/requirements.txt
python=$venv/bin/python

echo "load average before the load benchmark: $(cut -d' ' -f1-3 /proc/loadavg)"
exec "$python" scripts/bench-load.py "$binary"
