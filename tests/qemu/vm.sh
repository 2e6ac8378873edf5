# Shared by the VM runners (run.sh, tests/podman/run.sh); sourced.
#
#   vm_build_module OUT KDIR   escapewatch.ko (and the KUnit module where the
#                              kernel has KUnit) in OUT/kmod, or "not ok"
#   vm_boot OUT ARGS...        run qemu-system-x86_64 ARGS with the console
#                              in OUT/console.log and the results port in
#                              OUT/result; stop it 15 s after a kernel
#                              report, and after 15 minutes in any case
#   vm_log_clean LINE OUT      "ok"/"not ok LINE: kernel log clean"
#   vm_schema LINE OUT         the scc findings the guest sent ("scc: "
#                              lines) against the JSON Schema

# What on the console fails a run: kernel reports, and kretprobe misses.
VM_FATAL='BUG:|WARNING:|Oops|Call Trace|general protection|Kernel panic|kretprobe.*(miss|fail)|UBSAN:|ODEBUG:|unreferenced object|possible recursive locking|circular locking'

vm_build_module() {
	mkdir -p "$1/kmod/tests"
	cp -r "$top/Kbuild" "$top/kmod" "$top/include" "$1/kmod/"
	cp -r "$top/tests/kunit" "$1/kmod/tests/"
	make -s -C "$2/build" M="$1/kmod" modules >"$1/kbuild.log" 2>&1 || {
		cat "$1/kbuild.log"
		return 1
	}
}

vm_boot() {
	vm_out=$1
	shift
	qemu-system-x86_64 -accel tcg -no-reboot -display none -monitor none \
		-serial "file:$vm_out/console.log" \
		-serial "file:$vm_out/result.log" "$@" &
	vm_pid=$!
	# What follows a kernel report is often a hang (a deadlock lockdep
	# just described): give the report 15 s to be written out.
	vm_deadline=$(($(date +%s) + 900))
	vm_stop=$vm_deadline
	while kill -0 $vm_pid 2>/dev/null; do
		vm_now=$(date +%s)
		if [ $vm_stop = $vm_deadline ] &&
			grep -qE "$VM_FATAL" "$vm_out/console.log" 2>/dev/null; then
			vm_stop=$((vm_now + 15))
		fi
		if [ "$vm_now" -ge $vm_stop ]; then
			kill $vm_pid
			echo "vm.sh: stopped the VM at $(date)" >>"$vm_out/console.log"
			break
		fi
		sleep 1
	done
	wait $vm_pid 2>/dev/null || true
	# The guest's tty ends lines with CR LF.
	tr -d '\r' <"$vm_out/result.log" >"$vm_out/result"
}

vm_log_clean() {
	vm_bad=$(grep -nE "$VM_FATAL" "$2/console.log" || true)
	if [ -z "$vm_bad" ]; then
		echo "ok $1: kernel log clean"
	else
		echo "not ok $1: kernel log clean"
		echo "$vm_bad" | head -n 40 | sed 's/^/#   /'
	fi
}

vm_schema() {
	sed -n 's/^scc: //p' "$2/result" >"$2/findings.scc"
	if [ -s "$2/findings.scc" ]; then
		sh "$top/tests/schema-check.sh" "$2/findings.scc" |
			sed 's/^\(\(not \)\{0,1\}ok\) /\1 '"$1"': /'
	else
		echo "not ok $1: schema: the guest sent no scc findings"
	fi
}
