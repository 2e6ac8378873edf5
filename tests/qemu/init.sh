#!/bin/busybox sh
# PID 1 of the test VM: the scenarios against escapewatch.ko.
#
# Each result is one line on the second serial port (/dev/ttyS1), "ok NAME"
# or "not ok NAME: why", and "done" at the end, so that nothing the kernel
# prints on the console can fake a pass.  With ew.mode=demo on the kernel
# command line it runs the demo instead and sends the reader's findings.
export PATH=/bin
/bin/busybox mkdir -p /proc /sys /dev /tmp
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
exec 3>/dev/ttyS1

MOD=/escapewatch.ko
T=/tmp/t
mkdir -p $T

ok() { echo "ok $1" >&3; echo "[scenario] ok $1"; }
not_ok() { echo "not ok $1: $2" >&3; echo "[scenario] not ok $1: $2"; }

# check NAME CMD...: CMD prints why it failed and returns non-zero.
check() {
	name=$1
	shift
	if why=$("$@" 2>&1); then
		ok "$name"
	else
		not_ok "$name" "$(echo "$why" | tail -n 4 | tr '\n' ' ')"
	fi
}

# A fresh user, PID and mount namespace, as a container has (no runtime).
ctr() { unshare -U -r -p -f -m "$@"; }

counter() { escapewatch status | sed -n "s/^$1 //p"; }

