#!/bin/sh
# What the arm64 VM's static programs link against and run beside, from
# Debian's arm64 packages (tests/lib/foreign.sh), unpacked with dpkg -x:
# jansson (libjansson-dev: its headers and libjansson.a) for the reader,
# and busybox (busybox-static) for the VM's shell.  make vm-bins-arm64
# cross-builds with gcc-aarch64-linux-gnu against it.
#
#   sysroot.sh ARCH DIR   unpack into DIR (emptied first), then DIR/.done
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cache.sh"
. "$here/../lib/foreign.sh"
arch=${1:?usage: sysroot.sh ARCH DIR} dir=${2:?usage: sysroot.sh ARCH DIR}

rm -rf "$dir"
mkdir -p "$dir/debs"
(cd "$dir/debs" && foreign "$arch" apt-get download -q libjansson-dev \
	libjansson4 busybox-static >&2)
for d in "$dir"/debs/*.deb; do
	dpkg -x "$d" "$dir"
done
rm -rf "$dir/debs"
touch "$dir/.done"
