"""GitHub-flavoured Markdown report, rendered from the report data.

Compact enough for a pull-request comment or a CI job summary: when it would
grow past ``report.max_markdown_chars`` the long lists are cut and the reader
is pointed to the HTML report for the rest.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .data import alone_note, count, models_line, percent, side_more
from .quoting import quoted

UNKNOWN = "unknown"
NARRATOR = "the outlet itself"  # the speaker of a statement no one is said to have made
LEFT_OUT_ROWS = 20  # skipped inputs and cuts listed here; a folder of junk must not crowd out the findings
ARTICLE_ROWS = 20  # articles listed in the summary; 600 rows filled the whole Markdown budget before the divergences


def _cell(text: Any) -> str:
    """Text made safe for a Markdown table cell."""
    return str(text if text is not None else UNKNOWN).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _outlet(article: dict[str, Any]) -> str:
    return article["outlet"] or article["id"]


class _Budget:
    """Tracks the characters left; sections stop adding rows when it runs out."""

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.cut = False

    def take(self, line: str) -> bool:
        if self.left - len(line) - 1 < 0:
            self.cut = True
            return False
        self.left -= len(line) + 1
        return True


def render_markdown(report: dict[str, Any]) -> str:
    """The report as one Markdown document."""
    limit = report["config"]["report"]["max_markdown_chars"]
    # keep room for the closing pointer to the HTML report
    budget = _Budget(limit - 400)
    articles = {a["id"]: a for a in report["articles"]}
    sentences = {s["id"]: (s, a) for a in report["articles"] for s in a["sentences"]}
    out: list[str] = []

    def emit(line: str = "") -> bool:
        if budget.take(line):
            out.append(line)
            return True
        return False

    _summary(report, emit)
    _left_out(report, emit)
    _divergences(report, sentences, emit)
    _events(report, articles, emit)
    _positions(report, sentences, emit)
    _facts(report, emit)
    _aligned(report, articles, sentences, emit)
    _removed(report, emit)
    if budget.cut:
        out.append("")
        out.append(
            "_This summary was shortened to stay under "
            f"{limit:,} characters; `report.html` and `report.json` hold everything._"
        )
    return "\n".join(out) + "\n"


def _summary(report: dict[str, Any], emit) -> None:
    s = report["summary"]
    emit("# factcheck report")
    emit()
    source = f"from {', '.join(s['outlets'])}" if s["outlets"] else "(outlets unknown)"
    emit(f"{count(s['articles'], 'article')} {source}; {count(s['sentences'], 'sentence')}; "
         f"{count(s['pairs_cross'], 'aligned pair')} across articles, {s['pairs_intra']:,} within one article; "
         f"{count(s['findings'], 'finding')}"
         + (f", {count(s['divergences'], 'divergence')}" if "divergences" in s else "")
         + f"; {count(s['removed'], 'line')} of page furniture removed.")
    emit()
    emit("| article | outlet | published | language | title | sentences |")
    emit("|---|---|---|---|---|---|")
    for a in report["articles"][:ARTICLE_ROWS]:
        emit(f"| `{_cell(a['id'])}` | {_cell(a['outlet'])} | {_cell(a['published'])} | "
             f"{_cell(a['language'])} | {_cell(a['title'])} | {len(a['sentences'])} |")
    emit()
    if len(report["articles"]) > ARTICLE_ROWS:
        emit(f"_{len(report['articles']) - ARTICLE_ROWS:,} more articles are listed in `report.json` and `report.html`._")
        emit()
    emit(models_line(report))
    emit()


def _events(report: dict[str, Any], articles, emit) -> None:
    """Which articles were compared with which: events of several articles, then a count of the rest."""
    events = report.get("events") or []
    if len(events) < 2:  # one event (or a report from before events): every article was compared
        return
    shared = [e for e in events if len(e["articles"]) > 1]
    emit(f"## Events ({len(events)}; only articles of one event are compared)")
    emit()
    if shared:
        emit("| event | articles | published | story (most central title) | outlets |")
        emit("|---|---|---|---|---|")
        for e in shared:
            dates = " – ".join(dict.fromkeys(d for d in (e["first_published"], e["last_published"]) if d)) or UNKNOWN
            outlets = ", ".join(sorted({_outlet(articles[a]) for a in e["articles"] if a in articles}))
            emit(f"| `{_cell(e['id'])}` | {len(e['articles'])} | {_cell(dates)} | {_cell(e['label'])} | "
                 f"{_cell(outlets)} |")
        emit()
    if note := alone_note(report):
        emit(note)
        emit()


def _left_out(report: dict[str, Any], emit) -> None:
    """Inputs skipped and limits hit, right after the summary: a reader must see what is not in the report."""
    skipped = [(f"`{_cell(k['path'])}`", "" if k.get("line") is None else str(k["line"]), _cell(k["reason"]))
               for k in report.get("skipped") or []]
    cuts = [(f"`{_cell(c['where'])}`", f"`{_cell(c['limit'])}` = {c['value']:,}", _cell(c["detail"]))
            for c in report.get("cuts") or []]
    _capped_table("Skipped inputs", ("input", "line", "reason"), skipped, "skipped inputs", emit)
    _capped_table("Cut by limits", ("where", "limit", "detail"), cuts, "cuts", emit)


def _capped_table(title: str, header: tuple[str, ...], rows: list[tuple[str, ...]], what: str, emit) -> None:
    """A section with at most LEFT_OUT_ROWS table rows; the rest are pointed to in the other reports."""
    if not rows:
        return
    emit(f"## {title} ({len(rows)})")
    emit()
    emit("| " + " | ".join(header) + " |")
    emit("|" + "---|" * len(header))
    for row in rows[:LEFT_OUT_ROWS]:
        emit("| " + " | ".join(row) + " |")
    emit()
    if len(rows) > LEFT_OUT_ROWS:
        emit(f"_{len(rows) - LEFT_OUT_ROWS} more {what} are listed in `report.json` and `report.html`._")
        emit()


def _divergences(report: dict[str, Any], sentences, emit) -> None:
    divergences = report.get("divergences") or []
    if not divergences:
        emit("## Divergences")
        emit()
        emit("None found: no candidate pair was judged a contradiction, change of position, update, "
             "number mismatch, attribution difference or quote drift.")
        emit()
        return
    findings = {f["fingerprint"]: f for f in report["findings"]}
    counts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in report["summary"]["divergences_by_kind"].items())
    emit(f"## Divergences ({counts})")
    emit()
    emit("Most important first: what the judge holds more likely right than wrong, then severity × confidence. "
         "Confidence is the judge's calibrated probability; "
         "each divergence folds the sentence pairs that show it.")
    emit()
    for n, d in enumerate(divergences, 1):
        reasons = [r for r in d.get("reasons", []) if r and r != "judged"]
        reason = f" · {', '.join(r.replace('_', ' ') for r in reasons)}" if reasons else ""
        block = [
            f"### {n}. {d['kind'].replace('_', ' ')} · `{d['code']}` · {d['severity']} · "
            f"confidence {_conf(d['confidence'])}{reason}",
            "",
        ]
        for label, side in zip(("one side", "other side"), d["sides"]):
            when = side["first_published"] or "date unknown"  # "(unknown)" after an article id reads as its outlet
            if side["last_published"] and side["last_published"] != side["first_published"]:
                when += f" – {side['last_published']}"
            note = side_more(d, side, findings)
            more = f" ({note})" if note else ""
            block.append(f"> **{label}: {_cell(', '.join(side['outlets']))}** ({when}){more}: {side['text']}")
            block.append(">")
        block[-1] = ""
        block += [d["explanation"], ""]
        evidence = [findings[e] for e in d["evidence"] if e in findings]
        if len(evidence) > 1:  # one pair is the two sides already
            block.append(f"<details><summary>{len(evidence)} sentence pairs</summary>")
            block.append("")
            for f in evidence:
                sa, aa = sentences[f["a"]]
                sb, ab = sentences[f["b"]]
                block.append(f"- `{f['code']}` {_conf(f['confidence'])}: **{_cell(_outlet(aa))}** "
                             f"{quoted(sa['text'], aa.get('language'))} ↔ "
                             f"**{_cell(_outlet(ab))}** {quoted(sb['text'], ab.get('language'))}")
            block += ["", "</details>", ""]
        if not all(emit(line) for line in block):
            return


def _positions(report: dict[str, Any], sentences, emit) -> None:
    timelines = report.get("timeline") or []
    if not timelines:
        return
    emit("## Positions over time")
    emit()
    langs = {a.get("language") or "de" for a in report.get("articles", [])}  # unknown: German, as quoted()
    examples = ["„am Montag“"] if "de" in langs or not langs else []
    if langs - {"de"}:
        examples.append("“on Monday”")
    emit("Statements of one actor on one proposition, oldest first; dates come from the text "
         f"({', '.join(examples)}) relative to the publication date, else from the publication date.")
    emit()
    for t in timelines:
        changed = " · **position changed**" if t["changed"] else ""
        topic = f": {_cell(t['proposition'])}" if t["proposition"] else ""  # no content word the statements share
        emit(f"### {_cell(t['actor'])}{topic}{changed}")
        emit()
        emit("| when | position | speaker | outlet | sentence |")
        emit("|---|---|---|---|---|")
        for st in t["statements"]:
            when = st["date"] or ("earlier" if st["dated_by"] == "before" else UNKNOWN)
            if st["time_text"]:
                when += f" ({st['time_text']})"
            elif st["dated_by"] == "published":
                when += " (published)"
            position = st["modality"].replace("_", " ")
            if st["polarity"] == "negative" and st["modality"] == "asserted":
                position = "denied"
            if not emit(f"| {_cell(when)} | {position} | {_cell(st.get('speaker_text') or st['speaker'] or NARRATOR)} | {_cell(st['outlet'])} | "
                        f"{_cell(st['text'])} |"):
                return
        emit()


def _conf(x: float) -> str:
    """A confidence with two decimals, rounded half up as the HTML page rounds its percentages (0.855 is
    0.86 there and here; Python's format would print the binary 0.85499… as 0.85)."""
    return f"{percent(x) / 100:.2f}"


def _facts(report: dict[str, Any], emit) -> None:
    facts = report.get("facts") or []
    if not facts:
        return
    multi = [f for f in facts if not f["single_source"]]
    single = [f for f in facts if f["single_source"]]
    emit(f"## Facts ({len(multi)} carried by several outlets, {len(single)} single-source)")
    emit()
    emit("Sentences that agree are collapsed into one fact (the text shown is the earliest outlet's wording); "
         "a sentence no other outlet corroborates is a single-source fact.")
    emit()
    for f in multi:
        extra = f" — {len(f['wordings'])} wordings" if len(f["wordings"]) > 1 else ""
        if not emit(f"- **{len(f['outlets'])} outlets** ({_cell(', '.join(f['outlets']))}){extra}: {_cell(f['text'])}"):
            return
    if multi:
        emit()
    by_outlet: dict[str, list[dict]] = defaultdict(list)
    for f in single:
        by_outlet[f["outlets"][0]].append(f)
    for outlet, group in by_outlet.items():
        emit(f"### Single-source: only {_cell(outlet)} ({len(group)})")
        emit()
        for f in group:
            if not emit(f"- {_cell(f['text'])}"):
                return
        emit()


def _aligned(report: dict[str, Any], articles, sentences, emit) -> None:
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for p in report["pairs"]:
        groups[(sentences[p["a"]][1]["id"], sentences[p["b"]][1]["id"])].append(p)
    if not groups:
        emit("## Aligned sentences")
        emit()
        emit("No sentence pairs passed the alignment thresholds.")
        emit()
        return
    emit("## Aligned sentences")
    emit()
    emit("`score` combines the rescaled embedding similarity (`sem`), rapidfuzz word overlap (`lex`) "
         "and shared names, numbers and rare words (`anchors`).")
    emit()
    order = {a["id"]: i for i, a in enumerate(report["articles"])}
    for (ida, idb), pairs in sorted(groups.items(), key=lambda kv: (order[kv[0][0]], order[kv[0][1]])):
        a, b = articles[ida], articles[idb]
        title = f"Within {_cell(_outlet(a))}" if ida == idb else f"{_cell(_outlet(a))} ↔ {_cell(_outlet(b))}"
        emit(f"### {title} ({len(pairs)} {'pair' if len(pairs) == 1 else 'pairs'})")
        emit()
        emit(f"| {_cell(_outlet(a))} | {_cell(_outlet(b))} | score | sem | lex | anchors | shared |")
        emit("|---|---|---|---|---|---|---|")
        for p in sorted(pairs, key=lambda p: (sentences[p["a"]][0]["start"], -p["score"])):
            shared = ", ".join(p["shared"][:6])
            if not emit(f"| {_cell(sentences[p['a']][0]['text'])} | {_cell(sentences[p['b']][0]['text'])} | "
                        f"{p['score']:.2f} | {p['semantic']:.2f} | {p['lexical']:.2f} | {p['anchors']:.2f} | "
                        f"{_cell(shared)} |"):
                return
        emit()


def _removed(report: dict[str, Any], emit) -> None:
    total = report["summary"]["removed"]
    if not total:
        return
    emit("## Removed page furniture")
    emit()
    emit("| article | rule | lines |")
    emit("|---|---|---|")
    for a in report["articles"]:
        rules: dict[str, int] = defaultdict(int)
        for r in a["removed"]:
            rules[r["rule"]] += 1
        for rule, n in sorted(rules.items()):
            emit(f"| `{_cell(a['id'])}` | {_cell(rule)} | {n} |")
    emit()
