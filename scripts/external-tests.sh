#!/usr/bin/env bash
# Runs the external OpenID Connect suite (Tests/ExternalClients) against the real passbank binary,
# driven by a PyPI OpenID client (Authlib) and a software WebAuthn authenticator written in Python.
# Usage: scripts/external-tests.sh [BINARY]   (else $PASSBANK_BINARY, else .build/debug/passbank)
# Fails (non-zero) whenever the tests could not run: no binary, no python3/venv, pip failure.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=${1:-${PASSBANK_BINARY:-.build/debug/passbank}}
if [[ ! -x "$binary" ]]; then
  echo "external-tests: no executable passbank binary at $binary (build it first, or pass its path)" >&2
  exit 2
fi

venv=.venv-test
source scripts/python-venv.sh
ensure_venv external-tests "$venv" Tests/ExternalClients/requirements.txt

export PASSBANK_BINARY
PASSBANK_BINARY=$(realpath "$binary")
set +e
"$venv/bin/python" -m pytest Tests/ExternalClients -p no:cacheprovider "${@:2}"
status=$?
set -e
# pytest's 5 means no test was collected: that is a failure here, never a silent pass.
[[ $status -eq 5 ]] && { echo "external-tests: no test ran" >&2; exit 5; }
exit $status
