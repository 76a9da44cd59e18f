"""Synthetic ``factcheck.report/1`` data for the HTML report tests.

The story is invented (a town council in "Lindenau" and a bridge); the German
sentences are written for these tests, not taken from any news text.
``make_report()`` gives a small report with every kind of section;
``make_report(n_articles=100)`` a big one for the load-time test.
"""

from __future__ import annotations

import copy
from typing import Any

OUTLETS = [
    "Lindenauer Bote", "Rundschau Nord", "Tagesblatt Süd", "Kreiszeitung Ost", "Abendpost",
    "Der Morgen", "Westfälische Welle", "Nachrichten am Fluss", "Stadtanzeiger", "Bürgerblatt",
    "Landeskurier", "Hafenecho",
]

# (title, paragraphs of sentences) per article of the small report
ARTICLES = [
    (
        "a1", "Lindenauer Bote", "2024-03-04", "Stadtrat beschließt Sanierung der Mühlbrücke",
        "https://lindenauer-bote.example/lokales/muehlbruecke",
        [
            [
                "Der Stadtrat von Lindenau hat am Montag die Sanierung der Mühlbrücke beschlossen.",
                "Die Kosten beziffert die Verwaltung auf 4,2 Millionen Euro.",
            ],
            [
                "„Wir werden die Brücke nicht abreißen“, sagte Bürgermeisterin Petra Höfer.",
                "Die Arbeiten sollen im Mai beginnen und zwölf Monate dauern.",
                "Anwohner hatten über Jahre größere Umleitungen beklagt.",
            ],
        ],
    ),
    (
        "a2", "Rundschau Nord", "2024-03-05", "Mühlbrücke: Abriss nicht ausgeschlossen",
        "https://rundschau-nord.example/region/2024/abriss",
        [
            [
                "Lindenaus Stadtrat hat die Sanierung der Mühlbrücke auf den Weg gebracht.",
                "Die Kosten liegen nach Angaben der Verwaltung bei 5,8 Millionen Euro.",
                "Einen Abriss der Brücke schließt Bürgermeisterin Petra Höfer nicht aus.",
            ],
            [
                "Die Arbeiten sollen im Mai beginnen.",
                "Der Verkehr wird über die Bahnhofstraße umgeleitet.",
            ],
        ],
    ),
    (
        "a3", "Tagesblatt Süd", "2024-03-06", "Neubau statt Sanierung? Streit um die Mühlbrücke",
        None,
        [
            [
                "Die Mühlbrücke in Lindenau wird saniert, das hat der Stadtrat beschlossen.",
                "„Wir prüfen auch einen Neubau“, sagte Baudezernent Jonas Öztürk.",
                "Die Arbeiten beginnen laut Stadt erst im Juni.",
            ],
        ],
    ),
]

HOSTILE_TITLE = 'Brücke <script>window.__pwned = 1</script> & „Ärger“'
HOSTILE_SENTENCE = "Ein Leser schrieb uns: <script>window.__pwned = 2</script> & <b>fett</b> </script><!--"


def _sentences(article_id: str, paragraphs: list[list[str]]) -> tuple[str, list[dict[str, Any]]]:
    text, out = "", []
    for p, para in enumerate(paragraphs):
        if p:
            text += "\n\n"
        for i, sentence in enumerate(para):
            if i:
                text += " "
            out.append({"id": f"{article_id}:s{len(out)}", "text": sentence, "start": len(text),
                        "end": len(text) + len(sentence)})
            text += sentence
    return text, out


def _article(aid, outlet, published, title, url, paragraphs, removed=()) -> dict[str, Any]:
    _, sentences = _sentences(aid, paragraphs)
    return {
        "id": aid, "outlet": outlet, "title": title, "published": published, "language": "de", "url": url,
        "source": f"corpus/{aid}.txt", "sentences": sentences,
        "removed": [{"text": t, "rule": r, "line": n} for t, r, n in removed],
    }


def _ev(side: str, sentence: str, part: str, label: str) -> dict[str, Any]:
    start = sentence.index(part)
    return {"side": side, "start": start, "end": start + len(part), "label": label, "text": part}


