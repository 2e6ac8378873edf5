# Evasion scenarios of the test VM: a tool executed in ways that try to
# slip past the exec hook (tests/qemu/evade.c); sourced by init.sh.  Each
# execution must still be one finding, with what could be known of it.

# Through a file descriptor: the path asked for is /dev/fd/N, the file
# the descriptor holds is the tool.
t_evade_execveat() {
	run_counting ctr evade execveat $T/cdk || return 1
	[ "$n" = 1 ] || { echo "want 1 finding, got $n: $new"; return 1; }
	expect_path "$T/cdk" && expect_rule 1001 cdk "$(counter rules_generation)" &&
	expect '"callerComm":"evade",' || return 1
	echo "$new" | grep -q '{"type":"filename","flags":0,"value":"/dev/fd/[0-9]*"}' ||
		{ echo "finding lacks the filename /dev/fd/N: $new"; return 1; }
}

# From a directory deeper than PATH_MAX: no path names the file.  The
# rule still matches the file's own name; the finding marks the path and
# the working directory as cut (flags 1, empty: docs/limits.md) and
# identifies the file by the name asked for and its hash.
t_evade_longpath() {
	rm -rf $T/long && mkdir $T/long
	run_counting ctr evade longpath $T/long $T/cdk || return 1
	[ "$n" = 1 ] || { echo "want 1 finding, got $n: $new"; return 1; }
	sum=$(sha256sum $T/cdk | cut -d' ' -f1)
	expect_rule 1001 cdk "$(counter rules_generation)" &&
	expect '"matched":"cdk",' &&
	expect '{"type":"path","flags":1,"value":""}' &&
	expect '{"type":"cwd","flags":1,"value":""}' &&
	expect '{"type":"filename","flags":0,"value":"./cdk"}' &&
	expect "\"sha256\":\"$sum\","
}

# From a directory renamed back and forth while it executes: every
# execution that ran is a finding.
t_evade_rename() {
	rm -rf $T/mv $T/mv.moved && mkdir $T/mv && cp $T/cdk $T/mv/cdk
	run_counting ctr evade rename $T/mv cdk 200 || return 1
	ran=$(echo "$out" | tail -n 1)	# after the tool's own lines
	[ "$ran" -gt 0 ] || { echo "no execution ran"; return 1; }
	[ "$n" = "$ran" ] || { echo "$ran executions, $n findings"; return 1; }
	bad=$(echo "$new" | grep -v '"rule":"cdk"' | head -n 1)
	[ -z "$bad" ] || { echo "finding of another rule: $bad"; return 1; }
}

# A comm is the process's to set: it neither hides the tool nor names one.
t_evade_comm() {
	run_counting ctr evade comm kworker/0:1 $T/cdk || return 1
	[ "$n" = 1 ] || { echo "renamed caller: want 1 finding, got $n: $new"; return 1; }
	expect_rule 1001 cdk "$(counter rules_generation)" &&
	expect '"comm":"cdk",' && expect '"callerComm":"kworker/0:1",' || return 1
	run_counting ctr evade comm cdk /bin/nop || return 1
	[ "$n" = 0 ] || { echo "a benign file from a process named cdk: $new"; return 1; }
}

# binfmt_misc loaded after the module: its handler comes first in the
# kernel's list, claims a file by its magic and substitutes /bin/sh.  The
# exec is judged in the interpreter's round, by the name asked for
# (docs/how-it-works.md: where it attaches).  Debian builds binfmt_misc as a module; the
# debug kernel has none, and the console says the scenario was not run.
t_evade_binfmt_misc() {
	m=/proc/sys/fs/binfmt_misc
	insmod /binfmt_misc.ko && mount -t binfmt_misc none $m || return 1
	echo ':ewtest:M::EWMISC::/bin/sh:' > $m/register || { umount $m; rmmod binfmt_misc; return 1; }
	mkdir -p $T/misc && printf 'EWMISC=1\ntrue\n' > $T/misc/cdk && chmod +x $T/misc/cdk
	run_counting ctr $T/misc/cdk
	st=$?
	echo -1 > $m/ewtest
	umount $m && rmmod binfmt_misc || { echo "binfmt_misc did not go"; return 1; }
	[ $st = 0 ] || return 1
	[ "$n" = 1 ] || { echo "want 1 finding, got $n: $new"; return 1; }
	expect_rule 1001 cdk "$(counter rules_generation)" && expect '"matched":"cdk",' &&
	expect_path /bin/busybox
}

evasion_part() {
	check evade_execveat t_evade_execveat
	check evade_longpath t_evade_longpath
	check evade_rename t_evade_rename
	check evade_comm t_evade_comm
	if [ -f /binfmt_misc.ko ]; then
		check evade_binfmt_misc t_evade_binfmt_misc
	else
		echo "[scenario] evade_binfmt_misc not run: no binfmt_misc module in this kernel" > /dev/console
	fi
}
