#!/usr/bin/env bash
# Starts the real `passbank serve` binary on a free loopback port with a fresh database and site,
# and checks what a person's browser and an operator would see first. Prints "N passed, N failed".
set -uo pipefail
binary=${1:-.build/debug/passbank}
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://localhost:$port"
passed=0
failed=0

check() { # check NAME COMMAND...
  local name=$1; shift
  if "$@" >"$work/out" 2>&1; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     /' "$work/out" | head -20
  fi
}

"$binary" serve --port "$port" --public "$work/public" --database "$work/var/passbank.sqlite" >"$work/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

for _ in $(seq 1 300); do
  curl -sf "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.2
done

headers() { curl -sSI "$base$1"; }
has_header() { headers "$1" | tr -d '\r' | grep -qi "^$2"; }

check "the server builds the missing site and says so" grep -q "Building the site" "$work/server.log"
check "/healthz answers ok with the database" sh -c "curl -sf $base/healthz | grep -q '\"status\":\"ok\"'"
check "/signin/ is HTML" has_header /signin/ "content-type: text/html"
check "/signin/ has a strict CSP" has_header /signin/ "content-security-policy: default-src 'self'; script-src 'self'"
check "/signin/ forbids framing" sh -c "curl -sSI $base/signin/ | grep -qi \"frame-ancestors 'none'\""
check "/signin/ has nosniff" has_header /signin/ "x-content-type-options: nosniff"
check "/signin/ has Referrer-Policy" has_header /signin/ "referrer-policy: no-referrer"
check "/signin/ allows passkeys in Permissions-Policy" has_header /signin/ "permissions-policy: publickey-credentials-get=(self)"
check "/signin redirects to /signin/" sh -c "curl -sSI $base/signin | tr -d '\r' | grep -qi '^location: /signin/'"
check "an unknown page is the 404 page with status 404" sh -c "test \$(curl -s -o /dev/null -w '%{http_code}' $base/no-such-page/) = 404"
check "an unknown API route is a JSON problem" sh -c "curl -s $base/api/nope | grep -q '\"code\":\"not-found\"'"
check "the banking API asks for a bearer token (RFC 6750)" sh -c "curl -sS -D - -o /dev/null $base/api/accounts | tr -d '\r' | grep -qi '^www-authenticate: Bearer realm=\"passbank-api\"'"
check "a path with .. never leaves public/" sh -c "! curl -s --path-as-is $base/../../etc/passwd | grep -q root:"
check "the server stops gracefully on SIGTERM" sh -c "kill -TERM $server; for i in \$(seq 1 50); do kill -0 $server 2>/dev/null || exit 0; sleep 0.1; done; exit 1"

if [[ $failed -gt 0 ]]; then
  echo "--- server log ---"; tail -30 "$work/server.log"
fi
echo "smoke: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
