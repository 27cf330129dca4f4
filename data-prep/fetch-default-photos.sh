#!/usr/bin/env bash
# Fetches the project's default training photographs into CACHE_DIR: the nature photos of Debian's
# mate-backgrounds package (GPL-2+, 1280-2560 px JPEGs). Nothing is committed to the repository; the package is
# downloaded with apt on the machine that runs this. Idempotent: a complete cache is left alone.
# Usage: data-prep/fetch-default-photos.sh CACHE_DIR     (then: bin/rrlfn prepare input=CACHE_DIR ...)
set -euo pipefail
if [ $# -ne 1 ]; then echo "usage: $0 CACHE_DIR" >&2; exit 2; fi
CACHE=$1
DONE="$CACHE/.complete"
if [ -f "$DONE" ]; then
  echo "photos already in $CACHE ($(find "$CACHE" -maxdepth 1 -name '*.jpg' | wc -l) files)"
  exit 0
fi
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null \
  || { echo "$0: needs apt-get and dpkg-deb (a Debian or Ubuntu machine)" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# apt-get download writes into the current folder; as root it warns that _apt cannot write there, harmlessly.
(cd "$WORK" && apt-get download mate-backgrounds 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2) || {
  echo "$0: 'apt-get download mate-backgrounds' failed (run 'apt-get update' first?)" >&2; exit 1; }
dpkg-deb -x "$WORK"/mate-backgrounds_*.deb "$WORK/root"
SRC="$WORK/root/usr/share/backgrounds/mate/nature"
count=$(find "$SRC" -maxdepth 1 -name '*.jpg' | wc -l)
[ "$count" -gt 0 ] || { echo "$0: the package holds no $SRC/*.jpg" >&2; exit 1; }

mkdir -p "$CACHE"
cp "$SRC"/*.jpg "$CACHE"/
# Marked complete only after every file is in place, so an interrupted run is redone rather than trusted.
touch "$DONE"
echo "fetched $count photos into $CACHE"
