#!/usr/bin/env python3
"""pairs.py N 'CMD_A' 'CMD_B': runs A and B in turn N times (A B A B ...)
and prints the median and range of each one's user+sys CPU seconds and of
the ratio A/B taken pair by pair, from the kernel's rusage of each child.
Pairing keeps the ratio meaningful while the machine's speed drifts.
Output and exit status of the commands are ignored."""
import resource
import shlex
import statistics
import subprocess
import sys


def cpu(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


n, a, b = int(sys.argv[1]), shlex.split(sys.argv[2]), shlex.split(sys.argv[3])
cpu(a), cpu(b)  # warm the page cache
ta, tb, r = [], [], []
for _ in range(n):
    x, y = cpu(a), cpu(b)
    ta.append(x), tb.append(y)
    if y > 0:
        r.append(x / y)
for name, v in (("A cpu s", ta), ("B cpu s", tb), ("A/B", r)):
    print("%-8s median %.4f  min %.4f  max %.4f" % (name, statistics.median(v), min(v), max(v)))
