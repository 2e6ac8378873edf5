#!/bin/sh
# The root file system of the package-install VM (tests/package/run.sh): a
# Debian 12 host as README's "Installing on a host" starts from.  Debian
# bookworm from debootstrap with systemd as init, the kernel the VM boots
# installed as its package, and README's first install command run:
#
#   apt-get install dkms linux-headers-$(uname -r) rsyslog openssl adduser
#
# The escapewatch packages are not in it: the VM installs them itself.
# For the kernel upgrade the VM tests, the newer kernel's image and
# headers packages and what they need beyond the image's packages are
# downloaded, not installed, into /var/lib/ewtest/upgrade, with a
# Packages index: the VM has no network, and apt reads that directory as
# a repository instead (tests/package/ewtest.sh, upgrade).  The newer kernel's image package unpacked beside the image
# (DIR/kernel, as kernel.sh's directories are) is what qemu boots after
# the upgrade: the very kernel the VM installed.  Cached by this script's
# text and both kernels' versions, as an ext4 image.
#
#   rootfs.sh KDIR NEW  prints the path of the image; KDIR is the kernel's
#                       directory from tests/qemu/kernel.sh, NEW the newer
#                       kernel's (its version is the one downloaded)
#
# EW_CACHE (default ~/.cache/escapewatch) holds it; EW_MIRROR names the
# Debian mirror (default http://deb.debian.org/debian).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kdir=$1 knew=$2
. "$here/../lib/cache.sh"
mirror=${EW_MIRROR:-http://deb.debian.org/debian}
# One build at a time: make check fetches ahead in the background.
cache_lock .lock-package-rootfs

# A kernel's ABI name (6.1.0-57-amd64) and package version, from the
# image kernel.sh unpacked.
abi_of() { basename "$(readlink "$1/vmlinuz")" | sed 's/^vmlinuz-//'; }
abi=$(abi_of "$kdir")
ver=$(basename "$kdir" | sed "s/^$abi-//")
new=$(abi_of "$knew")
newver=$(basename "$knew" | sed "s/^$new-//")

key=$(sha256sum <"$here/rootfs.sh" | cut -c1-12)-$abi-$ver-$new-$newver
dir=$cache/package-rootfs/$key
img=$dir/rootfs.ext4
build() {
	root=$dir/root
	log=$dir/build.log
	echo "rootfs.sh: debootstrap bookworm with systemd for $abi (several minutes, once)" >&2
	fail() { tail -n 30 "$log" >&2; exit 1; }

	# systemd-sysv: systemd as /sbin/init; udev names /dev/escapewatch by
	# the package's rule.
	debootstrap --variant=minbase --include=systemd-sysv,udev,kmod,procps \
		bookworm "$root" "$mirror" >"$log" 2>&1 || fail

	# The suites this machine's apt reads, so that the kernel and its
	# headers (bookworm-security) are the ones kernel.sh unpacked.
	cat >"$root/etc/apt/sources.list" <<-EOF
	deb $mirror bookworm main
	deb $mirror bookworm-updates main
	deb ${mirror%/debian}/debian-security bookworm-security main
	EOF
	# Nothing starts inside the chroot.
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 755 "$root/usr/sbin/policy-rc.d"
	cp /etc/resolv.conf "$root/etc/resolv.conf"

	# In a mount namespace of its own, so that /proc and /dev leave with it.
	# The newer kernel: the signed image, as linux-image-amd64 depends on
	# it, and the headers, the versions pinned to the ones kernel.sh
	# unpacked; apt-get --download-only leaves them and the packages they
	# need but the image lacks in apt's cache, whence they move.
	up=/var/lib/ewtest/upgrade
	unshare -m sh -eu -c '
		root=$1 abi=$2 ver=$3 new=$4 newver=$5 up=$6
		mount -t proc proc "$root/proc"
		mount --bind /dev "$root/dev"
		mount -t sysfs sys "$root/sys"
		export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
		chroot "$root" apt-get update -q
		chroot "$root" apt-get install -y -q "linux-image-$abi=$ver"
		chroot "$root" apt-get install -y -q dkms "linux-headers-$abi" rsyslog openssl adduser
		chroot "$root" apt-get clean
		chroot "$root" apt-get install -y -q --download-only \
			"linux-image-$new=$newver" "linux-headers-$new=$newver"
		mkdir -p "$root$up"
		mv "$root"/var/cache/apt/archives/*.deb "$root$up/"
		chroot "$root" apt-get clean
	' rootfs "$root" "$abi" "$ver" "$new" "$newver" "$up" >>"$log" 2>&1 || fail
	rm -f "$root/usr/sbin/policy-rc.d" "$root/etc/resolv.conf"
	rm -rf "$root/var/lib/apt/lists/"*
	# A flat repository: apt in the VM resolves the kernel's dependencies
	# from it as from the archive, and marks them installed automatically.
	(cd "$root$up" && dpkg-scanpackages -m . >Packages 2>>"$log") || fail
	# Which kernel is which, for the test in the VM.
	echo "$abi $ver" >"$root/var/lib/ewtest/old-kernel"
	echo "$new $newver" >"$root/var/lib/ewtest/new-kernel"

	# The kernel qemu boots after the upgrade, and its modules for the
	# initramfs (tests/lib/vm.sh: vm_modules).
	mkdir -p "$dir/kernel"
	dpkg -x "$root$up/linux-image-${new}_"*.deb "$dir/kernel/root"
	depmod -b "$dir/kernel/root" "$new"
	ln -s "root/boot/vmlinuz-$new" "$dir/kernel/vmlinuz"

	# A host name, root's console, and the test: ewtest.service runs
	# /ew/ewtest.sh, which the initramfs puts there at each boot.
	echo node-1 >"$root/etc/hostname"
	: >"$root/etc/machine-id"
	cat >"$root/etc/systemd/system/ewtest.service" <<-'EOF'
	[Unit]
	Description=escapewatch package test (tests/package/ewtest.sh)

	[Service]
	Type=simple
	ExecStart=/bin/bash /ew/ewtest.sh
	StandardOutput=journal+console

	[Install]
	WantedBy=multi-user.target
	EOF
	ln -s /etc/systemd/system/ewtest.service \
		"$root/etc/systemd/system/multi-user.target.wants/ewtest.service"

	# Room for the packages, DKMS's builds, the newer kernel installed (its
	# modules and initramfs, about 600 MB) and the logs; the VM runs on a
	# copy-on-write overlay of it.
	size=$(du -sm "$root" | cut -f1)
	mke2fs -q -t ext4 -L ewroot -d "$root" "$img" "$((size + 2048))M" \
		>>"$log" 2>&1 || fail
	rm -rf "$root"
}
# One image at a time: an older one is of an older kernel or script.
cached --sole "$dir" build
echo "$img"
