"""Tests for factcheck/limits.py and the [limits] caps along the pipeline: every cut is named, none is silent."""

from __future__ import annotations

import json

from factcheck import analyze, load_config
from factcheck.cli import main
from factcheck.ingest import read_corpus
from factcheck.limits import cap_candidates, cap_sentences
from factcheck.records import Article, Candidate, Sentence
from tests.conftest import SEEDS

QUICK = {"embedder": {"name": "fake.v1"}, "nli": {"model": ""}}


def test_cap_sentences_keeps_short_ones_untouched():
    s = Sentence(id="a:s0", article_id="a", index=0, text="Kurz.", start=3, end=8)
    assert cap_sentences([s], 100) == ((s,), ())


def test_cap_sentences_without_a_space_cuts_hard():
    s = Sentence(id="a:s0", article_id="a", index=0, text="x" * 500, start=10, end=510)
    (kept,), (cut,) = cap_sentences([s], 100)
    assert (kept.text, kept.start, kept.end) == ("x" * 100, 10, 110)
    assert cut.where == "a:s0" and "500-character sentence" in cut.detail


def test_cap_candidates_keeps_the_most_similar_in_corpus_order():
    pairs = [Candidate(a="a:s0", b=f"b:s{i}", cosine=c) for i, c in enumerate([0.5, 0.1, 0.9, 0.7])]
    kept, (cut,) = cap_candidates(pairs, 2, "max_pairs_total")
    assert [p.b for p in kept] == ["b:s2", "b:s3"]
    assert (cut.limit, cut.value) == ("max_pairs_total", 2)
    assert cap_candidates(pairs, 4) == (tuple(pairs), ())


def test_max_articles_stops_reading_and_names_what_was_left(tmp_path):
    for i in range(5):
        (tmp_path / f"a{i}.txt").write_text(f"Titel {i}\nDer Text von Artikel {i} ist kurz.\n", encoding="utf-8")
    cfg = load_config(overrides={"limits": {"max_articles": 3}})
    corpus = read_corpus([tmp_path], cfg.ingest, cfg.limits)
    assert [a.id for a in corpus.articles] == ["a0", "a1", "a2"]
    (cut,) = corpus.cuts
    assert cut.limit == "max_articles" and f"2 file(s) not read (from {tmp_path / 'a3.txt'})" in cut.detail


def test_max_articles_applies_to_articles_given_to_the_library():
    cfg = load_config(overrides={**QUICK, "limits": {"max_articles": 2}})
    articles = [Article(id=f"a{i}", title="", text=f"Satz Nummer {i} steht hier.", outlet=f"O{i}") for i in range(3)]
    result = analyze(articles, cfg)
    assert [a.id for a in result.articles] == ["a0", "a1"]
    assert [c.limit for c in result.cuts] == ["max_articles"]


def test_candidate_caps_are_reported_in_every_format(tmp_path, capsys):
    user = tmp_path / "small.toml"
    user.write_text("[limits]\nmax_pairs_per_event = 5\nmax_article_chars = 1000\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["report", str(SEEDS), "-c", str(user), "-o", str(out), "--embedder", "fake.v1", "--no-nli"]) == 0
    err = capsys.readouterr().err
    assert "cut by [limits] max_pairs_per_event = 5:" in err and "cut by [limits] max_article_chars = 1000:" in err
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    limits = sorted({c["limit"] for c in report["cuts"]})
    assert limits == ["max_article_chars", "max_pairs_per_event"] and report["summary"]["cuts"] == 3
    assert report["summary"]["candidates"] == 5
    assert all(len(a["sentences"]) and a["sentences"][-1]["end"] <= 1000 for a in report["articles"])
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## Cut by limits (3)" in md and "`max_pairs_per_event` = 5" in md
    assert "Cut by limits" in (out / "report.html").read_text(encoding="utf-8")
