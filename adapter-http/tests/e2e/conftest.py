"""Fixtures of the end-to-end tests of the web interface in a real browser.

Why selenium and Debian's chromedriver: selenium is pure Python from PyPI, so
it goes into the same `target/venv` as pytest with no other toolchain, and it
speaks WebDriver to the `chromedriver` of Debian's `chromium-driver` package,
which always matches Debian's `chromium`. Playwright would download a
browser build of its own (which this project's machines cannot fetch), and a
Rust WebDriver client would add an async test harness beside the Python one
that already starts `stratmon-server` as a child process.
`scripts/test-all` installs both packages with apt-get when they are missing.

`server` starts `stratmon-server demo` on a fresh store, on an ephemeral
loopback port, with the clock stopped inside February 2026's reporting
window; `browser` is a headless Chromium at 1366×768 whose host resolver
maps every name but 127.0.0.1 to nothing, so the browser never leaves
loopback either. Screenshots go to `$CARGO_TARGET_DIR/e2e/` (default
`target/e2e/`).
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[3]
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))

#: The instant the server believes it is: inside February 2026's reporting
#: window (25-30 March), in the region's time zone (UTC+7), as in the Python
#: suite (adapter-python/tests/conftest.py).
CLOCK_ARG = "2026-03-26T10:00:00+07:00"
PASSWORD = "Тестовый-пароль-2026"

#: Minstroy's people in the demo region (adapter-http/src/demo/people.rs), and
#: the Coordinator.
PLANNER = "demo.planner"
ANALYST = "demo.analyst"
HEAD = "demo.head"
COORDINATOR = "demo.coordinator"
#: The demo leaves February 2026 of event 2.1.1 without a report for the
#: walk-through; March 2026 has a draft.
EVENT = "2.1.1"
REPORT = f"/events/{EVENT}/reports/2026/2"
NEXT_REPORT = f"/events/{EVENT}/reports/2026/3"

CHROMIUM = os.environ.get("STRATMON_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("STRATMON_CHROMEDRIVER", "/usr/bin/chromedriver")

#: How long one page may take to appear after a click.
PAGE_TIMEOUT = 30


def pytest_configure(config: pytest.Config) -> None:
    """Temporary stores go under the cargo target directory, not the shared
    `/tmp/pytest-of-<user>` (see adapter-python/tests/conftest.py)."""
    if config.option.basetemp is None:
        config.option.basetemp = str(TARGET / "pytest-tmp-e2e")


def server_binary() -> Path:
    explicit = os.environ.get("STRATMON_SERVER")
    if explicit:
        return Path(explicit)
    name = "stratmon-server.exe" if sys.platform == "win32" else "stratmon-server"
    return TARGET / "debug" / name


class Server:
    """`stratmon-server demo` as a child process on an ephemeral port."""

    def __init__(self, data: Path) -> None:
        binary = server_binary()
        if not binary.exists():
            pytest.fail(
                f"no stratmon-server at {binary}: run "
                "`cargo build -p stratmon-http --bin stratmon-server` or set STRATMON_SERVER"
            )
        self.log = data.with_suffix(".log")
        self.process = subprocess.Popen(
            [
                str(binary),
                "demo",
                "--data",
                str(data),
                "--listen",
                "127.0.0.1:0",
                "--demo-password",
                PASSWORD,
                "--clock",
                CLOCK_ARG,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.url = self._wait_for_address()

    def _wait_for_address(self) -> str:
        assert self.process.stdout is not None
        seen = []
        # Seeding the demo region takes 10 to 20 seconds in a debug build;
        # more on a busy machine.
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            seen.append(line)
            match = re.search(r"listening on (http://[^/\s]+)/", line)
            if match:
                # Keep reading, so request logs never fill the pipe.
                threading.Thread(target=self._drain, args=(seen,), daemon=True).start()
                return match.group(1)
        self.stop()
        pytest.fail("stratmon-server demo did not start:\n" + "".join(seen))

    def _drain(self, seen: list[str]) -> None:
        assert self.process.stdout is not None
        try:
            with open(self.log, "w", encoding="utf-8") as log:
                log.writelines(seen)
                for line in self.process.stdout:
                    log.write(line)
                    log.flush()
        except (OSError, ValueError):
            pass

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One demo server for the whole run: the tests follow one story."""
    server = Server(tmp_path_factory.mktemp("e2e") / "demo.sqlite")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def shots_dir() -> Path:
    """`target/e2e/`, emptied of the screenshots of an earlier run."""
    path = TARGET / "e2e"
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


