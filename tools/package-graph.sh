#!/usr/bin/env bash
# The package dependency graph of the four modules (common, model, data-prep, jobs), org.rrlfn packages only, from
# jdeps over their compiled classes (compile first: mvn -B -q compile). Prints one edge a line ("from -> to"),
# then "no cycles", or "cycle: <packages>" for each set of packages that depend on each other (exit 1).
# Usage: tools/package-graph.sh [--dot FILE]   --dot also writes the graph for Graphviz (dot -Tsvg FILE).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DOT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dot) DOT=${2:?--dot needs a file}; shift 2 ;;
    *) echo "usage: tools/package-graph.sh [--dot FILE]" >&2; exit 2 ;;
  esac
done
JDEPS=${JAVA_HOME:+$JAVA_HOME/bin/}jdeps
dirs=()
for m in common model data-prep jobs; do
  d="$ROOT/$m/target/classes"
  [ -d "$d" ] || { echo "package-graph: no $d: compile first (mvn -B -q compile)" >&2; exit 2; }
  dirs+=("$d")
done
edges=$("$JDEPS" -verbose:package -e 'org\.rrlfn\..*' "${dirs[@]}" \
  | awk '$2 == "->" && $1 ~ /^org\.rrlfn/ && $3 ~ /^org\.rrlfn/ && $1 != $3 { print $1 " -> " $3 }' | sort -u)
printf '%s\n' "$edges"
if [ -n "$DOT" ]; then
  { echo "digraph packages {"
    echo "  rankdir=LR; node [shape=box, fontname=Helvetica];"
    printf '%s\n' "$edges" | awk '{ printf "  \"%s\" -> \"%s\";\n", substr($1, 11), substr($3, 11) }'
    echo "}"; } > "$DOT"
fi
# Cycles: packages that reach each other (transitive closure of the edges).
printf '%s\n' "$edges" | awk '
  BEGIN { n = 0 }
  { for (k = 1; k <= 3; k += 2) if (!($k in id)) { id[$k] = n; name[n++] = $k }
    r[id[$1], id[$3]] = 1 }
  END {
    for (k = 0; k < n; k++) for (i = 0; i < n; i++) if ((i, k) in r) for (j = 0; j < n; j++) if ((k, j) in r) r[i, j] = 1
    cycles = 0
    for (i = 0; i < n; i++) {
      if (seen[i] || !((i, i) in r)) continue
      s = name[i]; seen[i] = 1
      for (j = i + 1; j < n; j++) if (((i, j) in r) && ((j, i) in r)) { s = s " " name[j]; seen[j] = 1 }
      print "cycle: " s; cycles++
    }
    if (cycles == 0) print "no cycles"
    exit cycles > 0
  }'
