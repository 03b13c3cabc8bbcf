"""The real UI in headless Chromium (Debian's chromium and chromium-driver, via Selenium):
the stories list, the seed story's side-by-side view and quote ledger, hostile articles
whose scripts must never run, a screenshot of the seed story, and the static report opened
from disk without a single network request."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import newsweave
from newsweave.records import Story
from newsweave.report.html import write_report
from newsweave.web.app import create_app

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOT = ROOT / "out" / "screenshots" / "seed_story.png"
# The flags this machine's closed network needs: without them Chromium keeps trying to
# reach update, sync and QUIC endpoints at start.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1800",
)
PUTIN_SHARED = (
    "We agree with the proposals to cease hostilities",
    "The idea itself is correct, and we certainly support it.",
    "But we proceed from the fact that this cessation should be such",
)


def _require_browser() -> None:
    """Fail in CI (where .ci/setup-browser installs Chromium), skip with the reason locally."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package")
    if not missing:
        return
    reason = f"browser tests need {', '.join(missing)}: run .ci/setup-browser"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")  # Selenium Manager must never download a driver
        driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def server(web_store: Path) -> Iterator[str]:
    """The web UI on a free loopback port, in a thread, for the module's tests."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(web_store), log_level="warning", lifespan="off")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uvicorn_server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web UI did not start within 30 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uvicorn_server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _css(driver: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(driver.find_elements(By.CSS_SELECTOR, selector))


def _csp_violations(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if "Content Security" in e["message"]]


def test_stories_list_opens_the_seed_story(browser: Any, server: str, seed_story: Story) -> None:
    browser.get(server + "/")
    assert browser.find_element("tag name", "h1").text == "Stories"
    (link,) = _css(browser, f'a.story-link[href="/stories/{seed_story.id}"]')
    link.click()
    assert browser.current_url == f"{server}/stories/{seed_story.id}"
    assert _css(browser, "#versions table.versions")
    assert _csp_violations(browser) == []  # the page's own CSS and JS load under the CSP


def test_side_by_side_marks_february_2022_as_a_changed_detail(
    browser: Any, server: str, seed_story: Story, seed_ids: dict[str, str]
) -> None:
    browser.get(f"{server}/stories/{seed_story.id}")
    marks = {m.text: m.get_attribute("data-kind") for m in _css(browser, "#versions mark.change")}
    assert marks.get("February 2022") == "date"
    (mark,) = [m for m in _css(browser, "#versions mark.change") if m.text == "February 2022"]
    assert mark.is_displayed()
    assert "early 2022" in (mark.get_attribute("title") or "")


def test_quote_ledger_lists_putins_three_shared_quotes_with_both_outlets(
    browser: Any, server: str, seed_story: Story, seed_ids: dict[str, str]
) -> None:
    browser.get(f"{server}/stories/{seed_story.id}")
    rows = _css(browser, '#quotes tr.ledger-row.shared[data-kind="direct"]')
    putin = {}
    for row in rows:
        if "Putin" not in row.get_attribute("data-speaker"):
            continue
        quote = row.find_element("css selector", "td.quote").text
        outlets = [
            c.get_attribute("data-outlet") for c in row.find_elements("css selector", ".carrier")
        ]
        putin[quote] = outlets
    both = ["Reuters", seed_ids["004"][:8]]
    for start in PUTIN_SHARED:
        (outlets,) = [o for q, o in putin.items() if q.lstrip("“").startswith(start)]
        assert sorted(outlets) == sorted(both), start
    # the toggle hides statements only one outlet carries (the page's script runs)
    single = _css(browser, "#quotes tr.ledger-row:not(.shared)")
    assert single and single[0].is_displayed()
    _css(browser, 'input[data-toggle="shared-only"]')[0].click()
    assert not single[0].is_displayed()


def test_hostile_articles_scripts_never_run(
    browser: Any, server: str, web_store: Path, hostile_ids: list[str]
) -> None:
    with newsweave.open(web_store) as nw:
        stories = [s.id for s in nw.stories_list() if set(s.article_ids) & set(hostile_ids)]
    pages = ["/", *(f"/articles/{i}" for i in hostile_ids), *(f"/stories/{i}" for i in stories)]
    shown = ""
    for page in pages:
        browser.get(server + page)
        time.sleep(0.2)  # give any onload/onerror handler its chance
        assert browser.execute_script("return typeof window.__pwned") == "undefined", page
        shown += browser.find_element("tag name", "body").text
    assert "<script>window.__pwned=1</script>" in shown  # shown as text, not run
    # the 20,000-character token wraps instead of widening the page
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= browser.execute_script("return window.innerWidth") + 1


def test_screenshot_of_the_seed_story(browser: Any, server: str, seed_story: Story) -> None:
    browser.get(f"{server}/stories/{seed_story.id}")
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1400, min(int(height) + 140, 6000))
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert SCREENSHOT.stat().st_size > 50_000  # a rendered page, not a blank one
    browser.set_window_size(1400, 1800)


def test_report_opens_from_disk_without_network_requests(
    browser: Any, web_store: Path, seed_story: Story, hostile_ids: list[str], tmp_path: Path
) -> None:
    with newsweave.open(web_store) as nw:
        written = write_report(nw, tmp_path / "report")
    browser.get_log("browser")  # drop earlier pages' messages
    for path in written:
        browser.get(path.as_uri())
        assert browser.execute_script("return typeof window.__pwned") == "undefined", path
        requests = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        )
        assert requests == [], path
    assert _csp_violations(browser) == []
    story = tmp_path / "report" / "stories" / f"{seed_story.id}.html"
    browser.get(story.as_uri())
    marks = [m.text for m in _css(browser, "#versions mark.change")]
    assert "February 2022" in marks
    # the inline script is admitted by its hash: the stories filter works offline
    browser.get((tmp_path / "report" / "index.html").as_uri())
    rows = _css(browser, "tr.story-row")
    _css(browser, 'input[name="q"]')[0].send_keys("sawmill")
    visible = [r.text for r in rows if r.is_displayed()]
    assert len(visible) == 1 and "sawmill" in visible[0].lower()
