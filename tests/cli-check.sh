#!/bin/sh
# The reader's command line, without a module: --help on every command
# (usage on standard output, exit 0), a wrong option (one line and a hint
# on standard error, exit 2), and status when the device is missing (it
# still answers, as text and as JSON, with the documented exit status).
# One "ok ..." / "not ok ..." line per check; exits non-zero if any fails.
#   cli-check.sh ESCAPEWATCH
set -u
ew=${1:?usage: cli-check.sh ESCAPEWATCH}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

ok() { echo "ok cli: $*"; }
fail() {
	echo "not ok cli: $*"
	sed 's/^/#   /' "$tmp/out" "$tmp/err"
	failed=1
}

# run ARGS...: $tmp/out, $tmp/err, $rc
run() {
	"$ew" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

run --help
if [ $rc = 0 ] && [ ! -s "$tmp/err" ] && head -n 1 "$tmp/out" | grep -q '^usage: escapewatch '; then
	ok "escapewatch --help"
else
	fail "escapewatch --help: exit $rc"
fi

run
if [ $rc = 2 ] && grep -q '^usage: ' "$tmp/err" && [ ! -s "$tmp/out" ]; then
	ok "escapewatch alone: usage on standard error, exit 2"
else
	fail "escapewatch alone: exit $rc"
fi

# Every command that escapewatch --help and rules --help name.
cmds=$("$ew" --help | sed -n 's/^  escapewatch \([a-z]*\) .*/\1/p' | sort -u)
subs=$("$ew" rules --help | sed -n 's/^.*escapewatch rules \([a-z]*\) .*/rules \1/p' | sort -u)
if [ "$(echo "$cmds" | wc -w)" -lt 4 ] || [ "$(echo "$subs" | wc -l)" -lt 4 ]; then
	echo "not ok cli: too few commands in --help: $cmds / $subs"
	failed=1
fi
echo "$cmds
$subs" | while read -r cmd; do
	[ -n "$cmd" ] || continue
	# shellcheck disable=SC2086 # cmd is one or two words
	for h in --help -h; do
		run $cmd $h
		if [ $rc = 0 ] && [ ! -s "$tmp/err" ] &&
			head -n 1 "$tmp/out" | grep -q "^usage: escapewatch $cmd\b"; then
			ok "escapewatch $cmd $h"
		else
			fail "escapewatch $cmd $h: exit $rc"
		fi
	done
	run $cmd --no-such-option
	if [ $rc = 2 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" = 2 ] &&
		[ "$(sed -n 1p "$tmp/err")" = "escapewatch $cmd: unknown option '--no-such-option'" ] &&
		[ "$(sed -n 2p "$tmp/err")" = "Try 'escapewatch $cmd --help'." ]; then
		ok "escapewatch $cmd --no-such-option: an error and a hint, exit 2"
	else
		fail "escapewatch $cmd --no-such-option: exit $rc"
	fi
done >"$tmp/loop"
cat "$tmp/loop"
grep -q '^not ok' "$tmp/loop" && failed=1

run frobnicate
if [ $rc = 2 ] && [ "$(wc -l <"$tmp/err")" = 2 ] &&
	grep -q "^escapewatch: unknown command 'frobnicate'$" "$tmp/err"; then
	ok "an unknown command: an error and a hint, exit 2"
else
	fail "an unknown command: exit $rc"
fi

for args in "watch --count 0" "watch --format=xml" "watch --device" \
	"watch --lookup-timeout=0" "watch --lookup-timeout 10001" \
	"status extra" "rules load" "rules show extra" "mode" "mode sideways" \
	"watch --config" "watch --config a --config b" "mode --config" \
	"rules compile rules.txt"; do
	# shellcheck disable=SC2086
	run $args
	if [ $rc = 2 ] && [ "$(wc -l <"$tmp/err")" = 2 ] &&
		grep -q "^Try 'escapewatch .* --help'\.$" "$tmp/err"; then
		ok "escapewatch $args: exit 2, with a hint"
	else
		fail "escapewatch $args: exit $rc"
	fi
done

# --config FILE: every wrong line told as FILE:LINE (exit 2), an unreadable
# file exit 1, the file's settings used and the command line's over them.
printf 'format text\nformt json\ncount 0\nformat scc\n' >"$tmp/bad.conf"
run watch --config "$tmp/bad.conf"
if [ $rc = 2 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" = 3 ] &&
	grep -qx "escapewatch: $tmp/bad.conf:2: unknown key 'formt'" "$tmp/err" &&
	grep -qx "escapewatch: $tmp/bad.conf:3: count wants a positive number, not '0'" "$tmp/err" &&
	grep -qx "escapewatch: $tmp/bad.conf:4: format given again (first on line 1)" "$tmp/err"; then
	ok "watch --config with wrong lines: each told with FILE:LINE, exit 2"
else
	fail "watch --config with wrong lines: exit $rc"
fi
run mode --config "$tmp/bad.conf"
if [ $rc = 2 ] && grep -q "bad.conf:2: unknown key 'formt'" "$tmp/err"; then
	ok "mode --config checks the whole file: exit 2"
else
	fail "mode --config with wrong lines: exit $rc"
fi
run watch --config "$tmp/none.conf"
if [ $rc = 1 ] && grep -qx "escapewatch: cannot read $tmp/none.conf: No such file or directory" "$tmp/err"; then
	ok "watch --config without the file: exit 1"
else
	fail "watch --config without the file: exit $rc"
fi
printf '# from the file\ndevice %s\nnew yes\nmode enforce\n' "$tmp/file-dev" >"$tmp/good.conf"
run watch --config "$tmp/good.conf"
if [ $rc = 1 ] && grep -q "$tmp/file-dev" "$tmp/err"; then
	ok "watch --config: the file's device is the one opened"
else
	fail "watch --config: the file's device was not used: exit $rc"
fi
run watch --device "$tmp/cli-dev" --config "$tmp/good.conf"
if [ $rc = 1 ] && grep -q "$tmp/cli-dev" "$tmp/err" && ! grep -q file-dev "$tmp/err"; then
	ok "watch --config: an option on the command line wins over the file"
else
	fail "watch --config: the command line did not win: exit $rc"
fi
run mode --config "$tmp/good.conf"
if [ $rc = 1 ] && grep -q "$tmp/file-dev" "$tmp/err"; then
	ok "mode --config: the file's mode and device"
else
	fail "mode --config: exit $rc"
fi
printf 'format json\n' >"$tmp/nomode.conf"
run mode --config "$tmp/nomode.conf"
if [ $rc = 0 ] && grep -qx "mode left as it is: $tmp/nomode.conf sets none" "$tmp/out"; then
	ok "mode --config with no mode in the file: left as it is, exit 0"
else
	fail "mode --config with no mode: exit $rc"
fi

# status without a device node.  Here the module is not loaded (this
# machine never loads it); where /sys/module/escapewatch exists, status
# must say it is loaded and exit 1 instead of 3.
dev=$tmp/no-such-device
if [ -d /sys/module/escapewatch ]; then want=1 loaded=1; else want=3 loaded=0; fi
run status --device "$dev"
if [ $rc = $want ] && [ "$(sed -n 1p "$tmp/out")" = "loaded $loaded" ] &&
	sed -n 2p "$tmp/out" | grep -qx 'attached [01]' &&
	[ "$(wc -l <"$tmp/out")" = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] &&
	grep -q "no device node $dev\|$dev: no device node" "$tmp/err"; then
	ok "status without a device: loaded $loaded, the reason, exit $rc"
else
	fail "status without a device: exit $rc (want $want)"
fi
text_rc=$rc
run status --json --device "$dev"
if [ $rc = $text_rc ] && [ ! -s "$tmp/err" ] && [ "$(wc -l <"$tmp/out")" = 1 ] &&
	python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
want = sys.argv[2] == "1"
assert o["module"]["loaded"] is want, o
assert o["module"]["attached"] in (True, False), o
assert sys.argv[3] in o["error"], o
assert set(o) == {"module", "error"}, o
' "$tmp/out" $loaded "$dev"; then
	ok "status --json without a device: one object with the error, exit $rc"
else
	fail "status --json without a device: exit $rc (text gave $text_rc)"
fi

# Not the device: /dev/null answers no version ioctl.
run status --json --device /dev/null
if [ $rc = $want ] &&
	grep -q '"error":"/dev/null: not an escapewatch device' "$tmp/out"; then
	ok "status --json on /dev/null: not an escapewatch device, exit $rc"
else
	fail "status --json on /dev/null: exit $rc"
fi

# Permission refused, as an unprivileged user (nobody) where this runs as
# root with setpriv: the read-only open that status, watch and rules show
# make says what reading needs; rules load and mode open for writing, and
# say that they need root with CAP_SYS_ADMIN.  Plain files stand in for the
# device: one mode 0600, one 0644 (readable, not writable).  The reader
# is copied where nobody may run it (a package build's tree is not).
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 755 "$tmp"
	cp "$ew" "$tmp/ew" && chmod 755 "$tmp/ew"
	: >"$tmp/dev0600"
	: >"$tmp/dev0644"
	chmod 600 "$tmp/dev0600"
	chmod 644 "$tmp/dev0644"
	printf 'rule 1 x\n\tname x\n' >"$tmp/r.rules"
	chmod 644 "$tmp/r.rules"
	asnobody() {
		setpriv --reuid=65534 --regid=65534 --clear-groups "$tmp/ew" "$@" \
			>"$tmp/out" 2>"$tmp/err"
		rc=$?
	}
	readmsg="permission denied: reading findings and status needs read access to the device node (root, or membership of its group: escapewatch with the Debian package)"
	writemsg="permission denied: loading rules and changing the mode need root with CAP_SYS_ADMIN"
	asnobody rules show --device "$tmp/dev0600"
	if [ $rc = 1 ] && [ ! -s "$tmp/out" ] &&
		[ "$(cat "$tmp/err")" = "escapewatch: $tmp/dev0600: $readmsg" ]; then
		ok "rules show refused a read-only open: one line on what reading needs, exit 1"
	else
		fail "rules show refused a read-only open: exit $rc"
	fi
	for c in "rules load $tmp/r.rules" "mode audit"; do
		# shellcheck disable=SC2086 # two or three words
		asnobody $c --device "$tmp/dev0644"
		if [ $rc = 1 ] && [ ! -s "$tmp/out" ] &&
			[ "$(cat "$tmp/err")" = "escapewatch: $tmp/dev0644: $writemsg" ]; then
			ok "${c%% /*} opens for writing, refused: one line on what it needs, exit 1"
		else
			fail "${c%% /*} on a node readable only: exit $rc"
		fi
	done
	asnobody rules show --device "$tmp/dev0644"
	if [ $rc = 1 ] && grep -q "$tmp/dev0644: not an escapewatch device" "$tmp/err"; then
		ok "rules show opens read-only: a node it may read, not a device"
	else
		fail "rules show on a node readable only: exit $rc"
	fi
else
	echo "# cli: skipped the permission messages: not root, or no setpriv"
fi

exit $failed
