"""The input catalogue of issue 14: each odd or bad input, what ingest makes of it.

A bad input is skipped with a reason naming what is wrong, and the good articles next to
it are still read; an odd but readable input is read right. Everything is generated in
tmp_path by tests/robustness/conftest.py.
"""

from __future__ import annotations

import os

import pytest

from factcheck.config import default_config
from factcheck.ingest import read_corpus

from .conftest import ENGLISH, FRENCH, GERMAN, pdf_bytes, png_bytes, random_bytes

ICFG = default_config().ingest


def _read(*paths):
    return read_corpus(list(paths), ICFG, default_config().limits)


def _reasons(corpus):
    return {(os.path.basename(s.path), s.line): s.reason for s in corpus.skipped}


# --- bad files: skipped with a reason, the good article next to them still read ---------------------

BAD = [
    # (case, file name, content, reason fragment)
    ("empty", "leer.txt", b"", "empty file"),
    ("whitespace only", "leer.txt", b"  \n\t\r\n  \n", "empty file (only white space)"),
    ("whitespace only, Markdown", "leer.md", b"\n\n   \n", "empty file (only white space)"),
    ("PNG as .txt", "bild.txt", png_bytes(), "binary file (PNG image)"),
    ("PDF as .md", "dokument.md", pdf_bytes(), "binary file (PDF document)"),
    ("PDF as .html", "dokument.html", pdf_bytes(), "binary file (PDF document)"),
    ("random bytes", "zufall.txt", random_bytes(4096, seed=1), "binary file (contains NUL bytes)"),
    ("random bytes without NUL", "zufall.txt", random_bytes(4096, seed=2, nul=False), "cannot decode text"),
    ("random bytes as JSON Lines", "zufall.jsonl", random_bytes(4096, seed=3), "binary file"),
    ("title only", "titel.txt", "Nur eine Überschrift\n".encode(), "no article text after the title line"),
    ("front matter never ends", "fm.md", b"---\ntitle: Hafen\noutlet: X\n\nText ohne Ende.\n", "never ends"),
    ("front matter malformed", "fm.md", b"---\ntitle: [Hafen\n---\nText.\n", "malformed YAML front matter"),
    ("front matter impossible date", "fm.md", b"---\npublished: 2014-13-45\n---\n# T\nText.\n",
     "malformed YAML front matter (month must be in 1..12)"),  # found by the fuzz run
    ("only page furniture", "menue.txt", "Startseite\nStartseite\nAlle Rechte vorbehalten\n".encode(),
     "nothing left after removing page furniture"),
    ("front matter a list", "fm.md", b"---\n- a\n- b\n---\nText.\n", "front matter is not a mapping"),
    ("front matter unknown key", "fm.md", b"---\nautor: X\n---\n# T\nText.\n", "front matter: unknown keys autor"),
    ("HTML without text", "leer.html", b"<html><head><script>var x = 1;</script></head><body></body></html>",
     "no article text found in the HTML"),
    ("unknown extension", "daten.bin", b"\x00\x01", "unsupported file type '.bin'"),
    ("no extension", "LIESMICH", b"Text", "unsupported file type without a suffix"),
    ("article in French by its metadata", "fr.md", ("---\nlanguage: fr\n---\n" + FRENCH).encode(),
     "language 'fr' is not analysed (analysed: de, en)"),
    ("article in French, undeclared", "fr.txt", FRENCH.encode(), "language not recognised as one of de, en"),
]


