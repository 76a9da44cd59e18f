"""One self-contained HTML page for editors, rendered from the report data.

Everything is inlined (CSS, JavaScript, the vendored cytoscape.js and the
report JSON itself), so the file opens from a mail attachment or a CI
artifact with no network at all. The summary and the most important findings
are rendered here on the server, so the page reads without JavaScript;
``assets/report.js`` renders the rest (filters, further findings, facts,
timeline, claim graph, full articles) from the embedded JSON, lazily, so that
a report over a hundred articles still opens fast.

The finding card markup exists twice, here and in ``report.js``
(``findingCard``); the browser tests check that both build the same DOM.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Mapping
from functools import cache
from html import escape
from importlib.resources import files
from string import Template
from typing import Any

from .data import alone_note, count, models_line, outlets_phrase, percent, side_more
from .split import event_page

# Findings rendered on the server and per "show more" step in the browser.
FIRST_FINDINGS = 30
# The vendored graph library (see assets/THIRD_PARTY.md); evaluated only when
# the reader opens the graph view, so it costs nothing at load time.
CYTOSCAPE = "cytoscape-3.34.4.min.js"

SEVERITY_RANK = {"high": 3, "medium": 2, "low": 1, "info": 0}

# Evidence labels grouped into the highlight styles the page knows; each group
# has its own underline pattern, not just its own colour.
_LABEL_GROUPS = (
    ("cue", ("neg", "polar", "cue", "modal", "hedg", "ruled", "status")),
    ("number", ("num", "quant", "amount", "unit", "count")),
    ("speaker", ("speak", "attrib", "source", "actor")),
    ("quote", ("quot", "word")),
    ("time", ("time", "date", "day", "tempor")),
    ("entity", ("entit", "name", "place", "person")),
)


@cache
def _asset(name: str) -> str:
    return (files(__package__) / "assets" / name).read_text(encoding="utf-8")


def _e(value: Any) -> str:
    """Text (or None) escaped for HTML text content and double-quoted attributes."""
    return escape("" if value is None else str(value), quote=True)


def _t(value: Any) -> str:
    """Text escaped for HTML text content exactly as a browser serialises it (``&``, ``<``, ``>``)."""
    return escape("" if value is None else str(value), quote=False)


def label_group(label: str) -> str:
    """The highlight style of an evidence label.

    >>> label_group("negation"), label_group("number"), label_group("wording"), label_group("frobnication")
    ('cue', 'number', 'quote', 'other')
    """
    low = (label or "").lower()
    for group, stems in _LABEL_GROUPS:
        if any(stem in low for stem in stems):
            return group
    return "other"


def kind_label(kind: str) -> str:
    return (kind or "").replace("_", " ")


def locate_spans(text: str, spans: list[dict[str, Any]]) -> list[tuple[int, int, dict[str, Any]]]:
    """Evidence spans placed in a sentence: sorted, inside the text, without overlaps.

    Offsets are taken as given when they cut out the span's own text (or when
    the span has no text). A cue over separated words ("schließt … aus") comes
    as one span whose text joins the words with " … "; each word is marked on
    its own. A span whose text is not at its offsets is looked up in the
    sentence, and left out when it is not there.

    >>> s = "Die Kosten liegen bei 5,8 Millionen Euro."
    >>> [(a, b) for a, b, _ in locate_spans(s, [{"start": 22, "end": 25, "text": "5,8"}, {"start": 0, "end": 3, "text": "xyz"}])]
    [(22, 25)]
    >>> s = "Einen Abriss schließt sie nicht aus."
    >>> [s[a:b] for a, b, _ in locate_spans(s, [{"start": 13, "end": 35, "text": "schließt … nicht … aus"}])]
    ['schließt', 'nicht', 'aus']
    """
    placed = []
    for span in spans:
        pieces = _pieces(text, span)
        # all but the last word of a separated cue are marked as parts: the label is written once, at its end
        placed.extend((a, b, span if n == len(pieces) - 1 else {**span, "part": True})
                      for n, (a, b) in enumerate(pieces))
    placed.sort(key=lambda p: (p[0], -p[1]))
    result, last_end = [], 0
    for start, end, span in placed:
        if start >= last_end:
            result.append((start, end, span))
            last_end = end
    return result


def _pieces(text: str, span: dict[str, Any]) -> list[tuple[int, int]]:
    start, end, want = span.get("start"), span.get("end"), span.get("text") or ""
    valid = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
    if valid and (not want or text[start:end] == want):
        return [(start, end)]
    words = [w.strip() for w in want.split("…") if w.strip()]
    if not words:
        return []
    for lo, hi in ([(start, end)] if valid else []) + [(0, len(text))]:
        found, pos = [], lo
        for word in words:
            at = text.find(word, pos, hi)
            if at < 0:
                break
            found.append((at, at + len(word)))
            pos = at + len(word)
        else:
            return found
    return []


def highlight(text: str, spans: list[dict[str, Any]]) -> str:
    """Sentence text as HTML with the evidence spans wrapped in labelled ``<mark>`` elements."""
    out, pos = [], 0
    for start, end, span in locate_spans(text, spans):
        label = span.get("label") or "evidence"
        out.append(_t(text[pos:start]))
        part = " ev-part" if span.get("part") else ""
        out.append(
            f'<mark class="ev ev-{label_group(label)}{part}" data-label="{_e(label)}">{_t(text[start:end])}</mark>'
        )
        pos = end
    out.append(_t(text[pos:]))
    return "".join(out)


class ReportIndex:
    """Look-ups the renderer needs: sentences and articles by id."""

    def __init__(self, report: dict[str, Any]) -> None:
        self.articles = {a["id"]: a for a in report["articles"]}
        self.sentences = {s["id"]: (s, a) for a in report["articles"] for s in a["sentences"]}

    def side(self, sentence_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
        if sentence_id in self.sentences:
            return self.sentences[sentence_id]
        # a finding that points past the sentences still renders, with its id as text
        article_id = sentence_id.rsplit(":s", 1)[0]
        article = self.articles.get(article_id) or {"id": article_id, "outlet": None, "title": "", "published": None,
                                                    "language": None}
        return {"id": sentence_id, "text": "(sentence not in this report)"}, article


def outlet_name(article: dict[str, Any]) -> str:
    return article.get("outlet") or article["id"]


def anchor_id(sentence_or_article_id: str) -> str:
    """An HTML ``id`` for a sentence id (HTML ids may not contain whitespace).

    >>> anchor_id("a 1:s3")
    'a_1:s3'
    """
    return "_".join(sentence_or_article_id.split())


def finding_outlets(finding: dict[str, Any], index: ReportIndex) -> list[str]:
    if finding.get("outlets"):
        return list(finding["outlets"])
    return sorted({outlet_name(index.side(finding[k])[1]) for k in ("a", "b")})


def _in_article(sentence_id: str) -> str:
    """The report's own link from a card to a sentence: its anchor in the articles section."""
    return f"#{anchor_id(sentence_id)}"


