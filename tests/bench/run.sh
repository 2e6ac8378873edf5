#!/bin/sh
# make bench: boot Debian's 6.1 kernel in qemu (2 vCPUs) on the bench root
# file system (tests/podman/rootfs.sh bench: Podman's, with bpftrace and
# auditd), run tests/bench/guest.sh there, and write the results as
# BENCHMARKS.md (with a plot) into DEST.
#
#   run.sh BIN DEST [smoke]
#     BIN    directory with the static escapewatch, execloop and nop, and
#            pace (run here)
#     DEST   where BENCHMARKS.md goes (make bench: docs/)
#     smoke  a few execs a round, no plot: that the bench runs and gives
#            every figure (make check), not figures to quote
set -eu

bin=$1 dest=$2 smoke=${3:-}
# The plot needs matplotlib, from Debian's archive, for Debian's python3
# (another python may come first on PATH); only make bench plots.  The
# reader's pace is set beside jq's (pace.jq), also from Debian's archive.
pkgs=""
if [ -z "$smoke" ] && ! /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
	pkgs="python3-matplotlib"
fi
if [ -z "$smoke" ] && ! command -v jq >/dev/null 2>&1; then
	pkgs="$pkgs jq"
fi
if [ -n "$pkgs" ]; then
	SUDO=""
	[ "$(id -u)" = 0 ] || SUDO=sudo
	# shellcheck disable=SC2086 # one word a package
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
		--no-install-recommends $pkgs >/dev/null
fi
line=6.1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${EW_BUILD:-$top/build}/bench${smoke:+-smoke}
kdir=$("$top/tests/qemu/kernel.sh" "$line")
img=$(sh "$top/tests/podman/rootfs.sh" bench)

. "$top/tests/lib/vm.sh"
rm -rf "$out"
vm_build_module "$out" "$kdir" || {
	echo "not ok bench: build_module"
	exit 1
}
vm_rootfs_initrd "$out" "$kdir" "$out/kmod/escapewatch.ko" \
	"$bin/escapewatch" "$bin/execloop" "$bin/nop" \
	"$top/tests/lib/scenario.sh" "$top/rules/default.rules"
cp "$here/guest.sh" "$out/initrd/ew/init.sh"
chmod 755 "$out/initrd/ew/init.sh"
if [ -n "$smoke" ]; then
	conf="COUNT=50 ROUNDS=2 MEMEXECS=200 BIG_MB=2"
else
	conf="COUNT=1000 ROUNDS=7 MEMEXECS=100000 BIG_MB=32"
fi
echo "$conf" | tr ' ' '\n' >"$out/initrd/ew/bench.conf"
vm_pack "$out"

start=$(date +%s)
[ -n "$smoke" ] || VM_TIMEOUT=3600	# 100,000 execs take minutes here
vm_boot "$out" -m 2048 -smp 2 \
	-drive "file=$img,if=virtio,format=raw,snapshot=on" \
	-kernel "$kdir/vmlinuz" -initrd "$out/initrd.gz" \
	-append "console=ttyS0 panic=-1 tsc=unstable"
took=$(($(date +%s) - start))

grep '^not ok' "$out/result" || true
if ! grep -qx done "$out/result"; then
	echo "not ok bench: the guest did not finish (see $out/console.log)"
	exit 1
fi
# The reader's own pace, natively on this machine: records through its
# whole path, from a buffer to a line in /dev/null.
"$bin/pace" $([ -n "$smoke" ] && echo 2000) >>"$out/result"
mkdir -p "$dest"
/usr/bin/python3 "$here/report.py" "$out/result" "$dest" \
	--conf "$conf" --took "$took" \
	--host "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores" \
	--qemu "$(qemu-system-x86_64 --version | head -n 1)" \
	${smoke:+--no-plot}
vm_log_clean bench "$out"
