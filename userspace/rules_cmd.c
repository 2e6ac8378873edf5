// SPDX-License-Identifier: GPL-2.0
/*
 * escapewatch rules: compile a rules file and load it into the module, show
 * the rules in force, check a file, or print the built-in rules' C array.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../kmod/rules_blob.h"
#include "device.h"
#include "rules.h"
#include "rules_cmd.h"

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		fprintf(stderr, "escapewatch: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	do {
		if (len + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = 2 * cap + 4096 + 1);

			if (!nb) {
				free(buf);
				fclose(f);
				fprintf(stderr, "escapewatch: out of memory\n");
				return NULL;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, 4096, f);
		len += n;
	} while (n == 4096);
	fclose(f);
	buf[len] = '\0';
	if (memchr(buf, '\0', len)) {
		fprintf(stderr, "escapewatch: %s: not a text file\n", path);
		free(buf);
		return NULL;
	}
	return buf;
}

/* Parse and compile a rules file; prints the error itself. */
static int compile_file(const char *path, void **blob, size_t *size,
			size_t *nrules)
{
	struct ew_rules_src rules;
	char err[512];
	char *text = read_text(path);
	int ret;

	if (!text)
		return -1;
	ret = ew_rules_parse(text, path, &rules, err, sizeof(err));
	free(text);
	if (!ret) {
		*nrules = rules.nrule;
		ret = ew_rules_compile(&rules, blob, size, err, sizeof(err));
		ew_rules_free(&rules);
	}
	if (ret)
		fprintf(stderr, "escapewatch: %s\n", err);
	return ret;
}

static int cmd_load(const char *path, const char *device)
{
	struct ew_rules_io io = { 0 };
	size_t size, nrules;
	void *blob;
	char err[256];
	int fd, ret = 1;

	if (compile_file(path, &blob, &size, &nrules))
		return 1;
	fd = ew_device_open(device, 0, err, sizeof(err));
	if (fd < 0) {
		fprintf(stderr, "escapewatch: %s\n", err);
		goto out;
	}
	io.data = (unsigned long)blob;
	io.size = size;
	if (ioctl(fd, EW_IOC_RULES_LOAD, &io) < 0) {
		fprintf(stderr, "escapewatch: the module refused %s (%s); the rules in force are unchanged\n",
			path, strerror(errno));
	} else {
		printf("loaded %zu rules from %s: generation %llu\n", nrules,
		       path, (unsigned long long)io.generation);
		ret = 0;
	}
	close(fd);
out:
	free(blob);
	return ret;
}

static int cmd_show(const char *device)
{
	struct ew_rules_io io = { 0 };
	void *blob = NULL;
	char err[256];
	int fd, ret = 1;

	fd = ew_device_open(device, 0, err, sizeof(err));
	if (fd < 0) {
		fprintf(stderr, "escapewatch: %s\n", err);
		return 1;
	}
	/* Ask for the size, then for the blob; retry if a load came between. */
	for (;;) {
		if (!ioctl(fd, EW_IOC_RULES_GET, &io))
			break;
		if (errno != ENOSPC) {
			fprintf(stderr, "escapewatch: reading rules: %s\n",
				strerror(errno));
			goto out;
		}
		free(blob);
		blob = aligned_alloc(8, (io.size + 7) & ~7U);
		if (!blob) {
			fprintf(stderr, "escapewatch: out of memory\n");
			goto out;
		}
		io.data = (unsigned long)blob;
	}
	printf("# rules in force: generation %llu\n",
	       (unsigned long long)io.generation);
	if (ew_rules_print(blob, io.size, stdout, err, sizeof(err)))
		fprintf(stderr, "escapewatch: %s\n", err);
	else
		ret = 0;
out:
	free(blob);
	close(fd);
	return ret;
}

static int cmd_check(const char *path, int c_array)
{
	struct ew_rules_view v;
	size_t size, nrules;
	const char *why;
	void *blob;
	int ret = 0;

	if (compile_file(path, &blob, &size, &nrules))
		return 1;
	/* The module's own validator must accept what was compiled. */
	if (ew_rules_validate(blob, size, &v, &why)) {
		fprintf(stderr, "escapewatch: %s: compiled to an invalid blob: %s\n",
			path, why);
		ret = 1;
	} else if (c_array) {
		ew_rules_print_c(blob, size, stdout);
	} else {
		printf("%s: %zu rules, %zu bytes compiled\n", path, nrules, size);
	}
	free(blob);
	return ret;
}

int ew_rules_cmd(int argc, char **argv, const char *device)
{
	if (argc == 2 && !strcmp(argv[0], "load"))
		return cmd_load(argv[1], device);
	if (argc == 1 && !strcmp(argv[0], "show"))
		return cmd_show(device);
	if (argc == 2 && !strcmp(argv[0], "check"))
		return cmd_check(argv[1], 0);
	if (argc == 3 && !strcmp(argv[0], "compile") && !strcmp(argv[1], "--c"))
		return cmd_check(argv[2], 1);
	fprintf(stderr,
		"usage: escapewatch rules load FILE    compile FILE and put it in force\n"
		"       escapewatch rules show         print the rules in force\n"
		"       escapewatch rules check FILE   check FILE without loading it\n"
		"       escapewatch rules compile --c FILE\n"
		"                                      the built-in rules' C array\n");
	return 2;
}
