#!/usr/bin/env python3
# Runs a command and samples the resident memory of its whole process
# tree every 20 ms; prints wall time and the peak of the sum.
import os, subprocess, sys, time
def tree(pid):
    out=[pid]
    try:
        for t in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{t}/children") as f:
                for c in f.read().split():
                    out+=tree(int(c))
    except OSError: pass
    return out
def rss(pid):
    try:
        with open(f"/proc/{pid}/statm") as f: return int(f.read().split()[1])*os.sysconf("SC_PAGE_SIZE")
    except OSError: return 0
start=time.time()
p=subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
peak=0
while p.poll() is None:
    peak=max(peak,sum(rss(x) for x in tree(p.pid)))
    time.sleep(0.02)
print(f"exit={p.returncode} wall={time.time()-start:.2f}s peak_rss={peak/2**20:.0f}MiB")
