// SPDX-License-Identifier: GPL-2.0
/* Findings through templates of jansson's own text (json_tpl.h). */
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "format/json_tpl.h"
#include "format/json_util.h"

#define EW_TB_DEPTH	32	/* objects and arrays inside each other */
#define EW_ESC_STACK	1024	/* room on the stack for a leaf escaped */

/*
 * A placeholder as jansson dumps it: the string of one backslash, which
 * nothing else in a template is (ew_escape() writes a backslash as \x5c,
 * and keys and constants are the formats' own words).
 */
#define HOLE		"\"\\\\\""
#define HOLE_LEN	(sizeof(HOLE) - 1)

/* What the shape is made of, word by word. */
enum { SIG_OBJ = 1, SIG_ARR, SIG_END, SIG_CONST, SIG_FALSE, SIG_TRUE,
       SIG_INT, SIG_SHAPE, SIG_FIXED, SIG_LEAF };

struct ew_tpl_shape {
	uint64_t hash;
	uintptr_t *sig;
	size_t nsig;
	char *text;		/* jansson's dump with placeholders */
	size_t *hole;		/* where each placeholder starts */
	size_t nholes;
	size_t len;
};

#define EW_MEMO_SLOTS	512	/* a power of 2 */
#define EW_MEMO_KEY	128	/* longest value memoised */
#define EW_MEMO_TEXT	200	/* longest dump kept */

enum { MEMO_BYTES = 1, MEMO_INT };

struct ew_tpl_memo {
	unsigned int used;	/* when last used: the older of two goes */
	unsigned char kind, len, text_len;
	char key[EW_MEMO_KEY];
	char text[EW_MEMO_TEXT];
};

/* A placeholder's text: in the leaves' dump, or in the memoised dumps. */
struct ew_tpl_piece {
	size_t start, end;
	int memo;
};

struct ew_tb {
	struct ew_tpl *t;
	int tree;		/* building the template's tree, else leaves */
	int bad;
	uint64_t hash;
	size_t nsig, nleaves, npieces;
	unsigned int depth;
	json_t *stack[EW_TB_DEPTH];	/* borrowed: each is in its parent */
	json_t *root;
};

static void sig_grow(struct ew_tb *b, uintptr_t w)
{
	struct ew_tpl *t = b->t;
	size_t want = t->sig_size ? 2 * t->sig_size : 1024;
	uintptr_t *p = realloc(t->sig, want * sizeof(*p));

	if (!p) {
		b->bad = 1;
		return;
	}
	t->sig = p;
	t->sig_size = want;
	t->sig[b->nsig++] = w;
}

/* The shape word by word; hashed once whole (shape_hash()). */
static inline void sig(struct ew_tb *b, uintptr_t w)
{
	if (b->tree)
		return;
	if (b->nsig < b->t->sig_size)
		b->t->sig[b->nsig++] = w;
	else
		sig_grow(b, w);
}

static uint64_t shape_hash(const uintptr_t *w, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (uint64_t)w[i]) * 0x100000001b3ULL;
	return h;
}

static inline void sig2(struct ew_tb *b, uintptr_t type, const void *p)
{
	sig(b, type);
	sig(b, (uintptr_t)p);
}

/* Tree: v (stolen) as key of, or appended to, the innermost container. */
static void put(struct ew_tb *b, const char *key, json_t *v)
{
	json_t *parent;

	if (!v || b->bad || !b->depth || b->depth > EW_TB_DEPTH) {
		json_decref(v);
		b->bad = 1;
		return;
	}
	parent = b->stack[b->depth - 1];
	if (json_is_object(parent) ? !key ||
	    json_object_set_new_nocheck(parent, key, v) :
	    json_array_append_new(parent, v))
		b->bad = 1;
}

static void open_one(struct ew_tb *b, const char *key, int type)
{
	json_t *c;

	sig2(b, type, key);
	if (!b->tree)
		return;
	if (b->bad || b->depth >= EW_TB_DEPTH) {
		b->bad = 1;
		b->depth++;
		return;
	}
	c = type == SIG_OBJ ? json_object() : json_array();
	if (!b->depth && !b->root && c)
		b->root = c;
	else
		put(b, key, c);
	b->stack[b->depth++] = c;
}

void ew_tb_obj(struct ew_tb *b, const char *key)
{
	open_one(b, key, SIG_OBJ);
}