@pytest.mark.parametrize(("case", "name", "content", "reason"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_file_is_skipped_with_its_reason_and_the_good_one_is_read(write, case, name, content, reason):
    good = write("gut.txt", GERMAN)
    bad = write(name, content)
    corpus = _read(good.parent)
    assert [a.id for a in corpus.articles] == ["gut"]
    (skip,) = corpus.skipped
    assert skip.path == str(bad) and reason in skip.reason and "\n" not in skip.reason


def test_jsonl_bad_lines_are_skipped_one_by_one(write):
    lines = [
        '{"id": "a", "text": "%s"}' % GERMAN.replace("\n", " "),
        '{"id": "b", "text": ',  # cut off
        "[1, 2]",
        '{"id": "c", "text": "x", "autor": "Y"}',
        '{"id": "d", "text": ""}',
        '{"id": "e", "text": 5}',
        "",
        '{"id": "f", "text": "%s"}' % ENGLISH.replace("\n", " "),
    ]
    path = write("feed.jsonl", "\n".join(lines) + "\n")
    corpus = _read(path)
    assert [a.id for a in corpus.articles] == ["a", "f"]
    reasons = _reasons(corpus)
    assert sorted(line for _, line in reasons) == [2, 3, 4, 5, 6]
    assert "not valid JSON" in reasons[("feed.jsonl", 2)]
    assert reasons[("feed.jsonl", 3)] == "not a JSON object"
    assert "unknown keys autor" in reasons[("feed.jsonl", 4)]
    assert "no article text" in reasons[("feed.jsonl", 5)]
    assert "'text' must be a string, not int" in reasons[("feed.jsonl", 6)]


def test_a_key_with_a_line_break_stays_on_one_line_in_the_reason(write):
    corpus = _read(write("feed.jsonl", b'{"id": "", "\\n": ""}\n'))  # found by the fuzz run
    (skip,) = corpus.skipped
    assert skip.reason.startswith("unknown keys '\\n'") and "\n" not in skip.reason


def test_jsonl_line_in_latin1_is_skipped_alone(write):
    good = '{"id": "a", "text": "%s"}' % GERMAN.replace("\n", " ")
    bad = '{"id": "b", "text": "Straße in Köln"}'.encode("latin-1")
    corpus = _read(write("feed.jsonl", good.encode() + b"\n" + bad + b"\n"))
    assert [a.id for a in corpus.articles] == ["a"]
    assert "not UTF-8" in _reasons(corpus)[("feed.jsonl", 2)]


# --- encodings and line endings: read right ------------------------------------------------------

ENCODED = [
    ("latin-1", GERMAN.encode("latin-1")),
    ("cp1252", (GERMAN + "„Gut so“, sagte sie – und ging.\n").encode("cp1252")),
    ("utf-8 with BOM", b"\xef\xbb\xbf" + GERMAN.encode()),
    ("utf-16 LE with BOM", GERMAN.encode("utf-16")),  # Python writes the BOM, little-endian here
    ("utf-16 BE with BOM", b"\xfe\xff" + GERMAN.encode("utf-16-be")),
    ("utf-16 LE without BOM", GERMAN.encode("utf-16-le")),
    ("utf-16 BE without BOM", GERMAN.encode("utf-16-be")),
]


@pytest.mark.parametrize(("case", "content"), ENCODED, ids=[e[0] for e in ENCODED])
def test_encodings_are_read_right(write, case, content):
    corpus = _read(write("artikel.txt", content))
    assert not corpus.skipped
    (article,) = corpus.articles
    assert article.title == "Straßenbahn fährt wieder durch die Altstadt"
    assert "Fahrgäste müssen sich" in article.text and "\ufeff" not in article.text + article.title


def test_mixed_line_endings(write):
    text = "Titel der Meldung\r\nErster Absatz mit Text.\r\rZweiter Absatz nach altem Mac-Umbruch.\n\nDritter.\r\n"
    (article,) = _read(write("artikel.txt", text.encode())).articles
    assert article.title == "Titel der Meldung" and "\r" not in article.text
    assert article.text.split("\n\n") == ["Erster Absatz mit Text.", "Zweiter Absatz nach altem Mac-Umbruch.", "Dritter."]


def test_html_with_scripts_nested_tables_and_broken_tags(write):
    body = " ".join(GERMAN.split("\n")[1:])
    html = (
        "<html><head><title>Straßenbahn fährt wieder</title><script>document.write('<p>Werbung</p>');"
        "var geheim = 'SKRIPTTEXT';</script><style>p { color: red }</style></head><body>"
        "<table><tr><td><table><tr><td>Navigation <a href='/'>Start</a></td></tr></table></td></tr></table>"
        f"<article><h1>Straßenbahn fährt wieder</h1><p>{body}<p>Ein zweiter Absatz ohne schließendes Tag "
        "mit genug Wörtern, damit er als Text zählt und nicht als Menü.<div><span>unclosed"
        "</article><script>alert('SKRIPTTEXT')</script></body>"
    )
    (article,) = _read(write("seite.html", html)).articles
    assert "Fahrgäste müssen sich" in article.text
    assert "SKRIPTTEXT" not in article.text and "document.write" not in article.text and "color: red" not in article.text


# --- ids, copies ----------------------------------------------------------------------------------


def test_duplicate_ids_skip_the_second_and_name_the_first(write):
    first = write("a/artikel.txt", GERMAN)
    second = write("b/artikel.txt", ENGLISH)
    corpus = _read(first.parent.parent)
    assert [a.source for a in corpus.articles] == [str(first)]
    (skip,) = corpus.skipped
    assert skip.path == str(second) and f"article id 'artikel' is also used by {first}" == skip.reason


def test_the_same_text_under_two_ids_is_a_copy_not_a_second_source(write):
    original = write("agentur.txt", GERMAN)
    copy = write("zeitung.md", "---\noutlet: Zeitung\n---\n" + GERMAN.replace("\n", "\n\n", 1).upper().lower())
    corpus = _read(original.parent)
    assert [a.id for a in corpus.articles] == ["agentur"]
    (skip,) = corpus.skipped
    assert (skip.path, skip.copy_of) == (str(copy), "agentur")
    assert "never counted as independent corroboration" in skip.reason


# --- links, permissions, names -------------------------------------------------------------------


def test_symlinks_are_followed_once_and_loops_are_detected(write, tmp_path):
    outside = write("outside/fremd.txt", ENGLISH)
    corpus_dir = tmp_path / "korpus"
    good = write("korpus/gut.txt", GERMAN)
    (corpus_dir / "link_to_outside.txt").symlink_to(outside)
    (corpus_dir / "second_link.txt").symlink_to(good)  # the same file again
    (corpus_dir / "loop").symlink_to(corpus_dir, target_is_directory=True)
    (corpus_dir / "self.txt").symlink_to(corpus_dir / "self.txt")
    (corpus_dir / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    sub = corpus_dir / "sub"
    sub.mkdir()
    (sub / "up").symlink_to(corpus_dir, target_is_directory=True)
    corpus = _read(corpus_dir)
    assert sorted(a.id for a in corpus.articles) == ["gut", "link_to_outside"]
    reasons = {os.path.relpath(s.path, corpus_dir): s.reason for s in corpus.skipped}
    assert reasons == {
        "dangling.txt": "broken symbolic link",
        "loop": "symbolic link loop: leads back to a folder above it, not followed again",
        "second_link.txt": f"same file as {good} (a link), read once",
        "self.txt": "symbolic link loop (the link leads back to itself)",
        "sub/up": "symbolic link loop: leads back to a folder above it, not followed again",
    }


def test_unreadable_file_is_skipped(write, monkeypatch):
    good = write("gut.txt", GERMAN)
    locked = write("gesperrt.txt", ENGLISH)
    if os.geteuid() != 0:
        locked.chmod(0)
    else:  # root reads everything: make the open fail the way a permission error does
        from pathlib import Path

        real_open = Path.open

        def deny(self, *args, **kwargs):
            if self == locked:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", deny)
    corpus = _read(good.parent)
    assert [a.id for a in corpus.articles] == ["gut"]
    assert _reasons(corpus) == {("gesperrt.txt", None): "cannot read file (Permission denied)"}


def test_paths_with_spaces_and_non_ascii_names(write):
    path = write("Meine Artikel/Straßenbahn – Übersicht ä.txt", GERMAN)
    corpus = _read(path.parent)
    (article,) = corpus.articles
    assert (article.id, article.source) == ("Straßenbahn – Übersicht ä", str(path))
    assert not corpus.skipped


def test_a_missing_path_is_skipped_and_the_rest_read(write, tmp_path):
    good = write("gut.txt", GERMAN)
    corpus = _read(good, tmp_path / "gibt es nicht.txt")
    assert [a.id for a in corpus.articles] == ["gut"]
    assert _reasons(corpus) == {("gibt es nicht.txt", None): "does not exist"}


# --- languages ------------------------------------------------------------------------------------

FOREIGN = {
    "es": "El gobierno presentó el martes su proyecto de ley sobre las pensiones. Según el ministro, la reforma "
          "debe entrar en vigor a principios del próximo año. Los sindicatos convocaron una huelga nacional.",
    "it": "Il governo ha presentato martedì il suo disegno di legge sulle pensioni. Secondo il ministro, la "
          "riforma dovrebbe entrare in vigore all'inizio del prossimo anno. I sindacati hanno indetto uno sciopero.",
    "nl": "De regering heeft dinsdag haar wetsvoorstel over de pensioenen gepresenteerd. Volgens de minister moet "
          "de hervorming begin volgend jaar in werking treden. De vakbonden hebben opgeroepen tot een staking.",
}


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_foreign_news_is_not_analysed_as_german(write, language):
    corpus = _read(write(f"{language}.txt", "Titel\n" + FOREIGN[language]))
    assert corpus.articles == ()
    assert "language not recognised as one of de, en" in corpus.skipped[0].reason


@pytest.mark.parametrize("text", [GERMAN, ENGLISH])
def test_german_and_english_stay_in(write, text):
    (article,) = _read(write("a.txt", text)).articles
    assert article.language in ("de", "en")


def test_a_named_pipe_is_skipped_not_read(write, tmp_path):
    good = write("gut.txt", GERMAN)
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would wait forever for a writer
    corpus = _read(good.parent)
    assert [a.id for a in corpus.articles] == ["gut"]
    assert _reasons(corpus) == {("pipe.txt", None): "not a regular file"}
    given = _read(tmp_path / "pipe.txt")
    assert [s.reason for s in given.skipped] == ["not a regular file"]
