# The helpers of every test VM's guest side, sourced there: the scenarios
# of tests/qemu/init.sh (busybox sh), tests/podman/init.sh and
# tests/bench/guest.sh (bash), and the package test tests/package/ewtest.sh
# (bash, under systemd).  Each harness copies this file into its VM with
# the rest (tests/qemu/run.sh to /, the others to /ew).  The includer
# opens the results port as file descriptor 3; for the reader helpers
# below it sets T, a directory where the background reader writes its
# --format=json lines to $T/findings, and has escapewatch on its PATH.

# say TEXT: a line to the host on the results port, and on the console.
say() { echo "$*" >&3; echo "[scenario] $*"; }
ok() { say "ok $1"; }
not_ok() { say "not ok $1: $2"; }

# check NAME CMD...: CMD prints why it failed and returns non-zero; the
# last why_lines lines of that (4 unless the includer sets it) follow
# "not ok NAME:".
why_lines=${why_lines:-4}
check() {
	name=$1
	shift
	if why=$("$@" 2>&1); then
		ok "$name"
	else
		not_ok "$name" "$(echo "$why" | tail -n "$why_lines" | tr '\n' ' ')"
	fi
}

# "done" tells the host the guest got to the end.  The VM leaves through a
# reset: qemu runs with -no-reboot, and the debug kernel has no ACPI to
# power off with.
finish() {
	echo done >&3
	sync
	/bin/busybox reboot -f
}

# A fresh user, PID and mount namespace, as a container has (no runtime).
ctr() { unshare -U -r -p -f -m "$@"; }

# counter NAME: the module's counter NAME, from escapewatch status.
counter() { escapewatch status | sed -n "s/^$1 //p"; }
# zero_counters NAME...: every one of them 0, or say which is not.
zero_counters() {
	for c in "$@"; do
		[ "$(counter $c)" = 0 ] || { echo "$c $(counter $c)"; return 1; }
	done
}

# wait_until SECONDS WHY CMD...: poll CMD every 0.1 s until it succeeds;
# after SECONDS, print WHY and fail.
wait_until() {
	tries=$(($1 * 10)) why=$2
	shift 2
	until "$@"; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || { echo "$why"; return 1; }
		sleep 0.1
	done
}

# start_readers [ARGS...]: the background readers, escapewatch watch
# --format=json into $T/findings and the scc format (with ARGS) into
# $T/scc; their PIDs in READER and SCC_READER.
start_readers() {
	escapewatch watch --format=json > $T/findings 2> $T/reader.err &
	READER=$!
	escapewatch watch "$@" > $T/scc 2> $T/scc.err &
	SCC_READER=$!
}

# A background reader prints one line per record; sync_lines FILE WHO
# waits until its FILE has one for every event the module queued.
# Records of execs still in progress or in the scanner are counted in
# in_flight; wait for them too.
has_lines() { [ "$(wc -l < "$1")" -ge "$2" ]; }
settled() { [ "$(counter in_flight)" = 0 ]; }
sync_lines() {
	wait_until 30 "records still in flight" settled || return 1
	want=$(counter events)
	wait_until 10 "$2 stuck below $want lines" has_lines "$1" "$want"
}
sync_reader() { sync_lines $T/findings reader; }
scc_sync() { sync_lines $T/scc "scc reader"; }

# wait_gone PID SECONDS: wait for a background process to exit; kill it
# and fail if it does not.
gone() { ! kill -0 "$1" 2>/dev/null; }
wait_gone() {
	wait_until "$2" "process $1 did not exit" gone "$1" ||
		{ kill "$1"; return 1; }
	wait "$1"
}

# blocked_in PID PATTERN: wait until the process sleeps in a kernel function
# matching PATTERN (its wchan).
sleeps_in() { grep -q "$2" /proc/$1/wchan 2>/dev/null; }
blocked_in() {
	wait_until 10 "$1 not blocked in $2" sleeps_in "$1" "$2"
}

# wait_scans N: until the scanner has read N files in all.
scans_reached() { [ "$(counter scans)" -ge "$1" ]; }
wait_scans() {
	wait_until 60 "scanner stuck below $1" scans_reached "$1"
}

# findings_since LINE: the findings the reader printed after line LINE.
findings_since() { tail -n +$(($1 + 1)) $T/findings | grep '"kind":"exec"'; }

expect() {
	echo "$new" | grep -qF -- "$1" || { echo "finding lacks $1: $new"; return 1; }
}

# The background reader prints --format=json: every field of the record.
# expect_path PATH: the executed file's resolved path.
expect_path() { expect "{\"type\":\"path\",\"flags\":0,\"value\":\"$1\"}"; }
# expect_rule ID NAME GENERATION
expect_rule() {
	expect "\"rulesGeneration\":$3," && expect "\"ruleId\":$1," &&
	expect "\"rule\":\"$2\","
}
# The same findings in the scc format, from a second reader, for the
# container identity and, on the host, the JSON Schema.
scc_of() { grep -F "\"sequence\":$1," $T/scc; }
seq_of() { echo "$1" | sed -n 's/.*"seq":\([0-9]*\),.*/\1/p'; }

# run_counting CMD...: run CMD, then set $new to the findings it caused
# and $n to their number.
run_counting() {
	before=$(wc -l < $T/findings)
	out=$("$@") || { echo "command failed: $*"; return 1; }
	sync_reader || return 1
	new=$(findings_since "$before")
	n=$(echo "$new" | grep -c '"kind":"exec"') || true
}

