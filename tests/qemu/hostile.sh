# Hostile input and access scenarios of the test VM; sourced by init.sh.
#
# Bad ioctls and reads (devtest ioctl-all, read-all, also as an i386
# program through compat_ioctl), the built-in rules' content automaton
# damaged four ways (devtest bad-automaton), command lines built to hurt, who may open
# the device how (read-only: the node's mode; for writing: CAP_SYS_ADMIN
# too), the reader as a member of the node's group (as Debian's package
# sets it up), what a descriptor passed on may do, records free of
# kernel addresses, readers that do not disturb each other, and lost
# counts per reader (on a reload with a queue of 16: the background
# readers are restarted after it, on a fresh module with /default.rules).

# hdev PROGRAM ARGS...: run devtest or devtest32; its whole output goes to
# the console for the record, and is the check's reason when it fails.
hdev() {
	hout=$("$@" 2>&1)
	hrc=$?
	echo "$hout" | sed "s|^|[$1 $2] |" >/dev/console
	echo "$hout"
	return $hrc
}

# check32 NAME ARGS...: check NAME with devtest32 ARGS where the kernel
# runs i386 programs; where it cannot, say so on the console, with no
# result: a skipped check never counts as passed.
check32() {
	if [ ! -x /bin/devtest32 ]; then
		echo "[scenario] skipped $1: no devtest32 (no 32-bit toolchain)"
	elif devtest exec-fails /bin/devtest32 2>/dev/null | grep -q 'Exec format error'; then
		echo "[scenario] skipped $1: no 32-bit support"
	else
		n32=$1
		shift
		check "$n32" hdev devtest32 "$@"
	fi
}

# At least three records to read back.
h_read_sizes() {
	run_counting ctr sh -c "$T/cdk; $T/cdk; $T/cdk" || return 1
	[ "$n" = 3 ] || { echo "want 3 findings, got $n"; return 1; }
	hdev devtest read-all
}

h_readers() {
	hdev devtest readers unshare -U -r -p -f -m $T/cdk && sync_reader
}

