# Stress and lifecycle scenarios of the test VM, on 4 vCPUs (run.sh MODE
# stress, ew.mode=stress on the kernel command line); sourced by init.sh.
#
# ew.stress=short (make check) or long (make stress) sets the sizes
# (stress_sizes below); ew.stress=cycles runs the short load/unload cycles
# alone, without the storms before them:
#   STRESS_N       execs per worker in each storm
#   STRESS_CYCLES  load/unload cycles with readers blocked in read and poll
#
# A storm is, all at once: STRESS_CTRS containers each executing a tool
# (a copy of nop named cdk, which the built-in rule cdk matches by name)
# STRESS_N times, one container executing a benign program as often, and
# the host executing the tool as often (not examined: no finding).  Every
# container tool exec is one finding, nothing else is.

STRESS_CTRS=3
# stress_sizes: the sizes, in the shell that runs the checks (each check
# is a subshell).  On the debug kernel an exec is about ten times slower,
# so its storms are smaller, into a shorter queue, and its slow reader
# slower.  STRESS_QUEUE is the module's queue, short so that a storm
# overruns it many times over; STRESS_PAUSE the slow reader's pause
# between reads of 4 KiB, in ms.  ew.stress_n=, ew.stress_cycles=,
# ew.stress_queue=, ew.stress_pause= set others, for working on these
# scenarios.
param() { sed -n "s/.*ew\.stress_$1=\([0-9]*\).*/\1/p" /proc/cmdline; }
stress_sizes() {
	long=$(grep -c 'ew.stress=long' /proc/cmdline)
	if [ -n "$DEBUG_KERNEL" ] && [ "$long" = 1 ]; then
		set -- 500 500 256 5000
	elif [ -n "$DEBUG_KERNEL" ]; then
		set -- 100 10 64 5000
	elif [ "$long" = 1 ]; then
		set -- 5000 500 1024 200
	elif grep -q 'ew.stress=cycles' /proc/cmdline; then
		set -- 0 30 1024 200
	else
		set -- 1500 50 1024 200
	fi
	STRESS_N=${1} STRESS_CYCLES=${2} STRESS_QUEUE=${3} STRESS_PAUSE=${4}
	n=$(param n); [ -z "$n" ] || STRESS_N=$n
	n=$(param cycles); [ -z "$n" ] || STRESS_CYCLES=$n
	n=$(param queue); [ -z "$n" ] || STRESS_QUEUE=$n
	n=$(param pause); [ -z "$n" ] || STRESS_PAUSE=$n
	progress "sizes: $STRESS_CTRS containers, $STRESS_N execs a worker, $STRESS_CYCLES load cycles, queue $STRESS_QUEUE, slow reader pause $STRESS_PAUSE ms"
}
S=$T/stress

# progress WHAT: on the console, since check keeps a scenario's output.
progress() { echo "[stress] $*" > /dev/console; }
slab_kb() { sed -n 's/^SUnreclaim: *\([0-9]*\) kB/\1/p' /proc/meminfo; }
# Each check runs in a subshell: figures kept for later ones go in files.
keep_slab() { slab_kb > $S/slab.$1; }
slab_at() { cat $S/slab.$1; }
field() { sed -n "s/^$1 //p" "$2"; }

# storm: run one storm; fails when any worker fails.
storm() {
	pids=""
	for c in $(seq $STRESS_CTRS); do
		ctr execloop $STRESS_N $S/cdk >/dev/null 2>$S/worker.$c.err &
		pids="$pids $!"
	done
	ctr execloop $STRESS_N $S/benign >/dev/null 2>$S/worker.b.err &
	pids="$pids $!"
	execloop $STRESS_N $S/cdk >/dev/null 2>$S/worker.h.err &
	pids="$pids $!"
	t0=$(date +%s)
	st=0
	for p in $pids; do wait $p || st=1; done
	progress "storm of $((STRESS_CTRS + 2)) x $STRESS_N execs: $(($(date +%s) - t0)) s"
	[ $st = 0 ] || { cat $S/worker.*.err; return 1; }
	wait_until 60 "records still in flight" settled
}

# Rules replaced in a loop, each set matching the tool (another rule id
# each time), until the file STOP exists; the number of loads in LOADS.
reload_loop() {
	i=0
	until [ -e $S/storm.done ]; do
		escapewatch rules load /default.rules >/dev/null || exit 1
		escapewatch rules load $S/stress.rules >/dev/null || exit 1
		i=$((i + 2))
		sleep 0.2
	done
	echo $i > $S/loads
}

# Readers started and killed with SIGKILL while they read, until STOP.
kill_loop() {
	until [ -e $S/storm.done ]; do
		ewstress read fast /dev/null $S/never &
		k1=$!
		escapewatch watch --format=json >/dev/null 2>&1 &
		k2=$!
		sleep 0.$((RANDOM % 9 + 1))
		kill -9 $k1 $k2
		wait $k1 $k2 2>/dev/null
	done
}

