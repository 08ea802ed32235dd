#!/usr/bin/env bash
# firstpaint.sh OUT measures the desktop app's start to first paint under
# Xvfb and writes a Markdown paragraph with the result (or with the reason it
# could not be measured) to OUT. Each of RUNS runs starts a fresh Xvfb, starts
# desktop/build/bin/bosgo-desktop with a throwaway HOME and no D-Bus session
# (DBUS_SESSION_BUS_ADDRESS=disabled:, so no keyring or single-instance
# daemon is started), and records:
#   mapped: until xdotool sees the window "bosgo sign-in";
#   painted: until a screenshot of the screen (import -window root) has more
#            than 64 distinct colours, i.e. the page is drawn, not just a
#            blank window. Screenshots are taken back to back, about every
#            POLL ms; the figure is rounded up to that.
set -uo pipefail
out="${1:?usage: firstpaint.sh OUT}"
runs="${RUNS:-5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bin=desktop/build/bin/bosgo-desktop

say() { printf '%s\n' "$*" > "$out"; cat "$out"; }

for tool in Xvfb xdotool import identify; do
  if ! command -v "$tool" >/dev/null; then
    say "_Not measured: \`$tool\` is missing (go tool task desktop:setup installs Xvfb, xdotool and ImageMagick)._"
    exit 0
  fi
done
if ! log="$(go tool task desktop:build 2>&1)"; then
  say "_Not measured: \`go tool task desktop:build\` failed:_

\`\`\`
$(tail -15 <<<"$log")
\`\`\`"
  exit 0
fi

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
mapped=(); painted=(); polls=()
for i in $(seq "$runs"); do
  disp=$((90 + i))
  Xvfb ":$disp" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
  xpid=$!
  for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$disp" ] && break; sleep 0.05; done
  home="$(mktemp -d)"
  t0=$(date +%s%N)
  DISPLAY=":$disp" HOME="$home" XDG_CONFIG_HOME="$home/.config" DBUS_SESSION_BUS_ADDRESS=disabled: "$bin" >/dev/null 2>&1 &
  apid=$!
  m=""; p=""; n=0
  if DISPLAY=":$disp" timeout 30 xdotool search --sync --name '^bosgo sign-in$' >/dev/null 2>&1; then
    m=$(ms "$t0")
    deadline=$(( $(date +%s) + 30 ))
    while [ "$(date +%s)" -lt "$deadline" ]; do
      colours=$(DISPLAY=":$disp" import -window root png:- 2>/dev/null | identify -format '%k' png:- 2>/dev/null || echo 0)
      n=$((n + 1))
      if [ "${colours:-0}" -gt 64 ]; then p=$(ms "$t0"); break; fi
    done
  fi
  kill "$apid" 2>/dev/null; wait "$apid" 2>/dev/null
  kill "$xpid" 2>/dev/null; wait "$xpid" 2>/dev/null
  rm -rf "$home"
  if [ -z "$m" ] || [ -z "$p" ]; then
    say "_Not measured: run $i: the window $( [ -z "$m" ] && echo 'never appeared' || echo 'never showed more than a blank frame') within 30 s._"
    exit 0
  fi
  mapped+=("$m"); painted+=("$p"); polls+=("$(( (p - m) / (n > 0 ? n : 1) ))")
done
med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
say "Measured with bench/firstpaint.sh ($runs runs, each with a fresh Xvfb, throwaway HOME, no D-Bus session): \
window mapped after **$(med "${mapped[@]}") ms** (median; runs: ${mapped[*]} ms), \
first painted frame (a screenshot with more than 64 colours) after **$(med "${painted[@]}") ms** (median; runs: ${painted[*]} ms). \
Screenshots were taken about every $(med "${polls[@]}") ms, so the paint figure is late by up to that much. \
The binary is the production build of \`go tool task desktop:build\` ($(du -h "$bin" | cut -f1))."
