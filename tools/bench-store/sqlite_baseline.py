#!/usr/bin/env python3
"""SQLite baseline for the bench-store benchmark: replays its JSON-lines records into the
duplistatus (Node) schema with the Node app's durability settings (WAL, synchronous=FULL, one
transaction per upload). Progress goes to stderr; the last stdout line is one JSON object."""
import argparse, json, os, resource, sqlite3, sys, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench-common"))
from node_sqlite import DASHBOARD_SQL, INSERT_SERVER, connect, create, db_bytes as file_bytes, insert_backup_sql, iso_ms, pct, remove_db  # noqa: E402

BACKUP_COLS = ("id server_id backup_name backup_id date status duration_seconds size uploaded_size "
               "examined_files size_of_examined_files warnings errors messages_array main_operation "
               "parsed_result begin_time end_time warnings_actual_length errors_actual_length "
               "messages_actual_length known_file_size backup_list_count").split()
INSERT_BACKUP = insert_backup_sql(BACKUP_COLS)
SUMMARY_SQL = """
SELECT COUNT(DISTINCT server_id), COUNT(*), SUM(size), SUM(uploaded_size),
       SUM(status <> 'Success'), SUM(warnings), SUM(errors) FROM backups"""


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def to_params(r):
    end = iso_ms(r["endTime"])
    backup = (r["key"], r["serverId"], r["backupName"], r["backupName"], end, r["status"],
              int(round(r["durationSeconds"])), r["fileSize"], r["uploadedSize"], r["fileCount"],
              r["fileSize"], r["warnings"], r["errors"], r["body"], "Backup", r["status"],
              iso_ms(r["beginTime"]), end, r["warnings"], r["errors"], r["messages"],
              r["storageSize"], r["versions"])
    return (r["serverId"], r["serverName"]), backup


def load(path, limit):
    # Parse up front so JSON decoding is not counted as insert time.
    out = []
    with open(path) as f:
        for line in f:
            if line.strip():
                out.append(to_params(json.loads(line)))
                if limit and len(out) >= limit:
                    break
    return out


def run_level(path, records, conc):
    create(path)
    it, lock, errors = iter(records), threading.Lock(), []
    lat = [[] for _ in range(conc)]
    conns = [None] * conc
    start = threading.Barrier(conc + 1)  # connection setup is not part of the timed window

    def worker(i):
        conn = conns[i] = connect(path)
        start.wait()
        try:
            while True:
                with lock:
                    rec = next(it, None)
                if rec is None:
                    return
                t = time.perf_counter()  # includes busy-wait for the write lock: what a client sees
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(INSERT_SERVER, rec[0])
                conn.execute(INSERT_BACKUP, rec[1])
                conn.execute("COMMIT")
                lat[i].append((time.perf_counter() - t) * 1000)
        except Exception as e:  # surface in main thread rather than silently under-counting
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(conc)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    secs = time.perf_counter() - t0
    for conn in conns:
        conn.close()  # last close checkpoints the WAL; deliberately outside the timed window
    if errors:
        raise errors[0]
    check = sqlite3.connect(path)
    n = check.execute("SELECT COUNT(*) FROM backups").fetchone()[0]
    check.close()
    if n != len(records):
        raise RuntimeError("expected %d rows, found %d" % (len(records), n))
    all_lat = sorted(x for l in lat for x in l)
    return {"concurrency": conc, "records": n, "seconds": round(secs, 4),
            "per_second": round(n / secs, 1) if secs else 0.0,
            "p50_ms": round(pct(all_lat, 50), 3), "p99_ms": round(pct(all_lat, 99), 3)}


def measure_open(path):
    # open_s = what a restarted server pays before its first dashboard render.
    t0 = time.perf_counter()
    conn = connect(path)
    t1 = time.perf_counter(); rows = conn.execute(DASHBOARD_SQL).fetchall()
    t2 = time.perf_counter(); conn.execute(SUMMARY_SQL).fetchone()
    t3 = time.perf_counter()
    conn.close()
    return {"open_s": round(t3 - t0, 4), "dashboard_query_ms": round((t2 - t1) * 1000, 3),
            "summary_query_ms": round((t3 - t2) * 1000, 3)}, len(rows)


