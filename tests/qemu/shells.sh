#!/bin/sh
# dash and bash for the test VM, whose shell is busybox: Debian 12's
# binaries and the libraries they need beyond glibc (which the VM has from
# rsyslog.sh's tree), laid out as a root tree (bin/, lib/x86_64-linux-gnu/)
# for run.sh to copy into the initramfs.  tests/qemu/scripts.sh gives them
# scripts to run.
#
#   shells.sh [ARCH]  prints that directory; ARCH amd64 (the default) or
#                     arm64
#
# Fetched with apt-get download and unpacked with dpkg -x into a cache
# (EW_CACHE, default ~/.cache/escapewatch) keyed by the packages' versions
# and this script.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cache.sh"
. "$here/../lib/foreign.sh"
cache_lock .lock-shells
# target, arch and tapt: tests/lib/foreign.sh.
foreign_target shells.sh "${1:-}"
pkgs="dash bash libtinfo6"

apt-cache show dash >/dev/null 2>&1 || apt-get update -qq >&2
vers=""
for p in $pkgs; do
	v=$(tapt apt-cache policy "$p" | sed -n 's/^  Candidate: //p')
	[ -n "$v" ] && [ "$v" != "(none)" ] ||
		{ echo "shells.sh: no $p in the archive" >&2; exit 1; }
	vers="$vers-$v"
done
self=$(sha256sum "$0" | cut -c1-16)
dir=$cache/shells/$target-$(echo "${vers#-}" | tr -c 'A-Za-z0-9.+~\n-' _)-$self
build() {
	mkdir -p "$dir/debs" "$dir/unpacked" "$dir/root/bin" "$dir/root/lib/$arch"
	# shellcheck disable=SC2086
	(cd "$dir/debs" && tapt apt-get -o APT::Sandbox::User=root download -q $pkgs >&2)
	for d in "$dir"/debs/*.deb; do
		dpkg -x "$d" "$dir/unpacked"
	done
	cp "$dir/unpacked/bin/dash" "$dir/unpacked/bin/bash" "$dir/root/bin/"
	cp -L "$dir/unpacked/lib/$arch/libtinfo.so.6" "$dir/root/lib/$arch/"
	# Nothing else than glibc and libtinfo: say so if that changes.
	for b in dash bash; do
		for so in $(objdump -p "$dir/root/bin/$b" | sed -n 's/^  NEEDED  *//p'); do
			case $so in
			libc.so.6|libtinfo.so.6|ld-linux-*.so.*) ;;
			*) echo "shells.sh: $b needs $so" >&2; exit 1 ;;
			esac
		done
	done
	rm -rf "$dir/debs" "$dir/unpacked"
}
cached "$dir" build
echo "$dir/root"
