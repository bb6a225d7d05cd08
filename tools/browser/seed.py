#!/usr/bin/env python3
"""Fills a running duplistatus with real Duplicati report bodies for the browser suite.

Each sample report of ../shared/samples/duplicati-reports is sent as Duplicati sent it, then
again for each of the previous days with its times moved back one day at a time and a few
figures varied, so pages have history to page through and charts to draw. The 2.0.7.1 fixture
is sent under the name of an existing machine, which makes the pair the dashboard offers to merge.

Usage: seed.py BASE_URL SAMPLES_DIR FIXTURES_DIR DAYS   (standard library only; loopback only)
"""

import copy
import datetime
import json
import pathlib
import sys
import urllib.error
import urllib.request


def post(base, body, query=""):
    request = urllib.request.Request(base + "/api/upload" + query, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def shift(text, when):
    """The Duplicati timestamp `text` moved to the date and hour of `when`, minutes kept."""
    original = datetime.datetime.fromisoformat(text[:19])
    moved = when.replace(minute=original.minute, second=original.second)
    return moved.strftime("%Y-%m-%dT%H:%M:%S") + text[19:]


def variant(report, day, now):
    """The report as the run `day` days before today would have sent it."""
    copy_ = copy.deepcopy(report)
    data = copy_["Data"]
    begin = datetime.datetime.fromisoformat(data["BeginTime"][:19])
    end = datetime.datetime.fromisoformat(data["EndTime"][:19])
    when = (now - datetime.timedelta(days=day)).replace(hour=begin.hour)
    if when + (end - begin) > now:
        when -= datetime.timedelta(days=1)
    data["BeginTime"] = shift(data["BeginTime"], when)
    data["EndTime"] = shift(data["EndTime"], when + (end - begin))
    factor = 1 + ((day * 37) % 11) / 20
    for key in ("SizeOfExaminedFiles", "ExaminedFiles", "SizeOfAddedFiles"):
        if isinstance(data.get(key), int):
            data[key] = int(data[key] * (2 - factor / 2 if key == "ExaminedFiles" else factor))
    backend = data.get("BackendStatistics")
    if isinstance(backend, dict) and isinstance(backend.get("BytesUploaded"), int):
        backend["BytesUploaded"] = int(backend["BytesUploaded"] * factor)
    return copy_


def main():
    base, samples, fixtures, days = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]), int(sys.argv[4])
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    sent = 0
    for path in sorted(samples.glob("synthetic-*.json")) + sorted(samples.glob("real-trimmed-*.json")):
        report = json.loads(path.read_text())
        if not isinstance(report, dict) or not isinstance(report.get("Data"), dict) or "BeginTime" not in report["Data"]:
            continue
        query = "?serverName=office-nas" if "machine-name" not in report.get("Extra", {}) else ""
        status = post(base, path.read_bytes(), query)
        if status >= 400:
            sys.exit(f"seed: {path.name} answered {status}")
        # Success runs get a daily history; the others one recent run each, so statuses differ.
        history = days if "success" in path.name and "truncated" not in path.name else 1
        for day in range(history):
            status = post(base, json.dumps(variant(report, day + (0 if history > 1 else 2), now)).encode(), query)
            if status >= 400:
                sys.exit(f"seed: {path.name} day {day} answered {status}")
            sent += 1
    old = fixtures / "synthetic-backup-success-2.0.7.1-no-machine-id.json"
    if old.exists():
        post(base, old.read_bytes(), "?serverName=NAS-HOME&backupName=Documents")
        sent += 1
    # A machine that sends no machine-name and is not named in the URL: its card is titled by its
    # 32-character machine-id, the longest title a card gets.
    unnamed = json.loads((samples / "synthetic-backup-success-2.0.8.1-no-machine-name.json").read_text())
    unnamed["Extra"]["machine-id"] = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    status = post(base, json.dumps(variant(unnamed, 1, now)).encode())
    if status >= 400:
        sys.exit(f"seed: the unnamed machine's report answered {status}")
    sent += 1
    print(f"seed: sent {sent} reports")


if __name__ == "__main__":
    main()