def _cue(side: str, sentence: str, words: list[str], label: str) -> dict[str, Any]:
    """A cue over separated words, as the claim extractor writes it: one span, words joined by " … "."""
    start = sentence.index(words[0])
    end = sentence.index(words[-1], start) + len(words[-1])
    return {"side": side, "start": start, "end": end, "label": label, "text": " … ".join(words)}


def _finding(n, kind, code, severity, confidence, a, b, explanation, evidence, reason="") -> dict[str, Any]:
    return {
        "fingerprint": f"fp{n:04d}{kind[:4]}", "kind": kind, "code": code, "severity": severity,
        "confidence": confidence, "a": a, "b": b, "explanation": explanation, "evidence": evidence,
        "reason": reason, "outlets": [],
    }


def _pair(a: str, b: str, score: float, shared=()) -> dict[str, Any]:
    return {"a": a, "b": b, "score": score, "cosine": 0.8 + score / 10, "semantic": score, "lexical": score / 2,
            "anchors": score / 3, "shared": list(shared), "scope": "cross" if a.split(":")[0] != b.split(":")[0]
            else "intra"}


def _summary(report: dict[str, Any]) -> dict[str, Any]:
    kinds: dict[str, int] = {}
    for f in report["findings"]:
        kinds[f["kind"]] = kinds.get(f["kind"], 0) + 1
    return {
        "articles": len(report["articles"]),
        "outlets": sorted({a["outlet"] for a in report["articles"] if a["outlet"]}),
        "sentences": sum(len(a["sentences"]) for a in report["articles"]),
        "pairs": len(report["pairs"]),
        "pairs_cross": sum(p["scope"] == "cross" for p in report["pairs"]),
        "pairs_intra": sum(p["scope"] == "intra" for p in report["pairs"]),
        "findings": len(report["findings"]),
        "findings_by_kind": dict(sorted(kinds.items())),
        "removed": sum(len(a["removed"]) for a in report["articles"]),
    }


def _shell(articles, pairs, findings) -> dict[str, Any]:
    sev = {"high": 3, "medium": 2, "low": 1, "info": 0}
    findings = sorted(findings, key=lambda f: (-sev[f["severity"]], -f["confidence"]))
    report = {
        "schema": "factcheck.report/1",
        "generator": {"name": "factcheck", "version": "0.1.0"},
        "config": {"report": {"formats": ["json", "md", "html"], "max_markdown_chars": 65000}},
        "summary": {},
        "articles": articles,
        "pairs": pairs,
        "claims": [],
        "findings": findings,
    }
    report["summary"] = _summary(report)
    return report


