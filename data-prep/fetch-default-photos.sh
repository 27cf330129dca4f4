#!/usr/bin/env bash
# Fetches the project's default training photographs into CACHE_DIR from Debian packages (nothing is committed to
# the repository; each package is downloaded with apt on the machine that runs this):
#   mate-backgrounds             the nature photos (/usr/share/backgrounds/mate/nature/*.jpg, 1280-2560 px)
#   plasma-workspace-wallpapers  the KDE wallpapers that are photographs (the original JPEG of each: 2560x1600,
#                                SafeLanding 1622x2880)
# Files are named <package>-<name>.jpg, and CACHE_DIR/_sources.tsv lists, per image name (the file name without
# extension, as `rrlfn prepare` names images), the package, its version, the licence of Debian's copyright file
# and the original path: prepare copies it into the manifest. Idempotent: a complete cache is left alone.
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

# Plasma wallpapers that are photographs (the others are renders and illustrations).
PLASMA_PHOTOS="Autumn BytheWater ColdRipple ColorfulCups DarkestHour EveningGlow FallenLeaf Kite OneStandsOut Path
SafeLanding summer_1am"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# apt-get download writes into the current folder; as root it warns that _apt cannot write there, harmlessly.
download() {
  (cd "$WORK" && apt-get download mate-backgrounds plasma-workspace-wallpapers 2>&1 \
    | grep -v '^W: Download is performed unsandboxed' >&2; exit "${PIPESTATUS[0]}")
}
# A fresh machine has no package lists yet: as root, fetch them once and try again.
download || { [ "$(id -u)" = 0 ] && apt-get update -qq && download; } || {
  echo "$0: 'apt-get download mate-backgrounds plasma-workspace-wallpapers' failed (as root, run 'apt-get update')" >&2
  exit 1; }

mkdir -p "$WORK/out"
printf 'image\tpackage\tversion\tlicence\tcopyright\toriginal\n' > "$WORK/out/_sources.tsv"

# licence COPYRIGHT_FILE PATH: "licence<TAB>copyright holder" of PATH by Debian's machine-readable copyright file
# (DEP-5): the last stanza whose Files patterns match the path's end (a pattern of the source tree, e.g.
# nature/Aqua.jpg, matches /usr/share/backgrounds/mate/nature/Aqua.jpg).
licence() {
  local found="" pattern lic holder
  while IFS=$'\t' read -r pattern lic holder; do
    # shellcheck disable=SC2053  # the pattern is a glob on purpose
    if [[ $2 == $pattern || $2 == */$pattern ]]; then found="$lic"$'\t'"$holder"; fi
  done < <(awk '
    function flush() { if (files != "" && lic != "") { n = split(files, p, " "); for (i = 1; i <= n; i++) print p[i] "\t" lic "\t" holder } files = ""; lic = ""; holder = ""; field = "" }
    /^$/ { flush(); next }
    /^Files:/ { sub(/^Files: */, ""); files = $0; field = "files"; next }
    /^Copyright:/ { sub(/^Copyright: */, ""); holder = $0; field = "copyright"; next }
    /^License:/ { sub(/^License: */, ""); lic = $0; field = "license"; next }
    /^[ \t]/ { if (field == "files") files = files " " $0; next }
    { field = "" }
    END { flush() }' "$1")
  printf '%s' "$found"
}

# add PACKAGE FILE: copies FILE (extracted under $WORK/<package>) as <package>-<name>.jpg and records it.
add() {
  local pkg=$1 file=$2 name=$3 root="$WORK/$1"
  local version lic
  version=$(dpkg-deb -f "$WORK/${pkg}"_*.deb Version)
  lic=$(licence "$root/usr/share/doc/$pkg/copyright" "${file#"$root"}")
  [ -n "$lic" ] || { echo "$0: no licence for ${file#"$root"} in $pkg's copyright file" >&2; exit 1; }
  cp "$file" "$WORK/out/$pkg-$name.jpg"
  printf '%s\t%s\t%s\t%s\t%s\n' "$pkg-$name" "$pkg" "$version" "$lic" "${file#"$root"}" >> "$WORK/out/_sources.tsv"
}

dpkg-deb -x "$WORK"/mate-backgrounds_*.deb "$WORK/mate-backgrounds"
for f in "$WORK"/mate-backgrounds/usr/share/backgrounds/mate/nature/*.jpg; do
  n=$(basename "$f" .jpg); add mate-backgrounds "$f" "$n"
done
dpkg-deb -x "$WORK"/plasma-workspace-wallpapers_*.deb "$WORK/plasma-workspace-wallpapers"
for w in $PLASMA_PHOTOS; do
  dir="$WORK/plasma-workspace-wallpapers/usr/share/wallpapers/$w/contents/images"
  # The package's other sizes are links to one original; where there are several originals, the narrowest.
  f=$(find "$dir" -maxdepth 1 -type f -name '*.jpg' -printf '%f\n' | sort -t x -k1,1n | head -1)
  f="$dir/$f"
  add plasma-workspace-wallpapers "$f" "$w"
done

count=$(find "$WORK/out" -maxdepth 1 -name '*.jpg' | wc -l)
[ "$count" -gt 20 ] || { echo "$0: expected over 20 photos, found $count" >&2; exit 1; }
mkdir -p "$CACHE"
cp "$WORK"/out/*.jpg "$WORK/out/_sources.tsv" "$CACHE"/
# Marked complete only after every file is in place, so an interrupted run is redone rather than trusted.
touch "$DONE"
echo "fetched $count photos into $CACHE (sources and licences: $CACHE/_sources.tsv)"
