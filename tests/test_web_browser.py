"""End-to-end tests of the web app in headless Chromium (Debian's chromium + chromedriver).

A uvicorn server runs the real app on 127.0.0.1 at a free port in a thread, over a small
knowledge base built from hand-made records; Selenium drives the browser. Screenshots of
every page go to ``test-output/screenshots/`` (or ``$SITREP_TEST_OUTPUT/screenshots``).
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from test_web_api import TOKEN, build_kb, xss_article_text  # noqa: E402  (fixtures shared by both files)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
REPO = Path(__file__).resolve().parent.parent


def _missing_browser() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.exists(path) or shutil.which(os.path.basename(path))):
            return f"{path} is not installed (run .ci/install-browser)"
    return None


def screenshot_dir() -> Path:
    base = Path(os.environ.get("SITREP_TEST_OUTPUT") or REPO / "test-output")
    out = base / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerThread:
    """uvicorn serving the app in a background thread, stopped at the end."""

    def __init__(self, app):
        import uvicorn
        self.port = _free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.time() + 20
        while not self.server.started:
            if time.time() > deadline:
                raise RuntimeError("uvicorn did not start within 20 s")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    reason = _missing_browser()
    if reason:
        pytest.skip(reason)
    from sitrep.web.app import create_app
    db = str(tmp_path_factory.mktemp("kb") / "web.db")
    ids = build_kb(db)
    app = create_app(db, token=TOKEN)
    with ServerThread(app) as srv:
        srv.ids = ids
        yield srv


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    reason = _missing_browser()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1400,1000",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _wait(driver, css: str, timeout: float = 10.0):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def _shot(driver, name: str) -> Path:
    path = screenshot_dir() / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def _severe_console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def test_web_browser_overview_shows_counts_and_chart(server, browser):
    from selenium.webdriver.common.by import By
    browser.get(server.url + "/")
    _wait(browser, "#timeline-chart svg rect")
    cards = browser.find_elements(By.CSS_SELECTOR, "#stats .card")
    assert len(cards) >= 4
    assert browser.find_elements(By.CSS_SELECTOR, "table.events tbody tr")
    assert _shot(browser, "overview").exists()
    assert _severe_console_errors(browser) == []


def test_web_browser_filter_events_and_open_evidence(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    browser.get(server.url + "/events")
    _wait(browser, "#event-filters")
    all_rows = len(browser.find_elements(By.CSS_SELECTOR, "table.events tbody tr"))
    Select(browser.find_element(By.NAME, "type")).select_by_value("air_strike")
    browser.find_element(By.ID, "apply-filters").click()
    _wait(browser, "#event-count")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.events tbody tr")
    assert 0 < len(rows) < all_rows
    assert "type=air_strike" in browser.current_url
    _shot(browser, "events-filtered")
    rows[0].find_element(By.CSS_SELECTOR, "a.event-link").click()
    mark = _wait(browser, "mark.evidence")
    assert "air strike" in mark.text.lower() or "strike" in mark.text.lower()
    assert browser.find_elements(By.CSS_SELECTOR, "#caused-by-chain li")
    _shot(browser, "event")


def test_web_browser_map_draws_outlines_and_points(server, browser):
    from selenium.webdriver.common.by import By
    browser.get(server.url + "/map")
    _wait(browser, "#map-svg[data-ready='1']")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map-svg path.country")) > 10
    assert browser.find_elements(By.CSS_SELECTOR, "#map-svg path.country[data-iso='IQ']")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map-svg circle.pt")) >= 2
    _shot(browser, "map")
    browser.get(server.url + "/map?since=2020-01-01&until=2020-01-31")
    _wait(browser, "#map-svg[data-ready='1']")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map-svg circle.pt")) == 1
    assert _severe_console_errors(browser) == []


def test_web_browser_network_draws_nodes_and_edges(server, browser):
    from selenium.webdriver.common.by import By
    browser.get(server.url + "/network")
    _wait(browser, "#network-svg[data-ready='1']")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#network-svg .node circle")) >= 3
    assert browser.find_elements(By.CSS_SELECTOR, "#network-svg path.edge")
    _shot(browser, "network")
    browser.get(server.url + "/actors/kataib-hezbollah")
    _wait(browser, "#aliases")
    _shot(browser, "actor")


def test_web_browser_correction_refused_without_token(server, browser):
    from selenium.webdriver.common.by import By
    browser.delete_all_cookies()
    browser.get(server.url + "/events/" + _first_event_id(server))
    form = _wait(browser, "#correct-form")
    form.find_element(By.NAME, "fatalities").clear()
    form.find_element(By.NAME, "fatalities").send_keys("99")
    form.find_element(By.ID, "save-correction").click()
    code = _wait(browser, "#error-code")
    assert code.text == "E501"
    _shot(browser, "refused")
    browser.get(server.url + "/events/" + _first_event_id(server))
    assert _wait(browser, "td[data-field='fatalities']").text != "99"


def test_web_browser_correction_with_token_persists(server, browser):
    from selenium.webdriver.common.by import By
    browser.get(server.url + "/login")
    _wait(browser, "#login-form").find_element(By.NAME, "token").send_keys(TOKEN)
    browser.find_element(By.CSS_SELECTOR, "#login-form button").click()
    _wait(browser, "#flash")
    event_id = _first_event_id(server)
    browser.get(server.url + "/events/" + event_id)
    form = _wait(browser, "#correct-form")
    form.find_element(By.NAME, "fatalities").clear()
    form.find_element(By.NAME, "fatalities").send_keys("31")
    form.find_element(By.ID, "save-correction").click()
    _wait(browser, "#flash")
    assert browser.find_element(By.CSS_SELECTOR, "td[data-field='fatalities']").text == "31"
    browser.get(server.url + "/events/" + event_id)  # a fresh load reads it back from the KB
    assert _wait(browser, "td[data-field='fatalities']").text == "31"
    audit = browser.find_element(By.ID, "audit").text
    assert "token" in audit and "31" in audit  # the signed-in identity, never a typed name
    assert TOKEN not in browser.page_source
    _shot(browser, "corrected")


def test_web_browser_hostile_article_is_shown_escaped(server, browser):
    from selenium.webdriver.common.by import By
    browser.get(server.url + "/articles/" + server.ids["xss_article"])
    text = _wait(browser, "#article-text")
    assert "<script>" in text.text and "onerror=" in text.text
    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.find_elements(By.CSS_SELECTOR, "#article-text script, #article-text img") == []
    assert "<script>" in browser.find_element(By.ID, "article-title").text
    _shot(browser, "hostile-article")
    assert xss_article_text()[:20] in text.text


def _first_event_id(server) -> str:
    return server.ids["strike"]


def test_web_browser_ingest_page_runs_pipeline_and_shows_result(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    browser.get(server.url + "/login")
    if browser.find_elements(By.ID, "login-form"):
        browser.find_element(By.NAME, "token").send_keys(TOKEN)
        browser.find_element(By.CSS_SELECTOR, "#login-form button").click()
        _wait(browser, "#flash")
    browser.get(server.url + "/ingest")
    form = _wait(browser, "#ingest-form")
    form.find_element(By.ID, "ingest-text").send_keys(
        "Title: Rockets hit Ain al-Asad\nPublished: 2021-03-04\n\n"
        "Ten rockets struck the Ain al-Asad air base in western Iraq on Wednesday, killing a US contractor, "
        "the US-led coalition said. Kataib Hezbollah denied any role in the attack.")
    form.find_element(By.ID, "ingest-submit").click()
    WebDriverWait(browser, 120).until(
        lambda d: d.find_element(By.ID, "job").get_attribute("data-status") in ("done", "failed"))
    assert browser.find_element(By.ID, "job").get_attribute("data-status") == "done"
    job_text = browser.find_element(By.ID, "job").text
    assert "Rockets hit Ain al-Asad" in job_text and "token" in job_text
    _shot(browser, "ingest-result")
