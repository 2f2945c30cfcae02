# Runs a command and prints the kernel's accounting of it, as one JSON line on fd 3's file (argv[1]): wall seconds
# (fork to reap), user and system CPU seconds of the child and every descendant it waited for (microsecond
# resolution, unlike /usr/bin/time's 10 ms), and the peak RSS of the largest single process in KiB. The child
# inherits stdin, stdout and stderr. Usage: python3 rusage.py REPORT_FILE COMMAND [ARG ...]
import json
import os
import sys
import time

report, argv = sys.argv[1], sys.argv[2:]
began = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - began
with open(report, "w") as out:
    json.dump({"wall": wall, "user": usage.ru_utime, "sys": usage.ru_stime, "maxrss_kib": usage.ru_maxrss}, out)
sys.exit(os.waitstatus_to_exitcode(status) if os.waitstatus_to_exitcode(status) >= 0 else 128 - os.waitstatus_to_exitcode(status))
