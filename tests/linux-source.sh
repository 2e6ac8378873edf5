#!/bin/sh
# Unpack Debian's linux-source-6.1 (or linux-source-SERIES) into the cache
# (EW_CACHE, default ~/.cache/escapewatch) once per package version and
# print the tree's path.  checkpatch.pl and the debug kernel come from
# 6.1, the PREEMPT_RT debug kernel from 6.12.
#   linux-source.sh [SERIES]
set -eu
series=${1:-6.1}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/cache.sh"
# One build at a time: make check fetches ahead in the background.
cache_lock ".lock-linux-source-$series"
apt-cache show "linux-source-$series" >/dev/null 2>&1 || apt-get update -qq >&2
ver=$(apt-cache show "linux-source-$series" | sed -n 's/^Version: //p' | sort -rV | head -n 1)
dir=$cache/linux-source/$ver

unpack() {
	mkdir -p "$dir/deb"
	(cd "$dir/deb" && apt-get -o APT::Sandbox::User=root download -q \
		"linux-source-$series=$ver" >&2)
	dpkg-deb --fsys-tarfile "$dir"/deb/*.deb |
		tar -x -C "$dir/deb" "./usr/src/linux-source-$series.tar.xz"
	mkdir -p "$dir/tree"
	tar -xJf "$dir/deb/usr/src/linux-source-$series.tar.xz" -C "$dir/tree" \
		--strip-components=1
	rm -rf "$dir/deb"
}
cached "$dir" unpack
echo "$dir/tree"
