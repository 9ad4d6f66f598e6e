"""Browser tests: Playwright for Python driving Debian's Chromium (never a downloaded browser).

`make e2e` installs the `chromium` package and runs these; `make test` leaves them out.
Every page a test visits can be checked with axe-core (vendored) and saved as a screenshot
under var/screenshots/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.gateway import gateway, population  # the registers' simulator for the live server

__all__ = ["gateway", "population"]

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
# The closed network refuses Chromium's background calls; these flags stop it making them.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body (fixtures, assertions on the database) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `make e2e`, which installs Debian's chromium package"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _new_page(browser: Any, *, width: int, language: str, base_url: str) -> Any:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale=language, base_url=base_url
    )
    context.add_cookies([{"name": "kezek_language", "value": language, "url": base_url}])
    return context.new_page()


@pytest.fixture
def page_factory(browser: Any, live_server: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(*, language: str = "kk", width: int = 1280) -> Any:
        page = _new_page(browser, width=width, language=language, base_url=live_server.url)
        contexts.append(page.context)
        return page

    yield make
    for context in contexts:
        context.close()


def check_accessibility(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.1 A/AA rules) on the page; return serious and critical violations."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def visit(page_factory: Any) -> Any:
    """Open a path, assert it is accessible (no serious/critical axe violations), save a screenshot."""

    def go(
        path: str, *, name: str, language: str = "kk", width: int = 1280, page: Any = None
    ) -> Any:
        page = page or page_factory(language=language, width=width)
        response = page.goto(path)
        assert response is not None
        assert response.status < 400, f"{path}: HTTP {response.status}"
        violations = check_accessibility(page)
        assert violations == [], f"{path} ({language}): {violations}"
        screenshot(page, f"{name}-{language}-{width}")
        return page

    return go