class Browser:
    """A headless Chromium driven over WebDriver, with the few steps every
    test takes: open a path, log in and out, click and wait for the next
    page, take a screenshot."""

    def __init__(
        self, driver: webdriver.Chrome, base: str, shots: Path, downloads: Path
    ) -> None:
        self.driver = driver
        self.base = base
        self.shots = shots
        self.downloads = downloads

    def open(self, path: str) -> None:
        self.driver.get(self.base + path)

    @property
    def path(self) -> str:
        url: str = self.driver.current_url
        return url[len(self.base):] if url.startswith(self.base) else url

    def find(self, css: str) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def button(self, text: str) -> WebElement:
        """The one button whose visible text is `text`."""
        found = self.driver.find_elements(By.XPATH, f"//button[normalize-space()='{text}']")
        assert len(found) == 1, f"{len(found)} buttons «{text}» on {self.path}"
        return found[0]

    def link_to(self, path: str) -> WebElement:
        """The first link in the page's main part that leads to `path`."""
        for link in self.find_all("main a[href]"):
            href = link.get_attribute("href") or ""
            if href.split("?")[0].split("#")[0] == self.base + path:
                return link
        raise AssertionError(f"no link to {path} on {self.path}:\n{self.text('main')}")

    def text(self, css: str) -> str:
        return self.find(css).text

    def click_and_wait(self, element: WebElement) -> None:
        """Clicks `element` and waits until the next page has replaced this
        one (a form submission or a link)."""
        self.mark_page()
        element.click()
        self.wait_for_next_page()

    def mark_page(self) -> None:
        """Marks the current page's window, which a navigation replaces."""
        self.driver.execute_script("window.e2eOldPage = true")

    def wait_for_next_page(self) -> None:
        """Waits until a page without the mark has loaded. (Waiting for an
        element to go stale races with the navigation: Chromium may answer
        that the node left the document rather than that it is stale.)"""
        WebDriverWait(
            self.driver, PAGE_TIMEOUT, ignored_exceptions=(WebDriverException,)
        ).until(
            lambda d: d.execute_script(
                "return window.e2eOldPage !== true && document.readyState === 'complete'"
            )
        )

    def fill(self, element: WebElement, value: str) -> None:
        element.clear()
        element.send_keys(value)

    def login(self, login: str) -> None:
        self.open("/login")
        assert self.find("h1").text == "Вход в систему"
        self.fill(self.find("input[name=login]"), login)
        self.fill(self.find("input[name=password]"), PASSWORD)
        self.click_and_wait(self.button("Войти"))
        assert self.path != "/password", f"{login} was sent to change a one-time password"
        assert self.path == "/", f"{login}: after login at {self.path}:\n{self.text('body')}"

    def logout(self) -> None:
        self.click_and_wait(self.button("Выйти"))
        assert self.path.startswith("/login"), self.path

    def flash(self) -> str:
        """The message shown after a redirect (`p.notice.ok`)."""
        found = self.find_all("p.notice.ok")
        assert found, f"no message on {self.path}:\n{self.text('main')}"
        return str(found[0].text)

    def console_errors(self) -> list[str]:
        """The browser console's errors since the last call: refused by the
        Content-Security-Policy, script errors, failed loads (the icon
        included: the server serves it)."""
        return [
            str(entry["message"])
            for entry in self.driver.get_log("browser")
            if entry.get("level") == "SEVERE"
        ]

    def screenshot(self, name: str) -> Path:
        """Saves the whole page, not only the visible part, as
        `target/e2e/<name>.png`."""
        # The clip is measured from the top of the page; a field that was
        # typed into may have scrolled it.
        self.driver.execute_script("window.scrollTo(0, 0)")
        metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        width, height = self.driver.execute_script(
            "return [document.documentElement.clientWidth, window.innerHeight]"
        )
        shot = self.driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {
                    "x": 0,
                    "y": 0,
                    "width": width,
                    "height": max(size["height"], height),
                    "scale": 1,
                },
            },
        )
        path = self.shots / f"{name}.png"
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def emulate_phone(self, width: int = 390, height: int = 844) -> None:
        """A phone's viewport: narrow, touch, the page's own viewport meta
        honoured."""
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
        )

    def downloaded(self, suffix: str, timeout: float = PAGE_TIMEOUT) -> Path:
        """The one finished download whose name ends in `suffix`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = [p for p in self.downloads.iterdir() if p.name.endswith(suffix)]
            partial = [p for p in self.downloads.iterdir() if p.name.endswith(".crdownload")]
            if done and not partial:
                assert len(done) == 1, done
                return done[0]
            time.sleep(0.2)
        raise AssertionError(
            f"no *{suffix} downloaded into {self.downloads} in {timeout} s: "
            f"{sorted(p.name for p in self.downloads.iterdir())}"
        )


def _options(profile: Path, downloads: Path) -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--window-size=1366,768",
        "--lang=ru-RU",
        f"--user-data-dir={profile}",
        # Running as root (CI is) needs the sandbox off; /dev/shm may be
        # small in containers.
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        # Nothing beyond loopback: every host name but 127.0.0.1 fails to
        # resolve, and the browser's own background traffic is off.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        "--no-proxy-server",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--no-first-run",
        "--no-default-browser-check",
        "--no-pings",
        "--hide-scrollbars",
    ):
        options.add_argument(argument)
    # The console shows what the Content-Security-Policy blocked and every
    # script error; the tests read it.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "intl.accept_languages": "ru-RU,ru",
        },
    )
    return options


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Keeps each phase's report on the test, so `browser` knows at
    teardown whether the test failed."""
    outcome: Any = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def browser(
    request: pytest.FixtureRequest, server: Server, shots_dir: Path, tmp_path: Path
) -> Iterator[Browser]:
    """A fresh browser (no cookies) for each test."""
    for program in (CHROMIUM, CHROMEDRIVER):
        if not Path(program).exists():
            pytest.fail(
                f"{program} is missing: `sh scripts/test-all` installs Debian's "
                "`chromium` and `chromium-driver` (or set STRATMON_CHROMIUM and "
                "STRATMON_CHROMEDRIVER)"
            )
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    # The locale of the browser's own widgets (the date fields' дд.мм.гггг)
    # comes from the environment on Linux.
    service = Service(
        executable_path=CHROMEDRIVER,
        log_output=str(tmp_path / "chromedriver.log"),
        env={**os.environ, "LANG": "ru_RU.UTF-8", "LANGUAGE": "ru"},
    )
    driver = webdriver.Chrome(service=service, options=_options(tmp_path / "profile", downloads))
    driver.set_page_load_timeout(PAGE_TIMEOUT)
    browser = Browser(driver, server.url, shots_dir, downloads)
    locale = driver.execute_script("return Intl.DateTimeFormat().resolvedOptions().locale")
    if not str(locale).startswith("ru"):
        driver.quit()
        pytest.fail(
            f"Chromium runs in the {locale} locale, not Russian: install Debian's "
            "chromium-l10n (`sh scripts/test-all` does)"
        )
    try:
        yield browser
        failed = getattr(request.node, "report_call", None)
        if failed is not None and failed.failed:
            # Where it stopped, for whoever reads the failure.
            name = f"failed-{request.node.name}"
            browser.screenshot(name)
            (shots_dir / f"{name}.html").write_text(driver.page_source, encoding="utf-8")
            print(f"the page at {browser.path}: {shots_dir / name}.png, .html; server log {server.log}")
    finally:
        driver.quit()

