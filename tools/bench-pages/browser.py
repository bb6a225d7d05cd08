#!/usr/bin/env python3
"""Pages as a browser loads them: headless Chromium opens each page, runs its scripts and waits
until the network is quiet; prints the time until then, the requests the page made, the bytes it
received, the server CPU it cost, the browser's main-thread time and the document's nodes (medians
of the rounds).

What measure.py times is one GET of the HTML; a page whose scripts then load data (the settings
page's forms) costs what this measures.

Usage: browser.py BASE_URL SERVER_PID [ROUNDS]
"""

import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench-common"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from chromium import start_chromium  # noqa: E402
from procfs import cpu_seconds  # noqa: E402

QUIET_SECONDS = 1.0
TIMEOUT_SECONDS = 600


def start_browser():
    driver = start_chromium((1440, 900), ("performance",))
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.execute_cdp_cmd("Performance.enable", {})
    return driver


def main_thread_seconds(driver):
    """The renderer's busy time so far (Performance.getMetrics TaskDuration), in seconds."""
    metrics = driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
    return next(metric["value"] for metric in metrics if metric["name"] == "TaskDuration")


def load(driver, url, pid):
    """One load of `url`: seconds until quiet, requests, bytes received, server CPU ms, the
    browser's main-thread ms and the document's nodes once quiet."""
    driver.get("about:blank")
    driver.get_log("performance")
    busy_before = main_thread_seconds(driver)
    pending, requests, received = set(), 0, 0
    cpu_before = cpu_seconds(pid)
    started = time.monotonic()
    driver.get(url)
    last_activity = time.monotonic()
    while time.monotonic() - last_activity < QUIET_SECONDS or pending:
        if time.monotonic() - started > TIMEOUT_SECONDS:
            raise SystemExit(f"browser: {url} was still loading after {TIMEOUT_SECONDS} s")
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            method, params = message["method"], message.get("params", {})
            if method == "Network.requestWillBeSent":
                pending.add(params["requestId"])
                requests += 1
            elif method in ("Network.loadingFinished", "Network.loadingFailed"):
                pending.discard(params["requestId"])
                received += int(params.get("encodedDataLength", 0))
            else:
                continue
            last_activity = time.monotonic()
        time.sleep(0.05)
    busy = (main_thread_seconds(driver) - busy_before) * 1000
    return last_activity - started, requests, received, (cpu_seconds(pid) - cpu_before) * 1000, busy, dom_nodes(driver)


def dom_nodes(driver):
    """The nodes of the loaded document: elements, text (whitespace included) and comments."""
    return driver.execute_script(
        "const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL); let count = 0;"
        " while (walker.nextNode()) count++; return count;")


def main():
    base, pid = sys.argv[1], int(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    pages = [("dashboard (cards)", "/?view=cards"), ("server page", "/servers/srv-0"), ("settings", "/settings")]
    driver = start_browser()
    try:
        print(f"in headless Chromium, until the network is quiet; medians of {rounds} loads")
        print("| page | requests | bytes received | ms until quiet | server CPU ms | browser main-thread ms | DOM nodes |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for label, path in pages:
            loads = [load(driver, base + path, pid) for _ in range(rounds)]
            seconds, requests, received, cpu, busy, nodes = (statistics.median(column) for column in zip(*loads))
            print(f"| {label} | {requests:.0f} | {received:.0f} | {seconds * 1000:.0f} | {cpu:.0f} | {busy:.0f} | {nodes:.0f} |")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