def _finding_card(n: int, finding: dict[str, Any], index: ReportIndex,
                  sentence_href: Callable[[str], str] = _in_article) -> str:
    kind, severity = finding.get("kind") or "", finding.get("severity") or ""
    head = [
        f'<span class="rank">#{n + 1}</span>',
        f'<span class="badge kind" data-kind="{_e(kind)}">{_t(kind_label(kind))}</span>',
        f'<span class="badge sev sev-{_e(severity)}">{_t(severity)}</span>',
        f'<code class="code">{_t(finding.get("code"))}</code>',
        f'<span class="conf">confidence {percent(finding.get("confidence"))}%</span>',
    ]
    reasons = finding.get("reasons") or ([finding["reason"]] if finding.get("reason") else [])
    if reasons:
        head.append(f'<span class="reason">{_t(", ".join(kind_label(r) for r in reasons))}</span>')
    evidence = finding.get("evidence") or []
    sides = []
    langs: dict[str, str] = {}
    for key in ("a", "b"):
        sentence, article = index.side(finding[key])
        spans = [ev for ev in evidence if ev.get("side") == key]
        langs[key] = article.get("language") or ""
        lang = f' lang="{_e(article["language"])}"' if article.get("language") else ""
        sides.append(
            f'<figure class="side side-{key}">'
            f'<figcaption><span class="side-tag">{key.upper()}</span>'
            f'<span class="outlet">{_t(outlet_name(article))}</span>'
            f'<time>{_t(article.get("published") or "date unknown")}</time>'
            f'<a class="sent-link" href="{_e(sentence_href(finding[key]))}">in the article</a>'
            f'<span class="title"{lang}>{_t(article.get("title"))}</span></figcaption>'
            f'<blockquote class="sentence"{lang}>{highlight(sentence["text"], spans)}</blockquote>'
            f"</figure>"
        )
    parts = [
        f'<article class="finding" id="finding-{_e(anchor_id(finding.get("fingerprint") or str(n)))}" '
        f'data-index="{n}" data-kind="{_e(kind)}" data-severity="{_e(severity)}">',
        f'<header class="finding-head">{"".join(head)}</header>',
        f'<p class="explanation">{_t(finding.get("explanation"))}</p>',
        f'<div class="sides">{"".join(sides)}</div>',
    ]
    if evidence:
        parts.append(f'<ul class="evidence">{_evidence_list(evidence, langs)}</ul>')
    parts.append("</article>")
    return "".join(parts)


