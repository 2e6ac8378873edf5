# Scripts given to shells: the exec is of the interpreter, and the module
# reads the script it was given (kmod/interp.c, kmod/script.c); sourced by
# init.sh.  The scripts are synthetic: a first line that marks that the
# script ran, and the banner the default rules know deepce by (rule 1002,
# a content line).  dash and bash are Debian's (tests/qemu/shells.sh); sh
# is busybox's.

DEEPCE_BANNER='Docker Enumeration, Escalation of Privileges and Container Escapes (DEEPCE)'
S=$T/sc

scripts_setup() {
	mkdir -p $S/a/b
	# A renamed deepce: nothing in its name says what it is.
	printf 'touch %s/ran\n# %s\necho done\n' $S "$DEEPCE_BANNER" > $S/notes.txt
	ln -sf notes.txt $S/link.sh
	printf 'true\n' > $S/benign.sh
	rm -f $S/fifo && mkfifo $S/fifo
}

# The record's header flags, from the reader's json line.
rec_flags() { echo "$new" | sed -n 's/^{"kind":"exec","id":"[0-9a-f]*","seq":[0-9]*,"flags":\([0-9]*\),.*/\1/p'; }

# script_found OPERAND INTERP FROM CMD...: CMD, in a container, ran the
# renamed deepce: one finding, whose file is the script (resolved), whose
# filename is OPERAND as written, whose interpreter is INTERP, with
# EW_EXEC_SCRIPT (16), EW_EXEC_STDIN (32) when FROM is stdin, and in the
# scc format evidence kind "script" and scriptFrom FROM.
script_found() {
	operand=$1 interp=$2 from=$3
	shift 3
	rm -f $S/ran
	run_counting ctr "$@" || return 1
	[ -e $S/ran ] || { echo "$*: the script did not run"; return 1; }
	[ "$n" = 1 ] || { echo "$*: want 1 finding, got $n: $new"; return 1; }
	expect '"rule":"deepce"' && expect '"matchKind":6,' &&
	expect_path "$S/notes.txt" &&
	expect "{\"type\":\"filename\",\"flags\":0,\"value\":\"$operand\"}" &&
	expect "{\"type\":\"interp\",\"flags\":0,\"value\":\"$interp\"}" || return 1
	f=$(rec_flags)
	want=16
	[ "$from" = operand ] || want=48
	[ $((f & 48)) = $want ] || { echo "$*: flags $f"; return 1; }
	scc_sync || return 1
	line=$(scc_of "$(seq_of "$new")")
	echo "$line" | grep -qF "\"evidence\":{\"kind\":\"script\"" &&
		echo "$line" | grep -qF "\"scriptFrom\":\"$from\"" &&
		echo "$line" | grep -qF "\"script\":{" ||
		{ echo "$*: scc: $line"; return 1; }
}

t_script_operands() {
	scripts_setup
	script_found $S/notes.txt /bin/busybox operand sh $S/notes.txt &&
	script_found $S/notes.txt /bin/dash operand dash $S/notes.txt &&
	script_found $S/notes.txt /bin/bash operand bash -e $S/notes.txt &&
	script_found $S/notes.txt /bin/busybox operand busybox sh $S/notes.txt &&
	script_found $S/notes.txt /bin/dash operand dash -o errexit $S/notes.txt &&
	script_found $S/notes.txt /bin/bash operand bash --norc -eo pipefail $S/notes.txt
}

# Relative to the working directory, from deeper down, and through a
# symbolic link, as the process itself resolves them.
t_script_relative() {
	script_found notes.txt /bin/dash operand \
		sh -c "cd $S && exec dash notes.txt" &&
	script_found ../../notes.txt /bin/dash operand \
		sh -c "cd $S/a/b && exec dash ../../notes.txt" &&
	script_found link.sh /bin/bash operand \
		sh -c "cd $S && exec bash link.sh"
}

# On standard input: a regular file is read; a pipe is not (docs/limits.md).
t_script_stdin() {
	script_found - /bin/dash stdin sh -c "exec dash < $S/notes.txt" &&
	script_found - /bin/busybox stdin sh -c "exec sh -s < $S/notes.txt" || return 1
	run_counting ctr sh -c "cat $S/notes.txt | dash" || return 1
	[ "$n" = 0 ] || { echo "a pipe was read: $new"; return 1; }
}

# Program text on the command line: matched against content strings.
t_script_command_text() {
	run_counting ctr dash -c ": '$DEEPCE_BANNER'" || return 1
	[ "$n" = 1 ] || { echo "want 1 finding, got $n: $new"; return 1; }
	expect '"rule":"deepce"' && expect '"matchKind":6,' &&
	expect '{"type":"path","flags":0,"value":"/bin/dash"}' || return 1
	[ $(($(rec_flags) & 64)) = 64 ] || { echo "flags $(rec_flags)"; return 1; }
	scc_sync || return 1
	scc_of "$(seq_of "$new")" | grep -qF '"evidence":{"kind":"command"' ||
		{ echo "scc: $(scc_of "$(seq_of "$new")")"; return 1; }
}

