#!/usr/bin/env bash
# wine-test.sh PKG...: compiles the tests of each Go package for
# windows/amd64 and runs them under Wine (Debian's wine64), headless and
# from scratch: a new WINEPREFIX in a temporary folder, no X display, Wine's
# debug output off; the prefix and its wineserver are gone afterwards.
# Fails when a test fails; `-test.v` output shows every skip and its reason.
# Used by `go tool task desktop:wine`; see docs/desktop.md "Windows".
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 PKG..." >&2; exit 2; }
for bin in wine wineboot wineserver x86_64-w64-mingw32-ld; do
  command -v "$bin" >/dev/null || { echo "wine-test.sh: $bin is missing: run \`go tool task desktop:setup\`" >&2; exit 1; }
done

work=$(mktemp -d /tmp/bosgo-wine.XXXXXX)
export WINEPREFIX="$work/prefix" WINEARCH=win64 WINEDEBUG=-all
# No Mono or Gecko install prompts; console programs need no display.
export WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
cleanup() {
  wineserver -k 2>/dev/null || true
  wineserver -w 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

wineboot -i >/dev/null 2>&1

# Go ≥ 1.22 draws its randomness from ProcessPrng in bcryptprimitives.dll,
# which Wine 8 (Debian 12) lacks: the runtime aborts at start without it.
# Stand in with a DLL of one forwarded export to advapi32's RtlGenRandom
# (SystemFunction036), which has the same arguments and returns nonzero
# on success, as ProcessPrng does. No code, only an export table.
cat > "$work/bcp.def" <<'DEF'
LIBRARY bcryptprimitives.dll
EXPORTS
ProcessPrng = advapi32.SystemFunction036
DEF
x86_64-w64-mingw32-as /dev/null -o "$work/empty.o"
x86_64-w64-mingw32-ld --dll -e 0 -nostdlib -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  "$work/empty.o" "$work/bcp.def"

status=0
for pkg in "$@"; do
  exe="$work/$(basename "$pkg").test.exe"
  # -checklinkname=0: internal/winetest reaches one test switch of the
  # standard library under Wine (see its doc).
  GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go test -c -ldflags=-checklinkname=0 -o "$exe" "$pkg"
  echo "wine-test.sh: $pkg (windows/amd64, $(wine --version))"
  start=$(date +%s)
  if wine "$exe" -test.v -test.count=1 > "$work/out.txt" 2>&1; then rc=0; else rc=$?; fi
  # Every result line and every skip reason; the whole log on failure.
  if [ "$rc" -ne 0 ]; then cat "$work/out.txt"; status=1; else
    grep -E -- '^(--- |    --- SKIP|ok|PASS|FAIL)|^ *[a-z_]+_test\.go:[0-9]+: ' "$work/out.txt" | grep -v -- '^    --- PASS' || true
  fi
  echo "wine-test.sh: $pkg exit $rc in $(( $(date +%s) - start )) s"
done
exit $status
