/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bytes from the kernel (paths, arguments, names) as safe text.
 *
 * The rule, in every output format: the result is valid UTF-8.  A byte
 * that is part of a well-formed UTF-8 sequence (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF) is copied as it is, except
 * the backslash and NUL; every other byte, the backslash and NUL are
 * written as \xNN, two lowercase hex digits.  Replacing each \xNN by the
 * byte NN gives back the original bytes exactly (a literal backslash is
 * \x5c, so nothing is ambiguous).  JSON then escapes control characters
 * its own way (\n, \u001b).
 *
 * For a terminal (EW_ESC_TERM) every character that could move the
 * cursor, start an escape sequence, or reorder or break a line is also
 * written as the \xNN of its bytes: C0 controls (tab, newline, ESC ...),
 * DEL, C1 controls (U+0080-U+009F), U+061C, U+200E, U+200F,
 * U+2028-U+202E and U+2066-U+2069.  EW_ESC_QUOTE also writes '"' as \x22.
 */
#ifndef EW_ESCAPE_H
#define EW_ESCAPE_H

#include <stddef.h>

#define EW_ESC_TERM	0x1	/* escape controls and line-breaking marks */
#define EW_ESC_QUOTE	0x2	/* escape '"' */

/*
 * Escape in[0..len) into out[0..size) as snprintf() does: returns the
 * length of the whole result, NUL not counted, and writes at most size
 * bytes, NUL-terminated when size > 0.  The result is at most 4 * len.
 */
size_t ew_escape(char *out, size_t size, const char *in, size_t len,
		 unsigned int flags);

/* The same into a new string (free() it); NULL on no memory. */
char *ew_escape_dup(const char *in, size_t len, unsigned int flags);

/*
 * Length of the well-formed UTF-8 sequence at s[0..n), with its code
 * point in *cp; 0 when s[0] does not start one.
 */
size_t ew_utf8_len(const unsigned char *s, size_t n, unsigned int *cp);

#endif
