#!/bin/sh
# The real-container scenarios: Debian's kernel in qemu on a Debian root
# file system with Podman (rootfs.sh), escapewatch loaded, init.sh as PID 1.
#
#   run.sh LINE BIN
#     LINE  6.1 or 6.12 (see tests/qemu/kernel.sh)
#     BIN   directory with the static escapewatch and tool
#
# Results come back on the guest's second serial port, as in tests/qemu.
set -eu

line=$1 bin=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${EW_BUILD:-$top/build}/podman-$line
kdir=$("$top/tests/qemu/kernel.sh" "$line")
img=$(sh "$here/rootfs.sh")

. "$top/tests/lib/vm.sh"
rm -rf "$out"
vm_build_module "$out" "$kdir" || {
	echo "not ok $line: podman: build_module"
	exit 1
}

vm_rootfs_initrd "$out" "$kdir" "$out/kmod/escapewatch.ko" \
	"$bin/escapewatch" "$bin/tool" "$top/tests/lib/scenario.sh" \
	"$here/init.sh"
# The default rules, and the stand-in tool by its hash: for a copy
# renamed at run time.
{
	cat "$top/rules/default.rules"
	printf 'rule 3001 test-tool-hash\n\tsha256 %s\n' \
		"$(sha256sum "$bin/tool" | cut -c1-64)"
} >"$out/initrd/ew/podman.rules"
vm_pack "$out"

vm_boot "$out" -m 2048 -smp 2 \
	-drive "file=$img,if=virtio,format=raw,snapshot=on" \
	-kernel "$kdir/vmlinuz" -initrd "$out/initrd.gz" \
	-append "console=ttyS0 panic=-1 tsc=unstable"

vm_results "$line: podman" "$out"
sed -n 's/^# versions: //p' "$out/result" | sed 's/^/# /'
vm_schema "$line: podman" "$out"
vm_finished "$line: podman" "$out" "guest ran every scenario"
vm_log_clean "$line: podman" "$out"
