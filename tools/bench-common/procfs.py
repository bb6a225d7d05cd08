"""A process's CPU time and memory, read from /proc (Linux), for the benchmarks."""
import os


def cpu_seconds(pid):
    """User plus system CPU time of process `pid` so far, in seconds (/proc/PID/stat)."""
    with open("/proc/%d/stat" % pid) as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_kb(pid, field):
    """A field of /proc/PID/status in KiB, e.g. VmRSS or VmHWM (the peak resident size)."""
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)
