#!/bin/sh
# kmod/default_rules.h must be rules/default.rules as compiled now.
#   default-rules.sh READER
top=$(cd "$(dirname "$0")/.." && pwd)
if "$1" rules compile --c "$top/rules/default.rules" |
	cmp -s - "$top/kmod/default_rules.h"; then
	echo "ok kmod/default_rules.h is rules/default.rules compiled"
else
	echo "not ok kmod/default_rules.h is rules/default.rules compiled (run make rules)"
fi
