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
#
# Two boots: "wall", every figure by the wall clock (2 vCPUs,
# multi-threaded TCG unless VM_TCG says otherwise), then "icount", the exec
# rounds again and the hook's own cost (tests/bench/hookbench.c) under
# qemu's instruction counting (-icount shift=0,align=off,sleep=off, one
# vCPU, single-threaded TCG): guest time is then the instructions executed,
# one a nanosecond, so its figures are instruction counts and repeat from
# boot to boot, which three such boots check.  EW_BENCH_PARTS (default
# "wall icount") picks the boots; the report then has only their tables.
set -eu

bin=$1 dest=$2 smoke=${3:-}
# The plot needs matplotlib, from Debian's archive, for Debian's python3
# (another python may come first on PATH); only make bench plots.  jq, set
# beside the reader's pace, comes with make deps (tests/deps.sh).
pkgs=""
if [ -z "$smoke" ] && ! /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
	pkgs="python3-matplotlib"
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
parts=${EW_BENCH_PARTS:-wall icount}
rm -rf "$out"
vm_build_module "$out" "$kdir" || {
	echo "not ok bench: build_module"
	exit 1
}
# escapewatch_bench.ko, the test-only module of the icount boot.
mkdir -p "$out/benchmod"
cp "$here/hookbench.c" "$out/benchmod/"
printf 'obj-m := escapewatch_bench.o\nescapewatch_bench-y := hookbench.o\n' \
	>"$out/benchmod/Kbuild"
make -s -C "$kdir/build" M="$out/benchmod" modules \
	>"$out/benchmod/kbuild.log" 2>&1 || {
	cat "$out/benchmod/kbuild.log"
	echo "not ok bench: build escapewatch_bench.ko"
	exit 1
}
# The icount boot's large rule sets (the same files every run).
mkdir -p "$out/scale"
for n in 20 1000 10000; do
	/usr/bin/python3 "$here/manyrules.py" "$n" >"$out/scale/scale-$n.rules"
done
/usr/bin/python3 "$here/manyrules.py" 10000 --content 4096 \
	>"$out/scale/scale-max.rules"
