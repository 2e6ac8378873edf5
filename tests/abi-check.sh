#!/bin/sh
# The ABI header's layout on each architecture the module and the reader
# meet: tests/unit/abi_layout.c compiled (not run) for x86-64, i386 and
# arm64; "ok" or "not ok abi layout ARCH" with the compiler's message.
#   abi-check.sh
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
status=0
layout() {	# layout ARCH CC...
	arch=$1
	shift
	if why=$("$@" -std=c11 -Wall -Wextra -Werror -I"$top/include" \
		-fsyntax-only "$top/tests/unit/abi_layout.c" 2>&1); then
		echo "ok abi layout $arch"
	else
		echo "not ok abi layout $arch: $(echo "$why" | grep -m 3 error | tr '\n' ' ')"
		status=1
	fi
}
layout x86-64 cc
# i386: the include directory of the kernel's asm headers, as the
# Makefile's devtest32 has it.
layout i386 cc -m32 -idirafter /usr/include/x86_64-linux-gnu
layout arm64 aarch64-linux-gnu-gcc
exit $status
