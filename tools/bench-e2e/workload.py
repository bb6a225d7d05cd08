#!/usr/bin/env python3
"""Deterministic Duplicati workload for the end-to-end benchmark.

A fleet of 100 servers with 7-10 backup jobs each; run `i` of a preset is a Duplicati 2.x JSON
report as `send-http-url` posts it (the shape and size of the synthetic samples in
../shared/samples/duplicati-reports: Data with DeleteResults, TestResults and
BackendStatistics, Extra with the machine identity, ~20 log lines), with timestamps spread over
the year before `end` so charts have content. Mostly Success, some Warning and Error runs,
several Duplicati versions (servers upgrade during the year). Everything is a function of the
seed, the preset and `end`: the same arguments give byte-identical bodies.

    python3 workload.py PRESET [--end YYYY-MM-DD] [--sample N]   # prints run N's body
"""

import argparse
import datetime
import glob
import json
import os

PRESETS = {"smoke": 2_000, "10k": 10_000, "100k": 100_000, "1M": 1_000_000}
SERVERS = 100
SEED = 20261203
YEAR_SECONDS = 365 * 86_400
MASK64 = (1 << 64) - 1

VERSIONS = [
    "2.0.8.1 (2.0.8.1_beta_2024-05-07)",
    "2.1.0.5 (2.1.0.5_stable_2025-03-04)",
    "2.2.0.0 (2.2.0.0_stable_2025-10-23)",
    "2.2.0.1 (2.2.0.1_stable_2025-11-09)",
    "2.3.0.4 (2.3.0.4_stable_2026-07-09)",
]
JOB_NAMES = ["Documents", "Photos", "Mail", "System image", "Databases", "Projects", "Music",
             "Home", "Virtual machines", "Shares (offsite)"]
HOST_PREFIXES = ["NAS", "SRV", "WS", "LAPTOP", "BUERO-PC", "FILES", "DB", "MEDIA"]
UTC_OFFSETS = [0, 1, 2, -5, 10, 9, -3]
MAIN = "Duplicati.Library.Main"


def mix(value):
    """splitmix64: a fast, well-spread 64-bit hash, so each run draws its own numbers cheaply."""
    value = (value + 0x9E3779B97F4A7C15) & MASK64
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & MASK64
    return value ^ (value >> 31)


