#!/bin/sh
# rsyslogd for the test VM, without installing it: Debian 12's rsyslog, the
# plugins tests/qemu/rsyslog.conf loads and every shared library they need,
# laid out as a root tree (usr/sbin/rsyslogd, usr/lib/x86_64-linux-gnu/
# rsyslog/, lib/x86_64-linux-gnu/, lib64/) for run.sh to copy into the
# initramfs.
#
#   rsyslog.sh [ARCH]  prints that directory; ARCH amd64 (the default) or
#                      arm64, whose glibc comes from the archive too
#
# The packages are fetched with apt-get download and unpacked with dpkg -x
# into a cache (EW_CACHE, default ~/.cache/escapewatch) keyed by rsyslog's
# version, the host's glibc and this script: glibc is the host's own (it is
# Debian 12's, the same the packages were built against), everything else
# comes from the .debs.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cache.sh"
. "$here/../lib/foreign.sh"
# One build at a time: make check fetches ahead in the background.
cache_lock .lock-rsyslog
# target, arch and tapt: tests/lib/foreign.sh.
foreign_target rsyslog.sh "${1:-}"
# rsyslog loads these itself: the inputs, and what imudp and imtcp load
# (network helpers, the TCP server, and its plain-TCP stream driver).
plugins="imuxsock imudp imtcp lmnet lmnetstrms lmnsd_ptcp lmtcpsrv"

# A fresh machine may not have read the archive's package lists yet.
apt-cache show rsyslog >/dev/null 2>&1 || apt-get update -qq >&2

ver=$(tapt apt-cache policy rsyslog | sed -n 's/^  Candidate: //p')
if [ "$target" = amd64 ]; then
	libc=$(dpkg-query -W -f='${Version}' libc6)
else
	libc=$(tapt apt-cache policy libc6 | sed -n 's/^  Candidate: //p')
fi
[ -n "$ver" ] && [ "$ver" != "(none)" ] ||
	{ echo "rsyslog.sh: no rsyslog in the archive" >&2; exit 1; }
# and this script, which decides what goes in.
self=$(sha256sum "$0" | cut -c1-16)
dir=$cache/rsyslog/$target-$ver-libc6-$libc-$self
build() {
	mkdir -p "$dir/debs" "$dir/unpacked" "$dir/root"

	# rsyslog and what it depends on, transitively, but for glibc
	# (libc6): first alternatives and virtual packages aside, these are
	# all libraries.  And libgcc-s1, which glibc needs and does not name:
	# see dlopened below.
	# Another architecture's glibc comes from the archive.
	pkgs="" seen=" libc6 " todo="rsyslog libgcc-s1"
	[ "$target" = amd64 ] || seen=" " todo="$todo libc6"
	while [ -n "$todo" ]; do
		next=""
		for p in $todo; do
			case $seen in *" $p "*) continue ;; esac
			seen="$seen$p "
			pkgs="$pkgs $p"
			next="$next $(tapt apt-cache depends --no-recommends --no-suggests \
				--no-conflicts --no-breaks --no-replaces --no-enhances "$p" |
				sed -n 's/^ [ |]Depends: \([^<][^ ]*\)$/\1/p')"
		done
		todo=$(echo $next)
	done
	# shellcheck disable=SC2086
	(cd "$dir/debs" && tapt apt-get -o APT::Sandbox::User=root download -q $pkgs >&2)
	for d in "$dir"/debs/*.deb; do
		dpkg -x "$d" "$dir/unpacked"
	done

	# find SONAME: the library's file, from the .debs, else from the host's
	# glibc (only files of the libc6 package: anything else must come from
	# the archive, so that a fresh machine gets the same tree).
	glibc=""
	[ "$target" != amd64 ] || glibc=$(dpkg -L libc6)
	find_lib() {
		for d in lib/$arch usr/lib/$arch; do
			[ -e "$dir/unpacked/$d/$1" ] && { echo "$dir/unpacked/$d/$1"; return; }
		done
		for d in /lib/$arch /usr/lib/$arch; do
			if echo "$glibc" | grep -qx "$d/$1"; then
				echo "$d/$1"
				return
			fi
		done
		return 1
	}

	r=$dir/root
	mkdir -p "$r/usr/sbin" "$r/usr/lib/$arch/rsyslog" "$r/lib/$arch" "$r/lib64"
	cp "$dir/unpacked/usr/sbin/rsyslogd" "$r/usr/sbin/"
	for p in $plugins; do
		cp "$dir/unpacked/usr/lib/$arch/rsyslog/$p.so" "$r/usr/lib/$arch/rsyslog/"
	done
	# Every DT_NEEDED, transitively, each copied once under its SONAME, and
	# what glibc loads with dlopen: libgcc_s, which pthread_exit() and
	# pthread_cancel() unwind with (rsyslogd aborts at shutdown without it).
	dlopened="libgcc_s.so.1"
	todo=$(find "$r/usr" -type f)
	while [ -n "$todo" ]; do
		next=""
		for f in $todo; do
			for so in $(objdump -p "$f" | sed -n 's/^  NEEDED  *//p') $dlopened; do
				[ -e "$r/lib/$arch/$so" ] && continue
				src=$(find_lib "$so") ||
					{ echo "rsyslog.sh: $f needs $so, found nowhere" >&2; exit 1; }
				cp -L "$src" "$r/lib/$arch/$so"
				next="$next $r/lib/$arch/$so"
			done
		done
		todo=$next
	done

	# The dynamic loader (libc.so.6 needs it, so it is there by now) at the
	# path the binaries name (PT_INTERP), as Debian links it.
	interp=$(readelf -l "$r/usr/sbin/rsyslogd" |
		sed -n 's/.*program interpreter: \(.*\)]$/\1/p')
	ld=$(basename "$interp")
	case $interp in
	/lib64/ld-linux-x86-64.so.2 | /lib/ld-linux-aarch64.so.1) ;;
	*) interp="" ;;
	esac
	[ -n "$interp" ] && [ -f "$r/lib/$arch/$ld" ] ||
		{ echo "rsyslog.sh: no dynamic loader for '$interp'" >&2; exit 1; }
	[ -e "$r$interp" ] || ln -s "../lib/$arch/$ld" "$r$interp"

	rm -rf "$dir/debs" "$dir/unpacked"
}
cached "$dir" build
echo "$dir/root"