# The same on the host: no finding.
t_script_on_host() {
	before=$(wc -l < $T/findings)
	sh $S/notes.txt && dash $S/notes.txt && dash < $S/notes.txt &&
		dash -c ": '$DEEPCE_BANNER'" || return 1
	sync_reader || return 1
	[ -z "$(findings_since "$before")" ] || { echo "host: $(findings_since "$before")"; return 1; }
}

# Operands that are no script: skipped and counted, never waited on.  The
# FIFO's shell waits in its own open, not in the module's.
t_script_skipped() {
	skipped=$(counter scripts_skipped)
	ctr sh $S/missing 2>/dev/null
	ctr sh $S/a 2>/dev/null
	ctr sh /dev/null || return 1
	[ "$(counter scripts_skipped)" = $((skipped + 3)) ] ||
		{ echo "scripts_skipped $skipped -> $(counter scripts_skipped)"; return 1; }
	# Counted when the exec returns, before dash opens the FIFO itself.
	ctr dash $S/fifo &
	pid=$!
	wait_until 10 "FIFO not counted" counter_is scripts_skipped $((skipped + 4)) ||
		{ kill $pid; return 1; }
	echo true > $S/fifo
	wait_gone $pid 10
}
counter_is() { [ "$(counter $1)" = "$2" ]; }

# Hostile command lines: 10,000 options, which put the script past
# argv_max (4096 bytes read: it is not seen, docs/limits.md), a name longer
# than PATH_MAX, an option's value missing.  The execs end as the shell
# decides; nothing hangs.
t_script_hostile() {
	opts=$(yes -e | head -n 10000 | tr '\n' ' ')
	rm -f $S/ran
	# shellcheck disable=SC2086
	run_counting ctr dash $opts $S/notes.txt </dev/null || return 1
	[ -e $S/ran ] || { echo "the script did not run"; return 1; }
	[ "$n" = 0 ] || { echo "past argv_max, yet: $new"; return 1; }
	# Standard input /dev/null: a shell without a script reads it.
	long=$(head -c 5000 /dev/zero | tr '\0' a)
	ctr dash $S/$long </dev/null 2>/dev/null
	ctr dash -o </dev/null >/dev/null 2>&1
	return 0
}

# 2,000 interpreter execs of benign scripts, every way: none is a finding,
# and each script was judged.  On the debug kernel, whose checks make an
# exec several times slower, 200: there it looks for memory and locking
# errors, not for false findings.
t_script_benign_workload() {
	rounds=500
	[ -z "$DEBUG_KERNEL" ] || rounds=50
	scripts=$(counter scripts)
	run_counting ctr sh -c "cd $S && for i in \$(seq $rounds); do
		dash benign.sh; sh ./benign.sh; bash < benign.sh; dash -c true
	done" || return 1
	[ "$n" = 0 ] || { echo "want no finding, got $n: $new"; return 1; }
	# The loop's own sh -c and its command text count too.
	[ "$(counter scripts)" -ge $((scripts + 4 * rounds)) ] ||
		{ echo "scripts $scripts -> $(counter scripts)"; return 1; }
}

# Enforce mode: a kill rule on a script's content kills the interpreter
# before it reads the script's first line, which would create the marker.
t_script_enforce() {
	cat /default.rules > $T/script-kill.rules
	cat >> $T/script-kill.rules <<-EOF
	rule 4201 kill-script-content
		action kill
		content escapewatch-script-kill-marker
	EOF
	escapewatch rules load $T/script-kill.rules >/dev/null || return 1
	printf 'touch %s/ran\n# escapewatch-script-kill-marker\n' $S > $S/kill.txt
	rm -f $S/ran
	escapewatch mode enforce >/dev/null || return 1
	run_counting ctr sh -c "dash $S/kill.txt; echo \"status \$?\"" || return 1
	escapewatch mode audit >/dev/null
	escapewatch rules load /default.rules >/dev/null
	echo "$out" | grep -qx 'status 137' || { echo "not killed: $out"; return 1; }
	[ ! -e $S/ran ] || { echo "the script ran"; return 1; }
	[ "$n" = 1 ] && expect '"action":2,"ruleAction":2' &&
		expect '"rule":"kill-script-content"' || return 1
}

scripts_part() {
	check script_operands t_script_operands
	check script_relative t_script_relative
	check script_stdin t_script_stdin
	check script_command_text t_script_command_text
	check script_on_host t_script_on_host
	check script_skipped t_script_skipped
	check script_hostile t_script_hostile
	check script_benign_workload t_script_benign_workload
	check script_enforce t_script_enforce
}
