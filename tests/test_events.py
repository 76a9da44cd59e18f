from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest

from factcheck import analyze
from factcheck.config import load_config
from factcheck.events import article_entities, entity_similarity, events, lead_text, pair_scores
from factcheck.records import Article, Claim, Event, Sentence


# cosine decides alone, and sharply (p = 0.88 at cosine 1, 0.12 at 0.67): tests of the grouping itself
DECISIVE = {"intercept": -10.0, "coef_cosine": 12.0, "coef_entities": 0.0, "threshold": 0.5}


def _cfg(**events_fields):
    return load_config(overrides={"events": events_fields}).events


def _article(id_: str, published: str | None = None, title: str = "") -> Article:
    return Article(id=id_, title=title or f"Titel {id_}", text="", published=published)


def _unit(*rows: list[float]) -> np.ndarray:
    m = np.array(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_lead_is_title_and_first_sentences():
    a = Article(id="a", title="Feuer im Zoo", text="")
    sents = tuple(Sentence(f"a:s{i}", "a", i, t, 0, 1) for i, t in enumerate(["Eins.", "Zwei.", "Drei.", "Vier."]))
    assert lead_text(a, sents, 2) == "Feuer im Zoo. Eins. Zwei."
    assert lead_text(Article(id="b", title="", text=""), sents, 1) == "Eins."


def test_entity_similarity_weighs_rare_names_over_common_ones():
    bags = [Counter({"kurz": 2, "österreich": 1}), Counter({"kurz": 1, "österreich": 1}),
            Counter({"österreich": 1, "zoo": 1}), Counter()]
    sim = entity_similarity(bags)
    assert sim.shape == (4, 4)
    assert sim[0, 1] > sim[0, 2] > 0  # sharing the rarer "kurz" counts more than "österreich" alone
    assert sim[3].sum() == 0 and sim[0, 3] == 0  # an article without entities shares none
    np.testing.assert_allclose(np.diag(sim)[:3], 1.0, rtol=1e-5)


def test_article_entities_count_case_folded_claim_entities():
    claims = [Claim("a:s0", "a", None, None, "narrator", None, "positive", "asserted", entities=("Kurz", "ÖVP")),
              Claim("a:s1", "a", None, None, "narrator", None, "positive", "asserted", entities=("kurz",))]
    assert article_entities(claims) == Counter({"kurz": 2, "övp": 1})


def test_pair_scores_rise_with_cosine_and_with_shared_entities():
    cfg = _cfg()
    vectors = _unit([1, 0], [0.95, 0.3], [0, 1])
    none, some = np.zeros((3, 3), np.float32), np.full((3, 3), 0.8, np.float32)
    p = pair_scores(vectors, none, cfg)
    assert p[0, 1] > p[0, 2]
    assert pair_scores(vectors, some, cfg)[0, 1] > p[0, 1]
    assert ((p >= 0) & (p <= 1)).all()


def test_two_stories_become_two_events_largest_first():
    arts = [_article("zoo1"), _article("koal1"), _article("zoo2"), _article("koal2"), _article("koal3")]
    vectors = _unit([1, 0.05], [0.05, 1], [1, 0], [0, 1], [0.02, 1])
    found = events(arts, vectors, [{}] * 5, _cfg(**DECISIVE))
    assert [e.articles for e in found] == [("koal1", "koal2", "koal3"), ("zoo1", "zoo2")]
    assert all(isinstance(e, Event) and e.id.startswith("ev-") for e in found)


def test_event_ids_are_stable_and_depend_only_on_members():
    arts = [_article("a"), _article("b"), _article("c")]
    vectors = _unit([1, 0], [1, 0.01], [0, 1])
    first = events(arts, vectors, [{}] * 3, _cfg(**DECISIVE))
    again = events(list(reversed(arts)), vectors[::-1], [{}] * 3, _cfg(**DECISIVE))
    assert {e.id: set(e.articles) for e in first} == {e.id: set(e.articles) for e in again}


def test_time_window_separates_the_same_words_a_month_apart():
    arts = [_article("a", "2020-01-01"), _article("b", "2020-01-03"), _article("c", "2020-02-10")]
    vectors = _unit([1, 0], [1, 0], [1, 0])
    found = events(arts, vectors, [{}] * 3, _cfg(**DECISIVE, time_window_days=7))
    assert [e.articles for e in found] == [("a", "b"), ("c",)]
    assert (found[0].first_published, found[0].last_published) == ("2020-01-01", "2020-01-03")
    assert len(events(arts, vectors, [{}] * 3, _cfg(**DECISIVE, time_window_days=0))) == 1  # no window


def test_average_linkage_does_not_chain_two_stories_through_one_bridge():
    # a and c are unrelated; b sits between them; single linkage would join all three
    arts = [_article(x) for x in "abc"]
    # p(a, b) = p(b, c) = 0.78 (entity cosine 0.71), p(a, c) = 0.05: single linkage would join all three
    scores_cfg = _cfg(intercept=-3.0, coef_cosine=0.0, coef_entities=6.0, threshold=0.6)
    bags = [Counter({"x": 1}), Counter({"x": 1, "y": 1}), Counter({"y": 1})]
    found = events(arts, _unit([1, 0], [1, 0], [1, 0]), bags, scores_cfg)
    assert sorted(len(e.articles) for e in found) == [1, 2]


def test_disabled_clustering_is_one_event_of_everything():
    arts = [_article("a"), _article("b")]
    found = events(arts, _unit([1, 0], [0, 1]), [{}, {}], _cfg(enabled=False))
    assert [e.articles for e in found] == [("a", "b")]


def test_label_is_the_title_of_the_most_central_article():
    arts = [_article("a", title="Rand"), _article("b", title="Mitte"), _article("c", title="Anderer Rand")]
    found = events(arts, _unit([1, 0.3], [1, 0], [1, -0.3]), [{}] * 3, _cfg(threshold=0.0))
    assert found[0].label == "Mitte"


def test_mismatched_inputs_are_refused():
    with pytest.raises(ValueError):
        events([_article("a"), _article("b")], _unit([1, 0]), [{}, {}], _cfg())


def test_threshold_must_be_a_probability():
    from factcheck.errors import ConfigError

    with pytest.raises(ConfigError):
        load_config(overrides={"events": {"threshold": 1.5}})


# --------------------------------------------------------------------------- in the pipeline

ZOO = [
    "Bei einem Brand im Zoo sind in der Nacht mehr als 30 Tiere ums Leben gekommen.",
    "Die Feuerwehr wurde gegen Mitternacht alarmiert.",
    "Personen wurden nicht verletzt, teilte die Polizei mit.",
]
ZOO_B = [  # an agency copy, reworded further down
    "Bei einem Brand im Zoo sind in der Neujahrsnacht mehr als 30 Tiere ums Leben gekommen.",
    "Die Feuerwehr rückte kurz nach Mitternacht aus.",
    "Mehrere Personen wurden verletzt, sagte ein Sprecher.",
]
TV = [
    "Im Dschungelcamp mussten die Kandidaten am Abend ein Menü aus Insekten essen.",
    "Mehrere Personen wurden verletzt, als ein Kandidat das Menü verweigerte.",
    "Der Sender zeigt die Show täglich.",
]


def _corpus():
    return [Article(id="zoo-a", title="Brand im Zoo", text=" ".join(ZOO), outlet="A", language="de"),
            Article(id="zoo-b", title="Brand im Zoo", text=" ".join(ZOO_B), outlet="B", language="de"),
            Article(id="tv", title="Dschungelcamp: Menü aus Insekten", text=" ".join(TV), outlet="C", language="de")]


def test_pipeline_compares_only_articles_of_one_event():
    # the fake embedder's n-gram cosine of the leads decides (0.8 for the copies, 0.5 for the other story)
    cfg = load_config(overrides={"embedder": {"name": "fake.v1"}, "nli": {"model": ""},
                                 "events": {"intercept": -14.0, "coef_cosine": 20.0, "coef_entities": 0.0,
                                            "embedder": "fake.v1"}})
    result = analyze(_corpus(), cfg)
    assert sorted(e.articles for e in result.events) == [("tv",), ("zoo-a", "zoo-b")]
    articles_of = {s.id: s.article_id for s in result.sentences}
    for pair in (*result.pairs, *result.candidates):
        assert {articles_of[pair.a], articles_of[pair.b]} != {"zoo-a", "tv"}
        assert {articles_of[pair.a], articles_of[pair.b]} != {"zoo-b", "tv"}
    assert any({articles_of[c.a], articles_of[c.b]} == {"zoo-a", "zoo-b"} for c in result.candidates)

    whole = analyze(_corpus(), load_config(overrides={"embedder": {"name": "fake.v1"}, "nli": {"model": ""},
                                                      "events": {"enabled": False}}))
    assert len(whole.events) == 1
    assert any("tv" in {articles_of[c.a], articles_of[c.b]} and len({articles_of[c.a], articles_of[c.b]}) == 2
               for c in whole.candidates)


def test_an_article_alone_in_its_story_is_neither_embedded_nor_compared(monkeypatch):
    from factcheck import embed as embed_module

    seen: list[str] = []
    real = embed_module.FakeEmbedder.encode

    def counting(self, texts):
        seen.extend(texts)
        return real(self, texts)

    monkeypatch.setattr(embed_module.FakeEmbedder, "encode", counting)
    events_cfg = {"intercept": -14.0, "coef_cosine": 20.0, "coef_entities": 0.0, "embedder": "fake.v1"}
    cfg = load_config(overrides={"embedder": {"name": "fake.v1"}, "nli": {"model": ""},
                                 "events": events_cfg})
    result = analyze(_corpus(), cfg)
    articles_of = {s.id: s.article_id for s in result.sentences}
    assert "tv" in articles_of.values()  # its sentences are in the report ...
    assert not any("tv" in {articles_of[p.a], articles_of[p.b]} for p in (*result.pairs, *result.candidates))
    assert not any(t in seen for t in TV[1:])  # ... but were never embedded (its lead was, for clustering)
    assert all(t in seen for t in ZOO + ZOO_B)

    seen.clear()
    both = analyze(_corpus(), load_config(overrides={"embedder": {"name": "fake.v1"},
                                                     "nli": {"model": ""},
                                                     "events": {**events_cfg, "compare_alone": True}}))
    assert all(t in seen for t in TV)  # compared within itself: nothing there is alike enough to pair
    assert not any("tv" in {articles_of[c.a], articles_of[c.b]} and "zoo-a" in {articles_of[c.a], articles_of[c.b]}
                   for c in both.candidates)


def test_coefficients_of_another_embedder_cluster_nothing(caplog):
    cfg = load_config(overrides={"embedder": {"name": "fake.v1"}, "nli": {"model": ""},
                                 "events": {"intercept": -14.0, "coef_cosine": 20.0, "coef_entities": 0.0}})
    assert cfg.events.embedder == "e5-small-offline.v1"
    result = analyze(_corpus(), cfg)
    assert [e.articles for e in result.events] == [("zoo-a", "zoo-b", "tv")]
    assert "fitted for e5-small-offline.v1, not fake.v1" in caplog.text


def test_report_lists_events_in_json_markdown_and_html():
    from factcheck.report import build_report, render_markdown
    from factcheck.report.html import render_html

    cfg = load_config(overrides={"embedder": {"name": "fake.v1"}, "nli": {"model": ""},
                                 "events": {"intercept": -14.0, "coef_cosine": 20.0, "coef_entities": 0.0,
                                            "embedder": "fake.v1"}})
    report = build_report(analyze(_corpus(), cfg))
    assert report["summary"]["events"] == 2
    zoo = next(e for e in report["events"] if len(e["articles"]) == 2)
    assert set(zoo) == {"id", "label", "articles", "first_published", "last_published"}
    assert Event.from_dict(zoo).articles == ("zoo-a", "zoo-b")
    md = render_markdown(report)
    assert "## Events (2; only articles of one event are compared)" in md
    assert f"`{zoo['id']}` | 2 |" in md
    assert "1 article shares its story with no other article here and was not compared." in md
    html = render_html(report)
    assert 'id="fc-events"' in html and 'href="#fc-events"' in html
    assert 'href="#article:zoo-a"' in html and f'id="{zoo["id"]}"' in html
    assert "1 article shares its story with no other article here and was not compared." in html


def test_event_pages_hold_one_event_each_and_are_linked(tmp_path):
    import json

    from factcheck.report import write_reports
    from factcheck.report.split import event_report

    cfg = load_config(overrides={"embedder": {"name": "fake.v1"}, "nli": {"model": ""},
                                 "events": {"intercept": -14.0, "coef_cosine": 20.0, "coef_entities": 0.0,
                                            "embedder": "fake.v1"}})
    analysis = analyze(_corpus(), cfg)
    written = write_reports(analysis, tmp_path, ["json", "html"])
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    zoo = next(e for e in report["events"] if len(e["articles"]) == 2)
    page = tmp_path / "events" / f"{zoo['id']}.html"
    assert page in written
    # the one-article event gets no page; the pages share one copy of the styles and scripts
    assert sorted(p.name for p in (tmp_path / "events").iterdir()) == sorted([page.name, "assets"])
    from factcheck.report.html import ASSET_FILES

    assert sorted(p.name for p in (tmp_path / "events" / "assets").iterdir()) == sorted(ASSET_FILES)
    assert all(tmp_path / "events" / "assets" / name in written for name in ASSET_FILES)
    assert f'href="events/{zoo["id"]}.html"' in (tmp_path / "report.html").read_text(encoding="utf-8")
    html = page.read_text(encoding="utf-8")
    assert "Dschungelcamp" not in html and "Brand im Zoo" in html
    assert '<a href="../report.html">← all 2 events</a>' in html
    # linked, not held: the page is small, and every file it names is there
    assert '<link rel="stylesheet" href="assets/report.css">' in html and '<script src="assets/report.js" defer>' in html
    assert "fc-cytoscape-src" not in html and len(html) < len((tmp_path / "report.html").read_text(encoding="utf-8")) / 2
    for ref in re.findall(r'(?:src|href)="(assets/[^"]+)"', html):
        assert (page.parent / ref).is_file(), ref
    part = event_report(report, zoo)
    assert [a["id"] for a in part["articles"]] == ["zoo-a", "zoo-b"]
    assert part["summary"]["articles"] == 2 and part["summary"]["sentences"] == 6
    kept = {s["id"] for a in part["articles"] for s in a["sentences"]}
    assert all(p["a"] in kept and p["b"] in kept for p in part["pairs"])
    assert all(c["sentence_id"] in kept for c in part["claims"])
    assert {n["id"] for n in part["graph"]["nodes"]} >= kept
    assert all(e["source"] in kept or e["target"] in kept for e in part["graph"]["links"])
    assert "Dschungelcamp" not in json.dumps(part, ensure_ascii=False)
    # what the corpus left out is listed on the index, not on every event page; a cut inside the event stays
    with_left_out = {**report, "skipped": [{"path": "x.txt", "line": None, "reason": "empty", "copy_of": None}],
                     "cuts": [{"limit": "max_pairs_per_event", "value": 1, "where": f"event {zoo['id']}", "detail": "d"},
                              {"limit": "max_pairs_total", "value": 1, "where": "corpus", "detail": "d"}]}
    part = event_report(with_left_out, zoo)
    assert part["skipped"] == [] and [c["where"] for c in part["cuts"]] == [f"event {zoo['id']}"]


def test_compared_events_leave_out_an_article_alone_unless_it_is_the_whole_corpus():
    from factcheck.events import compared

    two, alone = Event("ev-a", "A", ("a", "b")), Event("ev-c", "C", ("c",))
    assert compared((two, alone), _cfg()) == [two]
    assert compared((two, alone), _cfg(compare_alone=True)) == [two, alone]
    assert compared((alone,), _cfg()) == [alone]  # a corpus of one article
