#!/bin/sh
# The package-install scenario: docs/operations.md's install on a
# Debian 12 root file system (rootfs.sh) with systemd, in qemu on Debian's
# kernel.  Two boots of one disk: the first installs both packages with
# dpkg -i (DKMS builds the module in the VM) and powers off; the second
# checks what the boot did and removes everything (tests/package/ewtest.sh).
#
#   run.sh LINE DEBS BIN
#     LINE  6.1 or 6.12 (see tests/qemu/kernel.sh)
#     DEBS  directory with escapewatch-dkms_*_all.deb and
#           escapewatch_*_amd64.deb (tests/package-check.sh leaves them)
#     BIN   directory with the static tool (make vm-bins)
#
# Results come back on the guest's second serial port, as in tests/qemu.
set -eu

line=$1 debs=$2 bin=$3
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${EW_BUILD:-$top/build}/package-$line
label="$line: package"

set -- "$debs"/escapewatch-dkms_*_all.deb "$debs"/escapewatch_*_amd64.deb
[ -f "$1" ] && [ -f "$2" ] || {
	echo "not ok $label: no packages in $debs (tests/package-check.sh builds them)"
	exit 1
}
kdir=$("$top/tests/qemu/kernel.sh" "$line")
img=$(sh "$here/rootfs.sh" "$kdir")

. "$top/tests/lib/vm.sh"
rm -rf "$out"
mkdir -p "$out/install" "$out/check"
vm_rootfs_initrd "$out" "$kdir" "$@" "$bin/tool" /bin/busybox \
	"$here/ewtest.sh" "$top/tests/lib/scenario.sh" "$here/init.sh"
vm_pack "$out"
# The two boots write to one copy-on-write overlay of the cached image.
qemu-img create -q -f qcow2 -F raw -b "$img" "$out/disk.qcow2"

boot() {	# boot PHASE: one boot, its results in $out/PHASE
	vm_boot "$out/$1" -m 2048 -smp 2 -nic none \
		-drive "file=$out/disk.qcow2,if=virtio,format=qcow2" \
		-kernel "$kdir/vmlinuz" -initrd "$out/initrd.gz" \
		-append "console=ttyS0 panic=-1 tsc=unstable ew.phase=$1"
	vm_results "$label: $1" "$out/$1"
	sed -n 's/^# /# '"$label: $1"': /p' "$out/$1/result"
	sed -n 's/^dpkg: //p' "$out/$1/result" >"$out/$1/dpkg.log"
	vm_finished "$label: $1" "$out/$1" "the guest ran every step"
	vm_log_clean "$label: $1" "$out/$1"
}

# DKMS compiles the module under emulation: minutes.
t0=$(date +%s)
VM_TIMEOUT=${VM_TIMEOUT:-2400} boot install
echo "# $label: install boot: $(($(date +%s) - t0)) s"
t0=$(date +%s)
boot check
echo "# $label: check boot: $(($(date +%s) - t0)) s"
