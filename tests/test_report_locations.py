"""Sentences found in their source files: line and column for SARIF and annotations."""

from __future__ import annotations

import json

from factcheck import analyze, load_config
from factcheck.report.locations import display_path, locate_sentences

FAST = {"embedder": {"name": "fake.v1"}, "nli": {"model": ""}}


def located(paths, cfg=None):
    cfg = cfg or load_config(overrides=FAST)
    result = analyze(paths, cfg)
    locations = locate_sentences(result.articles, result.sentences, [s.id for s in result.sentences], cfg.ingest)
    return result, locations


def test_plain_text_lines_columns_and_curly_quotes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(
        "Titel der Meldung\n\n„Wir schließen nichts aus“, sagte der Minister am Montag. Die Gespräche\n"
        "gehen weiter.\n", encoding="utf-8")
    result, locations = located(["news"])
    first, second = (locations[s.id] for s in result.sentences[:2])
    assert (first.uri, first.line, first.column, first.end_line, first.end_column) == ("news/a.txt", 3, 1, 3, 58)
    assert first.relative and display_path(first) == "news/a.txt"
    assert (second.line, second.column, second.end_line, second.end_column) == (3, 59, 4, 14)


def test_html_and_json_lines(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "b.html").write_text(
        "<html><head><title>T</title></head><body><article><h1>Überschrift</h1>\n"
        "<p>Der Stadtrat hat am Dienstag den <b>neuen</b> Haushalt beschlossen. Die Opposition war dagegen.</p>"
        "</article></body></html>\n", encoding="utf-8")
    rows = [{"id": "j1", "title": "A", "text": "Erster Satz der ersten Zeile. Noch ein Satz."},
            {"id": "j2", "title": "B", "text": "Der Haushalt wurde am Dienstag beschlossen."}]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                                      encoding="utf-8")
    result, locations = located(["b.html", "c.jsonl"])
    by_text = {s.text: locations.get(s.id) for s in result.sentences}
    council = by_text["Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen."]
    assert (council.uri, council.line, council.column) == ("b.html", 2, 4)
    j2 = by_text["Der Haushalt wurde am Dienstag beschlossen."]
    assert (j2.uri, j2.line) == ("c.jsonl", 2) and j2.column > 1


def test_outside_the_working_directory_is_an_absolute_file_uri(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("T\n\nEin Satz steht hier.\n", encoding="utf-8")
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    result, locations = located([tmp_path / "a.txt"])
    loc = locations[result.sentences[0].id]
    assert not loc.relative and loc.uri.startswith("file:///") and display_path(loc) == str(tmp_path / "a.txt")
