#!/bin/sh
# The man pages (man/): each renders without a single warning from groff
# and man-db, and none has drifted from the code: every command and option
# that the reader's --help texts list, and every counter of status, is in
# escapewatch.8; every keyword the rules parser knows, and every key of
# its interpreter lines, is in escapewatch.rules.5, and its example
# parses; the parameters that escapewatch.4 lists are exactly the
# module_param()s of kmod/.
# One "ok ..." / "not ok ..." line per check; exits non-zero if any fails.
#   man-check.sh ESCAPEWATCH
set -u
ew=${1:?usage: man-check.sh ESCAPEWATCH}
here=$(cd "$(dirname "$0")" && pwd)
top=$here/..
man=$top/man
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

ok() { echo "ok man: $*"; }
fail() {
	echo "not ok man: $*"
	failed=1
}

# A page's roff source as text to search: no comments, the usual escapes
# undone, font changes dropped.
plain() {
	sed -e '/^\.\\"/d' -e 's/\\-/-/g' -e 's/\\(aq/'\''/g' \
		-e 's/\\(dq/"/g' -e 's/\\f[BIRP]//g' -e 's/\\[&%c]//g' \
		-e 's/\\e/\\/g' "$1"
}

# The tag of each .TP item of a page's plain text on standard input: the
# first word of the line after .TP.
tags() {
	awk 'tp { sub(/^\.[A-Z]+ /, ""); gsub(/"/, ""); split($0, w, /[ =]/);
		print w[1]; tp = 0; next } /^\.TP/ { tp = 1 }'
}

pages=$(ls "$man"/*.[1-9] 2>/dev/null)
[ -n "$pages" ] || { echo "not ok man: no pages in $man"; exit 1; }
for p in $pages; do
	name=$(basename "$p")
	w=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 "$p" 2>&1 >/dev/null)
	g=$(groff -man -ww -z -K utf8 "$p" 2>&1)
	if [ -z "$w$g" ]; then
		ok "$name renders without a warning"
	else
		fail "$name: warnings"
		printf '%s\n%s\n' "$w" "$g" | sed '/^$/d; s/^/#   /'
	fi
	plain "$p" >"$tmp/$name.txt"
done

# escapewatch.8: the commands and options of every --help.
page8=$man/escapewatch.8
text8=$tmp/escapewatch.8.txt
"$ew" --help >"$tmp/help" || fail "escapewatch --help failed"
cmds=$(sed -n 's/^  escapewatch \([a-z]*\) .*/\1/p' "$tmp/help" | sort -u)
subs=$("$ew" rules --help | sed -n 's/^.*escapewatch rules \([a-z]*\) .*/rules \1/p' | sort -u)
[ -n "$cmds" ] && [ -n "$subs" ] || fail "no commands found in --help"
for c in $cmds; do
	"$ew" "$c" --help >>"$tmp/help" || fail "escapewatch $c --help failed"
done
echo "$subs" | while read -r s; do
	# shellcheck disable=SC2086 # two words
	"$ew" $s --help || echo "not ok man: escapewatch $s --help failed"
done >>"$tmp/help"
grep -q '^not ok' "$tmp/help" && fail "a --help failed"
missing=""
for c in $cmds; do
	[ "$c" = rules ] && continue
	grep -q "^\.SS $c\b" "$page8" || missing="$missing $c"
done
for s in $(echo "$subs" | tr ' ' '_'); do
	grep -q "^\.SS $(echo "$s" | tr _ ' ')\b" "$page8" || missing="$missing $s"
done
if [ -z "$missing" ]; then
	ok "escapewatch.8 has a section for each command:" $cmds $(echo "$subs" | sed 's/rules //')
else
	fail "escapewatch.8 lacks a section for:$missing"
fi
# And no section for a command that does not exist.
extra=$(sed -n 's/^\.SS \([a-z]*\).*/\1/p' "$page8" | sort -u | while read -r c; do
	echo "$cmds" | grep -qx "$c" || echo "$c"; done)
[ -z "$extra" ] && ok "escapewatch.8 documents no command the reader lacks" ||
	fail "escapewatch.8 has sections for unknown commands:" $extra

opts=$(grep -o -- '--[a-z][a-z-]*' "$tmp/help" | sort -u)
values=$(grep -o -- '--[a-z-]*=[a-z]*|[a-z|]*\|audit|enforce' "$tmp/help" |
	sed 's/.*=//' | tr '|' '\n' | sort -u)
missing=""
for o in $opts -h; do
	grep -q -e "$o\b" "$text8" || missing="$missing $o"
done
for v in $values; do
	grep -q "^\.B[RI]* .*\b$v\b" "$text8" || missing="$missing $v"
done
if [ -z "$missing" ]; then
	ok "escapewatch.8 has every option of every --help ($(echo $opts | wc -w)) and their values"
else
	fail "escapewatch.8 lacks:$missing"
fi

# escapewatch.8: every counter status prints, as a .TP item.
counters=$(sed -n 's/^	{ "\([a-z_]*\)", F_[A-Z0-9]*,.*/\1/p' "$top/userspace/cmd/status.c")
[ "$(echo "$counters" | wc -l)" -ge 20 ] || fail "too few counters found in userspace/cmd/status.c"
tags <"$text8" | sort -u >"$tmp/tags8"
missing=""
for c in $counters; do
	grep -qx "$c" "$tmp/tags8" || missing="$missing $c"
done
for c in loaded attached; do
	grep -q "^\.B $c$" "$page8" || missing="$missing $c"
done
[ -z "$missing" ] && ok "escapewatch.8 explains each of status's $(echo "$counters" | wc -l) counters" ||
	fail "escapewatch.8 lacks the counters:$missing"

# escapewatch.8's CONFIGURATION FILE: every key of the parser's table
# (userspace/cmd/watch_opts.c, ew_watch_keys), in bold.
keys=$(sed -n '/ew_watch_keys\[/,/^};/s/.*= "\([a-z-]*\)",$/\1/p' \
	"$top/userspace/cmd/watch_opts.c")
listed=$(plain "$page8" | sed -n '/^\.SH CONFIGURATION FILE/,/^\.SH [A-Z]/p' |
	sed -n 's/^\.BR\{0,1\} \([a-z][a-z-]*\)\( ,\)\{0,1\}$/\1/p')
missing=""
for k in $keys; do
	echo "$listed" | grep -qx -- "$k" || missing="$missing $k"
done
[ "$(echo "$keys" | wc -l)" -ge 10 ] || fail "too few keys found in watch_opts.c"
[ -z "$missing" ] && ok "escapewatch.8's CONFIGURATION FILE lists every key of the parser:" $keys ||
	fail "escapewatch.8's CONFIGURATION FILE lacks:$missing"

# escapewatch.rules.5: every keyword of userspace/rules/rules_parse.c.
page5=$man/escapewatch.rules.5
keys=$(grep -o 'strcmp(key, "[a-z0-9]*")' "$top/userspace/rules/rules_parse.c" |
	sed 's/.*"\(.*\)".*/\1/' | sort -u)
[ "$(echo "$keys" | wc -l)" -ge 10 ] || fail "too few keywords found in rules_parse.c"
tags <"$tmp/escapewatch.rules.5.txt" | sort -u >"$tmp/tags5"
missing=""
for k in $keys; do
	grep -qx "$k" "$tmp/tags5" || missing="$missing $k"
done
[ -z "$missing" ] && ok "escapewatch.rules.5 explains each of the parser's keywords:" $keys ||
	fail "escapewatch.rules.5 lacks the keywords:$missing"
# The keys of an interpreter line: the parser's table of them.
ikeys=$(grep -o '{ "[a-z]*", offsetof(struct ew_interp_src' "$top/userspace/rules/rules_parse.c" |
	sed 's/{ "\([a-z]*\)".*/\1/' | sort -u)
[ "$(echo "$ikeys" | wc -l)" -ge 5 ] || fail "too few interpreter keys found in rules_parse.c"
missing=""
for k in $ikeys; do
	grep -qx "$k" "$tmp/tags5" || missing="$missing $k"
done
[ -z "$missing" ] && ok "escapewatch.rules.5 explains each key of an interpreter line:" $ikeys ||
	fail "escapewatch.rules.5 lacks the interpreter keys:$missing"
extra=$(sed -n '/^\.SH RULES/,/^\.SH LIMITS/p' "$tmp/escapewatch.rules.5.txt" | tags | sort -u |
	while read -r t; do
		echo "$keys $ikeys report deny kill" | tr ' ' '\n' | grep -qx -- "$t" ||
			case $t in -*|@*|\**) ;; *) echo "$t" ;; esac
	done)
