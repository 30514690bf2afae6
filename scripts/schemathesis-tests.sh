#!/usr/bin/env bash
# Property-based fuzzing of the real passbank binary from its own OpenAPI document (GET /openapi.json)
# with schemathesis from PyPI (Tests/Schemathesis, docs/openapi.md). A fresh server on a free loopback
# port with a temporary database, an operator trust anchor for a test security key, and a deployment
# file with apps and related origins; a customer signs up with that key (the external suite's software
# authenticator), so their bearer token is `phrh` and high-risk operations reach their handlers; then
# every operation gets generated requests, valid and invalid. Checks: no 5xx, responses as documented,
# and every 4xx from a JSON endpoint a problem document with a code. At the end, the answers per
# operation (2xx / 3xx / 4xx / 5xx).
#
# Usage: scripts/schemathesis-tests.sh [BINARY] [more schemathesis run options]
#   (BINARY else $PASSBANK_BINARY, else .build/debug/passbank)
# Bounded: SCHEMATHESIS_MAX_EXAMPLES cases per operation and phase (default 8), the whole run stopped
# after SCHEMATHESIS_TIME_LIMIT seconds (default 150: a hang is a failure). For a longer run, raise both
# (docs/openapi.md). SCHEMATHESIS_SCHEMA=FILE fuzzes from a local copy of the document instead of the
# one the binary serves (to try an edit before a rebuild). Fails (non-zero) whenever the fuzzing could
# not run, or the server died.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=${1:-${PASSBANK_BINARY:-.build/debug/passbank}}
if [[ ! -x "$binary" ]]; then
  echo "schemathesis-tests: no executable passbank binary at $binary (build it first, or pass its path)" >&2
  exit 2
fi
binary=$(realpath "$binary")
max_examples=${SCHEMATHESIS_MAX_EXAMPLES:-8}
time_limit=${SCHEMATHESIS_TIME_LIMIT:-150}

venv=.venv-schema
source scripts/python-venv.sh
ensure_venv schemathesis-tests "$venv" Tests/Schemathesis/requirements.txt
# The venv keeps itself out of git.
printf '*\n' >"$venv/.gitignore"

work=$(mktemp -d "${TMPDIR:-/tmp}/passbank-schemathesis.XXXXXX")
port=$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
origin="http://localhost:$port"
log=$work/server.log
# The test security key's root as an operator anchor (its signing key stays with the hooks), and what
# the well-known files answer with (Tests/Schemathesis/fuzz_bank.py, docs/deployment.md).
"$venv/bin/python" Tests/Schemathesis/fuzz_bank.py "$work/anchors" "$work/authority"
cat >"$work/deployment.json" <<'JSON'
{
  "appleApps": ["ABCDE12345.com.example.passbank"],
  "androidApps": [{"package": "com.example.passbank",
                   "sha256CertFingerprints": ["14:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E5"]}],
  "relatedOrigins": ["https://passbank.example.de"]
}
JSON
# A legacy password account for POST /auth/password (LEGACY_USERNAME and LEGACY_PASSWORD in fuzz_bank.py).
read -r legacy_user legacy_password < <("$venv/bin/python" -c 'import sys; sys.path.insert(0, "Tests/Schemathesis")
import fuzz_bank; print(fuzz_bank.LEGACY_USERNAME, fuzz_bank.LEGACY_PASSWORD)')
printf '%s\n' "$legacy_password" | "$binary" users add "$legacy_user" --database "$work/passbank.sqlite" >/dev/null
# One address sends every request here: the limits themselves are tested in PassbankServerTests.
# A security key added later counts at once (--new-key-hold 0s), should a generated request remove the first.
"$binary" serve \
  --host 127.0.0.1 --port "$port" --origin "$origin" \
  --database "$work/passbank.sqlite" --public "$work/public" --site Site --templates Templates \
  --trust-anchors "$work/anchors" --new-key-hold 0s --deployment "$work/deployment.json" \
  --rate-limit-ip 1000000/1m --rate-limit-account 1000000/1m --password-attempts 1000000/1m \
  --log-level warning >"$log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
show_log() {
  echo "---- passbank server log ($log) ----" >&2
  tail -c 6000 "$log" >&2 || true
}

# The server builds the site before it listens.
for _ in $(seq 600); do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "schemathesis-tests: passbank exited before it became healthy" >&2
    show_log
    exit 1
  fi
  curl -sf "$origin/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf "$origin/healthz" >/dev/null || { echo "schemathesis-tests: passbank did not become healthy in 60 s" >&2; show_log; exit 1; }

started=$(date +%s)
# One worker: the server is what takes the time on two cores (two workers save about 2 s of 18), and
# with two, CPython 3.11's ast.parse, which Hypothesis runs on first describing a strategy, can fail
# when two threads parse at once ("AST constructor recursion depth mismatch", cpython#106905).
set +e
PASSBANK_ORIGIN=$origin PASSBANK_FUZZ_AUTHORITY=$work/authority SCHEMATHESIS_HOOKS=Tests/Schemathesis/hooks.py \
  timeout --kill-after=10 "$time_limit" \
  "$venv/bin/schemathesis" --config-file Tests/Schemathesis/schemathesis.toml run "${SCHEMATHESIS_SCHEMA:-$origin/openapi.json}" \
  --url "$origin" \
  --max-examples "$max_examples" \
  --workers 1 \
  --request-timeout 10 \
  --generation-database none \
  --no-color \
  "${@:2}"
status=$?
set -e
echo "schemathesis-tests: $(($(date +%s) - started)) s of fuzzing (at most $max_examples cases per operation and phase)"
if [[ $status -eq 124 || $status -eq 137 ]]; then
  echo "schemathesis-tests: stopped after the ${time_limit} s limit (a hang, or raise SCHEMATHESIS_TIME_LIMIT)" >&2
  show_log
  exit 1
fi
# A crash is a failure even when every answer before it passed.
if ! kill -0 "$server" 2>/dev/null || ! curl -sf "$origin/healthz" >/dev/null; then
  echo "schemathesis-tests: passbank died or stopped answering during the run" >&2
  show_log
  exit 1
fi
[[ $status -ne 0 ]] && show_log
exit $status
