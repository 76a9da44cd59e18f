"""factcheck.review.app end to end: a real server on a free port, driven with a real HTTP client."""

from __future__ import annotations

import re
import threading

import httpx
import pytest

from factcheck.review import ReviewStore, review_session
from factcheck.review.server import ReviewServer
from tests.report_factory import HOSTILE_SENTENCE, HOSTILE_TITLE
from tests.review_factory import review_report


@pytest.fixture
def served(tmp_path):
    """A review server on 127.0.0.1 and a free port over the synthetic report (with hostile text)."""
    store = ReviewStore(tmp_path / "reviews.sqlite")
    session = review_session(review_report(hostile=True), store, "anna")
    server = ReviewServer(session).start()
    client = httpx.Client(base_url=server.url.rstrip("/"), timeout=10, follow_redirects=False)
    yield server, client, session
    client.close()
    server.stop()
    store.close()


def _token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html)[1]


def _fps(session) -> list[str]:
    return [d["fingerprint"] for d in session.report["divergences"]]


def test_it_listens_on_loopback_and_a_free_port(served):
    server, client, _ = served
    assert server.host == "127.0.0.1" and server.port > 0
    assert server.url == f"http://127.0.0.1:{server.port}/"


def test_list_decide_redecide_note_and_audit_trail(served):
    server, client, session = served
    fps = _fps(session)
    queue = client.get("/")
    assert queue.status_code == 200
    assert "0</strong> / 5 decided" in queue.text
    assert [m for m in re.findall(r'data-fingerprint="([0-9a-f]+)"', queue.text)] == fps

    page = client.get(f"/d/{fps[0]}")
    assert page.status_code == 200 and "Decision:" in page.text
    token = _token(page.text)
    # decide: confirm, then the app moves on to the next undecided divergence
    r = client.post(f"/d/{fps[0]}/decide", data={"token": token, "decision": "confirmed", "note": "Stadt fragen"})
    assert r.status_code == 303 and r.headers["location"] == f"/d/{fps[1]}?saved={fps[0]}"
    # re-decide: dismiss with a reason, by another reviewer, staying on the item
    r = client.post(f"/d/{fps[0]}/decide", data={"token": token, "decision": "dismissed", "reason": "same_fact",
                                                  "reviewer": "ben", "then": "stay"})
    assert r.status_code == 303 and r.headers["location"] == f"/d/{fps[0]}?saved={fps[0]}"
    # note: keep the decision, change the note (JSON answer for scripts)
    r = client.post(f"/d/{fps[0]}/decide", data={"token": token, "decision": "note", "note": "Gleiche Aussage."},
                    headers={"Accept": "application/json"})
    assert r.status_code == 200
    assert {k: r.json()[k] for k in ("decision", "reason", "note", "reviewer", "revision")} == {
        "decision": "dismissed", "reason": "same_fact", "note": "Gleiche Aussage.", "reviewer": "anna", "revision": 3}

    history = client.get(f"/api/d/{fps[0]}/history").json()
    assert [(h["reviewer"], h["old"], h["new"], h["reason"], h["note"]) for h in history] == [
        ("anna", None, "confirmed", "", "Stadt fragen"),
        ("ben", "confirmed", "dismissed", "same_fact", "Stadt fragen"),
        ("anna", "dismissed", "dismissed", "same_fact", "Gleiche Aussage."),
    ]
    page = client.get(f"/d/{fps[0]}?saved={fps[0]}").text
    assert "(3)" in page and page.count("<tr><td>") == 3  # the history table, newest first
    assert re.search(r"undecided → confirmed.*confirmed → dismissed", page, re.S) is None  # newest first
    assert re.search(r"dismissed → dismissed.*confirmed → dismissed.*undecided → confirmed", page, re.S)
    assert 'id="rv-saved"' in page
    listing = client.get("/api/queue").json()
    assert (listing["decided"], listing["total"]) == (1, 5)
    assert client.get("/", params={"decision": "dismissed"}).text.count('class="queue-item"') == 1
    assert "1</strong> / 5 decided" in client.get("/").text


def test_a_wrong_host_header_is_refused(served):
    server, client, session = served
    for host in ("evil.example", f"evil.example:{server.port}", "127.0.0.1", f"127.0.0.1:{server.port + 1}"):
        r = client.get("/", headers={"Host": host})
        assert r.status_code == 400, host
        r = client.post(f"/d/{_fps(session)[0]}/decide", headers={"Host": host}, data={"decision": "confirmed"})
        assert r.status_code == 400, host
    assert client.get("/", headers={"Host": f"localhost:{server.port}"}).status_code == 200
    assert session.store.history() == []


