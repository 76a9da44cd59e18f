"""report.html in headless Chromium: what an editor sees and does.

Runs Debian's Chromium through Playwright (tests/browser.py). Skipped with the
reason when Chromium is missing on a developer machine; in CI (``CI`` set) a
missing browser fails instead, so the browser layer cannot silently vanish.
Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.report.html import FIRST_FINDINGS, render_html
from tests.browser import Browser, Session, open_browser
from tests.conftest import ROOT
from tests.report_factory import HOSTILE_SENTENCE, HOSTILE_TITLE, make_report, node_link_graph, with_

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
LOAD_BUDGET_MS = 2000


browser = pytest.fixture(scope="module", name="browser")(open_browser)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The test reports written as files, by name."""
    folder = tmp_path_factory.mktemp("reports")
    small = make_report()
    reports = {
        "small": small,
        "hostile": make_report(hostile=True),
        "graph": with_(small, graph=node_link_graph(small, edges_key="edges")),
        "big": make_report(n_articles=100),
    }
    paths = {}
    for name, report in reports.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(render_html(report), encoding="utf-8")
    return paths


def open_report(browser: Browser, path: Path, width: int = 1280, height: int = 900, hash: str = "") -> Session:
    session = browser.new_session(width, height)
    session.page.goto(path.as_uri() + hash)
    session.page.wait_for_function("window.factcheckReport && window.factcheckReport.ready", timeout=10_000)
    return session


def load_timing(page) -> dict[str, float]:
    """When the page was usable: the later of DOMContentLoaded and the report's first render (ms)."""
    return page.evaluate("""() => { const nav = performance.getEntriesByType('navigation')[0];
        const rendered = performance.getEntriesByName('fc-rendered')[0].startTime;
        return {dom_content_loaded_ms: nav.domContentLoadedEventEnd, first_render_ms: rendered,
                ready_ms: Math.max(nav.domContentLoadedEventEnd, rendered)}; }""")


def assert_clean(session: Session) -> None:
    """No console errors, and the page asked for nothing but its own file."""
    assert session.console_errors == []
    assert session.blocked == []
    assert all(url.startswith(("file:", "data:", "blob:", "about:")) for url in session.requests)


@pytest.fixture
def small(browser, pages):
    session = open_report(browser, pages["small"])
    yield session
    session.page.close()


def cards(page) -> list[str]:
    """The kinds of the finding cards shown, in order."""
    return page.eval_on_selector_all("#fc-finding-list .finding", "els => els.map(e => e.dataset.kind)")


def test_top_finding_is_visible_at_the_top_with_both_sentences_and_cues(small):
    page = small.page
    top = page.locator("#fc-finding-list .finding").first
    assert top.is_visible()
    assert top.get_attribute("data-kind") == "contradict"
    quotes = top.locator("blockquote.sentence")
    assert all(quotes.nth(i).bounding_box()["y"] < 850 for i in (0, 1)), (
        "both sentences of the most important finding are on the first screen")
    assert quotes.nth(0).inner_text().startswith("„Wir werden die Brücke nicht abreißen“")
    assert quotes.nth(1).inner_text().startswith("Einen Abriss der Brücke schließt")
    assert quotes.nth(0).bounding_box()["y"] == pytest.approx(quotes.nth(1).bounding_box()["y"], abs=2), (
        "side by side at 1280 px")
    marks = top.locator("mark.ev")
    assert marks.count() == 6
    assert all(marks.nth(i).is_visible() for i in range(marks.count()))
    # the highlight does not rely on colour alone: an underline pattern and the written label
    style = marks.first.evaluate("m => [getComputedStyle(m).textDecorationLine, getComputedStyle(m).textDecorationStyle,"
                                 " getComputedStyle(m, '::after').content]")
    assert style == ["underline", "wavy", '"negation"']
    assert_clean(small)


def test_server_and_browser_render_the_same_finding_cards(small):
    same = small.page.evaluate("""() => Array.from(document.querySelectorAll('#fc-finding-list .finding'))
        .map(el => el.isEqualNode(window.factcheckReport.findingCard(Number(el.dataset.index))))""")
    assert same == [True] * 6


