#!/usr/bin/env python3
"""cpu.py RUNS CMD...: the least user+sys CPU seconds of RUNS runs of CMD,
children included, read from the kernel's rusage (microseconds, where
/usr/bin/time prints hundredths: a small PDF's 10 ms and 40 ms are too
coarse to compare). Output and exit status of CMD are ignored."""
import resource
import subprocess
import sys

runs, cmd = int(sys.argv[1]), sys.argv[2:]
best = None
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    best = t if best is None else min(best, t)
print("%.4f" % best)