def benchmark(records_path, workdir, levels, limit):
    os.makedirs(workdir, exist_ok=True)
    records = load(records_path, limit)
    log("sqlite %s: %d records, concurrency %s" % (sqlite3.sqlite_version, len(records), levels))
    results, biggest = [], max(levels)
    for conc in levels:
        path = os.path.join(workdir, "sqlite_baseline_c%d.db" % conc)
        res = run_level(path, records, conc)
        results.append(res)
        log("  c=%-3d %6d rec %8.3fs %9.1f rec/s  p50 %.2f ms  p99 %.2f ms" % (
            conc, res["records"], res["seconds"], res["per_second"], res["p50_ms"], res["p99_ms"]))
        if conc != biggest:
            remove_db(path)  # only the largest run's file is kept for the open/query step
    path = os.path.join(workdir, "sqlite_baseline_c%d.db" % biggest)
    opened, groups = measure_open(path)
    db_bytes = file_bytes(path)
    # ru_maxrss is KB on Linux but bytes on macOS.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_mb = rss / (1024 * 1024) if os.uname().sysname == "Darwin" else rss / 1024
    log("  open %.4fs (dashboard %.2f ms, %d groups; summary %.2f ms)  db %d bytes  rss %.1f MB" % (
        opened["open_s"], opened["dashboard_query_ms"], groups, opened["summary_query_ms"], db_bytes, rss_mb))
    return {"sqlite_version": sqlite3.sqlite_version, "levels": results, **opened,
            "db_bytes": db_bytes, "peak_rss_mb": round(rss_mb, 1)}


def self_test():
    tmp = os.path.join(os.environ.get("TMPDIR", "/tmp"), "sqlite_baseline_selftest_%d" % os.getpid())
    os.makedirs(tmp)
    rec_path = os.path.join(tmp, "records.jsonl")
    statuses = ("Success", "Success", "Success", "Warning", "Error", "Fatal")
    with open(rec_path, "w") as f:
        for i in range(300):  # deterministic so runs are comparable; 6 servers x 5 backups
            r = {"key": "k%05d" % i, "serverId": "srv%d" % (i % 6), "serverName": "Server %d" % (i % 6),
                 "backupName": "job%d" % (i % 5), "beginTime": 1_700_000_000_000 + i * 60_000,
                 "endTime": 1_700_000_030_000 + i * 60_000, "status": statuses[i % 6],
                 "fileCount": 100 + i, "fileSize": 10_000 * i, "uploadedSize": 1_000 * i,
                 "storageSize": 5_000 * i, "durationSeconds": 30.5, "versions": i % 10,
                 "warnings": i % 3, "errors": i % 2, "messages": 4}
            r["body"] = json.dumps(dict(r, log=["line %d" % j for j in range(4)]))
            f.write(json.dumps(r) + "\n")
    try:
        return benchmark(rec_path, tmp, [1, 4], None)
    finally:
        for name in os.listdir(tmp):
            os.remove(os.path.join(tmp, name))
        os.rmdir(tmp)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split(":")[0])
    ap.add_argument("--records", help="JSON-lines file of benchmark records")
    ap.add_argument("--workdir", help="directory for the database files")
    ap.add_argument("--concurrency", default="1,16,64", help="comma-separated writer counts")
    ap.add_argument("--limit-per-level", type=int, default=None, help="records per level (default all)")
    ap.add_argument("--self-test", action="store_true", help="300 fake records at concurrency 1,4")
    a = ap.parse_args()
    if a.self_test:
        out = self_test()
    else:
        if not (a.records and a.workdir):
            ap.error("--records and --workdir are required (or use --self-test)")
        levels = [int(x) for x in a.concurrency.split(",") if x.strip()]
        out = benchmark(a.records, a.workdir, levels, a.limit_per_level)
    print(json.dumps(out, separators=(",", ":")), flush=True)


if __name__ == "__main__":
    main()
