# Shared by the VM runners (tests/qemu/run.sh, tests/podman/run.sh,
# tests/package/run.sh, tests/bench/run.sh); sourced.  The guests' side
# of the harness is scenario.sh, beside this file.
#
#   vm_build_module OUT KDIR [VAR=VALUE...]
#                              escapewatch.ko (and the KUnit module where the
#                              kernel has KUnit) in OUT/kmod, or "not ok";
#                              VARs to kbuild (EW_RECGEN=y: the test build
#                              with tests/recgen's record generator)
#   vm_recgen_check LINE SHIPPED TEST
#                              "ok LINE: ..." when the module SHIPPED has no
#                              record generator and the test build TEST has
#   vm_arch KDIR               the kernel's architecture: amd64 or arm64
#   vm_console KDIR            its console's device name (ttyS0, ttyAMA0)
#   vm_boot OUT ARGS...        run qemu for VM_ARCH (amd64, the default:
#                              qemu-system-x86_64; arm64: qemu-system-aarch64,
#                              machine virt) with ARGS, the console in
#                              OUT/console.log and the results port (the
#                              guest's /dev/ttyS1; on arm64, whose machine
#                              has one serial port, /dev/hvc0, a
#                              virtio console) in OUT/result; stop it 15 s
#                              after a kernel report, and after VM_TIMEOUT
#                              seconds (default 900) in any case;
#                              VM_TCG=single runs every vCPU on one host
#                              thread
#   vm_modules ROOT KDIR MOD...
#                              the kernel modules MOD and what they depend
#                              on, in the order to load them, into
#                              ROOT/ew/mod, named in ROOT/ew/modules (none
#                              for a kernel built without modules: debug)
#   vm_results LABEL OUT       the guest's results (OUT/result) as "ok
#                              LABEL: NAME" and "not ok LABEL: NAME: why"
#   vm_finished LABEL OUT NAME "ok LABEL: NAME" if the guest got to its end
#                              (sent "done"), else "not ok"
#   vm_ko FILE DEST            the kernel module FILE (.ko or .ko.xz) as DEST,
#                              uncompressed
#   vm_sign KDIR KO...         each module KO signed with the key of a
#                              kernel built here (KDIR/build/certs/
#                              signing_key.pem, which the kernel trusts;
#                              VM_SIGN_KEY=PREFIX: PREFIX.pem and
#                              PREFIX.x509 instead); nothing for a kernel
#                              without a key of its own (Debian's)
#   vm_log_clean LINE OUT      "ok"/"not ok LINE: kernel log clean"
#   vm_schema LINE OUT         the scc findings the guest sent ("scc: "
#                              lines) against the JSON Schema
#   vm_rootfs_initrd OUT KDIR FILE...
#                              OUT/initrd: an initramfs that mounts a root
#                              file system image (tests/podman/rootfs.sh)
#                              from the first virtio disk, with FILEs in its
#                              /ew, and hands over to /ew/init.sh there
#   vm_pack OUT                OUT/initrd into OUT/initrd.gz

# What on the console fails a run: kernel reports, RCU stalls and hung
# tasks among them.
VM_FATAL='BUG:|WARNING:|Oops|Call Trace|general protection|Kernel panic|UBSAN:|ODEBUG:|unreferenced object|possible recursive locking|circular locking|detected stalls|blocked for more than'

vm_arch() {
	if grep -q '^CONFIG_ARM64=y' "$1/build/.config"; then
		echo arm64
	else
		echo amd64
	fi
}

vm_console() {
	case $(vm_arch "$1") in
	arm64) echo ttyAMA0 ;;
	*) echo ttyS0 ;;
	esac
}

# For an arm64 kernel the module is cross-built with Debian's
# gcc-aarch64-linux-gnu (tests/deps.sh); kbuild's host programs are the
# host's own (tests/qemu/kernel.sh).
vm_build_module() {
	vm_bo=$1 vm_bk=$2
	shift 2
	mkdir -p "$vm_bo/kmod/tests"
	cp -r "$top/Kbuild" "$top/kmod" "$top/include" "$vm_bo/kmod/"
	cp -r "$top/tests/kunit" "$top/tests/recgen" "$vm_bo/kmod/tests/"
	if [ "$(vm_arch "$vm_bk")" = arm64 ]; then
		set -- ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "$@"
	fi
	make -s -C "$vm_bk/build" M="$vm_bo/kmod" "$@" modules \
		>"$vm_bo/kbuild.log" 2>&1 || {
		cat "$vm_bo/kbuild.log"
		return 1
	}
}

# The generator's marks: its symbols (nm) and its modinfo tag.
vm_has_recgen() {
	nm "$1" | grep -q ' ew_recgen_' || modinfo -F ew_recgen "$1" | grep -q .
}

vm_recgen_check() {
	if [ ! -f "$2" ] || vm_has_recgen "$2"; then
		echo "not ok $1: the module that ships has no record generator"
	else
		echo "ok $1: the module that ships has no record generator"
	fi
	if [ -f "$3" ] && nm "$3" | grep -q ' ew_recgen_init$' &&
		[ -n "$(modinfo -F ew_recgen "$3")" ]; then
		echo "ok $1: the test build has the record generator"
	else
		echo "not ok $1: the test build has the record generator"
	fi
}

