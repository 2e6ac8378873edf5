#!/bin/sh
# Run every test and end with "N passed, N failed".  Each part prints
# "ok ..." / "not ok ..." lines; a part that dies without saying so counts
# as a failure.
#   check.sh BUILD
set -u
build=$1
here=$(cd "$(dirname "$0")" && pwd)
log=$build/check.log
: >"$log"

part() {	# part NAME CMD...: run CMD, keep its output, flag a silent death
	name=$1
	shift
	echo "# $name"
	t0=$(date +%s)
	out=$("$@" 2>&1)
	status=$?
	echo "# $name: $(($(date +%s) - t0)) s"
	echo "$out" | tee -a "$log" | grep -E '^(not )?ok |^#' || true
	if [ $status -ne 0 ] && ! echo "$out" | grep -q '^not ok '; then
		echo "not ok $name: exited with status $status" | tee -a "$log"
		echo "$out" | tail -n 20 | sed 's/^/#   /'
	fi
}

# What the VM parts further down need (kernels, root file systems, the
# debug kernel) is fetched and built meanwhile, in the background.
"$here/prefetch.sh" >"$build/prefetch.log" 2>&1 &
prefetch=$!

part "checkpatch" sh "$here/checkpatch.sh"
part "built-in rules" sh "$here/default-rules.sh" "$build/escapewatch"
# The reader's command line without a module: --help everywhere, wrong
# options, status without a device; the man pages against the code; the
# bash completion against --help.
part "cli" sh "$here/cli-check.sh" "$build/escapewatch"
part "man pages" sh "$here/man-check.sh" "$build/escapewatch"
part "completion" bash "$here/completion-check.sh" "$build/escapewatch"
# README and docs/: every link resolves, the commands shown are the ones
# the package test runs, make demo's sample is shaped as its output.
part "docs" sh "$here/docs-check.sh"
# No circles between the reader's files: none uses a symbol of a file
# that uses one of its own (tests/layers.sh, by nm); the module's below.
# The module's files the reader compiles too come from the Makefile.
top=$(dirname "$here")
shared=
for f in ${EW_KMOD_SHARED:?"run through make check (the Makefile lists the files)"}; do
	shared="$shared $top/$f"
