#!/bin/bash
# PID 1 of make bench's VM (tests/bench/run.sh): measures what escapewatch
# costs an exec, beside a bpftrace program and the audit subsystem doing
# the comparable work, in one boot.  Each figure is one line on the second
# serial port, "result KEY ROUND VALUE"; run.sh turns them into the table.
# /ew/bench.conf sets COUNT (execs a round), ROUNDS, MEMEXECS and BIG_MB,
# and PART: "wall" (every figure, by the wall clock) or "icount" (run.sh's
# second boot, under qemu's instruction counting: the exec rounds, with an
# empty binary format handler beside them, the container path with 20,
# 1,000 and 10,000 rules, the hook's own cost, by HOOKN calls of it
# (escapewatch_bench.ko, tests/bench/hookbench.c), and the module's memory
# with the largest rules).
export PATH=/ew:/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs run /run
mount -t tmpfs tmp /tmp
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
exec 3>/dev/ttyS1
. /ew/bench.conf
PART=${PART:-wall}
T=/tmp/t
mkdir -p $T /var/log/audit
# say, finish, ctr, counter, wait_until...: tests/lib/scenario.sh
. /ew/scenario.sh

result() { say "result $*"; }
fail() { say "not ok bench: $*"; }

# The container path is scenario.sh's ctr: a fresh user, PID and mount
# namespace, as the fast scenarios use (a runtime's own cost is not the
# module's).

# loop KEY ROUND: COUNT fork+exec+wait of nop on the host, then in a
# container; then COUNT of dash given a one-line script in a container
# (what an interpreter's exec pays for its script to be judged); the ns
# per exec of each.
# Each loop begins with sync: a disk write (auditd's log, bpftrace's
# output) left to the kernel's writeback would complete inside the loop
# when the host's disk thread finishes, not after a count of instructions.
loop() {
	sync
	v=$(execloop "$COUNT" /ew/nop) || { fail "$1 host"; return; }
	result "$1.host" "$2" "$v"
	sync
	v=$(ctr execloop "$COUNT" /ew/nop) || { fail "$1 container"; return; }
	result "$1.container" "$2" "$v"
	sync
	v=$(ctr execloop "$COUNT" /bin/dash $T/script.sh) ||
		{ fail "$1 script"; return; }
	result "$1.script" "$2" "$v"
}

# cold KEY: the first exec of a new large binary in a container (nop with
# BIG_MB of random bytes after it), a new copy each round; ns.
cold() {
	for r in $(seq "$ROUNDS"); do
		f=$T/big-$1-$r
		cp $T/big $f
		v=$(ctr execloop 1 $f) || { fail "$1 cold"; return; }
		result "$1.cold" "$r" "$v"
		rm -f $f
	done
}

# --- content scan rate (issue 22, the content automaton): begin ---
# content_rules N: N content rules, each a string of 16 random bytes (no
# NUL), the first killing (so that enforce mode reads a file before its
# exec goes on); in $T/content-N.rules.
content_rules() {
	od -An -v -tx1 -N $(($1 * 16)) /dev/urandom | awk -v n="$1" '
		{ for (i = 1; i <= NF; i++) b[k++] = $i }
		END {
			for (r = 0; r < n; r++) {
				printf "rule %d scan-%d\n", 9100 + r, r
				if (!r) print "\taction kill"
				s = ""
				for (j = 0; j < 16; j++) {
					x = b[r * 16 + j]
					s = s "\\x" (x == "00" ? "01" : x)
				}
				print "\tcontent " s
			}
		}' >"$T/content-$1.rules"
}
# scan_rate: the first exec in a container of a new nop followed by
# BIG_MB MiB of random bytes, in enforce mode with 1, 64 and 4096 content
# strings (the exec reads the file whole, SHA-256 and the automaton, before
# it goes on: less base.cold, that read's time); then sha256sum over the
# same file in the same VM.  ns.
scan_rate() {
	src=$T/scan-src
	cat /ew/nop >$src
	head -c "$((BIG_MB << 20))" /dev/urandom >>$src
	chmod +x $src
	result scan.bytes 1 "$(stat -c %s $src)"
	for n in 1 64 4096; do
		content_rules $n
		escapewatch rules load $T/content-$n.rules >/dev/null ||
			{ fail "scan rules $n"; continue; }
		escapewatch mode enforce >/dev/null
		for r in $(seq "$ROUNDS"); do
			f=$T/scan-$n-$r
			cp $src $f
			v=$(ctr execloop 1 $f) || { fail "scan $n"; break; }
			result "scan.$n" "$r" "$v"
			rm -f $f
		done
		escapewatch mode audit >/dev/null
	done
	for r in $(seq "$ROUNDS"); do
		t0=$(date +%s%N)
		sha256sum $src >/dev/null || { fail "sha256sum"; break; }
		t1=$(date +%s%N)
		result scan.sha256sum "$r" $((t1 - t0))
	done
	rm -f $src
}
# --- content scan rate: end ---

