#!/bin/sh
# The build root for the arm64 packages (tests/package-check.sh runs
# dpkg-buildpackage -a arm64 in it): Debian bookworm from debootstrap
# (buildd variant: build-essential), arm64 added to its dpkg as a foreign
# architecture, crossbuild-essential-arm64, and debian/control's
# build-dependencies for arm64 (apt-get build-dep -a arm64).  This
# machine's dpkg stays amd64 alone.  Cached by this script's text and
# debian/control's build-dependencies, as a directory; the build runs on
# an overlay of it, so it stays as made.
#
#   buildroot.sh        prints the path of the root
#
# EW_CACHE (default ~/.cache/escapewatch) holds it; EW_MIRROR names the
# Debian mirror (default http://deb.debian.org/debian).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/cache.sh
. "$here/../lib/cache.sh"
mirror=${EW_MIRROR:-http://deb.debian.org/debian}
# One build at a time: make check fetches ahead in the background, and
# package-check waits here for the prefetch's build.
cache_lock .lock-arm64-buildroot

# The source paragraph's Build-Depends* and Build-Conflicts* fields,
# continuation lines included.
bdeps() {
	awk '/^[A-Za-z0-9-]+:/ { f = ($1 ~ /^Build-(Depends|Conflicts)/) }
		/^$/ { exit } f' "$top/debian/control"
}
key=$({ cat "$here/buildroot.sh"; bdeps; } | sha256sum | cut -c1-16)
dir=$cache/arm64-buildroot/$key
root=$dir/root
build() {
	log=$dir/build.log
	echo "buildroot.sh: debootstrap bookworm with arm64's cross build-dependencies (a few minutes, once)" >&2
	fail() { tail -n 30 "$log" >&2; exit 1; }

	debootstrap --variant=buildd bookworm "$root" "$mirror" >"$log" 2>&1 || fail
	# The suites this machine's apt reads: the root's libc and compilers
	# are the ones a bookworm host builds with.
	cat >"$root/etc/apt/sources.list" <<-EOF
	deb $mirror bookworm main
	deb $mirror bookworm-updates main
	deb ${mirror%/debian}/debian-security bookworm-security main
	EOF
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 755 "$root/usr/sbin/policy-rc.d"
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	# apt-get build-dep reads a source tree's debian/control: ours alone.
	mkdir -p "$root/tmp/ew/debian"
	cp "$top/debian/control" "$root/tmp/ew/debian/control"

	# In a mount namespace of its own, so that /proc and /dev leave with
	# it, whatever fails.
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare -m sh -eu -c '
		root=$1
		mount -t proc proc "$root/proc"
		mount --bind /dev "$root/dev"
		export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
		chroot "$root" dpkg --add-architecture arm64
		chroot "$root" apt-get update -q
		chroot "$root" apt-get dist-upgrade -y -q
		chroot "$root" apt-get install -y -q --no-install-recommends \
			crossbuild-essential-arm64
		chroot "$root" apt-get build-dep -y -q --no-install-recommends \
			-a arm64 /tmp/ew
		chroot "$root" apt-get clean
	' buildroot "$root" >>"$log" 2>&1 || fail
	rm -rf "$root/tmp/ew" "$root/etc/resolv.conf" "$root/var/lib/apt/lists/"*
}
# One root at a time: an older one is of an older script or control file.
cached --sole "$dir" build
echo "$root"