def make_report(
    n_articles: int = 3, *, facts: bool = True, timeline: bool = True, graph: bool = False, hostile: bool = False
) -> dict[str, Any]:
    """A report dict shaped like ``build_report``'s; ``n_articles > 3`` repeats the story across outlets."""
    if n_articles > 3:
        return _big_report(n_articles, facts=facts, timeline=timeline)
    articles = [
        _article(*spec, removed=[("Anzeige", "ad_marker", 3), ("Lesen Sie auch: Der neue Busfahrplan", "teaser", 9)]
                 if spec[0] == "a1" else ())
        for spec in ARTICLES[:n_articles]
    ]
    if hostile:
        articles[-1]["title"] = HOSTILE_TITLE
        articles[-1]["sentences"].append({"id": f"{articles[-1]['id']}:s{len(articles[-1]['sentences'])}",
                                          "text": HOSTILE_SENTENCE, "start": 500, "end": 500 + len(HOSTILE_SENTENCE)})
        articles[-1]["url"] = "javascript:alert(1)"
    text = {s["id"]: s["text"] for a in articles for s in a["sentences"]}
    findings = [
        _finding(1, "contradict", "FC101", "high", 0.91, "a1:s2", "a2:s2",
                 "Lindenauer Bote says the mayor rules the demolition out; Rundschau Nord says she does not rule it "
                 "out.",
                 [_ev("a", text["a1:s2"], "nicht", "negation"),
                  _ev("a", text["a1:s2"], "Petra Höfer", "speaker"),
                  _cue("b", text["a2:s2"], ["schließt", "nicht", "aus"], "negation"),
                  _ev("b", text["a2:s2"], "Petra Höfer", "speaker")]),
        _finding(2, "number_mismatch", "FC103", "medium", 0.84, "a1:s1", "a2:s1",
                 "The cost differs: 4.2 million euros against 5.8 million euros.",
                 [_ev("a", text["a1:s1"], "4,2 Millionen Euro", "number"),
                  _ev("b", text["a2:s1"], "5,8 Millionen Euro", "number")]),
        _finding(5, "agree", "FC100", "info", 0.95, "a1:s0", "a2:s0",
                 "Both report that the council decided to repair the bridge.", []),
    ]
    pairs = [_pair("a1:s0", "a2:s0", 0.93, ["Mühlbrücke", "Sanierung"]), _pair("a1:s1", "a2:s1", 0.81, ["Kosten"]),
             _pair("a1:s2", "a2:s2", 0.77, ["Petra Höfer"]), _pair("a1:s3", "a2:s3", 0.88, ["Mai"])]
    if n_articles >= 3:
        findings += [
            _finding(3, "date_mismatch", "FC104", "medium", 0.72, "a1:s3", "a3:s2",
                     "The start of the works differs: May against June.",
                     [_ev("a", text["a1:s3"], "im Mai", "time"), _ev("b", text["a3:s2"], "im Juni", "time")]),
            _finding(4, "attribution", "FC106", "low", 0.55, "a1:s2", "a3:s1",
                     "Different quotations by different speakers on the bridge's future.",
                     [_ev("a", text["a1:s2"], "Wir werden die Brücke nicht abreißen", "quote"),
                      _ev("b", text["a3:s1"], "Wir prüfen auch einen Neubau", "quote"),
                      _ev("a", text["a1:s2"], "Petra Höfer", "speaker"),
                      _ev("b", text["a3:s1"], "Jonas Öztürk", "speaker")]),
            _finding(6, "agree", "FC100", "info", 0.9, "a1:s0", "a3:s0",
                     "Both report that the council decided to repair the bridge.", []),
        ]
        pairs += [_pair("a1:s0", "a3:s0", 0.9, ["Mühlbrücke"]), _pair("a1:s3", "a3:s2", 0.7, ["Arbeiten"]),
                  _pair("a1:s2", "a3:s1", 0.6, ["Brücke"])]
    if hostile:
        hs = articles[-1]["sentences"][-1]
        findings.append(_finding(7, "quote_drift", "FC107", "low", 0.5, "a1:s4", hs["id"],
                                 "A reader's <script> comment & more.",
                                 [_ev("b", hs["text"], "<script>window.__pwned = 2</script>", "quote")]))
    report = _shell(articles, pairs, findings)
    if facts:
        report["facts"] = [
            {"id": "f1", "text": "Der Stadtrat hat die Sanierung der Mühlbrücke beschlossen.",
             "outlets": [a["outlet"] for a in articles], "sentences": [f"{a['id']}:s0" for a in articles],
             "single_source": False},
            {"id": "f2", "text": "Der Verkehr wird über die Bahnhofstraße umgeleitet.", "outlets": ["Rundschau Nord"],
             "sentences": ["a2:s4"], "single_source": True},
            {"id": "f3", "text": "Anwohner hatten über Jahre größere Umleitungen beklagt.",
             "outlets": ["Lindenauer Bote"], "sentences": ["a1:s4"], "single_source": True},
        ]
    if timeline:
        report["timeline"] = [
            {"actor": "Stadt Lindenau", "proposition": "Abriss der Mühlbrücke", "changed": True, "statements": [
                _statement("a1:s2", "Petra Höfer", "ruled_out", "2024-03-04", "text", "am Montag"),
                _statement("a2:s2", "Petra Höfer", "possible", "2024-03-05", "published"),
            ]},
        ]
    if graph:
        report["graph"] = node_link_graph(report)
    return report


