#!/bin/sh
# The docs against themselves and against the tests:
#   - every relative link in README.md, docs/*.md resolves: the file
#     exists and, for #anchor, the target has a heading with that
#     GitHub slug; every *.md a man page names exists;
#   - a block of commands after a marker
#         <!-- docs-check: run by FILE -->
#     has each of its lines in FILE, outside comments (after FILE's own
#     NAME=value variables are put in, quotes taken out, and the version
#     in a package's file name read as *); "quoted in FILE" accepts a
#     comment of FILE too;
#   - every install and removal line shown (dpkg -i, dpkg --purge,
#     modprobe -r, deluser, apt-get install dkms) is in such a block;
#   - the sample after <!-- docs-check: make demo --> holds each pattern
#     of tests/demo.expect (as the real output must, tests/check.sh), and
#     each of its "==" lines and its first line are ones the demo says
#     (tests/qemu/init.sh, tests/qemu/run.sh).
# One "ok docs: ..." / "not ok docs: ..." line per check; exits non-zero
# if any fails.
#   docs-check.sh [TOP]     TOP: the tree to check (default: this one)
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "${1:-$here/..}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

ok() { echo "ok docs: $*"; }
fail() {
	echo "not ok docs: $*"
	failed=1
}

cd "$top" || exit 1
pages="README.md $(ls docs/*.md)"
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)

# The GitHub slug of each heading of a Markdown file, one a line:
# lower case, punctuation but - and _ dropped, spaces made -, a repeated
# slug numbered -1, -2, ...
slugs() {
	awk '/^```/ { fence = !fence; next }
	fence || /^    / { next }
	/^#+ / {
		s = $0; sub(/^#+ +/, "", s); s = tolower(s)
		gsub(/[^a-z0-9 _-]/, "", s); gsub(/ /, "-", s)
		if (seen[s]++) s = s "-" (seen[s] - 1)
		print s
	}' "$1"
}

