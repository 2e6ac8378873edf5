// SPDX-License-Identifier: GPL-2.0
/* evade: placeholder, being written. */
int main(void)
{
	return 2;
}
