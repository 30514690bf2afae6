#!/usr/bin/env bash
# Installs the Debian packages Passbank builds and tests with, when they are missing.
# As root it installs them; otherwise it prints the exact command to run and stops.
# Usage: scripts/install-deps.sh [--test | --bench]   (--test adds what the test suite needs,
# --bench what `make bench` needs)
set -euo pipefail

packages=(pkg-config libsqlite3-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libssl-dev curl)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(python3 python3-venv)  # python3-venv: scripts/external-tests.sh makes .venv-test/
  packages+=(chromium chromium-driver)  # scripts/browser-tests.sh: headless Chromium and its WebDriver
fi
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(wrk python3 python3-venv)  # scripts/bench-transfers.sh: wrk, and .venv-test/ for its setup
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ "$(id -u)" -eq 0 ]]; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Passbank needs these system packages: ${missing[*]}" >&2
  echo "Install them with:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
