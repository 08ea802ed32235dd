#!/usr/bin/env bash
# deb.sh BINARY VERSION OUTDIR: packages the bosgo desktop app as a Debian
# package with dpkg-deb: /usr/bin/bosgo-desktop, a .desktop entry (so the
# app appears in the desktop's menu) and its icon; then checks the result.
# Used by `go tool task desktop:package`.
set -euo pipefail
bin=${1:?binary}; version=${2:?version}; out=${3:?output dir}
here=$(cd "$(dirname "$0")" && pwd)
arch=$(dpkg --print-architecture)
pkg=bosgo-desktop
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"

install -D -m 0755 "$bin" "$stage/usr/bin/$pkg"
install -D -m 0644 "$here/$pkg.desktop" "$stage/usr/share/applications/$pkg.desktop"
install -D -m 0644 "$here/../build/appicon.png" "$stage/usr/share/icons/hicolor/512x512/apps/$pkg.png"
install -D -m 0644 "$here/copyright" "$stage/usr/share/doc/$pkg/copyright"

size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
mkdir -p "$stage/DEBIAN"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: $pkg
Version: $version
Section: net
Priority: optional
Architecture: $arch
Installed-Size: $size
Depends: libgtk-3-0, libwebkit2gtk-4.1-0
Recommends: gnome-keyring | kwalletmanager, xdg-utils
Maintainer: bosgo <bosgo@example.com>
Homepage: https://github.com/bosgo/bosgo
Description: BosBase sign-in desktop app
 Signs in to a BosBase (PocketBase-compatible) server with a password,
 an emailed code, two-step sign-in or OAuth2 in the system browser, and
 keeps the session encrypted at rest (XChaCha20-Poly1305, key in the OS
 keyring, or derived from a passphrase).
CONTROL
# Refresh the icon cache and menus when the desktop tools are present.
cat > "$stage/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
POSTINST
chmod 0755 "$stage/DEBIAN/postinst"
cp "$stage/DEBIAN/postinst" "$stage/DEBIAN/postrm"

mkdir -p "$out"
deb="$out/${pkg}_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null

# Check what an installer will see.
contents=$(dpkg-deb --contents "$deb")
for want in ./usr/bin/$pkg ./usr/share/applications/$pkg.desktop ./usr/share/icons/hicolor/512x512/apps/$pkg.png; do
  grep -q " $want\$" <<<"$contents" || { echo "deb.sh: $want missing from $deb" >&2; exit 1; }
done
[ "$(dpkg-deb --field "$deb" Package)" = "$pkg" ]
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$here/$pkg.desktop"; fi
# Dependencies resolve and apt accepts the package (simulated, changes nothing).
if command -v apt-get >/dev/null; then
  apt-get install -s "$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")" >/dev/null
fi
echo "$deb"
