"""Browser tests: the real API (uvicorn in a thread) on the real Neo4j, driven in Debian's
headless Chromium through Playwright. Screenshots go to test-artifacts/browser/."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
import uvicorn

from api.app import create_app
from graph.database import Graph
from onkopassport.settings import Settings
from tests.browser.region import PASSWORD, Region, build_browser_region
from tests.integration.conftest import empty_graph, session_graph, settings  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = Path("test-artifacts/browser")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def region(session_graph: Graph) -> Region:  # noqa: F811
    empty_graph(session_graph)
    return build_browser_region(session_graph, date.today())


@pytest.fixture(scope="module")
def base_url(settings: Settings, region: Region) -> Iterator[str]:  # noqa: F811
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/ui/", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        pytest.fail("the API did not start within 30 s")
    yield url
    server.should_exit = True
    thread.join(timeout=10)


# Module scope, not session: Playwright's sync API keeps an event loop running in this
# thread while the browser is open, which would break later tests that use asyncio.run.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian's chromium is not installed: run scripts/setup.sh "
                    "(it installs it) or apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, base_url: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=base_url, locale="ru-RU",
                                  viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def screenshot():  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:  # type: ignore[no-untyped-def]
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_selector("[data-testid=current-user]")
