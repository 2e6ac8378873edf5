/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lower-case hexadecimal without printf: the formats write a hash and a
 * capability mask, and the finding id two 64-bit words, for every record.
 */
#ifndef EW_HEX_H
#define EW_HEX_H

#include <stddef.h>
#include <stdint.h>

/* n bytes as 2n digits and a NUL; out has room for 2n + 1. */
void ew_hex_bytes(char *out, const unsigned char *p, size_t n);

/* v as 16 digits, leading zeros kept, no NUL. */
void ew_hex_u64(char out[16], uint64_t v);

#endif
