#!/usr/bin/env python3
"""Seeds a running duplistatus for the API fuzzer: every synthetic Duplicati fixture, plus a few
generic-format reports whose servers the examples of docs/openapi.yaml name (the DELETE and merge
examples must not destroy the servers the other examples read).

Usage: seed.py BASE_URL FIXTURE...   (standard library only; loopback traffic only)
"""

import json
import sys
import urllib.error
import urllib.request


def post(base, body):
    """POSTs one report to /api/upload; returns (status, parsed envelope or None)."""
    request = urllib.request.Request(
        base + "/api/upload",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read()
    try:
        return status, json.loads(text)
    except ValueError:
        return status, None


def generic(server_id, name, backup, begin, status="success", version=None):
    """A generic-format report (api.md §2) of one run."""
    report = {
        "server": {"name": name, "id": server_id},
        "backup": {
            "name": backup,
            "status": status,
            "startTime": begin + ":00Z",
            "endTime": begin + ":42Z",
            "duration": 42,
            "files": 10,
            "size": 2048,
            "storageUsed": 1024,
            "uploadedSize": 512,
            "versions": 2,
            "messages": [{"level": "info", "message": "seeded for the API fuzzer"}],
        },
    }
    if version:
        report["server"]["version"] = version
    return json.dumps(report).encode()


GENERIC = [
    # Targets of the DELETE and merge examples, so those examples destroy only these.
    generic("fuzz-delete-me", "fuzz-delete-me", "nightly", "2025-01-01T01:00"),
    generic("fuzz-merge-target", "fuzz-merge", "nightly", "2025-01-01T02:00"),
    generic("fuzz-merge-source", "fuzz-merge", "nightly", "2025-01-02T02:00", status="warning"),
    # No Duplicati job id or version: BackupRun's nullable fields are exercised.
    generic("fuzz-generic", "fuzz-generic", "scripted", "2025-01-03T03:00", status="error"),
]


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    base = argv[1].rstrip("/")
    bodies = [(path, open(path, "rb").read()) for path in argv[2:]]
    bodies += [("generic:%d" % index, body) for index, body in enumerate(GENERIC)]
    failures = 0
    for label, body in bodies:
        status, envelope = post(base, body)
        data = (envelope or {}).get("data") or {}
        outcome = data.get("backupId") or (envelope or {}).get("message") or "(no envelope)"
        print("seed %3d %s -> %s" % (status, label, outcome))
        # A fixture the server rejects on purpose still answers 4xx; only 5xx or no envelope is fatal.
        if status >= 500 or envelope is None:
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
