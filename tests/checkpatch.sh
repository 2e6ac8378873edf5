#!/bin/sh
# The kernel's own style check on the module's sources and the ABI header:
# scripts/checkpatch.pl --strict from Debian's linux-source-6.1.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
src=$(sh "$top/tests/linux-source.sh")

cd "$top"
status=0
for f in kmod/*.c kmod/*.h include/uapi/*.h tests/kunit/*.[ch] \
	tests/bench/hookbench.c tests/recgen/*.c; do
	if out=$("$src/scripts/checkpatch.pl" --strict --no-tree --terse \
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