done
# shellcheck disable=SC2086
part "layers" sh "$here/layers.sh" userspace "$top"/userspace/*/*.c $shared
for t in "$build"/unit/test_* "$build"/unit-san/test_*; do
	part "unit $(basename "$(dirname "$t")")/$(basename "$t")" \
		env CMOCKA_MESSAGE_OUTPUT=TAP "$t"
done
# The ABI header's layout for x86-64, i386 and arm64 (compiled, not run).
part "abi layout" sh "$here/abi-check.sh"
# The scc golden file (the fixtures in the scc format) against the schema.
part "schema" sh "$here/schema-check.sh" "$here/unit/golden/findings.scc"
# arm64: Debian's arm64 6.1 and 6.12 under qemu-system-aarch64, the module
# and the programs cross-built (make vm-bins-arm64).  On 6.1 every part;
# on 6.12 the core scenarios and hostile input; then a short stress on
# 6.1 (tests/arm64.sh; make check-arm64 alone).  It runs beside the amd64
# VM parts from here on, to keep make check within its hour: a VM part
# leaves part of the cores free (boots, sleeps, polls).  Its lines come at
# the end of the parts it runs beside, with the time it took.
arm64_t0=$(date +%s)
sh "$here/arm64.sh" "$build/vm-bin-arm64" >"$build/arm64.out" 2>&1 &
arm64=$!
for line in 6.1 6.12; do
	part "vm $line" sh "$here/qemu/run.sh" "$line" check "$build/vm-bin"
done
# No circles between the module's files either: the objects kbuild left
# for 6.1 (a file of the module is one object).
part "layers kmod" sh "$here/layers.sh" kmod "$build/vm-6.1/kmod/kmod"
# Debian's other flavours of 6.12: rt (PREEMPT_RT: spinlocks sleep; see
# kmod/hook.c) and cloud (fewer drivers).  The core scenarios only, to
# keep make check short.
for line in 6.12-rt 6.12-cloud; do
	part "vm $line" env EW_PARTS=core \
		sh "$here/qemu/run.sh" "$line" check "$build/vm-bin"
done
# Exec storms, readers fast, slow and none, load/unload cycles under exec
# load, on 4 vCPUs; short here, long in make stress.  On the other lines
# the load/unload cycles alone (EW_STRESS=cycles); on debug (KASAN,
# lockdep, kmemleak) everything, with smaller storms (tests/qemu/stress.sh).
part "stress 6.1" sh "$here/qemu/run.sh" 6.1 stress "$build/vm-bin"
for line in 6.12 6.12-rt 6.12-cloud; do
	part "stress $line" env EW_STRESS=cycles \
		sh "$here/qemu/run.sh" "$line" stress "$build/vm-bin"
done
# The rules compiler and the blob validator under libFuzzer, 60 s each.
part "fuzz" sh "$here/fuzz/run.sh" "$build/fuzz" short
# The Debian packages: built, lintian, their files and fields, the unit
# verified, dkms add/build/sign against the 6.1 and 6.12 headers, amd64
# and arm64 (no install); the arm64 package cross-built in a cached build
# root (tests/package/buildroot.sh, made by the prefetch) and checked
# against the amd64 one.  The .deb files stay in $build/packages.  Here,
# not among the first parts: on a cold cache the build root is the
# prefetch's first step (five minutes), made by now.
part "packages" sh "$here/package-check.sh" "$build/packages"
# make demo, as README shows it: findings in the text, scc and json
# formats, each pattern of tests/demo.expect (which docs-check.sh holds
# README's sample to) found in its output.
demo() {
	out=$build/demo.out
	EW_BUILD=$build/demo sh "$here/qemu/run.sh" 6.1 demo \
		"$build/vm-bin" >"$out" 2>&1
	status=$?
	missing=$(grep -v '^#' "$here/demo.expect" | grep -v '^$' |
		while IFS= read -r p; do
			grep -q -e "$p" "$out" || echo "'$p'"
		done)
	if [ $status = 0 ] && [ -z "$missing" ]; then
		echo "ok demo: findings in each format"
	else
		echo "not ok demo: see $out (exit $status; lacks $missing)"
	fi
}
part "demo" demo
wait $arm64
arm64_status=$?
part "arm64 (beside the parts since vm 6.1, $(($(date +%s) - arm64_t0)) s)" \
	sh -c 'cat "$1"; exit "$2"' arm64 "$build/arm64.out" "$arm64_status"
# Real containers: Podman with crun and runc on a Debian root file system
# (built with debootstrap the first time, a few minutes; cached after).
for line in 6.1 6.12; do
	part "podman $line" sh "$here/podman/run.sh" "$line" "$build/vm-bin"
done
# The packages installed as docs/operations.md says, on a Debian 12
# root with systemd in the VM (tests/package): dpkg -i, DKMS building the
# module there, a reboot, a finding in rsyslog's file; then the kernel
# upgraded to 6.12 (DKMS's hooks build the module for it), a reboot into
# it, a finding again, the old kernel purged with nothing of ours left for
# it; then stop and purge, CONFIG_GLOB taken out of 6.12's headers and
# the packages installed again (DKMS skips the kernel: BUILD_EXCLUSIVE), a
# fifth boot with no module (only escapewatch.service fails), purge and
# nothing left.  612 s alone (the five boots 134, 23, 245, 160 and 50 s),
# 1105 s on a machine loaded 2 to 6 on 2 cores, most of it dpkg and DKMS
# under emulation; with four boots it took 1295 s (390, 53, 638 and 199 s)
# loaded 6 to 8.  The root file system is made once (debootstrap and the
# downloads, 16 minutes on a loaded machine) and cached.
part "package install 6.1" sh "$here/package/run.sh" 6.1 "$build/packages" \
	"$build/vm-bin"
# make bench, small: that it runs and gives every figure (its numbers are
# not checked; make bench writes the real ones to docs/BENCHMARKS.md).
# Single-threaded emulation: bpftrace and audit patch live kernel text,
# which multi-threaded TCG gets wrong (docs/testing.md: the 6.1 oops).
part "bench smoke" env VM_TCG=single \
	sh "$here/bench/run.sh" "$build/vm-bin" "$build/bench-smoke" smoke
# debug: built from linux-source-6.1 with KASAN, lockdep, kmemleak, UBSAN
# and KUnit; about 10 minutes the first time, cached after; last, so that
# the prefetch has built it meanwhile.
part "vm debug" sh "$here/qemu/run.sh" debug check "$build/vm-bin"
part "stress debug" sh "$here/qemu/run.sh" debug stress "$build/vm-bin"
# A hardened host: the debug kernel (its own key signs the modules) under
# lockdown with module.sig_enforce=1, at both levels, and under lockdown
# alone, as Secure Boot leaves Debian's kernel: unsigned and wrongly
# signed builds refused, the reader saying why, the signed build working
# (tests/qemu/lockdown.sh); the module as vm debug built it.
for a in "lockdown=integrity module.sig_enforce=1" \
	"lockdown=confidentiality module.sig_enforce=1" "lockdown=integrity"; do
	part "lockdown debug ($a)" env EW_APPEND="$a" \
		EW_KMOD="${EW_BUILD:-$top/build}/vm-debug" \
		sh "$here/qemu/run.sh" debug lockdown "$build/vm-bin"
done

wait $prefetch
grep '^prefetch: ' "$build/prefetch.log" | sed 's/^/# /'
passed=$(grep -c '^ok ' "$log")
failed=$(grep -c '^not ok ' "$log")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