def test_kind_outlet_and_severity_filters_change_the_list(small):
    page = small.page
    assert cards(page) == ["contradict", "number_mismatch", "date_mismatch", "attribution", "agree", "agree"]
    page.select_option("#fc-f-kind", "agree")
    assert cards(page) == ["agree", "agree"]
    assert page.inner_text("#fc-count") == "Showing 2 of 2 findings (filtered from 6)"
    page.select_option("#fc-f-outlet", "Tagesblatt Süd")
    assert cards(page) == ["agree"]
    page.select_option("#fc-f-kind", "")
    page.select_option("#fc-f-severity", "medium")
    assert cards(page) == ["date_mismatch"]
    page.select_option("#fc-f-outlet", "Rundschau Nord")
    assert cards(page) == ["number_mismatch"]
    page.select_option("#fc-f-outlet", "Tagesblatt Süd")
    page.select_option("#fc-f-severity", "high")
    assert cards(page) == []
    assert "No finding matches these filters" in page.inner_text("#fc-finding-list")
    page.click("[data-action=reset-filters]")
    page.wait_for_function("document.querySelectorAll('#fc-finding-list .finding').length === 6")
    assert page.input_value("#fc-f-kind") == ""
    assert_clean(small)


def wait_for_cards(page, kinds: list[str]) -> None:
    """Wait until the list shows cards of these kinds (the search box reacts after a short pause)."""
    try:
        page.wait_for_function(
            """want => JSON.stringify(Array.from(document.querySelectorAll('#fc-finding-list .finding'))
                .map(e => e.dataset.kind)) === want""", arg=json.dumps(kinds, separators=(",", ":")), timeout=3000)
    except Exception:
        pytest.fail(f"list shows {cards(page)}, expected {kinds}")


def test_search_box_filters_by_words_ignoring_case_and_accents(small):
    page = small.page
    page.fill("#fc-f-search", "juni")
    wait_for_cards(page, ["date_mismatch"])
    page.fill("#fc-f-search", "ozturk")  # finds "Öztürk"
    wait_for_cards(page, ["attribution"])
    page.fill("#fc-f-search", "millionen euro")
    wait_for_cards(page, ["number_mismatch"])
    assert page.inner_text("#fc-count") == "Showing 1 of 1 findings (filtered from 6)"
    page.fill("#fc-f-search", "")
    wait_for_cards(page, ["contradict", "number_mismatch", "date_mismatch", "attribution", "agree", "agree"])
    assert_clean(small)


def test_graph_view_draws_nodes_and_labelled_edges_for_the_findings(small):
    page = small.page
    page.click("#fc-graph-draw")
    page.wait_for_function("window.factcheckReport.graph !== null")
    graph = page.evaluate("""() => { const cy = window.factcheckReport.graph;
        return {sentences: cy.nodes('[kind = "sentence"]').length, articles: cy.nodes('[kind = "article"]').length,
                labels: cy.edges().map(e => e.data('label')).filter(Boolean).sort(),
                colours: Object.fromEntries(cy.edges().map(e => [e.data('kind'), e.data('colour')])) }; }""")
    assert graph["sentences"] == 10 and graph["articles"] == 3
    assert graph["labels"] == sorted(["contradict", "number mismatch", "date mismatch", "attribution", "agree", "agree"])
    assert graph["colours"]["contradict"] != graph["colours"]["agree"]
    assert page.locator("#fc-graph-canvas canvas").count() > 0
    assert page.locator("#fc-graph-canvas").bounding_box()["height"] > 300
    # the same graph as text, for keyboards and screen readers
    assert page.locator("#fc-graph-list li").count() == 6
    # filtering the findings redraws the graph with what matches
    page.select_option("#fc-f-kind", "contradict")
    assert page.evaluate("window.factcheckReport.graph.edges('[kind = \"contradict\"]').length") == 1
    assert page.evaluate("window.factcheckReport.graph.edges('[kind = \"agree\"]').length") == 0
    assert_clean(small)


def test_graph_view_draws_the_findings_even_when_the_full_graph_is_embedded(browser, pages):
    # the full claim graph (speakers, entities, every claim) stays in the JSON and GraphML;
    # on screen the reader follows the findings between claims
    session = open_report(browser, pages["graph"])
    page = session.page
    page.click("#fc-graph-draw")
    page.wait_for_function("window.factcheckReport.graph !== null")
    kinds = page.evaluate(
        "window.factcheckReport.graph.edges().filter(e => e.data('finding') !== undefined).map(e => e.data('kind')).sort()"
    )
    assert kinds == sorted(f["kind"] for f in make_report()["findings"])
    assert page.evaluate("window.factcheckReport.graph.nodes('[kind = \"entity\"]').length") == 0
    assert_clean(session)
    page.close()


