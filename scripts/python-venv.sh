# Sourced by the scripts that run Python suites and tools: makes (or refreshes) a virtualenv from a
# pinned requirements file. The venv is rebuilt only when the file's SHA-256 changes.
# Usage: ensure_venv WHO VENV REQUIREMENTS   (WHO prefixes the messages; exits 2 when it cannot)

ensure_venv() {
  local who=$1 venv=$2 requirements=$3
  local stamp=$venv/.requirements.sha256 wanted
  if [[ ! -x "$venv/bin/python" ]]; then
    mkdir -p "$(dirname "$venv")"
    python3 -m venv "$venv" || { echo "$who: python3 -m venv failed (install python3-venv)" >&2; exit 2; }
  fi
  wanted=$(sha256sum "$requirements" | cut -d' ' -f1)
  if [[ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
    echo "$who: installing $requirements into $venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" \
      || { echo "$who: pip install failed" >&2; exit 2; }
    echo "$wanted" >"$stamp"
  fi
}
