/* SPDX-License-Identifier: GPL-2.0 */
/* The monotonic clock in nanoseconds: for deadlines and ages. */
#ifndef EW_CLOCK_H
#define EW_CLOCK_H

unsigned long long ew_mono_ns(void);

#endif
