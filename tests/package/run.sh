#!/bin/sh
# The package-install scenario: docs/operations.md's install on a
# Debian 12 root file system (rootfs.sh) with systemd, in qemu on Debian's
# kernel, then a kernel upgrade under DKMS, then a kernel lacking what the
# module needs.  Five boots of one disk (tests/package/ewtest.sh): the
# first installs both packages with dpkg -i (DKMS builds the module in the
# VM) and powers off; the second checks what the boot did; the third
# installs Debian 12's 6.12 kernel packages as a host's update does
# (DKMS's hooks build the module for it); the fourth boots that kernel,
# checks the module, the service and a finding again, purges the old
# kernel, removes the packages, takes CONFIG_GLOB out of the headers'
# .config and installs them again (DKMS skips the kernel, the service
# fails with the reader's hint); the fifth boots without a module (only
# escapewatch.service fails) and removes everything.
#
#   run.sh LINE DEBS BIN
#     LINE  6.1, the kernel installed first (see tests/qemu/kernel.sh);
#           the upgrade is to 6.12
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
[ "$line" = 6.1 ] || {
	echo "not ok $label: the upgrade goes from 6.1 to 6.12: run.sh 6.1"
	exit 1
}
kdir=$("$top/tests/qemu/kernel.sh" "$line")
img=$(sh "$here/rootfs.sh" "$kdir" "$("$top/tests/qemu/kernel.sh" 6.12)")
# The newer kernel as the image's packages have it (rootfs.sh).
knew=$(dirname "$img")/kernel

. "$top/tests/lib/vm.sh"
rm -rf "$out"
mkdir -p "$out/install" "$out/check" "$out/upgrade" "$out/upgraded" \
	"$out/noconfig"
# An initramfs for each kernel: its own disk and file system modules.
for k in old new; do
	[ $k = old ] && d=$kdir || d=$knew
	vm_rootfs_initrd "$out/$k" "$d" "$@" "$bin/tool" /bin/busybox \
		"$here/ewtest.sh" "$top/tests/lib/scenario.sh" "$here/init.sh"
	vm_pack "$out/$k"
done
# The boots write to one copy-on-write overlay of the cached image.
qemu-img create -q -f qcow2 -F raw -b "$img" "$out/disk.qcow2"

# boot PHASE KERNEL NAME: one boot of $KERNEL (old, new), its results in
# $out/PHASE, named "$label: NAME", and its time.
boot() {
	[ "$2" = old ] && d=$kdir || d=$knew
	t0=$(date +%s)
	vm_boot "$out/$1" -m 2048 -smp 2 -nic none \
		-drive "file=$out/disk.qcow2,if=virtio,format=qcow2" \
		-kernel "$d/vmlinuz" -initrd "$out/$2/initrd.gz" \
		-append "console=ttyS0 panic=-1 tsc=unstable ew.phase=$1"
	vm_results "$label: $3" "$out/$1"
	sed -n 's/^# /# '"$label: $3"': /p' "$out/$1/result"
	sed -n 's/^dpkg: //p' "$out/$1/result" >"$out/$1/dpkg.log"
	vm_finished "$label: $3" "$out/$1" "the guest ran every step"
	vm_log_clean "$label: $3" "$out/$1"
	echo "# $label: $3 boot: $(($(date +%s) - t0)) s"
}

t00=$(date +%s)
# DKMS compiles the module under emulation: minutes; at the upgrade,
# initramfs-tools too.
VM_TIMEOUT=${VM_TIMEOUT:-2400} boot install old install
boot check old check
VM_TIMEOUT=${VM_TIMEOUT:-2400} boot upgrade old upgrade
boot upgraded new "upgraded to $(basename "$(readlink "$knew/vmlinuz")" | sed 's/^vmlinuz-//')"
boot noconfig new "without CONFIG_GLOB"
echo "# $label: five boots: $(($(date +%s) - t00)) s"