class Draws:
    """The pseudo-random numbers of one run (or one server), from the seed and its number."""

    def __init__(self, *key):
        self.state = SEED
        for part in key:
            self.state = mix(self.state ^ part)

    def next(self, bound):
        self.state = mix(self.state)
        return self.state % bound

    def hex(self, digits):
        return "".join("%016x" % mix(self.state + k) for k in range(digits // 16 + 1))[:digits]


class Fleet:
    """The servers and jobs, and the order and times of their runs for one preset."""

    def __init__(self, runs, end):
        self.runs = runs
        self.end = int(end.timestamp())
        self.jobs = []  # (server index, job index within the server)
        self.servers = []
        for server in range(SERVERS):
            draws = Draws(1, server)
            self.servers.append({
                "id": draws.hex(32),
                "name": "%s-%03d" % (HOST_PREFIXES[server % len(HOST_PREFIXES)], server),
                "offset": UTC_OFFSETS[draws.next(len(UTC_OFFSETS))],
                "version": draws.next(3),  # first version; servers upgrade during the year
                "scale": 1 + draws.next(40),  # GB examined, roughly
            })
            self.jobs += [(server, job) for job in range(7 + draws.next(4))]
        self.rounds = -(-runs // len(self.jobs))
        self.step = max(60, YEAR_SECONDS // self.rounds)

    def run(self, index):
        """The facts of run `index` (round-robin over jobs, so runs arrive roughly in time order)."""
        round_, slot = divmod(index, len(self.jobs))
        server, job = self.jobs[slot]
        info = self.servers[server]
        draws = Draws(2, index)
        begin = self.end - (self.rounds - round_) * self.step + (slot * 7_919) % self.step
        roll = draws.next(100)
        status = "Success" if roll < 88 else "Warning" if roll < 96 else "Error"
        version = VERSIONS[min(len(VERSIONS) - 1, info["version"] + round_ * 3 // self.rounds)]
        return {
            "index": index, "server": info, "job": JOB_NAMES[job], "jobId": "DB-%d" % (job + 1),
            "begin": begin * 1_000 + draws.next(1_000), "fraction": draws.next(10_000),
            "duration": 30 + draws.next(600 + 60 * job), "status": status, "version": version,
            "examined": 2_000 * info["scale"] + 150 * job + draws.next(500),
            "size": (info["scale"] << 30) + (job << 28) + round_ * 1_048_576 + draws.next(1 << 20),
            "uploaded": draws.next(80_000_000), "versions": 1 + min(30, round_),
            "added": draws.next(60), "modified": draws.next(50), "deleted": draws.next(5),
            "warnings": (1 + draws.next(2)) if status == "Warning" else 0,
            "errors": (1 + draws.next(2)) if status == "Error" else 0,
            "blocks": [draws.hex(33) for _ in range(2)], "puts": 1 + draws.next(3),
        }


DAYS = {}


def day_text(seconds):
    """YYYY-MM-DD of a Unix time and the seconds into that day (dates cached: strftime is slow)."""
    day, second = divmod(seconds, 86_400)
    text = DAYS.get(day)
    if text is None:
        text = DAYS[day] = datetime.datetime.fromtimestamp(day * 86_400, datetime.timezone.utc).strftime("%Y-%m-%d")
    return text, second


def clock_text(seconds, separator):
    """YYYY-MM-DD<separator>HH:MM:SS of a Unix time, in UTC."""
    day, second = day_text(seconds)
    return "%s%s%02d:%02d:%02d" % (day, separator, second // 3600, second // 60 % 60, second % 60)


def utc_text(ms, fraction):
    """Duplicati's UTC form with 7 fractional digits: 2025-07-14T02:00:00.1234567Z."""
    return clock_text(ms // 1000, "T") + ".%03d%04dZ" % (ms % 1000, fraction)


def duration_text(seconds, fraction):
    return "%02d:%02d:%02d.%07d" % (seconds // 3600, seconds // 60 % 60, seconds % 60, fraction * 997)


def log_lines(run):
    """About 20 lines as Duplicati logs them, in the server's local time."""
    offset = run["server"]["offset"]
    start = run["begin"] // 1000 + offset * 3600
    zone = "%+03d" % offset
    lines = []

    def line(at, level, source, text):
        lines.append("%s %s - [%s-%s]: %s" % (clock_text(start + at, " "), zone, level, source, text))

    event = MAIN + ".BasicResults-BackendEvent"
    line(0, "Information", MAIN + ".Controller-StartingOperation", "The operation Backup has started")
    line(3, "Information", event, "Backend event: List - Started:  ()")
    line(3, "Information", event, "Backend event: List - Completed:  (%d bytes)" % (8 + run["versions"]))
    for k in range(run["warnings"]):
        line(5 + k, "Warning", MAIN + ".Operation.Backup.FileBlockProcessor.FileEntry-PathProcessingFailed",
             "Failed to process path: /home/%s/%s/locked-%d.db" % (run["job"].lower(), run["jobId"], k))
    duration = run["duration"]
    for k in range(run["puts"]):
        block = run["blocks"][k % 2]
        megabytes = 49.97 if k + 1 < run["puts"] else 1 + run["uploaded"] % 4_800 / 100
        for phase in ("Started", "Completed"):
            line(duration * (k + 1) // (run["puts"] + 3), "Information", event,
                 "Backend event: Put - %s: duplicati-b%s.dblock.zip.aes (%.2f MB)" % (phase, block, megabytes))
            line(duration * (k + 1) // (run["puts"] + 3), "Information", event,
                 "Backend event: Put - %s: duplicati-i%s.dindex.zip.aes (%d.%02d KB)" % (
                     phase, block[::-1], 20 + run["added"], run["modified"]))
    stamp = utc_text(run["begin"], 0)[:19].replace("-", "").replace(":", "")
    line(duration - 8, "Information", event, "Backend event: Put - Completed: duplicati-%sZ.dlist.zip.aes (2.78 MB)" % stamp)
    retention = MAIN + ".Operation.DeleteHandler:RetentionPolicy"
    line(duration - 6, "Information", retention + "-StartCheck", "Start checking if backups can be removed")
    line(duration - 6, "Information", retention + "-FramesAndIntervals",
         "Time frames and intervals pairs: 7.00:00:00 / 1.00:00:00, 28.00:00:00 / 7.00:00:00, 365.00:00:00 / 31.00:00:00")
    line(duration - 6, "Information", retention + "-AllBackupsToDelete", "All backups to delete: ")
    line(duration - 6, "Information", MAIN + ".Operation.DeleteHandler-DeleteResults", "No remote filesets were deleted")
    line(duration - 4, "Information", event, "Backend event: Get - Started: duplicati-b%s.dblock.zip.aes (49.97 MB)" % run["blocks"][0])
    line(duration - 3, "Information", event, "Backend event: Get - Completed: duplicati-b%s.dblock.zip.aes (49.97 MB)" % run["blocks"][0])
    for k in range(run["errors"]):
        line(duration - 1, "Error", MAIN + ".Operation.TestHandler-FailedToProcessFile",
             "Failed to process file duplicati-b%s.dblock.zip.aes" % run["blocks"][k % 2])
    verdict = "Verified 3 remote files with %d problem(s)" % run["errors"] if run["errors"] else "Successfully verified 3 remote files"
    line(duration, "Error" if run["errors"] else "Information", MAIN + ".Operation.TestHandler-Test results", verdict)
    return lines


def backend_statistics(run, begin_text, messages):
    known = run["size"] * 2 // 3
    return {"RemoteCalls": 4 + 2 * run["puts"], "BytesUploaded": run["uploaded"], "BytesDownloaded": 52_400_000,
            "FilesUploaded": 2 * run["puts"] + 1, "FilesDownloaded": 1, "FilesDeleted": 0, "FoldersCreated": 0,
            "RetryAttempts": 0, "UnknownFileSize": 0, "UnknownFileCount": 0, "KnownFileCount": 3 * run["versions"],
            "KnownFileSize": known, "LastBackupDate": begin_text[:19] + "+00:00", "BackupListCount": run["versions"],
            "TotalQuotaSpace": 3_998_614_552_576, "FreeQuotaSpace": 1_874_339_762_176, "AssignedQuotaSpace": -1,
            "ReportedQuotaError": False, "ReportedQuotaWarning": False, "MainOperation": "Backup",
            "ParsedResult": "Success", "Interrupted": False, "Version": run["version"], "EndTime": "0001-01-01T00:00:00",
            "BeginTime": begin_text, "Duration": "00:00:00", "MessagesActualLength": messages,
            "WarningsActualLength": 0, "ErrorsActualLength": 0}


def report(run):
    """The JSON report Duplicati posts for `run`, as a dict."""
    begin = utc_text(run["begin"], run["fraction"])
    end = utc_text(run["begin"] + run["duration"] * 1000 + run["fraction"] % 1000, run["fraction"])
    lines = log_lines(run)
    stats = backend_statistics(run, begin, len(lines))
    status, version = run["status"], run["version"]
    partial = {"ParsedResult": "Success", "Interrupted": False, "Version": version, "EndTime": end,
               "BeginTime": begin, "Duration": "00:00:00.2345678", "MessagesActualLength": 0,
               "WarningsActualLength": 0, "ErrorsActualLength": 0, "BackendStatistics": stats}
    delete = {"DeletedSetsActualLength": 0, "DeletedSets": [], "Dryrun": False, "MainOperation": "Delete",
              "CompactResults": None, **partial}
    test = {"MainOperation": "Test", "VerificationsActualLength": 1,
            "Verifications": [{"Key": "duplicati-b%s.dblock.zip.aes" % run["blocks"][0], "Value": []}],
            **partial, "ParsedResult": "Error" if run["errors"] else "Success", "ErrorsActualLength": run["errors"]}
    data = {"DeletedFiles": run["deleted"], "DeletedFolders": 0, "ModifiedFiles": run["modified"],
            "ExaminedFiles": run["examined"], "OpenedFiles": run["added"] + run["modified"], "AddedFiles": run["added"],
            "SizeOfModifiedFiles": run["modified"] * 1_492_211, "SizeOfAddedFiles": run["added"] * 553_693,
            "SizeOfExaminedFiles": run["size"], "SizeOfOpenedFiles": (run["added"] + run["modified"]) * 1_021_487,
            "NotProcessedFiles": 0, "AddedFolders": run["added"] // 20, "TooLargeFiles": 0,
            "FilesWithError": run["warnings"], "ModifiedFolders": 0, "ModifiedSymlinks": 0, "AddedSymlinks": 0,
            "DeletedSymlinks": 0, "PartialBackup": False, "Dryrun": False, "MainOperation": "Backup",
            "CompactResults": None, "VacuumResults": None, "DeleteResults": delete, "RepairResults": None,
            "TestResults": test, "ParsedResult": status, "Interrupted": False, "Version": version, "EndTime": end,
            "BeginTime": begin, "Duration": duration_text(run["duration"], run["fraction"]),
            "MessagesActualLength": len(lines), "WarningsActualLength": run["warnings"],
            "ErrorsActualLength": run["errors"], "BackendStatistics": stats}
    extra = {"OperationName": "Backup", "machine-id": run["server"]["id"], "machine-name": run["server"]["name"],
             "backup-name": run["job"], "backup-id": run["jobId"]}
    return {"Data": data, "Extra": extra, "LogLines": lines, "Exception": None}


def body(run):
    """The bytes of `run`'s upload (compact JSON on one line, as Duplicati sends it)."""
    return json.dumps(report(run), separators=(",", ":"))


def default_end():
    """Today's midnight UTC: runs end today, and the whole day gives the same workload."""
    today = datetime.datetime.now(datetime.timezone.utc).date()
    return datetime.datetime(today.year, today.month, today.day, tzinfo=datetime.timezone.utc)


def parse_end(text):
    return datetime.datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc) if text else default_end()


def newest_files(work, preset):
    """The newest directory of `preset`'s workload files that bench.py finished writing under
    `work` (files-PRESET-DAY, holding a `complete` marker), or None."""
    found = sorted(glob.glob(os.path.join(work, "files-%s-*" % preset, "complete")))
    return os.path.dirname(found[-1]) if found else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("preset", choices=sorted(PRESETS))
    parser.add_argument("--end", help="last day of the history (default: today, UTC)")
    parser.add_argument("--sample", type=int, default=0, help="the run whose body to print")
    args = parser.parse_args()
    fleet = Fleet(PRESETS[args.preset], parse_end(args.end))
    print(body(fleet.run(args.sample)))


if __name__ == "__main__":
    main()
