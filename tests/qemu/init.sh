#!/bin/busybox sh
# PID 1 of the test VM: the scenarios against escapewatch.ko.
#
# Each result is one line on the results port (the second serial port,
# /dev/ttyS1; on arm64 the virtio console /dev/hvc0, which ew.results= on
# the kernel command line names), "ok NAME" or "not ok NAME: why", and
# "done" at the end, so that nothing the kernel prints on the console can
# fake a pass.  With ew.mode=demo on the kernel
# command line it runs the demo instead and sends the reader's findings.
export PATH=/bin
/bin/busybox mkdir -p /proc /sys /dev /tmp
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
# The entropy source's driver (Debian builds it as a module; the debug
# kernel has it built in), so that the crng is ready within moments and
# nothing blocks in getrandom() under emulation; on arm64 also the results
# port's.  A module that does not load fails the run: its name goes with
# the results when the port is there, and the host misses "done" if not.
failed=""
for m in $(cat /ew/modules); do
	insmod /ew/mod/$m.ko || failed="$failed $m"
done
results=$(sed -n 's/.*ew\.results=\([^ ]*\).*/\1/p' /proc/cmdline)
results=${results:-/dev/ttyS1}
# A virtio console's port comes up after its driver, when the device's
# control message arrives.
i=0
until [ -e "$results" ] || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
exec 3>"$results"
for m in $failed; do
	echo "not ok module_${m}_loads" >&3
done

MOD=/escapewatch.ko
T=/tmp/t
mkdir -p $T

# ok, check, wait_until, finish, ctr, counter...: tests/lib/scenario.sh
. /scenario.sh
# The scenarios beyond the core ones, each in its own file:
#   hostile.sh  bad ioctls, reads and argv; who may open and do what
#   evasion.sh  exec paths that try to slip past the hook
#   scripts.sh  scripts given to shells, by name, relative, on stdin
#   recgen.sh   the queue and device under the test build's record
#               generator (after the shipped module's final unload)
#   stress.sh   exec storms and load/unload cycles (ew.mode=stress only)
#   patching.sh live code patching under an exec storm (ew.mode=patching)
#   lockdown.sh signed and unsigned builds under lockdown (ew.mode=lockdown)
. /hostile.sh
. /evasion.sh
. /scripts.sh
. /recgen.sh
. /stress.sh
. /patching.sh
. /lockdown.sh

# ew.parts=core,hostile,evasion,scripts,recgen (the default: all) picks which of them a
# check boot runs; make check runs all, a narrower list is for working on
# one part.
PARTS=$(sed -n 's/.*ew\.parts=\([^ ]*\).*/\1/p' /proc/cmdline)
[ -n "$PARTS" ] || PARTS=core,hostile,evasion,scripts,recgen
in_part() { case ",$PARTS," in *",$1,"*) return 0 ;; esac; return 1; }

