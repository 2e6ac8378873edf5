// SPDX-License-Identifier: GPL-2.0
/*
 * Built-in rules: file names of public container-escape tools.  A first
 * rule set so that events flow; run-time rules replace it later.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "ew.h"

static const struct ew_rule ew_builtin_rules[] = {
	{ 1, "builtin:cdk", "cdk" },
	{ 2, "builtin:cdk", "cdk_linux_amd64" },
	{ 3, "builtin:cdk", "cdk_linux_386" },
	{ 4, "builtin:cdk", "cdk_linux_arm64" },
	{ 5, "builtin:deepce", "deepce.sh" },
	{ 6, "builtin:botb", "botb" },
	{ 7, "builtin:botb", "bob_linux_amd64" },
	{ 8, "builtin:amicontained", "amicontained" },
	{ 9, "builtin:kdigger", "kdigger" },
	{ 10, "builtin:peirates", "peirates" },
	{ 11, "builtin:kubeletctl", "kubeletctl" },
	{ 12, "builtin:container-escape-check", "container-escape-check.sh" },
	{ 13, "builtin:traitor", "traitor" },
	{ 14, "builtin:traitor", "traitor-amd64" },
};

/**
 * ew_rules_match_name() - find the rule for a file name
 * @name: the file's name, not necessarily NUL-terminated
 * @len: length of @name in bytes
 *
 * Return: the first rule whose file name equals @name, or NULL.
 */
const struct ew_rule *ew_rules_match_name(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ew_builtin_rules); i++) {
		const char *file = ew_builtin_rules[i].file;

		if (strlen(file) == len && !memcmp(file, name, len))
			return &ew_builtin_rules[i];
	}
	return NULL;
}