stress_setup() {
	mkdir -p $S
	cp /bin/nop $S/cdk
	cp /bin/nop $S/benign
	printf 'rule 9001 stress-cdk\n\tname cdk\n' > $S/stress.rules
	keep_slab 0
	insmod $MOD queue_len=$STRESS_QUEUE && [ -c /dev/escapewatch ]
}

# let_go PID OVER: the slow reader, stopped, let go once the module has
# overwritten more than OVER records (those before its place when it
# opened, then one of its own), or when the storm is over.  How far
# behind it falls should not hang on how fast the storm's execs come: a
# cold make check's arm64 storm, under a loaded host, ran at 21 execs a
# second, slower than the slow reader read, and it lost nothing.
let_go() {
	until [ "$(counter overwritten)" -gt "$2" ] || [ -e $S/storm.done ]; do
		sleep 0.2
	done
	kill -CONT "$1"
}

# A storm with a reader that keeps up, a slow one, rules reloaded in a
# loop and readers killed mid-read: the fast reader gets every finding;
# the slow one, held until the queue has overrun it (let_go), gets a lost
# count for exactly each sequence number it missed.
t_storm_readers() {
	rm -f $S/storm.done $S/drain
	e0=$(counter events) g0=$(counter rules_generation)
	# Every job in the background writes nowhere near check's pipe, and
	# each stops once storm.done exists: check would otherwise wait for
	# them.
	ewstress read fast $S/fast $S/storm.done >/dev/null 2>$S/fast.err &
	fast=$!
	renice -n -10 -p $fast >/dev/null
	ewstress read slow $S/slow $S/storm.done $S/drain $STRESS_PAUSE \
		>/dev/null 2>$S/slow.err &
	slow=$!
	progress "readers $fast $slow started"
	blocked_in $fast poll && blocked_in $slow poll || {
		touch $S/drain $S/storm.done
		echo "fast: $(cat $S/fast.err); slow: $(cat $S/slow.err)"
		wait $fast $slow
		return 1
	}
	kill -STOP $slow
	let_go $slow $(($(counter overwritten) + $(counter queued))) \
		>/dev/null 2>&1 &
	lg=$!
	reload_loop >/dev/null 2>$S/reload.err &
	rl=$!
	kill_loop >/dev/null 2>&1 &
	kl=$!
	progress "readers ready"
	storm
	st=$?
	progress "storm done: $st"
	touch $S/drain
	sleep 1
	touch $S/storm.done
	wait $rl || { echo "a rules load failed"; st=1; }
	progress "reload loop done"
	wait $kl
	progress "kill loop done"
	wait $lg
	keep_slab 1
	wait $fast || { echo "fast reader: $(cat $S/fast.err) $(tr '\n' ' ' < $S/fast)"; st=1; }
	wait $slow || { echo "slow reader: $(cat $S/slow.err) $(tr '\n' ' ' < $S/slow)"; st=1; }
	[ $st = 0 ] || return 1
	want=$((STRESS_CTRS * STRESS_N))
	progress "fast reader: $(tr '\n' ' ' < $S/fast); slow: $(tr '\n' ' ' < $S/slow); $want findings"
	events=$(($(counter events) - e0))
	[ $events = $want ] || { echo "$events events for $want tool execs"; return 1; }
	[ "$(field received $S/fast)" = $want ] && [ "$(field lost $S/fast)" = 0 ] ||
		{ echo "fast reader: $(tr '\n' ' ' < $S/fast)"; return 1; }
	lost=$(field lost $S/slow) gaps=$(field gaps $S/slow)
	[ "$lost" -gt 0 ] || { echo "slow reader lost nothing: the storm did not overrun the queue"; return 1; }
	[ "$lost" = "$gaps" ] || { echo "slow reader: lost $lost, gaps $gaps"; return 1; }
	[ $(($(field received $S/slow) + lost)) = $want ] ||
		{ echo "slow reader: $(tr '\n' ' ' < $S/slow) for $want"; return 1; }
	loads=$(cat $S/loads)
	[ "$(counter rules_generation)" = $((g0 + loads)) ] ||
		{ echo "generation $(counter rules_generation) after $loads loads from $g0"; return 1; }
}