# rules_scale ROUND: the container path, cache warm, with 20, 1,000 and
# 10,000 rules (tests/bench/manyrules.py, made by run.sh: an exact name, a
# name glob and a SHA-256 digest each; none matches nop), each set in a
# fresh module; ns per exec.
rules_scale() {
	for n in 20 1000 10000; do
		insmod /ew/escapewatch.ko || { fail "insmod"; return; }
		if escapewatch rules load /ew/scale-$n.rules >/dev/null; then
			ctr execloop 1 /ew/nop >/dev/null
			wait_until 120 "scans still in flight" settled >/dev/null ||
				fail "rules $n warm"
			sync
			if v=$(ctr execloop "$COUNT" /ew/nop); then
				result "rules.$n.container" "$1" "$v"
			else
				fail "rules $n container"
			fi
		else
			fail "rules load $n"
		fi
		rmmod escapewatch
	done
}

meminfo() { sed -n "s/^$1: *\([0-9]*\) kB/\1/p" /proc/meminfo; }
memory() {
	echo 3 > /proc/sys/vm/drop_caches
	result "mem.$1.slab" 1 "$(meminfo Slab)"
	result "mem.$1.vmalloc" 1 "$(meminfo VmallocUsed)"
	# What neither counts: kvmalloc() of a large size that the page
	# allocator served whole (the rules blob when memory is plentiful).
	result "mem.$1.free" 1 "$(meminfo MemFree)"
}

echo true > $T/script.sh
cat /ew/nop > $T/big
head -c "$((BIG_MB << 20))" /dev/urandom >> $T/big
chmod +x $T/big
say "# kernel $(uname -r), $(nproc) CPUs, $(bpftrace --version), $(auditctl -v)"