def test_a_missing_or_wrong_token_or_a_get_is_refused(served):
    server, client, session = served
    fp = _fps(session)[0]
    token = _token(client.get(f"/d/{fp}").text)
    for data in ({"decision": "confirmed"}, {"decision": "confirmed", "token": ""},
                 {"decision": "confirmed", "token": token[:-1] + ("x" if token[-1] != "x" else "y")}):
        r = client.post(f"/d/{fp}/decide", data=data)
        assert r.status_code == 403 and "token" in r.text
    assert client.get(f"/d/{fp}/decide", params={"token": token, "decision": "confirmed"}).status_code == 405
    assert session.store.history() == []
    # a token of another run does not work either
    other = review_session(session.report, session.store, "x")
    assert other.token != session.token
    assert client.post(f"/d/{fp}/decide", data={"decision": "confirmed", "token": other.token}).status_code == 403


def test_bad_decisions_are_4xx_and_write_nothing(served):
    server, client, session = served
    fp = _fps(session)[0]
    token = _token(client.get(f"/d/{fp}").text)
    assert client.post(f"/d/{fp}/decide", data={"token": token, "decision": "dismissed"}).status_code == 400
    assert client.post(f"/d/{fp}/decide", data={"token": token, "decision": "approve"}).status_code == 400
    assert client.post("/d/0000/decide", data={"token": token, "decision": "confirmed"}).status_code == 404
    assert client.get("/d/0000").status_code == 404
    assert session.store.history() == []


def test_twenty_concurrent_decision_requests_all_reach_the_audit_trail(served):
    server, client, session = served
    fp = _fps(session)[0]
    token = _token(client.get(f"/d/{fp}").text)
    barrier = threading.Barrier(20)
    statuses: list[int] = []

    def post(n: int) -> None:
        with httpx.Client(base_url=server.url.rstrip("/"), timeout=20) as own:
            barrier.wait()
            r = own.post(f"/d/{fp}/decide", data={"token": token, "decision": ("confirmed", "follow_up")[n % 2],
                                                  "reviewer": f"r{n}", "note": f"n{n}"},
                         headers={"Accept": "application/json"})
            statuses.append(r.status_code)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200] * 20
    trail = client.get(f"/api/d/{fp}/history").json()
    assert sorted(h["reviewer"] for h in trail) == sorted(f"r{n}" for n in range(20))
    assert [h["old"] for h in trail[1:]] == [h["new"] for h in trail[:-1]]  # no write was lost in between
    assert session.store.decision(fp).reviewer == trail[-1]["reviewer"]  # the later write wins


def test_article_text_is_escaped_everywhere(served):
    server, client, session = served
    pages = [client.get("/"), client.get("/", params={"q": "<script>"})]
    pages += [client.get(f"/d/{fp}") for fp in _fps(session)]
    pages.append(client.get("/article/a3"))
    hostile = next(fp for fp, d in zip(_fps(session), session.report["divergences"]) if d["kind"] == "quote_drift")
    token = _token(pages[2].text)
    client.post(f"/d/{hostile}/decide", data={"token": token, "decision": "confirmed",
                                              "note": "<img src=x onerror=alert(1)>"})
    pages.append(client.get(f"/d/{hostile}"))
    for page in pages:
        assert page.status_code == 200
        assert "<script>window.__pwned" not in page.text and "<b>fett</b>" not in page.text
        assert "<img src=x" not in page.text
    assert "&lt;script&gt;window.__pwned = 2&lt;/script&gt;" in pages[-1].text
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[-1].text
    assert HOSTILE_SENTENCE not in pages[-2].text and HOSTILE_TITLE not in pages[-2].text


def test_responses_carry_a_strict_content_security_policy(served):
    server, client, _ = served
    for path in ("/", "/static/review.js", "/nope"):
        r = client.get(path)
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/", headers={"Host": "evil.example"}).headers["x-frame-options"] == "DENY"
    assert client.get("/static/../store.py").status_code == 404
    assert "<script>" not in client.get("/").text  # no inline script: the CSP would block it


def test_nothing_is_written_outside_the_database(served, tmp_path):
    server, client, session = served
    fp = _fps(session)[0]
    token = _token(client.get(f"/d/{fp}").text)
    client.post(f"/d/{fp}/decide", data={"token": token, "decision": "confirmed"})
    files = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    assert files == ["reviews.sqlite", "reviews.sqlite-shm", "reviews.sqlite-wal"]