def _statement(sentence: str, speaker: str, modality: str, date: str, dated_by: str, time_text: str = "",
               speaker_text: str | None = None) -> dict:
    """A timeline entry shaped like factcheck.records.Statement (text filled in by the page from the id)."""
    return {"sentence": sentence, "article": sentence.split(":")[0], "outlet": None, "speaker": speaker,
            "actor": "Stadt Lindenau", "modality": modality, "polarity": "negative" if modality == "ruled_out" else "positive",
            "date": date, "dated_by": dated_by, "time_text": time_text, "text": "", "speaker_text": speaker_text}


def node_link_graph(report: dict[str, Any], edges_key: str = "links") -> dict[str, Any]:
    """A networkx node-link graph of the findings (sentences as nodes)."""
    nodes = sorted({f[k] for f in report["findings"] for k in ("a", "b")})
    return {
        "directed": False, "multigraph": False, "graph": {},
        "nodes": [{"id": n, "kind": "sentence"} for n in nodes],
        edges_key: [{"source": f["a"], "target": f["b"], "kind": f["kind"], "code": f["code"]}
                    for f in report["findings"]],
    }


# Sentence templates for the big report: {n} is a number that varies per outlet,
# {m} a month, {who} a speaker. Written for these tests.
BIG_TEMPLATES = [
    "Der Stadtrat von Lindenau hat die Sanierung der Mühlbrücke beschlossen.",
    "Die Kosten beziffert die Verwaltung auf {n} Millionen Euro.",
    "„Wir werden die Brücke {neg}abreißen“, sagte {who}.",
    "Die Arbeiten sollen im {m} beginnen und {d} Monate dauern.",
    "Anwohner hatten über Jahre größere Umleitungen beklagt.",
    "Der Verkehr wird während der Bauzeit über die Bahnhofstraße umgeleitet.",
    "Für Fußgänger soll eine Behelfsbrücke aus Stahl entstehen.",
    "Die Opposition im Rat kritisierte die hohen Kosten scharf.",
    "Ein Gutachten hatte im vergangenen Jahr Risse in den Pfeilern festgestellt.",
    "Die Brücke wurde {y} gebaut und steht unter Denkmalschutz.",
    "Nach Angaben der Polizei nutzen täglich rund {t} Fahrzeuge die Brücke.",
    "Der Einzelhandel in der Altstadt fürchtet Umsatzeinbußen während der Sperrung.",
    "Die Landesregierung hat einen Zuschuss von {z} Prozent zugesagt.",
    "Über die Vergabe der Aufträge soll im Frühjahr entschieden werden.",
    "Bürgerinitiativen hatten über {u} Unterschriften für den Erhalt gesammelt.",
    "Die Mühlbrücke verbindet die Altstadt mit dem Bahnhofsviertel.",
    "Während der Arbeiten bleibt der Fluss für Boote gesperrt.",
    "Die Stadtwerke verlegen bei der Gelegenheit neue Leitungen.",
    "Ein Sprecher des Bauamts sagte, der Zeitplan sei ehrgeizig.",
    "Die Entscheidung fiel mit großer Mehrheit.",
    "Auch ein Neubau war zeitweise im Gespräch gewesen.",
    "Dieser wäre nach Schätzungen deutlich teurer geworden.",
    "Die Stadt will die Bürger regelmäßig über den Fortschritt informieren.",
    "Eine Informationsveranstaltung ist für den kommenden Monat geplant.",
    "Kritiker bezweifeln, dass der Kostenrahmen gehalten werden kann.",
]
MONTHS = ["Mai", "Juni", "Juli"]
SPEAKERS = ["Bürgermeisterin Petra Höfer", "Baudezernent Jonas Öztürk", "Ratsherr Jürgen Weiß"]


