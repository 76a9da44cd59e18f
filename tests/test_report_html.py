"""report.html without a browser: parse the page and check structure, escaping and self-containment."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from factcheck.report import WRITERS
from factcheck.report.html import FIRST_FINDINGS, highlight, label_group, locate_spans, render_html, script_json
from tests.report_factory import HOSTILE_SENTENCE, HOSTILE_TITLE, make_report, node_link_graph, with_

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    """A parsed element: tag, attributes, children (elements and text)."""

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        return [
            n for n in self.iter()
            if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
            and all(n.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag} class={cls} {attrs}>"
        return found[0]


class TreeBuilder(HTMLParser):
    """html.parser into a small tree; checks that every element is closed where it was opened."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(page: str) -> Node:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.current is builder.root, f"<{builder.current.tag}> never closed"
    assert builder.doctype.lower() == "doctype html"
    return builder.root


@pytest.fixture(scope="module")
def report():
    return make_report()


@pytest.fixture(scope="module")
def page(report):
    return render_html(report)


@pytest.fixture(scope="module")
def doc(page):
    return parse(page)


def embedded(doc: Node) -> dict:
    return json.loads(doc.find("script", id="fc-data").text())


def test_html_is_a_registered_writer():
    name, render = WRITERS["html"]
    assert name == "report.html"
    assert render is render_html


def test_page_declares_utf8_and_renders_umlauts_and_german_quotes(page, doc):
    assert doc.find("meta", charset="utf-8")
    assert page.index('charset="utf-8"') < 1024  # within the first kilobyte, as browsers require
    first = doc.find("article", cls="finding")
    assert "„Wir werden die Brücke nicht abreißen“, sagte Bürgermeisterin Petra Höfer." in first.text()


def test_summary_counts_articles_outlets_dates_and_kinds(report, doc):
    summary = doc.find("section", id="fc-summary")
    stats = {dt.text(): dd.text() for dt, dd in zip(summary.find_all("dt"), summary.find_all("dd"))}
    assert stats["articles"] == "3"
    assert stats["outlets"] == "3"
    assert stats["published"] == "2024-03-04 to 2024-03-06"
    assert stats["findings"] == str(len(report["findings"]))
    assert stats["aligned pairs"] == "7 across, 0 within"
    assert "Lindenauer Bote, Rundschau Nord, Tagesblatt Süd" in summary.find("p", cls="outlets").text()
    # labelled as pair counts: an editor must not read them as divergences ("contradict 2" above one position change)
    assert summary.find("p", cls="kinds-lbl").text() == "Sentence pairs by kind:"
    kinds = [(li.find("span", cls="kind").text(), li.find("span", cls="n").text())
             for li in summary.find("ul", cls="kind-counts").find_all("li")]
    # ordered by the most important finding of each kind: the contradiction leads
    assert kinds == [("contradict", "1"), ("number mismatch", "1"), ("date mismatch", "1"), ("attribution", "1"),
                     ("agree", "2")]
    rows = summary.find("table").find("tbody").find_all("tr")
    assert [r.find_all("td")[0].text() for r in rows] == ["Lindenauer Bote", "Rundschau Nord", "Tagesblatt Süd"]


def test_the_lede_and_title_count_in_english(report):
    one = json.loads(json.dumps(report))
    one["summary"].update(articles=1, findings=1, divergences=1)
    page = render_html(one)
    assert "1 article from" in page and "1 divergence, 1 finding." in page and "1 divergences" not in page
    assert "factcheck report · 1 article · 1 divergence, 1 finding" in page


def test_summary_cards_write_large_counts_as_the_lede_does(report):
    big = json.loads(json.dumps(report))
    big["summary"].update(sentences=12755, findings=2392, pairs_cross=3782, pairs_intra=1160, removed=1328)
    summary = parse(render_html(big)).find("section", id="fc-summary")
    stats = {dt.text(): dd.text() for dt, dd in zip(summary.find_all("dt"), summary.find_all("dd"))}
    assert stats["sentences"] == "12,755" and stats["findings"] == "2,392" and stats["removed lines"] == "1,328"
    assert stats["aligned pairs"] == "3,782 across, 1,160 within"


