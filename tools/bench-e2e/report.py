"""The end-to-end benchmark's results as a Markdown table: each measure with its target
(../shared/spec/quality.md §1 and issue 12), our figure, SQLite's and the ratio ours ÷ SQLite.
"""

TARGETS = {
    "summary": "p50 ≤ 1 ms (quality.md: ≤ 5 ms, p99 ≤ 20 ms, ≥ 100× SQL)",
    "latest run per job": "`/api/dashboard` p50 ≤ 5 ms, p99 ≤ 20 ms, ≥ 100× SQL",
    "history page": "p50 ≤ 5 ms (50 rows)",
    "chart, one year": "p50 ≤ 20 ms, independent of runs",
    "chart, all time (per day)": "p50 ≤ 20 ms, independent of runs",
}


def number(value, digits=1):
    if value is None:
        return "—"
    if isinstance(value, (int, float)) and abs(value) >= 1000:
        return "{:,.0f}".format(value)
    return ("{:.%df}" % digits).format(value)


def ratio(ours, theirs):
    """ours ÷ theirs, with three significant digits when it is small (0.000714×)."""
    if not (ours and theirs):
        return "—"
    value = ours / theirs
    return ("%.2f×" if value >= 0.1 else "%.3g×") % value


def table(results):
    """The Markdown table of one run (see bench.py for what each figure is)."""
    ours, sqlite = results["ours"], results["sqlite"]
    rows = []

    def add(measure, target, mine, theirs="—", pair=None):
        rows.append("| %s | %s | %s | %s | %s |" % (measure, target, mine, theirs, ratio(*pair) if pair else "—"))

    for key, label, target in (("c1", "1 connection", "≥ SQLite"),
                               ("c16", "16 connections", "≥ 10,000/s and ≥ 10× SQLite")):
        mine, theirs = ours[key], sqlite[key]
        add("durable uploads/s, %s, `--fsync always`" % label, target,
            "%s/s (p50 %s ms, p99 %s ms; %s uploads)" % (number(mine["per_second"]), number(mine["p50_ms"], 2),
                                                         number(mine["p99_ms"], 2), number(mine["uploads"], 0)),
            "%s/s (p99 %s ms; %s uploads)" % (number(theirs["per_second"]), number(theirs["p99_ms"], 2),
                                             number(theirs["uploads"], 0)),
            (mine["per_second"], theirs["per_second"]))
    none = ours["c16None"]
    add("uploads/s, 16 connections, `--fsync none`", "—", "%s/s (%s uploads)" % (number(none["per_second"]),
                                                                               number(none["uploads"], 0)))
    add("server CPU per upload, `--fsync none`", "≤ 100 µs", "%s µs" % number(none["cpu_us_per_upload"]))
    add("server CPU per upload, `--fsync always`, 16 connections", "≤ 100 µs",
        "%s µs" % number(ours["c16"]["cpu_us_per_upload"]))
    for name, got in ours["gets"].items():
        theirs = sqlite["questions"].get(name)
        label = "`GET %s`" % name if name.startswith("page") else name
        add("%s p50 / p99 ms" % label, TARGETS.get(name, "—"),
            "%s / %s (%s B)" % (number(got["p50_ms"], 2), number(got["p99_ms"], 2), number(got["bytes"], 0)),
            "%s / %s" % (number(theirs["p50_ms"], 2), number(theirs["p99_ms"], 2)) if theirs else "—",
            (got["p50_ms"], theirs["p50_ms"]) if theirs else None)
    per_run = sqlite["questions"]["chart, all time (Node: per run)"]
    add("chart, all time, as the Node app answers it (a point per run)", "—", "—",
        "%s / %s" % (number(per_run["p50_ms"], 2), number(per_run["p99_ms"], 2)))
    add("`GET /api/summary` throughput (wrk, 16 connections)", "≥ 20,000 req/s", "%s req/s" % number(ours["summaryPerSecond"]))
    add("restart until `/api/health` answers", "≤ 3 s at 1M runs", "%s s" % number(ours["restartSeconds"], 2))
    add("RSS after restart", "≤ 256 MB at 1M runs", "%s MB" % number(ours["rssAfterRestartMB"]))
    add("RSS after ingest (high-water mark)", "≤ 256 MB",
        "%s MB (%s MB)" % (number(ours["rssAfterIngestMB"]), number(ours["hwmIngestMB"])))
    add("idle RSS after restart (high-water mark after the GETs)", "—",
        "%s MB (%s MB)" % (number(ours["idleRssMB"]), number(ours["hwmAfterReadsMB"])))
    add("idle RSS, empty store", "≤ 30 MB", "%s MB" % number(ours["idleRssEmptyMB"]))
    add("data directory / SQLite file", "≤ SQLite",
        "%s MB (%s B a run)" % (number(ours["dataBytes"] / 1e6), number(ours["dataBytes"] / results["runs"], 0)),
        "%s MB (%s B a run)" % (number(sqlite["bytes"] / 1e6), number(sqlite["bytes"] / results["runs"], 0)),
        (ours["dataBytes"], sqlite["bytes"]))
    machine = results["machine"]
    head = ("%s runs (%d servers, %d jobs, history to %s), %s build, %d cores, load %s before / %s after, %.0f s"
            % ("{:,}".format(results["runs"]), results["servers"], results["jobs"], results["end"],
               results["configuration"], machine["cores"], " ".join(map(str, machine["loadBefore"])),
               " ".join(map(str, machine["loadAfter"])), results["seconds"]))
    phases = (("our ingest", ours["ingestConditions"]), ("SQLite's ingest", sqlite["conditions"]),
              ("our GETs", ours["readConditions"]))
    notes = ["", "Before " + "; ".join("%s: load %s, fdatasync p50 %s ms" % (
        name, " ".join(map(str, state["load"])), number(state["fdatasyncP50Ms"], 2)) for name, state in phases) + ".", "Ours are over loopback HTTP (request, JSON or HTML, response); SQLite's are the queries alone in",
             "process, rows fetched. ours ÷ SQLite above 1 is better for uploads/s, worse for times and sizes."]
    return "\n".join([head, "", "| measure | target | duplistatus | SQLite (Node schema) | ours ÷ SQLite |",
                      "|---|---|---|---|---:|"] + rows + notes)