def _big_report(n: int, *, facts: bool, timeline: bool) -> dict[str, Any]:
    articles, by_slot = [], {}
    for i in range(n):
        aid = f"art{i:03d}"
        outlet = OUTLETS[i % len(OUTLETS)]
        values = {"n": f"{4 + (i % 5) * 0.4:.1f}".replace(".", ","), "m": MONTHS[i % 3], "d": 10 + i % 4,
                  "who": SPEAKERS[i % 3], "neg": "nicht " if i % 4 else "", "y": 1890 + i % 3,
                  "t": f"{12 + i % 6}.000", "z": 40 + (i % 3) * 10, "u": f"{2 + i % 4}.000"}
        sentences = [t.format(**values) for t in BIG_TEMPLATES]
        paragraphs = [sentences[k:k + 4] for k in range(0, len(sentences), 4)]
        art = _article(aid, outlet, f"2024-03-{1 + i % 28:02d}",
                       f"Mühlbrücke: Rat entscheidet über Sanierung ({outlet}, Folge {i + 1})",
                       f"https://{outlet.lower().replace(' ', '-')}.example/{aid}", paragraphs,
                       removed=[("Anzeige", "ad_marker", 2), ("Mehr zum Thema", "teaser", 30)])
        art["outlet"] = outlet
        articles.append(art)
        for slot, s in enumerate(art["sentences"]):
            by_slot.setdefault(slot, []).append(s)
    pairs, findings, k = [], [], 0
    for i in range(n - 1):
        a, b = articles[i], articles[i + 1]
        for slot in (0, 1, 2, 3, 9, 10):
            sa, sb = a["sentences"][slot], b["sentences"][slot]
            pairs.append(_pair(sa["id"], sb["id"], 0.7 + (slot % 3) / 10))
            if sa["text"] == sb["text"]:
                continue
            k += 1
            if slot == 2 and ("nicht" in sa["text"]) != ("nicht" in sb["text"]):
                ev = [_ev(s, x["text"], "nicht", "negation") for s, x in (("a", sa), ("b", sb)) if "nicht" in x["text"]]
                findings.append(_finding(k, "contradict", "FC101", "high", 0.8 + (i % 10) / 100, sa["id"], sb["id"],
                                         "One says the bridge will be torn down, the other that it will not.", ev))
            elif slot in (1, 10):
                na, nb = sa["text"].split()[-3 if slot == 1 else -4], sb["text"].split()[-3 if slot == 1 else -4]
                findings.append(_finding(k, "number_mismatch", "FC103", "medium", 0.7 + (i % 10) / 100, sa["id"],
                                         sb["id"], f"The numbers differ: {na} against {nb}.",
                                         [_ev("a", sa["text"], na, "number"), _ev("b", sb["text"], nb, "number")]))
            elif slot == 3:
                ma, mb = sa["text"].split()[4], sb["text"].split()[4]
                findings.append(_finding(k, "date_mismatch", "FC104", "low", 0.6, sa["id"], sb["id"],
                                         f"The start differs: {ma} against {mb}.",
                                         [_ev("a", sa["text"], ma, "time"), _ev("b", sb["text"], mb, "time")]))
            elif slot == 2:
                wa, wb = sa["text"].split("sagte ")[1][:-1], sb["text"].split("sagte ")[1][:-1]
                findings.append(_finding(k, "attribution", "FC106", "low", 0.5, sa["id"], sb["id"],
                                         "The same quotation is given to different speakers.",
                                         [_ev("a", sa["text"], wa, "speaker"), _ev("b", sb["text"], wb, "speaker")]))
    report = _shell(articles, pairs, findings)
    outlet_of = {a["id"]: a["outlet"] for a in articles}
    if facts:
        report["facts"] = [
            {"id": f"fact{slot}", "text": group[0]["text"],
             "outlets": sorted({outlet_of[s["id"].split(":")[0]] for s in group}),
             "sentences": [s["id"] for s in group], "single_source": False}
            for slot, group in by_slot.items()
        ] + [{"id": "fact-solo", "text": "Nur ein Blatt meldet den Fund einer Fliegerbombe.", "outlets": ["Hafenecho"],
              "sentences": [articles[-1]["sentences"][-1]["id"]], "single_source": True}]
    if timeline:
        report["timeline"] = [
            {"actor": "Stadt Lindenau", "proposition": f"Abriss der Mühlbrücke ({j})", "changed": True,
             "statements": [_statement(articles[i]["sentences"][2]["id"], SPEAKERS[i % 3],
                                       "ruled_out" if i % 4 else "possible", articles[i]["published"], "published")
                            for i in range(j, min(n, j + 6))]}
            for j in range(0, n, 6)
        ]
    return report


def with_(report: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy of the report with top-level keys replaced (``None`` removes a key)."""
    out = copy.deepcopy(report)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out
