"""factcheck.goldset: the dev gold points at texts by offsets and hashes, never holds them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.errors import InputError
from factcheck.goldset import LABELS, decode, encode, is_hidden, span_hash

GOLD = Path(__file__).resolve().parent.parent / "gold" / "divergence-dev"
SHARED_TOPICS = GOLD.parent.parent.parent / "shared" / "eval" / "semeval22-de-news" / "dede_event_topics_keyword_grouped.json"
ROWS = [{"id": "a", "title": "A", "text": "Zwei Tiere überlebten.\nDer Zoo  bleibt zu.", "language": "de"},
        {"id": "b", "title": "B", "text": "Alle Tiere starben. Der Zoo bleibt zu.", "language": "de"}]


def test_encode_decode_round_trip_with_whitespace_tolerance():
    text_gold = {"about": "toy", "boilerplate": ["Der Zoo bleibt zu."],
                 "pairs": [{"a": "Zwei Tiere überlebten.", "b": "Alle Tiere starben.", "a_doc": "a",
                            "label": "contradict"}],
                 "must_not_pair_as_contradict": [{"a": "Der Zoo bleibt zu.", "b": "Der Zoo bleibt zu."}]}
    gold = encode(text_gold, ROWS, "toy", {"dataset": "x", "key": "y"}, "de")
    assert "Tiere" not in json.dumps(gold["pairs"])  # offsets, not text
    ref = gold["pairs"][0]["a"][0]
    assert (ref["doc"], ref["start"], ref["pin"]) == ("a", 0, True)
    back = decode(gold, ROWS)
    assert back["pairs"][0]["a"] == ["Zwei Tiere überlebten."] and back["pairs"][0]["a_doc"] == "a"
    assert back["pairs"][0]["b"] == ["Alle Tiere starben."] and "b_doc" not in back["pairs"][0]
    # the double space in article a is matched by the whitespace-tolerant search
    mn = gold["must_not_pair_as_contradict"][0]["a"][0]
    assert span_hash(ROWS[0]["text"][mn["start"]:mn["end"]]) == mn["sha1"] or mn["doc"] == "b"


def test_changed_text_is_caught_by_the_hash():
    gold = encode({"pairs": [{"a": "Zwei Tiere", "b": "Alle Tiere", "label": "contradict"}]}, ROWS, "t",
                  {"dataset": "x", "key": "y"}, "de")
    changed = [dict(ROWS[0], text="Drei Tiere überlebten."), ROWS[1]]
    with pytest.raises(InputError, match="hash mismatch"):
        decode(gold, changed)


def test_unknown_label_and_missing_fragment_are_one_line_errors():
    with pytest.raises(InputError, match="unknown label"):
        encode({"pairs": [{"a": "Zwei", "b": "Alle", "label": "maybe"}]}, ROWS, "t", {}, "de")
    with pytest.raises(InputError, match="fragment not found"):
        encode({"pairs": [{"a": "Drei", "b": "Alle", "label": "agree"}]}, ROWS, "t", {}, "de")


def test_dev_gold_has_the_size_the_issue_asks_for_and_no_news_text():
    files = sorted(GOLD.glob("*.json"))
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in files]
    pairs = [p for g in golds for p in g["pairs"]]
    assert len(golds) >= 10 and len(pairs) >= 100
    assert sum(p["label"] != "agree" for p in pairs) >= 30
    assert sum(len(g["must_not_pair_as_contradict"]) for g in golds) >= 20
    assert {g["language"] for g in golds} == {"de", "en"}
    for g in golds:
        assert not is_hidden(g["source"]["dataset"], g["source"]["key"])
        for p in g["pairs"]:
            assert p["label"] in LABELS
            for ref in p["a"] + p["b"]:
                assert set(ref) <= {"doc", "start", "end", "sha1", "pin"}


def test_hidden_clusters_are_refused(tmp_path):
    from factcheck.goldset import build_corpus

    # the kept-aside sources are refused before any file is read (tmp_path holds no data at all)
    with pytest.raises(InputError, match="kept aside"):
        build_corpus({"dataset": "newswcl50", "key": "7"}, tmp_path)
    assert [e for e in range(10) if is_hidden("newswcl50", e)] == [5, 6, 7, 8, 9]
    topics = SHARED_TOPICS
    if topics.exists():
        hidden = [t for t in json.loads(topics.read_text(encoding="utf-8")) if is_hidden("semeval22-de-topic", t)]
        assert len(hidden) == 2
        with pytest.raises(InputError, match="kept aside"):
            build_corpus({"dataset": "semeval22-de-topic", "key": hidden[0]}, tmp_path)


def test_the_seed_corpus_is_a_gold_source_read_as_ingest_reads_plain_text():
    from factcheck.goldset import build_corpus, load_gold

    rows = build_corpus({"dataset": "seeds", "key": "iraq-2014"}, Path("/nonexistent"))
    assert [(r["outlet"], r["published"], r["language"]) for r in rows] == [
        ("Handelsblatt", "2014-06-17", "de"), ("taz", "2014-06-16", "de")]
    assert rows[0]["title"] == "Krise USA schicken Soldaten in den Irak"
    assert not rows[0]["text"].startswith("Krise USA")  # the title line is not body text
    gold = load_gold(GOLD / "iraq_2014_seeds.json", Path("/nonexistent"))  # every hash checks out
    assert {p["label"] for p in gold.text_gold()["pairs"]} >= {"contradict", "update", "quote_drift", "agree"}
    with pytest.raises(InputError, match="no seed corpus"):
        build_corpus({"dataset": "seeds", "key": "../gold"}, Path("/nonexistent"))


@pytest.mark.parametrize(("data", "fragment"), [
    ('{"name": "x"}'.encode("utf-16"), "not UTF-8 text"),  # was "internal error: UnicodeDecodeError"
    (b"[1, 2]", "not a JSON object"),
    (b"{not json", "cannot read gold"),
])
def test_a_bad_gold_file_is_one_error_naming_it(tmp_path, data, fragment):
    from factcheck.goldset import load_gold

    path = tmp_path / "cluster.json"
    path.write_bytes(data)
    with pytest.raises(InputError) as raised:
        load_gold(path, tmp_path)
    assert str(path) in str(raised.value) and fragment in str(raised.value)