def test_one_card_per_finding_in_report_order_with_both_sentences(report, doc):
    cards = doc.find_all("article", cls="finding")
    assert [c.attrs["data-kind"] for c in cards] == [f["kind"] for f in report["findings"]]
    sentences = {s["id"]: s["text"] for a in report["articles"] for s in a["sentences"]}
    for n, (card, finding) in enumerate(zip(cards, report["findings"])):
        assert card.attrs["data-index"] == str(n)
        assert card.attrs["id"] == f"finding-{finding['fingerprint']}"
        quotes = card.find_all("blockquote", cls="sentence")
        assert [q.text() for q in quotes] == [sentences[finding["a"]], sentences[finding["b"]]]
        assert card.find("p", cls="explanation").text() == finding["explanation"]
        links = [a.attrs["href"] for a in card.find_all("a", cls="sent-link")]
        assert links == [f"#{finding['a']}", f"#{finding['b']}"]
        assert card.find("code", cls="code").text() == finding["code"]


def test_top_finding_shows_outlets_dates_severity_and_highlights_by_label(doc):
    top = doc.find("article", cls="finding")
    assert top.find("span", cls="kind").text() == "contradict"
    assert top.find("span", cls="sev").text() == "high"
    captions = [c.text() for c in top.find_all("figcaption")]
    assert "Lindenauer Bote" in captions[0] and "2024-03-04" in captions[0]
    assert "Rundschau Nord" in captions[1] and "2024-03-05" in captions[1]
    a, b = top.find_all("blockquote", cls="sentence")
    assert [(m.text(), m.attrs["data-label"]) for m in a.find_all("mark")] == [
        ("nicht", "negation"), ("Petra Höfer", "speaker")]
    # the cue over separated words ("schließt … nicht … aus") is marked word by word
    assert [(m.text(), m.attrs["data-label"]) for m in b.find_all("mark")] == [
        ("schließt", "negation"), ("Petra Höfer", "speaker"), ("nicht", "negation"), ("aus", "negation")]
    # its label is written once, after the last word
    assert [m.attrs["class"] for m in b.find_all("mark")] == [
        "ev ev-cue ev-part", "ev ev-speaker", "ev ev-cue ev-part", "ev ev-cue"]
    assert {m.attrs["class"] for m in a.find_all("mark")} == {"ev ev-cue", "ev ev-speaker"}
    # the evidence is also spelled out in words, one item per label
    items = [li.text() for li in top.find("ul", cls="evidence").find_all("li")]
    assert items == ["negationAnichtBschließt … nicht … aus", "speakerAPetra HöferBPetra Höfer"]


def test_evidence_is_quoted_in_the_marks_of_its_sides_language(report):
    # a German side's words in „…“, an English side's in “…” (the stylesheet's quotes by lang)
    articles = [dict(a, language="en") if n == 1 else a for n, a in enumerate(report["articles"])]
    top = parse(render_html(with_(report, articles=articles))).find("article", cls="finding")
    sides = {a["id"]: a["language"] for a in articles}
    finding = report["findings"][0]
    want = {"A": sides[finding["a"].split(":")[0]], "B": sides[finding["b"].split(":")[0]]}
    items = top.find("ul", cls="evidence").find_all("span", cls="ev-item")
    assert items and all(i.find("q").attrs.get("lang") == want[i.find("span", cls="ev-side").text()] for i in items)
    assert set(want.values()) == {"de", "en"}
    css = render_html(report)
    assert '.evidence q:lang(de) { quotes: "„" "“"' in css and '.evidence q { quotes: "“" "”"' in css


def test_number_evidence_is_highlighted_on_both_sides(doc):
    card = doc.find_all("article", cls="finding")[1]
    assert [m.text() for m in card.find_all("mark", cls="ev-number")] == ["4,2 Millionen Euro", "5,8 Millionen Euro"]


@pytest.mark.parametrize("label, group", [
    ("negation", "cue"), ("polarity", "cue"), ("modality", "cue"), ("status", "cue"), ("number", "number"), ("quantity", "number"),
    ("speaker", "speaker"), ("quote", "quote"), ("wording", "quote"), ("time", "time"), ("date", "time"),
    ("entity", "entity"), ("something new", "other"),
])
def test_each_evidence_label_has_a_highlight_style(label, group):
    assert label_group(label) == group


def test_spans_with_stale_offsets_are_found_by_text_and_overlaps_dropped():
    text = "Die Kosten liegen bei 5,8 Millionen Euro."
    spans = [
        {"start": 0, "end": 3, "text": "5,8", "label": "number"},  # wrong offsets, text is there
        {"start": 22, "end": 35, "text": "5,8 Millionen", "label": "number"},  # same start, longer: wins
        {"start": 4, "end": 10, "label": "cue"},  # no text: offsets taken as given
        {"start": 0, "end": 2, "text": "gibt es nicht", "label": "cue"},  # nowhere: left out
        {"start": 99, "end": 120, "label": "cue"},  # out of range, no text: left out
    ]
    assert [(a, b) for a, b, _ in locate_spans(text, spans)] == [(4, 10), (22, 35)]
    assert highlight("a < b & c", [{"start": 4, "end": 5, "label": "x", "text": "b"}]) == (
        'a &lt; <mark class="ev ev-other" data-label="x">b</mark> &amp; c')


