#!/bin/sh
# Unpack Debian's linux-source-6.1 into the cache (EW_CACHE, default
# ~/.cache/escapewatch) once per package version and print the tree's path.
# checkpatch.pl and the debug kernel come from it.
set -eu
cache=${EW_CACHE:-$HOME/.cache/escapewatch}
apt-cache show linux-source-6.1 >/dev/null 2>&1 || apt-get update -qq >&2
ver=$(apt-cache show linux-source-6.1 | sed -n 's/^Version: //p' | sort -rV | head -n 1)
dir=$cache/linux-source/$ver

if [ ! -f "$dir/.done" ]; then
	rm -rf "$dir"
	mkdir -p "$dir/deb"
	(cd "$dir/deb" && apt-get -o APT::Sandbox::User=root download -q \
		"linux-source-6.1=$ver" >&2)
	dpkg-deb --fsys-tarfile "$dir"/deb/*.deb |
		tar -x -C "$dir/deb" './usr/src/linux-source-6.1.tar.xz'
	mkdir -p "$dir/tree"
	tar -xJf "$dir/deb/usr/src/linux-source-6.1.tar.xz" -C "$dir/tree" \
		--strip-components=1
	rm -rf "$dir/deb"
	touch "$dir/.done"
fi
echo "$dir/tree"
