"""The SQLite side of the end-to-end benchmark: the same runs as the Node duplistatus stores
them (its schema, WAL, synchronous=FULL, one transaction per upload), and the questions its
endpoints ask, written as the Node app asks them (../shared/spec/compat-duplistatus.md).
"""
import json
import os
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench-common"))
from node_sqlite import (  # noqa: E402
    DASHBOARD_SQL, INSERT_SERVER, connect, create, db_bytes, insert_backup_sql, pct, remove_db)

# Every column the Node app's upload fills from a Duplicati report (duplicati-report.md §11).
COLUMNS = """id server_id backup_name backup_id date status duration_seconds size uploaded_size examined_files
warnings errors messages_array warnings_array errors_array available_backups deleted_files deleted_folders
modified_files opened_files added_files size_of_modified_files size_of_added_files size_of_examined_files
size_of_opened_files not_processed_files added_folders too_large_files files_with_error modified_folders
modified_symlinks added_symlinks deleted_symlinks partial_backup dryrun main_operation parsed_result interrupted
version begin_time end_time warnings_actual_length errors_actual_length messages_actual_length bytes_downloaded
known_file_size last_backup_date backup_list_count reported_quota_error reported_quota_warning
backend_main_operation backend_parsed_result backend_interrupted backend_version backend_begin_time
backend_duration backend_warnings_actual_length backend_errors_actual_length""".split()
INSERT_BACKUP = insert_backup_sql(COLUMNS)


def iso(duplicati_time):
    """Duplicati's 7-digit UTC time as JS toISOString() prints it (milliseconds)."""
    return duplicati_time[:23] + "Z"


def seconds(duration):
    hours, minutes, rest = duration.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def row(index, report):
    """The `servers` and `backups` rows the Node app inserts for one report."""
    data, extra, stats = report["Data"], report["Extra"], report["Data"]["BackendStatistics"]
    backup = (
        str(uuid.UUID(int=index + 1, version=4)), extra["machine-id"], extra["backup-name"], extra["backup-id"],
        iso(data["BeginTime"]), data["ParsedResult"], seconds(data["Duration"]), data["SizeOfExaminedFiles"],
        stats["BytesUploaded"], data["ExaminedFiles"], data["WarningsActualLength"], data["ErrorsActualLength"],
        json.dumps(report["LogLines"]), None, None, "[]", data["DeletedFiles"], data["DeletedFolders"],
        data["ModifiedFiles"], data["OpenedFiles"], data["AddedFiles"], data["SizeOfModifiedFiles"],
        data["SizeOfAddedFiles"], data["SizeOfExaminedFiles"], data["SizeOfOpenedFiles"], data["NotProcessedFiles"],
        data["AddedFolders"], data["TooLargeFiles"], data["FilesWithError"], data["ModifiedFolders"],
        data["ModifiedSymlinks"], data["AddedSymlinks"], data["DeletedSymlinks"], data["PartialBackup"],
        data["Dryrun"], data["MainOperation"], data["ParsedResult"], data["Interrupted"], data["Version"],
        iso(data["BeginTime"]), iso(data["EndTime"]), data["WarningsActualLength"], data["ErrorsActualLength"],
        data["MessagesActualLength"], stats["BytesDownloaded"], stats["KnownFileSize"], stats["LastBackupDate"],
        stats["BackupListCount"], stats["ReportedQuotaError"], stats["ReportedQuotaWarning"], stats["MainOperation"],
        stats["ParsedResult"], stats["Interrupted"], stats["Version"], iso(stats["BeginTime"]), stats["Duration"],
        stats["WarningsActualLength"], stats["ErrorsActualLength"])
    return [[extra["machine-id"], extra["machine-name"]], list(backup)]


def read_rows(path, start, count):
    """`count` rows of a rows file from row `start` on, decoded (so decoding is not timed)."""
    rows = []
    with open(path) as lines:
        for number, line in enumerate(lines):
            if number >= start + count:
                break
            if number >= start:
                rows.append(json.loads(line))
    return rows


def insert_per_upload(path, rows, writers):
    """Inserts `rows` by `writers` threads, each row in its own transaction; rows/s and latencies."""
    work, lock, errors = iter(rows), threading.Lock(), []
    latencies = [[] for _ in range(writers)]
    conns = [connect(path) for _ in range(writers)]
    gate = threading.Barrier(writers + 1)

    def writer(k):
        conn = conns[k]
        gate.wait()
        try:
            while True:
                with lock:
                    item = next(work, None)
                if item is None:
                    return
                started = time.perf_counter()
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(INSERT_SERVER, item[0])
                conn.execute(INSERT_BACKUP, item[1])
                conn.execute("COMMIT")
                latencies[k].append((time.perf_counter() - started) * 1000)
        except Exception as error:  # surfaced below rather than silently under-counting
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(writers)]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    for conn in conns:
        conn.close()
    if errors:
        raise errors[0]
    ordered = sorted(x for each in latencies for x in each)
    return {"writers": writers, "uploads": len(rows), "seconds": round(elapsed, 3),
            "per_second": round(len(rows) / elapsed, 1) if elapsed else 0.0,
            "p50_ms": round(pct(ordered, 50), 3), "p99_ms": round(pct(ordered, 99), 3)}


