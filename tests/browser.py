"""Headless Debian Chromium driven by Playwright, for the report's browser tests.

Playwright's own browser download cannot run here, so the tests use the system
Chromium (``apt-get install chromium``) through the PyPI ``playwright`` package.
A :class:`Session` records console errors, page errors and every request the
page makes; requests to anything but ``file:``/``data:``/``blob:``/``about:``
URLs are aborted and reported.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")
# The background-networking flags keep Chromium from calling home; this machine's
# closed network would refuse those connections and clutter the log.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def chromium_missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (apt-get install chromium; `make test` does it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[test]')"
    return None


@dataclass
class Session:
    """A page plus what it logged and requested."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    allowed: tuple[str, ...] = ()  # URL prefixes let through besides the local schemes (a local test server)

    def watch(self) -> Session:
        page = self.page
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda err: self.console_errors.append(f"page error: {err}"))
        page.route("**/*", self._route)
        return self

    def _route(self, route, request) -> None:
        self.requests.append(request.url)
        if request.url.startswith(LOCAL_SCHEMES + self.allowed):
            route.continue_()
        else:
            self.blocked.append(request.url)
            route.abort()


class Browser:
    """One Chromium with a fresh, throw-away profile; ``new_session`` opens a watched page."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._profile = tempfile.mkdtemp(prefix="factcheck-chromium-")
        self._pw = sync_playwright().start()
        try:
            self._context = self._pw.chromium.launch_persistent_context(
                self._profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 900}, locale="de-DE", service_workers="block",
            )
        except Exception:
            self._pw.stop()
            raise

    def new_session(self, width: int = 1280, height: int = 900, allow: tuple[str, ...] = ()) -> Session:
        """A watched page; ``allow`` lists URL prefixes it may load besides local files (e.g. a test server)."""
        page = self._context.new_page()
        page.set_viewport_size({"width": width, "height": height})
        return Session(page, allowed=allow).watch()

    def close(self) -> None:
        try:
            self._context.close()
        finally:
            self._pw.stop()
            shutil.rmtree(self._profile, ignore_errors=True)


def open_browser():
    """A module-scoped pytest fixture body: one Chromium for a test module; a missing Chromium fails
    under CI and skips elsewhere. Use: ``browser = pytest.fixture(scope="module")(open_browser)``."""
    import pytest

    reason = chromium_missing_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    b = Browser()
    yield b
    b.close()