def divergence_card(n: int, div: dict[str, Any], findings: dict[str, dict[str, Any]], index: ReportIndex,
                    sentence_href: Callable[[str], str] = _in_article, open_pairs: bool = False) -> str:
    """One divergence as HTML: its two sides (outlets, dates, wording), the explanation, and its
    sentence pairs folded underneath as finding cards (the same rendering as the findings list).

    The report and the review app (``factcheck review``) both render divergences with this;
    ``sentence_href`` maps a sentence id to the link target of "in the article", and
    ``open_pairs`` unfolds the sentence pairs.
    """
    kind, severity = div.get("kind") or "", div.get("severity") or ""
    reasons = [r for r in div.get("reasons") or [] if r and r != "judged"]
    head = [
        f'<span class="rank">#{n + 1}</span>',
        f'<span class="badge kind" data-kind="{_e(kind)}">{_t(kind_label(kind))}</span>',
        f'<span class="badge sev sev-{_e(severity)}">{_t(severity)}</span>',
        f'<code class="code">{_t(div.get("code"))}</code>',
        f'<span class="conf">confidence {percent(div.get("confidence"))}%</span>',
    ]
    if reasons:
        head.append(f'<span class="reason">{_t(", ".join(kind_label(r) for r in reasons))}</span>')
    sides = []
    for key, side in zip(("a", "b"), div["sides"]):
        when = side.get("first_published") or "date unknown"
        if side.get("last_published") and side["last_published"] != side.get("first_published"):
            when += f" – {side['last_published']}"
        first = side["sentences"][0]
        _, article = index.side(first)
        lang = f' lang="{_e(article["language"])}"' if article.get("language") else ""
        more = side_more(div, side, findings)
        sides.append(
            f'<figure class="side side-{key}">'
            f'<figcaption><span class="side-tag">{key.upper()}</span>'
            f'<span class="outlet">{_t(", ".join(side.get("outlets") or []))}</span>'
            f"<time>{_t(when)}</time>"
            f'<a class="sent-link" href="{_e(sentence_href(first))}">in the article</a>'
            + (f'<span class="title">{_t(more)}</span>' if more else "")
            + f'</figcaption><blockquote class="sentence"{lang}>{_t(side.get("text"))}</blockquote></figure>'
        )
    evidence = [findings[e] for e in div.get("evidence") or [] if e in findings]
    pairs = "".join(_finding_card(k, f, index, sentence_href) for k, f in enumerate(evidence))
    return (
        f'<article class="finding divergence" id="div-{_e(div.get("id") or str(n))}" data-kind="{_e(kind)}" '
        f'data-severity="{_e(severity)}">'
        f'<header class="finding-head">{"".join(head)}</header>'
        f'<p class="explanation">{_t(div.get("explanation"))}</p>'
        f'<div class="sides">{"".join(sides)}</div>'
        f'<details class="div-evidence"{" open" if open_pairs else ""}><summary>{len(evidence)} sentence pair{"s" if len(evidence) != 1 else ""} '
        f"behind it</summary>{pairs}</details></article>"
    )