[ -z "$extra" ] && ok "escapewatch.rules.5 explains no keyword the parser lacks" ||
	fail "escapewatch.rules.5 explains unknown keywords:" $extra
# Its example is a rules file the reader accepts.
sed -n '/^\.SH EXAMPLES/,/^\.EE/p' "$page5" | sed '1,2d; $d' |
	sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" >"$tmp/example.rules"
if [ -s "$tmp/example.rules" ] &&
	"$ew" rules check "$tmp/example.rules" >"$tmp/check.out" 2>&1; then
	ok "escapewatch.rules.5's example passes rules check: $(cat "$tmp/check.out")"
else
	fail "escapewatch.rules.5's example: $(cat "$tmp/check.out")"
fi

# escapewatch.4: its PARAMETERS are exactly the module's parameters.
page4=$man/escapewatch.4
params=$(cat "$top"/kmod/*.c | tr -d '\n' |
	grep -o 'module_param\(_named\|_cb\)\?([a-z_]*' | sed 's/.*(//' | sort -u)
descs=$(cat "$top"/kmod/*.c | tr -d '\n' |
	grep -o 'MODULE_PARM_DESC([a-z_]*' | sed 's/.*(//' | sort -u)
[ "$(echo "$params" | wc -l)" -ge 5 ] || fail "too few module parameters found in kmod/"
[ "$params" = "$descs" ] && ok "each module parameter has a MODULE_PARM_DESC" ||
	fail "module_param and MODULE_PARM_DESC differ: $params / $descs"
listed=$(plain "$page4" | sed -n '/^\.SH PARAMETERS/,/^\.SH DEVICE/p' | tags | sort -u)
if [ "$params" = "$listed" ]; then
	ok "escapewatch.4 lists exactly the module's parameters:" $params
else
	fail "escapewatch.4 lists '$(echo $listed)', the module has '$(echo $params)'"
fi

exit $failed