void ew_tb_arr(struct ew_tb *b, const char *key)
{
	open_one(b, key, SIG_ARR);
}

void ew_tb_end(struct ew_tb *b)
{
	sig(b, SIG_END);
	if (!b->tree)
		return;
	if (b->depth)
		b->depth--;
	else
		b->bad = 1;
}

void ew_tb_const(struct ew_tb *b, const char *key, const char *s)
{
	sig2(b, SIG_CONST, key);
	sig(b, (uintptr_t)s);
	if (b->tree)
		put(b, key, json_string(s));
}

void ew_tb_bool(struct ew_tb *b, const char *key, int v)
{
	sig2(b, v ? SIG_TRUE : SIG_FALSE, key);
	if (b->tree)
		put(b, key, json_boolean(v));
}

void ew_tb_int_fixed(struct ew_tb *b, const char *key, json_int_t v)
{
	sig2(b, SIG_INT, key);
	sig(b, (uintptr_t)v);
	if (b->tree)
		put(b, key, json_integer(v));
}

void ew_tb_shape(struct ew_tb *b, uint64_t v)
{
	sig(b, SIG_SHAPE);
	sig(b, (uintptr_t)v);
	if (sizeof(uintptr_t) < sizeof(v))
		sig(b, (uintptr_t)(v >> 32));
}

void ew_tb_shape_bytes(struct ew_tb *b, const char *p, size_t len)
{
	uintptr_t w;
	size_t i;

	sig(b, SIG_SHAPE);
	sig(b, len);
	for (i = 0; i < len; i += sizeof(w)) {
		w = 0;
		memcpy(&w, p + i, len - i < sizeof(w) ? len - i : sizeof(w));
		sig(b, w);
	}
}

void ew_tb_fixed(struct ew_tb *b, const char *key, const char *s)
{
	sig2(b, SIG_FIXED, key);
	if (b->tree)
		put(b, key, s ? json_string(s) : NULL);
}

int ew_tb_tree(const struct ew_tb *b)
{
	return b->tree;
}

void ew_tb_fixed_escaped(struct ew_tb *b, const char *key, const char *p,
			 size_t len)
{
	char *s;

	sig2(b, SIG_FIXED, key);
	if (!b->tree)
		return;
	s = p ? ew_escape_dup(p, len, 0) : NULL;
	put(b, key, s ? json_string_nocheck(s) : NULL);
	free(s);
}

void ew_tb_fixed_bytes(struct ew_tb *b, const char *key, const char *p,
		       size_t len)
{
	ew_tb_shape_bytes(b, p, len);
	ew_tb_fixed_escaped(b, key, p, len);
}

/* The leaf the last finding had at this place, if it is ours to change. */
static json_t *kept(struct ew_tb *b, json_type type)
{
	json_t *v = json_array_get(b->t->leaves, b->nleaves);

	return v && json_typeof(v) == type && v->refcount == 1 ? v : NULL;
}

static struct ew_tpl_piece *piece_grow(struct ew_tb *b)
{
	struct ew_tpl *t = b->t;
	size_t want = t->piece_size ? 2 * t->piece_size : 256;
	struct ew_tpl_piece *p = realloc(t->piece, want * sizeof(*p));

	if (!p) {
		b->bad = 1;
		return NULL;
	}
	t->piece = p;
	t->piece_size = want;
	return &t->piece[b->npieces++];
}

/* The next placeholder's piece; NULL (and bad) when out of memory. */
static inline struct ew_tpl_piece *piece(struct ew_tb *b, int memo)
{
	struct ew_tpl *t = b->t;
	struct ew_tpl_piece *p = b->npieces < t->piece_size ?
				 &t->piece[b->npieces++] : piece_grow(b);

	if (p)
		p->memo = memo;
	return p;
}

/* Leaves: v (stolen) as the next one. */
static void leaf(struct ew_tb *b, json_t *v)
{
	json_t *all = b->t->leaves;

	if (!v || (b->nleaves < json_array_size(all) ?
		   json_array_set_new(all, b->nleaves, v) :
		   json_array_append_new(all, v)))
		b->bad = 1;
	b->nleaves++;
	piece(b, 0);
}

/* Tree: a placeholder for the leaf. */
static int hole(struct ew_tb *b, const char *key)
{
	sig2(b, SIG_LEAF, key);
	if (b->tree)
		put(b, key, json_string_nocheck("\\"));
	return b->tree;
}

