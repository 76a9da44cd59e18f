"""The review app in headless Chromium (Debian's package through Playwright, see tests/browser.py).

Skipped with the reason when Chromium is missing on a developer machine; in CI (``CI`` set) a
missing browser fails instead. Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations


import pytest

from factcheck.review import ReviewStore, review_session
from factcheck.review.server import ReviewServer
from tests.browser import Browser, Session, open_browser
from tests.conftest import ROOT
from tests.review_factory import review_report

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"


browser = pytest.fixture(scope="module", name="browser")(open_browser)


def _serve(report, db, judgements=()) -> tuple[ReviewServer, ReviewStore]:
    store = ReviewStore(db)
    return ReviewServer(review_session(report, store, "anna", judgements)).start(), store


def _open(browser: Browser, server: ReviewServer, path: str = "") -> Session:
    session = browser.new_session(1280, 900, allow=(server.url,))
    session.page.goto(server.url + path)
    return session


def _assert_clean(session: Session) -> None:
    assert session.console_errors == [] and session.blocked == []


def _shot(session: Session, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    session.page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_keyboard_review_moves_and_decides(browser, tmp_path):
    from playwright.sync_api import expect

    server, store = _serve(review_report(), tmp_path / "r.sqlite")
    try:
        s = _open(browser, server)
        page = s.page
        assert page.inner_text("#rv-progress").startswith("0 / 4 decided")
        page.keyboard.press("j")
        page.keyboard.press("j")
        page.keyboard.press("k")
        assert page.eval_on_selector("#rv-queue .selected", "e => e.dataset.kind") == "contradict"
        page.keyboard.press("Enter")
        page.wait_for_url("**/d/*")
        assert page.locator(".divergence").get_attribute("data-kind") == "contradict"
        # the highlighted evidence of the report's rendering is on the page, unfolded
        assert page.locator(".div-evidence mark.ev").count() == 6
        assert page.locator(".div-evidence mark.ev").first.is_visible()
        # d without a reason does not submit: it asks for one
        page.keyboard.press("d")
        assert page.is_visible("#rv-form-error") and "reason" in page.inner_text("#rv-form-error")
        assert page.evaluate("document.activeElement.id") == "rv-reason"
        assert store.history() == []
        page.select_option("#rv-reason", "not_same_event")
        page.evaluate("document.activeElement.blur()")
        page.keyboard.press("d")
        page.wait_for_selector("#rv-saved")
        assert "dismissed (not the same event)" in page.inner_text("#rv-saved")
        assert page.inner_text("#rv-progress").startswith("1 / 4 decided")
        assert page.locator(".divergence").get_attribute("data-kind") == "number_mismatch"  # moved on
        page.wait_for_load_state()
        page.keyboard.press("f")
        # (Playwright's expect, not wait_for_function: the page's CSP forbids evaluating strings)
        expect(page.locator("#rv-progress")).to_contain_text("2 / 4 decided")
        page.wait_for_load_state()  # the keys work once the deferred script has run
        page.keyboard.press("k")
        expect(page.locator(".divergence")).to_have_attribute("data-kind", "number_mismatch")
        assert "follow-up" in page.inner_text("#rv-status")
        _shot(s, "review-keyboard.png")
        _assert_clean(s)
        assert [(e.new_decision, e.reason) for e in store.history()] == [("dismissed", "not_same_event"),
                                                                          ("follow_up", "")]
        s.page.close()
    finally:
        server.stop()
        store.close()


@pytest.mark.model
def test_dismissing_a_seed_divergence_survives_a_restart(browser, tmp_path, seed_analysis, seed_report):
    """The seeds through the real pipeline; the editor dismisses the change of position (the top
    divergence) with a reason."""
    db = tmp_path / "reviews.sqlite"
    divs = seed_report["divergences"]
    target = divs[0]
    assert target["kind"] == "position_change", [d["kind"] for d in divs]
    server, store = _serve(seed_report, db, seed_analysis.judgements)
    try:
        s = _open(browser, server)
        page = s.page
        assert page.locator("#rv-queue .queue-item").count() == len(divs)
        page.click(f'#rv-queue .queue-item[data-fingerprint="{target["fingerprint"]}"] a.open')
        page.wait_for_url(f"**/d/{target['fingerprint']}")
        assert page.locator(".divergence blockquote.sentence").count() >= 2
        assert page.locator(".signal-pair dl").count() >= 1  # the judge's signals are shown
        page.fill("#rv-note", "Beide Sätze berichten denselben Stand; kein Widerspruch.")
        page.select_option("#rv-reason", "same_fact")
        page.check("#rv-stay")
        page.click("#rv-dismiss")
        page.wait_for_selector("#rv-saved")
        _assert_clean(s)
        s.page.close()
    finally:
        server.stop()
        store.close()
    # a new run: a new server, a new token, the same database
    server, store = _serve(seed_report, db, seed_analysis.judgements)
    try:
        s = _open(browser, server)
        row = s.page.locator(f'#rv-queue .queue-item[data-fingerprint="{target["fingerprint"]}"]')
        assert row.get_attribute("data-status") == "dismissed"
        assert "dismissed: same fact" in row.inner_text()
        assert s.page.inner_text("#rv-progress").startswith(f"1 / {len(divs)} decided")
        _shot(s, "review-queue.png")
        s.page.goto(server.url + f"d/{target['fingerprint']}")
        assert "dismissed (same fact)" in s.page.inner_text("#rv-status")
        assert "Beide Sätze berichten denselben Stand; kein Widerspruch." in s.page.inner_text("#rv-history")
        _shot(s, "review-divergence.png")
        _assert_clean(s)
        s.page.close()
    finally:
        server.stop()
        store.close()
