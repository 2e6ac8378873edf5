#!/bin/sh
# No circles between files: file A depends on file B when A's object uses
# a symbol that B's object defines (nm); the files must then sort into
# layers, each using only those below it, which tsort checks.  Prints
# "ok layers: NAME: no circles (N files)", or one "not ok layers: NAME:
# circle: A B ... Z" for each circle tsort finds: A uses B, ..., Z uses A
# (circles that share files may be shown more than once, in parts).
#   layers.sh NAME FILE.c...  compile each source with $CC -c, with the
#                             tree's include/ and userspace/ on the include
#                             path (EW_LAYERS_CFLAGS replaces those flags)
#   layers.sh NAME DIR        the object files in DIR (*.o but *.mod.o),
#                             e.g. the kmod/ that kbuild leaves in the
#                             module's build directory
# Only the named files count: a symbol none of them defines (libc, the
# kernel) makes no edge.  Exits 1 when there is a circle or an error.
set -u
if [ $# -lt 2 ]; then
	echo "usage: layers.sh NAME FILE.c... | layers.sh NAME DIR" >&2
	exit 2
fi
name=$1
shift
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# objs: one "OBJECT LABEL" a line; the label is what the report names.
: >"$tmp/objs"
if [ $# -eq 1 ] && [ -d "$1" ]; then
	for o in "$1"/*.o; do
		case $o in *.mod.o) continue ;; esac
		[ -f "$o" ] && echo "$o ${o##*/}" >>"$tmp/objs"
	done
else
	cflags=${EW_LAYERS_CFLAGS:--std=c11 -D_DEFAULT_SOURCE -I$top/include -I$top/userspace}
	n=0
	for c in "$@"; do
		n=$((n + 1))
		# shellcheck disable=SC2086
		if ! ${CC:-cc} $cflags -c -o "$tmp/$n.o" "$c" 2>"$tmp/cc.log"; then
			echo "not ok layers: $name: cannot compile $c"
			sed 's/^/#   /' "$tmp/cc.log" | tail -n 10
			exit 1
		fi
		echo "$tmp/$n.o ${c#"$top"/}" >>"$tmp/objs"
	done
fi
nfiles=$(wc -l <"$tmp/objs")
if [ "$nfiles" -eq 0 ]; then
	echo "not ok layers: $name: no object files"
	exit 1
fi

# defs and uses: "SYMBOL LABEL" lines.  nm -P -g: "SYMBOL TYPE ..."; U, w
# and v are used, not defined; an absolute symbol (A) is nobody's.
: >"$tmp/defs"
: >"$tmp/uses"
while read -r o label; do
	if ! nm -P -g "$o" >"$tmp/nm" 2>"$tmp/nm.log"; then
		echo "not ok layers: $name: nm failed on $o"
		sed 's/^/#   /' "$tmp/nm.log" | tail -n 10
		exit 1
	fi
	awk -v l="$label" '$2 != "U" && $2 != "w" && $2 != "v" && $2 != "A" \
		{ print $1, l }' "$tmp/nm" >>"$tmp/defs"
	awk -v l="$label" '$2 == "U" || $2 == "w" || $2 == "v" { print $1, l }' \
		"$tmp/nm" >>"$tmp/uses"
done <"$tmp/objs"

# The graph for tsort: "USER DEFINER" pairs, and "F F" so that every file
# is in it.
awk 'NR == FNR { def[$1] = def[$1] " " $2; next }
	$1 in def { n = split(def[$1], d, " ")
		for (i = 1; i <= n; i++) if (d[i] != $2) print $2, d[i] }' \
	"$tmp/defs" "$tmp/uses" | sort -u >"$tmp/edges"
awk '{ print $2, $2 }' "$tmp/objs" >>"$tmp/edges"
tsort "$tmp/edges" >/dev/null 2>"$tmp/tsort"

# GNU tsort: "tsort: FILE: input contains a loop:", then "tsort: MEMBER"
# a line.
awk -v name="$name" '
	/input contains a loop/ { if (c != "") print "not ok layers: " name ": circle:" c
		c = ""; inloop = 1; n++; next }
	inloop { sub(/^tsort: /, ""); c = c " " $0 }
	END { if (c != "") print "not ok layers: " name ": circle:" c
		exit n > 0 }' "$tmp/tsort" >"$tmp/report"
loops=$?
if [ "$loops" -ne 0 ]; then
	cat "$tmp/report"
	exit 1
fi
if [ -s "$tmp/tsort" ]; then
	echo "not ok layers: $name: tsort failed"
	sed 's/^/#   /' "$tmp/tsort" | tail -n 10
	exit 1
fi
echo "ok layers: $name: no circles ($nfiles files)"
