#!/bin/sh
# Boot Debian's kernel in qemu with escapewatch and the scenarios.
#
#   run.sh LINE MODE BIN
#     LINE  6.1, 6.12, 6.12-rt, 6.12-cloud, debug, 6.1-arm64 or 6.12-arm64
#           (see kernel.sh)
#     MODE  check:  print the scenarios' results as "ok NAME" / "not ok NAME"
#           stress: the same, of the stress scenarios (stress.sh), on 4 vCPUs
#           patching: live code patching under an exec storm, on 4 vCPUs
#                   (patching.sh): EW_PATCH=kretprobe|kprobe|function|
#                   tracepoint|module, EW_PATCH_CYCLES (default 500)
#           demo:   print the findings the reader produced
#           lockdown: signed and unsigned builds under lockdown= and
#                   module.sig_enforce=, which EW_APPEND gives (debug only:
#                   the one kernel whose key signs here; lockdown.sh)
#     BIN   directory with the static programs of make vm-bins (for an
#           arm64 line, of make vm-bins-arm64, busybox among them)
#
#   EW_PARTS=core,hostile,evasion,scripts,recgen
#                                  the parts a check boot runs (default all)
#   EW_STRESS=short|long           how long the stress scenarios run
#                                  (default short; make stress: long)
#   VM_TCG=single                  every vCPU on one host thread
#                                  (tests/lib/vm.sh)
#   EW_KMOD=DIR                    the module as an earlier run built it
#                                  for LINE (its build directory, DIR/kmod),
#                                  not built again: make check's lockdown
#                                  boots take the debug check's (the same
#                                  sources and kernel; 25 s a build)
#
# The results come back on the guest's second serial port; the console log
# is kept in the build directory and must hold no kernel warning.
set -eu

line=$1 mode=$2 bin=$3
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# Results are named "LINE: NAME", stress results "LINE stress: NAME".
label=$line out=${EW_BUILD:-$top/build}/vm-$line
[ "$mode" != stress ] || label="$line stress" out=$out-stress
if [ "$mode" = patching ]; then
	label="$line patching ${EW_PATCH:?} tcg=${VM_TCG:-multi}"
	out=$out-patching-$EW_PATCH-${VM_TCG:-multi}
fi
if [ "$mode" = lockdown ]; then
	label="$line ${EW_APPEND:?lockdown: EW_APPEND gives lockdown= (and module.sig_enforce=1)}"
	out=$out-lockdown-$(echo "$EW_APPEND" | tr -c 'a-z0-9_\n' -)
fi
kdir=$("$here/kernel.sh" "$line")

. "$top/tests/lib/vm.sh"
VM_ARCH=$(vm_arch "$kdir")
rm -rf "$out"
mkdir -p "$out/initrd/bin"

# The module, built against this kernel's headers outside the source tree;
# for a check boot, beside it, the test build with the record generator
# (tests/recgen: kbuild's EW_RECGEN=y), which only recgen.sh loads.
if [ "$mode" = check ]; then
	vm_build_module "$out/recgen" "$kdir" EW_RECGEN=y \
		>"$out/recgen-build.log" 2>&1 &
	recgen_build=$!
fi
if [ -n "${EW_KMOD:-}" ]; then
	[ -f "$EW_KMOD/kmod/escapewatch.ko" ] || {
		echo "not ok $label: no module built in $EW_KMOD (EW_KMOD)"
		exit 1
	}
	cp -r "$EW_KMOD/kmod" "$out/"
elif ! vm_build_module "$out" "$kdir"; then
	echo "not ok build_module_$line"
	exit 1
fi
if [ "$mode" = check ]; then
	wait $recgen_build || {
		cat "$out/recgen-build.log"
		echo "not ok build_module_recgen_$line"
		exit 1
	}
	vm_recgen_check "$line" "$out/kmod/escapewatch.ko" \
		"$out/recgen/kmod/escapewatch.ko"
fi

# The initramfs: busybox, the module, the reader and the scenarios.
r=$out/initrd
if [ "$VM_ARCH" = amd64 ]; then
	cp /bin/busybox "$r/bin/"