t_tool_in_namespaces() {
	run_counting ctr $T/cdk || return 1
	[ "$n" = 1 ] || { echo "want 1 finding, got $n: $new"; return 1; }
	set -- $out
	pid=${1#pid=} nspid=${2#nspid=} mnt=${3#mnt=} user=${4#user=}
	expect "\"pid\":$pid," &&
	expect "\"nsPid\":$nspid," &&
	expect_path "$T/cdk" &&
	expect_rule 1001 cdk 1 &&
	expect '"matchKind":1,' && expect '"pattern":"cdk","matched":"cdk"' &&
	expect "\"mnt\":$mnt," &&
	expect "\"user\":$user,"
}

t_tool_on_host() {
	run_counting $T/cdk || return 1
	[ "$n" = 0 ] || { echo "want no finding, got $n: $new"; return 1; }
}

t_host_not_examined() {
	a=$(counter execs_examined)
	for i in 1 2 3 4 5 6 7 8 9 10; do $T/cdk >/dev/null; done
	b=$(counter execs_examined)
	[ "$a" = "$b" ] || { echo "host execs examined: $a -> $b"; return 1; }
}

t_benign_in_namespaces() {
	a=$(counter execs_examined)
	run_counting ctr sh -c "for i in 1 2 3 4 5; do
		ls / >/dev/null; cat /proc/version >/dev/null
		$T/hello >/dev/null; $T/benign.sh >/dev/null
	done" || return 1
	b=$(counter execs_examined)
	[ "$n" = 0 ] || { echo "want no finding, got $n: $new"; return 1; }
	# at least sh, and 5 x (hello, benign.sh): busybox may run its own
	# applets without an exec
	[ $((b - a)) -ge 11 ] || { echo "only $((b - a)) execs examined"; return 1; }
}

t_script_reported_once() {
	run_counting ctr $T/deepce.sh || return 1
	[ "$n" = 1 ] || { echo "want 1 finding, got $n: $new"; return 1; }
	expect_path "$T/deepce.sh" && expect '"rule":"deepce"'
}

t_symlink_resolved() {
	run_counting ctr $T/innocent || return 1
	[ "$n" = 1 ] || { echo "want 1 finding, got $n: $new"; return 1; }
	expect_path "$T/cdk"
}



t_poll_wakes() {
	escapewatch watch --new --count 1 > $T/poll.out 2>&1 &
	p=$!
	blocked_in $p poll || return 1
	ctr $T/cdk >/dev/null
	wait_gone $p 10 || { echo "reader in poll did not wake"; return 1; }
	grep -q '"category":"Execution: Container Escape"' $T/poll.out || { cat $T/poll.out; return 1; }
}

t_blocking_read_wakes() {
	devtest block > $T/block.out 2>&1 &
	p=$!
	blocked_in $p ew_ || return 1
	ctr $T/cdk >/dev/null
	wait_gone $p 10 || { echo "reader in read did not wake"; return 1; }
	grep -qx ok $T/block.out || { cat $T/block.out; return 1; }
}

# The node is root's, 0600: uid 1000 cannot read, and is told what
# reading needs (hostile.sh's group_reader: a member of the node's group).
t_reader_not_root() {
	msg=$(devtest as-user 1000 /bin/escapewatch watch 2>&1) &&
		{ echo "reader ran as uid 1000"; return 1; }
	[ "$(echo "$msg" | wc -l)" = 1 ] || { echo "not one line: $msg"; return 1; }
	echo "$msg" | grep -q 'permission denied: reading findings and status needs read access to the device node' ||
		{ echo "$msg"; return 1; }
}

# As the module makes it (Debian's udev rule gives it a group, 0640).
t_device_mode() {
	m=$(stat -c '%A %u %g' /dev/escapewatch)
	[ "$m" = "crw------- 0 0" ] || { echo "mode $m"; return 1; }
}

t_rules_show_builtin() {
	escapewatch rules show > $T/show.out || return 1
	grep -qx '# rules in force: generation 1' $T/show.out &&
	grep -qx 'rule 1001 cdk' $T/show.out &&
	grep -qx '	name cdk_linux_\*' $T/show.out &&
	grep -qx '	fileless' $T/show.out || { cat $T/show.out; return 1; }
	# What is in force reads back as the file it was compiled from.
	escapewatch rules check /default.rules >/dev/null || return 1
	[ "$(grep -c '^rule ' $T/show.out)" = "$(grep -c '^rule ' /default.rules)" ]
}

t_rules_file_errors() {
	printf 'rule 5 x\n\tname\n' > $T/bad.rules
	msg=$(escapewatch rules load $T/bad.rules 2>&1) && return 1
	echo "$msg" | grep -q "bad.rules:2: name wants a pattern" || { echo "$msg"; return 1; }
	[ "$(counter rules_generation)" = 1 ] || { echo "generation moved"; return 1; }
}

# Rules replace the set whole: a path glob catches a renamed tool, a name
# catches a busybox applet, and the built-in cdk rule is gone.
t_rules_load() {
	mkdir -p $T/renamed
	cp /bin/tool $T/renamed/kworker
	cat > $T/test.rules <<-EOF
	rule 1 renamed-tool
		severity critical
		path $T/renamed/*
	rule 2 busybox-nsenter
		severity medium
		name nsenter
	EOF
	escapewatch rules load $T/test.rules | grep -q 'loaded 2 rules from .*: generation 2' || return 1
	run_counting ctr $T/renamed/kworker || return 1
	[ "$n" = 1 ] || { echo "renamed: want 1 finding, got $n"; return 1; }
	expect '"severity":4,' &&
	expect_rule 1 renamed-tool 2 &&
	expect '"matchKind":2,' &&
	expect "\"pattern\":\"$T/renamed/*\",\"matched\":\"$T/renamed/kworker\"" || return 1
	# Through its link: busybox's own shell runs applets without exec.
	run_counting ctr sh -c '/bin/nsenter --help >/dev/null 2>&1; true' || return 1
	[ "$n" = 1 ] || { echo "applet: want 1 finding, got $n"; return 1; }
	expect '"rule":"busybox-nsenter"' && expect '"matched":"nsenter"' || return 1
	# By name from busybox's shell: only argv[0] says nsenter.
	run_counting ctr sh -c 'nsenter --help >/dev/null 2>&1; true' || return 1
	[ "$n" = 1 ] || { echo "argv[0]: want 1 finding, got $n"; return 1; }
	expect '"rule":"busybox-nsenter"' && expect '"matched":"nsenter"' || return 1
	run_counting ctr $T/cdk || return 1
	[ "$n" = 0 ] || { echo "old rules still matched: $new"; return 1; }
}

t_bad_rules_refused() {
	devtest bad-rules || return 1
	[ "$(counter rules_generation)" = 2 ] || { echo "generation $(counter rules_generation)"; return 1; }
	run_counting ctr $T/renamed/kworker || return 1
	[ "$n" = 1 ] || { echo "old rules lost: $n findings"; return 1; }
}

# 20 loads while a container runs 200 execs: every load takes, nothing breaks.
t_rules_reload_under_load() {
	ctr sh -c "for i in \$(seq 200); do $T/hello; done" >/dev/null 2>&1 &
	load=$!
	g=$(counter rules_generation)
	for i in $(seq 10); do
		escapewatch rules load /default.rules >/dev/null || return 1
		escapewatch rules load $T/test.rules >/dev/null || return 1
	done
	wait $load || { echo "exec loop failed"; return 1; }
	[ "$(counter rules_generation)" = $((g + 20)) ] || { echo "generation $(counter rules_generation)"; return 1; }
	sync_reader
}

t_fileless() {
	escapewatch rules load /default.rules >/dev/null || return 1
	run_counting ctr devtest memfd-exec $T/hello hello || return 1
	[ "$n" = 1 ] || { echo "want 1 finding, got $n: $new"; return 1; }
	expect '"rule":"fileless-exec"' && expect '"matchKind":3,' &&
	expect_path "/memfd:tool (deleted)"
}

# run_one NAME CMD...: CMD in a container gives exactly one finding of
# rule NAME, from its command line.
run_one() {
	rule=$1
	shift
	run_counting ctr sh -c "$* >/dev/null 2>&1; true" || return 1
	[ "$n" = 1 ] || { echo "$*: want 1 finding, got $n: $new"; return 1; }
	expect "\"rule\":\"$rule\"" && expect '"matchKind":4,' &&
	expect "\"matched\":\"$*\""
}

t_argv_escapes() {
	run_one nsenter-host-init /bin/nsenter -t 1 -m true &&
	run_one nsenter-host-init /bin/nsenter --target=1 --mount true &&
	run_one nsenter-host-init /bin/nsenter -m -t1 true &&
	run_one chroot-host-root /bin/chroot /host /bin/true &&
	run_one mount-block-device /bin/mount /dev/vda /mnt &&
	run_one kernel-module-load /bin/insmod /x.ko &&
	run_one unshare-cgroup-escape /bin/unshare -UrmC /bin/true
}

# A tool script given to a shell: the exec is of sh, the script an argument.
t_script_as_argument() {
	run_one deepce sh $T/deepce.sh
}

# A benign workload of a few hundred execs in a container: no finding.
t_benign_workload() {
	run_counting ctr sh -c "for i in \$(seq 60); do
		/bin/ls / >/dev/null; /bin/cat /proc/version >/dev/null
		$T/hello >/dev/null; $T/benign.sh >/dev/null
		/bin/sh -c 'echo \$i' >/dev/null
	done" || return 1
	[ "$n" = 0 ] || { echo "want no finding, got $n: $new"; return 1; }
}

# The applet run by name from busybox's shell: argv[0] is all there is.
t_argv_applet_by_name() {
	run_one nsenter-host-init nsenter -t 1 -m true
}

# A benign program run with argv[0] "cdk": the name a tool is started by is
# read from the new stack before the exec ends, so the end is armed and
# the rule matches by name.
t_argv0_name() {
	run_counting ctr devtest exec-as cdk $T/hello || return 1
	[ "$n" = 1 ] || { echo "want 1 finding, got $n: $new"; return 1; }
	expect '"rule":"cdk"' && expect '"matchKind":1,'
}

t_argv_benign() {
	mkdir -p $T/m
	run_counting ctr sh -c "/bin/nsenter --help; /bin/mount -t tmpfs tmpfs $T/m;
		/bin/chroot / /bin/true; /bin/nsenter -t 12 -m true;
		/bin/unshare -U /bin/true; /bin/ls -t /; true" >/dev/null 2>&1 || return 1
	[ "$n" = 0 ] || { echo "want no finding, got $n: $new"; return 1; }
	# The same escape on the host is no finding either.
	run_counting /bin/nsenter -t 1 -m /bin/true || return 1
	[ "$n" = 0 ] || { echo "host nsenter: $new"; return 1; }
}


# A renamed copy by its hash (read once, then known), a modified copy by
# its content, an unrelated program by neither.
t_hash_and_content() {
	escapewatch rules load /scan.rules >/dev/null || return 1
	mkdir -p $T/s
	cp /bin/tool $T/s/x1
	scans=$(counter scans)
	run_counting ctr $T/s/x1 || return 1
	wait_scans $((scans + 1)) && sync_reader || return 1
	new=$(findings_since "$before")
	hex=$(sha256sum /bin/tool | cut -c1-64)
	expect '"rule":"test-tool-hash"' && expect '"matchKind":5,' &&
	expect "\"sha256\":\"$hex\"" &&
	expect "\"pattern\":\"$hex\",\"matched\":\"$hex\"" &&
	expect_path "$T/s/x1" || return 1
	[ "$(echo "$new" | grep -c '"kind":"exec"')" = 1 ] || { echo "hash: $new"; return 1; }

	hits=$(counter scan_hits)
	run_counting ctr $T/s/x1 || return 1
	[ "$n" = 1 ] || { echo "cached: want 1 finding, got $n"; return 1; }
	[ "$(counter scan_hits)" -gt "$hits" ] || { echo "no cache hit"; return 1; }
	[ "$(counter scans)" = $((scans + 1)) ] || { echo "read again"; return 1; }

	{ cat /bin/tool; echo appended; } > $T/s/x2
	chmod +x $T/s/x2
	run_counting ctr $T/s/x2 || return 1
	wait_scans $((scans + 2)) && sync_reader || return 1
	new=$(findings_since "$before")
	expect '"rule":"test-tool-content"' && expect '"matchKind":6,' || return 1

	run_counting ctr /bin/busybox true || return 1
	wait_scans $((scans + 3)) && sync_reader || return 1
	[ -z "$(findings_since "$before")" ] || { echo "busybox matched"; return 1; }
	[ "$(counter scan_errors)" = 0 ] || { echo "scan errors"; return 1; }
	escapewatch rules load /default.rules >/dev/null
}

# Enforce mode.  A deny rule fails the execve with EACCES before the tool
# runs; a kill rule, and a deny rule that can only match after the exec
# (argv), kill the process before the new program's first instruction.
# The stand-in tool's first action is to create $EW_MARKER.
t_enforce() {
	cat > $T/enforce.rules <<-EOF
	rule 4001 deny-cdk
		action deny
		name cdk
	rule 4002 kill-kworker
		action kill
		path $T/renamed/*
	rule 4003 deny-nsenter-init
		action deny
		argv nsenter -t|--target=1
	EOF
	escapewatch rules load $T/enforce.rules >/dev/null || return 1
	g=$(counter rules_generation)
	rm -f $T/marker
	run_counting ctr env EW_MARKER=$T/marker $T/cdk || return 1
	[ -e $T/marker ] || { echo "audit mode: the tool did not run"; return 1; }
	expect '"action":0,"ruleAction":1' || return 1

	escapewatch mode enforce | grep -qx 'mode enforce' || return 1
	[ "$(counter mode)" = enforce ] || { echo "mode $(counter mode)"; return 1; }
	rm -f $T/marker
	before=$(wc -l < $T/findings)
	out=$(ctr env EW_MARKER=$T/marker $T/cdk 2>&1) && { echo "denied exec ran: $out"; return 1; }
	echo "$out" | grep -q 'Permission denied' || { echo "not EACCES: $out"; return 1; }
	[ ! -e $T/marker ] || { echo "the denied tool ran"; return 1; }
	sync_reader || return 1
	new=$(findings_since "$before")
	expect '"action":1,"ruleAction":1' && expect_rule 4001 deny-cdk $g || return 1
	# Benign execs in a container go on; the host is never judged.
	ctr sh -c "$T/hello >/dev/null && ls / >/dev/null" || { echo "benign exec failed"; return 1; }
	EW_MARKER=$T/marker $T/cdk >/dev/null && [ -e $T/marker ] || { echo "host exec denied"; return 1; }

	rm -f $T/marker
	before=$(wc -l < $T/findings)
	ctr env EW_MARKER=$T/marker $T/renamed/kworker >/dev/null 2>&1 && { echo "killed tool exited 0"; return 1; }
	[ ! -e $T/marker ] || { echo "the killed tool ran"; return 1; }
	sync_reader || return 1
	new=$(findings_since "$before")
	expect '"action":2,"ruleAction":2' && expect_rule 4002 kill-kworker $g || return 1

	run_counting ctr sh -c '/bin/nsenter -t 1 -m true; echo "status $?"' || return 1
	echo "$out" | grep -qx 'status 137' || { echo "nsenter: $out"; return 1; }
	expect '"action":2,"ruleAction":1' && expect '"rule":"deny-nsenter-init"' || return 1
	[ "$(counter denied)" = 1 ] && [ "$(counter killed)" = 2 ] ||
		{ echo "denied $(counter denied) killed $(counter killed)"; return 1; }

	escapewatch mode audit >/dev/null || return 1
	rm -f $T/marker
	ctr env EW_MARKER=$T/marker $T/cdk >/dev/null && [ -e $T/marker ] || { echo "audit again: not run"; return 1; }
	escapewatch rules load /default.rules >/dev/null
}

# Enforce mode with rules that need the file read: a copy of the tool that
# was never read before is read by the exec itself, before it goes on, so
# a hash rule denies it and a content rule kills it, and neither runs; a
# new benign file is read and runs.  In audit mode the same first exec runs
# and is reported after it.
t_enforce_scan() {
	hex=$(sha256sum /bin/tool | cut -c1-64)
	cat > $T/enforce-scan.rules <<-EOF
	rule 4101 deny-tool-hash
		action deny
		sha256 $hex
	rule 4102 kill-tool-content
		action kill
		content escapewatch-test-tool: a harmless stand-in
	EOF
	escapewatch rules load $T/enforce-scan.rules >/dev/null || return 1
	g=$(counter rules_generation)
	mkdir -p $T/e
	cp /bin/tool $T/e/audit-copy
	rm -f $T/marker
	run_counting ctr env EW_MARKER=$T/marker $T/e/audit-copy || return 1
	[ -e $T/marker ] || { echo "audit mode: the tool did not run"; return 1; }
	[ "$n" = 1 ] && expect '"action":0,"ruleAction":1' || { echo "audit: $new"; return 1; }

	escapewatch mode enforce >/dev/null || return 1
	denied=$(counter denied) killed=$(counter killed) scans=$(counter scans)
	cp /bin/tool $T/e/y1
	rm -f $T/marker
	before=$(wc -l < $T/findings)
	out=$(ctr env EW_MARKER=$T/marker $T/e/y1 2>&1) && { echo "denied exec ran: $out"; return 1; }
	echo "$out" | grep -q 'Permission denied' || { echo "not EACCES: $out"; return 1; }
	[ ! -e $T/marker ] || { echo "the denied tool ran"; return 1; }
	sync_reader || return 1
	new=$(findings_since "$before")
	expect '"action":1,"ruleAction":1' && expect_rule 4101 deny-tool-hash $g &&
	expect "\"sha256\":\"$hex\"" && expect '"matchKind":5,' || return 1
	[ "$(counter scans)" = $((scans + 1)) ] || { echo "scans $scans -> $(counter scans)"; return 1; }

	{ cat /bin/tool; echo appended; } > $T/e/y2
	chmod +x $T/e/y2
	rm -f $T/marker
	run_counting ctr sh -c "$T/e/y2; echo \"status \$?\"" || return 1
	echo "$out" | grep -qx 'status 137' || { echo "content kill: $out"; return 1; }
	[ ! -e $T/marker ] || { echo "the killed tool ran"; return 1; }
	expect '"action":2,"ruleAction":2' && expect_rule 4102 kill-tool-content $g || return 1

	cp /bin/busybox $T/e/true
	run_counting ctr $T/e/true || { echo "benign new file denied"; return 1; }
	[ "$n" = 0 ] || { echo "benign: $new"; return 1; }
	[ "$(counter denied)" = $((denied + 1)) ] && [ "$(counter killed)" = $((killed + 1)) ] ||
		{ echo "denied $(counter denied) killed $(counter killed)"; return 1; }
	[ "$(counter scans)" = $((scans + 3)) ] || { echo "scans $scans -> $(counter scans)"; return 1; }
	EW_MARKER=$T/marker $T/e/y1 >/dev/null && [ -e $T/marker ] || { echo "host exec denied"; return 1; }
	escapewatch mode audit >/dev/null || return 1
	escapewatch rules load /default.rules >/dev/null
}

# Loaded with lock=1: the mode and the rules stay as loaded, and the module
# stays until reboot.  Last, since it cannot be unloaded.
t_lock() {
	insmod $MOD lock=1 mode=enforce fail_closed=1 || return 1
	[ "$(counter locked)" = 1 ] && [ "$(counter mode)" = enforce ] &&
		[ "$(counter fail_closed)" = 1 ] ||
		{ echo "locked $(counter locked) mode $(counter mode) fail_closed $(counter fail_closed)"; return 1; }
	ctr sh -c "$T/hello >/dev/null" || { echo "benign exec failed"; return 1; }
	msg=$(escapewatch mode audit 2>&1) && { echo "mode changed"; return 1; }
	echo "$msg" | grep -q 'not permitted' || { echo "$msg"; return 1; }
	escapewatch rules load /default.rules >/dev/null 2>&1 && { echo "rules loaded"; return 1; }
	[ "$(counter rules_generation)" = 1 ] || return 1
	rmmod escapewatch 2>/dev/null && { echo "unloaded while locked"; return 1; }
	[ -c /dev/escapewatch ]
}

# /sys/module/escapewatch/stats/: a file for each counter status prints
# (but those that are module parameters), root's alone, each the same
# value, read while nothing runs in a container.
t_sysfs_stats() {
	d=/sys/module/escapewatch/stats
	# An event of its own: a part before may have loaded the module
	# afresh (hostile.sh does, last), and its counters with it.
	run_counting ctr $T/cdk || return 1
	[ "$n" = 1 ] || { echo "want 1 finding, got $n: $new"; return 1; }
	want="argv_faults denied events exec_failed execs_examined failed_closed failed_open in_flight killed nomem overwritten queue_len queued rules rules_generation scan_errors scan_hits scans scripts scripts_skipped"
	got=$(ls $d | sort | tr '\n' ' ')
	[ "$got" = "$want " ] || { echo "stats files: $got"; return 1; }
	for f in $want; do
		[ "$(stat -c %a $d/$f)" = 400 ] || { echo "$f mode $(stat -c %a $d/$f)"; return 1; }
		[ "$(cat $d/$f)" = "$(counter $f)" ] ||
			{ echo "$f: sysfs $(cat $d/$f), status $(counter $f)"; return 1; }
	done
	[ "$(cat $d/events)" -gt 0 ] || { echo "no events counted"; return 1; }
}

t_no_misses() { zero_counters nomem argv_faults failed_open failed_closed; }

# Arguments are reported whole and exact, whatever bytes they hold:
# spaces, quotes, a newline, UTF-8 and a byte that is not (as \xNN).
t_argv_odd_bytes() {
	nl=$(printf 'x\ny') utf=$(printf 'h\303\251 \377')
	run_counting ctr $T/cdk "a b" "it's \"q\"" "$nl" "$utf" || return 1
	[ "$n" = 1 ] || { echo "want 1 finding, got $n: $new"; return 1; }
	expect '"argc":5,' &&
	expect "{\"type\":\"argv\",\"flags\":0,\"value\":[\"$T/cdk\",\"a b\",\"it's \\\"q\\\"\",\"x\\ny\",\"h$(printf '\303\251') \\\\xff\"]}"
}

# A 100 KiB argument list: the first argv_max (4 KiB) bytes, flagged.
t_argv_truncated() {
	big=$(head -c 102400 /dev/zero | tr '\0' a)
	run_counting ctr $T/cdk "$big" || return 1
	[ "$n" = 1 ] || { echo "want 1 finding, got $n"; return 1; }
	expect '{"type":"argv","flags":1,' && expect '"argc":2,' || return 1
	len=$(echo "$new" | sed 's/.*"type":"argv","flags":1,"value":\["[^"]*","\(a*\)".*/\1/' | tr -d '\n' | wc -c)
	# 4096 bytes: the path, its NUL and the start of the argument.
	[ "$len" = $((4096 - ${#T} - 5)) ] || { echo "argument cut at $len"; return 1; }
	scc_sync && scc_of "$(seq_of "$new")" | grep -q '"argumentsTruncated":true' ||
		{ echo "scc: $(tail -n 1 $T/scc)"; return 1; }
}

# The chain from the container's init to the tool: sh, sh, then outside
# the container unshare and init; each with its executable and both pids.
t_ancestry() {
	run_counting ctr sh -c "sh -c '$T/cdk; true'; true" || return 1
	[ "$n" = 1 ] || { echo "want 1 finding, got $n: $new"; return 1; }
	anc=$(echo "$new" | grep -o '{"type":"ancestor"[^}]*}')
	[ "$(echo "$anc" | grep -c '"comm":"sh","path":"/bin/busybox"')" = 2 ] ||
		{ echo "ancestors: $anc"; return 1; }
	echo "$anc" | sed -n 1p | grep -q '"nsPid":2,' &&
	echo "$anc" | sed -n 2p | grep -q '"nsPid":1,' &&
	echo "$anc" | sed -n 3p | grep -q '"nsPid":0,"comm":"unshare"' &&
	echo "$anc" | tail -n 1 | grep -q '"pid":1,"nsPid":0,"comm":"init"' ||
		{ echo "ancestors: $anc"; return 1; }
	ppid=$(echo "$new" | sed -n 's/.*"ppid":\([0-9]*\),.*/\1/p')
	echo "$anc" | sed -n 1p | grep -q "\"pid\":$ppid," || { echo "parent $ppid: $anc"; return 1; }
}

# Two containers, each in its own cgroup named as Docker names them: each
# finding carries its own container id, and the second finding in one
# container lists the first as related.
in_cgroup() {	# in_cgroup DIR CMD...: run CMD in a container in cgroup DIR
	d=$1
	shift
	sh -c "echo \$\$ > $d/cgroup.procs && exec unshare -U -r -p -f -m $*"
}
t_two_containers() {
	cg=/sys/fs/cgroup
	mount -t cgroup2 none $cg || return 1
	a=$(printf '%064d' 1 | tr 0 a) b=$(printf '%064d' 2 | tr 0 b)
	mkdir -p $cg/system.slice/docker-$a.scope $cg/system.slice/docker-$b.scope || return 1
	run_counting in_cgroup $cg/system.slice/docker-$a.scope $T/cdk || return 1
	sa=$(seq_of "$new")
	expect "\"value\":\"/system.slice/docker-$a.scope\"" || return 1
	run_counting in_cgroup $cg/system.slice/docker-$b.scope $T/cdk || return 1
	sb=$(seq_of "$new")
	run_counting in_cgroup $cg/system.slice/docker-$a.scope $T/cdk || return 1
	sa2=$(seq_of "$new")
	scc_sync || return 1
	fa=$(scc_of $sa) fb=$(scc_of $sb) fa2=$(scc_of $sa2)
	echo "$fa" | grep -q "\"containers\":\[{[^]]*\"$a\"" || { echo "a: $fa"; return 1; }
	echo "$fb" | grep -q "\"containers\":\[{[^]]*\"$b\"" || { echo "b: $fb"; return 1; }
	echo "$fb" | grep -q "$a" && { echo "b names a: $fb"; return 1; }
	ida=$(echo "$fa" | sed 's/^{"name":"\([^"]*\)".*/\1/')
	echo "$fa2" | grep -q "\"relatedFindings\":\[[^]]*${ida##*/}" ||
		{ echo "related: $fa2"; return 1; }
}

# An exec that fails after its check (no binary handler takes the file)
# is still reported, marked as failed, within the 5 s it may wait.
t_exec_failed() {
	mkdir -p $T/f
	printf 'not a program\n' > $T/f/cdk
	chmod +x $T/f/cdk
	failed=$(counter exec_failed)
	run_counting ctr devtest exec-fails $T/f/cdk || return 1
	[ "$n" = 1 ] || { echo "want 1 finding, got $n: $new"; return 1; }
	expect "\"flags\":3," && expect_path "$T/f/cdk" && expect '"argc":0,' || return 1
	[ "$(counter exec_failed)" = $((failed + 1)) ] || { echo "exec_failed $(counter exec_failed)"; return 1; }
	echo "$new" | grep -q '"type":"argv"' && { echo "argv of a failed exec"; return 1; }
	true
}

# --respond=freeze: of two containers, each in a Docker-named cgroup with
# a process looping in it, the one that runs the tool is frozen (its
# cgroup.events says "frozen 1"), the other not; a finding on the host
# freezes nothing and says why.  Thawed and emptied after.
cg_frozen() { grep -qx "frozen $2" $1/cgroup.events; }
t_respond_freeze() {
	cg=/sys/fs/cgroup
	grep -q " $cg cgroup2 " /proc/mounts || mount -t cgroup2 none $cg || return 1
	a=$(printf '%064d' 3 | tr 0 c) b=$(printf '%064d' 4 | tr 0 d)
	ca=$cg/system.slice/docker-$a.scope cb=$cg/system.slice/docker-$b.scope
	mkdir -p $ca $cb || return 1
	in_cgroup $ca sh -c "'while :; do sleep 1; done'" >/dev/null 2>&1 &
	la=$!
	in_cgroup $cb sh -c "'while :; do sleep 1; done'" >/dev/null 2>&1 &
	lb=$!
	respond_freeze_run
	status=$?
	echo 0 > $ca/cgroup.freeze
	wait_until 10 "a not thawed" cg_frozen $ca 0 || status=1
	echo 1 > $ca/cgroup.kill; echo 1 > $cb/cgroup.kill
	wait $la $lb $tool 2>/dev/null
	rmdir $ca $cb 2>/dev/null
	[ $status = 0 ] || cat $T/freeze.err
	return $status
}
respond_freeze_run() {
	tool=""
	escapewatch watch --new --count 1 --respond=freeze > $T/freeze.out 2> $T/freeze.err &
	p=$!
	blocked_in $p poll || return 1
	in_cgroup $ca $T/cdk >/dev/null 2>&1 &
	tool=$!
	wait_gone $p 20 || { echo "reader did not exit"; return 1; }
	grep -q "\"name\":\"$a\"" $T/freeze.out || { echo "no finding of a"; return 1; }
	id=$(sed 's/^{"name":"[^"]*findings\/\([0-9a-f]*\)".*/\1/' $T/freeze.out)
	grep -qx "escapewatch: froze container docker:$a (cgroup /system.slice/docker-$a.scope) for finding $id" $T/freeze.err &&
	grep -q -- '--respond=freeze: 1 container(s) frozen, 0 finding(s) of a frozen container, 0 refused, 0 failed' $T/freeze.err ||
		{ echo "reader did not say it froze a"; return 1; }
	wait_until 10 "a not frozen: $(cat $ca/cgroup.events)" cg_frozen $ca 1 || return 1
	cg_frozen $cb 0 || { echo "b: $(cat $cb/cgroup.events)"; return 1; }
	# On the host: no container, nothing frozen, and the reader says so.
	escapewatch watch --new --count 1 --respond=freeze > $T/freeze.out 2> $T/freeze.err &
	p=$!
	blocked_in $p poll || return 1
	ctr $T/cdk >/dev/null
	wait_gone $p 20 || { echo "host: reader did not exit"; return 1; }
	grep -q "not freezing for finding [0-9a-f]*: cgroup / names no container" $T/freeze.err &&
	grep -q -- '--respond=freeze: 0 container(s) frozen, 0 finding(s) of a frozen container, 1 refused, 0 failed' $T/freeze.err ||
		{ echo "host: reader did not refuse"; return 1; }
	cg_frozen $cg/system.slice/docker-$b.scope 0 || return 1
}

# --respond-exec: the responder, a shell script, gets the finding's scc
# JSON on its standard input and its id, container and severity in its
# environment, and the reader waits for it before it exits.
t_respond_exec() {
	cg=/sys/fs/cgroup
	grep -q " $cg cgroup2 " /proc/mounts || mount -t cgroup2 none $cg || return 1
	e=$(printf '%064d' 5 | tr 0 e)
	ce=$cg/system.slice/docker-$e.scope
	mkdir -p $ce || return 1
	cat > $T/responder.sh <<-EOF
	#!/bin/sh
	cat > $T/responder.in
	env | grep ^ESCAPEWATCH_ | sort > $T/responder.env
	EOF
	chmod +x $T/responder.sh
	rm -f $T/responder.in $T/responder.env
	escapewatch watch --new --count 1 --format=text \
		--respond-exec=$T/responder.sh > $T/rexec.out 2> $T/rexec.err &
	p=$!
	blocked_in $p poll || return 1
	in_cgroup $ce $T/cdk >/dev/null 2>&1 || { echo "tool failed"; return 1; }
	wait_gone $p 20 || { echo "reader did not exit"; return 1; }
	rmdir $ce 2>/dev/null
	id=$(sed -n 's/.* id=\([0-9a-f]*\) .*/\1/p' $T/rexec.out)
	[ -n "$id" ] || { echo "no finding: $(cat $T/rexec.out)"; return 1; }
	printf 'ESCAPEWATCH_CONTAINER_ID=%s\nESCAPEWATCH_CONTAINER_RUNTIME=docker\nESCAPEWATCH_FINDING_ID=%s\nESCAPEWATCH_SEVERITY=HIGH\n' \
		"$e" "$id" > $T/responder.want
	cmp -s $T/responder.env $T/responder.want ||
		{ echo "environment: $(cat $T/responder.env)"; return 1; }
	grep -q "^{\"name\":\"hosts/[^\"]*/findings/$id\",.*\"containers\":\[{\"name\":\"$e\"" $T/responder.in &&
	[ "$(wc -l < $T/responder.in)" = 1 ] || { echo "stdin: $(cat $T/responder.in)"; return 1; }
	grep -q "responder for finding $id (pid [0-9]*) done in" $T/rexec.err &&
	grep -q -- '--respond-exec: 1 responder(s) started, 1 succeeded, 0 failed' $T/rexec.err ||
		{ cat $T/rexec.err; return 1; }
}

# The background reader sleeps in poll(), devtest in read().
t_unload_refused_while_open() {
	devtest block > $T/block.out 2>&1 &
	p=$!
	blocked_in $p ew_ || return 1
	blocked_in $READER poll || return 1
	rmmod escapewatch 2>/dev/null && { echo "unloaded under readers"; return 1; }
	[ -c /dev/escapewatch ] || { echo "device gone"; return 1; }
	ctr $T/cdk >/dev/null
	wait_gone $p 10 || { echo "reader in read did not wake"; return 1; }
	grep -qx ok $T/block.out || { cat $T/block.out; return 1; }
	sync_reader
}

t_unload_with_execs_in_flight() {
	scc_sync
	kill $READER $SCC_READER	# their files are closed when they exit
	# The load runs until told to stop, so it is still running when
	# rmmod returns however fast or slow the machine is.
	rm -f $T/stop
	ctr sh -c "while [ ! -e $T/stop ]; do $T/cdk; done" >/dev/null 2>&1 &
	load=$!
	sleep 1
	i=0
	until rmmod escapewatch 2>/dev/null; do
		i=$((i + 1))
		[ $i -le 30 ] || { echo "rmmod failed"; touch $T/stop; return 1; }
		sleep 0.1
	done
	kill -0 $load 2>/dev/null || { echo "exec load died during unload"; return 1; }
	touch $T/stop
	wait $load
	[ ! -e /dev/escapewatch ] || { echo "device still there"; return 1; }
}

t_reader_without_module() {
	msg=$(escapewatch watch 2>&1) && { echo "reader ran"; return 1; }
	echo "$msg" | grep -q 'module is not loaded' || { echo "$msg"; return 1; }
}

# 40 findings into a queue of 16: a reader that starts late gets one lost
# record for exactly the 24 overwritten, then the 16 kept, in order.
t_lost_counted() {
	insmod $MOD queue_len=16 || return 1
	ctr sh -c "for i in \$(seq 40); do $T/cdk; done" >/dev/null
	wait_until 30 "records still in flight" settled || return 1
	escapewatch watch --count 16 > $T/lost.out 2> $T/lost.err || return 1
	head -n 1 $T/lost.out |
		grep -q '"kind":"lost","seq":0,"count":24,"reason":"overrun"' ||
		{ echo "first line: $(head -n 1 $T/lost.out)"; return 1; }
	[ "$(grep -c '"category":"Execution: Container Escape"' $T/lost.out)" = 16 ] ||
		{ echo "findings: $(grep -c finding $T/lost.out)"; return 1; }
	sed -n 2p $T/lost.out | grep -q '"sequence":24,' || { sed -n 2p $T/lost.out; return 1; }
	tail -n 1 $T/lost.out | grep -q '"sequence":39,' || { tail -n 1 $T/lost.out; return 1; }
	grep -q 'lost 24 event' $T/lost.err || { cat $T/lost.err; return 1; }
	[ "$(counter overwritten)" = 24 ] || { echo "overwritten $(counter overwritten)"; return 1; }
}

# rsyslogd, Debian's, receives what escapewatch sends with --syslog over
# UDP, TCP and /dev/log (tests/qemu/rsyslog.conf), and writes it to a file
# in RFC 5424's format, where the structured data and the JSON must be
# whole: first from syslogsend (the same code, with an SD and a JSON that
# need escaping) and busybox's logger (syslog(3)), then findings from the
# reader.
SYSLOG_FILE=/tmp/syslog.log
SYSLOG_TARGETS="udp:127.0.0.1:514 tcp:127.0.0.1:514 local"
BOM=$(printf '\357\273\277')
syslog_has() { grep -qF -- "$1" $SYSLOG_FILE 2>/dev/null; }
# Listening, all three, once a probe through each has arrived.
rsyslogd_ready() {
	for t in $SYSLOG_TARGETS; do
		syslog_has "probe $t" || syslogsend $t 6 probe - "probe $t" >/dev/null
	done
	for t in $SYSLOG_TARGETS; do
		syslog_has "probe $t" || return 1
	done
}

# syslog_received WHAT TEXT WANT...: the line of $SYSLOG_FILE with TEXT
# (unique) has each WANT in it.
syslog_received() {
	what=$1 text=$2
	shift 2
	wait_until 5 "$what: rsyslogd did not receive it" syslog_has "$text" || return 1
	line=$(grep -F -- "$text" $SYSLOG_FILE)
	[ "$(printf '%s\n' "$line" | wc -l)" = 1 ] ||
		{ echo "$what: received more than once: $line"; return 1; }
	for w in "$@"; do
		printf '%s\n' "$line" | grep -qF -- "$w" ||
			{ echo "$what: lacks $w: $line"; return 1; }
	done
}

syslog_scenario() {
	sd='[escapewatch@32473 rule="cdk" path="/tmp/a\]b\"c\\d"]'
	e=$(printf '\303\251')
	for t in $SYSLOG_TARGETS; do
		json='{"kind":"finding","path":"/tmp/a]b\"c\\d","via":"'$t'","utf8":"h'$e'"}'
		out=$(syslogsend $t 3 finding "$sd" "$json") || { echo "syslogsend $t: $out"; return 1; }
		case $t in
		local)	# syslog(3)'s format: the SD heads the message text
			syslog_received "$t" "$json" '<83>1 ' ' ew-vm escapewatch ' \
				"$sd $json" || return 1 ;;
		*)	syslog_received "$t" "$json" '<83>1 ' ' ew-vm escapewatch ' \
				" finding $sd $BOM$json" || return 1 ;;
		esac
	done
	logger -p authpriv.warning -t ewlogger "from logger $$" &&
	syslog_received logger "from logger $$" '<84>1 ' ' ew-vm ewlogger ' || return 1

	for t in $SYSLOG_TARGETS; do
		escapewatch watch --new --count 1 --format=scc --syslog=$t \
			> $T/syslog.out 2> $T/syslog.err &
		p=$!
		blocked_in $p poll || { cat $T/syslog.err; return 1; }
		ctr $T/cdk >/dev/null
		wait_gone $p 10 || { echo "$t: reader failed: $(cat $T/syslog.err)"; return 1; }
		json=$(grep -F "$T/cdk" $T/syslog.out) || { echo "$t: no finding: $(cat $T/syslog.out)"; return 1; }
		case $t in
		local)	syslog_received "reader $t" "$json" ' ew-vm escapewatch ' \
				'[escapewatch@32473 id="' 'rule="cdk"' "] $json" || return 1 ;;
		*)	syslog_received "reader $t" "$json" ' ew-vm escapewatch ' \
				' finding [escapewatch@32473 id="' 'rule="cdk"' "] $BOM$json" || return 1 ;;
		esac
		# What arrived, for whoever reads the console log.
		printf '[rsyslog %s] %s\n' "$t" "$line" >/dev/console
	done
}

t_syslog_rsyslogd() {
	ip link set lo up && hostname ew-vm && mkdir -p /tmp/rsyslog || return 1
	/usr/sbin/rsyslogd -n -f /etc/rsyslog.conf -i /tmp/rsyslogd.pid \
		> $T/rsyslogd.out 2>&1 &
	rsyslogd=$!
	if wait_until 20 "rsyslogd not ready" rsyslogd_ready; then
		syslog_scenario
	else
		false
	fi
	status=$?
	# rsyslogd ends on SIGTERM with status 0; anything else is a crash.
	kill $rsyslogd
	{ wait $rsyslogd; } 2>/dev/null
	rc=$?
	[ $rc = 0 ] || [ $rc = 143 ] || { echo "rsyslogd exited with $rc"; status=1; }
	# The details go to the console, the reason (last) to the result.
	[ $status = 0 ] || {
		echo "== rsyslogd:"; cat $T/rsyslogd.out
		echo "== $SYSLOG_FILE:"; cat $SYSLOG_FILE
		echo "== reader:"; cat $T/syslog.err
	} >/dev/console 2>&1
	return $status
}

setup() {
	cp /bin/tool $T/cdk
	cp /bin/tool $T/hello
	# A tool script whose interpreter is a tool too: two rounds of one
	# execve that would both match, reported once.
	printf '#!%s\n' $T/cdk > $T/deepce.sh
	printf '#!/bin/sh\n/bin/true\n' > $T/benign.sh
	chmod +x $T/deepce.sh $T/benign.sh
	ln -s $T/cdk $T/innocent
}

demo() {
	hostname node-1
	# The reader's getrandom() would wait for the crng (virtio-rng).
	wait_until 30 "demo: crng not ready" crng_ready || { say "demo: crng not ready"; finish; }
	insmod $MOD || { say "demo: insmod failed"; finish; }
	for f in scc json text; do
		escapewatch watch --count 3 --format=$f > $T/demo.$f &
	done
	cp /bin/tool $T/cdk_linux_amd64
	printf '#!/bin/sh\necho "deepce: looking for a way out"\n' > $T/deepce.sh
	chmod +x $T/deepce.sh
	# A container as Docker's systemd driver places it.
	cg=/sys/fs/cgroup id=4f3c1e0b9a8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807f6e5d4c3b2a19080
	mount -t cgroup2 none $cg && mkdir -p $cg/system.slice/docker-$id.scope
	say "== on the host: $T/cdk_linux_amd64 evaluate (not in a container: no finding)"
	$T/cdk_linux_amd64 evaluate >/dev/null
	say "== in container docker-${id%${id#????????????}}: cdk evaluate, deepce.sh, ls"
	in_cgroup $cg/system.slice/docker-$id.scope sh -c \
		"'$T/cdk_linux_amd64 evaluate; $T/deepce.sh; ls / >/dev/null'" >/dev/null
	say "== in the same container: the same tool through a symlink named update-check"
	ln -s $T/cdk_linux_amd64 $T/update-check
	in_cgroup $cg/system.slice/docker-$id.scope $T/update-check >/dev/null
	wait_until 30 "readers did not finish" demo_done
	say "== escapewatch watch --format=text"
	cat $T/demo.text >&3
	say "== escapewatch watch (--format=scc, the default): the first finding"
	head -n 1 $T/demo.scc >&3
	say "== escapewatch watch --format=json: the first finding"
	head -n 1 $T/demo.json >&3
	finish
}
demo_done() { [ "$(cat $T/demo.* | wc -l)" -ge 9 ]; }

# KUnit suites run when their module loads; their KTAP report goes to the
# host, which judges it.
kunit() {
	dmesg -c >/dev/null
	insmod /escapewatch_kunit.ko || echo "not ok kunit_module_loads" >&3
	dmesg | sed 's/^\[[^]]*\] //' | sed -n '/KTAP version/,$p' |
		sed 's/^/ktap: /' >&3
	rmmod escapewatch_kunit
}

# After all scenarios, every object the module allocated must be freed.
t_kmemleak() {
	k=/sys/kernel/debug/kmemleak
	[ -e $k ] || { echo "no $k"; return 1; }
	echo scan > $k; sleep 1; echo scan > $k
	leaks=$(cat $k)
	[ -z "$leaks" ] || { echo "$leaks" | head -n 30; return 1; }
}

# The crng is ready (virtio-rng): getrandom() does not block.
crng_ready() { dmesg | grep -q 'crng init done'; }
t_crng_ready() { wait_until 30 "crng not ready: $(dmesg | grep random:)" crng_ready; }

grep -q 'ew.mode=demo' /proc/cmdline && demo
setup
check crng_ready t_crng_ready
grep -q 'ew.mode=lockdown' /proc/cmdline && { lockdown_part; finish; }
mount -t debugfs debugfs /sys/kernel/debug
# Only the debug kernel has KUnit, and with it kmemleak.
DEBUG_KERNEL=""
[ -f /escapewatch_kunit.ko ] && DEBUG_KERNEL=1
[ -z "$DEBUG_KERNEL" ] || echo clear > /sys/kernel/debug/kmemleak
grep -q 'ew.mode=stress' /proc/cmdline && { stress_part; finish; }
grep -q 'ew.mode=patching' /proc/cmdline && { check patching t_patching; finish; }
[ -z "$DEBUG_KERNEL" ] || kunit
check module_loads insmod $MOD
check device_mode t_device_mode
start_readers
if in_part core; then
	check tool_in_namespaces t_tool_in_namespaces
	check tool_on_host t_tool_on_host
	check host_not_examined t_host_not_examined
	check benign_in_namespaces t_benign_in_namespaces
	check script_reported_once t_script_reported_once
	check symlink_resolved t_symlink_resolved
	check poll_wakes t_poll_wakes
	check blocking_read_wakes t_blocking_read_wakes
	check small_read_einval devtest einval
	check open_permissions devtest perm
	check reader_not_root t_reader_not_root
	check ioctl_errors devtest ioctl
	check rules_show_builtin t_rules_show_builtin
	check rules_file_errors t_rules_file_errors
	check rules_load t_rules_load
	check bad_rules_refused t_bad_rules_refused
	check rules_reload_under_load t_rules_reload_under_load
	check fileless t_fileless
	check argv_escapes t_argv_escapes
	check argv_applet_by_name t_argv_applet_by_name
	check argv0_name t_argv0_name
	check script_as_argument t_script_as_argument
	check hash_and_content t_hash_and_content
	check benign_workload t_benign_workload
	check argv_benign t_argv_benign
	check argv_odd_bytes t_argv_odd_bytes
	check argv_truncated t_argv_truncated
	check ancestry t_ancestry
	check two_containers t_two_containers
	check exec_failed t_exec_failed
	check enforce t_enforce
	check enforce_scan t_enforce_scan
	check respond_freeze t_respond_freeze
	check respond_exec t_respond_exec
fi
in_part hostile && hostile_part
in_part evasion && evasion_part
in_part scripts && scripts_part
check sysfs_stats t_sysfs_stats
check no_misses t_no_misses
check unload_refused_while_open t_unload_refused_while_open
check unload_with_execs_in_flight t_unload_with_execs_in_flight
# Every scc finding so far goes to the host, which checks it against the
# JSON Schema.
sed 's/^/scc: /' $T/scc >&3
check reader_without_module t_reader_without_module
check lost_counted t_lost_counted
# rsyslogd needs AF_UNIX and IPv4, which the debug kernel is built without.
if [ -e /proc/net/unix ] && [ -e /proc/net/udp ]; then
	check syslog_rsyslogd t_syslog_rsyslogd
else
	echo "[scenario] skipped syslog_rsyslogd: no AF_UNIX or IPv4"
fi
check final_unload rmmod escapewatch
in_part recgen && recgen_part
[ -n "$DEBUG_KERNEL" ] && check kmemleak t_kmemleak
check lock t_lock
finish
