"""Headless Chromium (Debian's chromium and chromium-driver) driven by the pinned Selenium of
tools/lib/selenium.sh, started alike for the browser suite and bench-pages' browser.py.

The driver's path is given, so Selenium Manager never downloads anything.
"""

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def start_chromium(window, logs, arguments=()):
    """A driver for a new headless Chromium: `window` is (width, height), `logs` the logs kept in
    full ("browser", "performance"), `arguments` Chromium's own beyond the shared ones."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", *arguments):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {log: "ALL" for log in logs})
    driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    driver.set_window_size(*window)
    return driver
