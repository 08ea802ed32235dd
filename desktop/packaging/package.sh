#!/usr/bin/env bash
# package.sh BINARY VERSION OUTDIR: makes bin/bosgo-desktop_<version>_amd64.deb
# and bosgo-desktop-<version>-1.x86_64.rpm from the one nfpm spec
# (desktop/packaging/nfpm.yaml; nfpm is pinned in tools/nfpm, built into
# bin/nfpm), then checks them as a distribution would: desktop-file-validate
# on the entry, lintian on the .deb (no errors), the same files in both
# packages, and the dependencies. Run from the repository root; used by
# `go tool task desktop:package`.
set -euo pipefail
bin=${1:?binary}; version=${2:?version}; out=${3:?output dir}
here=desktop/packaging
[ -f "$here/nfpm.yaml" ] || { echo "package.sh: run from the repository root" >&2; exit 2; }
[ -x "$bin" ] || { echo "package.sh: $bin is not an executable" >&2; exit 1; }
# The files nfpm.yaml names that are made here (gitignored).
stage=desktop/build/package
rm -rf "$stage" && mkdir -p "$stage"
install -m 0755 "$bin" "$stage/bosgo-desktop"
gzip -9n -c "$here/changelog" > "$stage/changelog.gz"
export BOSGO_DESKTOP_VERSION=$version

mkdir -p "$out"
deb="$out/bosgo-desktop_${version}_amd64.deb"
rpm="$out/bosgo-desktop-${version}-1.x86_64.rpm"
rm -f "$deb" "$rpm"
bin/nfpm package -f "$here/nfpm.yaml" -p deb -t "$deb" >/dev/null
bin/nfpm package -f "$here/nfpm.yaml" -p rpm -t "$rpm" >/dev/null

desktop-file-validate "$here/bosgo-desktop.desktop"
# lintian exits non-zero on any error (E:) tag; warnings are printed.
lintian --fail-on error --tag-display-limit 0 "$deb"

# Both packages hold exactly the same files.
deb_files=$(dpkg-deb --fsys-tarfile "$deb" | tar -t | sed -n 's|^\./|/|p' | grep -v '/$' | sort)
rpm_files=$(rpm -qlp "$rpm" 2>/dev/null | sort)
if [ "$deb_files" != "$rpm_files" ]; then
  echo "package.sh: the .deb and the .rpm differ:" >&2
  diff <(echo "$deb_files") <(echo "$rpm_files") >&2 || true
  exit 1
fi
for want in /usr/bin/bosgo-desktop /usr/share/applications/bosgo-desktop.desktop \
  /usr/share/doc/bosgo-desktop/copyright /usr/share/icons/hicolor/{16x16,32x32,48x48,128x128,256x256,512x512}/apps/bosgo-desktop.png; do
  grep -qx "$want" <<<"$deb_files" || { echo "package.sh: $want missing" >&2; exit 1; }
done
dpkg-deb --field "$deb" Depends | grep -q 'libwebkit2gtk-4.1-0' || { echo "package.sh: .deb does not depend on WebKitGTK 4.1" >&2; exit 1; }
rpm -qp --requires "$rpm" 2>/dev/null | grep -qx 'webkit2gtk4.1' || { echo "package.sh: .rpm does not require webkit2gtk4.1" >&2; exit 1; }
# apt accepts the .deb and its dependencies resolve (a simulation).
apt-get install -s "$(cd "$out" && pwd)/$(basename "$deb")" >/dev/null
echo "$deb"
echo "$rpm"