def _divergences(report: dict[str, Any], index: ReportIndex) -> str:
    divs = report.get("divergences") or []
    findings = {f["fingerprint"]: f for f in report["findings"]}
    if divs:
        body = "".join(divergence_card(n, d, findings, index) for n, d in enumerate(divs))
    else:
        body = '<p class="empty">No divergences: no candidate pair was judged to diverge.</p>'
    return (
        '<section id="fc-divergences" aria-labelledby="fc-divergences-h">'
        f'<h2 id="fc-divergences-h">Divergences <span class="n">({len(divs)})</span></h2>'
        '<p class="hint">One item per disagreement, most important first: what the judge holds more likely '
        "right than wrong, then severity × confidence. Confidence is the judge\'s calibrated probability. "
        "Open an item for the sentence pairs that show it.</p>"
        f"{body}</section>"
    )


def _evidence_list(evidence: list[dict[str, Any]], langs: Mapping[str, str] | None = None) -> str:
    """The differences spelled out in words, one item per label, so no reader depends on the colours; each
    quoted in the marks of its side's language (``langs``: side -> language; German „…“, else “…”)."""
    labels: dict[str, list[dict[str, Any]]] = {}
    for ev in evidence:
        labels.setdefault(ev.get("label") or "evidence", []).append(ev)
    items = []
    for label, evs in labels.items():
        quoted = "".join(
            f'<span class="ev-item"><span class="ev-side">{_t(str(ev.get("side") or "").upper())}</span>'
            f'<q{_lang_attr((langs or {}).get(str(ev.get("side"))))}>{_t(ev.get("text"))}</q></span>'
            for ev in evs
        )
        items.append(
            f'<li><span class="ev-key ev-{label_group(label)}">{_t(label)}</span>{quoted}</li>'
        )
    return "".join(items)


def _lang_attr(language: str | None) -> str:
    return f' lang="{_e(language)}"' if language else ""


def _date_range(report: dict[str, Any]) -> str:
    dates = sorted(a["published"] for a in report["articles"] if a.get("published"))
    if not dates:
        return "dates unknown"
    return dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"


def _unbroken_dates(html_text: str) -> str:
    """Escaped text with its ISO dates kept on one line (a narrow screen would break them at the hyphens)."""
    return re.sub(r"\d{4}-\d\d-\d\d", lambda m: f'<span class="nowrap">{m[0]}</span>', html_text)


def _stat(name: str, value: Any) -> str:
    wide = ' class="wide"' if len(str(value)) > 8 else ""
    return f"<div{wide}><dt>{_t(name)}</dt><dd>{_unbroken_dates(_t(value))}</dd></div>"


