/* SPDX-License-Identifier: GPL-2.0 */
/* escapewatch mode audit|enforce, or the mode of a --config file */
#ifndef EW_MODE_CMD_H
#define EW_MODE_CMD_H

/* The words after "mode" (its name, --device PATH, --config FILE);
 * returns the exit status. */
int ew_mode_cmd(int argc, char **argv);

#endif