def test_script_in_title_and_sentence_renders_as_text():
    report = make_report(hostile=True)
    page = render_html(report)
    doc = parse(page)
    # the only <script> elements are the page's own three
    scripts = doc.find_all("script")
    assert [s.attrs.get("type") for s in scripts] == ["application/json", "text/plain", None]
    assert "window.__pwned" not in scripts[2].text()
    row = doc.find("table").find("tbody").find_all("tr")[-1]
    assert row.find_all("td")[2].text() == HOSTILE_TITLE
    card = doc.find("article", cls="finding", id="finding-fp0007quot")
    assert card.find_all("blockquote", cls="sentence")[1].text() == HOSTILE_SENTENCE
    assert card.find("mark").text() == "<script>window.__pwned = 2</script>"
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "<b>fett</b>" not in page.split('id="fc-data"')[0]
    # the url is shown as text by the script, never as a link
    assert not [a for a in doc.find_all("a") if "javascript:" in (a.attrs.get("href") or "")]
    assert embedded(doc) == report


def test_embedded_json_round_trips_and_escapes_markup_characters(report, page, doc):
    assert embedded(doc) == report
    raw = doc.find("script", id="fc-data").text()
    assert not set(raw) & {"<", ">", "&"}
    assert script_json({"t": "</script><!-- & >"}) == '{"t":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u003e"}'
    assert json.loads(script_json({"t": "„Ä“ </script>"})) == {"t": "„Ä“ </script>"}


def test_no_external_urls_in_src_or_href(doc):
    for node in doc.iter():
        for attr in ("src", "href", "action", "srcset", "poster", "data"):
            value = node.attrs.get(attr)
            if value is not None and node.tag != "object":
                assert value.startswith("#"), f"<{node.tag} {attr}={value!r}>"
    assert not doc.find_all("link")
    assert not doc.find_all("iframe")
    assert all("src" not in s.attrs for s in doc.find_all("script"))


def test_no_network_loads_in_inline_css_or_our_script(page):
    css = page.split("<style>")[1].split("</style>")[0]
    assert not re.search(r"url\(|@import", css)
    script = page.rsplit("<script>", 1)[1]
    assert not re.search(r"https?://|fetch\(|XMLHttpRequest|import\(", script)


def test_article_urls_reach_the_reader_only_as_text(report, page):
    url = report["articles"][0]["url"]
    assert url in page  # in the embedded data, rendered by the script as text
    assert f'href="{url}"' not in page


def test_filters_are_labelled_form_controls(doc):
    form = doc.find("form", id="fc-filters")
    selects = {s.attrs["name"]: s for s in form.find_all("select")}
    assert set(selects) == {"kind", "outlet", "severity"}
    for select in selects.values():
        assert select.parent.tag == "label"  # the label wraps its control
    kinds = [o.attrs["value"] for o in selects["kind"].find_all("option")]
    assert kinds == ["", "contradict", "number_mismatch", "date_mismatch", "attribution", "agree"]
    assert [o.attrs["value"] for o in selects["severity"].find_all("option")] == ["", "high", "medium", "low", "info"]
    assert "Tagesblatt Süd" in [o.attrs["value"] for o in selects["outlet"].find_all("option")]
    assert form.find("input", type="search").parent.tag == "label"


def test_optional_sections_appear_only_with_their_keys(report):
    full = parse(render_html(with_(report, graph=node_link_graph(report))))
    assert full.find("section", id="fc-facts")
    assert full.find("section", id="fc-timeline")
    assert [a.attrs["href"] for a in full.find("nav").find_all("a")] == [
        "#fc-summary", "#fc-findings", "#fc-facts", "#fc-timeline", "#fc-graph", "#fc-articles"]
    bare = parse(render_html(with_(report, facts=None, timeline=None)))
    assert not bare.find_all("section", id="fc-facts")
    assert not bare.find_all("section", id="fc-timeline")
    assert "Facts" not in bare.find("nav").text()
    assert bare.find("section", id="fc-graph")  # drawn from the findings when there is no graph


