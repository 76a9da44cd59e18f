"""Property tests (hypothesis): ingest never crashes, segmentation offsets hold, fingerprints and
normalisers behave. The bounded fuzz run of .ci/run drives the same targets longer
(scripts/fuzz_parsers.py)."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.claims._quantities import parse_number
from factcheck.claims._times import parse_date
from factcheck.classify.divergences import divergence_fingerprint
from factcheck.classify.rules import fingerprint
from factcheck.config import default_config
from factcheck.ingest import _iso_date, text_fingerprint
from factcheck.records import Article
from factcheck.segment import segment

from . import fuzz_targets as t

CFG = default_config()
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(t.jsonl_bytes)
def test_any_jsonl_bytes_give_articles_or_skips(data):
    t.read_jsonl(data)


@FUZZ
@given(t.front_matter)
def test_any_front_matter_gives_an_article_or_a_skip(header):
    t.read_front_matter(header)


@FUZZ
@given(t.manifest_kind, t.manifest_text)
def test_any_manifest_gives_articles_or_skips(name, text):
    t.read_manifest(name, text)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([".txt", ".md", ".jsonl", ".ndjson", ".markdown"]), st.binary(max_size=600))
def test_arbitrary_bytes_never_crash_ingest(suffix, data):
    t.read_any_file(suffix, data)


@settings(max_examples=10, deadline=None)
@given(st.binary(min_size=1, max_size=300))
def test_arbitrary_bytes_as_html_never_crash_ingest(data):
    t.read_any_file(".html", data)


# sentences made of words, numbers, abbreviations, quotes and every kind of break
_pieces = st.sampled_from([
    "Der", "Minister", "sagte", "am", "3.", "Oktober", "Dr.", "z. B.", "u.a.", "„Nein.“", "«Ja!»", "\"So?\"", ",", ".",
    "!", "?", "…", ":", ";", "-", "–", "(dpa)", "1,5", "40.000", "17.06.2014", "Mio.", "USA.", "\n", "\n\n", "  ", "\t",
    "e.g.", "Mr.", "U.S.", "said", "he", "\u00a0", "A.", "B.", "", "'", "»", "«",
])
_texts = st.lists(_pieces | st.text(max_size=6), max_size=60).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(_texts, st.sampled_from(["de", "en", None]))
def test_segmentation_offsets_index_the_text_and_never_overlap(text, language):
    article = Article(id="a", title="", text=text, language=language)
    sentences = segment(article, CFG.segment)
    end = 0
    for i, s in enumerate(sentences):
        assert s.index == i and s.id == f"a:s{i}"
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.text
        assert s.start >= end  # in order, no overlap
        end = s.end


_words = st.lists(st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=8), min_size=1, max_size=12)
_spaces = st.lists(st.sampled_from([" ", "  ", "\n", "\t", " \n "]), min_size=12, max_size=12)


def _respaced(words, spaces):
    return "".join(w + spaces[i % len(spaces)] for i, w in enumerate(words))


@given(_words, _spaces, _spaces)
def test_fingerprints_are_stable_under_whitespace(words, spaces_a, spaces_b):
    a, b = " ".join(words), _respaced(words, spaces_a)
    c = "  " + _respaced(words, spaces_b)
    assert text_fingerprint(a) == text_fingerprint(b) == text_fingerprint(c)
    assert fingerprint("contradict", "FC101", a, "x y") == fingerprint("contradict", "FC101", "x y", c)
    assert divergence_fingerprint("contradict", [a], ["x"]) == divergence_fingerprint("contradict", ["x"], [b])


@given(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_date_normalisers_round_trip(day):
    iso = day.isoformat()
    assert _iso_date(iso, "x") == iso
    assert _iso_date(f"{day.day}.{day.month}.{day.year}", "x") == iso
    assert _iso_date(f"{day.day:02d}.{day.month:02d}.{day.year}", "x") == iso
    assert _iso_date(dt.datetime(day.year, day.month, day.day, 13, 5), "x") == iso
    assert parse_date(iso) == day


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_number_normalisers_read_german_and_english_grouping(whole, cents):
    grouped = f"{whole:,}"
    german = grouped.replace(",", ".")
    assert parse_number(german, decimal_comma=True) == whole
    assert parse_number(grouped, decimal_comma=False) == whole
    assert parse_number(f"{german},{cents:02d}", decimal_comma=True) == whole + float(f"0.{cents:02d}")
    assert parse_number(f"{grouped}.{cents:02d}", decimal_comma=False) == whole + float(f"0.{cents:02d}")


@given(st.text(max_size=30))
def test_number_normaliser_never_raises(text):
    value = parse_number(text, decimal_comma=True)
    assert value is None or (value >= 0 and re.search(r"\d", text))
