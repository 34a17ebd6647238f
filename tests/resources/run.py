#!/usr/bin/env python3
"""run.py KJ TIME_S MEM_MB ARGS...: runs KJ ARGS, prints "EXIT SECONDS MB"
(the child's peak resident memory), and exits 0 if within both bounds."""
import resource, subprocess, sys, time

kj, t_max, m_max = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
t0 = time.monotonic()
rc = subprocess.run([kj] + sys.argv[4:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
dt = time.monotonic() - t0
mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(rc, f'{dt:.2f}', f'{mb:.0f}')
sys.exit(0 if dt <= t_max and mb <= m_max else 1)