# 1, 2, 3: each round measures, one after the other: nothing; the module
# in audit mode with its built-in rules and a reader attached; a bpftrace
# program doing the comparable work; the audit subsystem with an execve
# rule.  Interleaved, so that drift over the boot falls on all alike.
BPF='kprobe:security_bprm_check {
	$b = (struct linux_binprm *)arg0;
	printf("%s %u\n", str($b->filename),
	       curtask->nsproxy->pid_ns_for_children->ns.inum);
}'
attached() { grep -q 'Attaching' $T/bpftrace.out $T/bpftrace.err 2>/dev/null; }
auditd || fail "auditd"
hits=0 reads=0
for r in $(seq "$ROUNDS"); do
	loop base $r

	insmod /ew/escapewatch.ko || { fail "insmod"; finish; }
	escapewatch watch --output $T/round.jsonl 2>$T/reader.err &
	reader=$!
	# Cache warm: nop and dash read, as the tables say, before the
	# rounds (with one vCPU, the scanner would run inside them).
	ctr execloop 1 /ew/nop >/dev/null
	ctr execloop 1 /bin/dash $T/script.sh >/dev/null
	wait_until 120 "scans still in flight" settled >/dev/null ||
		fail "module warm"
	loop module $r
	# The first exec of nop in each round reads it; the rest hit.
	hits=$((hits + $(counter scan_hits))) reads=$((reads + $(counter scans)))
	kill $reader
	wait $reader 2>/dev/null
	rmmod escapewatch

	rm -f $T/bpftrace.out $T/bpftrace.err
	bpftrace -o $T/bpftrace.out -e "$BPF" 2>$T/bpftrace.err &
	bt=$!
	if wait_until 300 "bpftrace did not attach" attached >/dev/null; then
		loop bpftrace $r
	else
		fail "bpftrace: $(tail -n 3 $T/bpftrace.err | tr '\n' ' ')"
	fi
	kill -INT $bt
	wait $bt

	auditctl -e 1 >/dev/null
	auditctl -a always,exit -F arch=b64 -S execve -S execveat >/dev/null ||
		fail "auditctl"
	loop audit $r
	auditctl -D >/dev/null
	auditctl -e 0 >/dev/null

	# What the attach alone costs: a handler that does nothing, where
	# escapewatch's goes.
	if [ "$PART" = icount ]; then
		insmod /ew/escapewatch_bench.ko attach=1 ||
			{ fail "insmod bench"; finish; }
		loop empty $r
		rmmod escapewatch_bench
		rules_scale $r
	fi
done
result cache.hits 1 $hits
result cache.reads 1 $reads
result audit.records 1 "$(grep -c 'type=EXECVE' /var/log/audit/audit.log 2>/dev/null)"

# The hook itself: HOOKN calls of an empty handler, then of escapewatch's
# (the host path: the whole handler; in a container: the check, its cache
# warm), over one synthetic exec of nop; picoseconds a call.
hookbench() {
	HB=/sys/kernel/debug/escapewatch_bench
	insmod /ew/escapewatch.ko || { fail "insmod"; return; }
	insmod /ew/escapewatch_bench.ko || { fail "insmod bench"; return; }
	# The scanner reads nop at its first exec in a container; the check
	# then finds it in the cache.
	ctr execloop 3 /ew/nop >/dev/null
	wait_until 60 "scan of nop still in flight" settled >/dev/null ||
		fail "hook warm"
	for r in $(seq "$ROUNDS"); do
		out=$(echo "$HOOKN /ew/nop" >$HB && cat $HB) ||
			{ fail "hook host"; break; }
		echo "$out" | grep -qx 'examined 0' || fail "hook host: examined"
		result hook.empty.host "$r" "$(echo "$out" | sed -n 's/^empty //p')"
		result hook.host "$r" "$(echo "$out" | sed -n 's/^hook //p')"
		h0=$(counter scan_hits)
		out=$(ctr sh -c "echo '$HOOKN /ew/nop' >$HB && cat $HB") ||
			{ fail "hook container"; break; }
		h1=$(counter scan_hits)
		echo "$out" | grep -qx 'examined 1' ||
			fail "hook container: examined"
		[ $((h1 - h0)) -gt "$HOOKN" ] ||
			fail "hook container: cache not warm ($((h1 - h0)) hits)"
		result hook.empty.container "$r" "$(echo "$out" | sed -n 's/^empty //p')"
		result hook.container "$r" "$(echo "$out" | sed -n 's/^hook //p')"
	done
	# The check again with 10,000 rules in force.
	escapewatch rules load /ew/scale-10000.rules >/dev/null ||
		{ fail "hook: rules load"; return; }
	ctr execloop 3 /ew/nop >/dev/null
	wait_until 60 "scan of nop still in flight" settled >/dev/null ||
		fail "hook warm (10,000 rules)"
	for r in $(seq "$ROUNDS"); do
		h0=$(counter scan_hits)
		out=$(ctr sh -c "echo '$HOOKN /ew/nop' >$HB && cat $HB") ||
			{ fail "hook container (10,000 rules)"; break; }
		h1=$(counter scan_hits)
		[ $((h1 - h0)) -gt "$HOOKN" ] ||
			fail "hook container (10,000 rules): cache not warm"
		result hook.container.rules10000 "$r" \
			"$(echo "$out" | sed -n 's/^hook //p')"
	done
	rmmod escapewatch_bench
	rmmod escapewatch
}

