# Live code patching under an exec storm, with the module or without it
# (run.sh MODE patching, ew.mode=patching on the kernel command line):
# the evidence behind the attach the module uses (docs/testing.md, the
# 6.1 oops).  Sourced by init.sh.
#
# ew.patch=VARIANT picks what one cycle switches on for 50 ms and off again,
# ew.patch_cycles=N how many cycles (default 500), while four loops execute
# a static program without pause, two of them in containers:
#   kretprobe  the kernel's own return probe on security_bprm_check
#              (tracefs kprobe_events "r:"), no module loaded
#   kprobe     a plain entry probe there ("p:"), no return trampoline
#   function   ftrace's function tracer on security_bprm_check alone
#   tracepoint the sched_process_exec trace event: a static key flipped,
#              no function tracing
#   module     escapewatch.ko loaded and unloaded
# Progress goes to the results port every 10 cycles ("patching: cycle N"),
# so that the host can tell how far a run got before a kernel report.

TR=/sys/kernel/tracing

patching_storm() {
	rm -f $T/patch.stop
	cp /bin/nop $T/benign
	for i in 1 2; do
		sh -c "until [ -e $T/patch.stop ]; do $T/benign; done" >/dev/null 2>&1 &
		ctr sh -c "until [ -e $T/patch.stop ]; do $T/benign; done" >/dev/null 2>&1 &
	done
}

# patch_on VARIANT / patch_off VARIANT: one half of a cycle each.
patch_on() {
	case $1 in
	kretprobe) echo 'r:ewx security_bprm_check $retval' >> $TR/kprobe_events &&
		echo 1 > $TR/events/kprobes/ewx/enable ;;
	kprobe) echo 'p:ewx security_bprm_check' >> $TR/kprobe_events &&
		echo 1 > $TR/events/kprobes/ewx/enable ;;
	function) echo function > $TR/current_tracer ;;
	tracepoint) echo 1 > $TR/events/sched/sched_process_exec/enable ;;
	module) insmod $MOD ;;
	*) echo "unknown variant $1"; return 1 ;;
	esac
}

patch_off() {
	case $1 in
	kretprobe | kprobe) echo 0 > $TR/events/kprobes/ewx/enable &&
		echo '-:ewx' >> $TR/kprobe_events ;;
	function) echo nop > $TR/current_tracer ;;
	tracepoint) echo 0 > $TR/events/sched/sched_process_exec/enable ;;
	module) unload_under_execs ;;
	esac
}

t_patching() {
	v=$(sed -n 's/.*ew\.patch=\([a-z]*\).*/\1/p' /proc/cmdline)
	n=$(sed -n 's/.*ew\.patch_cycles=\([0-9]*\).*/\1/p' /proc/cmdline)
	n=${n:-500}
	mount -t tracefs nodev $TR 2>/dev/null
	[ "$v" != function ] || echo security_bprm_check > $TR/set_ftrace_filter ||
		return 1
	# What the trace buffers take does not matter here: keep them small.
	echo 64 > $TR/buffer_size_kb
	mkdir -p $S
	patching_storm
	progress "$v: $n cycles under an exec storm of 4 loops"
	cyc=0 st=0
	t0=$(date +%s)
	while [ $cyc -lt "$n" ]; do
		patch_on "$v" || { echo "cycle $cyc: $v would not switch on"; st=1; break; }
		sleep 0.05
		patch_off "$v" || { echo "cycle $cyc: $v would not switch off"; st=1; break; }
		cyc=$((cyc + 1))
		[ $((cyc % 10)) != 0 ] || echo "patching: cycle $cyc" >&3
	done
	touch $T/patch.stop
	wait
	progress "$v: $cyc cycles in $(($(date +%s) - t0)) s"
	[ "$v" != module ] || progress "rmmod refused (EAGAIN) $(cat $S/refused 2>/dev/null || echo 0) times in all, at most $(cat $S/refused.max 2>/dev/null || echo 0) in one cycle"
	return $st
}
