// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the rules compiler: text -> ew_rules_parse() ->
 * ew_rules_compile() -> the module's validator -> ew_rules_print() -> parse
 * and compile again.  A text that compiles to a blob the validator refuses,
 * whose blob does not print, or whose printed rules do not compile again
 * to the same bytes is a bug: the harness aborts and libFuzzer reports it.
 *
 * With EW_FUZZ_BLOB_DIR set, each blob compiled from an input is also
 * written to that directory (tests/fuzz/run.sh makes the blob fuzzer's
 * seeds so).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../kmod/rules_blob.h"
#include "rules/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void bug(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_rules_text: %s: %s\n", what, detail);
	abort();
}

/* The input as a C string, or NULL for one with a NUL (not a text file). */
static char *text_of(const uint8_t *data, size_t size)
{
	char *text;

	if (memchr(data, '\0', size))
		return NULL;
	text = malloc(size + 1);
	if (!text)
		return NULL;
	memcpy(text, data, size);
	text[size] = '\0';
	return text;
}

/* Parse and compile; 0, or -1 for rules the parser or compiler refuse. */
static int compile(const char *text, void **blob, size_t *size,
		   size_t *nrules, char *err, size_t errsize)
{
	struct ew_rules_src rules;
	int ret;

	if (ew_rules_parse(text, "fuzz", &rules, err, errsize))
		return -1;
	*nrules = rules.nrule;
	ret = ew_rules_compile(&rules, blob, size, err, errsize);
	ew_rules_free(&rules);
	return ret;
}

/* What the module will do with the blob: it must take it. */
static void check_blob(const void *blob, size_t size, size_t nrules)
{
	struct ew_rules_view v;
	const char *why;

	if ((uintptr_t)blob & 7)
		bug("compiled blob", "not 8-byte aligned");
	if (ew_rules_validate(blob, size, &v, &why))
		bug("the validator refuses a compiled blob", why);
	if (v.hdr->nrules != nrules)
		bug("compiled blob", "rule count differs from the text's");
}

/* The blob printed as a rules file (malloc'ed). */
static char *print(const void *blob, size_t size)
{
	char err[256], *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		abort();
	if (ew_rules_print(blob, size, out, err, sizeof(err)))
		bug("ew_rules_print fails on a compiled blob", err);
	if (fclose(out) || !text)
		abort();
	return text;
}

static void save_blob(const void *blob, size_t size)
{
	static const char *dir;
	static int looked;
	uint32_t hash = 2166136261u;
	char path[4096];
	FILE *f;
	size_t i;

	if (!looked) {
		dir = getenv("EW_FUZZ_BLOB_DIR");
		looked = 1;
	}
	if (!dir)
		return;
	for (i = 0; i < size; i++)
		hash = (hash ^ ((const unsigned char *)blob)[i]) * 16777619u;
	snprintf(path, sizeof(path), "%s/blob-%zu-%08x", dir, size, hash);
	f = fopen(path, "w");
	if (!f || fwrite(blob, 1, size, f) != size || fclose(f))
		bug("cannot write", path);
}

/* The printed rules compile again, to the same bytes. */
static void round_trip(const void *blob, size_t size, size_t nrules)
{
	char err[512], *text = print(blob, size);
	size_t size2, nrules2;
	void *blob2;

	if (compile(text, &blob2, &size2, &nrules2, err, sizeof(err))) {
		fprintf(stderr, "%s", text);
		bug("the printed rules above do not compile", err);
	}
	if (size2 != size || nrules2 != nrules || memcmp(blob2, blob, size)) {
		fprintf(stderr, "%s", text);
		bug("round trip", "the printed rules above compile to another blob");
	}
	free(blob2);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512], *text = text_of(data, size);
	size_t bsize, nrules;
	void *blob;
	int ret;

	if (!text)
		return 0;
	ret = compile(text, &blob, &bsize, &nrules, err, sizeof(err));
	free(text);
	if (ret)
		return 0;
	check_blob(blob, bsize, nrules);
	save_blob(blob, bsize);
	round_trip(blob, bsize, nrules);
	free(blob);
	return 0;
}
