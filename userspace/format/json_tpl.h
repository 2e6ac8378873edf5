/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A finding as a line of JSON at the pace of a burst, every byte of it
 * still written by jansson.
 *
 * A formatter describes its object once, as calls on a builder (ew_tb_*):
 * objects, arrays, and values.  A value is either part of the finding's
 * shape (a static string, a boolean, an integer said to be fixed: the same
 * for many findings) or a leaf (bytes, an integer, any jansson value).  The
 * first finding of a shape builds the whole tree with a placeholder for
 * each leaf and has jansson dump it once: the text between the placeholders
 * is the shape's template.  Every finding then only sets its leaves in one
 * kept jansson array (numbers set in place), has jansson dump that array,
 * and puts each leaf's text in its placeholder's place.  The line is the
 * one jansson would have dumped from the whole tree (a compact dump is the
 * dumps of its parts, in order).
 *
 * Keys and static strings are told apart by their address: they must live
 * as long as the program (string literals, tables of names).  No key or
 * string of a template may be one backslash alone: that is the
 * placeholder (escaped bytes never are).
 */
#ifndef EW_JSON_TPL_H
#define EW_JSON_TPL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define EW_TPL_MAX	64	/* shapes kept per format; then replaced in turn */

struct ew_tpl_shape;
struct ew_tpl_memo;
struct ew_tpl_piece;

/* A format's templates and buffers; zero-initialised is empty. */
struct ew_tpl {
	struct ew_tpl_shape *shape[EW_TPL_MAX];
	unsigned int next;	/* the slot the next new shape takes */
	json_t *leaves;		/* the last finding's leaves, kept */
	uintptr_t *sig;		/* the finding's shape, as it is described */
	size_t sig_size;
	char *text;		/* the leaves dumped */
	size_t text_len, text_size;
	size_t *span;		/* each leaf's start and end in text */
	size_t span_size;
	struct ew_tpl_memo *memo;	/* jansson's dumps of values kept */
	unsigned int memo_clock;
	char *mtext;		/* the memoised leaves' dumps, in order */
	size_t mtext_len, mtext_size;
	struct ew_tpl_piece *piece;	/* what fills each placeholder */
	size_t piece_size;
};

struct ew_tb;

/*
 * build(b, arg) describes the object; the line it gives, a new string
 * (free() it), or NULL when out of memory or when build described no
 * single object.  build must describe the same for the same arg.
 */
char *ew_tpl_dup(struct ew_tpl *t,
		 void (*build)(struct ew_tb *b, const void *arg),
		 const void *arg);

/* Free what t holds; it is empty again. */
void ew_tpl_clear(struct ew_tpl *t);

/*
 * key is the member's name inside an object, NULL inside an array (and for
 * the outermost object).
 */
void ew_tb_obj(struct ew_tb *b, const char *key);
void ew_tb_arr(struct ew_tb *b, const char *key);
void ew_tb_end(struct ew_tb *b);

/* Shape: a string that lives as long as the program; a boolean. */
void ew_tb_const(struct ew_tb *b, const char *key, const char *s);
void ew_tb_bool(struct ew_tb *b, const char *key, int v);

/*
 * Shape: an integer that is the same for many findings (a rule's id, a
 * container's namespaces); each value makes its own template.
 */
void ew_tb_int_fixed(struct ew_tb *b, const char *key, json_int_t v);

/*
 * Shape: v, or the bytes p[0..len), no output; then strings that what is
 * in the shape alone decides (the names of a capability mask, a path with
 * the host's name), copied into the template.  ew_tb_tree() says whether
 * the template is being made: only then is s read (and worth making).
 */
void ew_tb_shape(struct ew_tb *b, uint64_t v);
void ew_tb_shape_bytes(struct ew_tb *b, const char *p, size_t len);
void ew_tb_fixed(struct ew_tb *b, const char *key, const char *s);
int ew_tb_tree(const struct ew_tb *b);

/* Shape: bytes escaped (escape.h) that are the same for many findings. */
void ew_tb_fixed_bytes(struct ew_tb *b, const char *key, const char *p,
		       size_t len);

/* Bytes escaped that what is in the shape decides (read when a tree). */
void ew_tb_fixed_escaped(struct ew_tb *b, const char *key, const char *p,
			 size_t len);

/* Leaves: bytes escaped (escape.h), a NUL-terminated string, a number. */
void ew_tb_bytes(struct ew_tb *b, const char *key, const char *p,
		 size_t len);
void ew_tb_str(struct ew_tb *b, const char *key, const char *s);
void ew_tb_int(struct ew_tb *b, const char *key, json_int_t v);

/* A leaf that is text already (UTF-8, not escaped again): ids, times. */
void ew_tb_text(struct ew_tb *b, const char *key, const char *s);

/*
 * Leaves whose values repeat from finding to finding (a process's names and
 * paths, the ids of the findings before, a container's ids, an id number):
 * jansson's dump of each value is kept (a small table, a value replacing
 * another in its slot) and used again when the same value comes back.
 * Bytes are escaped as ew_tb_bytes() does.
 */
void ew_tb_memo(struct ew_tb *b, const char *key, const char *p,
		size_t len);
void ew_tb_memo_str(struct ew_tb *b, const char *key, const char *s);
void ew_tb_memo_int(struct ew_tb *b, const char *key, json_int_t v);

/* A leaf that is any jansson value; steals the reference (NULL: failure). */
void ew_tb_json(struct ew_tb *b, const char *key, json_t *v);

#endif
