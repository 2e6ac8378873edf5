#!/bin/sh
# Fetch one of Debian 12's kernel lines for the test VM, without installing
# it: the image and its headers are unpacked with dpkg -x into a cache that
# is keyed by package version.
#
#   kernel.sh 6.1|6.12|6.12-rt|6.12-cloud|debug|debug-rt|6.1-arm64|6.12-arm64
#       prints the directory that holds vmlinuz (the kernel) and build/
#       (headers to build modules); 6.12-rt and 6.12-cloud are Debian's
#       rt (PREEMPT_RT) and cloud flavours of 6.12; debug and debug-rt
#       are built by debug-kernel.sh; -arm64, Debian's arm64 kernel and
#       headers, with the host tools (scripts/) from linux-kbuild of the
#       host's architecture, the same source version: kbuild's host
#       programs run here and write modules for any target
#
# EW_CACHE (default ~/.cache/escapewatch) holds the downloads.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cache.sh"

line=${1:?usage: kernel.sh 6.1|6.12|6.12-rt|6.12-cloud|debug|debug-rt|6.1-arm64|6.12-arm64}

# A fresh machine may not have read the archive's package lists yet.
apt-cache show linux-image-amd64 >/dev/null 2>&1 || apt-get update -qq >&2

# The kernel's architecture: its packages come from its package lists
# (tests/lib/foreign.sh), linux-kbuild from the host's.
arch=amd64
kapt() { "$@"; }
case $line in
*-arm64)
	. "$here/../lib/foreign.sh"
	arch=arm64 line=${line%-arm64}
	kapt() { foreign arm64 "$@"; }
	;;
esac

case $line in
6.1)
	# The metapackages name the current 6.1 ABI.
	img=$(kapt apt-cache depends linux-image-$arch |
		sed -n "s/.*Depends: \(linux-image-6\.1\.[^ ]*-$arch\)\$/\1/p" |
		head -n 1)
	abi=${img#linux-image-}
	hdr=linux-headers-$abi
	common=linux-headers-${abi%-"$arch"}-common
	kbuild=linux-kbuild-6.1
	;;
6.12 | 6.12-rt | 6.12-cloud)
	# The newest 6.12 with both an image and headers of the flavour: the
	# generic one, rt (PREEMPT_RT) or cloud (fewer drivers).  The unsigned
	# image is the same kernel without the Secure Boot signature; either
	# boots in qemu.  rt's headers have their own common tree, since
	# PREEMPT_RT changes what the headers say.
	flavour=${line#6.12}
	abi="" img=""
	for v in $(kapt apt-cache pkgnames linux-headers-6.12. |
		sed -n "s/^linux-headers-\(6\.12\.[0-9]*+deb12\)$flavour-$arch\$/\1/p" |
		sort -rV); do
		for i in "linux-image-$v$flavour-$arch-unsigned" \
			"linux-image-$v$flavour-$arch"; do
			if kapt apt-cache show "$i" >/dev/null 2>&1; then
				abi=$v$flavour-$arch img=$i
				break 2
			fi
		done
	done
	hdr=linux-headers-$abi
	common=linux-headers-${abi%"$flavour"-"$arch"}-common
	[ "$flavour" != -rt ] || common=$common-rt
	kbuild=linux-kbuild-${abi%"$flavour"-"$arch"}
	;;
debug | debug-rt)
	# Built from linux-source-6.1 with KASAN, lockdep, kmemleak, UBSAN;
	# debug-rt from linux-source-6.12 with PREEMPT_RT and lockdep.
	dir=$(sh "$here/debug-kernel.sh" "$line")
	ln -sfn arch/x86/boot/bzImage "$dir/vmlinuz"
	ln -sfn . "$dir/build"
	echo "$dir"
	exit 0
	;;
*)
	echo "kernel.sh: unknown kernel line '$line' (6.1, 6.12, 6.12-rt, 6.12-cloud, debug or debug-rt)" >&2
	exit 2
	;;
esac
[ -n "$abi" ] || { echo "kernel.sh: no $line kernel in the archive" >&2; exit 1; }

ver=$(kapt apt-cache show "$img" | sed -n 's/^Version: //p' | sort -rV | head -n 1)
dir=$cache/kernel/$abi-$ver
# One download of a kernel at a time: make check's parts, make stress and
# a second checkout may ask for the same one together.
cache_lock kernel/.lock
fetch() {
	mkdir -p "$dir/debs" "$dir/root"
	(cd "$dir/debs" &&
		kapt apt-get -o APT::Sandbox::User=root download -q \
			"$img=$ver" "$hdr" "$common" >&2 &&
		{ apt-get -o APT::Sandbox::User=root download -q \
			"$kbuild=$ver" >&2 ||
		{ apt-get update -qq >&2 &&
			apt-get -o APT::Sandbox::User=root download -q \
				"$kbuild=$ver" >&2; }; })
	for d in "$dir"/debs/*.deb; do
		dpkg -x "$d" "$dir/root"
	done
	rm -rf "$dir/debs"
	# The headers' Makefile includes the common tree by absolute path.
	sed -i "s|/usr/src/|$dir/root/usr/src/|" \
		"$dir/root/usr/src/linux-headers-$abi/Makefile"
	ln -s "root/boot/vmlinuz-$abi" "$dir/vmlinuz"
	ln -s "root/usr/src/linux-headers-$abi" "$dir/build"
}
cached "$dir" fetch
echo "$dir"
