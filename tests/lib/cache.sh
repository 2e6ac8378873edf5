# The cache of what the test VMs need and is slow to make: Debian's kernels
# (tests/qemu/kernel.sh), the kernel sources (tests/linux-source.sh), the
# debug kernels (tests/qemu/debug-kernel.sh), rsyslogd (tests/qemu/
# rsyslog.sh) and the root file systems (tests/podman/rootfs.sh,
# tests/package/rootfs.sh); sourced by those scripts, which run under
# set -eu.
#
# EW_CACHE (default ~/.cache/escapewatch) holds it.  An entry is a
# directory named by its key, what decides its contents (a package
# version, a script's text); it counts once it holds .done, so that a
# build cut short is made again, never used.
#
#   cache_lock FILE      one build at a time: make check fetches ahead in
#                        the background, and make stress or a second
#                        checkout may ask for the same entry together;
#                        holds the lock on $cache/FILE until the script
#                        exits
#   cached [--sole] DIR BUILD...
#                        if DIR has no .done: DIR emptied, BUILD run to fill
#                        it (a failing command in it ends the script, as
#                        set -e does), then DIR/.done; --sole: the only
#                        entry of its kind, the others beside DIR (of an
#                        older script or kernel) removed first
cache=${EW_CACHE:-$HOME/.cache/escapewatch}

cache_lock() {
	mkdir -p "$(dirname "$cache/$1")"
	exec 9>"$cache/$1"
	flock 9
}

cached() {
	cache_sole=""
	[ "$1" != --sole ] || { cache_sole=1; shift; }
	cache_dir=$1
	shift
	[ ! -f "$cache_dir/.done" ] || return 0
	if [ -n "$cache_sole" ]; then
		rm -rf "$(dirname "$cache_dir")"
	else
		rm -rf "$cache_dir"
	fi
	mkdir -p "$cache_dir"
	# Not in a condition: set -e stays in force inside BUILD.
	"$@"
	touch "$cache_dir/.done"
}