def _summary(report: dict[str, Any]) -> str:
    s = report["summary"]
    outlets = s.get("outlets") or []
    by_kind = s.get("findings_by_kind") or Counter(f["kind"] for f in report["findings"])
    # kinds in the order of their most important finding, so contradictions lead, not the most frequent kind
    first_seen: dict[str, int] = {}
    for f in report["findings"]:
        first_seen.setdefault(f["kind"], len(first_seen))
    kinds = "".join(
        f'<li><span class="badge kind" data-kind="{_e(k)}">{_t(kind_label(k))}</span>'
        f'<span class="n">{n}</span></li>'
        for k, n in sorted(by_kind.items(), key=lambda kv: (first_seen.get(kv[0], len(first_seen)), kv[0]))
    )
    rows = "".join(
        f'<tr><td>{_t(outlet_name(a))}</td><td>{_t(a.get("published") or "unknown")}</td>'
        f'<td><a href="#{_e("article:" + anchor_id(a["id"]))}">{_t(a.get("title") or a["id"])}</a></td>'
        f'<td class="num">{len(a["sentences"])}</td></tr>'
        for a in report["articles"]
    )
    stats = [
        ("articles", f'{s["articles"]:,}'),  # "12,755" as the headline writes it, not "12755"
        ("outlets", len(outlets) or "unknown"),  # "0" read as "no outlet reported this"
        ("published", _date_range(report)),
        ("sentences", f'{s["sentences"]:,}'),
        ("aligned pairs", f'{s["pairs_cross"]:,} across, {s["pairs_intra"]:,} within'),
        ("findings", f'{s["findings"]:,}'),
        ("removed lines", f'{s.get("removed", 0):,}'),
    ]
    return (
        '<section class="summary" id="fc-summary" aria-labelledby="fc-summary-h">'
        '<h2 id="fc-summary-h" class="visually-hidden">Summary</h2>'
        f'<dl class="stats">{"".join(_stat(k, v) for k, v in stats)}</dl>'
        f'<p class="outlets"><span class="lbl">Outlets:</span> {_t(", ".join(outlets) or "unknown")}</p>'
        # pair findings, not divergences: a position change's pairs count as "contradict", a divergence folds several
        + (f'<p class="kinds-lbl"><span class="lbl">Sentence pairs by kind:</span></p>'
           f'<ul class="kind-counts" aria-label="Sentence pairs per kind">{kinds}</ul>' if kinds else "")
        + f'<details class="article-index"><summary>All {len(report["articles"])} articles</summary>'
        '<div class="table-wrap"><table><thead><tr><th scope="col">outlet</th><th scope="col">published</th>'
        f'<th scope="col">title</th><th scope="col" class="num">sentences</th></tr></thead><tbody>{rows}</tbody>'
        "</table></div></details></section>"
    )


def _left_out(report: dict[str, Any]) -> str:
    """Inputs skipped and limits hit, as two plain tables."""
    skipped, cuts = report.get("skipped") or [], report.get("cuts") or []
    parts = []
    if skipped:
        rows = "".join(
            f'<tr><td><code>{_t(k["path"])}</code></td><td class="num">{_t(k["line"] if k.get("line") is not None else "")}'
            f'</td><td>{_t(k["reason"])}</td></tr>' for k in skipped)
        parts.append(f'<h3>Skipped inputs <span class="n">({len(skipped)})</span></h3>'
                     '<div class="table-wrap"><table><thead><tr><th scope="col">input</th><th scope="col" class="num">'
                     f'line</th><th scope="col">reason</th></tr></thead><tbody>{rows}</tbody></table></div>')
    if cuts:
        rows = "".join(
            f'<tr><td><code>{_t(c["where"])}</code></td><td><code>{_t(c["limit"])}</code> = {c["value"]:,}</td>'
            f'<td>{_t(c["detail"])}</td></tr>' for c in cuts)
        parts.append(f'<h3>Cut by limits <span class="n">({len(cuts)})</span></h3>'
                     '<div class="table-wrap"><table><thead><tr><th scope="col">where</th><th scope="col">limit</th>'
                     f'<th scope="col">detail</th></tr></thead><tbody>{rows}</tbody></table></div>')
    return ('<section id="fc-left-out" aria-labelledby="fc-left-out-h">'
            '<h2 id="fc-left-out-h">Left out of this report</h2>'
            '<p class="hint">Inputs factcheck could not use, and work a configured limit cut.</p>'
            + "".join(parts) + "</section>")


