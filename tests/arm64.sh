#!/bin/sh
# The arm64 VMs of make check and make check-arm64: Debian 12's arm64
# kernels in qemu-system-aarch64 (machine virt, TCG), the module
# cross-built against their headers (tests/lib/vm.sh), the programs of
# make vm-bins-arm64.  6.1: every part of the check boot; 6.12: the core
# scenarios and hostile input; then 6.1's short stress (exec storms,
# load/unload cycles under exec load).  Each prints its own "ok" and
# "not ok" lines.
#   arm64.sh BIN
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: arm64.sh BIN}
status=0
sh "$here/qemu/run.sh" 6.1-arm64 check "$bin" || status=1
EW_PARTS=core,hostile sh "$here/qemu/run.sh" 6.12-arm64 check "$bin" ||
	status=1
sh "$here/qemu/run.sh" 6.1-arm64 stress "$bin" || status=1
exit $status