else
	cp "$bin/busybox" "$r/bin/"
fi
# The applets of the host's busybox: the same Debian version.
for a in $(/bin/busybox --list); do
	[ -e "$r/bin/$a" ] || ln -s busybox "$r/bin/$a"
done
cp "$bin/escapewatch" "$bin/tool" "$bin/devtest" "$bin/syslogsend" \
	"$bin/evade" "$bin/ewstress" "$bin/execloop" "$bin/nop" "$r/bin/"
# devtest built for i386, for the ioctls through compat_ioctl (where the
# toolchain has 32-bit libraries; hostile.sh says when it is missing).
[ ! -f "$bin/devtest32" ] || cp "$bin/devtest32" "$r/bin/"
# Debian's rsyslogd, its plugins and shared libraries (rsyslog.sh: 7.5 MB,
# 3.7 MB gzipped, as much as all the rest) and its config, for
# t_syslog_rsyslogd to send findings to a real syslog daemon.
rsyslog=$(sh "$here/rsyslog.sh" "$VM_ARCH")
cp -a "$rsyslog/." "$r/"
mkdir -p "$r/etc"
cp "$here/rsyslog.conf" "$r/etc/"
# Debian's dash and bash (shells.sh), for scripts.sh to give scripts to;
# glibc is in rsyslogd's tree.  busybox may have linked an applet there.
shells=$(sh "$here/shells.sh" "$VM_ARCH")
rm -f "$r/bin/dash" "$r/bin/bash"
cp -a "$shells/." "$r/"
cp "$out/kmod/escapewatch.ko" "$r/"
[ "$mode" != check ] || cp "$out/recgen/kmod/escapewatch.ko" "$r/escapewatch-recgen.ko"
# arm64's results port is a virtio console (tests/lib/vm.sh).
if [ "$VM_ARCH" = arm64 ]; then
	vm_modules "$r" "$kdir" virtio_pci virtio-rng virtio_console
else
	vm_modules "$r" "$kdir" virtio_pci virtio-rng
