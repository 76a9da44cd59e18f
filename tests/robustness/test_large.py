"""Large inputs: a 50 MB article, a 100,000-line JSON Lines feed and a 20,000-character "sentence".

Each is read with memory bounded by the limits (measured with tracemalloc: Python's own
allocations during the call), not by the file's size, and each cut is recorded.
"""

from __future__ import annotations

import dataclasses
import json
import time
import tracemalloc

import pytest

from factcheck.config import default_config
from factcheck.ingest import read_corpus
from factcheck.limits import cap_sentences
from factcheck.records import Article
from factcheck.segment import segment

from .conftest import GERMAN

CFG = default_config()
PARAGRAPH = GERMAN.split("\n", 1)[1]
MiB = 2**20


def _measured(fn):
    """(result, seconds, peak MiB of Python allocations)."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = fn()
        return result, time.perf_counter() - started, tracemalloc.get_traced_memory()[1] / MiB
    finally:
        tracemalloc.stop()


def _article_file(path, size_mb: int):
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Eine sehr lange Meldung\n")
        written = 0
        while written < size_mb * MiB:
            fh.write(PARAGRAPH)
            written += len(PARAGRAPH.encode("utf-8"))
    return path


@pytest.mark.slow
def test_a_50_mb_article_is_read_in_bounded_memory_and_the_cut_is_noted(tmp_path):
    small = _article_file(tmp_path / "klein.txt", 5)
    big = _article_file(tmp_path / "riesig.txt", 50)
    _, _, peak_small = _measured(lambda: read_corpus([small], CFG.ingest, CFG.limits))
    corpus, seconds, peak = _measured(lambda: read_corpus([big], CFG.ingest, CFG.limits))
    print(f"50 MB article: {seconds:.2f} s, peak {peak:.1f} MiB of Python allocations (5 MB: {peak_small:.1f} MiB)")
    (article,) = corpus.articles
    assert len(article.text) <= CFG.limits.max_article_chars
    assert article.text.endswith("am Montag.")  # cut at a line boundary, not inside a word
    (cut,) = corpus.cuts
    assert (cut.limit, cut.where) == ("max_article_chars", str(big)) and "52,42" in cut.detail
    # ten times the file, the same memory: the file is never read whole (50 MB would need >= 50 MiB)
    assert peak < 16 and peak < peak_small * 1.5 + 1


@pytest.mark.slow
def test_a_100000_line_jsonl_is_streamed_and_the_cut_is_noted(tmp_path):
    path = tmp_path / "feed.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(100_000):
            fh.write(json.dumps({"id": f"m{i}", "text": f"Meldung {i}: {PARAGRAPH.strip()}"}, ensure_ascii=False) + "\n")
    limits = CFG.limits.model_copy(update={"max_articles": 500})
    corpus, seconds, peak = _measured(lambda: read_corpus([path], CFG.ingest, limits))
    print(f"100,000-line JSONL ({path.stat().st_size / MiB:.0f} MiB), 500 articles read: {seconds:.2f} s, "
          f"peak {peak:.1f} MiB")
    assert [a.id for a in corpus.articles[:2]] == ["m0", "m1"] and len(corpus.articles) == 500
    (cut,) = corpus.cuts
    assert cut.limit == "max_articles" and "99500 JSON Lines article(s) not read" in cut.detail
    assert peak < 32  # the 40 MiB file is never held whole


def test_a_jsonl_line_longer_than_the_limit_is_skipped_unread(tmp_path):
    limits = CFG.limits.model_copy(update={"max_article_chars": 1000})
    path = tmp_path / "feed.jsonl"
    huge = json.dumps({"id": "lang", "text": "wort " * 200_000})
    path.write_text(json.dumps({"id": "kurz", "text": PARAGRAPH}) + "\n" + huge + "\n", encoding="utf-8")
    corpus = read_corpus([path], CFG.ingest, limits)
    assert [a.id for a in corpus.articles] == ["kurz"]
    (skip,) = corpus.skipped
    assert skip.line == 2 and "max_article_chars" in skip.reason


@pytest.mark.parametrize("n", [20_000, 80_000])
def test_a_sentence_without_punctuation_segments_in_linear_time_and_is_cut(n):
    text = " ".join(["wort"] * (n // 5))
    article = Article(id="x", title="Titel", text=text, language="de")
    sentences, seconds, _ = _measured(lambda: segment(article, CFG.segment))
    assert seconds < 2.0, f"{n} characters took {seconds:.2f} s"
    kept, cuts = cap_sentences(sentences, CFG.limits.max_sentence_chars)
    (long_one,) = [s for s in kept if s.end - s.start > 100]
    assert len(long_one.text) <= CFG.limits.max_sentence_chars
    assert article.text[long_one.start:long_one.end] == long_one.text  # offsets still index the text
    (cut,) = cuts
    assert cut.limit == "max_sentence_chars" and f"{len(sentences[0].text):,}-character" in cut.detail


def test_segmentation_time_grows_linearly_not_quadratically():
    def timed(n: int) -> float:
        article = Article(id="x", title="T", text=" ".join(["wort"] * (n // 5)), language="de")
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            segment(article, CFG.segment)
            best = min(best, time.perf_counter() - started)
        return best

    small, big = timed(20_000), timed(160_000)
    # eight times the text: quadratic would be 64 times the time
    assert big < 20 * small + 0.05, (small, big)


def test_the_pipeline_notes_the_cut_sentence():
    from factcheck import analyze, load_config

    cfg = load_config(overrides={"embedder": {"name": "fake.v1"}, "nli": {"model": ""}})
    text = "Ein kurzer Satz steht am Anfang. " + " ".join(["wort"] * 4000) + ". Ein Satz am Ende."
    a = Article(id="a", title="A", text=text, outlet="X", language="de")
    b = Article(id="b", title="B", text="Ein kurzer Satz steht am Anfang. Noch ein Satz.", outlet="Y", language="de")
    result = analyze([a, b], cfg)
    assert max(len(s.text) for s in result.sentences) <= cfg.limits.max_sentence_chars
    assert [c.limit for c in result.cuts] == ["max_sentence_chars"]
    assert dataclasses.asdict(result.cuts[0])["where"].startswith("a:s")