void ew_tb_bytes(struct ew_tb *b, const char *key, const char *p,
		 size_t len)
{
	char stack[EW_ESC_STACK], *s = stack;
	const char *text = p;
	json_t *v;
	size_t n = len;

	if (hole(b, key))
		return;
	if (!ew_json_plain(p, len)) {
		n = ew_escape(NULL, 0, p, len, 0);
		if (n >= sizeof(stack) && !(s = malloc(n + 1))) {
			b->bad = 1;
			return;
		}
		ew_escape(s, n + 1, p, len, 0);
		text = s;
	}
	/* ew_escape()'s output is valid UTF-8: jansson need not check it. */
	if ((v = kept(b, JSON_STRING))) {
		if (json_string_setn_nocheck(v, text, n))
			b->bad = 1;
		b->nleaves++;
		piece(b, 0);
	} else {
		leaf(b, json_stringn_nocheck(text, n));
	}
	if (s != stack)
		free(s);
}

void ew_tb_str(struct ew_tb *b, const char *key, const char *s)
{
	ew_tb_bytes(b, key, s, strlen(s));
}

void ew_tb_int(struct ew_tb *b, const char *key, json_int_t n)
{
	json_t *v;

	if (hole(b, key))
		return;
	if ((v = kept(b, JSON_INTEGER))) {
		json_integer_set(v, n);
		b->nleaves++;
		piece(b, 0);
	} else {
		leaf(b, json_integer(n));
	}
}

void ew_tb_text(struct ew_tb *b, const char *key, const char *s)
{
	json_t *v;

	if (hole(b, key))
		return;
	if ((v = kept(b, JSON_STRING))) {
		if (json_string_set(v, s))
			b->bad = 1;
		b->nleaves++;
		piece(b, 0);
	} else {
		leaf(b, json_string(s));
	}
}

/* v (stolen) dumped by jansson into m; 0, or -1 when it does not fit. */
static int memo_dump(struct ew_tpl_memo *m, json_t *v)
{
	size_t n = v ? json_dumpb(v, m->text, sizeof(m->text),
				  JSON_ENCODE_ANY) : 0;

	json_decref(v);
	if (!n || n > sizeof(m->text))
		return -1;
	m->text_len = (unsigned char)n;
	return 0;
}

/*
 * The slot for the value key[0..len) of kind, filled by jansson on a miss:
 * NULL when the value is not one to keep (too long, no memory).
 */
static struct ew_tpl_memo *memo_get(struct ew_tb *b, int kind,
				    const char *key, size_t len)
{
	struct ew_tpl *t = b->t;
	struct ew_tpl_memo *m, *o;
	uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)kind ^ len << 8, w;
	char stack[4 * EW_MEMO_KEY + 1];
	json_int_t n;
	size_t i, e;

	if (len > EW_MEMO_KEY)
		return NULL;
	if (!t->memo && !(t->memo = calloc(EW_MEMO_SLOTS, sizeof(*t->memo))))
		return NULL;
	for (i = 0; i + sizeof(w) <= len; i += sizeof(w)) {
		memcpy(&w, key + i, sizeof(w));
		h = (h ^ w) * 0x100000001b3ULL;
	}
	if (i < len) {
		w = 0;
		memcpy(&w, key + i, len - i);
		h = (h ^ w) * 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	/* Two slots a value may be in. */
	m = &t->memo[h & (EW_MEMO_SLOTS - 2)];
	o = m + 1;
	t->memo_clock++;
	if (m->kind == kind && m->len == len && !memcmp(m->key, key, len)) {
		m->used = t->memo_clock;
		return m;
	}
	if (o->kind == kind && o->len == len && !memcmp(o->key, key, len)) {
		o->used = t->memo_clock;
		return o;
	}
	if (o->used < m->used)
		m = o;
	m->kind = 0;
	m->used = t->memo_clock;
	if (kind == MEMO_INT) {
		memcpy(&n, key, sizeof(n));
		if (memo_dump(m, json_integer(n)))
			return NULL;
	} else if (ew_json_plain(key, len)) {
		if (memo_dump(m, json_stringn_nocheck(key, len)))
			return NULL;
	} else {
		/* ew_escape()'s output is valid UTF-8. */
		e = ew_escape(stack, sizeof(stack), key, len, 0);
		if (memo_dump(m, json_stringn_nocheck(stack, e)))
			return NULL;
	}
	m->kind = (unsigned char)kind;
	m->len = (unsigned char)len;
	memcpy(m->key, key, len);
	return m;
}