vm_rootfs_initrd "$out" "$kdir" "$out/kmod/escapewatch.ko" \
	"$out/benchmod/escapewatch_bench.ko" \
	"$bin/escapewatch" "$bin/execloop" "$bin/nop" \
	"$top/tests/lib/scenario.sh" "$top/rules/default.rules" \
	"$out"/scale/*.rules
cp "$here/guest.sh" "$out/initrd/ew/init.sh"
chmod 755 "$out/initrd/ew/init.sh"
if [ -n "$smoke" ]; then
	conf="COUNT=50 ROUNDS=2 MEMEXECS=200 BIG_MB=2"
	iconf="COUNT=10 ROUNDS=1 HOOKN=100"
else
	conf="COUNT=1000 ROUNDS=7 MEMEXECS=100000 BIG_MB=32"
	iconf="COUNT=200 ROUNDS=3 HOOKN=10000"
fi
# The icount boot's initramfs: the same, its own bench.conf.
mkdir -p "$out/icount"
cp -r "$out/initrd" "$out/icount/"
echo "PART=icount $iconf" | tr ' ' '\n' >"$out/icount/initrd/ew/bench.conf"
# ==== recgen: the queue and device under the record generator (issue 22) ====
# The icount boot also gets the test build of escapewatch.ko with the record
# generator (tests/recgen: kbuild's EW_RECGEN=y), never the one measured
# above, and the raw reader; guest.sh's recgen block runs them.
recgen_setup() {
	vm_build_module "$out/recgen" "$kdir" EW_RECGEN=y || {
		echo "not ok bench: build the test build (recgen)"
		exit 1
	}
	vm_recgen_check bench "$out/kmod/escapewatch.ko" \
		"$out/recgen/kmod/escapewatch.ko"
	cp "$out/recgen/kmod/escapewatch.ko" \
		"$out/icount/initrd/ew/escapewatch-recgen.ko"
	cp "$bin/ewstress" "$out/icount/initrd/ew/"
	# EW_BENCH_RECGEN: other sizes, to try them.
	if [ -n "${EW_BENCH_RECGEN:-}" ]; then
		rgconf=$EW_BENCH_RECGEN
	elif [ -n "$smoke" ]; then
		rgconf="RGN=2000 RGSIZE=1024 RGN_REAL=500"
	else
		rgconf="RGN=200000 RGSIZE=1024 RGN_REAL=20000"
	fi
	echo "$rgconf" | tr ' ' '\n' >>"$out/icount/initrd/ew/bench.conf"
}
recgen_setup
# ==== end recgen ====
vm_pack "$out/icount"
echo "PART=wall $conf" | tr ' ' '\n' >"$out/initrd/ew/bench.conf"
vm_pack "$out"

# bench OUT CMDLINE ARGS...: boot the bench VM with the results in OUT,
# CMDLINE added to the kernel's command line and qemu's ARGS; its time in
# $took.
bench() {
	b_out=$1 b_cmdline=$2
	shift 2
	b_start=$(date +%s)
	vm_boot "$b_out" -m 2048 "$@" \
		-drive "file=$img,if=virtio,format=raw,snapshot=on" \
		-kernel "$kdir/vmlinuz" -initrd "$b_out/initrd.gz" \
		-append "console=ttyS0 panic=-1 tsc=unstable$b_cmdline"
	took=$(($(date +%s) - b_start))
	grep '^not ok' "$b_out/result" || true
	if ! grep -qx done "$b_out/result"; then
		echo "not ok bench: the guest did not finish (see $b_out/console.log)"
		exit 1
	fi
}

[ -n "$smoke" ] || VM_TIMEOUT=3600	# 100,000 execs take minutes here
wtook=0 itook=
case " $parts " in *" wall "*)
	bench "$out" "" -smp 2
	wtook=$took
	;;
*) : >"$out/result" ;;
esac
# One vCPU (EW_BENCH_ICOUNT_SMP, to try another number): with two, which
# one runs when would follow the host's timing, not the instruction count;
# and with two (qemu 7.2) the guest did not get past "Booting SMP
# configuration" in 3 minutes here.  make bench boots it three times
# (EW_BENCH_ICOUNT_BOOTS; a smoke run once), each in icount/bootN: its
# figures must repeat from boot to boot (report.py compares them).  No
# address randomization there (nokaslr norandmaps): with it, a whole exec
# loop in some rounds took 6,000 to 7,000 instructions an exec more than
# the same loop in other boots; without it, each round gives the same
# figure in every boot, within a few tenths of a percent (docs/testing.md).
iboots=${EW_BENCH_ICOUNT_BOOTS:-3}
[ -z "$smoke" ] || iboots=${EW_BENCH_ICOUNT_BOOTS:-1}
iresults=
case " $parts " in *" icount "*)
	for b in $(seq "$iboots"); do
		mkdir -p "$out/icount/boot$b"
		ln -f "$out/icount/initrd.gz" "$out/icount/boot$b/initrd.gz"
		VM_TCG=single bench "$out/icount/boot$b" " nokaslr norandmaps" \
			-smp "${EW_BENCH_ICOUNT_SMP:-1}" \
			-icount shift=0,align=off,sleep=off
		itook="$itook${itook:+ }$took"
		iresults="$iresults${iresults:+,}$out/icount/boot$b/result"
	done
	;;
esac
# The reader's own pace, natively on this machine: records through its
# whole path, from a buffer to a line in /dev/null.
"$bin/pace" $([ -n "$smoke" ] && echo 2000) >>"$out/result"
mkdir -p "$dest"
/usr/bin/python3 "$here/report.py" "$out/result" "$dest" \
	--icount "$iresults" --parts "$parts" --iconf "$iconf" \
	--itook "$itook" --conf "$conf" --took "$wtook" \
	--host "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores" \
	--qemu "$(qemu-system-x86_64 --version | head -n 1)" \
	${smoke:+--no-plot}
case " $parts " in *" wall "*) vm_log_clean bench "$out" ;; esac
for b in $(seq "$iboots"); do
	case " $parts " in *" icount "*)
		vm_log_clean "bench icount boot $b" "$out/icount/boot$b" ;;
	esac
done
