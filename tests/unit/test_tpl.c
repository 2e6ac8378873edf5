// SPDX-License-Identifier: GPL-2.0
/*
 * json_tpl.h: a line made through templates is the line jansson dumps from
 * the whole tree, byte for byte, whatever the shape, values and order:
 * random objects (nested arrays of every length, strings with quotes,
 * controls, backslashes and bytes that are no UTF-8, numbers, booleans,
 * leaves of any jansson value), more shapes than are kept and more values
 * than the memo holds, compared with json_dumps() of the same object built
 * directly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/escape.h"
#include "format/json_tpl.h"

#define ROUNDS	3000
#define POOL	1500	/* distinct memoised strings: more than the memo */

static const char *const names[] = { "a", "bb", "c\"q", "d\\e", "ns" };

struct obj {
	unsigned int seed;
	char str[POOL][24];
};

static unsigned int next(unsigned int *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

static void bytes_of(unsigned int *s, char *out, size_t *len)
{
	static const char alphabet[] = "ab/\\\"\n\x01\xc3\xa9\xff{}[],:0 ";
	size_t i, n = next(s) % 20;

	for (i = 0; i < n; i++)
		out[i] = alphabet[next(s) % (sizeof(alphabet) - 1)];
	*len = n;
}

/* One object from its seed, through the builder (b) or jansson (j). */
static void describe(struct ew_tb *b, json_t *j, const struct obj *o)
{
	unsigned int s = o->seed, n, i, k;
	char text[32], *esc;
	size_t len;
	json_t *arr = json_array(), *v;

	if (b)
		ew_tb_obj(b, NULL);
	n = next(&s) % 90;	/* more lengths than shapes kept */
	if (b)
		ew_tb_arr(b, "list");
	for (i = 0; i < n; i++) {
		k = next(&s) % 7;
		switch (k) {
		case 0:
			v = json_integer((json_int_t)next(&s) - 1000000);
			if (b)
				ew_tb_int(b, NULL, json_integer_value(v));
			break;
		case 1:
			v = json_integer(next(&s) % 5);
			if (b)
				ew_tb_int_fixed(b, NULL, json_integer_value(v));
			break;
		case 2:
			v = json_boolean(next(&s) & 1);
			if (b)
				ew_tb_bool(b, NULL, json_is_true(v));
			break;
		case 3:
			bytes_of(&s, text, &len);
			esc = ew_escape_dup(text, len, 0);
			v = json_string(esc);
			free(esc);
			if (b)
				ew_tb_bytes(b, NULL, text, len);
			break;
		case 4:
			k = next(&s) % POOL;
			esc = ew_escape_dup(o->str[k], strlen(o->str[k]), 0);
			v = json_string(esc);
			free(esc);
			if (b)
				ew_tb_memo_str(b, NULL, o->str[k]);
			break;
		case 5:
			v = json_integer(next(&s) % 3000);
			if (b)
				ew_tb_memo_int(b, NULL, json_integer_value(v));
			break;
		default:
			v = json_pack("{s:[i, s], s:{}}", "x",
				      (int)(next(&s) % 9), "y", "z");
			if (b)
				ew_tb_json(b, NULL, json_deep_copy(v));
			break;
		}
		json_array_append_new(arr, v);
	}
	if (b)
		ew_tb_end(b);
	json_object_set_new(j, "list", arr);
	k = next(&s) % 5;
	if (b)
		ew_tb_const(b, names[k], "const");
	json_object_set_new(j, names[k], json_string("const"));
	if (b) {
		ew_tb_obj(b, "in");
		ew_tb_arr(b, "empty");
		ew_tb_end(b);
		ew_tb_end(b);
	}
	json_object_set_new(j, "in", json_pack("{s:[]}", "empty"));
	/* fixed text that is a control character alone, a quote alone */
	k = next(&s) % 3;
	if (b)
		ew_tb_fixed_bytes(b, "f", "\001\"x" + k, 1);
	json_object_set_new(j, "f", json_stringn("\001\"x" + k, 1));
	if (b)
		ew_tb_end(b);
}

static void build(struct ew_tb *b, const void *arg)
{
	json_t *scratch = json_object();

	describe(b, scratch, arg);
	json_decref(scratch);
}

static void same_as_jansson(void **state)
{
	static struct tpl_state { struct ew_tpl t; struct obj o; } st;
	char *got, *want;
	unsigned int i, s = 7;
	json_t *j;

	(void)state;
	for (i = 0; i < POOL; i++)
		snprintf(st.o.str[i], sizeof(st.o.str[i]), "v%u\\\"%c", i,
			 i % 2 ? 'x' : '\n');
	for (i = 0; i < ROUNDS; i++) {
		/* every third object again: templates and memo reused */
		st.o.seed = i % 3 ? next(&s) : st.o.seed;
		j = json_object();
		describe(NULL, j, &st.o);
		want = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		got = ew_tpl_dup(&st.t, build, &st.o);
		assert_non_null(got);
		assert_non_null(want);
		if (strcmp(got, want))
			fail_msg("round %u:\n got %s\nwant %s", i, got, want);
		free(got);
		free(want);
	}
	ew_tpl_clear(&st.t);
}

/* An unbalanced description gives no line, and nothing breaks after. */
static void unbalanced(struct ew_tb *b, const void *arg)
{
	(void)arg;
	ew_tb_obj(b, NULL);
	ew_tb_str(b, "k", "v");
}

static void refuses_half(void **state)
{
	struct ew_tpl t = { 0 };

	(void)state;
	assert_null(ew_tpl_dup(&t, unbalanced, NULL));
	assert_null(ew_tpl_dup(&t, unbalanced, NULL));
	ew_tpl_clear(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_as_jansson),
		cmocka_unit_test(refuses_half),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
