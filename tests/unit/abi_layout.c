// SPDX-License-Identifier: GPL-2.0
/*
 * The ABI's layout (include/uapi/escapewatch.h), checked where it is
 * decided: at compile time, by every compiler the module and the reader
 * meet.  tests/abi-check.sh compiles this file, never runs it, for x86-64,
 * i386 (a 32-bit reader through compat_ioctl) and arm64: a size or offset
 * that differs on one of them fails there.  The module asserts the sizes
 * again when it is built (kmod/main.c).
 */
#include <stddef.h>

#include "uapi/escapewatch.h"

#define EW_LAYOUT(expr) _Static_assert(expr, #expr)

EW_LAYOUT(sizeof(struct ew_record_header) == 16);
EW_LAYOUT(sizeof(struct ew_lost_record) == 24);
EW_LAYOUT(sizeof(struct ew_exec_record) == 520);
EW_LAYOUT(offsetof(struct ew_exec_record, fields) == 520);
EW_LAYOUT(offsetof(struct ew_exec_record, sha256) == 64);
EW_LAYOUT(offsetof(struct ew_exec_record, action) == 196);
EW_LAYOUT(offsetof(struct ew_exec_record, comm) == 200);
EW_LAYOUT(sizeof(struct ew_field) == 8);
EW_LAYOUT(sizeof(struct ew_ancestor) == 24);
EW_LAYOUT(sizeof(struct ew_stats) == 176);
EW_LAYOUT(offsetof(struct ew_stats, failed_open) == 136);
EW_LAYOUT(offsetof(struct ew_stats, fail_closed) == 152);
EW_LAYOUT(sizeof(struct ew_interp) == 24);
EW_LAYOUT(sizeof(struct ew_rules_header) == 40);
EW_LAYOUT(sizeof(struct ew_rule_desc) == 24);
EW_LAYOUT(sizeof(struct ew_matcher) == 16);
EW_LAYOUT(sizeof(struct ew_argcond) == 12);
EW_LAYOUT(sizeof(struct ew_rules_io) == 24);
EW_LAYOUT(sizeof(struct ew_version) == 8);