# The same storm with nobody reading: a reader that comes afterwards gets
# what the queue still holds, and the rest as lost, to the last number.
t_storm_no_reader() {
	e0=$(counter events) q=$(counter queue_len)
	storm || return 1
	touch $S/late.stop
	ewstress read all $S/late $S/late.stop 2>$S/late.err ||
		{ echo "late reader: $(cat $S/late.err) $(tr '\n' ' ' < $S/late)"; return 1; }
	keep_slab 2
	events=$(counter events) over=$(counter overwritten)
	[ $((events - e0)) = $((STRESS_CTRS * STRESS_N)) ] ||
		{ echo "$((events - e0)) events"; return 1; }
	[ "$(counter queued)" = "$q" ] || { echo "queue holds $(counter queued) of $q"; return 1; }
	# From sequence number 0: the overwritten as lost, the rest read.
	[ "$(field start $S/late)" = 0 ] && [ "$(field lost $S/late)" = "$over" ] &&
		[ "$(field received $S/late)" = "$q" ] &&
		[ "$(field next $S/late)" = "$events" ] ||
		{ echo "late reader: $(tr '\n' ' ' < $S/late); $events events, $over overwritten"; return 1; }
	# The queue is full: a second storm's worth of records takes no
	# more memory than the first's.  Not on debug, where KASAN keeps
	# freed objects in quarantine (its leak check is kmemleak's).
	[ -n "$DEBUG_KERNEL" ] || [ $(($(slab_at 2) - $(slab_at 1))) -lt 4096 ] ||
		{ echo "unreclaimable slab grew by $(($(slab_at 2) - $(slab_at 1))) kB from one full queue to the next"; return 1; }
}

t_storm_counters() {
	for c in nomem argv_faults failed_open failed_closed \
		exec_failed; do
		[ "$(counter $c)" = 0 ] || { echo "$c $(counter $c)"; return 1; }
	done
}

# Unloaded, the module gives back what it took (on debug, stress_kmemleak
# judges that instead).
t_storm_unload() {
	rmmod escapewatch || return 1
	slab=$(slab_kb)
	s0=$(slab_at 0)
	if [ -f $S/slab.2 ]; then
		progress "unreclaimable slab: $s0 kB before, $(slab_at 1) kB and $(slab_at 2) kB with a full queue, $slab kB unloaded"
	else
		progress "unreclaimable slab: $s0 kB before, $slab kB unloaded"
	fi
	[ -n "$DEBUG_KERNEL" ] || [ $((slab - s0)) -lt 2048 ] ||
		{ echo "unreclaimable slab $s0 kB -> $slab kB"; return 1; }
}

# Load and unload, STRESS_CYCLES times, while containers and the host
# execute: each time a reader blocked in read and one in poll keep the
# module from unloading until they are killed.
t_load_cycles() {
	[ "$STRESS_CYCLES" -gt 0 ] || { echo "no cycles asked for"; return 1; }
	rm -f $S/cycles.done
	ctr sh -c "until [ -e $S/cycles.done ]; do $S/benign; done" >/dev/null 2>&1 &
	l1=$!
	sh -c "until [ -e $S/cycles.done ]; do $S/cdk; done" >/dev/null 2>&1 &
	l2=$!
	st=0
	for i in $(seq $STRESS_CYCLES); do
		load_cycle || { echo "cycle $i: $why"; st=1; break; }
	done
	touch $S/cycles.done
	wait $l1 $l2
	progress "load cycles: $STRESS_CYCLES, rmmod refused (EAGAIN) $(cat $S/refused 2>/dev/null || echo 0) times in all, at most $(cat $S/refused.max 2>/dev/null || echo 0) in one cycle"
	return $st
}

load_cycle() {
	why="insmod failed"
	insmod $MOD queue_len=$STRESS_QUEUE || return 1
	devtest block >/dev/null 2>&1 &
	rd=$!
	escapewatch watch --new >/dev/null 2>&1 &
	pl=$!
	why="readers not blocked"
	blocked_in $rd ew_ >/dev/null && blocked_in $pl poll >/dev/null || {
		kill $rd $pl; wait $rd $pl; rmmod escapewatch; return 1; }
	why="unloaded under readers"
	rmmod escapewatch 2>/dev/null && return 1
	kill $rd $pl
	wait $rd $pl
	why="rmmod failed after the readers left"
	unload_under_execs
}

# An exec in a container holds a module reference from its check until it
# returns to user space (kmod/attach.c, defer.c), so rmmod under exec load
# may be refused with EAGAIN, as modprobe -r is for any module in use:
# retried every 0.1 s for up to 3 s.  The refusals of all cycles are
# counted in $S/refused, and the most one cycle needed in $S/refused.max.
unload_under_execs() {
	tries=0
	until rmmod escapewatch 2>/dev/null; do
		tries=$((tries + 1))
		[ $tries -le 30 ] || { rmmod escapewatch; return; }
		sleep 0.1
	done
	echo $(($(cat $S/refused 2>/dev/null || echo 0) + tries)) > $S/refused
	[ $tries -le "$(cat $S/refused.max 2>/dev/null || echo 0)" ] ||
		echo $tries > $S/refused.max
}

stress_part() {
	stress_sizes
	check stress_module_loads stress_setup
	if ! grep -q 'ew.stress=cycles' /proc/cmdline; then
		check storm_readers t_storm_readers
		check storm_no_reader t_storm_no_reader
		check storm_counters t_storm_counters
	fi
	check storm_unload t_storm_unload
	check load_cycles t_load_cycles
	[ -z "$DEBUG_KERNEL" ] || check stress_kmemleak t_kmemleak
}