@pytest.mark.model
def test_decisions_made_in_the_app_make_the_check_pass_on_the_seeds(tmp_path, capsys, seed_analysis, seed_report):
    """End to end: the seeds' divergences decided over HTTP, exported to a baseline, gate passes."""
    import json

    from factcheck.cli import main
    from tests.conftest import SEEDS

    db = tmp_path / "reviews.sqlite"
    store = ReviewStore(db)
    session = review_session(seed_report, store, "anna", seed_analysis.judgements)
    server = ReviewServer(session).start()
    try:
        assert main(["check", str(SEEDS), "--db", str(db), "-b", str(tmp_path / "none.json"), "--format", "json"]) \
            == 2  # a named baseline must exist
        capsys.readouterr()
        assert main(["check", str(SEEDS), "--db", str(db), "--format", "json"]) == 1  # nothing decided yet
        assert json.loads(capsys.readouterr().out)["counts"]["new"] == len(seed_report["divergences"])
        with httpx.Client(base_url=server.url.rstrip("/"), timeout=20) as client:
            fps = [d["fingerprint"] for d in seed_report["divergences"]]
            token = _token(client.get(f"/d/{fps[0]}").text)
            decisions = [{"decision": "dismissed", "reason": "same_fact", "note": "gleiche Aussage"},
                         {"decision": "confirmed"}, {"decision": "follow_up", "note": "Agentur fragen"}]
            for n, fp in enumerate(fps):
                r = client.post(f"/d/{fp}/decide", data={"token": token, **decisions[n % 3]})
                assert r.status_code == 303
    finally:
        server.stop()
        store.close()
    baseline = tmp_path / "baseline.json"
    assert main(["baseline", "export", "--db", str(db), "-o", str(baseline)]) == 0
    assert f"{len(fps)} decisions from {db}" in capsys.readouterr().out
    entries = {e["fingerprint"]: e for e in json.loads(baseline.read_text(encoding="utf-8"))["entries"]}
    assert entries[fps[0]]["decision"] == "dismissed" and entries[fps[0]]["note"] == "same fact: gleiche Aussage"
    assert main(["check", str(SEEDS), "-b", str(baseline)]) == 0
    assert "check passed" in capsys.readouterr().out
    assert main(["check", str(SEEDS), "--db", str(db), "--format", "json"]) == 0
    counts = json.loads(capsys.readouterr().out)["counts"]
    assert counts["new"] == 0 and counts["failing"] == 0


def test_the_queue_does_not_wrap_a_quotation_in_a_second_pair_of_marks(served):
    _, client, _ = served
    html = client.get("/").text
    sides = re.findall(r'<q class="q-side( own-quotes)?"(?: lang="de")?>([^<]*)</q>', html)
    assert sides
    for own, text in sides:
        # its own marks: it opens with one or has a double one inside („Sie sagte: „…““ would nest them)
        double = any(m in text for m in ("„", "“", "”", "&#34;", "&quot;", "»", "«"))
        assert bool(own) == (text.lstrip().startswith("‚") or double), text
    assert any(own for own, _ in sides) and any(not own for own, _ in sides)


def test_bound_to_every_interface_it_answers_to_its_own_names_and_allowed_ones_only(tmp_path):
    import socket

    store = ReviewStore(tmp_path / "reviews.sqlite")
    session = review_session(review_report(), store, "anna")
    server = ReviewServer(session, "0.0.0.0", 0, ("review.example.org",)).start()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{server.port}", timeout=10) as client:
            for host in (f"review.example.org:{server.port}", f"localhost:{server.port}",
                         f"{socket.gethostname()}:{server.port}"):
                assert client.get("/", headers={"Host": host}).status_code == 200, host
            for host in (f"evil.example:{server.port}", f"review.example.org:{server.port + 1}"):
                assert client.get("/", headers={"Host": host}).status_code == 400, host
    finally:
        server.stop()
        store.close()


def test_the_queue_line_counts_in_english_and_the_browser_gets_no_404_for_an_icon(served):
    from factcheck.review.app import _report_line

    server, client, session = served
    assert client.get("/favicon.ico").status_code == 204
    report = {"summary": {"articles": 5, "outlets": []}, "divergences": [{}]}
    assert _report_line(report) == "5 articles (outlets unknown); 1 divergence"
    report = {"summary": {"articles": 1, "outlets": ["taz"]}, "divergences": [{}, {}]}
    assert _report_line(report) == "1 article from 1 outlet; 2 divergences"
