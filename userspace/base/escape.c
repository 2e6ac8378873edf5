// SPDX-License-Identifier: GPL-2.0
/* Bytes from the kernel as safe text; the rule is in escape.h. */
#include <stdlib.h>

#include "base/escape.h"

size_t ew_utf8_len(const unsigned char *s, size_t n, unsigned int *cp)
{
	unsigned int c = s[0], v, min;
	size_t need, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		v = c & 0x1f;
		min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		need = 2;
		v = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n <= need)
		return 0;
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return need + 1;
}

/* Whether code point cp must not reach a terminal as it is. */
static int term_unsafe(unsigned int cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x61c ||
	       cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

static void put(char *out, size_t size, size_t *n, char c)
{
	if (*n + 1 < size)
		out[*n] = c;
	(*n)++;
}

static void put_hex(char *out, size_t size, size_t *n, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";

	put(out, size, n, '\\');
	put(out, size, n, 'x');
	put(out, size, n, hex[c >> 4]);
	put(out, size, n, hex[c & 15]);
}

size_t ew_escape(char *out, size_t size, const char *in, size_t len,
		 unsigned int flags)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n = 0, i = 0, k, seq;
	unsigned int cp;

	while (i < len) {
		seq = ew_utf8_len(s + i, len - i, &cp);
		if (!seq || cp == '\\' || cp == 0 ||
		    (cp == '"' && (flags & EW_ESC_QUOTE)) ||
		    ((flags & EW_ESC_TERM) && term_unsafe(cp))) {
			seq = seq ? seq : 1;
			for (k = 0; k < seq; k++)
				put_hex(out, size, &n, s[i + k]);
		} else {
			for (k = 0; k < seq; k++)
				put(out, size, &n, (char)s[i + k]);
		}
		i += seq;
	}
	if (size)
		out[n < size ? n : size - 1] = '\0';
	return n;
}

char *ew_escape_dup(const char *in, size_t len, unsigned int flags)
{
	size_t n = ew_escape(NULL, 0, in, len, flags);
	char *out = malloc(n + 1);

	if (out)
		ew_escape(out, n + 1, in, len, flags);
	return out;
}
