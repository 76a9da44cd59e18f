"""Sentence segmentation: hard German and English boundaries, offsets, config, properties."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.records import Article
from factcheck.segment import segment

from .conftest import SEEDS


def _texts(text: str, cfg, language: str | None = "de") -> list[str]:
    article = Article(id="a", title="", text=text, language=language)
    return [s.text for s in segment(article, cfg.segment)]


# Each case: the sentences, joined by a space, are the input.
GERMAN = {
    "quote with speech verb after it": [
        "„Ich würde nichts ausschließen, was konstruktiv sein könnte“, sagte Kerry in einem am Montag "
        "veröffentlichten Interview.",
        "Vorher müsse aber klar sein, „wozu der Iran bereit oder nicht bereit sein würde“.",
    ],
    "multi-sentence quote with attribution": [
        "Kämpfer haben mehrere Städte erobert.",
        "„Das ist eine Herausforderung für die Stabilität der Region. Es ist offensichtlich eine "
        "existenzielle Herausforderung für den Irak selbst“, sagte Kerry Yahoo News.",
        "Eine Einnahme der Hauptstadt hielt er für unwahrscheinlich.",
    ],
    "period inside closing quote, new sentence": [
        "Zuvor hatte Außenminister John Kerry noch dem Portal Yahoo erklärt, er würde „nichts "
        "ausschließen, was konstruktiv wäre.“",
        "Die USA erwägten zudem Drohnenangriffe auf die Extremisten.",
    ],
    "quote then sentence starting with an opening quote": [
        "Der Markt sei fast gesättigt, sagte Berg.",
        "„Planungen müssen beschleunigt werden. Wenn das Geld liegt, nützt es nichts“, sagte Kempf.",
    ],
    "attribution with hieß es": [
        "„Diese Einheit wird im Irak bleiben, bis die Sicherheitslage es nicht länger erfordert“, "
        "hieß es in dem Schreiben.",
        "Die irakische Regierung habe zugestimmt.",
    ],
    "attribution with so and a dash": [
        "„Wir bleiben. Wir kämpfen.“ – so der Minister am Montag.",
        "Danach reiste er ab.",
    ],
    "guillemets with attribution": [
        "»Das ist nicht gut. Wir prüfen alles«, betonte die Sprecherin.",
        "Die Polizei ermittelt.",
    ],
    "Swiss guillemets, sentence end inside": [
        "Der Professor sagt: «Die Massnahmen reichen nicht.»",
        "Ein Umbruch stehe bevor.",
    ],
    "straight quotes with attribution": [
        '"Wir haben die höchsten Kosten der Welt. Wir können die Beiträge nicht erhöhen", sagte er.',
        "Das sei klar.",
    ],
    "capitalised word after a quote starts a sentence, verb or not": [
        "Er sagte nur: „Wir entscheiden rechtzeitig.“",
        "Mehr sagte er nicht.",
    ],
    "question in quote with lower-case attribution": [
        "„Was wäre die Alternative?“ fragte er.",
        "Niemand antwortete.",
    ],
    "date with ordinal and month": ["Am 3. Oktober feiern wir die Einheit.", "Das ist so."],
    "ordinal before a noun": [
        "Dann kam der 2. Weltkrieg und im 19. Jahrhundert war das anders.",
        "Bereits zum 22. Mal fand das Fest statt.",
    ],
    "three-digit ordinal after an article": [
        "Am Sonntag wird der 300. Gottesdienst stattfinden.",
        "Franziskus ist der 266. Bischof von Rom.",
    ],
    "sentence ending in a small number": [
        "Die Zahl der Toten stieg auf 12.",
        "Die Polizei ermittelt.",
    ],
    "abbreviations z. B. and Abs.": ["Das gilt z. B. für Abs. 2 des Gesetzes.", "Es ist neu."],
    "Nr., ca., bzw., u. a.": [
        "Er sprach mit Dr. Müller über Nr. 5 und ca. 30 Leute bzw. Gruppen, u. a. Kinder.",
        "Siehe S. 12 dazu.",
    ],
    "paragraph sign": ["Laut § 5 Abs. 2 StGB ist das verboten.", "Vgl. Art. 3 GG."],
    "initials": [
        "Washington entsandte den Flugzeugträger „USS George H.W. Bush“ in den Golf.",
        "Präsident George W. Bush war dort und Johannes B. Kerner moderierte.",
    ],
    "initial before a sentence starter": ["Das ist unser Plan B.", "Die Regierung hat keinen."],
    "Roman numeral": [
        "Er ist der erste Papst seit Gregor III.",
        "Zudem ist er der erste Jesuit.",
    ],
    "ambiguous abbreviation pysbd keeps": ["Es ist das erste Reisebüro dieser Art.", "Die Idee ist gut."],
    "dates, thousands, decimals": [
        "Am 17.06.2014 kamen 1.000 Menschen, das sind 3,5 Prozent.",
        "Um 21.15 Uhr war es vorbei.",
    ],
    "ellipsis in brackets": [
        "Die Regierung will „jeden Prozess, der den Irak zusammenhält (...) und die Gewalt beendet“.",
        "Das sagte er.",
    ],
    "millions": ["Das kostet 311 Mio. Euro pro Jahr.", "Die Kosten steigen."],
    "abbreviation at a sentence end": ["Der Umsatz stieg auf EUR 1,1 Mio.", "Die Kosten sanken."],
    "weekday abbreviation": ["Die Kanzlerin sagte am Mo. dazu nichts.", "Prof. Dr. Meyer widersprach."],
    "exclamation and question": ["Das ist schlecht!", "Ist das so?", "Ja."],
    "glued sentences from scraping": [
        "Die Regierung hat die Stellungnahme verabschiedet.",
        "Die Vorlage kommt im April.",
    ],
    "web address is not glued text": ["Mehr dazu auf www.Tagesschau.de im Netz.", "Das ist alles."],
    "list of numbered places stays one sentence": [
        "Ergebnisse: Silber 100m Brust, Bronze 200m Lagen, 4. Platz 50m Brust und 5. Platz 50m Freistil.",
    ],
}

ENGLISH = {
    "titles, U.S., month abbreviation": [
        "Mr. Smith met U.S. officials on Jan. 5 in Washington.",
        "They discussed e.g. trade.",
        "Dr. Jones agreed.",
    ],
    "U.S. at a sentence end": ["He returned to the U.S.", "The next day he left."],
    "quote with comma inside and attribution": [
        '"We will not rule anything out. We are ready," Kerry said on Monday.',
        "Officials agreed.",
    ],
    "quote then new sentence": ['"That is clear."', "Officials said more."],
    "No. before a number": ["It was ranked No. 5 in the list.", "It fell later."],
    "time": ["It was 5 p.m. when he arrived.", "Nobody was there."],
    "dash after an abbreviation continues": [
        "Two companies — Exact Sciences Corp. — are each up about 3,000%.",
        "That is rare.",
    ],
}


@pytest.mark.parametrize("sentences", GERMAN.values(), ids=GERMAN.keys())
def test_german_boundaries(cfg, sentences):
    assert _texts(" ".join(sentences), cfg) == sentences


@pytest.mark.parametrize("sentences", ENGLISH.values(), ids=ENGLISH.keys())
def test_english_boundaries(cfg, sentences):
    assert _texts(" ".join(sentences), cfg, language="en") == sentences


def test_records_have_ids_and_offsets(cfg):
    text = "Krise im Irak\n\nDie USA schicken Soldaten. Iran hilft.\nDer Rest folgt."
    article = Article(id="hb-1", title="ignored. Title.", text=text)
    sentences = segment(article, cfg.segment)
    assert [(s.id, s.index, s.article_id) for s in sentences] == [
        ("hb-1:s0", 0, "hb-1"),
        ("hb-1:s1", 1, "hb-1"),
        ("hb-1:s2", 2, "hb-1"),
        ("hb-1:s3", 3, "hb-1"),
    ]
    assert [(s.start, s.end) for s in sentences] == [(0, 13), (15, 41), (42, 53), (54, 69)]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_headings_and_paragraphs_end_sentences(cfg):
    text = (
        "Fakten zum Terror im Irak\n\n"
        "Wie Präsident Obama mitteilte, entsendet die Regierung Soldaten\n"
        "Die Truppe sei gerüstet.\n"
        "   \n"
        "Inhalt"
    )
    assert _texts(text, cfg) == [
        "Fakten zum Terror im Irak",
        "Wie Präsident Obama mitteilte, entsendet die Regierung Soldaten",
        "Die Truppe sei gerüstet.",
        "Inhalt",
    ]


def test_hard_wrapped_line_is_joined(cfg):
    text = "Die Regierung entsendet Soldaten, die dort\nbleiben sollen.\nDas ist neu."
    assert _texts(text, cfg) == ["Die Regierung entsendet Soldaten, die dort\nbleiben sollen.", "Das ist neu."]


PARAGRAPH = ("Die Stadtwerke haben am Dienstag mitgeteilt, dass die Wasserversorgung in drei Ortsteilen "
             "bis Freitag unterbrochen bleibt. Betroffen sind nach Angaben des Unternehmens rund 4000 Haushalte "
             "im Norden der Stadt. Die Feuerwehr stellt Tankwagen an den Schulen und am Rathaus auf. Eine "
             "Sprecherin sagte, die Reparatur der Hauptleitung sei aufwendiger als zunächst angenommen.")


@pytest.mark.parametrize("width", [40, 60, 72, 80])
def test_a_hard_wrapped_text_keeps_its_sentences_whatever_the_width(cfg, width):
    import textwrap

    plain = _texts(PARAGRAPH, cfg)
    wrapped = _texts(textwrap.fill(PARAGRAPH, width=width, break_long_words=False, break_on_hyphens=False), cfg)
    assert [" ".join(s.split()) for s in wrapped] == plain and len(plain) == 4


def test_a_short_line_before_a_capital_in_a_wrapped_text_still_ends_there(cfg):
    # a heading above a hard-wrapped paragraph: the heading had room for the next word, so it was not broken
    import textwrap

    text = "Wasser bis Freitag knapp\n" + textwrap.fill(PARAGRAPH, width=60, break_on_hyphens=False)
    assert _texts(text, cfg)[0] == "Wasser bis Freitag knapp"


def test_fragments_join_their_neighbour(cfg):
    assert _texts(". Marco ist lustig. –", cfg) == [". Marco ist lustig. –"]
    assert _texts("***", cfg) == ["***"]  # a line of nothing but symbols is kept, not lost


def test_language_default_and_unknown(cfg):
    text = "Am 3. Oktober kam er. Das ist gut."
    german = _texts(text, cfg, language="de")
    assert german == ["Am 3. Oktober kam er.", "Das ist gut."]
    assert _texts(text, cfg, language=None) == german  # default_language
    assert _texts(text, cfg, language="en") != german  # English rules know no "3. Oktober"
    assert _texts("Das ist gut. Wir gehen.", cfg, language="xx") == ["Das ist gut.", "Wir gehen."]


def test_region_subtag_uses_language_rules(cfg):
    text = "Am 3. Oktober kam er. Das ist gut."
    assert _texts(text, cfg, language="de-AT") == _texts(text, cfg, language="de")


def test_empty_text(cfg):
    assert segment(Article(id="e", title="T", text=""), cfg.segment) == ()
    assert segment(Article(id="e", title="T", text=" \n\n \t"), cfg.segment) == ()


def test_abbreviations_come_from_config(cfg):
    text = "Das steht in Abs. 2 des Gesetzes."
    assert _texts(text, cfg) == [text]
    without = cfg.segment.model_copy(
        update={"number_abbreviations": {**cfg.segment.number_abbreviations, "de": []}}
    )
    sentences = segment(Article(id="a", title="", text=text, language="de"), without)
    assert [s.text for s in sentences] == ["Das steht in Abs.", "2 des Gesetzes."]


def test_speech_verbs_come_from_config(cfg):
    text = "„Wir gehen. Wir bleiben nicht“ verkündete er."
    assert _texts(text, cfg) == [text]
    update = {"speech_verbs": {**cfg.segment.speech_verbs, "de": ["sagte"]}}
    sentences = segment(Article(id="a", title="", text=text), cfg.segment.model_copy(update=update))
    assert [s.text for s in sentences] == ["„Wir gehen.", "Wir bleiben nicht“ verkündete er."]


@pytest.mark.parametrize(
    ("keep_quotes", "expected"),
    [
        ("attributed", ["Er sagte: „Wir kommen.", "Wir bleiben.“", "Dann ging er."]),
        ("all", ["Er sagte: „Wir kommen. Wir bleiben.“", "Dann ging er."]),
    ],
)
def test_unattributed_quotes_follow_config(cfg, keep_quotes, expected):
    text = "Er sagte: „Wir kommen. Wir bleiben.“ Dann ging er."
    update = {"keep_quotes": keep_quotes}
    sentences = segment(Article(id="a", title="", text=text), cfg.segment.model_copy(update=update))
    assert [s.text for s in sentences] == expected


def test_seed_article_keeps_kerry_quotes_whole(cfg):
    text = (SEEDS / "001_9d6c341b91290b48.txt").read_text(encoding="utf-8")
    sentences = _texts(text, cfg)
    assert (
        "„Ich würde nichts ausschließen, was konstruktiv sein könnte“, sagte Kerry in einem am Montag "
        "veröffentlichten Interview mit der Nachrichtenseite Yahoo News auf die Frage, ob er sich auch "
        "eine militärische Kooperation mit Teheran vorstellen könne." in sentences
    )
    assert (
        "„Das ist eine Herausforderung für die Stabilität der Region. Es ist offensichtlich eine "
        "existenzielle Herausforderung für den Irak selbst“, sagte Kerry Yahoo News." in sentences
    )
    assert "Washington entsandte bereits den Flugzeugträger „USS George H.W. Bush“ in den Golf." in sentences


def test_seed_article_splits_after_closing_quote(cfg):
    text = (SEEDS / "000_787f81f5bac3210e.txt").read_text(encoding="utf-8")
    sentences = _texts(text, cfg)
    assert "Zuvor hatte Außenminister John Kerry noch dem Portal Yahoo erklärt, er würde „nichts ausschließen, was konstruktiv wäre.“" in sentences
    assert "Die USA erwägten zudem Drohnenangriffe auf die Extremisten." in sentences


HARD_WRAPPED = (  # written for this test, wrapped at 72 columns
    "Der Bürgermeister sprach am Montag lange mit den Anwohnern der Straße am\n"
    "Markt. Er sagte, die Stadt habe kein Geld für die Sanierung der alten\n"
    "Brücke, die seit Jahren gesperrt ist. Er erklärte: „Wir zahlen nicht für\n"
    "die alte Brücke, das haben wir den Bürgern lange und oft genug erklärt.\n"
    "Wir bauen eine neue“, sagte er am Montag vor vielen Leuten im Rathaus.\n"
    "Die Anwohner gingen.\n"
    "Der Rat tagt am Dienstag wieder und entscheidet dann über den Neubau.\n"
)


def test_a_hard_wrapped_line_that_ends_a_sentence_goes_on_when_the_next_word_did_not_fit(cfg):
    sentences = _texts(HARD_WRAPPED, cfg)
    # "erklärt." ends its line only because "Wir" did not fit: the quotation and its attribution stay one
    assert ("Er erklärte: „Wir zahlen nicht für\ndie alte Brücke, das haben wir den Bürgern lange und oft genug "
            "erklärt.\nWir bauen eine neue“, sagte er am Montag vor vielen Leuten im Rathaus.") in sentences
    # a short line ends its paragraph: the next word would have fitted
    from factcheck.segment import paragraphs
    blocks = [HARD_WRAPPED[a:b] for a, b in paragraphs(HARD_WRAPPED)]
    assert blocks[-2].endswith("Die Anwohner gingen.") and blocks[-1].startswith("Der Rat tagt")


def test_tokenised_quotations_start_their_own_sentences(cfg):
    # NewsWCL50 style: every straight mark stands apart from its words. Written for this test.
    text = ('The mayor warned the council on Monday . " You can count on that , " she said . '
            '" If they close the bridge , the town will suffer . " The council met again .')
    assert _texts(text, cfg, "en") == [
        "The mayor warned the council on Monday .",
        '" You can count on that , " she said .',
        '" If they close the bridge , the town will suffer . "',
        "The council met again .",
    ]


def test_tokenised_quotation_with_comma_and_attribution_stays_whole(cfg):
    text = '" We will see . It is hard , " she said . Then she left .'
    assert _texts(text, cfg, "en") == ['" We will see . It is hard , " she said .', "Then she left ."]


def test_marks_glued_to_words_are_not_read_as_tokenised(cfg):
    # ECB+ style: '' closes one quotation, so the straight marks after it pair up the wrong way round;
    # they are left to the spacing rules, which split here as before
    text = ('"I never liked it. To be fair? I do not get it. \'\' By 1958, she had left. '
            'A film in 2005, "The Notorious Page, \'\' helped her.')
    assert "By 1958, she had left." in " ".join(_texts(text, cfg, "en"))
    assert len(_texts(text, cfg, "en")) >= 4


# Text built from pieces that stress the rules, plus arbitrary characters.
_PIECES = st.sampled_from(
    [" ", "  ", "\n", "\n\n", ".", ". ", "!", "?", "…", "„", "“", "”", '"', "»", "«", ",", "(", ")",
     "Dr.", "z. B.", "3.", "300.", "H.W.", "Die", "der", "sagte", "Er", "kam", "Abs.", "2", "∯", "&ᓰ&",
     "\u00a0", "\t", "\r"]
)
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, language=st.sampled_from(["de", "en", None]))
def test_sentences_cover_text_exactly(cfg, text, language):
    sentences = segment(Article(id="p", title="", text=text, language=language), cfg.segment)
    previous_end = 0
    covered = []
    for index, s in enumerate(sentences):
        assert s.index == index and s.id == f"p:s{index}"
        assert previous_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text == s.text.strip()
        covered.append(text[previous_end : s.start])
        previous_end = s.end
    covered.append(text[previous_end:])
    assert "".join(covered).strip() == "", "non-whitespace text outside every sentence"


@pytest.mark.parametrize("text", ["\x1f3. .", "Punkt\x1c 2. Die Stadt baut.", "A\x0b1. B. C."])
def test_control_separators_do_not_break_segmentation(cfg, text):
    # found by hypothesis: pysbd's numbered-list regex reads "\x1f3. " as a list item and fails on int("\x1f3")
    sentences = segment(Article(id="c", title="", text=text, language="de"), cfg.segment)
    assert sentences and all(s.text == text[s.start:s.end] for s in sentences)


# ---------------------------------------------------------------- every configured entry, case by case

def _entries(cfg, section: str) -> list[tuple[str, str]]:
    return [(lang, entry) for lang, entries in getattr(cfg.segment, section).items() for entry in entries]


def pytest_generate_tests(metafunc):
    # parametrised from the checked-in config, so that a new entry gets its case without a second list
    from factcheck.config import default_config

    cfg = default_config()
    for name, section in (("abbreviation", "abbreviations"), ("number_abbreviation", "number_abbreviations"),
                          ("speech_verb", "speech_verbs")):
        if name in metafunc.fixturenames:
            metafunc.parametrize(("language", name), _entries(cfg, section), ids=lambda x: x)


_ABBREVIATION_TEXT = {"de": ("Wir sprachen mit {a} Weber über den Plan.", "Danach gingen wir."),
                      "en": ("We spoke with {a} Weber about the plan.", "Then we left.")}
_NUMBER_TEXT = {"de": ("Das steht in {a} 2 des Textes.", "Danach kommt mehr."),
                "en": ("It is in {a} 2 of the text.", "Then more follows.")}
# no comma after the quotation: then the verb alone keeps it with its attribution (with a comma the attribution
# is recognised without it); each entry so decides its case, measured by removing it
_SPEECH_TEXT = {"de": "„Wir gehen. Wir bleiben nicht“ {v} der Minister.",
                "en": "“We leave. We do not stay” {v} the minister."}


# pysbd itself knows most abbreviations (on two such texts 66 of the 126 entries change nothing when removed);
# the entries guard the cases where it proposes a cut, and each is checked to hold
def test_every_abbreviation_ends_no_sentence_before_a_name(cfg, language, abbreviation):
    first, second = _ABBREVIATION_TEXT[language]
    first = first.format(a=abbreviation)
    assert _texts(f"{first} {second}", cfg, language) == [first, second]


def test_every_number_abbreviation_ends_no_sentence_before_a_number(cfg, language, number_abbreviation):
    first, second = _NUMBER_TEXT[language]
    first = first.format(a=number_abbreviation)
    assert _texts(f"{first} {second}", cfg, language) == [first, second]


def test_every_speech_verb_keeps_a_quotation_with_its_attribution(cfg, language, speech_verb):
    text = _SPEECH_TEXT[language].format(v=speech_verb)
    assert _texts(text, cfg, language) == [text]
