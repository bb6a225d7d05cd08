#!/usr/bin/env python3
"""What the browser checks share: headless Chromium (Debian's chromium + chromium-driver, started
by tools/lib/chromium.py) pointed at a running duplistatus, checks that count failures, page loads
that must be free of console errors and failed requests, and screenshots at desktop and phone
width. suite.py and signin.py are the checks.

Both take BASE_URL and SCREENSHOT_DIR as their first two arguments.
"""

import json
import os
import pathlib
import sys
import time
import urllib.error
import urllib.request

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from chromium import start_chromium  # noqa: E402

BASE = sys.argv[1]
SHOTS = pathlib.Path(sys.argv[2])
DESKTOP = (1440, 900)
PHONE = (390, 844)
failures = []


def check(condition, message):
    """Prints `message` as passed or failed; a failure is counted for `run`'s exit status."""
    if condition:
        print("  ok   " + message)
    else:
        print("  FAIL " + message)
        failures.append(message)


def wait_check(driver, condition, message, seconds=10):
    """Waits up to `seconds` for `condition(driver)`, then checks whether it came true."""
    try:
        WebDriverWait(driver, seconds).until(condition)
        came = True
    except TimeoutException:
        came = False
    check(came, message)


def start_browser():
    return start_chromium(DESKTOP, ("browser", "performance"), ("--lang=en-GB",))


def problems(driver, allowed_status=()):
    """Console errors and failed requests since the last call."""
    found = []
    for entry in driver.get_log("browser"):
        if entry["level"] == "SEVERE" and not any(str(code) in entry["message"] for code in allowed_status):
            found.append("console: " + entry["message"])
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.responseReceived":
            response = message["params"]["response"]
            if response["status"] >= 400 and response["status"] not in allowed_status:
                found.append(f"request: {response['status']} {response['url']}")
        elif message["method"] == "Network.loadingFailed" and not message["params"].get("canceled"):
            found.append("request failed: " + message["params"].get("errorText", "?"))
    return found


def open_page(driver, path, name, allowed_status=()):
    driver.get(BASE + path)
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
    time.sleep(0.3)
    found = problems(driver, allowed_status)
    check(not found, f"{name}: no console errors or failed requests {found[:3] if found else ''}")


def emulate(driver, width, height, mobile):
    """Lays the page out as a screen of `width` × `height` CSS pixels (a phone's when `mobile`)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    time.sleep(0.3)


def overflow(driver, selector):
    """How many CSS pixels the element at `selector` sticks out past its parent's content box."""
    return driver.execute_script(
        "const node = document.querySelector(arguments[0]); if (!node) return -1;"
        "const parent = node.parentElement, style = getComputedStyle(parent);"
        "const inner = parent.getBoundingClientRect().right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);"
        "return Math.max(0, node.getBoundingClientRect().right - inner);", selector)


def end_emulation(driver):
    """Back to the desktop window."""
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.set_window_size(*DESKTOP)


def screenshot(driver, name):
    """Full-page screenshots at desktop and phone width (the phone one with mobile emulation)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    # From the page's top, whatever a check clicked before (the settings page's CSV button is
    # halfway down): a screenshot taller than 4,000 px is cut there.
    driver.execute_script("window.scrollTo(0, 0)")
    for label, (width, height) in (("desktop", DESKTOP), ("phone", PHONE)):
        emulate(driver, width, height, label == "phone")
        if label == "phone":
            wide = driver.execute_script("return document.documentElement.scrollWidth")
            check(wide <= width, f"{name}: the page fits a phone's width ({wide} px)")
        full = min(driver.execute_script("return document.documentElement.scrollHeight"), 4000)
        emulate(driver, width, full, label == "phone")
        driver.save_screenshot(str(SHOTS / f"{name}-{label}.png"))
    end_emulation(driver)
    problems(driver)


def visible(driver, selector):
    return [node for node in driver.find_elements(By.CSS_SELECTOR, selector) if node.is_displayed()]


def api(path, method="GET"):
    request = urllib.request.Request(BASE + path, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, None


def run(flows, label):
    """Runs `flows` (each a function of the driver) in one headless Chromium, then exits 1 if any
    check failed."""
    driver = start_browser()
    try:
        for flow in flows:
            flow(driver)
    except Exception as error:  # a flow that cannot go on is one failure, reported with the page it was on
        failures.append(f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''} at {driver.current_url}")
        print("  FAIL " + failures[-1])
    finally:
        driver.quit()
    print(f"{label}: {len(failures)} failure(s)")
    sys.exit(1 if failures else 0)
