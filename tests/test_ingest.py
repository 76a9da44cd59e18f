"""Tests for factcheck/ingest.py: formats, metadata, ids, languages and bad input."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from factcheck.errors import InputError
from factcheck.ingest import detect_language, ingest, read_corpus
from factcheck.records import Article
from tests.conftest import ROOT, SEEDS

CORPORA = ROOT / "tests" / "corpora"
BAD = CORPORA / "bad"


@pytest.fixture(scope="module")
def icfg(cfg):
    return cfg.ingest


def _one(path: Path | str, icfg) -> Article:
    (article,) = ingest([path], icfg)
    return article


# --- formats -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "relative, expected",
    [
        (
            "formats/text/stadtrat.txt",
            dict(
                id="stadtrat",
                title="Stadtrat beschließt neuen Radweg am Hafen",
                outlet="Musterstädter Zeitung",
                published="2024-03-05",
                language="de",
                url="https://example.org/stadtrat-radweg",
            ),
        ),
        (
            "formats/markdown/hafen.md",
            dict(id="hafen", title="Hafen meldet Rekordumschlag", outlet="Beispielkurier", published="2024-01-15", language="de", url=None),
        ),
        (
            "formats/markdown/council.md",
            dict(id="council", title="Council approves new bus lanes", outlet=None, published=None, language="en", url=None),
        ),
        (
            "formats/html/bahn.html",
            dict(id="bahn", title="Bahn verlängert Nachtzug nach Wien", outlet="Beispielblatt", published="2024-02-20", language="de"),
        ),
    ],
)
def test_formats_give_title_and_metadata(icfg, relative, expected):
    article = _one(CORPORA / relative, icfg)
    assert {key: getattr(article, key) for key in expected} == expected
    assert article.source == str(CORPORA / relative)


def test_plain_text_body_and_furniture(icfg):
    article = _one(CORPORA / "formats/text/stadtrat.txt", icfg)
    assert article.text.startswith("Der Stadtrat hat am Dienstagabend mit 31 zu 12 Stimmen")
    assert article.text.endswith("Eine Bürgerinitiative kündigte eine Klage an.")
    assert [(r.line, r.rule) for r in article.removed] == [
        (5, "photo_credit"),
        (11, "social_share"),
        (12, "copyright"),
        (13, "navigation"),
    ]


def test_markdown_syntax_is_stripped_links_keep_their_text(icfg):
    article = _one(CORPORA / "formats/markdown/hafen.md", icfg)
    assert article.text == (
        "Der Hafen hat im vergangenen Jahr so viele Container wie nie zuvor umgeschlagen. "
        "Das teilte die Hafengesellschaft am Montag mit.\n\n"
        "Mehr Schiffe aus Asien\n\n"
        "Der Umschlag stieg um sieben Prozent auf 9,1 Millionen Container.\n"
        "Vor allem Schiffe aus Asien liefen den Hafen häufiger an.\n\n"
        "„Wir sind sehr zufrieden“, sagte der Vorstandschef."
    )
    # the image is furniture, recorded with its line in the file
    assert [(r.line, r.rule) for r in article.removed] == [(8, "image")]


def test_html_main_text_without_page_furniture(icfg):
    article = _one(CORPORA / "formats/html/bahn.html", icfg)
    assert article.text.startswith("Die Bahn wird ihren Nachtzug nach Wien ab Dezember bis nach Budapest verlängern.")
    assert "Fahrgastverbände begrüßten die Pläne" in article.text
    for furniture in ("Zur Startseite", "Impressum", "Alle Rechte vorbehalten", "Bahn verlängert Nachtzug nach Wien\n"):
        assert furniture not in article.text


def test_jsonl_one_article_per_line(icfg):
    path = CORPORA / "formats/jsonl/meldungen.jsonl"
    first, second = ingest([path], icfg)
    assert (first.id, first.source, first.outlet, first.published, first.language) == (
        "agentur-erdbeben",
        f"{path}:1",
        "Beispielagentur",
        "2024-04-07",
        "de",
    )
    # no id field: <stem>-<line>; the datetime becomes a date; the language is detected
    assert (second.id, second.source, second.published, second.language, second.outlet) == (
        "meldungen-2",
        f"{path}:2",
        "2024-04-08",
        "en",
        None,
    )
    # the title repeated in front of the text and the agency sign-off are taken out, and recorded
    assert first.text.startswith("Ein leichtes Erdbeben hat am Sonntagmorgen")
    assert first.text.endswith("vom Wackeln der Fenster aufgewacht.")
    assert [(r.rule, r.text) for r in first.removed] == [
        ("title_repeat", "Leichtes Erdbeben in der Eifel"),
        ("byline", "(dpa)"),
    ]


@pytest.mark.parametrize(
    "name, city",
    [("strassenfest_cp1252.txt", "Köln"), ("strassenfest_bom.txt", "Bonn"), ("strassenfest_utf16.txt", "Aachen")],
)
def test_encodings(icfg, name, city):
    article = _one(CORPORA / "formats/encoding" / name, icfg)
    assert article.title == f"Straßenfest in {city} abgesagt"
    assert "Über 20.000 Besucher" in article.text
    assert "\ufeff" not in article.title


def test_legacy_encoding_is_logged(icfg, caplog):
    with caplog.at_level(logging.WARNING, logger="factcheck.ingest"):
        _one(CORPORA / "formats/encoding/strassenfest_cp1252.txt", icfg)
    assert "decoded as cp1252" in caplog.text


# --- directories, manifests, ids ---------------------------------------------------------------


def test_directory_is_read_recursively_sorted_without_hidden_files_or_manifests(icfg):
    corpus = read_corpus([CORPORA / "tree"], icfg)
    assert [a.id for a in corpus.articles] == ["erster", "b_zweiter"]
    assert [a.source for a in corpus.articles] == [str(CORPORA / "tree/a/erster.md"), str(CORPORA / "tree/b_zweiter.txt")]
    # an unknown file type is listed, never ignored silently; hidden files are not articles
    assert [(s.path, s.reason.split(" (")[0]) for s in corpus.skipped] == [
        (str(CORPORA / "tree/notizen.csv"), "unsupported file type '.csv'")]


def test_yaml_manifest_metadata_is_normalised(icfg):
    _, second = read_corpus([CORPORA / "tree"], icfg).articles
    assert (second.outlet, second.published, second.language) == ("Baumzeitung", "2014-06-17", "de")


def test_missing_metadata_stays_unknown(icfg):
    first, _ = read_corpus([CORPORA / "tree"], icfg).articles
    assert (first.outlet, first.published, first.url) == (None, None, None)
    assert first.language is None  # too short to tell


def test_source_is_the_path_as_given(icfg, monkeypatch):
    monkeypatch.chdir(CORPORA)
    (article,) = ingest(["single"], icfg)
    assert article.source == "single/einzig.txt"


def test_a_corpus_of_one_article_is_valid(icfg):
    (article,) = ingest([CORPORA / "single"], icfg)
    assert article.id == "einzig"
    assert article.text == "Auch ein Korpus mit nur einem Artikel ist gültig. Der Text hat genau zwei Sätze."


def test_ids_are_stable_across_runs(icfg):
    paths = [CORPORA / "formats", CORPORA / "tree"]
    assert read_corpus(paths, icfg) == read_corpus(paths, icfg)
    assert [a.id for a in read_corpus(paths, icfg).articles] == [
        "strassenfest_bom",
        "strassenfest_cp1252",
        "strassenfest_utf16",
        "bahn",
        "agentur-erdbeben",
        "meldungen-2",
        "council",
        "hafen",
        "stadtrat",
        "erster",
        "b_zweiter",
    ]


def test_manifest_overrides_front_matter(icfg, tmp_path):
    (tmp_path / "bericht.md").write_text(
        "---\noutlet: Falsche Zeitung\nlanguage: de\n---\n# Titel\n\nDer Text des Berichts steht hier.\n", encoding="utf-8"
    )
    (tmp_path / "manifest.toml").write_text('["bericht.md"]\noutlet = "Richtige Zeitung"\n', encoding="utf-8")
    article = _one(tmp_path / "bericht.md", icfg)
    assert (article.outlet, article.language, article.title) == ("Richtige Zeitung", "de", "Titel")


@pytest.mark.parametrize(
    "value, expected",
    [
        ('"2014-06-17"', "2014-06-17"),
        ('"2014-06-17T23:30:00+02:00"', "2014-06-17"),
        ('"2014-06-17T10:00:00Z"', "2014-06-17"),
        ('"2014-06-17 10:00"', "2014-06-17"),
        ('"17.06.2014"', "2014-06-17"),
        ("2014-06-17", "2014-06-17"),  # a TOML date
        ("2014-06-17T10:00:00", "2014-06-17"),  # a TOML datetime
        ('""', None),
    ],
)
def test_published_is_normalised(icfg, tmp_path, value, expected):
    (tmp_path / "a.txt").write_text("Titel\n\nDer Text des Artikels.\n", encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(f'["a.txt"]\npublished = {value}\n', encoding="utf-8")
    assert _one(tmp_path / "a.txt", icfg).published == expected


@pytest.mark.parametrize("value", ["17. Juni 2014", "2014-13-01", "31.02.2014", "gestern"])
def test_invalid_published_is_an_error_naming_the_file(icfg, tmp_path, value):
    path = tmp_path / "meldungen.jsonl"
    path.write_text(json.dumps({"text": "Der Text des Artikels.", "published": value}) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        ingest([path], icfg)
    assert "meldungen.jsonl" in str(info.value) and "invalid published date" in str(info.value)


# --- language --------------------------------------------------------------------------------------

GERMAN = (
    "Die Regierung hat sich am Dienstag nach langen Verhandlungen auf einen Haushalt geeinigt. "
    "Der Finanzminister sagte, die Schulden würden in den kommenden Jahren nicht steigen, "
    "auch wenn die Ausgaben für die Verteidigung wachsen."
)
ENGLISH = (
    "The government agreed on a budget on Tuesday after long negotiations. "
    "The finance minister said that the debt would not rise in the coming years, "
    "even though spending on defence is growing."
)


@pytest.mark.parametrize(
    "text, expected",
    [
        (GERMAN, "de"),
        (ENGLISH, "en"),
        ("Die Regierung hat sich geeinigt.", None),  # too short
        (GERMAN + " " + ENGLISH, None),  # undecided
        ("Lorem ipsum dolor sit amet consectetur adipiscing elit " * 4, None),  # neither
    ],
)
def test_detect_language(icfg, text, expected):
    assert detect_language(text, icfg) == expected


def test_metadata_language_wins_over_detection(icfg, tmp_path):
    path = tmp_path / "meldungen.jsonl"
    path.write_text(json.dumps({"text": GERMAN, "language": "EN"}) + "\n", encoding="utf-8")
    assert _one(path, icfg).language == "en"


# --- the seeds -------------------------------------------------------------------------------------


def test_seed_manifest(icfg):
    handelsblatt, taz = ingest([SEEDS], icfg)
    assert (handelsblatt.id, handelsblatt.outlet, handelsblatt.published, handelsblatt.language, handelsblatt.url) == (
        "000_787f81f5bac3210e",
        "Handelsblatt",
        "2014-06-17",
        "de",
        None,
    )
    assert (taz.id, taz.outlet, taz.published, taz.language, taz.url) == ("001_9d6c341b91290b48", "taz", "2014-06-16", "de", None)
    assert taz.title == "Isis-Vormarsch im Irak: USA wollen mit Iran verhandeln"


def test_seed_articles_are_clean(icfg):
    handelsblatt, taz = ingest([SEEDS], icfg)
    assert "Eine militärische Zusammenarbeit mit der Islamischen Republik werde es aber nicht geben." in handelsblatt.text
    # the dateline is cut from its paragraph and kept (the claims read the place and agency from it)
    assert taz.text.split("\n")[1].startswith("US-Außenminister")
    assert [(r.text, r.rule) for r in taz.removed if r.rule == "dateline"] == [("WASHINGTON afp |", "dateline")]
    for furniture in ("Handelsblatt GmbH", "Zur Startseite", "100%", "Fakten zum Terror", "Quelle: dpa"):
        assert furniture not in handelsblatt.text
    for furniture in ("![](", "Danke", "unterstützen", "meistkommentiert", "Klingelnde Kassen"):
        assert furniture not in taz.text
    # the removed furniture is kept, with lines of the seed files
    assert {(r.line, r.rule) for r in handelsblatt.removed} >= {(11, "teaser_heading"), (17, "copyright"), (19, "symbols")}
    assert {(r.line, r.rule) for r in taz.removed} >= {(3, "image"), (10, "orphan_heading"), (11, "donation"), (12, "tail_block")}


# --- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "relative, names, problem",
    [
        ("does_not_exist", "does_not_exist", "does not exist"),
        ("empty/leer.txt", "leer.txt", "empty file"),
        ("blank/leer.txt", "leer.txt", "empty file"),
        ("binary/bild.txt", "bild.txt", "binary file (PNG image)"),
        ("undecodable/kaputt.txt", "kaputt.txt", "cannot decode text: not UTF-8"),
        ("no_articles", "notizen.csv", "unsupported file type '.csv'"),
        ("unsupported/artikel.pdf", "artikel.pdf", "unsupported file type '.pdf'"),
        ("title_only/artikel.txt", "artikel.txt", "no article text after the title"),
        ("jsonl_malformed", "meldungen.jsonl", "line 2: not valid JSON"),
        ("jsonl_unknown_key", "meldungen.jsonl", "line 2: unknown keys autor"),
        ("jsonl_not_object", "meldungen.jsonl", "line 1: not a JSON object"),
        ("jsonl_no_text", "meldungen.jsonl", "line 3: no article text"),
        ("jsonl_wrong_type", "meldungen.jsonl", "line 1: 'published' must be a string"),
        ("manifest_malformed_toml", "manifest.toml", "malformed manifest: not valid TOML"),
        ("manifest_malformed_yaml", "manifest.yaml", "malformed manifest: not valid YAML"),
        ("manifest_missing_file", "manifest.toml", "manifest names 'fehlt.txt', which does not exist"),
        ("manifest_unknown_key", "manifest.toml", "unknown keys autor"),
        ("manifest_not_table", "manifest.toml", "'artikel.txt' should be a table of metadata"),
        ("two_manifests", "manifest.yaml", "a second manifest next to manifest.toml"),
        ("bad_date", "manifest.toml", "invalid published date 'gestern'"),
        ("bad_language", "manifest.toml", "invalid language 'Deutsch'"),
        ("id_collision", "b/artikel.txt", "article id 'artikel' is also used by"),
        ("front_matter_malformed/artikel.md", "artikel.md", "malformed YAML front matter"),
        ("front_matter_unknown/artikel.md", "artikel.md", "front matter: unknown keys autor"),
    ],
)
def test_bad_input_names_the_file_and_the_problem(icfg, relative, names, problem):
    with pytest.raises(InputError) as info:
        ingest([BAD / relative], icfg)
    message = str(info.value)
    assert names in message and problem in info.value.problem
    assert message == f"{info.value.path}: {info.value.problem}"
    assert "\n" not in message


def test_id_collision_names_both_files(icfg):
    with pytest.raises(InputError) as info:
        ingest([BAD / "id_collision"], icfg)
    assert str(BAD / "id_collision/a/artikel.txt") in info.value.problem


def test_bad_file_among_good_ones_fails_only_a_strict_read(icfg):
    with pytest.raises(InputError, match="leer.txt: empty file"):
        ingest([CORPORA / "single", BAD / "empty/leer.txt"], icfg)
    corpus = read_corpus([CORPORA / "single", BAD / "empty/leer.txt"], icfg)
    assert [a.id for a in corpus.articles] == ["einzig"]
    assert [(s.path, s.line, s.reason) for s in corpus.skipped] == [(str(BAD / "empty/leer.txt"), None, "empty file")]


def test_one_bad_jsonl_line_skips_that_line_only(icfg):
    corpus = read_corpus([BAD / "jsonl_malformed"], icfg)
    assert [s.line for s in corpus.skipped] == [2]
    assert corpus.articles and all(a.source.endswith((":1", ":3")) for a in corpus.articles)


def test_a_utf16_jsonl_file_cut_mid_character_keeps_its_whole_lines(tmp_path, icfg):
    # the UTF-16 reader decodes in blocks: a file cut after an odd number of bytes (a transfer that stopped)
    # raised UnicodeDecodeError out of read_corpus (found by tests/robustness/test_fuzz.py: b"\xfe\xff" and 9 NULs)
    import json

    line = json.dumps({"id": "a", "text": "Die Brücke in Kleinheim wird im Mai eröffnet."}, ensure_ascii=False) + "\n"
    other = json.dumps({"id": "b", "text": "Der Stadtrat von Kleinheim tagt am Montag."}, ensure_ascii=False) + "\n"
    data = (line + other).encode("utf-16")
    path = tmp_path / "feed.jsonl"
    path.write_bytes(data + b"\x00")  # one byte of a next character
    corpus = read_corpus([path], icfg)
    assert [a.id for a in corpus.articles] == ["a", "b"]
    (skip,) = corpus.skipped
    assert skip.line == 3 and skip.reason.startswith("not UTF-16 text")
    path.write_bytes(b"\xfe\xff" + b"\x00" * 9)
    (skip,) = read_corpus([path], icfg).skipped
    assert skip.line == 1 and "UTF-16" in skip.reason


def test_an_empty_folder_says_no_articles_found(icfg, tmp_path):
    corpus = read_corpus([tmp_path], icfg)
    assert corpus.articles == () and [s.reason.split(" (")[0] for s in corpus.skipped] == ["no articles found"]


@pytest.mark.parametrize(("text", "repaired"), [
    ("Teheran (dpa) â€“ Das iranische Außenministerium", "Teheran (dpa) – Das iranische Außenministerium"),
    ("Die GrÃ¼nen und die Ã–VP, â€žKlimaschutzâ€œ", "Die Grünen und die ÖVP, „Klimaschutz“"),
    ("Der Eintritt kostet 5 â‚¬.", "Der Eintritt kostet 5 €."),
    # nothing to repair: German and French as written, a sharp s before a closing quotation mark
    ("„Gruß“ und „Fuß“, sagte sie.", "„Gruß“ und „Fuß“, sagte sie."),
    ("Café déjà vu – „Zitat“", "Café déjà vu – „Zitat“"),
])
def test_utf8_read_as_cp1252_upstream_is_repaired(text, repaired):
    from factcheck.ingest import repair_mojibake

    assert repair_mojibake(text) == repaired


def test_a_jsonl_body_with_mojibake_is_read_repaired(tmp_path, icfg):
    import json

    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "a", "title": "Ã–VP", "text": "Teheran (dpa) â€“ Das Amt bestellte den Botschafter ein."},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    (article,) = read_corpus([path], icfg).articles
    assert article.title == "ÖVP" and "â€" not in article.text and "Das Amt bestellte" in article.text
