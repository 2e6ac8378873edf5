// SPDX-License-Identifier: GPL-2.0
/* The program make bench executes: a small static binary that does nothing. */
int main(void)
{
	return 0;
}
