#!/bin/sh
# Install what the build and the tests need, from Debian's archive.
# Idempotent.  The VM's kernels are not installed: tests/qemu/kernel.sh
# unpacks them into a cache.
set -eu

# dwarves: pahole, which kbuild runs for a module's BTF when the headers
# ship a vmlinux (Debian's 6.12.118 headers do).  debootstrap and e2fsprogs
# make the Podman VM's root file system (tests/podman/rootfs.sh); qemu-utils
# the package VM's copy-on-write disk (qemu-img, tests/package/run.sh).
# gcc-12-multilib and libc6-dev-i386: the i386 devtest (not the
# gcc-multilib metapackage, which conflicts with every cross compiler:
# the Makefile adds the include directory its symlink would give).
# gcc-aarch64-linux-gnu, libc6-dev-arm64-cross and qemu-system-arm: the
# arm64 VM (the module and its programs cross-built, qemu-system-aarch64).
# clang and libclang-rt-14-dev (libFuzzer
# and the sanitizers' run-time, only recommended by clang's packages):
# tests/fuzz.  groff-base and man-db: tests/man-check.sh renders the man
# pages with both and fails on any warning.  debhelper, dh-dkms, dkms,
# lintian, systemd (systemd-analyze) and openssl: tests/package-check.sh
# builds the Debian packages, runs lintian, verifies the unit and has
# dkms build (never install) the module and sign it; nothing is started.
# jq: make bench (and its smoke run in make check) times jq -c . beside the
# reader's own pace (tests/bench/pace.c).
need="build-essential pkg-config libjansson-dev libcmocka-dev \
qemu-system-x86 qemu-utils busybox-static cpio gzip kmod xz-utils \
flex bison bc libelf-dev libssl-dev python3-jsonschema dwarves \
debootstrap e2fsprogs gcc-12-multilib libc6-dev-i386 clang libclang-rt-14-dev \
gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm \
groff-base man-db debhelper dh-dkms dkms lintian systemd openssl jq"

missing=""
for p in $need; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -n "$missing" ] || exit 0

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
echo "deps: installing$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
	--no-install-recommends $missing
