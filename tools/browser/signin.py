#!/usr/bin/env python3
"""Browser sign-in flow: headless Chromium against a duplistatus started with an admin password
(run.sh starts it after the main suite). A page sends the browser to /login, a wrong password is
refused, the right one returns to the page, the page's own writes pass the CSRF check, an API
token made on the settings page opens the API to a script until it is revoked, and signing out
ends the session. A new admin password set on the page is the one the next sign-in needs.

Usage: signin.py BASE_URL SCREENSHOT_DIR PASSWORD
"""

import json
import sys
import urllib.error
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

import harness
from harness import check, open_page, screenshot, wait_check

PASSWORD = sys.argv[3]
NEW_PASSWORD = "changed in the browser"


def status_of(path, token=None):
    """The status of GET `path`, with `token` as a bearer token if given."""
    request = urllib.request.Request(harness.BASE + path)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def sign_in(driver, password):
    """Types `password` into the sign-in form, sends it and waits for the answer's page."""
    field = driver.find_element(By.ID, "password")
    field.clear()
    field.send_keys(password)
    # The form's own page is "complete" too: wait until it is gone, then for the answer's.
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(driver, 10).until(ready.staleness_of(page))
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def flows(driver):
    print("sign-in")
    # 401 is the wrong password's page and the throttle-free refusals below; nothing else may fail.
    open_page(driver, "/settings#security", "settings before sign-in", allowed_status=(401,))
    path = urllib.parse.urlparse(driver.current_url)
    check(path.path == "/login" and "next=%2Fsettings" in path.query, f"a page sends the browser to sign in ({driver.current_url})")
    screenshot(driver, "login")
    sign_in(driver, "not the password")
    check("Wrong password." in driver.page_source, "a wrong password is refused on the page")
    harness.problems(driver, allowed_status=(401,))
    sign_in(driver, PASSWORD)
    WebDriverWait(driver, 10).until(lambda d: urllib.parse.urlparse(d.current_url).path != "/login")
    check(urllib.parse.urlparse(driver.current_url).path == "/settings", f"the right password returns to the page ({driver.current_url})")
    check(bool(driver.find_elements(By.ID, "sign-out")), "a signed-in page offers to sign out")
    found = harness.problems(driver)
    check(not found, f"the signed-in settings page loads without errors {found[:3]}")

    # The page's own write (through app.js) carries the CSRF token: the display settings save.
    form = driver.find_element(By.CSS_SELECTOR, "#display form")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: form.find_element(By.CSS_SELECTOR, ".message").text not in ("", "Working…"))
    message = form.find_element(By.CSS_SELECTOR, ".message")
    check("error" not in message.get_attribute("class"), f"a signed-in page's write passes the CSRF check ({message.text})")

    # An API token made here opens the API to a script, and revoking it closes it again.
    check(status_of("/api/dashboard") == 401, "a script without a token gets 401")
    create = driver.find_element(By.CSS_SELECTOR, "#security form[data-show=new-token]")
    create.find_element(By.NAME, "name").send_keys("Browser suite")
    create.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "new-token").text.startswith("dsk_"))
    token = driver.find_element(By.ID, "new-token").text.strip()
    check(status_of("/api/dashboard", token) == 200, "the new token opens the API")
    # Its row appears without a reload (it used to say "No API tokens yet." until one), and the
    # token stays on screen to be copied.
    # Read in one script: the refresh replaces the rows' element.
    wait_check(driver, lambda d: "Browser suite" in d.execute_script("return document.getElementById('api-tokens').textContent"),
               "the new token is listed at once")
    check(driver.find_element(By.ID, "new-token").text.strip() == token, "the token stays shown after the list refreshed")
    section = driver.find_element(By.ID, "security")
    driver.execute_script("arguments[0].scrollIntoView()", section)
    section.screenshot(str(harness.SHOTS / "settings-security-desktop.png"))
    open_page(driver, "/settings", "settings with a token")
    rows = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#security tbody tr")]
    check(any("Browser suite" in row for row in rows), f"the token is listed ({rows})")
    check(token not in driver.page_source, "the listing never shows the token")
    driver.execute_script("window.confirm = () => true")
    driver.find_element(By.CSS_SELECTOR, "#security tbody button[data-method=DELETE]").click()
    WebDriverWait(driver, 10).until(lambda d: "Browser suite" not in d.find_element(By.CSS_SELECTOR, "#security tbody").text)
    check(status_of("/api/dashboard", token) == 401, "a revoked token opens nothing")

    # A new admin password: a wrong current one is refused in the form, the right one changes it.
    change = driver.find_element(By.ID, "admin-password")

    def send_change(current, new):
        for name, value in (("currentPassword", current), ("newPassword", new), ("repeatPassword", new)):
            field = change.find_element(By.NAME, name)
            field.clear()
            field.send_keys(value)
        change.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: change.find_element(By.CSS_SELECTOR, ".message").text not in ("", "Working…"))
        return change.find_element(By.CSS_SELECTOR, ".message")

    refused = send_change("not the password", NEW_PASSWORD)
    check("error" in refused.get_attribute("class") and "wrong" in refused.text, f"a wrong current password is refused ({refused.text})")
    changed = send_change(PASSWORD, NEW_PASSWORD)
    check("error" not in changed.get_attribute("class"), f"the admin password changes ({changed.text})")
    left = [field.get_attribute("value") for field in change.find_elements(By.CSS_SELECTOR, "input[type=password]")]
    check(left == ["", "", ""], "the passwords sent are not left in the form")

    # Signing out ends the session: the next page asks to sign in again, with the new password.
    driver.find_element(By.ID, "sign-out").click()
    wait_check(driver, lambda d: urllib.parse.urlparse(d.current_url).path == "/login", "signing out leads to the sign-in page")
    sign_in(driver, PASSWORD)
    check("Wrong password." in driver.page_source, "the old password no longer signs in")
    harness.problems(driver, allowed_status=(401,))
    sign_in(driver, NEW_PASSWORD)
    wait_check(driver, lambda d: urllib.parse.urlparse(d.current_url).path != "/login", "the new password signs in")
    driver.find_element(By.ID, "sign-out").click()
    wait_check(driver, lambda d: urllib.parse.urlparse(d.current_url).path == "/login", "signing out again leads to the sign-in page")
    open_page(driver, "/", "dashboard after signing out")
    check(urllib.parse.urlparse(driver.current_url).path == "/login", f"a signed-out browser is sent to sign in ({driver.current_url})")
    session = json.loads(urllib.request.urlopen(harness.BASE + "/api/auth/session", timeout=10).read())["data"]
    check(session["signInRequired"] and not session["signedIn"], f"the session endpoint says sign-in is on ({session})")


if __name__ == "__main__":
    harness.run([flows], "browser sign-in flow")
