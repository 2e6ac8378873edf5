#!/bin/bash
# completion/escapewatch in bash: COMPREPLY for typical command lines
# (commands, options, values, "--opt=value" split at "=" as bash does,
# files for rules load and check), and for every command the options its
# --help lists, no more and no fewer, so the two cannot drift apart.
# One "ok ..." / "not ok ..." line per check; exits non-zero if any fails.
#   completion-check.sh ESCAPEWATCH
set -u
ew=${1:?usage: completion-check.sh ESCAPEWATCH}
here=$(cd "$(dirname "$0")" && pwd)
failed=0

# shellcheck source=../completion/escapewatch
. "$here/../completion/escapewatch" || { echo "not ok completion: cannot source it"; exit 1; }
if complete -p escapewatch 2>/dev/null | grep -q -- '-F _escapewatch escapewatch$'; then
	echo "ok completion: sourcing it registers _escapewatch for escapewatch"
else
	echo "not ok completion: escapewatch's completion is not registered"
	failed=1
fi

# replies WORD...: COMPREPLY, sorted, one a line, for the command line
# WORD... with the cursor at the end of the last word.
replies() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_escapewatch escapewatch "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
	((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}" | sort
}

# expect "WANT..." WORD...: the replies are exactly WANT (words, any order).
expect() {
	local want got
	want=$(printf '%s\n' $1 | sort)
	shift
	got=$(replies "$@")
	if [ "$got" = "$want" ]; then
		echo "ok completion: '$*' gives $(echo $want)"
	else
		echo "not ok completion: '$*' gives '$(echo $got)', not '$(echo $want)'"
		failed=1
	fi
}

expect "watch status rules mode --help" escapewatch ""
expect "status" escapewatch st
expect "--format" escapewatch watch --fo
expect "--respond --respond-exec --respond-timeout" escapewatch watch --resp
expect "scc json text" escapewatch watch --format ""
expect "json" escapewatch watch --format j
expect "scc json text" escapewatch watch --format = ""
expect "json" escapewatch watch --format = j
expect "--format=json" escapewatch watch --format=j
expect "freeze" escapewatch watch --new --respond ""
expect "local unix: udp: tcp:" escapewatch watch --syslog ""
expect "" escapewatch watch --count ""
expect "--log-lines --lookup-timeout" escapewatch watch --lo
expect "" escapewatch watch --lookup-timeout ""
expect "--json" escapewatch status --j
expect "load show check compile --help" escapewatch rules ""
expect "audit enforce" escapewatch mode ""
expect "enforce" escapewatch mode en
expect "--config --device --help" escapewatch mode audit ""
expect "--c" escapewatch rules compile --c

# Files: rules load and check, --output, --device.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/sub"
: >"$tmp/a.rules"
: >"$tmp/b.rules"
: >"$tmp/other"
cd "$tmp" || exit 1
expect "a.rules b.rules other sub" escapewatch rules load ""
expect "a.rules" escapewatch rules check a
expect "a.rules" escapewatch rules load --device /dev/escapewatch a
expect "other" escapewatch watch --output o
expect "other" escapewatch watch --config o
expect "other" escapewatch mode --config o
expect "sub" escapewatch status --device s
cd - >/dev/null || exit 1

# Each command's options are exactly those of its --help.
for cmd in watch status mode "rules load" "rules show" "rules check" "rules compile"; do
	# shellcheck disable=SC2086 # one or two words
	help=$("$ew" $cmd --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
	if [ -z "$help" ]; then
		echo "not ok completion: escapewatch $cmd --help lists no option"
		failed=1
		continue
	fi
	# shellcheck disable=SC2086
	expect "$help" escapewatch $cmd --
done

exit $failed