# Each link of a Markdown file as "LINE TARGET": not in code blocks or
# code spans.
links() {
	awk '/^```/ { fence = !fence; next }
	fence || /^    / || /^\t/ { next }
	{
		l = $0; gsub(/`[^`]*`/, "", l)
		while (match(l, /\]\([^) ]+\)/)) {
			print FNR, substr(l, RSTART + 2, RLENGTH - 3)
			l = substr(l, RSTART + RLENGTH)
		}
	}' "$1"
}

# Links.
for p in $pages; do
	dir=$(dirname "$p")
	n=0 bad=0
	links "$p" >"$tmp/links"
	while read -r line target; do
		n=$((n + 1))
		case $target in
		http://* | https://* | mailto:*) continue ;;
		esac
		file=${target%%#*}
		anchor=
		case $target in *'#'*) anchor=${target#*#} ;; esac
		if [ -z "$file" ]; then
			file=$p
		else
			file=$dir/$file
		fi
		if [ ! -e "$file" ]; then
			fail "$p:$line: $target: no file $file"
			bad=$((bad + 1))
			continue
		fi
		if [ -n "$anchor" ] && ! slugs "$file" | grep -qxF -- "$anchor"; then
			fail "$p:$line: $target: no heading #$anchor in $file"
			bad=$((bad + 1))
		fi
	done <"$tmp/links"
	[ $bad = 0 ] && ok "$p: its $n links resolve"
done
for m in man/*.[1-9]; do
	names=$(grep -v '^\.\\"' "$m" | sed 's/\\-/-/g' |
		grep -o '[A-Za-z0-9_./-]*\.md' | sort -u)
	miss=""
	for f in $names; do
		[ -e "$f" ] || miss="$miss $f"
	done
	[ -z "$miss" ] && ok "$m: the files it names exist ($(echo "${names:-none}" | tr '\n' ' ' | sed 's/ $//'))" ||
		fail "$m names files that do not exist:$miss"
done

# The lines of FILE as a test runs them, one a line: NAME=value
# variables of FILE put in, quotes and a trailing \ taken out, blanks
# squeezed.  With "quoted", its comments too, without their #.
testlines() {	# testlines FILE run|quoted
	awk -v how="$2" '
	function put(l, v, val,    re) {
		re = "\\$(" v "|\\{" v "\\})([^A-Za-z0-9_]|$)"
		while (match(l, re)) {
			n = (substr(l, RSTART + 1, 1) == "{") ? length(v) + 3 : length(v) + 1
			l = substr(l, 1, RSTART - 1) val substr(l, RSTART + n)
		}
		return l
	}
	/^[A-Za-z_][A-Za-z0-9_]*=/ {
		i = index($0, "="); name = substr($0, 1, i - 1)
		var[name] = substr($0, i + 1)
	}
	{ line[NR] = $0 }
	END {
		for (i = 1; i <= NR; i++) {
			l = line[i]
			sub(/^[ \t]+/, "", l)
			if (l ~ /^#/) {
				if (how != "quoted") continue
				sub(/^#[ \t]*/, "", l)
			}
			for (round = 0; round < 4; round++)
				for (v in var)
					l = put(l, v, var[v])
			gsub(/"/, "", l); sub(/[ \t]*\\$/, "", l); gsub(/[ \t]+/, " ", l)
			print l
		}
	}' "$1"
}

# The blocks after each marker of a page: "LINE KIND FILE<TAB>COMMAND",
# one a command line, its comment and blanks taken out.
marked() {
	awk '/^<!-- docs-check: .* -->$/ {
		m = $0; sub(/^<!-- docs-check: /, "", m); sub(/ -->$/, "", m)
		want = 1; inblock = 0; next
	}
	want && /^$/ && !inblock { next }
	want && /^    / {
		inblock = 1; l = substr($0, 5)
		sub(/[ \t]+#.*$/, "", l); sub(/[ \t]+$/, "", l)
		print FNR "\t" m "\t" l; next
	}
	{ want = 0; inblock = 0 }' "$1"
}

# Commands shown against the tests that run them.
for p in $pages; do
	marked "$p" >"$tmp/marked"
	grep -v '	make demo	' "$tmp/marked" >"$tmp/cmds"
	[ -s "$tmp/cmds" ] || continue
	n=0 bad=0
	while IFS='	' read -r line m cmd; do
		case $m in
		"run by "*) how=run file=${m#run by } ;;
		"quoted in "*) how=quoted file=${m#quoted in } ;;
		*) fail "$p:$line: unknown marker '$m'"; bad=$((bad + 1)); continue ;;
		esac
		[ -f "$file" ] || { fail "$p:$line: no file $file"; bad=$((bad + 1)); continue; }
		n=$((n + 1))
		want=$(printf '%s\n' "$cmd" | sed "s/_${version}_/_*_/g; s/\"//g; s/[ 	][ 	]*/ /g")
		if ! testlines "$file" "$how" | grep -qF -- "$want"; then
			fail "$p:$line: '$cmd' is not in $file"
			bad=$((bad + 1))
		fi
	done <"$tmp/cmds"
	[ $bad = 0 ] && ok "$p: its $n command lines are the ones the tests run ($(cut -f2 "$tmp/cmds" | sort -u | sed 's/^[a-z]* [a-z]* //' | tr '\n' ' ' | sed 's/ $//'))"
done

# Every install and removal line shown is in a checked block.
unchecked=""
for p in $pages; do
	marked "$p" | cut -f1 >"$tmp/lines"
	awk '/^```/ { fence = !fence; next }
	(fence || /^    /) && /^ *(sudo )?(dpkg -i|dpkg --purge|modprobe -r|deluser|apt-get install dkms)/ { print FNR }' \
		"$p" >"$tmp/shown"
	while read -r l; do
		grep -qx "$l" "$tmp/lines" || unchecked="$unchecked $p:$l"
	done <"$tmp/shown"
done
[ -z "$unchecked" ] && ok "every install and removal line shown is checked against a test" ||
	fail "install or removal lines not checked against a test:$unchecked"

# make demo: README's sample against tests/demo.expect and the lines
# the demo says.
marked README.md | awk -F '\t' '$2 == "make demo" { print $3 }' >"$tmp/demo"
if [ ! -s "$tmp/demo" ]; then
	fail "README.md shows no make demo sample (<!-- docs-check: make demo -->)"
else
	grep -v '^#' tests/demo.expect | grep -v '^$' >"$tmp/patterns"
	while IFS= read -r pat; do
		grep -q -e "$pat" "$tmp/demo" &&
			ok "README.md's make demo sample has '$pat', as make demo's output must (tests/demo.expect)" ||
			fail "README.md's make demo sample lacks '$pat' (tests/demo.expect)"
	done <"$tmp/patterns"
	# What the demo says, as case patterns: $VAR and ${...} are *.
	{
		sed -n 's/^[ \t]*say "\(== .*\)"$/\1/p' tests/qemu/init.sh
		sed -n 's/^[ \t]*echo "\(escapewatch demo: .*\)"$/\1/p' tests/qemu/run.sh |
			sed 's/\$(.*)/*/'
	} | sed -e ':a' -e 's/\${[^{}]*}/*/; ta' -e 's/\$[A-Za-z_][A-Za-z0-9_]*/*/g' >"$tmp/says"
	n=0 bad=0
	while IFS= read -r l; do
		case $l in "== "* | "escapewatch demo: "*) ;; *) continue ;; esac
		n=$((n + 1))
		found=
		while IFS= read -r pat; do
			# shellcheck disable=SC2254
			case $l in $pat) found=1; break ;; esac
		done <"$tmp/says"
		[ -n "$found" ] || { fail "README.md's make demo sample: '$l' is not a line the demo prints"; bad=$((bad + 1)); }
	done <"$tmp/demo"
	[ $n -gt 0 ] && [ $bad = 0 ] && ok "README.md's make demo sample: its $n narrating lines are the demo's"
	[ $n = 0 ] && fail "README.md's make demo sample has no narrating line"
fi

exit $failed