def _options(values: list[tuple[str, str]], everything: str) -> str:
    return f'<option value="">{_t(everything)}</option>' + "".join(
        f'<option value="{_e(v)}">{_t(text)}</option>' for v, text in values
    )


def _findings(report: dict[str, Any], index: ReportIndex) -> str:
    findings = report["findings"]
    kinds = Counter(f.get("kind") for f in findings)
    outlets = Counter(o for f in findings for o in finding_outlets(f, index))
    severities = Counter(f.get("severity") for f in findings)
    kind_opts = [(k, f"{kind_label(k)} ({n})") for k, n in kinds.items()]  # most important kind first
    outlet_opts = [(o, f"{o} ({n})") for o, n in sorted(outlets.items())]
    sev_opts = [(v, f"{v} ({severities[v]})") for v in sorted(severities, key=lambda v: -SEVERITY_RANK.get(v, -1))]
    cards = "".join(_finding_card(n, f, index) for n, f in enumerate(findings[:FIRST_FINDINGS]))
    shown = min(len(findings), FIRST_FINDINGS)
    if not findings:
        body = '<p class="empty">No findings: the rules found nothing to flag between these articles.</p>'
    else:
        more = (
            f'<p class="nojs-more">{len(findings) - shown} more findings are in report.json '
            "(or turn on JavaScript).</p>" if shown < len(findings) else ""
        )
        body = f'<div id="fc-finding-list" class="finding-list">{cards}</div>{more}'
    form = (
        '<form id="fc-filters" class="filters" role="search" aria-label="Filter findings" hidden>'
        f'<label>Kind <select id="fc-f-kind" name="kind">{_options(kind_opts, "all kinds")}</select></label>'
        f'<label>Outlet <select id="fc-f-outlet" name="outlet">{_options(outlet_opts, "all outlets")}</select></label>'
        f'<label>Severity <select id="fc-f-severity" name="severity">{_options(sev_opts, "any severity")}</select>'
        "</label>"
        '<label class="grow">Search <input id="fc-f-search" name="q" type="search" autocomplete="off" '
        'placeholder="words, names, numbers…"></label>'
        '<button type="reset" id="fc-f-reset">Reset</button>'
        "</form>"
    )
    return (
        '<section id="fc-findings" aria-labelledby="fc-findings-h">'
        f'<h2 id="fc-findings-h">Sentence pairs <span class="n">({len(findings)})</span></h2>'
        '<p class="hint">Most important first. Highlighted words are the evidence, labelled with its kind '
        "and spelled out under each pair.</p>"
        f"{form}"
        f'<p id="fc-count" class="count" role="status">Showing {shown} of {len(findings)} findings</p>'
        f"{body}"
        '<p class="more-wrap"><button type="button" id="fc-more-findings" class="more" hidden>'
        "Show more findings</button></p>"
        "</section>"
    )


def _lazy_section(key: str, title: str, intro: str, count: int | None = None) -> str:
    n = f' <span class="n">({count})</span>' if count is not None else ""
    return (
        f'<section id="fc-{key}" class="lazy" aria-labelledby="fc-{key}-h">'
        f'<h2 id="fc-{key}-h">{_t(title)}{n}</h2><p class="hint">{intro}</p>'
        f'<div id="fc-{key}-body" class="lazy-body"><p class="nojs">This section needs JavaScript; report.json holds its data.</p></div></section>'
    )


