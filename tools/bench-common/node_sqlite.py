"""The Node duplistatus' SQLite database, for the benchmarks' baseline.

The Node app keeps its runs in SQLite; `tools/bench-store/sqlite_baseline.py` and
`tools/bench-e2e` both replay runs into its schema with its durability settings (WAL,
synchronous=FULL, one transaction per upload). Standard library only.
"""
import os
import sqlite3
import time

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
BUSY_TIMEOUT_MS = 600_000  # writers queue on the WAL write lock; they must wait, never fail
INSERT_SERVER = "INSERT OR IGNORE INTO servers (id, name) VALUES (?, ?)"
# Overview page: latest run per (server, backup) plus its run count. Explicit columns so
# the ~2 KB messages_array is not dragged through the window sort.
DASHBOARD_SQL = """
SELECT s.name, b.backup_name, b.date, b.status, b.size, b.uploaded_size, b.duration_seconds, b.runs
FROM (SELECT server_id, backup_name, date, status, size, uploaded_size, duration_seconds,
             ROW_NUMBER() OVER w AS rn, COUNT(*) OVER (PARTITION BY server_id, backup_name) AS runs
      FROM backups WINDOW w AS (PARTITION BY server_id, backup_name ORDER BY date DESC)) b
JOIN servers s ON s.id = b.server_id WHERE b.rn = 1 ORDER BY s.name, b.backup_name"""


def insert_backup_sql(columns):
    """The INSERT of a `backups` row with these columns, as positional parameters."""
    return "INSERT INTO backups (%s) VALUES (%s)" % (", ".join(columns), ", ".join("?" * len(columns)))


def iso_ms(ms):
    """Milliseconds since the epoch as JS Date.toISOString() prints them, which is what duplistatus stores."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + ".%03dZ" % (ms % 1000)


def connect(path):
    """A connection with the Node app's settings: WAL, synchronous=FULL, autocommit, a long busy wait."""
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout=%d" % BUSY_TIMEOUT_MS)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")  # per-connection setting, so every writer sets it
    return conn


def create(path):
    """A new, empty database at `path` with the Node schema (an older one is removed)."""
    remove_db(path)
    setup = connect(path)
    setup.executescript(DDL)
    setup.close()


def remove_db(path):
    for p in (path, path + "-wal", path + "-shm"):
        if os.path.exists(p):
            os.remove(p)


def db_bytes(path):
    """The database's size on disk: the file and its write-ahead log."""
    return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))


def pct(sorted_vals, p):
    """Nearest-rank percentile `p` (0-100) of an ascending list; 0.0 when empty."""
    n = len(sorted_vals)
    return sorted_vals[max(0, (p * n + 99) // 100 - 1)] if n else 0.0