def insert_batched(path, rows_path, start):
    """Loads the rows from `start` on in transactions of 1,000 (untimed filler, stated as such)."""
    conn = connect(path)
    batch = []
    with open(rows_path) as lines:
        for number, line in enumerate(lines):
            if number < start:
                continue
            batch.append(json.loads(line))
            if len(batch) == 1_000:
                write_batch(conn, batch)
                batch = []
    write_batch(conn, batch)
    conn.close()


def write_batch(conn, batch):
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(INSERT_SERVER, [item[0] for item in batch])
    conn.executemany(INSERT_BACKUP, [item[1] for item in batch])
    conn.execute("COMMIT")


def load(path, rows_path, windows):
    """The database of the workload: window 1 by one writer, window 2 by 16, the rest batched."""
    create(path)
    first = insert_per_upload(path, read_rows(rows_path, 0, windows["c1"]), 1)
    second = insert_per_upload(path, read_rows(rows_path, windows["c1"], windows["c16Sqlite"]), 16)
    insert_batched(path, rows_path, windows["c1"] + windows["c16Sqlite"])
    return {"c1": first, "c16": second, "bytes": db_bytes(path)}


# The questions behind the Node app's endpoints (compat-duplistatus.md §1, §5 and its pages).
SUMMARY = [
    "SELECT COUNT(*) FROM servers",
    "SELECT COUNT(*), COUNT(DISTINCT server_id || ':' || backup_name), COALESCE(SUM(uploaded_size), 0) FROM backups",
    # storage used and backed-up size: the run(s) at each server's latest date
    """SELECT COALESCE(SUM(b.known_file_size), 0), COALESCE(SUM(b.size), 0) FROM backups b
       JOIN (SELECT server_id, MAX(date) AS latest FROM backups GROUP BY server_id) m
         ON b.server_id = m.server_id AND b.date = m.latest""",
    "SELECT MAX(date) FROM backups",
    # the overdue check walks every job's latest run
    "SELECT server_id, backup_name, MAX(date) FROM backups GROUP BY server_id, backup_name",
]
HISTORY_PAGE = ["SELECT * FROM backups WHERE server_id = :server ORDER BY date DESC LIMIT 50 OFFSET 0",
                "SELECT COUNT(*) FROM backups WHERE server_id = :server"]
RUN = ["SELECT * FROM backups WHERE id = :run"]
CHART_FIELDS = ("SUM(uploaded_size), SUM(duration_seconds), SUM(examined_files), SUM(size), "
                "SUM(known_file_size), SUM(backup_list_count)")
# With a range the Node app answers one point per UTC day (day sums); the all-time pair with
# ours asks the same per day, and the Node app's own all-time answer is one point per run.
CHART_RANGE = ["SELECT substr(date, 1, 10) AS day, MIN(date), %s FROM backups WHERE date >= :start AND date <= :end "
               "GROUP BY day ORDER BY day" % CHART_FIELDS]
CHART_ALL_PER_DAY = ["SELECT substr(date, 1, 10) AS day, MIN(date), %s FROM backups GROUP BY day ORDER BY day"
                     % CHART_FIELDS]
CHART_ALL_PER_RUN = ["SELECT date, uploaded_size, duration_seconds, examined_files, size, known_file_size, "
                     "backup_list_count FROM backups ORDER BY date"]
QUESTIONS = {
    "summary": SUMMARY, "latest run per job": [DASHBOARD_SQL], "history page": HISTORY_PAGE, "run": RUN,
    "chart, one year": CHART_RANGE, "chart, all time (per day)": CHART_ALL_PER_DAY,
    "chart, all time (Node: per run)": CHART_ALL_PER_RUN,
}


def time_questions(path, parameters, samples, budget_seconds):
    """p50/p99 in ms of each question (all its statements, rows fetched) on a fresh connection."""
    conn = connect(path)
    results = {}
    for name, statements in QUESTIONS.items():
        def ask():
            for statement in statements:
                conn.execute(statement, parameters).fetchall()
        ask()
        times = []
        deadline = time.perf_counter() + budget_seconds
        while len(times) < samples and (len(times) < 10 or time.perf_counter() < deadline):
            started = time.perf_counter()
            ask()
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        results[name] = {"p50_ms": round(pct(times, 50), 3), "p99_ms": round(pct(times, 99), 3), "n": len(times)}
    conn.close()
    return results


def newest_run(path, server_id):
    """The id of the newest run of a server (for the run question)."""
    conn = connect(path)
    found = conn.execute("SELECT id FROM backups WHERE server_id = ? ORDER BY date DESC LIMIT 1", (server_id,)).fetchone()
    conn.close()
    return found[0]