def _graph_section() -> str:
    return (
        '<section id="fc-graph" aria-labelledby="fc-graph-h">'
        '<h2 id="fc-graph-h">Claim graph</h2>'
        '<p class="hint">Sentences as nodes, grouped by article; findings as edges, coloured, drawn and '
        "labelled by kind. Built from the findings that match the filters above. Select a node for its "
        "sentence; with the graph focused, + and − zoom and 0 fits it.</p>"
        '<p><button type="button" id="fc-graph-draw" class="primary" hidden>Draw the claim graph</button></p>'
        '<div id="fc-graph-legend" class="legend" hidden></div>'
        '<div id="fc-graph-canvas" class="graph-canvas" tabindex="0" role="img" '
        'aria-label="Claim graph; the same edges are listed as text below" hidden></div>'
        '<div id="fc-graph-detail" class="graph-detail" aria-live="polite"></div>'
        '<details id="fc-graph-text" hidden><summary>The graph as a list</summary>'
        '<ol id="fc-graph-list"></ol></details>'
        "</section>"
    )


def _events(report: dict[str, Any]) -> str:
    """The events (stories) the corpus falls into; only articles of one event were compared."""
    articles = {a["id"]: a for a in report["articles"]}
    events = report["events"]
    rows = []
    for e in events:
        if len(e["articles"]) < 2:
            continue
        dates = " – ".join(dict.fromkeys(d for d in (e["first_published"], e["last_published"]) if d)) or "date unknown"
        members = "".join(
            f'<li><a href="#article:{_e(anchor_id(a))}">{_t(outlet_name(articles[a]))}</a>: {_t(articles[a]["title"] or a)}</li>'
            for a in e["articles"] if a in articles)
        smallest = report["config"]["report"].get("event_pages_min_articles", 0)
        page = (f' <a class="event-page" href="{_e(event_page(e["id"]))}">page of this event</a>'
                if smallest and len(e["articles"]) >= smallest else "")
        rows.append(f'<li id="{_e(anchor_id(e["id"]))}"><details><summary><strong>{_t(e["label"])}</strong> '
                    f'<span class="n">({len(e["articles"])} articles, {_t(dates)})</span>{page}</summary>'
                    f'<ul>{members}</ul></details></li>')
    note = alone_note(report)
    tail = f'<p class="hint">{_t(note)}</p>' if note else ""
    return (
        '<section id="fc-events" aria-labelledby="fc-events-h">'
        f'<h2 id="fc-events-h">Events <span class="n">({len(events)})</span></h2>'
        '<p class="hint">Articles that tell the same story; only articles of one event are compared.</p>'
        f'<ol class="events">{"".join(rows)}</ol>{tail}</section>'
    )


def _nav(report: dict[str, Any]) -> str:
    links = [("fc-summary", "Summary")]
    if report.get("skipped") or report.get("cuts"):
        links.append(("fc-left-out", "Left out"))
    if len(report.get("events") or []) > 1:
        links.append(("fc-events", f"Events ({len(report['events'])})"))
    if "divergences" in report:
        links.append(("fc-divergences", f"Divergences ({len(report['divergences'])})"))
    links.append(("fc-findings", f"Sentence pairs ({len(report['findings'])})"))
    if "facts" in report:
        links.append(("fc-facts", "Facts"))
    if "timeline" in report:
        links.append(("fc-timeline", "Timeline"))
    links += [("fc-graph", "Graph"), ("fc-articles", f"Articles ({len(report['articles'])})")]
    part = report.get("part_of")
    back = (f'<li><a href="{_e(part["index"])}">← all {part["events"]} events</a></li>' if part else "")
    return '<nav class="toc" aria-label="Sections"><ul>' + back + "".join(
        f'<li><a href="#{k}">{_t(v)}</a></li>' for k, v in links
    ) + "</ul></nav>"


