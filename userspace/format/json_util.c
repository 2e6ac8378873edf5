// SPDX-License-Identifier: GPL-2.0
/* What the JSON formats share (json_util.h). */
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "format/json_util.h"

json_t *ew_json_bytes(const char *p, size_t len)
{
	char *s = ew_escape_dup(p, len, 0);
	json_t *j = s ? json_string(s) : NULL;

	free(s);
	return j;
}

json_t *ew_json_str(const char *s)
{
	return ew_json_bytes(s, strlen(s));
}

void ew_json_set(json_t *obj, const char *key, json_t *value, int *bad)
{
	if (!value || json_object_set_new(obj, key, value))
		*bad = 1;
}

void ew_json_append(json_t *array, json_t *value, int *bad)
{
	if (!value || json_array_append_new(array, value))
		*bad = 1;
}

char *ew_json_line(json_t *obj)
{
	char *line = obj ? json_dumps(obj, JSON_COMPACT) : NULL;

	json_decref(obj);
	return line;
}