fi
# binfmt_misc, for evasion.sh to load after the module (not at boot).
for f in "$kdir"/root/lib/modules/*/kernel/fs/binfmt_misc.ko*; do
	[ ! -e "$f" ] || vm_ko "$f" "$r/binfmt_misc.ko"
done
[ ! -f "$out/kmod/escapewatch_kunit.ko" ] || cp "$out/kmod/escapewatch_kunit.ko" "$r/"
# A kernel built here (debug) trusts its own key: its modules are signed
# as a hardened host's are.  Debian's kernels trust only Debian's key.
vm_sign "$kdir" "$r"/*.ko || {
	echo "not ok $label: signing the modules"
	exit 1
}
if [ "$mode" = lockdown ]; then
	[ -f "$kdir/build/certs/signing_key.pem" ] || {
		echo "not ok $label: $line has no key of its own to sign with"
		exit 1
	}
	cp "$out/kmod/escapewatch.ko" "$r/escapewatch-unsigned.ko"
	cp "$out/kmod/escapewatch.ko" "$r/escapewatch-wrongkey.ko"
	openssl req -new -x509 -nodes -days 1 -newkey rsa:2048 \
		-subj "/CN=escapewatch test key the kernel does not trust" \
		-keyout "$out/wrongkey.pem" -out "$out/wrongkey.x509" 2>/dev/null &&
		VM_SIGN_KEY=$out/wrongkey vm_sign "$kdir" \
			"$r/escapewatch-wrongkey.ko" || {
		echo "not ok $label: signing with a key of the test's"
		exit 1
	}
fi
cp "$here/init.sh" "$r/init"
cp "$top/tests/lib/scenario.sh" "$here/hostile.sh" "$here/evasion.sh" \
	"$here/scripts.sh" "$here/recgen.sh" "$here/stress.sh" \
	"$here/patching.sh" "$here/lockdown.sh" "$r/"
cp "$top/rules/default.rules" "$r/"
# Rules that know the stand-in tool by its hash and by its bytes.
cat >"$r/scan.rules" <<EOF
rule 3001 test-tool-hash
	sha256 $(sha256sum "$bin/tool" | cut -c1-64)
rule 3002 test-tool-content
	content escapewatch-test-tool: a harmless stand-in
EOF
chmod 755 "$r/init"
vm_pack "$out"

# kunit.enable: the debug kernel is built with KUnit off by default.
# tsc=unstable: under emulation the clocksource watchdog may find the TSC
# unstable mid-run, and 6.12 once oopsed (int3 in sched_clock_cpu) while
# patching the switch; deciding it at boot avoids the runtime switch.
# random.trust_cpu=on: the crng seeded from RDRAND (vm.sh gives the vCPU
# it) at early boot, so that its static key is flipped then, not when
# virtio-rng's module fills it while /init runs: 6.12 once oopsed so (int3
# in get_random_u16 under an exec; a stale translation under
# multi-threaded TCG, no module of ours loaded).  Debian's kernels trust
# the CPU by default; the debug kernel does not.  arm64's crng is seeded
# from the device tree at boot.
append="console=$(vm_console "$kdir") panic=-1 kunit.enable=1 ew.mode=$mode"
if [ "$VM_ARCH" = arm64 ]; then
	append="$append ew.results=/dev/hvc0"
else
	append="$append tsc=unstable random.trust_cpu=on"
fi
append="$append ew.parts=${EW_PARTS:-core,hostile,evasion,scripts,recgen}"
append="$append ew.stress=${EW_STRESS:-short} ${EW_APPEND:-}"
[ "$mode" != patching ] ||
	append="$append ew.patch=$EW_PATCH ew.patch_cycles=${EW_PATCH_CYCLES:-500}"
# noirqdebug: under emulation, PREEMPT_RT's threaded handler of the
# results port (ttyS1) once went "irq 3: nobody cared" in a busy moment,
# and the kernel then disabled its interrupt, cutting the results short.
case $line in
*-rt) append="$append noirqdebug" ;;
esac
cpus=2
[ "$mode" != stress ] && [ "$mode" != patching ] || cpus=4
# The deadline (vm.sh) fits the work: make check's parts end within 15
# minutes; make stress's long runs (storms of 5000 execs a worker, then
# 500 load/unload cycles) and the 500 patching cycles take 10 to 20
# minutes on an idle machine, twice that beside other VMs, and more on
# debug: an hour for them, two on debug.  A guest that stops progressing
# is still caught by the kernel's own watchdogs (VM_FATAL).
if [ "${EW_STRESS:-short}" = long ] || [ "$mode" = patching ]; then
	deadline=3600
	[ "$line" != debug ] || deadline=7200
	VM_TIMEOUT=${VM_TIMEOUT:-$deadline}
fi
vm_boot "$out" -m 1024 -smp $cpus \
	-kernel "$kdir/vmlinuz" -initrd "$out/initrd.gz" -append "$append"

if [ "$mode" = demo ]; then
	echo "escapewatch demo: Debian kernel $(basename "$(readlink "$kdir/vmlinuz")" | sed 's/^vmlinuz-//') in qemu"
	grep -v '^done$' "$out/result" || true
	grep -q '"category":"Execution: Container Escape"' "$out/result"
	exit
fi

vm_results "$label" "$out"
if [ "$mode" = patching ]; then
	echo "# $label: $(sed -n 's/^patching: //p' "$out/result" | tail -n 1 | sed 's/^$/no cycle/') done"
elif [ "$mode" != stress ] && [ "$mode" != lockdown ]; then
	vm_schema "$line" "$out"
fi
if [ "$mode" = check ] && [ -f "$r/escapewatch_kunit.ko" ]; then
	sed -n 's/^ktap: //p' "$out/result" >"$out/ktap"
	awk -v line="$line" -v suites="$(grep -ho '\.name = "escapewatch_[a-z_]*"' \
		"$top"/tests/kunit/*.c | sed 's/.*"\(.*\)"/\1/')" \
		-f "$here/ktap.awk" "$out/ktap"
fi
vm_finished "$label" "$out" "guest ran every scenario"
vm_log_clean "$label" "$out"
