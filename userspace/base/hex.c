// SPDX-License-Identifier: GPL-2.0
/* Lower-case hexadecimal (hex.h). */
#include "base/hex.h"

static const char digits[] = "0123456789abcdef";

void ew_hex_bytes(char *out, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

void ew_hex_u64(char out[16], uint64_t v)
{
	int i;

	for (i = 15; i >= 0; i--, v >>= 4)
		out[i] = digits[v & 15];
}
