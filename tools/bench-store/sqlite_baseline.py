#!/usr/bin/env python3
"""SQLite baseline for the bench-store benchmark: replays its JSON-lines records into the
duplistatus (Node) schema with the Node app's durability settings (WAL, synchronous=FULL, one
transaction per upload). Progress goes to stderr; the last stdout line is one JSON object."""
import argparse, json, os, resource, sqlite3, sys, threading, time

# Copied from duplistatus backups_0.8.21.schema (servers, backups + all indexes); embedded
# rather than read at run time because CI does not have the sample directory.
DDL = """
CREATE TABLE servers (id TEXT PRIMARY KEY, name TEXT NOT NULL, server_url TEXT DEFAULT '',
  alias TEXT DEFAULT '', note TEXT DEFAULT '', server_password TEXT DEFAULT '',
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE backups (id TEXT PRIMARY KEY, server_id TEXT NOT NULL, backup_name TEXT NOT NULL,
  backup_id TEXT NOT NULL, date DATETIME NOT NULL, status TEXT NOT NULL, duration_seconds INTEGER NOT NULL,
  size INTEGER NOT NULL DEFAULT 0, uploaded_size INTEGER NOT NULL DEFAULT 0, examined_files INTEGER NOT NULL DEFAULT 0,
  warnings INTEGER NOT NULL DEFAULT 0, errors INTEGER NOT NULL DEFAULT 0, created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
  messages_array TEXT DEFAULT '[]', warnings_array TEXT DEFAULT '[]', errors_array TEXT DEFAULT '[]',
  available_backups TEXT DEFAULT '[]', deleted_files INTEGER NOT NULL DEFAULT 0,
  deleted_folders INTEGER NOT NULL DEFAULT 0, modified_files INTEGER NOT NULL DEFAULT 0,
  opened_files INTEGER NOT NULL DEFAULT 0, added_files INTEGER NOT NULL DEFAULT 0,
  size_of_modified_files INTEGER NOT NULL DEFAULT 0, size_of_added_files INTEGER NOT NULL DEFAULT 0,
  size_of_examined_files INTEGER NOT NULL DEFAULT 0, size_of_opened_files INTEGER NOT NULL DEFAULT 0,
  not_processed_files INTEGER NOT NULL DEFAULT 0, added_folders INTEGER NOT NULL DEFAULT 0,
  too_large_files INTEGER NOT NULL DEFAULT 0, files_with_error INTEGER NOT NULL DEFAULT 0,
  modified_folders INTEGER NOT NULL DEFAULT 0, modified_symlinks INTEGER NOT NULL DEFAULT 0,
  added_symlinks INTEGER NOT NULL DEFAULT 0, deleted_symlinks INTEGER NOT NULL DEFAULT 0,
  partial_backup BOOLEAN NOT NULL DEFAULT 0, dryrun BOOLEAN NOT NULL DEFAULT 0, main_operation TEXT NOT NULL,
  parsed_result TEXT NOT NULL, interrupted BOOLEAN NOT NULL DEFAULT 0, version TEXT,
  begin_time DATETIME NOT NULL, end_time DATETIME NOT NULL, warnings_actual_length INTEGER NOT NULL DEFAULT 0,
  errors_actual_length INTEGER NOT NULL DEFAULT 0, messages_actual_length INTEGER NOT NULL DEFAULT 0,
  bytes_downloaded INTEGER NOT NULL DEFAULT 0, known_file_size INTEGER NOT NULL DEFAULT 0,
  last_backup_date DATETIME, backup_list_count INTEGER NOT NULL DEFAULT 0,
  reported_quota_error BOOLEAN NOT NULL DEFAULT 0, reported_quota_warning BOOLEAN NOT NULL DEFAULT 0,
  backend_main_operation TEXT, backend_parsed_result TEXT, backend_interrupted BOOLEAN NOT NULL DEFAULT 0,
  backend_version TEXT, backend_begin_time DATETIME, backend_duration TEXT,
  backend_warnings_actual_length INTEGER NOT NULL DEFAULT 0, backend_errors_actual_length INTEGER NOT NULL DEFAULT 0,
  FOREIGN KEY (server_id) REFERENCES servers(id));
CREATE INDEX idx_backups_server_id ON backups(server_id);
CREATE INDEX idx_backups_date ON backups(date);
CREATE INDEX idx_backups_begin_time ON backups(begin_time);
CREATE INDEX idx_backups_end_time ON backups(end_time);
CREATE INDEX idx_backups_backup_id ON backups(backup_id);
"""
BACKUP_COLS = ("id server_id backup_name backup_id date status duration_seconds size uploaded_size "
               "examined_files size_of_examined_files warnings errors messages_array main_operation "
               "parsed_result begin_time end_time warnings_actual_length errors_actual_length "
               "messages_actual_length known_file_size backup_list_count").split()
INSERT_BACKUP = "INSERT INTO backups (%s) VALUES (%s)" % (", ".join(BACKUP_COLS), ", ".join("?" * len(BACKUP_COLS)))
INSERT_SERVER = "INSERT OR IGNORE INTO servers (id, name) VALUES (?, ?)"
# Overview page: latest run per (server, backup) plus its run count. Explicit columns so
# the ~2 KB messages_array is not dragged through the window sort.
DASHBOARD_SQL = """
SELECT s.name, b.backup_name, b.date, b.status, b.size, b.uploaded_size, b.duration_seconds, b.runs
FROM (SELECT server_id, backup_name, date, status, size, uploaded_size, duration_seconds,
             ROW_NUMBER() OVER w AS rn, COUNT(*) OVER (PARTITION BY server_id, backup_name) AS runs
      FROM backups WINDOW w AS (PARTITION BY server_id, backup_name ORDER BY date DESC)) b
JOIN servers s ON s.id = b.server_id WHERE b.rn = 1 ORDER BY s.name, b.backup_name"""
SUMMARY_SQL = """
SELECT COUNT(DISTINCT server_id), COUNT(*), SUM(size), SUM(uploaded_size),
       SUM(status <> 'Success'), SUM(warnings), SUM(errors) FROM backups"""
BUSY_TIMEOUT_MS = 600_000  # writers queue on the WAL write lock; they must wait, never fail


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def iso_ms(ms):
    # Same shape as JS Date.toISOString(), which is what duplistatus stores.
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + ".%03dZ" % (ms % 1000)


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


def connect(path):
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=False)
    conn.execute("PRAGMA busy_timeout=%d" % BUSY_TIMEOUT_MS)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")  # per-connection setting, so every writer sets it
    return conn


def remove_db(path):
    for p in (path, path + "-wal", path + "-shm"):
        if os.path.exists(p):
            os.remove(p)


def pct(sorted_vals, p):
    n = len(sorted_vals)  # nearest-rank percentile
    return sorted_vals[max(0, (p * n + 99) // 100 - 1)] if n else 0.0


def run_level(path, records, conc):
    remove_db(path)
    setup = connect(path)
    setup.executescript(DDL)
    setup.close()
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
    db_bytes = sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
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
