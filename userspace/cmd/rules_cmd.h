/* SPDX-License-Identifier: GPL-2.0 */
/* escapewatch rules load|show|check|compile */
#ifndef EW_RULES_CMD_H
#define EW_RULES_CMD_H

/* The words after "rules", argv[0] the subcommand; returns the exit status. */
int ew_rules_cmd(int argc, char **argv);

#endif