def test_a_page_that_links_its_assets_works_as_the_self_contained_one(browser, tmp_path):
    # the per-event pages of a large corpus share one copy of the styles, scripts and graph library
    from factcheck.report.html import page_assets

    (tmp_path / "assets").mkdir()
    for name, text in page_assets().items():
        (tmp_path / "assets" / name).write_text(text, encoding="utf-8")
    path = tmp_path / "linked.html"
    path.write_text(render_html(make_report(), "assets"), encoding="utf-8")
    session = open_report(browser, path)
    page = session.page
    assert cards(page)[0] == "contradict"
    assert page.evaluate("getComputedStyle(document.querySelector('.finding')).borderLeftStyle") != "none"
    page.click("#fc-graph-draw")
    page.wait_for_function("window.factcheckReport.graph !== null")
    assert page.evaluate("window.factcheckReport.graph.nodes('[kind = \"sentence\"]').length") == 10
    assert_clean(session)
    page.close()


def test_sentence_link_opens_the_article_at_the_sentence_and_back(small):
    page = small.page
    assert page.locator("#fc-articles details.article[open]").count() == 0  # articles start folded
    page.locator("#fc-finding-list .finding").first.locator("a.sent-link").nth(1).click()
    target = page.locator('[id="a2:s2"]')
    assert target.is_visible()
    assert "is-target" in target.get_attribute("class")
    assert page.evaluate("document.activeElement.id") == "a2:s2"
    assert page.evaluate("location.hash") == "#a2:s2"
    article = page.locator('[id="article:a2"]')
    assert article.get_attribute("open") is not None
    # aligned sentences are marked and link to their partners and findings
    assert "aligned" in target.get_attribute("class")
    refs = article.locator(".sent.flagged + .refs a").all_inner_texts()
    assert "↔ Lindenauer Bote" in refs and "⚑ contradict" in refs
    # removed page furniture is folded away but there
    page.locator('[id="article:a1"] summary').first.click()
    removed = page.locator('[id="article:a1"] details.removed')
    assert removed.get_attribute("open") is None
    removed.locator("summary").click()
    assert "Lesen Sie auch: Der neue Busfahrplan" in removed.inner_text()
    # and the ⚑ link leads back to the finding
    article.locator("a.flag", has_text="contradict").click()
    assert page.evaluate("document.activeElement.dataset.kind") == "contradict"
    assert_clean(small)


def test_deep_link_to_a_sentence_opens_its_article(browser, pages):
    session = open_report(browser, pages["small"], hash="#a3:s1")
    page = session.page
    assert page.locator('[id="a3:s1"]').is_visible()
    assert page.locator('[id="article:a3"]').get_attribute("open") is not None
    assert_clean(session)
    page.close()


def test_facts_flag_single_sources_and_timeline_marks_changes(small):
    page = small.page
    facts = page.locator("#fc-facts .fact")
    assert facts.count() == 3
    assert page.locator("#fc-facts .fact.single .badge.single").count() == 2
    page.check("#fc-facts-single")
    assert facts.count() == 2
    statements = page.locator("#fc-timeline .statement")
    assert statements.all_inner_texts()[0].startswith("2024-03-04")  # in the order it was said
    assert page.locator("#fc-timeline .statement.changed .changed-tag").inner_text() == (
        "changed: ruled out → possible")
    assert_clean(small)


def test_a_timeline_without_a_change_marks_no_step_changed(browser, tmp_path):
    # the same statements, but the analysis found no change of position: "ruled out" then "possible"
    # from two reports is shown as it is, without a "changed" marker
    report = make_report()
    report["timeline"][0]["changed"] = False
    path = tmp_path / "unchanged.html"
    path.write_text(render_html(report), encoding="utf-8")
    session = open_report(browser, path)
    page = session.page
    assert page.locator("#fc-timeline .statement").count() == 2
    assert page.locator("#fc-timeline .statement.changed").count() == 0
    assert page.locator("#fc-timeline .changed-tag").count() == 0
    assert_clean(session)
    page.close()