# argv_shape: of the finding in $new, $aflags (its argv field's flags),
# $nstr (strings in that field), $alen (bytes of the first argument in
# it) and $argc.
argv_shape() {
	v=$(echo "$new" | grep -o '"type":"argv","flags":[0-9]*,"value":\[[^]]*\]')
	[ -n "$v" ] || { echo "no argv field: $(echo "$new" | cut -c1-300)"; return 1; }
	aflags=$(echo "$v" | sed 's/^"type":"argv","flags":\([0-9]*\),.*/\1/')
	list=${v#*\"value\":\[}
	nstr=$(($(printf %s "$list" | tr -cd '"' | wc -c) / 2))
	first=$(printf %s "$list" | cut -d'"' -f4)
	alen=${#first}
	argc=$(echo "$new" | sed -n 's/.*"argc":\([0-9]*\),.*/\1/p')
}

# argv_run NxLEN...: the tool in a container with argv[0] its path, then
# N arguments of LEN bytes for each NxLEN: one finding, of rule 1001.
argv_run() {
	run_counting ctr devtest execv-args $T/cdk "$@" || return 1
	[ "$n" = 1 ] || { echo "$*: want 1 finding, got $n"; return 1; }
	expect '"ruleId":1001,' && argv_shape
}

# argv_want WHAT FLAGS NSTR ALEN ARGC: what argv_shape found.
argv_want() {
	[ "$aflags $nstr $alen $argc" = "$2 $3 $4 $5" ] || {
		echo "$1: argv flags $aflags, $nstr strings, first argument $alen bytes, argc $argc; want $2 $3 $4 $5"
		return 1
	}
}

# The module reads argv_max bytes (A) of a command line; the tool's path
# and its NUL take P of them.
argv_limits() {
	A=$(cat /sys/module/escapewatch/parameters/argv_max)
	P=$((${#T} + 5))
}

# One argument of MAX_ARG_STRLEN - 1 bytes, the most execve takes: cut at
# argv_max, flagged.
h_argv_long_string() {
	argv_limits
	argv_run 1x131071 &&
	argv_want "one 128 KiB argument" 1 2 $((A - P)) 2
}

# Eight of them, 1 MiB.
h_argv_1mib() {
	argv_limits
	argv_run 8x131071 &&
	argv_want "1 MiB of arguments" 1 2 $((A - P)) 9
}

# One byte more than MAX_ARG_STRLEN: execve fails with E2BIG before the
# check; no finding.
h_argv_e2big() {
	before=$(wc -l < $T/findings)
	msg=$(ctr devtest execv-args $T/cdk 1x131072 2>&1)
	echo "$msg" | grep -q 'exec failed: Argument list too long' ||
		{ echo "want E2BIG: $msg"; return 1; }
	sync_reader || return 1
	new=$(findings_since "$before")
	[ -z "$new" ] || { echo "a finding of a refused exec: $new"; return 1; }
}

# 10000 empty strings: as many as fit in argv_max, the cut right after a
# NUL, flagged.
h_argv_10000_empty() {
	argv_limits
	argv_run 10000x0 &&
	argv_want "10000 empty arguments" 1 $((A - P + 1)) 0 10001
}

# Command lines that end at argv_max, or whose last NUL falls just past
# it (the argument is whole, the line still flagged as cut), or an empty
# last argument just past it (left out, flagged), or cut inside.
h_argv_at_limit() {
	argv_limits
	argv_run 1x$((A - P - 1)) &&
	argv_want "ending at argv_max" 0 2 $((A - P - 1)) 2 &&
	argv_run 1x$((A - P)) &&
	argv_want "its NUL just past argv_max" 1 2 $((A - P)) 2 &&
	argv_run 1x$((A - P - 1)) 1x0 &&
	argv_want "an empty argument just past argv_max" 1 2 $((A - P - 1)) 3 &&
	argv_run 1x$((A - P + 1)) &&
	argv_want "cut inside an argument" 1 2 $((A - P)) 2
}

# Nothing missed so far: the reload below resets the counters that
# init.sh's no_misses checks at the end.
h_no_misses_yet() {
	for c in nomem argv_faults failed_open failed_closed; do
		[ "$(counter $c)" = 0 ] || { echo "$c $(counter $c)"; return 1; }
	done
}

# 40 findings into a queue of 16 with no reader: a new reader is told of
# the 24 lost and counts them, one at the end counts none.
h_lost_per_reader() {
	rmmod escapewatch || { echo "rmmod failed"; return 1; }
	insmod $MOD queue_len=16 || { echo "insmod queue_len=16 failed"; return 1; }
	ctr sh -c "for i in \$(seq 40); do $T/cdk; done" >/dev/null
	wait_until 30 "records still in flight" settled || return 1
	[ "$(counter events)" = 40 ] && [ "$(counter overwritten)" = 24 ] ||
		{ echo "events $(counter events), overwritten $(counter overwritten)"; return 1; }
	hdev devtest lost-per-fd 24 16 && hdev devtest records
}

# The node 0640 root:$EW_GID, as Debian's package makes it (root:escapewatch):
# devtest group checks each identity's opens; then the reader itself as
# uid 1000 in the group, without capabilities, reads a finding, status and
# the rules, and cannot load rules or set the mode (one line, exit 1);
# uid 1001, outside the group, cannot read.  0600 root:root again after.
EW_GID=4242
h_group_reader() {
	chgrp $EW_GID /dev/escapewatch && chmod 0640 /dev/escapewatch ||
		{ echo "chgrp/chmod failed"; return 1; }
	h_group_member
	hrc=$?
	chmod 0600 /dev/escapewatch
	chgrp 0 /dev/escapewatch
	st=$(stat -c '%a %u %g' /dev/escapewatch)
	[ "$st" = "600 0 0" ] || { echo "node left $st"; return 1; }
	return $hrc
}
h_group_member() {
	hdev devtest group $EW_GID || return 1
	member="devtest as-user 1000:$EW_GID /bin/escapewatch"
	$member watch --new --count 1 --format=json >$T/member.out 2>$T/member.err &
	p=$!
	blocked_in $p poll || { kill $p; cat $T/member.err; return 1; }
	run_counting ctr $T/cdk || { kill $p; return 1; }
	[ "$n" = 1 ] || { kill $p; echo "want 1 finding, got $n"; return 1; }
	wait_gone $p 10 ||
		{ echo "the member's reader: status $?: $(cat $T/member.err)"; return 1; }
	grep -q '"kind":"exec".*"rule":"cdk"' $T/member.out ||
		{ echo "the member's reader read: $(cat $T/member.out $T/member.err)"; return 1; }
	$member status >$T/member.out 2>&1 ||
		{ echo "the member's status: exit $?: $(cat $T/member.out)"; return 1; }
	grep -qx 'attached 1' $T/member.out && grep -qx 'mode audit' $T/member.out ||
		{ echo "the member's status: $(cat $T/member.out)"; return 1; }
	$member rules show >$T/member.out 2>&1 &&
		grep -qx 'rule 1001 cdk' $T/member.out ||
		{ echo "the member's rules show: $(cat $T/member.out)"; return 1; }
	g=$(counter rules_generation)
	want="escapewatch: /dev/escapewatch: permission denied: loading rules and changing the mode need root with CAP_SYS_ADMIN"
	msg=$($member rules load /default.rules 2>&1)
	rc=$?
	[ $rc = 1 ] && [ "$msg" = "$want" ] ||
		{ echo "the member's rules load: exit $rc: $msg"; return 1; }
	msg=$($member mode enforce 2>&1)
	rc=$?
	[ $rc = 1 ] && [ "$msg" = "$want" ] ||
		{ echo "the member's mode enforce: exit $rc: $msg"; return 1; }
	[ "$(counter rules_generation)" = "$g" ] && [ "$(counter mode)" = audit ] ||
		{ echo "generation $(counter rules_generation) (was $g), mode $(counter mode)"; return 1; }
	msg=$(devtest as-user 1001 /bin/escapewatch status 2>&1 >/dev/null)
	rc=$?
	[ $rc = 1 ] && echo "$msg" | grep -q 'permission denied: reading findings and status needs read access to the device node' ||
		{ echo "uid 1001's status: exit $rc: $msg"; return 1; }
}

# The background readers, stopped for a reload once they have everything
# (their scc findings go to the host now), and started again after it
# (start_readers: scenario.sh).
stop_readers() {
	scc_sync
	sync_reader
	sed 's/^/scc: /' $T/scc >&3
	kill $READER $SCC_READER
	wait $READER $SCC_READER 2>/dev/null
}

hostile_part() {
	escapewatch rules load /default.rules >/dev/null ||
		not_ok hostile_rules "escapewatch rules load /default.rules failed"
	check ioctl_all hdev devtest ioctl-all
	check bad_automaton hdev devtest bad-automaton
	check32 ioctl_all_32 ioctl-all
	check read_sizes h_read_sizes
	check32 read_sizes_32 read-all
	check readers_independent h_readers
	check argv_long_string h_argv_long_string
	check argv_1mib h_argv_1mib
	check argv_e2big h_argv_e2big
	check argv_10000_empty h_argv_10000_empty
	check argv_at_limit h_argv_at_limit
	check open_by_identity hdev devtest access
	check group_reader h_group_reader
	check passed_fd_rights hdev devtest passed-fd
	check records_clean hdev devtest records
	check no_misses_before_reload h_no_misses_yet
	stop_readers
	check lost_per_reader h_lost_per_reader
	rmmod escapewatch 2>/dev/null
	insmod $MOD || not_ok module_reloads "insmod after the queue_len=16 load failed"
	start_readers
	escapewatch rules load /default.rules >/dev/null
}
