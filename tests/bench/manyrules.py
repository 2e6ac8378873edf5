#!/usr/bin/env python3
"""make bench's large rule sets, the kind an operator loads from an
indicator list: N rules, each with an exact name, a name glob (a literal
start, or a literal end, in turn) and a SHA-256 digest; with --content K,
the first K rules also carry a content string of 16 random bytes.

    manyrules.py N [--content K] > FILE

The same N and K give the same file on every run (a fixed seed), so that
the boots of make bench load the same rules and their hash tables take
the same shape.  Nothing in them names or hashes what the bench executes:
the figure is the cost of an exec that no rule matches, the common case.
"""
import argparse
import random
import string

LETTERS = string.ascii_lowercase + string.digits


def word(rnd, lo, hi):
    return rnd.choice(string.ascii_lowercase) + "".join(
        rnd.choice(LETTERS) for _ in range(rnd.randint(lo, hi) - 1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--content", type=int, default=0)
    a = ap.parse_args()
    rnd = random.Random(f"escapewatch-bench-{a.n}-{a.content}")
    out = []
    for i in range(a.n):
        out.append(f"rule {20000 + i} scale-{i}")
        out.append("\tseverity high")
        out.append(f"\tname {word(rnd, 5, 14)}")
        if i % 2:
            out.append(f"\tname *.{word(rnd, 3, 8)}")
        else:
            out.append(f"\tname {word(rnd, 3, 10)}_linux_*")
        out.append(f"\tsha256 {rnd.getrandbits(256):064x}")
        if i < a.content:
            # 16 bytes, none of them NUL (a content line's escapes)
            out.append("\tcontent " + "".join(
                f"\\x{rnd.randint(1, 255):02x}" for _ in range(16)))
    print("\n".join(out))


if __name__ == "__main__":
    main()