/* The memoised dump as the next placeholder's text. */
static void memo_put(struct ew_tb *b, const struct ew_tpl_memo *m)
{
	struct ew_tpl *t = b->t;
	struct ew_tpl_piece *p;
	size_t want;
	char *q;

	if (t->mtext_len + m->text_len > t->mtext_size) {
		for (want = t->mtext_size ? t->mtext_size : 4096;
		     t->mtext_len + m->text_len > want; want *= 2)
			;
		if (!(q = realloc(t->mtext, want))) {
			b->bad = 1;
			return;
		}
		t->mtext = q;
		t->mtext_size = want;
	}
	if (!(p = piece(b, 1)))
		return;
	p->start = t->mtext_len;
	memcpy(t->mtext + t->mtext_len, m->text, m->text_len);
	t->mtext_len += m->text_len;
	p->end = t->mtext_len;
}

void ew_tb_memo(struct ew_tb *b, const char *key, const char *p,
		size_t len)
{
	const struct ew_tpl_memo *m;

	if (b->tree || !(m = memo_get(b, MEMO_BYTES, p, len))) {
		ew_tb_bytes(b, key, p, len);
		return;
	}
	sig2(b, SIG_LEAF, key);
	memo_put(b, m);
}

void ew_tb_memo_str(struct ew_tb *b, const char *key, const char *s)
{
	ew_tb_memo(b, key, s, strlen(s));
}

void ew_tb_memo_int(struct ew_tb *b, const char *key, json_int_t v)
{
	const struct ew_tpl_memo *m;

	if (b->tree || !(m = memo_get(b, MEMO_INT, (const char *)&v,
				      sizeof(v)))) {
		ew_tb_int(b, key, v);
		return;
	}
	sig2(b, SIG_LEAF, key);
	memo_put(b, m);
}

void ew_tb_json(struct ew_tb *b, const char *key, json_t *v)
{
	if (hole(b, key)) {
		if (!v)
			b->bad = 1;
		json_decref(v);
		return;
	}
	leaf(b, v);
}

static void shape_free(struct ew_tpl_shape *s)
{
	if (!s)
		return;
	free(s->sig);
	free(s->text);
	free(s->hole);
	free(s);
}

void ew_tpl_clear(struct ew_tpl *t)
{
	unsigned int i;

	for (i = 0; i < EW_TPL_MAX; i++)
		shape_free(t->shape[i]);
	json_decref(t->leaves);
	free(t->sig);
	free(t->text);
	free(t->span);
	free(t->memo);
	free(t->mtext);
	free(t->piece);
	memset(t, 0, sizeof(*t));
}

static struct ew_tpl_shape *find(struct ew_tpl *t, const struct ew_tb *b)
{
	struct ew_tpl_shape *s;
	unsigned int i;

	for (i = 0; i < EW_TPL_MAX; i++) {
		s = t->shape[i];
		if (s && s->hash == b->hash && s->nsig == b->nsig &&
		    !memcmp(s->sig, t->sig, b->nsig * sizeof(*t->sig)))
			return s;
	}
	return NULL;
}

/* The template: the tree built with placeholders, dumped by jansson. */
static struct ew_tpl_shape *make(struct ew_tpl *t, const struct ew_tb *fill,
				 void (*build)(struct ew_tb *, const void *),
				 const void *arg)
{
	struct ew_tb b = { .t = t, .tree = 1 };
	struct ew_tpl_shape *s = calloc(1, sizeof(*s));
	const char *at;
	size_t n = 0;

	build(&b, arg);
	if (!s || b.bad || b.depth || !b.root)
		goto fail;
	s->text = json_dumps(b.root, JSON_COMPACT);
	s->hole = malloc((fill->npieces + 1) * sizeof(*s->hole));
	s->sig = malloc(fill->nsig * sizeof(*s->sig) + 1);
	if (!s->text || !s->hole || !s->sig)
		goto fail;
	s->len = strlen(s->text);
	for (at = s->text; (at = strstr(at, HOLE)); at += HOLE_LEN) {
		if (n == fill->npieces)
			goto fail;
		s->hole[n++] = at - s->text;
	}
	if (n != fill->npieces)
		goto fail;
	s->nholes = n;
	s->hash = fill->hash;
	s->nsig = fill->nsig;
	memcpy(s->sig, t->sig, fill->nsig * sizeof(*s->sig));
	json_decref(b.root);
	shape_free(t->shape[t->next]);
	t->shape[t->next] = s;
	t->next = (t->next + 1) % EW_TPL_MAX;
	return s;
fail:
	json_decref(b.root);
	shape_free(s);
	return NULL;
}

