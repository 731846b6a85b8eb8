"""The peak memory of a process and its children together, as proportional set size.

    python -m bench.memwatch PID

Samples every 200 ms until PID ends or this process gets SIGTERM, then prints
the highest sum seen, in MB. PSS shares each page among the processes that
map it, so a child forked from PID and still sharing its pages (copy on
write) adds only what it wrote itself: the sum is the memory the processes
use together, which their peak resident sizes added up would overstate.
Linux only (/proc).
"""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

from bench.procstat import processes


def _children(pid: int) -> list[int]:
    return [child for child, _, fields in processes() if int(fields[1]) == pid]


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(pid: int) -> None:
    own = Path("/proc/self").resolve().name
    peak = 0
    stop = False

    def end(*_: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, end)
    while not stop and Path(f"/proc/{pid}").exists():
        pids = [pid, *(p for p in _children(pid) if str(p) != own)]
        peak = max(peak, sum(_pss_kb(p) for p in pids))
        time.sleep(0.2)
    print(f"{peak / 1024:.0f}", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
