// SPDX-License-Identifier: GPL-2.0
/* The monotonic clock (clock.h). */
#include <time.h>

#include "base/clock.h"

unsigned long long ew_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL +
	       (unsigned long long)ts.tv_nsec;
}
