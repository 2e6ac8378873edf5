// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for an escape tool in the test VM: it does nothing harmful and
 * prints what the finding about it must say:
 *   pid=<host pid> nspid=<pid in its namespace> mnt=<inum> user=<inum>
 * Its first action, when EW_MARKER names a file, is to create that file:
 * the proof that it ran, which enforce mode must prevent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Bytes a content rule looks for: they survive renaming and appending. */
__attribute__((used)) static const char signature[] =
	"escapewatch-test-tool: a harmless stand-in";

static unsigned long ns_inum(const char *name)
{
	char path[64], link[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return 0;
	link[n] = '\0';
	return strtoul(strchr(link, '[') ? strchr(link, '[') + 1 : link,
		       NULL, 10);
}

int main(void)
{
	const char *marker = getenv("EW_MARKER");
	unsigned long host = 0, inner = 0;
	char line[256];
	FILE *f;

	if (marker) {
		f = fopen(marker, "w");
		if (f)
			fclose(f);
	}
	f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "NSpid:", 6)) {
			char *p = line + 6, *end;

			host = inner = strtoul(p, &end, 10);
			while (end != p) {
				inner = strtoul(p = end, &end, 10) ?: inner;
			}
		}
	}
	if (f)
		fclose(f);
	printf("pid=%lu nspid=%lu mnt=%lu user=%lu\n", host, inner,
	       ns_inum("mnt"), ns_inum("user"));
	return 0;
}
