#!/bin/sh
# Build a debug kernel for the test VM, once per source version and config:
# the build is cached in EW_CACHE (default ~/.cache/escapewatch), keyed by
# both.  Prints the build directory (bzImage under arch/x86/boot, and the
# tree to build modules against).
#   debug-kernel.sh [debug|debug-rt]
#     debug     linux-source-6.1 and debug.config (KASAN, lockdep, ...);
#               about 11 minutes on two cores when cold
#     debug-rt  linux-source-6.12 and debug-rt.config: PREEMPT_RT with
#               lockdep and the sleep-in-atomic checks, which Debian's rt
#               kernel lacks
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cache.sh"
case ${1:-debug} in
debug) series=6.1 config=$here/debug.config ;;
debug-rt) series=6.12 config=$here/debug-rt.config ;;
*) echo "debug-kernel.sh: unknown kernel '$1'" >&2; exit 2 ;;
esac
# One build at a time: make check fetches ahead in the background.
cache_lock ".lock-${1:-debug}-kernel"
src=$(sh "$here/../linux-source.sh" $series)
key=$( (basename "$(dirname "$src")"; cat "$config") |
	sha256sum | cut -c1-16)
out=$cache/debug-kernel/$key

build() {
	log=$out/build.log
	echo "debug kernel: building in $out (log: $log)" >&2
	if ! { make -C "$src" O="$out" ARCH=x86_64 \
			KCONFIG_ALLCONFIG="$config" allnoconfig &&
		make -C "$src" O="$out" ARCH=x86_64 -j"$(nproc)" bzImage modules
	} >"$log" 2>&1; then
		tail -n 40 "$log" >&2
		exit 1
	fi
	# Every option asked for must have taken.
	bad=0
	while read -r opt; do
		case $opt in
		CONFIG_*=*) grep -qx "$opt" "$out/.config" || {
			echo "debug kernel: $opt did not take" >&2; bad=1; } ;;
		"# CONFIG_"*" is not set") grep -qx "$opt" "$out/.config" || {
			echo "debug kernel: '$opt' did not take" >&2; bad=1; } ;;
		esac
	done <"$config"
	[ $bad = 0 ] || exit 1
}
cached "$out" build
echo "$out"
