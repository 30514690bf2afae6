#!/usr/bin/env bash
# Runs the browser suite (Tests/Browser): the whole story in headless Chromium (Debian chromium +
# chromium-driver) with CDP virtual authenticators, against the real passbank binary. Screenshots and
# their index go to screenshots/.
# Usage: scripts/browser-tests.sh [BINARY] [PYTEST ARGS...]   (else $PASSBANK_BINARY, else .build/debug/passbank)
# Without chromium the tests skip, unless PASSBANK_BROWSER=required (CI), where they fail. Fails
# (non-zero) whenever the tests could not run: no binary, no python3/venv, pip failure, no test ran.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=${1:-${PASSBANK_BINARY:-.build/debug/passbank}}
if [[ ! -x "$binary" ]]; then
  echo "browser-tests: no executable passbank binary at $binary (build it first, or pass its path)" >&2
  exit 2
fi

# Its own virtual environment (ignored by .gitignore's .build*/), apart from the external suite's.
venv=.build-browser-tests/venv
source scripts/python-venv.sh
ensure_venv browser-tests "$venv" Tests/Browser/requirements.txt

export PASSBANK_BINARY
PASSBANK_BINARY=$(realpath "$binary")
started=$(date +%s)
set +e
"$venv/bin/python" -m pytest Tests/Browser -p no:cacheprovider "${@:2}"
status=$?
set -e
echo "browser-tests: $(($(date +%s) - started)) s; screenshots in screenshots/ (INDEX.md lists them)"
# pytest's 5 means no test was collected: that is a failure here, never a silent pass.
[[ $status -eq 5 ]] && { echo "browser-tests: no test ran" >&2; exit 5; }
exit $status