# The module's memory with the largest rules: 10,000 rules, 4096 of them
# with a content string (scale-max.rules), against its built-in rules.
rules_memory() {
	insmod /ew/escapewatch.ko || { fail "insmod"; return; }
	memory rules.builtin
	if escapewatch rules load /ew/scale-max.rules >/dev/null; then
		memory rules.max
	else
		fail "rules load (max)"
	fi
	rmmod escapewatch
}
# ==== recgen: the queue and device under the record generator (issue 22) ====
# The test build of escapewatch.ko (/ew/escapewatch-recgen.ko, kbuild's
# EW_RECGEN=y: tests/recgen/recgen.c) makes RGN records of RGSIZE bytes and
# sends each through ew_dispatch() to the queue, as a matched exec's record
# goes, while a reader reads /dev/escapewatch from sequence 0:
#   recgen.raw.*     the raw reader (ewstress drain: 1 MiB blocking reads,
#                    every sequence number accounted for), the default
#                    queue (4096): received, lost, and ns from the start
#                    of the generator's write (by its child) to its last
#                    read; received + lost must be RGN exactly
#   recgen.gen.ns    the generator alone, no reader open: RGN records
#                    pushed (and as many overwritten), from the write's
#                    start to its return: the producer's side
#   recgen.drain.*   then the raw reader alone, reading the full queue it
#                    left (one lost record, then 4096): ns from its first
#                    read to its last: the device's side
#   recgen.reader.*  the real reader, escapewatch watch --format=json to
#                    /dev/null, with a queue that holds all RGN_REAL
#                    records (--count stops it): ns from its start to its
#                    exit
# Each round loads the module afresh; run.sh's recgen block sets RG*.
recgen_bench() {
	RG=/sys/kernel/debug/escapewatch_recgen
	result recgen.size 1 "$RGSIZE"
	for r in $(seq "$ROUNDS"); do
		insmod /ew/escapewatch-recgen.ko || { fail "recgen insmod"; return; }
		ewstress drain $T/rg.out "$RGN" 0 $RG "$RGN $RGSIZE" \
			>$T/rg.err 2>&1 ||
			fail "recgen raw: $(cat $T/rg.out $T/rg.err | tr '\n' ' ')"
		result recgen.raw.generated "$r" "$(sed -n 's/^generated //p' $RG)"
		for k in received lost ns reads csw; do
			result "recgen.raw.$k" "$r" "$(sed -n "s/^$k //p" $T/rg.out)"
		done
		rmmod escapewatch

		insmod /ew/escapewatch-recgen.ko || { fail "recgen insmod"; return; }
		t0=$(date +%s%N)
		echo "$RGN $RGSIZE" >$RG || fail "recgen write (alone)"
		t1=$(date +%s%N)
		result recgen.gen.ns "$r" $((t1 - t0))
		ewstress drain $T/rg-d.out "$RGN" >$T/rg-d.err 2>&1 ||
			fail "recgen drain: $(cat $T/rg-d.out $T/rg-d.err | tr '\n' ' ')"
		for k in received ns; do
			result "recgen.drain.$k" "$r" "$(sed -n "s/^$k //p" $T/rg-d.out)"
		done
		rmmod escapewatch

		insmod /ew/escapewatch-recgen.ko queue_len="$RGN_REAL" ||
			{ fail "recgen insmod"; return; }
		t0=$(date +%s%N)
		escapewatch watch --format=json --count "$RGN_REAL" \
			--output /dev/null 2>$T/rg-r.err &
		p=$!
		echo "$RGN_REAL $RGSIZE" >$RG || fail "recgen write (reader)"
		if wait $p; then
			t1=$(date +%s%N)
			result recgen.reader.received "$r" "$RGN_REAL"
			result recgen.reader.ns "$r" $((t1 - t0))
		else
			fail "recgen reader: $(tr '\n' ' ' <$T/rg-r.err)"
		fi
		rmmod escapewatch
	done
}
# ==== end recgen ====