# The VM leaves through a reset: qemu runs with -no-reboot, and the debug
# kernel has no ACPI to power off with.
finish() {
	echo done >&3
	sync
	reboot -f
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

# The background reader prints one line per record; wait until it has one
# for every event the module queued.
reader_has() { [ "$(wc -l < $T/findings)" -ge "$1" ]; }
sync_reader() {
	want=$(counter events)
	wait_until 10 "reader stuck below $want lines" reader_has "$want"
}

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
findings_since() { tail -n +$(($1 + 1)) $T/findings | grep '"kind":"finding"'; }

expect() {
	echo "$new" | grep -qF -- "$1" || { echo "finding lacks $1: $new"; return 1; }
}

# run_counting CMD...: run CMD, then set $new to the findings it caused
# and $n to their number.
run_counting() {
	before=$(wc -l < $T/findings)
	out=$("$@") || { echo "command failed: $*"; return 1; }
	sync_reader || return 1
	new=$(findings_since "$before")
	n=$(echo "$new" | grep -c '"kind":"finding"') || true
}

t_tool_in_namespaces() {
	run_counting ctr $T/cdk || return 1
	[ "$n" = 1 ] || { echo "want 1 finding, got $n: $new"; return 1; }
	set -- $out
	pid=${1#pid=} nspid=${2#nspid=} mnt=${3#mnt=} user=${4#user=}
	expect "\"process\":{\"pid\":$pid," &&
	expect "\"nsPid\":$nspid," &&
	expect "\"path\":\"$T/cdk\"" &&
	expect '"rule":{"id":1001,"name":"cdk","generation":1}' &&
	expect '"evidence":{"kind":"name","pattern":"cdk","matched":"cdk"' &&
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
	expect "\"path\":\"$T/deepce.sh\"" && expect '"name":"deepce"'
}

t_symlink_resolved() {
	run_counting ctr $T/innocent || return 1
	[ "$n" = 1 ] || { echo "want 1 finding, got $n: $new"; return 1; }
	expect "\"path\":\"$T/cdk\""
}



t_poll_wakes() {
	escapewatch watch --new --count 1 > $T/poll.out 2>&1 &
	p=$!
	blocked_in $p poll || return 1
	ctr $T/cdk >/dev/null
	wait_gone $p 10 || { echo "reader in poll did not wake"; return 1; }
	grep -q '"kind":"finding"' $T/poll.out || { cat $T/poll.out; return 1; }
}

t_blocking_read_wakes() {
	devtest block > $T/block.out 2>&1 &
	p=$!
	blocked_in $p ew_ || return 1
	ctr $T/cdk >/dev/null
	wait_gone $p 10 || { echo "reader in read did not wake"; return 1; }
	grep -qx ok $T/block.out || { cat $T/block.out; return 1; }
}

t_reader_not_root() {
	msg=$(devtest as-user 1000 /bin/escapewatch watch 2>&1) &&
		{ echo "reader ran as uid 1000"; return 1; }
	[ "$(echo "$msg" | wc -l)" = 1 ] || { echo "not one line: $msg"; return 1; }
	echo "$msg" | grep -q 'permission denied' || { echo "$msg"; return 1; }
}

t_device_mode() {
	m=$(ls -l /dev/escapewatch | cut -c1-10)
	[ "$m" = "crw-------" ] || { echo "mode $m"; return 1; }
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
	expect '"severity":"CRITICAL"' &&
	expect '"rule":{"id":1,"name":"renamed-tool","generation":2}' &&
	expect "\"evidence\":{\"kind\":\"path\",\"pattern\":\"$T/renamed/*\",\"matched\":\"$T/renamed/kworker\"" || return 1
	# Through its link: busybox's own shell runs applets without exec.
	run_counting ctr sh -c '/bin/nsenter --help >/dev/null 2>&1; true' || return 1
	[ "$n" = 1 ] || { echo "applet: want 1 finding, got $n"; return 1; }
	expect '"name":"busybox-nsenter"' && expect '"matched":"nsenter"' || return 1
	# By name from busybox's shell: only argv[0] says nsenter.
	run_counting ctr sh -c 'nsenter --help >/dev/null 2>&1; true' || return 1
	[ "$n" = 1 ] || { echo "argv[0]: want 1 finding, got $n"; return 1; }
	expect '"name":"busybox-nsenter"' && expect '"matched":"nsenter"' || return 1
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
	expect '"name":"fileless-exec"' && expect '"kind":"fileless"' &&
	expect '"path":"/memfd:tool (deleted)"'
}

# run_one NAME CMD...: CMD in a container gives exactly one finding of
# rule NAME, from its command line.
run_one() {
	rule=$1
	shift
	run_counting ctr sh -c "$* >/dev/null 2>&1; true" || return 1
	[ "$n" = 1 ] || { echo "$*: want 1 finding, got $n: $new"; return 1; }
	expect "\"name\":\"$rule\"" && expect '"kind":"argv"' &&
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
	expect '"name":"test-tool-hash"' &&
	expect "\"evidence\":{\"kind\":\"sha256\",\"pattern\":\"$hex\",\"matched\":\"$hex\"" &&
	expect "\"path\":\"$T/s/x1\"" || return 1
	[ "$(echo "$new" | grep -c finding)" = 1 ] || { echo "hash: $new"; return 1; }

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
	expect '"name":"test-tool-content"' && expect '"kind":"content"' || return 1

	run_counting ctr /bin/busybox true || return 1
	wait_scans $((scans + 3)) && sync_reader || return 1
	[ -z "$(findings_since "$before")" ] || { echo "busybox matched"; return 1; }
	[ "$(counter scan_errors)" = 0 ] || { echo "scan errors"; return 1; }
	escapewatch rules load /default.rules >/dev/null
}

t_no_misses() {
	for c in probe_missed nomem argv_faults; do
		[ "$(counter $c)" = 0 ] || { echo "$c $(counter $c)"; return 1; }
	done
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
	kill $READER	# its file is closed when it exits
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
	escapewatch watch --count 16 > $T/lost.out 2> $T/lost.err || return 1
	head -n 1 $T/lost.out |
		grep -q '"kind":"lost","seq":0,"count":24,"reason":"overrun"' ||
		{ echo "first line: $(head -n 1 $T/lost.out)"; return 1; }
	[ "$(grep -c '"kind":"finding"' $T/lost.out)" = 16 ] ||
		{ echo "findings: $(grep -c finding $T/lost.out)"; return 1; }
	sed -n 2p $T/lost.out | grep -q '"seq":24,' || { sed -n 2p $T/lost.out; return 1; }
	tail -n 1 $T/lost.out | grep -q '"seq":39,' || { tail -n 1 $T/lost.out; return 1; }
	grep -q 'lost 24 event' $T/lost.err || { cat $T/lost.err; return 1; }
	[ "$(counter overwritten)" = 24 ] || { echo "overwritten $(counter overwritten)"; return 1; }
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

# say TEXT: narrate the demo on the console and to the host.
say() { echo "$*"; echo "$*" >&3; }

demo() {
	insmod $MOD || { say "demo: insmod failed"; finish; }
	escapewatch watch --count 3 > $T/findings &
	reader=$!
	cp /bin/tool $T/cdk_linux_amd64
	printf '#!/bin/sh\necho "deepce: looking for a way out"\n' > $T/deepce.sh
	chmod +x $T/deepce.sh
	say "== on the host: $T/cdk_linux_amd64 evaluate (not in a container: no finding)"
	$T/cdk_linux_amd64 evaluate >/dev/null
	say "== in a container (new user, PID and mount namespaces): cdk evaluate, deepce.sh, ls"
	ctr sh -c "$T/cdk_linux_amd64 evaluate; $T/deepce.sh; ls / >/dev/null" >/dev/null
	say "== in a container: the same tool through a symlink named update-check"
	ln -s $T/cdk_linux_amd64 $T/update-check
	ctr $T/update-check >/dev/null
	wait_gone $reader 20
	say "== what 'escapewatch watch' printed:"
	cat $T/findings >&3
	finish
}

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

grep -q 'ew.mode=demo' /proc/cmdline && demo
setup
mount -t debugfs debugfs /sys/kernel/debug
# Only the debug kernel has KUnit, and with it kmemleak.
DEBUG_KERNEL=""
[ -f /escapewatch_kunit.ko ] && DEBUG_KERNEL=1
if [ -n "$DEBUG_KERNEL" ]; then
	echo clear > /sys/kernel/debug/kmemleak
	kunit
fi
check module_loads insmod $MOD
check device_mode t_device_mode
escapewatch watch > $T/findings 2> $T/reader.err &
READER=$!
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
check script_as_argument t_script_as_argument
check hash_and_content t_hash_and_content
check benign_workload t_benign_workload
check argv_benign t_argv_benign
check no_misses t_no_misses
check unload_refused_while_open t_unload_refused_while_open
check unload_with_execs_in_flight t_unload_with_execs_in_flight
check reader_without_module t_reader_without_module
check lost_counted t_lost_counted
check final_unload rmmod escapewatch
[ -n "$DEBUG_KERNEL" ] && check kmemleak t_kmemleak
finish