def test_big_report_renders_only_the_first_findings_on_the_server():
    report = make_report(n_articles=100)
    assert len(report["findings"]) > FIRST_FINDINGS
    doc = parse(render_html(report))
    assert len(doc.find_all("article", cls="finding")) == FIRST_FINDINGS
    assert doc.find("main").attrs["data-page-size"] == str(FIRST_FINDINGS)
    assert doc.find("p", id="fc-count").text() == f"Showing {FIRST_FINDINGS} of {len(report['findings'])} findings"
    assert len(doc.find("table").find_all("tr")) == 101  # every article in the summary index


def test_report_without_findings_says_so(report):
    empty = with_(report, findings=[])
    empty["summary"] = dict(report["summary"], findings=0, findings_by_kind={})
    doc = parse(render_html(empty))
    assert not doc.find_all("article", cls="finding")
    assert "No findings" in doc.find("section", id="fc-findings").text()


def test_missing_outlet_date_and_unknown_sentence_still_render(report):
    odd = with_(report)
    odd["articles"][0]["outlet"] = None
    odd["articles"][0]["published"] = None
    odd["findings"][0]["b"] = "gone:s9"
    card = parse(render_html(odd)).find("article", cls="finding")
    caption_a, caption_b = (c.text() for c in card.find_all("figcaption"))
    assert caption_a.startswith("Aa1date unknown")  # the article id stands in for the outlet
    assert "(sentence not in this report)" in card.text()


def test_every_vendored_library_is_noted_with_version_licence_and_checksum():
    import hashlib
    from importlib.resources import files

    assets = files("factcheck.report") / "assets"
    note = (assets / "THIRD_PARTY.md").read_text(encoding="utf-8")
    vendored = [p for p in assets.iterdir() if p.name.endswith(".min.js")]
    assert vendored, "the graph library is vendored"
    for lib in vendored:
        digest = hashlib.sha256(lib.read_bytes()).hexdigest()
        assert f"`{lib.name}`: `{digest}`" in note, f"{lib.name} changed without its note"
        assert re.search(rf"\| `{re.escape(lib.name)}` \|.*\| MIT \|", note)


def test_factory_timeline_has_the_shape_of_the_real_records():
    from factcheck.records import Timeline
    from tests.report_factory import make_report

    for entry in make_report()["timeline"]:
        assert Timeline.from_dict(entry).statements


def test_skipped_inputs_and_cuts_are_listed_escaped_and_linked():
    skipped = [{"path": "korpus/<script>alert(1)</script>.txt", "line": None, "reason": "binary file (PNG image), not text",
                "copy_of": None},
               {"path": "korpus/feed.jsonl", "line": 7, "reason": "not valid JSON (Expecting ',' & more)", "copy_of": None}]
    cuts = [{"limit": "max_article_chars", "value": 200000, "where": "korpus/riesig.txt", "detail": "read the first 199,838 characters"}]
    doc = parse(render_html(with_(make_report(), skipped=skipped, cuts=cuts)))
    section = doc.find("section", id="fc-left-out")
    rows = [[td.text() for td in tr.find_all("td")] for tr in section.find_all("tr") if tr.find_all("td")]
    assert rows == [
        ["korpus/<script>alert(1)</script>.txt", "", "binary file (PNG image), not text"],
        ["korpus/feed.jsonl", "7", "not valid JSON (Expecting ',' & more)"],
        ["korpus/riesig.txt", "max_article_chars = 200,000", "read the first 199,838 characters"],
    ]
    assert not [n for n in section.iter() if n.tag == "script"]  # the file name is text, not markup
    assert any(a.attrs.get("href") == "#fc-left-out" for a in doc.find("nav").find_all("a"))


def test_no_left_out_section_when_nothing_was_left_out(doc):
    assert not doc.find_all("section", id="fc-left-out")


@pytest.mark.parametrize("outlets, text", [([], "(outlets unknown)"), (["taz"], "from 1 outlet"),
                                           (["taz", "FAZ"], "from 2 outlets")])
def test_lede_counts_outlets_or_says_they_are_unknown(report, outlets, text):
    some = json.loads(json.dumps(report))
    some["summary"]["outlets"] = outlets
    lede = parse(render_html(some)).find("p", cls="lede")
    assert f"{report['summary']['articles']} articles {text}, " in lede.text()


def test_the_outlets_card_says_unknown_rather_than_zero():
    import re

    from factcheck.report.html import render_html

    report = make_report()
    report["summary"]["outlets"] = []
    for a in report["articles"]:
        a["outlet"] = None
    html = render_html(report)
    card = re.search(r"<dt>outlets</dt>\s*<dd>([^<]*)</dd>", html, re.I)
    assert card and card.group(1) == "unknown", card