vm_boot() {
	vm_out=$1
	shift
	# VM_TCG=single: every vCPU on one host thread (-accel
	# tcg,thread=single); default, multi-threaded TCG, a host thread each.
	# virtio-rng: an entropy source, so that nothing waits for the crng
	# (the guest loads its driver: vm_modules).  amd64: qemu64 with
	# RDRAND, which the kernels trust (run.sh: random.trust_cpu=on), so
	# that the crng is ready, and its static key flipped, at early boot:
	# under multi-threaded TCG a vCPU may run a stale translation of
	# code another patched (docs/testing.md), and Debian's kernels flipped
	# it while /init ran, when virtio-rng's module came.
	# arm64: cortex-a72, without the pointer authentication that -cpu
	# max would have qemu emulate at length.
	case ${VM_ARCH:-amd64} in
	arm64)
		set -- qemu-system-aarch64 -machine virt -cpu cortex-a72 \
			-serial "file:$vm_out/console.log" \
			-device virtio-serial-pci \
			-chardev "file,id=results,path=$vm_out/result.log" \
			-device virtconsole,chardev=results "$@"
		;;
	*)
		set -- qemu-system-x86_64 -cpu qemu64,+rdrand \
			-serial "file:$vm_out/console.log" \
			-serial "file:$vm_out/result.log" "$@"
		;;
	esac
	"$@" -accel "tcg${VM_TCG:+,thread=$VM_TCG}" -no-reboot \
		-display none -monitor none -device virtio-rng-pci &
	vm_pid=$!
	# What follows a kernel report is often a hang (a deadlock lockdep
	# just described): give the report 15 s to be written out.
	vm_deadline=$(($(date +%s) + ${VM_TIMEOUT:-900}))
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

vm_results() {
	sed -n '/^\(not \)\{0,1\}ok /s/^\(\(not \)\{0,1\}ok\) /\1 '"$1"': /p' \
		"$2/result"
}

vm_finished() {
	if grep -qx done "$2/result"; then
		echo "ok $1: $3"
	else
		echo "not ok $1: $3 (see $2/console.log)"
	fi
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

vm_rootfs_initrd() {
	vm_out=$1 vm_kdir=$2
	shift 2
	vm_r=$vm_out/initrd
	mkdir -p "$vm_r/bin" "$vm_r/ew/mod"
	# Debian builds the disk's driver, ext4 and overlayfs (Podman's
	# storage) as modules: the initramfs loads them.
	vm_modules "$vm_r" "$vm_kdir" virtio_pci virtio_blk virtio-rng ext4 \
		overlay
	cp /bin/busybox "$vm_r/bin/"
	for vm_a in sh mount mkdir insmod sleep switch_root cp; do
		ln -s busybox "$vm_r/bin/$vm_a"
	done
	cat >"$vm_r/init" <<'INIT'
#!/bin/sh
mkdir -p /proc /sys /dev /newroot
mount -t proc proc /proc
mount -t devtmpfs dev /dev
# crc32c-intel needs SSE 4.2, which the emulated CPU lacks; the generic
# one that follows it serves instead.
for m in $(cat /ew/modules); do
	insmod "/ew/mod/$m.ko" 2>/dev/null || echo "initramfs: no $m"
done
i=0
until [ -b /dev/vda ] || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
mount -t ext4 /dev/vda /newroot || { echo "initramfs: no root"; exec sh; }
cp -r /ew /newroot/
exec switch_root /newroot /ew/init.sh
INIT
	chmod 755 "$vm_r/init"
	cp "$@" "$vm_r/ew/"
}

vm_modules() {
	vm_mr=$1 vm_mk=$2
	shift 2
	mkdir -p "$vm_mr/ew/mod"
	: >"$vm_mr/ew/modules"
	vm_ver=$(basename "$(readlink "$vm_mk/vmlinuz")" | sed 's/^vmlinuz-//')
	[ -d "$vm_mk/root/lib/modules/$vm_ver" ] || return 0
	[ -f "$vm_mk/root/lib/modules/$vm_ver/modules.dep" ] ||
		depmod -b "$vm_mk/root" "$vm_ver"
	for vm_m in "$@"; do
		modprobe -d "$vm_mk/root" -S "$vm_ver" --show-depends "$vm_m"
	done | sed -n 's/^insmod \([^ ]*\).*/\1/p' |
		while read -r vm_ko; do
			vm_name=$(basename "$vm_ko" | sed 's/\.ko.*//')
			grep -qx "$vm_name" "$vm_mr/ew/modules" && continue
			vm_ko "$vm_ko" "$vm_mr/ew/mod/$vm_name.ko"
			echo "$vm_name" >>"$vm_mr/ew/modules"
		done
}

vm_ko() {
	case $1 in
	*.xz) xz -dc "$1" >"$2" ;;
	*) cp "$1" "$2" ;;
	esac
}

vm_sign() {
	vm_sk=$1
	shift
	[ -f "$vm_sk/build/certs/signing_key.pem" ] || return 0
	vm_key=${VM_SIGN_KEY:-$vm_sk/build/certs/signing_key}
	vm_hash=$(sed -n 's/^CONFIG_MODULE_SIG_HASH="\(.*\)"$/\1/p' \
		"$vm_sk/build/.config")
	for vm_f in "$@"; do
		"$vm_sk/build/scripts/sign-file" "$vm_hash" "$vm_key.pem" \
			"$vm_key.x509" "$vm_f" || return 1
	done
}

vm_pack() {
	(cd "$1/initrd" && find . | cpio -o -H newc --quiet | gzip -1) \
		>"$1/initrd.gz"
}
