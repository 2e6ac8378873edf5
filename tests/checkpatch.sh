#!/bin/sh
# The kernel's own style check on the module's sources and the ABI header:
# scripts/checkpatch.pl --strict from Debian's linux-source-6.1, unpacked
# into the cache (EW_CACHE, default ~/.cache/escapewatch).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${EW_CACHE:-$HOME/.cache/escapewatch}
ver=$(apt-cache show linux-source-6.1 | sed -n 's/^Version: //p' | sort -rV | head -n 1)
dir=$cache/checkpatch/$ver

if [ ! -f "$dir/.done" ]; then
	rm -rf "$dir"
	mkdir -p "$dir/deb"
	(cd "$dir/deb" && apt-get -o APT::Sandbox::User=root download -q \
		"linux-source-6.1=$ver" >&2)
	dpkg-deb --fsys-tarfile "$dir"/deb/*.deb |
		tar -x -C "$dir/deb" --wildcards './usr/src/linux-source-6.1.tar.xz'
	tar -xJf "$dir/deb/usr/src/linux-source-6.1.tar.xz" -C "$dir" \
		--strip-components=1 --wildcards \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'
	rm -rf "$dir/deb"
	touch "$dir/.done"
fi

cd "$top"
status=0
for f in kmod/*.c kmod/*.h include/uapi/*.h; do
	if out=$("$dir/scripts/checkpatch.pl" --strict --no-tree --terse \
		--show-types -f "$f" 2>&1) &&
		! echo "$out" | grep -qE 'WARNING|ERROR|CHECK'; then
		echo "ok checkpatch $f"
	else
		echo "not ok checkpatch $f"
		echo "$out" | grep -E 'WARNING|ERROR|CHECK' | sed 's/^/#   /'
		status=1
	fi
done
exit $status
