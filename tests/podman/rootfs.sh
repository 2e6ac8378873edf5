#!/bin/sh
# The root filesystem of the Podman test VM: Debian bookworm from
# debootstrap, with Podman, both OCI runtimes (crun and runc), Docker,
# containerd (with ctr) and what the scenarios use, as an ext4 image.
# Cached by this script's text, so a change to the package list or the
# configuration rebuilds it.
#
#   rootfs.sh [bench]   prints the path of the image; bench adds bpftrace
#                       and auditd, for make bench's comparison
#
# EW_CACHE (default ~/.cache/escapewatch) holds it; EW_MIRROR names the
# Debian mirror (default http://deb.debian.org/debian).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/cache.sh"
mirror=${EW_MIRROR:-http://deb.debian.org/debian}

# podman brings conmon and containers-common, which needs a network
# stack (netavark: debootstrap does not pick one); busybox-static is the
# containers' userland; rsyslog and jq are for the scenarios' checks.
# The Podman VM also runs Docker and containerd: docker.io brings
# containerd (and its ctr), tini and iptables; no systemd starts them,
# init.sh does.  The bench needs neither.
pkgs=podman,crun,runc,conmon,netavark,busybox-static,util-linux,procps,jq,rsyslog,kmod
flavour=${1:-podman}
case $flavour in
podman) pkgs=$pkgs,docker.io,containerd ;;
bench) pkgs=$pkgs,bpftrace,auditd ;;
*) echo "rootfs.sh: unknown flavour '$flavour' (bench or none)" >&2; exit 2 ;;
esac
# One build at a time: make check fetches ahead in the background.
cache_lock ".lock-$flavour-rootfs"

key=$(sha256sum "$here/rootfs.sh" | cut -c1-16)
dir=$cache/$flavour-rootfs/$key
img=$dir/rootfs.ext4
build() {
	root=$dir/root
	echo "rootfs.sh: debootstrap bookworm with $pkgs (a few minutes, once)" >&2
	debootstrap --variant=minbase --include="$pkgs" bookworm "$root" "$mirror" \
		>"$dir/debootstrap.log" 2>&1 || {
		tail -n 20 "$dir/debootstrap.log" >&2
		exit 1
	}

	# Podman without systemd: cgroups managed through the cgroup2 file
	# system, events in a file, and no network stack (the scenarios use
	# none).
	mkdir -p "$root/etc/containers"
	cat >"$root/etc/containers/containers.conf" <<-'CONF'
	[containers]
	netns = "none"
	[engine]
	cgroup_manager = "cgroupfs"
	events_logger = "file"
	runtime = "crun"
	CONF
	cat >"$root/etc/containers/storage.conf" <<-'CONF'
	[storage]
	driver = "overlay"
	runroot = "/run/containers/storage"
	graphroot = "/var/lib/containers/storage"
	CONF
	rm -rf "$root/var/cache/apt/archives/"*.deb "$root/var/lib/apt/lists/"*

	# Twice the files' size leaves room for images and containers; the VM
	# runs on a throw-away snapshot of it.
	size=$(du -sm "$root" | cut -f1)
	mke2fs -q -t ext4 -L ewroot -d "$root" "$img" "$((size * 2 + 256))M" \
		>"$dir/mke2fs.log" 2>&1
	rm -rf "$root"
}
# One image at a time: an older one is of an older package list.
cached --sole "$dir" build
echo "$img"