def script_json(report: dict[str, Any]) -> str:
    """The report as JSON safe inside a ``<script>`` element (``<``, ``>``, ``&`` as ``\\u003c`` …).

    >>> script_json({"t": "</script>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(report, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


# what a page that links its assets (instead of holding them) finds in its ``assets`` folder
ASSET_FILES = ("report.css", "report.js", CYTOSCAPE, "THIRD_PARTY.md")


def page_assets() -> dict[str, str]:
    """The files a linking page reads, by name: written once next to the pages that share them."""
    return {name: _asset(name) for name in ASSET_FILES}


def render_html(report: dict[str, Any], assets: str | None = None) -> str:
    """The report as one self-contained HTML page (no external requests).

    With ``assets`` (a folder relative to the page, holding :func:`page_assets`) the page links its
    styles, scripts and the graph library instead of holding them: the per-event pages of a large
    corpus share one copy (about 0.5 MB less per page). It still makes no network requests."""
    index = ReportIndex(report)
    s = report["summary"]
    generator = report.get("generator") or {}
    sections = [_summary(report)]
    if report.get("skipped") or report.get("cuts"):
        sections.append(_left_out(report))
    if len(report.get("events") or []) > 1:
        sections.append(_events(report))
    if "divergences" in report:  # reports written before divergences existed have none
        sections.append(_divergences(report, index))
    sections.append(_findings(report, index))
    if "facts" in report:
        sections.append(_lazy_section(
            "facts", "Facts", "Statements the articles share, clustered; a fact only one outlet reports is "
            "flagged <strong>single source</strong>.", len(report["facts"])))
    if "timeline" in report:
        sections.append(_lazy_section(
            "timeline", "Positions over time", "What each actor said about a proposition, in the order it "
            "was said; a <strong>changed</strong> marker shows where the position moved.", len(report["timeline"])))
    sections.append(_graph_section())
    sections.append(_lazy_section(
        "articles", "Articles", "Each article in full; open one to read it. A dotted underline marks a sentence "
        "aligned with another article (the ↔ links lead to its partners), a solid underline one that a finding "
        "flags as diverging (the ⚑ links lead to the findings).",
        len(report["articles"])))
    divs = f"{count(s['divergences'], 'divergence')}, " if "divergences" in s else ""
    title = f"factcheck report · {count(s['articles'], 'article')} · {divs}{count(s['findings'], 'finding')}"
    return Template(_asset("page.html")).substitute(
        title=_t(title),
        heading=_t(f"factcheck report: {report['events'][0]['label']}" if report.get("part_of") else "factcheck report"),
        lede=_unbroken_dates(_t(f"{count(s['articles'], 'article')} {outlets_phrase(s.get('outlets'))}, "
                                f"{_date_range(report)}; {divs}{count(s['findings'], 'finding')}.")),
        nav=_nav(report),
        sections="".join(sections),
        generator=_t(f"{generator.get('name', 'factcheck')} {generator.get('version', '')}".strip()),
        models=_t(models_line(report)),
        schema=_t(report.get("schema", "")),
        data=script_json(report),
        page_size=FIRST_FINDINGS,
        **_inlined() if assets is None else _linked(assets),
    )


def _inlined() -> dict[str, str]:
    # the graph library as text, evaluated only when the reader opens the graph view
    return {
        "style": f"<style>\n{_asset('report.css')}\n</style>",
        "scripts": f'<script type="text/plain" id="fc-cytoscape-src">{_asset(CYTOSCAPE)}</script>\n'
                   f"<script>\n{_asset('report.js')}\n</script>",
        "contained": "self-contained: this file makes no network requests.",
    }


def _linked(folder: str) -> dict[str, str]:
    # deferred scripts run in order once the page is parsed, as the inline script at the end does
    base = _e(folder.rstrip("/"))
    return {
        "style": f'<link rel="stylesheet" href="{base}/report.css">',
        "scripts": f'<script src="{base}/{CYTOSCAPE}" defer></script>\n<script src="{base}/report.js" defer></script>',
        "contained": f"this file makes no network requests; its styles and scripts are in {base}/ next to it.",
    }


__all__ = ["ASSET_FILES", "ReportIndex", "divergence_card", "page_assets", "render_html", "script_json", "highlight", "locate_spans", "label_group"]
