#!/usr/bin/env bash
# Banking API throughput through the real server (make bench): starts `passbank serve` on a free
# loopback port with a fresh database in a temp dir, signs a person up with a software passkey and gets
# a passbank-web access token (scripts/bench-setup.py in .venv-test), then runs wrk at concurrency 32:
# POST /api/transfers of 0.01 EUR between the person's own accounts, each with a unique
# Idempotency-Key, and GET /api/accounts for comparison. Prints requests/s, p50, p99 and the count of
# answers that were not 201 (or 200). It never fails on time; it fails when an answer was wrong, the
# ledger does not add up, or it cannot run. It builds nothing.
# Usage: scripts/bench-transfers.sh [BINARY]   (else $PASSBANK_BINARY, else .build/release/passbank)
# Knobs: BENCH_DURATION (10s), BENCH_CONNECTIONS (32), BENCH_THREADS (nproc, at most 4).
set -euo pipefail
cd "$(dirname "$0")/.."

binary=${1:-${PASSBANK_BINARY:-.build/release/passbank}}
duration=${BENCH_DURATION:-10s}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-$(( $(nproc) < 4 ? $(nproc) : 4 ))}
[[ -x "$binary" ]] || { echo "bench-transfers: no executable passbank binary at $binary (build it first)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench-transfers: wrk is missing (scripts/install-deps.sh --bench)" >&2; exit 2; }

# The external suite's venv (scripts/external-tests.sh makes the same one, with the same stamp).
venv=.venv-test
requirements=Tests/ExternalClients/requirements.txt
stamp=$venv/.requirements.sha256
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv" || { echo "bench-transfers: python3 -m venv failed (install python3-venv)" >&2; exit 2; }
fi
wanted=$(sha256sum "$requirements" | cut -d' ' -f1)
if [[ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
  echo "bench-transfers: installing $requirements into $venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" \
    || { echo "bench-transfers: pip install failed" >&2; exit 2; }
  echo "$wanted" >"$stamp"
fi
python=$venv/bin/python

work=$(mktemp -d "${TMPDIR:-/tmp}/passbank-bench.XXXXXX")
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
origin="http://localhost:$port"
"$binary" serve \
  --host 127.0.0.1 --port "$port" --origin "$origin" \
  --database "$work/passbank.sqlite" --public "$work/public" \
  --site Site --templates Templates \
  --rate-limit-ip 1000000/1m --rate-limit-account 1000000/1m \
  --log-level warning >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 600); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "bench-transfers: passbank exited:" >&2; cat "$work/server.log" >&2; exit 2; }
  sleep 0.1
done
curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" \
  || { echo "bench-transfers: passbank did not become healthy in 60 s:" >&2; tail -50 "$work/server.log" >&2; exit 2; }

setup=$("$python" scripts/bench-setup.py signup "$origin") \
  || { echo "bench-transfers: sign-up/token failed; server log:" >&2; tail -50 "$work/server.log" >&2; exit 2; }
eval "$setup"
export PASSBANK_TOKEN PASSBANK_FROM PASSBANK_TO
export BENCH_RUN="$$-$(date +%s)"

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -sr)"
echo "server:  $binary ($(realpath "$binary")), SQLite in $work; wrk -t$threads -c$connections -d$duration on the same machine"

status=0
run() {  # MODE PATH
  local output
  output=$(BENCH_MODE=$1 wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s \
    -s scripts/bench-transfers.lua "http://127.0.0.1:$port$2" 2>&1) || { echo "$output" >&2; status=1; return; }
  echo "$output" | sed -n 's/^RESULT //p'
  if echo "$output" | grep -q '^RESULT .*non-20[01] answers: [1-9]'; then status=1; fi
}
run transfers /api/transfers
run accounts /api/accounts
"$python" scripts/bench-setup.py check "$origin" "$PASSBANK_TOKEN" || status=1
if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "bench-transfers: the server died during the run:" >&2
  tail -50 "$work/server.log" >&2
  status=1
fi
[[ $status -eq 0 ]] || echo "bench-transfers: some answers were wrong (see above)" >&2
exit $status
