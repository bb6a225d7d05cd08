#!/usr/bin/env python3
"""End-to-end benchmark: the real duplistatus binary over HTTP against the Node app's SQLite.

One run does, on one deterministic workload (workload.py):
1. writes the report bodies (wrk input) and the Node rows once per preset and day, under WORK;
2. a server on an empty data directory with --fsync always: the first window uploaded by one
   connection, the rest by 16 (wrk); its memory; it is left to compress its closed logs, then
   stops (this server and the next keep no replaced files: --keep-replaced-minutes 0);
3. right after, the same runs into SQLite with the Node schema and settings (same windows);
4. the directory opened again: time until /api/health answers, RSS, then GET p50/p99 of the
   API and pages and GET /api/summary throughput; the directory's size;
5. a server on another empty directory with --fsync none: idle RSS of an empty store and CPU
   per upload of a window of uploads;
6. SQLite's questions timed;
and prints a table (and writes JSON) with each pair and its ratio. Before each timed phase it
records the load average and what an fdatasync costs, since other work on the machine moves both.

    python3 bench.py PRESET BINARY WORK [--json PATH]     (run.sh builds the binary and calls this)
"""
import argparse
import datetime
import json
import multiprocessing
import os
import platform
import re
import shutil
import subprocess
import time

import nodedb
import report
import workload
from server import BenchError, Server, get_rate, time_gets, upload


