#!/usr/bin/env bash
# external-devserver.sh MODE... — runs `go tool task test:external` against a
# devserver started here (bin/devserver, no -dev: used only through its URL and
# admin API, as a deployment is) in each token mode given: bosbase stands in for
# a BosBase deployment, pocketbase for a PocketBase one. Both must pass except
# the skips the tests print. SUITES (core wasm web) is passed on.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- bosbase pocketbase
pid=""
work=""
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [ -n "$work" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
for mode in "$@"; do
  work=$(mktemp -d)
  ./bin/devserver -addr 127.0.0.1:0 -data "$work/data" -static "$work/no-site" -fast-hash -token-mode "$mode" >"$work/out" 2>"$work/err" &
  pid=$!
  url=""
  for _ in $(seq 600); do # up to 60 s for the READY line
    url=$(sed -n 's/^READY {"url":"\([^"]*\)".*/\1/p' "$work/out")
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/err" >&2; echo "external-devserver: the devserver ($mode) exited" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$work/err" >&2; echo "external-devserver: the devserver ($mode) did not print READY" >&2; exit 1; }
  echo "external-devserver: test:external against a devserver in $mode token mode at $url (SUITES=${SUITES:-core wasm web})"
  BOSGO_EXTERNAL_SUPERUSER_EMAIL=admin@example.com BOSGO_EXTERNAL_SUPERUSER_PASSWORD=adminpassword \
    go tool task test:external URL="$url" SUITES="${SUITES:-core wasm web}"
  cleanup
  pid=""
  work=""
done
