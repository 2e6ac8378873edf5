#!/bin/sh
# Build the debug kernel for the test VM from Debian's linux-source-6.1 and
# tests/qemu/debug.config, once per source version and config: the build
# is cached in EW_CACHE (default ~/.cache/escapewatch), keyed by both.
# Prints the build directory (bzImage under arch/x86/boot, and the tree to
# build modules against).  About 11 minutes on two cores when cold.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=${EW_CACHE:-$HOME/.cache/escapewatch}
src=$(sh "$here/../linux-source.sh")
key=$( (basename "$(dirname "$src")"; cat "$here/debug.config") |
	sha256sum | cut -c1-16)
out=$cache/debug-kernel/$key

if [ ! -f "$out/.done" ]; then
	rm -rf "$out"
	mkdir -p "$out"
	log=$out/build.log
	echo "debug kernel: building in $out (log: $log)" >&2
	if ! { make -C "$src" O="$out" ARCH=x86_64 \
			KCONFIG_ALLCONFIG="$here/debug.config" allnoconfig &&
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
	done <"$here/debug.config"
	[ $bad = 0 ] || exit 1
	touch "$out/.done"
fi
echo "$out"
