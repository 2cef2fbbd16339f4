"""A real headless browser (Debian's chromium, driven by selenium through the system
chromedriver) on a real `samverkan serve`: search, kommun page, source link, saved query, CSV.

Skipped with the reason where chromium, chromedriver or selenium cannot be had; `.ci/run`
installs them. Set SAMVERKAN_SCREENSHOTS=DIR to keep screenshots of each step.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

FIXTURE_DATA = Path(__file__).resolve().parent / "fixtures" / "web" / "data"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)

try:
    import selenium  # noqa: F401

    HAVE_SELENIUM = True
except ImportError:
    HAVE_SELENIUM = False

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install "
                       "chromium chromium-driver)"),
    pytest.mark.skipif(CHROMEDRIVER is None, reason="chromedriver is not installed "
                       "(apt-get install chromium-driver)"),
    pytest.mark.skipif(not HAVE_SELENIUM, reason="selenium is not installed (test extra)"),
    pytest.mark.server,
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _samverkan() -> list[str]:
    beside = Path(sys.executable).with_name("samverkan")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "samverkan"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    port = _free_port()
    env = dict(os.environ, SAMVERKAN_CACHE_DIR=str(root / "cache"))
    env.pop("SAMVERKAN_DATA_DIR", None)
    process = subprocess.Popen(
        _samverkan() + ["--data-dir", str(FIXTURE_DATA), "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    ready = False
    for _ in range(300):  # up to about 30 s for the first build of the store
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(base + "/static/style.css", timeout=2) as reply:
                ready = reply.status == 200
        except OSError:
            time.sleep(0.1)
        if ready:
            break
    if not ready:
        process.kill()
        error = process.stderr.read().decode(errors="replace") if process.stderr else ""
        pytest.fail(f"samverkan serve did not start: {error}")
    yield base
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path_factory.mktemp("profile")
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}",
                 "--window-size=1200,1000"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
    })
    try:
        driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    except Exception as error:  # noqa: BLE001 - any failure to launch means: cannot be had here
        pytest.skip(f"chromium could not be started: {str(error).splitlines()[0]}")
    driver.set_page_load_timeout(30)
    driver.downloads = downloads
    yield driver
    driver.quit()


def _shot(driver, name: str) -> None:
    folder = os.environ.get("SAMVERKAN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / f"{name}.png"))


def _arrived(browser, url: str) -> str:
    """The browser's URL once it is ``url`` (a click or submit navigates asynchronously), or
    whatever it is after 10 s."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        WebDriverWait(browser, 10).until(lambda driver: driver.current_url == url)
    except TimeoutException:
        pass
    return browser.current_url


def test_find_a_kommun_follow_a_source_and_download_a_query(server, browser) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    assert browser.title == "Start · samverkan"
    _shot(browser, "1-start")
    box = browser.find_element(By.ID, "q")
    label = browser.find_element(By.CSS_SELECTOR, "label[for=q]")
    assert label.text.startswith("Sök kommun, person eller organisation")
    box.send_keys("Båstad")
    box.submit()
    hits = server + "/search?q=B%C3%A5stad"
    assert _arrived(browser, hits) == hits
    first = browser.find_element(By.CSS_SELECTOR, "ul.hits li a")
    assert first.text == "Båstads kommun" or first.text == "Båstad"
    _shot(browser, "2-search")
    first.click()
    kommun = server + "/id/kommun/1278"
    assert _arrived(browser, kommun) == kommun
    assert browser.find_element(By.TAG_NAME, "h1").text == "Båstads kommun"
    holders = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "a[href^='/id/person/']")]
    assert "Christofer Thorén" in holders
    _shot(browser, "3-kommun")

    source = browser.find_element(By.CSS_SELECTOR, "a.source[href='/id/source/webtest00000001']")
    source.click()
    article = server + "/id/source/webtest00000001"
    assert _arrived(browser, article) == article
    original = browser.find_element(By.CSS_SELECTOR, "a.original")
    assert original.get_attribute("href") == "https://example.org/nyheter/testartikel-1"
    assert original.get_attribute("rel") == "external noreferrer"
    _shot(browser, "4-article")

    browser.get(server + "/queries/posts-in-kommun")
    field = browser.find_element(By.ID, "p-kommun")
    field.clear()
    field.send_keys("id:kommun/1780")
    browser.find_element(By.CSS_SELECTOR, "form.query button[type=submit]").click()
    answer = server + "/queries/posts-in-kommun?kommun=id%3Akommun%2F1780"
    assert _arrived(browser, answer) == answer
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "table.results td")]
    assert "Robin Olsson" in cells
    _shot(browser, "5-query")
    link = browser.find_element(By.LINK_TEXT, "CSV")
    assert link.get_attribute("href") == (server + "/api/posts-in-kommun.csv"
                                          "?kommun=id%3Akommun%2F1780")
    link.click()
    target = Path(browser.downloads) / "posts-in-kommun.csv"
    for _ in range(200):  # bounded wait for the download to land
        if target.exists():
            break
        time.sleep(0.1)
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ("role,roleLabel,person,name,post,postLabel,organisation,"
                                    "organisationLabel,start,source")
    assert "Robin Olsson" in text


def test_pages_are_usable_on_a_phone(server, browser) -> None:
    from selenium.webdriver.common.by import By

    browser.set_window_size(390, 844)
    try:
        browser.get(server + "/id/kommun/1278")
        width = browser.execute_script("return document.documentElement.scrollWidth")
        viewport = browser.execute_script("return window.innerWidth")
        assert width <= viewport
        assert browser.find_element(By.TAG_NAME, "h1").text == "Båstads kommun"
        _shot(browser, "6-phone")
    finally:
        browser.set_window_size(1200, 1000)
