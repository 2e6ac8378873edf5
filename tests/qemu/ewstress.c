// SPDX-License-Identifier: GPL-2.0
/* ewstress: placeholder, being written. */
int main(void)
{
	return 2;
}