def windows_for(runs):
    """How many runs each measurement uses: the 1-connection window, SQLite's per-upload
    window at 16 writers (the rest is batch-loaded), and the --fsync none window."""
    c1 = max(1, min(runs // 5, 5_000))
    return {"c1": c1, "c16": runs - c1, "c16Sqlite": min(runs - c1, 100_000), "fsyncNone": min(runs - c1, 20_000)}


def generate(task):
    """Bodies (by file) and Node rows of runs [start, stop): one worker's share of `prepare`."""
    runs, end, start, stop, first_window = task
    fleet = workload.Fleet(runs, end)
    bodies, rows = {"c1-0": [], "c16-0": [], "c16-1": []}, []
    for index in range(start, stop):
        body = workload.report(fleet.run(index))
        target = "c1-0" if index < first_window else "c16-%d" % ((index - first_window) % 2)
        bodies[target].append(json.dumps(body, separators=(",", ":")) + "\n")
        rows.append(json.dumps(nodedb.row(index, body), separators=(",", ":")) + "\n")
    return {name: "".join(lines) for name, lines in bodies.items()}, "".join(rows)


def prepare(fleet, directory, windows):
    """Writes c1-0.jsonl (the first window), c16-0/1.jsonl (the rest, alternating) and rows.jsonl
    (the Node rows of every run), on every core, once: a finished directory is reused."""
    marker = os.path.join(directory, "complete")
    if os.path.exists(marker):
        return
    os.makedirs(directory, exist_ok=True)
    started = time.perf_counter()
    end = datetime.datetime.fromtimestamp(fleet.end, datetime.timezone.utc)
    step = 10_000
    tasks = [(fleet.runs, end, start, min(start + step, fleet.runs), windows["c1"])
             for start in range(0, fleet.runs, step)]
    files = {name: open(os.path.join(directory, name + ".jsonl"), "w") for name in ("c1-0", "c16-0", "c16-1", "rows")}
    with multiprocessing.Pool(os.cpu_count()) as pool:
        for done, (bodies, rows) in enumerate(pool.imap(generate, tasks), 1):  # in order: files stay in run order
            for name, text in bodies.items():
                files[name].write(text)
            files["rows"].write(rows)
            if done % 5 == 0:
                print("bench-e2e: generated %d runs, %.0f s" % (done * step, time.perf_counter() - started), flush=True)
    for handle in files.values():
        handle.close()
    with open(marker, "w") as handle:
        handle.write("%d runs\n" % fleet.runs)


def directory_bytes(path):
    return int(subprocess.run(["du", "-sb", path], capture_output=True, text=True, check=True).stdout.split()[0])


# The directory is measured as it stands once the hour a `cp -a` may take is over: plain copies of
# compressed logs and replaced snapshots gone (docs/performance.md, "Disk").
STEADY_STATE = ("--keep-replaced-minutes", "0")


def wait_compressed(data, limit=900):
    """Seconds until every closed log of `data` is compressed and its plain file deleted."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        names = os.listdir(data)
        plain = {int(n[4:-6]) for n in names if re.fullmatch(r"log-\d+\.jsonl", n)}
        compressed = {int(n[4:-9]) for n in names if re.fullmatch(r"log-\d+\.jsonl\.gz", n)}
        newest = max(plain | compressed, default=0)
        if not plain - {newest}:
            return round(time.perf_counter() - started, 1)
        time.sleep(1)
    raise BenchError("closed logs were not compressed within %d s" % limit)


def read_paths(server_id, run_id, year_start):
    """Our endpoints and pages; the key is what the SQLite question of the same name answers."""
    sid, rid = server_id, run_id
    return {
        "summary": "/api/summary",
        "latest run per job": "/api/dashboard",
        "history page": "/api/servers/%s/backups?page=1&pageSize=50" % sid,
        "run": "/api/backups/%s" % rid,
        "chart, one year": "/api/chart-data/aggregated?startDate=%s" % year_start,
        "chart, all time (per day)": "/api/chart-data/aggregated?startDate=2000-01-01T00:00:00Z",
        "page /": "/",
        "page /servers/<id>": "/servers/%s" % sid,
        "page run": "/servers/%s/runs/%s" % (sid, rid),
    }


def conditions(directory):
    """The machine's state before a timed phase: load average and the p50 of 200 small appends
    with fdatasync (the cost every durable acknowledgement pays), since other work on a shared
    machine moves both between phases."""
    path = os.path.join(directory, "fdatasync-probe")
    times = []
    with open(path, "wb") as probe:
        for _ in range(200):
            probe.write(b"x" * 200)
            probe.flush()
            started = time.perf_counter()
            os.fdatasync(probe.fileno())
            times.append((time.perf_counter() - started) * 1000)
    os.remove(path)
    times.sort()
    return {"load": [round(x, 2) for x in os.getloadavg()], "fdatasyncP50Ms": round(times[100], 3)}


def ingest(binary, work, files, fleet):
    """Step 2: uploads into an empty data directory, 1 connection then 16; memory after."""
    data = os.path.join(work, "data")
    shutil.rmtree(data, ignore_errors=True)
    result = {"ingestConditions": conditions(work)}
    server = Server(binary, data, "always", os.path.join(work, "server.log"), STEADY_STATE)
    try:
        result["c1"] = upload(server, os.path.join(files, "c1"), 1, 1)
        print("bench-e2e: 1 connection: %(uploads)d uploads, %(per_second).0f/s" % result["c1"], flush=True)
        result["c16"] = upload(server, os.path.join(files, "c16"), 2, 16)
        print("bench-e2e: 16 connections: %(uploads)d uploads, %(per_second).0f/s" % result["c16"], flush=True)
        result["rssAfterIngestMB"] = server.memory_mb("VmRSS")
        result["hwmIngestMB"] = server.memory_mb("VmHWM")
        summary = server.get_json("/api/summary")["data"]
        if summary["totalBackupRuns"] != fleet.runs:
            raise BenchError("the server holds %s runs, expected %d" % (summary["totalBackupRuns"], fleet.runs))
        result["compressionWaitSeconds"] = wait_compressed(data)
        print("bench-e2e: closed logs compressed %.1f s after the last upload" % result["compressionWaitSeconds"],
              flush=True)
    finally:
        server.stop()
    return result


def restart_and_read(binary, work, fleet, samples, budget):
    """Steps 3 and 4: the same directory opened again; start-up, memory, then the GETs."""
    data = os.path.join(work, "data")
    result = {}
    server = Server(binary, data, "always", os.path.join(work, "server-restart.log"), STEADY_STATE)
    try:
        result["restartSeconds"] = round(server.ready_seconds, 3)
        result["rssAfterRestartMB"] = server.memory_mb("VmRSS")
        server.wait_idle()
        result["idleRssMB"] = server.memory_mb("VmRSS")
        result["readConditions"] = conditions(work)
        server_id = fleet.servers[0]["id"]
        history = server.get_json("/api/servers/%s/backups?pageSize=1" % server_id)["data"]
        run_id = history["items"][0]["id"]
        year_start = (datetime.datetime.fromtimestamp(fleet.end, datetime.timezone.utc)
                      - datetime.timedelta(days=365)).strftime("%Y-%m-%dT%H:%M:%SZ")
        result["gets"] = {name: time_gets(server, path, samples, budget)
                          for name, path in read_paths(server_id, run_id, year_start).items()}
        result["summaryPerSecond"] = get_rate(server, "/api/summary", 5 if samples > 50 else 1)
        result["hwmAfterReadsMB"] = server.memory_mb("VmHWM")
    finally:
        server.stop()
    result["dataBytes"] = directory_bytes(data)
    # BENCH_E2E_KEEP=1 leaves the ingested store (as `data-kept`) for profiling a restart by hand.
    if os.environ.get("BENCH_E2E_KEEP") == "1":
        shutil.rmtree(data + "-kept", ignore_errors=True)
        os.rename(data, data + "-kept")
    else:
        shutil.rmtree(data)
    return {**result, "serverId": server_id, "runId": run_id, "yearStart": year_start}


def without_fsync(binary, work, files, windows):
    """Step 5: idle RSS of an empty store, then CPU per upload with --fsync none."""
    empty = os.path.join(work, "data-none")
    shutil.rmtree(empty, ignore_errors=True)
    result = {}
    server = Server(binary, empty, "none", os.path.join(work, "server-none.log"))
    try:
        time.sleep(2)
        server.wait_idle(quiet_seconds=2, limit=30)
        result["idleRssEmptyMB"] = server.memory_mb("VmRSS")
        result["c16None"] = upload(server, os.path.join(files, "c16"), 2, 16, windows["fsyncNone"] // 2)
    finally:
        server.stop()
    shutil.rmtree(empty)
    return result


def sqlite_load(work, files, windows):
    """Step 6, right after our ingest so both meet the machine in a similar state."""
    path = os.path.join(work, "node.db")
    result = {"conditions": conditions(work)}
    result.update(nodedb.load(path, os.path.join(files, "rows.jsonl"), windows))
    print("bench-e2e: SQLite loaded, %(bytes)d bytes" % result, flush=True)
    return result


def sqlite_questions(work, measured, samples, budget):
    """Step 6, the questions; the database is removed after."""
    path = os.path.join(work, "node.db")
    parameters = {"server": measured["serverId"], "run": nodedb.newest_run(path, measured["serverId"]),
                  "start": measured["yearStart"][:19] + ".000Z", "end": "9999-12-31"}
    questions = nodedb.time_questions(path, parameters, samples, budget)
    nodedb.remove_db(path)
    return questions


def cpu_model():
    with open("/proc/cpuinfo") as info:
        return next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "unknown")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("preset", choices=sorted(workload.PRESETS))
    parser.add_argument("binary")
    parser.add_argument("work", help="directory for workload files, data directories and logs")
    parser.add_argument("--end", help="last day of the history, YYYY-MM-DD (default: today, UTC)")
    parser.add_argument("--json", help="where to write the results (default WORK/result-PRESET.json)")
    parser.add_argument("--configuration", default="release")
    parser.add_argument("--prepare-only", action="store_true", help="only write the workload files")
    args = parser.parse_args()

    fleet = workload.Fleet(workload.PRESETS[args.preset], workload.parse_end(args.end))
    windows = windows_for(fleet.runs)
    smoke = args.preset == "smoke"
    samples, budget = (20, 2) if smoke else (200, 15)
    day = datetime.datetime.fromtimestamp(fleet.end, datetime.timezone.utc).strftime("%Y-%m-%d")
    files = os.path.join(args.work, "files-%s-%s" % (args.preset, day))
    os.makedirs(args.work, exist_ok=True)
    for name in os.listdir(args.work):  # another day's files: gigabytes at 1M, never used again
        if name.startswith("files-") and not name.endswith(day):
            shutil.rmtree(os.path.join(args.work, name))
    prepare(fleet, files, windows)
    if args.prepare_only:
        return

    load_before = os.getloadavg()
    started = time.perf_counter()
    measured = ingest(args.binary, args.work, files, fleet)
    baseline = sqlite_load(args.work, files, windows)
    measured.update(restart_and_read(args.binary, args.work, fleet, samples, budget))
    measured.update(without_fsync(args.binary, args.work, files, windows))
    baseline["questions"] = sqlite_questions(args.work, measured, samples, budget)
    results = {
        "preset": args.preset, "runs": fleet.runs, "jobs": len(fleet.jobs), "servers": len(fleet.servers),
        "end": day, "windows": windows, "configuration": args.configuration,
        "machine": {"cores": os.cpu_count(), "cpu": cpu_model(), "system": platform.platform(), "python": platform.python_version(),
                    "loadBefore": [round(x, 2) for x in load_before],
                    "loadAfter": [round(x, 2) for x in os.getloadavg()]},
        "seconds": round(time.perf_counter() - started, 1), "ours": measured, "sqlite": baseline,
    }
    path = args.json or os.path.join(args.work, "result-%s.json" % args.preset)
    with open(path, "w") as handle:
        json.dump(results, handle, indent=1)
    print(report.table(results))
    print("bench-e2e: results in %s" % path)


if __name__ == "__main__":
    try:
        main()
    except BenchError as error:
        raise SystemExit("bench-e2e: %s" % error)