if [ "$PART" = icount ]; then
	hookbench
	rules_memory
	recgen_bench	# the recgen block above
	finish
fi

cold base
memory before
insmod /ew/escapewatch.ko || { fail "insmod"; finish; }
memory loaded
escapewatch watch --output $T/findings.jsonl 2>$T/reader.err &
reader=$!
cold module

# 5: a content rule that kills, in enforce mode: the first exec of a new
# file reads it whole (SHA-256 and the content search) before it goes on.
cat > $T/enforce.rules <<EOR
rule 9001 bench-kill
	action kill
	content escapewatch-bench: never present
EOR
escapewatch rules load $T/enforce.rules >/dev/null || fail "rules load"
escapewatch mode enforce >/dev/null
cold enforce
escapewatch mode audit >/dev/null
# --- content scan rate: begin ---
scan_rate
# --- content scan rate: end ---

# 6: memory after many execs in containers, then after rules reloads.
escapewatch rules load /ew/default.rules >/dev/null
ctr execloop "$MEMEXECS" /ew/nop >/dev/null || fail "memory execs"
memory execs
for i in $(seq 50); do
	escapewatch rules load /ew/default.rules >/dev/null
done
memory reloads

# 4: every container exec reported, the reader writing JSON to a file.
# Every sequence number is in the file, as a finding or in a lost count.
lost_sum() {
	sed -n 's/.*"kind":"lost","seq":[0-9]*,"count":\([0-9]*\).*/\1/p' \
		$T/findings.jsonl | awk '{ s += $1 } END { print s + 0 }'
}
accounted() {
	[ $(($(grep -c '"sequence":' $T/findings.jsonl) + $(lost_sum))) -ge "$(counter events)" ]
}
cat > $T/every.rules <<EOR
rule 9002 every-exec
	severity low
	name *
EOR
escapewatch rules load $T/every.rules >/dev/null
e0=$(counter events)
t0=$(date +%s%N)
ctr execloop "$COUNT" /ew/nop >/dev/null
wait_until 120 "reader behind" accounted || fail "throughput"
t1=$(date +%s%N)
e1=$(counter events)
result events.count 1 $((e1 - e0))
result events.ns 1 $((t1 - t0))
result events.lost 1 "$(grep -c '"kind":"lost"' $T/findings.jsonl)"
# Above the reader's pace: the reader stopped while a burst fills the
# queue; what it lost must be exactly the gap in its sequence numbers.
kill -STOP $reader
ctr execloop $((2 * $(counter queue_len))) /ew/nop >/dev/null
# A second reader, new, reads the full queue from its start: its time to
# the last record is the reader's own pace, with nothing else running.
kept=$(counter queued)
t0=$(date +%s%N)
escapewatch watch --count "$kept" --output $T/drain.jsonl 2>/dev/null ||
	fail "draining reader"
t1=$(date +%s%N)
result burst.drained 1 "$(grep -c '"sequence":' $T/drain.jsonl)"
result burst.drain_ns 1 $((t1 - t0))
kill -CONT $reader
wait_until 120 "reader behind after the burst" accounted || fail "burst"
kill $reader
wait $reader 2>/dev/null
lost=$(lost_sum)
got=$(grep -c '"sequence":' $T/findings.jsonl)
result burst.events 1 "$(counter events)"
result burst.received 1 "$got"
result burst.lost 1 "$lost"
result burst.overwritten 1 "$(counter overwritten)"
rmmod escapewatch
finish
