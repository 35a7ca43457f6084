#!/usr/bin/env python3
# hwm.py CMD...: runs CMD (output thrown away) and prints the largest VmHWM (MiB) of the process ("parent") and of
# any of its children ("reader"), read from /proc every 2 ms.
import subprocess, sys, time, os
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
def hwm(pid):
    try:
        for l in open(f'/proc/{pid}/status'):
            if l.startswith('VmHWM'): return int(l.split()[1])
    except OSError: pass
    return 0
def children(pid):
    out = []
    try:
        for t in os.listdir(f'/proc/{pid}/task'):
            out += open(f'/proc/{pid}/task/{t}/children').read().split()
    except OSError: pass
    return out
pp = cp = 0
while p.poll() is None:
    pp = max(pp, hwm(p.pid))
    for c in children(p.pid): cp = max(cp, hwm(c))
    time.sleep(0.002)
print(f'parent {pp >> 10} MiB reader {cp >> 10} MiB rc {p.returncode}')
