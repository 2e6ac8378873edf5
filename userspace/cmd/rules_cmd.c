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

#include "../../kmod/rules_blob.h"
#include "cmd/cli.h"
#include "cmd/rules_cmd.h"
#include "input/device.h"
#include "rules/rules.h"

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
	char err[512];
	int fd, e, ret = 1;

	if (compile_file(path, &blob, &size, &nrules))
		return 1;
	fd = ew_device_open(device, O_RDWR, err, sizeof(err));
	if (fd < 0) {
		fprintf(stderr, "escapewatch: %s\n", err);
		goto out;
	}
	io.data = (unsigned long)blob;
	io.size = size;
	if (ioctl(fd, EW_IOC_RULES_LOAD, &io) < 0) {
		e = errno;
		fprintf(stderr, "escapewatch: the module refused %s (%s%s); the rules in force are unchanged\n",
			path, strerror(e), e == EPERM ?
			": a module loaded with lock=1 keeps its rules until reboot" :
			"");
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
	char err[512];
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

static const char load_usage[] =
	"usage: escapewatch rules load FILE [--device PATH]\n"
	"\n"
	"Compile the rules file FILE (see escapewatch.rules(5)) and put it in\n"
	"force, replacing every rule; the rules' generation goes up by one.  A\n"
	"file with an error is refused as FILE:LINE: what, and the rules in\n"
	"force stay.  Needs root with CAP_SYS_ADMIN (it opens the device for\n"
	"writing); refused when the module was loaded with lock=1.\n"
	"\n"
	"  --device PATH the device (default " EW_DEVICE_PATH ")\n"
	"  --help        print this and exit\n"
	"\n"
	"Exit status: 0 loaded; 1 FILE has an error, the device cannot be\n"
	"opened or the module refused the rules; 2 a wrong command line.\n";

static const char show_usage[] =
	"usage: escapewatch rules show [--device PATH]\n"
	"\n"
	"Print the rules in force as a rules file, after a comment line with\n"
	"their generation.  Needs only read access to the device, as watch and\n"
	"status do.\n"
	"\n"
	"  --device PATH the device (default " EW_DEVICE_PATH ")\n"
	"  --help        print this and exit\n"
	"\n"
	"Exit status: 0 printed; 1 the device cannot be opened or read; 2 a\n"
	"wrong command line.\n";

static const char check_usage[] =
	"usage: escapewatch rules check FILE\n"
	"\n"
	"Parse and compile the rules file FILE as load would, and check the\n"
	"result with the module's own validator, without a module; errors as\n"
	"FILE:LINE: what.\n"
	"\n"
	"  --help        print this and exit\n"
	"\n"
	"Exit status: 0 FILE is good; 1 it has an error; 2 a wrong command\n"
	"line.\n";

static const char compile_usage[] =
	"usage: escapewatch rules compile --c FILE\n"
	"\n"
	"Print the rules file FILE compiled, as the C array of the module's\n"
	"built-in rules (kmod/default_rules.h; make rules writes it).\n"
	"\n"
	"  --c           as a C array (the only form)\n"
	"  --help        print this and exit\n"
	"\n"
	"Exit status: 0 printed; 1 FILE has an error; 2 a wrong command line.\n";

static const char rules_usage[] =
	"usage: escapewatch rules load FILE [--device PATH]\n"
	"       escapewatch rules show [--device PATH]\n"
	"       escapewatch rules check FILE\n"
	"       escapewatch rules compile --c FILE\n"
	"\n"
	"load     compile FILE and put it in force\n"
	"show     print the rules in force\n"
	"check    check FILE without loading it\n"
	"compile  print FILE as the built-in rules' C array\n"
	"\n"
	"'escapewatch rules COMMAND --help' tells more; escapewatch.rules(5)\n"
	"describes the file.\n";

enum rules_sub { SUB_LOAD, SUB_SHOW, SUB_CHECK, SUB_COMPILE };

static const struct {
	const char *word;	/* "load" */
	const char *name;	/* "rules load" */
	const char *usage;
	int file;		/* takes a FILE */
	int device;		/* takes --device */
} subs[] = {
	[SUB_LOAD] = { "load", "rules load", load_usage, 1, 1 },
	[SUB_SHOW] = { "show", "rules show", show_usage, 0, 1 },
	[SUB_CHECK] = { "check", "rules check", check_usage, 1, 0 },
	[SUB_COMPILE] = { "compile", "rules compile", compile_usage, 1, 0 },
};

int ew_rules_cmd(int argc, char **argv)
{
	const char *device = EW_DEVICE_PATH, *file = NULL, *v, *cmd;
	int i, got, sub, c_array = 0;

	if (!argc)
		return ew_cli_usage_error(stderr, "rules",
					  "wants load, show, check or compile");
	if (ew_cli_help(argv[0])) {
		fputs(rules_usage, stdout);
		return 0;
	}
	for (sub = 0; sub < (int)(sizeof(subs) / sizeof(*subs)); sub++)
		if (!strcmp(argv[0], subs[sub].word))
			break;
	if (sub == (int)(sizeof(subs) / sizeof(*subs)))
		return ew_cli_usage_error(stderr, "rules", "unknown %s '%s'",
					  argv[0][0] == '-' ? "option" :
					  "command", argv[0]);
	cmd = subs[sub].name;
	for (i = 1; i < argc; i++) {
		if (ew_cli_help(argv[i])) {
			fputs(subs[sub].usage, stdout);
			return 0;
		}
		got = subs[sub].device ?
			ew_cli_value("--device", argc, argv, &i, &v) : 0;
		if (got < 0)
			return ew_cli_usage_error(stderr, cmd,
						  "--device wants a value");
		if (got) {
			device = v;
		} else if (sub == SUB_COMPILE && !strcmp(argv[i], "--c")) {
			c_array = 1;
		} else if (argv[i][0] == '-') {
			return ew_cli_usage_error(stderr, cmd,
						  "unknown option '%s'",
						  argv[i]);
		} else if (!subs[sub].file || file) {
			return ew_cli_usage_error(stderr, cmd,
						  "unexpected argument '%s'",
						  argv[i]);
		} else {
			file = argv[i];
		}
	}
	if (subs[sub].file && !file)
		return ew_cli_usage_error(stderr, cmd, "wants a FILE");
	switch (sub) {
	case SUB_LOAD:
		return cmd_load(file, device);
	case SUB_SHOW:
		return cmd_show(device);
	case SUB_CHECK:
		return cmd_check(file, 0);
	default:
		if (!c_array)
			return ew_cli_usage_error(stderr, cmd, "wants --c");
		return cmd_check(file, 1);
	}
}
