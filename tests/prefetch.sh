#!/bin/sh
# Fill the caches that make check's later parts need, in the background
# while its first parts run: the downloads and the root file systems wait
# mostly on the network and the disk, which the emulated VMs leave free.
# Each script locks what it builds, so a part that needs a cache waits for
# it instead of building it twice.  Failures are not reported here: the
# part that needs the cache tries again and says why it failed.
#   prefetch.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
step() {
	t0=$(date +%s)
	"$@" >/dev/null
	echo "prefetch: $* ($?): $(($(date +%s) - t0)) s"
}
# First: the packages part of make check cross-builds the arm64
# package in this root and waits for it.  Cold: 316 s (debootstrap and
# 109 packages) and 805 MB, on this 2-core machine under a load of 4 to 5.
step sh "$here/package/buildroot.sh"
for line in 6.1 6.12 6.12-rt 6.12-cloud 6.1-arm64 6.12-arm64; do
	step sh "$here/qemu/kernel.sh" "$line"
done
for arch in amd64 arm64; do
	step sh "$here/qemu/rsyslog.sh" "$arch"
	step sh "$here/qemu/shells.sh" "$arch"
done
step sh "$here/podman/rootfs.sh"
step sh "$here/package/rootfs.sh" "$(sh "$here/qemu/kernel.sh" 6.1)" \
	"$(sh "$here/qemu/kernel.sh" 6.12)"
step sh "$here/podman/rootfs.sh" bench
step sh "$here/qemu/kernel.sh" debug
