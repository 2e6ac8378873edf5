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

. "$top/tests/qemu/vm.sh"
rm -rf "$out"
mkdir -p "$out/initrd/bin" "$out/initrd/ew/mod"
vm_build_module "$out" "$kdir" || {
	echo "not ok $line: podman: build_module"
	exit 1
}

# Debian builds the disk's driver, ext4 and overlayfs (Podman's storage)
# as modules: the initramfs loads them, with what they depend on, in the
# order modprobe gives, then mounts the image and hands over to init.sh.
ver=$(basename "$(readlink "$kdir/vmlinuz")" | sed 's/^vmlinuz-//')
[ -f "$kdir/root/lib/modules/$ver/modules.dep" ] || depmod -b "$kdir/root" "$ver"
: >"$out/initrd/ew/modules"
for m in virtio_pci virtio_blk ext4 overlay; do
	modprobe -d "$kdir/root" -S "$ver" --show-depends "$m"
done | sed -n 's/^insmod \([^ ]*\).*/\1/p' |
	while read -r ko; do
		name=$(basename "$ko" | sed 's/\.ko.*//')
		grep -qx "$name" "$out/initrd/ew/modules" && continue
		case $ko in
		*.xz) xz -dc "$ko" >"$out/initrd/ew/mod/$name.ko" ;;
		*) cp "$ko" "$out/initrd/ew/mod/$name.ko" ;;
		esac
		echo "$name" >>"$out/initrd/ew/modules"
	done

r=$out/initrd
cp /bin/busybox "$r/bin/"
for a in sh mount mkdir insmod sleep switch_root cp; do
	ln -s busybox "$r/bin/$a"
done
cat >"$r/init" <<'INIT'
#!/bin/sh
mkdir -p /proc /sys /dev /newroot
mount -t proc proc /proc
mount -t devtmpfs dev /dev
for m in $(cat /ew/modules); do
	insmod "/ew/mod/$m.ko" || echo "initramfs: insmod $m failed"
done
i=0
until [ -b /dev/vda ] || [ $i -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
mount -t ext4 /dev/vda /newroot || { echo "initramfs: no root"; exec sh; }
cp -r /ew /newroot/
exec switch_root /newroot /ew/init.sh
INIT
chmod 755 "$r/init"
cp "$out/kmod/escapewatch.ko" "$bin/escapewatch" "$bin/tool" \
	"$top/tests/qemu/scenario.sh" "$here/init.sh" "$r/ew/"
# The default rules, and the stand-in tool by its hash: for a copy
# renamed at run time.
{
	cat "$top/rules/default.rules"
	printf 'rule 3001 test-tool-hash\n\tsha256 %s\n' \
		"$(sha256sum "$bin/tool" | cut -c1-64)"
} >"$r/ew/podman.rules"
(cd "$r" && find . | cpio -o -H newc --quiet | gzip -1) >"$out/initrd.gz"

vm_boot "$out" -m 2048 -smp 2 \
	-drive "file=$img,if=virtio,format=raw,snapshot=on" \
	-kernel "$kdir/vmlinuz" -initrd "$out/initrd.gz" \
	-append "console=ttyS0 panic=-1 tsc=unstable"

sed -n '/^\(not \)\{0,1\}ok /s/^\(\(not \)\{0,1\}ok\) /\1 '"$line"': podman: /p' \
	"$out/result"
sed -n 's/^# versions: //p' "$out/result" | sed 's/^/# /'
vm_schema "$line: podman" "$out"
if grep -qx done "$out/result"; then
	echo "ok $line: podman: guest ran every scenario"
else
	echo "not ok $line: podman: guest ran every scenario (see $out/console.log)"
fi
vm_log_clean "$line: podman" "$out"