/*
 * jansson's dump of the leaves' array, and where each leaf's text starts
 * and ends in it: a "," or the closing "]" of the array itself ends one.
 * Structure comes in chunks of its own, and a string always opens and
 * closes with a chunk of one '"' (a quote inside is the chunk \").
 */
struct cut {
	struct ew_tpl *t;
	size_t n, start;
	unsigned int depth;
	int in_string;
};

static int cut_put(const char *buf, size_t size, void *data)
{
	struct cut *c = data;
	struct ew_tpl *t = c->t;
	size_t at = t->text_len, want;
	char *p;

	if (at + size > t->text_size) {
		for (want = t->text_size ? t->text_size : 4096;
		     at + size > want; want *= 2)
			;
		if (!(p = realloc(t->text, want)))
			return -1;
		t->text = p;
		t->text_size = want;
	}
	memcpy(t->text + at, buf, size);
	t->text_len += size;
	if (size != 1)
		return 0;
	if (*buf == '"')
		c->in_string = !c->in_string;
	if (c->in_string)
		return 0;
	if (*buf == '[' || *buf == '{') {
		if (c->depth++ == 0)
			c->start = at + 1;
	} else if ((*buf == ']' || *buf == '}') ||
		   (*buf == ',' && c->depth == 1)) {
		if (c->depth == 1) {
			if (2 * c->n + 1 >= t->span_size)
				return -1;
			t->span[2 * c->n] = c->start;
			t->span[2 * c->n + 1] = at;
			c->n++;
			c->start = at + 1;
		}
		if (*buf != ',')
			c->depth--;
	}
	return 0;
}

static int dump_leaves(struct ew_tpl *t, size_t n)
{
	struct cut c = { .t = t };
	size_t *p;

	t->text_len = 0;
	if (!n)
		return 0;
	if (2 * n > t->span_size) {
		if (!(p = realloc(t->span, 2 * n * sizeof(*p))))
			return -1;
		t->span = p;
		t->span_size = 2 * n;
	}
	if (json_dump_callback(t->leaves, cut_put, &c, JSON_COMPACT) ||
	    c.n != n)
		return -1;
	return 0;
}

char *ew_tpl_dup(struct ew_tpl *t,
		 void (*build)(struct ew_tb *b, const void *arg),
		 const void *arg)
{
	struct ew_tb b = { .t = t };
	struct ew_tpl_shape *s;
	struct ew_tpl_piece *p;
	size_t i, j, len, from, n;
	char *line, *at;

	if (!t->leaves && !(t->leaves = json_array()))
		return NULL;
	t->mtext_len = 0;
	build(&b, arg);
	while (json_array_size(t->leaves) > b.nleaves)
		json_array_remove(t->leaves, json_array_size(t->leaves) - 1);
	if (b.bad || json_array_size(t->leaves) != b.nleaves)
		return NULL;
	b.hash = shape_hash(t->sig, b.nsig);
	s = find(t, &b);
	if (!s && !(s = make(t, &b, build, arg)))
		return NULL;
	if (dump_leaves(t, b.nleaves))
		return NULL;
	len = s->len - s->nholes * HOLE_LEN;
	for (i = 0, j = 0; i < b.npieces; i++) {
		p = &t->piece[i];
		if (!p->memo) {
			p->start = t->span[2 * j];
			p->end = t->span[2 * j + 1];
			j++;
		}
		len += p->end - p->start;
	}
	if (!(line = malloc(len + 1)))
		return NULL;
	for (at = line, from = 0, i = 0; i <= s->nholes; i++) {
		n = (i < s->nholes ? s->hole[i] : s->len) - from;
		memcpy(at, s->text + from, n);
		at += n;
		if (i == s->nholes)
			break;
		p = &t->piece[i];
		memcpy(at, (p->memo ? t->mtext : t->text) + p->start,
		       p->end - p->start);
		at += p->end - p->start;
		from = s->hole[i] + HOLE_LEN;
	}
	*at = '\0';
	return line;
}
