#!/usr/bin/env bash
# The soak (docs/performance.md; not part of CI or `make test`): N minutes of mixed load -- passkey
# sign-ins, token refreshes, account reads, transfers and replays of their Idempotency-Keys -- on the
# release server, SIGKILLed and restarted on the same database every minute. After each restart it
# checks that no acknowledged transfer was lost or duplicated, replays give the same transfer, a
# completed ceremony is refused when sent again, and, per server life under the same load, that open
# descriptors and RSS do not grow. Prints a line per minute and a verdict; exit 1 on any problem.
# Usage: scripts/soak.sh [--minutes 10] [--keep] [BINARY]   (else $PASSBANK_BINARY, else
# .build-release/release/passbank; build it with
# `swift build -c release --product passbank --scratch-path .build-release`).
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=10
keep=()
binary=${PASSBANK_BINARY:-.build-release/release/passbank}
while [[ $# -gt 0 ]]; do
  case $1 in
    --minutes) minutes=$2; shift 2 ;;
    --minutes=*) minutes=${1#--minutes=}; shift ;;
    --keep) keep=(--keep); shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) binary=$1; shift ;;
  esac
done
[[ "$minutes" =~ ^[1-9][0-9]*$ ]] || { echo "soak: --minutes wants a whole number of minutes, not $minutes" >&2; exit 2; }
[[ -x "$binary" ]] || { echo "soak: no executable passbank binary at $binary (build it first)" >&2; exit 2; }

# The external suite's venv (scripts/external-tests.sh makes the same one, with the same stamp).
venv=.venv-test
source scripts/python-venv.sh
ensure_venv soak "$venv" Tests/ExternalClients/requirements.txt

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -sr)"
exec "$venv/bin/python" -u scripts/soak.py "${keep[@]}" --minutes "$minutes" "$binary"