def test_keyboard_reaches_filters_graph_and_articles_with_visible_focus(small):
    page = small.page
    reached, outlines = [], set()
    for _ in range(80):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const el = document.activeElement; const s = getComputedStyle(el);
            return [el.id || el.tagName.toLowerCase(), s.outlineStyle, s.outlineWidth]; }""")
        reached.append(info[0])
        outlines.add((info[1], info[2]))
    assert reached[0] == "a" and page.evaluate("document.querySelector('.skip').textContent") == "Skip to the findings"
    for control in ("fc-f-kind", "fc-f-outlet", "fc-f-severity", "fc-f-search", "fc-graph-draw"):
        assert control in reached, f"{control} is not reachable with Tab"
    assert reached.index("fc-f-kind") < reached.index("fc-f-search") < reached.index("fc-graph-draw")
    assert ("none", "0px") not in outlines, "every focused element shows a focus ring"
    # the graph is drawn from the keyboard, and its canvas takes the focus
    page.focus("#fc-graph-draw")
    page.keyboard.press("Enter")
    page.wait_for_function("window.factcheckReport.graph !== null")
    assert page.evaluate("document.activeElement.id") == "fc-graph-canvas"
    zoom = page.evaluate("window.factcheckReport.graph.zoom()")
    page.keyboard.press("+")
    assert page.evaluate("window.factcheckReport.graph.zoom()") > zoom
    # an article opens from the keyboard
    page.focus('[id="article:a1"] summary')
    page.keyboard.press("Enter")
    # the body renders on the details' toggle event, which fires after the key press returns
    page.locator('[id="a1:s0"]').wait_for(state="visible", timeout=5_000)
    assert_clean(small)


def test_markup_in_titles_and_sentences_stays_text(browser, pages):
    session = open_report(browser, pages["hostile"])
    page = session.page
    assert page.evaluate("window.__pwned") is None
    assert page.locator('[id="article:a3"] summary .title').inner_text() == HOSTILE_TITLE
    page.locator('[id="article:a3"] summary').click()
    assert page.locator('[id="a3:s3"]').inner_text() == HOSTILE_SENTENCE
    assert page.locator('[id="article:a3"] .url').inner_text() == "javascript:alert(1)"
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.locator("#fc-finding-list b").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert_clean(session)
    page.close()


def test_narrow_screen_has_no_sideways_scroll_and_stacks_the_sentences(browser, pages):
    ARTIFACTS.mkdir(exist_ok=True)
    session = open_report(browser, pages["small"], width=390, height=844)
    page = session.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    quotes = page.locator("#fc-finding-list .finding").first.locator("blockquote.sentence")
    assert quotes.nth(1).bounding_box()["y"] > quotes.nth(0).bounding_box()["y"] + 20, "A above B on a phone"
    page.screenshot(path=str(ARTIFACTS / "report-narrow-390.png"), full_page=True)
    page.screenshot(path=str(ARTIFACTS / "report-narrow-390-first-screen.png"))
    page.click("#fc-graph-draw")
    page.wait_for_function("window.factcheckReport.graph !== null")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_clean(session)
    page.close()


def test_desktop_screenshots(browser, pages):
    ARTIFACTS.mkdir(exist_ok=True)
    session = open_report(browser, pages["small"])
    page = session.page
    page.screenshot(path=str(ARTIFACTS / "report-desktop-1280.png"), full_page=True)
    page.click("#fc-graph-draw")
    page.wait_for_function("window.factcheckReport.graph !== null")
    page.locator('[id="article:a2"] summary').click()
    page.locator("#fc-graph").screenshot(path=str(ARTIFACTS / "report-desktop-1280-graph.png"))
    page.locator("#fc-articles").screenshot(path=str(ARTIFACTS / "report-desktop-1280-articles.png"))
    assert (ARTIFACTS / "report-desktop-1280.png").stat().st_size > 10_000
    assert_clean(session)
    page.close()


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_hundred_articles_open_fast_and_render_lazily(browser, pages, width, height):
    session = open_report(browser, pages["big"], width, height)
    page = session.page
    timing = load_timing(page)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"load-time-100-articles-{width}.json").write_text(json.dumps(timing, indent=2) + "\n")
    assert timing["ready_ms"] < LOAD_BUDGET_MS, timing
    total = page.evaluate("window.factcheckReport.report.findings.length")
    assert page.locator("#fc-finding-list .finding").count() == FIRST_FINDINGS < total
    assert page.locator("#fc-articles details.article").count() == 20
    assert page.locator("#fc-articles .sent").count() == 0  # article bodies wait until opened
    more = page.locator("#fc-more-findings")
    assert more.inner_text() == f"Show {FIRST_FINDINGS} more findings ({total - FIRST_FINDINGS} left)"
    more.click()
    assert page.locator("#fc-finding-list .finding").count() == 2 * FIRST_FINDINGS
    assert page.evaluate("document.activeElement.dataset.index") == str(FIRST_FINDINGS)
    page.locator("#fc-articles button.more").click()
    assert page.locator("#fc-articles details.article").count() == 40
    # a link to a sentence of an article not rendered yet still lands on it
    page.evaluate("window.factcheckReport.reveal('art099:s3')")
    assert page.locator('[id="art099:s3"]').is_visible()
    if width == 1280:
        page.screenshot(path=str(ARTIFACTS / "report-100-articles-desktop-1280.png"))
    assert_clean(session)
    page.close()


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory, seed_report):
    """The seed articles through the whole pipeline with the real model, as report.html."""
    path = tmp_path_factory.mktemp("seed") / "report.html"
    path.write_text(render_html(seed_report), encoding="utf-8")
    return path, seed_report


@pytest.mark.model
def test_seed_report_shows_its_top_divergence_first_with_both_sides(browser, seed_page):
    path, report = seed_page
    session = open_report(browser, path)
    page = session.page
    assert report["divergences"], "the seed articles yield divergences"
    top, card = report["divergences"][0], page.locator("#fc-divergences article.divergence").first
    assert card.is_visible()
    sides = card.locator(":scope > .sides blockquote.sentence")  # not the folded pairs underneath
    assert all(box["y"] < 850 for box in (q.bounding_box() for q in sides.all())), (
        "both sides of the top divergence are on the first screen")
    assert card.get_attribute("data-kind") == top["kind"]
    assert sides.all_inner_texts() == [s["text"] for s in top["sides"]]
    # its sentence pairs are folded underneath, rendered as finding cards
    card.locator("details.div-evidence summary").click()
    assert card.locator("details.div-evidence .finding").count() == len(top["evidence"])
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "seed-report-desktop-1280.png"))
    assert_clean(session)
    page.close()


def test_seed_report_flagship_is_the_position_change(seed_page):
    # the flagship: the USA rule out a military cooperation with Iran that Kerry called possible a day before
    _, report = seed_page
    assert report["divergences"][0]["kind"] == "position_change"


SEMEVAL = ROOT.parent / "shared" / "eval" / "semeval22-de-news" / "dede_same_story_clusters.json"


@pytest.mark.model
@pytest.mark.slow
def test_largest_semeval_cluster_report_opens_fast(browser, tmp_path):
    """Real news: the largest same-story cluster of SemEval-2022 (texts stay outside the repo)."""
    if not SEMEVAL.exists():
        pytest.skip(f"{SEMEVAL} is missing")
    from factcheck import analyze
    from factcheck.records import Article
    from factcheck.report import build_report

    clusters = json.loads(SEMEVAL.read_text(encoding="utf-8"))
    largest = max(clusters, key=lambda c: c["n_articles"])
    articles = {
        a["id"]: Article(id=a["id"], title=a["title"] or a["id"], text=a["text"], language="de", source=str(SEMEVAL))
        for a in largest["articles"]
        if a["text"].strip()
    }
    report = build_report(analyze(list(articles.values())))
    path = tmp_path / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    session = open_report(browser, path)
    page = session.page
    timing = load_timing(page)
    ARTIFACTS.mkdir(exist_ok=True)
    timing["articles"], timing["findings"] = len(articles), len(report["findings"])
    (ARTIFACTS / "load-time-semeval-largest-cluster.json").write_text(json.dumps(timing, indent=2) + "\n")
    assert timing["ready_ms"] < LOAD_BUDGET_MS, timing
    assert page.locator("#fc-finding-list .finding").count() == min(len(report["findings"]), FIRST_FINDINGS)
    page.screenshot(path=str(ARTIFACTS / "report-semeval-largest-cluster-1280.png"))
    assert_clean(session)
    page.close()
