"""configs/lexicons/*.toml: every entry has an example sentence (none from the seed texts) in
which the claim rules detect it, and adding an entry without an example fails."""

from __future__ import annotations

import pytest

from factcheck.claims._lexicon import compile_lexicon
from tests.test_claims import DE_CUES, DE_NEGATORS, EN_CUES, claim_of, claims_of

# ---------------------------------------------------------------- reporting verbs: a speaker is found

DE_SPEECH = {
    "sagen": "Die Lage sei ernst, sagte die Ministerin.",
    "erklären": "Die Lage sei ernst, erklärte die Ministerin.",
    "betonen": "Die Lage sei ernst, betonte die Ministerin.",
    "bekräftigen": "Die Lage sei ernst, bekräftigte die Ministerin.",
    "mitteilen": "Die Ministerin teilte mit, die Lage sei ernst.",
    "berichten": "Die Lage sei ernst, berichtete die Ministerin.",
    "ergänzen": "Die Lage sei ernst, ergänzte die Ministerin.",
    "hinzufügen": "Die Ministerin fügte hinzu, die Lage sei ernst.",
    "äußern": "Die Ministerin äußerte, die Lage sei ernst.",
    "erläutern": "Die Lage sei ernst, erläuterte die Ministerin.",
    "versichern": "Die Lage sei im Griff, versicherte die Ministerin.",
    "warnen": "Die Lage sei ernst, warnte die Ministerin.",
    "bestätigen": "Die Lage sei ernst, bestätigte die Ministerin.",
    "verkünden": "Die Ministerin verkündete, der Haushalt stehe.",
    "unterstreichen": "Die Lage sei ernst, unterstrich die Ministerin.",
    "behaupten": "Die Lage sei ernst, behauptete die Ministerin.",
    "schreiben": "Die Lage sei ernst, schrieb die Ministerin.",
    "meinen": "Die Lage sei ernst, meinte die Ministerin.",
    "sprechen": "Die Ministerin sprach von einer ernsten Lage.",
    "antworten": "Die Lage sei ernst, antwortete die Ministerin.",
    "twittern": "Die Lage sei ernst, twitterte die Ministerin.",
    "ankündigen": "Die Ministerin kündigte an, der Haushalt komme im Mai.",
    "melden": "Die Lage sei ernst, meldete die Polizei.",
    "zitieren": "Die Zeitung zitierte die Ministerin mit den Worten, die Lage sei ernst.",
    "bekanntgeben": "Die Ministerin gab bekannt, der Haushalt stehe.",
    "einräumen": "Die Ministerin räumte ein, die Lage sei ernst.",
    "angeben": "Die Polizei gab an, die Lage sei ruhig.",
    "versprechen": "Der Haushalt komme im Mai, versprach die Ministerin.",
    "kritisieren": "Die Ministerin kritisierte, die Lage werde unterschätzt.",
    "würdigen": "Sie sei eine große Stimme gewesen, würdigte die Ministerin die Sängerin.",
    "entgegnen": "Die Lage sei ernst, entgegnete die Ministerin.",
    "erwidern": "Die Lage sei ernst, erwiderte die Ministerin.",
    "beteuern": "Die Ministerin beteuerte, sie habe nichts gewusst.",
    "argumentieren": "Die Ministerin argumentierte, die Regeln seien zu streng.",
    "bemängeln": "Die Ministerin bemängelt, dass die Regeln zu streng seien.",
    "beklagen": "Die Ministerin beklagte, die Lage werde unterschätzt.",
    "monieren": "Die Ministerin monierte, dass die Kosten stiegen.",
    "zugeben": "Die Ministerin gab zu, die Zahlen seien falsch gewesen.",
    "bilanzieren": "„Es war eine ruhige Nacht“, bilanzierte der Sprecher der Feuerwehr.",
    "resümieren": "„Das ist unser täglich Brot“, resümiert die Ministerin.",
    "zusammenfassen": "„Sieben Einsätze sind nicht viel“, fasst die Ministerin zusammen.",
}

EN_SPEECH = {
    "say": "The situation is serious, the minister said.",
    "said": "The situation is serious, the minister said.",
    "tell": "The minister told reporters that the situation was serious.",
    "told": "The minister told reporters that the situation was serious.",
    "add": "The minister added that the situation was serious.",
    "added": "The minister added that the situation was serious.",
    "state": "The minister stated that the situation was serious.",
    "stated": "The minister stated that the situation was serious.",
    "announce": "The minister announced that the budget was ready.",
    "announced": "The minister announced that the budget was ready.",
    "explain": "The minister explained that the situation was serious.",
    "explained": "The minister explained that the situation was serious.",
    "stress": "The minister stressed that the situation was serious.",
    "stressed": "The minister stressed that the situation was serious.",
    "confirm": "The minister confirmed that the budget was ready.",
    "confirmed": "The minister confirmed that the budget was ready.",
    "warn": "The minister warned that the situation was serious.",
    "warned": "The minister warned that the situation was serious.",
    "report": "The police reported that the situation was calm.",
    "reported": "The police reported that the situation was calm.",
    "write": "The minister wrote that the situation was serious.",
    "wrote": "The minister wrote that the situation was serious.",
    "claim": "The minister claimed that the situation was calm.",
    "claimed": "The minister claimed that the situation was calm.",
    "insist": "The minister insisted that the situation was calm.",
    "insisted": "The minister insisted that the situation was calm.",
    "tweet": "The minister tweeted that the situation was calm.",
    "tweeted": "The minister tweeted that the situation was calm.",
    "assert": "The spokesman asserts that the charges are politically motivated.",
    "asserted": "Mr. Vance asserted the charges were politically motivated.",
    "contend": "Officials contend that the new rules go too far.",
    "contended": "The spokeswoman contended that the offer was too low.",
    "argue": "The police argue that the road is too dangerous.",
    "argued": "Ann Lee argued that the evidence was weak.",
    "note": "Officials note that the figures are preliminary.",
    "noted": "The minister noted that the team had played well.",
    "promise": "Officials promise that the repairs will be finished in May.",
    "promised": "The mayor promised that the bridge would reopen in June.",
    "vow": "Officials vow that the shop will stay open.",
    "vowed": "Ann Lee vowed that the club would not move.",
    "pledge": "Officials pledge that the money will reach the schools.",
    "pledged": "The minister pledged that the budget would not be cut.",
    "acknowledge": "Officials acknowledge that the repairs will take longer.",
    "acknowledged": "The spokesperson acknowledged that the data had been exposed.",
    "admit": "Officials admit that the tickets sold slowly.",
    "admitted": "Tom Berg admitted he had been speeding.",
    "concede": "Even the ministry officials concede that the plan is expensive.",
    "conceded": "The mayor conceded that the budget was tight.",
    "reply": "The spokesman replies that the fees are fair.",
    "replied": "The governor replied that the decision was final.",
    "emphasize": "Officials emphasize that the risk is low.",
    "emphasized": "The spokesman emphasized that the ruling was narrow.",
    "emphasise": "The ministry emphasise that the sample is small.",
    "emphasised": "The minister emphasised that the talks would continue.",
    "predict": "Officials predict that prices will rise again.",
    "predicted": "Mrs. Okafor predicted that the storm would weaken.",
    "testify": "Two officials testify that the car ran the red light.",
    "testified": "Dr. Ruiz testified that the suspect had fled.",
    "lament": "The mayor laments that the bakery will close.",
    "lamented": "“We have already lost,” lamented Coach Tom Keen.",
    "remark": "Officials did remark that the museum was too small.",  # "Officials remark": the tagger reads a noun
    "remarked": "“The hall is too small,” the mayor remarked.",
    "recall": "Officials recall that the mill burned in 1960.",
    "recalled": "The mayor recalled that the bridge had been closed before.",
}


def _by_language(de: dict, en: dict) -> list[tuple[str, str, str]]:
    """(language, entry, example) rows of a German and an English table, for one parametrised test."""
    return [("de", k, v) for k, v in de.items()] + [("en", k, v) for k, v in en.items()]


@pytest.mark.parametrize(("language", "verb", "sentence"), _by_language(DE_SPEECH, EN_SPEECH))
def test_reporting_verb(cfg, language, verb, sentence):
    c = claim_of(cfg, sentence, language=language)
    assert c.speaker is not None and c.speaker_kind in {"reported", "quote"}, (verb, c.speaker_kind)


# ---------------------------------------------------------------- sources without a verb: the source speaks

# (sentence, the source the claim names): the noun phrase after the marker, or before "zufolge"
DE_SOURCES = {
    "laut": ("Laut Polizei wurden zwei Menschen verletzt.", "Polizei"),
    "nach angaben": ("Nach Angaben der Polizei wurden zwei Menschen verletzt.", "Polizei"),
    "nach angaben von": ("Zwei Menschen wurden nach Angaben von Ermittlern verletzt.", "Ermittler"),
    "nach informationen": ("Nach Informationen der Staatsanwaltschaft handelte der Mann allein.", "Staatsanwaltschaft"),
    "nach informationen von": ("Nach Informationen von Diplomaten ist das Treffen abgesagt.", "Diplomat"),
    "nach darstellung": ("Nach Darstellung der Staatsanwaltschaft war der Angeklagte am Tatort.", "Staatsanwaltschaft"),
    "nach darstellung von": ("Nach Darstellung von Experten ist die Brücke sicher.", "Experte"),
    "unter berufung auf": ("Die Agentur meldete unter Berufung auf die Polizei zwei Verletzte.", "Polizei"),
    "zufolge": ("Der Polizei zufolge wurden zwei Menschen verletzt.", "Polizei"),
}
EN_SOURCES = {
    "according to": ("Two people were injured, according to the police.", "police"),
    "citing": ("The paper reported two injuries, citing the police.", "police"),
}


@pytest.mark.parametrize(("language", "marker", "case"), _by_language(DE_SOURCES, EN_SOURCES))
def test_source_marker(cfg, language, marker, case):
    sentence, source = case
    c = claim_of(cfg, sentence, language=language)
    assert (c.speaker, c.speaker_kind) == (source, "reported"), marker


@pytest.mark.parametrize(("language", "sentence"), [
    ("de", "Laut Plan soll die Brücke im Mai öffnen."),  # a plan does not speak
    ("en", "According to plan, the bridge opens in May."),
])
def test_source_marker_needs_a_source_that_can_speak(cfg, language, sentence):
    assert claim_of(cfg, sentence, language=language).speaker is None


# ---------------------------------------------------------------- plan cues: the statement is planned

DE_PLANNED = {
    "wollen": "Die Stadt will die Brücke sanieren.",
    "sollen": "Die Brücke soll im Mai öffnen.",
    "planen": "Die Stadt plant eine neue Brücke.",
    "beabsichtigen": "Die Stadt beabsichtigt, die Brücke zu sanieren.",
    "vorsehen": "Der Haushalt sieht eine neue Brücke vor.",
    "ankündigen": "Die Stadt kündigt eine neue Brücke an.",
}
EN_PLANNED = {
    "plan": "The city plans a new bridge.",
    "intend": "The city intends to repair the bridge.",
    "want": "The city wants to repair the bridge.",
    "expect": "The city expects to open the bridge in May.",
    "aim": "The city aims to open the bridge in May.",
}


@pytest.mark.parametrize(("language", "verb", "sentence"), _by_language(DE_PLANNED, EN_PLANNED))
def test_plan_cue(cfg, language, verb, sentence):
    assert claim_of(cfg, sentence, language=language).status == "planned", verb


# a plan stated as a state: a state auxiliary with a planned verb's participle (German) or a planned
# participle and "to" (English)
DE_STATE = {"sein": "Die Eröffnung der Brücke ist für Mai geplant."}
EN_STATE = {"be": "The bridge is due to open in May."}
# a quotation right after a title noun is a title, not words said (written for these tests)
DE_TITLES = {
    "Show": "Sie tanzte in der Show „Wir bleiben hier“ mit.",
    "Sendung": "Er moderiert die Sendung „Wir bleiben hier“ seit Jahren.",
    "Serie": "Die Fernsehserie „Wir bleiben hier“ läuft im Herbst.",  # a compound ending in the noun
    "Film": "Im Film „Wir bleiben hier“ spielt sie eine Ärztin.",
    "Buch": "Ihr Buch „Wir bleiben hier“ erschien im Mai.",
    "Roman": "Sein Roman „Wir bleiben hier“ wurde verfilmt.",
    "Album": "Das Album „Wir bleiben hier“ kam auf Platz eins.",
    "Lied": "Das Lied „Wir bleiben hier“ lief im Radio.",
    "Song": "Der Song „Wir bleiben hier“ lief im Radio.",
    "Titel": "Unter dem Titel „Wir bleiben hier“ erschien ein Bericht.",
    "Motto": "Unter dem Motto „Wir bleiben hier“ zogen sie durch die Stadt.",
    "Kampagne": "Die Kampagne „Wir bleiben hier“ startet im Mai.",
    "Podcast": "Im Podcast „Wir bleiben hier“ spricht sie über die Stadt.",
    "Musical": "Das Musical „Wir bleiben hier“ feierte Premiere.",
    "Ausstellung": "Die Ausstellung „Wir bleiben hier“ öffnet im Mai.",
}
EN_TITLES = {
    "show": 'She danced on the show "We Stay Here" last year.',
    "series": 'The series "We Stay Here" returns in the autumn.',
    "film": 'In the film "We Stay Here" she plays a doctor.',
    "movie": 'The movie "We Stay Here" opens in May.',
    "book": 'Her book "We Stay Here" came out in May.',
    "novel": 'His novel "We Stay Here" was filmed.',
    "album": 'The album "We Stay Here" went to number one.',
    "song": 'The song "We Stay Here" was played on the radio.',
    "title": 'A report appeared under the title "We Stay Here" on Monday.',
    "motto": 'They marched under the motto "We Stay Here" through the town.',
    "campaign": 'The campaign "We Stay Here" starts in May.',
    "podcast": 'In the podcast "We Stay Here" she talks about the town.',
    "musical": 'The musical "We Stay Here" opened on Broadway.',
    "exhibition": 'The exhibition "We Stay Here" opens in May.',
    "documentary": 'The documentary "We Stay Here" won a prize.',
}


@pytest.mark.parametrize(("language", "noun", "sentence"), _by_language(DE_TITLES, EN_TITLES))
def test_a_quotation_after_a_title_noun_is_a_title(cfg, language, noun, sentence):
    c = claim_of(cfg, sentence, language=language)
    assert [q.label for q in c.quotes] == ["title"] and not c.quoted_verb


@pytest.mark.parametrize(("language", "sentence"), [
    ("de", "„Wir bleiben hier“, sagte die Sprecherin."),  # said words
    ("de", "Die Sprecherin sagte: „Wir bleiben hier.“"),
    ("en", '"We stay here," the spokeswoman said.'),
    # a verb prefix before a title noun makes another noun: a press release's words are said
    ("de", "Die Partei erklärte in einer Aussendung „Wir bleiben bis zum Schluss“."),
])
def test_a_quotation_after_no_title_noun_is_said_words(cfg, language, sentence):
    c = claim_of(cfg, sentence, language=language)
    assert [q.label for q in c.quotes] == ["quote"] and c.quoted_verb


# verbs that move a figure: the claim's lemmas carry the entry (written for these tests)
DE_RISE = {
    "steigen": "Der Preis stieg um fünf Prozent.",
    "ansteigen": "Die Zahl der Gäste ist auf 300 angestiegen.",
    "zulegen": "Der Umsatz legte um drei Prozent zu.",
    "vorrücken": "Der Index rückte um zwei Prozent auf 1200 Punkte vor.",
    "klettern": "Die Miete kletterte auf 900 Euro.",
    "wachsen": "Die Stadt wuchs auf 20.000 Einwohner.",
    "zunehmen": "Die Zahl der Unfälle nahm um zehn zu.",
}
DE_FALL = {
    "sinken": "Der Preis sank um fünf Prozent.",
    "fallen": "Der Kurs fiel auf 12 Euro.",
    "verlieren": "Der Index verlor zwei Prozent.",
    "nachgeben": "Der Kurs gab um zwei Prozent nach.",
    "zurückgehen": "Die Zahl der Gäste ging auf 300 zurück.",
    "abnehmen": "Die Zahl der Unfälle nahm um zehn ab.",
    "schrumpfen": "Der Umsatz schrumpfte um drei Prozent.",
    "einbrechen": "Der Umsatz brach um die Hälfte ein.",
}
EN_RISE = {
    "rise": "The price rose five percent.",
    "climb": "The rent climbed to 900 dollars.",
    "gain": "The index gained two percent.",
    "grow": "The town grew to 20,000 people.",
    "increase": "The number of visitors increased by ten.",
    "jump": "Sales jumped 30 percent.",
    "surge": "Sales surged 30 percent.",
}
EN_FALL = {
    "fall": "The price fell five percent.",
    "drop": "The number of visitors dropped by ten.",
    "decline": "Sales declined three percent.",
    "sink": "The price sank to 12 dollars.",
    "slide": "The index slid two percent.",
    "lose": "The index lost two percent.",
    "shrink": "The economy shrank by one percent.",
    "decrease": "The number of visitors decreased by ten.",
    "plunge": "Sales plunged 30 percent.",
    "tumble": "Shares tumbled 12 percent.",
}


@pytest.mark.parametrize(("language", "verb", "sentence"), _by_language({**DE_RISE, **DE_FALL}, {**EN_RISE, **EN_FALL}))
def test_a_verb_that_moves_a_figure_is_the_claims_lemma(cfg, language, verb, sentence):
    assert verb in {x.lower() for x in claim_of(cfg, sentence, language=language).lemmas}


EN_PLANNED_PARTICIPLES = {
    "expected": "The bridge is expected to open in May.",
    "set": "The council is set to vote on the budget.",
    "scheduled": "The hearing is scheduled to begin at noon.",
    "slated": "The bridge is slated to open in May.",
    "due": "The report is due to be published next week.",
    "poised": "The council is poised to approve the budget.",
    "planned": "The bridge was planned to open in May.",
    "supposed": "The bridge is supposed to open in May.",
}


@pytest.mark.parametrize(("language", "word", "sentence"),
                         _by_language(DE_STATE, EN_STATE) + [("en", w, s) for w, s in EN_PLANNED_PARTICIPLES.items()])
def test_plan_stated_as_a_state(cfg, language, word, sentence):
    assert claim_of(cfg, sentence, language=language).status == "planned", word


# after a past speech verb "would" and a verb report a future: the speaker's "I will open it"
EN_BACKSHIFT = {"would": "The mayor said she would open the bridge in May."}
# a participle right after a comparison word is no tense: the clause is a future all the same
DE_COMPARISON = {"wie": "„Wir werden die Arbeiten wie geplant im Mai beenden“, sagte die Bürgermeisterin."}


@pytest.mark.parametrize(("language", "word", "sentence"), _by_language(DE_COMPARISON, EN_BACKSHIFT))
def test_a_future_in_reported_words(cfg, language, word, sentence):
    assert claim_of(cfg, sentence, language=language).status == "planned", word


# a preposition after a document noun names the author, who speaks through it
DE_AUTHOR = {"von": "In einer Erklärung von Bürgermeisterin Anna Berg hieß es, die Brücke werde im Mai geöffnet."}
EN_AUTHOR = {
    "from": "A statement from Mayor Anna Berg said the bridge would open in May.",
    "by": "A letter by Mayor Anna Berg said the bridge would open in May.",
}


@pytest.mark.parametrize(("language", "word", "sentence"), _by_language(DE_AUTHOR, EN_AUTHOR))
def test_a_documents_author_speaks(cfg, language, word, sentence):
    assert claim_of(cfg, sentence, language=language).speaker == "Anna Berg", word


@pytest.mark.parametrize(("language", "sentence"), [
    ("en", "A statement from last week said the bridge would open in May."),  # a time, no author
    ("de", "In einer Erklärung von letzter Woche hieß es, die Brücke werde im Mai geöffnet."),
])
def test_a_document_from_a_time_has_no_author(cfg, language, sentence):
    assert claim_of(cfg, sentence, language=language).speaker not in {"Woche", "week"}


# a planned verb's negated past is a refusal that happened
DE_REFUSAL = {"wollen": "Ein Sprecher der Stadt wollte sich nicht zu den Vorwürfen äußern."}


@pytest.mark.parametrize(("verb", "sentence"), DE_REFUSAL.items())
def test_a_refusal_happened(cfg, verb, sentence):
    assert claim_of(cfg, sentence).status == "happened", verb


@pytest.mark.parametrize("sentence", [
    "Die Stadt will die Brücke nicht sanieren.",  # present: a plan not to
    "Die Brücke sollte nicht vor Mai öffnen.",  # "sollen" is no refusal: it was the plan
    "Die Stadt wollte die Brücke sanieren.",  # no negation: an intention
])
def test_a_plan_that_is_no_refusal(cfg, sentence):
    assert claim_of(cfg, sentence).status == "planned"


@pytest.mark.parametrize("sentence", [
    "The mayor said it would be wrong to wait.",  # "would be" with an adjective judges
    "The mayor said the bridge would have opened in May.",  # "would have" looks back
    "The bridge would open if the council agreed.",  # no speech verb before it: a condition
])
def test_would_without_a_reported_future(cfg, sentence):
    assert claim_of(cfg, sentence, language="en").status != "planned"


def test_will_outweighs_a_participle_elsewhere_in_the_clause(cfg):
    # "addressed" is no tense of the statement
    c = claim_of(cfg, "The letter addressed to the council indicates the bridge will open in May.", language="en")
    assert c.status == "planned"


@pytest.mark.parametrize(("language", "sentence"), [
    ("de", "Die Brücke ist seit Mai geöffnet."),  # sein with a participle that is no plan
    ("en", "The bridge is expected in the report."),  # no "to": no plan stated
    ("en", "The council set the budget on Monday."),  # "set" as a verb of its own
])
def test_state_without_a_plan(cfg, language, sentence):
    assert claim_of(cfg, sentence, language=language).status != "planned"


# ---------------------------------------------------------------- synonyms: the variant's lemma becomes the canonical one

DE_SYNONYMS = {
    "Übereinkunft": ("Die Parteien erzielten eine Übereinkunft über den Haushalt.", "Einigung"),
    "verständigen": ("Die Parteien verständigten sich auf den Haushalt.", "einigen"),
    "schicken": ("Die Stadt schickte Helfer in das Dorf.", "entsenden"),
    "umbringen": ("Der Täter hat den Nachbarn umgebracht.", "töten"),
    "Todesopfer": ("Das Unwetter forderte viele Todesopfer.", "Tote"),
    "vorlegen": ("Die Stadt legte den Haushalt am Montag vor.", "präsentieren"),
    "verkünden": ("Die Stadt verkündete den Haushalt am Montag.", "präsentieren"),
    "bekanntgeben": ("Die Stadt gab den Haushalt am Montag bekannt.", "präsentieren"),
    "bekanntmachen": ("Die Stadt machte den Haushalt am Montag bekannt.", "präsentieren"),
}


@pytest.mark.parametrize(("variant", "case"), DE_SYNONYMS.items())
def test_german_synonym(cfg, variant, case):
    sentence, canonical = case
    assert canonical in claim_of(cfg, sentence).lemmas


# ---------------------------------------------------------------- titles: the name after them is a person with that role

DE_ROLE_EXAMPLE = "{role} Anna Berg sagte, die Lage sei ernst."
EN_ROLE_EXAMPLE = "{role} Anna Berg said the situation was serious."


def _roles(cfg, language):
    return sorted(cfg.claims.lexicons[language].role_nouns.items())


@pytest.mark.parametrize(("role", "canonical"), _roles(__import__("factcheck.config").config.default_config(), "de"))
def test_german_title(cfg, role, canonical):
    first, second = claims_of(cfg, DE_ROLE_EXAMPLE.format(role=role), "Die Lage sei ernst, sagte der " + canonical + ".")
    assert first.speaker == second.speaker == "Anna Berg"


@pytest.mark.parametrize(("role", "canonical"), _roles(__import__("factcheck.config").config.default_config(), "en"))
def test_english_title(cfg, role, canonical):
    c = claim_of(cfg, EN_ROLE_EXAMPLE.format(role=role), language="en")
    assert c.speaker == "Anna Berg" and c.cues[-1].text.startswith(role)


# ---------------------------------------------------------------- time words (article published Tuesday 2014-06-17)

@pytest.mark.parametrize("n", range(12))
def test_german_month(cfg, n):
    month = cfg.claims.lexicons["de"].months[n]
    (t,) = claim_of(cfg, f"Am 3. {month.capitalize()} begann die Sitzung.").times
    assert t.value == f"--{n + 1:02d}-03"


@pytest.mark.parametrize("n", range(12))
def test_english_month(cfg, n):
    month = cfg.claims.lexicons["en"].months[n]
    (t,) = claim_of(cfg, f"The session began on {month.capitalize()} 3.", language="en").times
    assert t.value.endswith(f"{n + 1:02d}-03")


@pytest.mark.parametrize(("language", "n"), [(lang, n) for lang in ("de", "en") for n in range(7)])
def test_weekday(cfg, language, n):
    day = cfg.claims.lexicons[language].weekdays[n]
    sentence = f"Am {day.capitalize()} begann die Sitzung." if language == "de" else f"The session began on {day.capitalize()}."
    (t,) = claim_of(cfg, sentence, language=language).times
    assert t.value == ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[n]


@pytest.mark.parametrize(
    ("language", "word", "days"), [(lang, w, d) for lang in ("de", "en") for w, d in
                                   __import__("factcheck.config").config.default_config().claims.lexicons[lang].relative_days.items()]
)
def test_relative_day(cfg, language, word, days):
    sentence = f"Die Sitzung beginnt {word}." if language == "de" else f"The session begins {word}."
    (t,) = claim_of(cfg, sentence, language=language).times
    assert t.value == f"day:{days:+d}"


# ---------------------------------------------------------------- numbers

@pytest.mark.parametrize(
    ("language", "word", "value"), [(lang, w, v) for lang in ("de", "en") for w, v in
                                    __import__("factcheck.config").config.default_config().claims.lexicons[lang].number_words.items()]
)
def test_number_word(cfg, language, word, value):
    sentence = f"Es kamen {word} Gäste." if language == "de" else f"There were {word} guests."
    (q,) = claim_of(cfg, sentence, language=language).quantities
    assert q.value == pytest.approx(value)


# an added count: (sentence with the marker, the count it marks as added)
DE_INCREMENTS = {
    "zusätzlich": ("Die Stadt stellt 20 zusätzlich gemietete Busse bereit.", 20.0),
    "zusätzliche": ("Die Stadt stellt 20 zusätzliche Busse bereit.", 20.0),
    "zusätzlichen": ("Mit 20 zusätzlichen Bussen fährt die Stadt öfter.", 20.0),
    "zusätzlicher": ("Der Einsatz 20 zusätzlicher Busse kostet Geld.", 20.0),
    "weitere": ("Weitere 200 Polizisten wurden angefordert.", 200.0),
    "weiteren": ("Mit 200 weiteren Polizisten wird gerechnet.", 200.0),
    "weiterer": ("Die Ankunft 200 weiterer Polizisten verzögert sich.", 200.0),
}
EN_INCREMENTS = {
    "additional": ("The city hired 20 additional drivers.", 20.0),
    "another": ("The city hired another 20 drivers.", 20.0),
    "more": ("The city hired 20 more drivers.", 20.0),
    "extra": ("The city hired 20 extra drivers.", 20.0),
    "further": ("A further 20 drivers start in May.", 20.0),
}


@pytest.mark.parametrize(("language", "marker", "case"), _by_language(DE_INCREMENTS, EN_INCREMENTS))
def test_increment_marker(cfg, language, marker, case):
    sentence, added = case
    (q,) = claim_of(cfg, sentence, language=language).quantities
    assert q.increment is (added is not None) and (added is None or q.value == added), marker


@pytest.mark.parametrize(("language", "sentence"), [
    ("de", "Im Irak sind 5000 Soldaten stationiert."),
    ("de", "Mehr als 200 Polizisten waren im Einsatz."),
    ("en", "More than 200 officers were deployed."),
])
def test_a_total_is_no_increment(cfg, language, sentence):
    (q,) = claim_of(cfg, sentence, language=language).quantities
    assert not q.increment


# ---------------------------------------------------------------- forms of address: the name speaks

DE_HONORIFICS = {
    "Dr": "Dr. Weber sagte, der Haushalt stehe.",
    "Prof": "Prof. Weber sagte, der Haushalt stehe.",
}
EN_HONORIFICS = {
    "Mr": '" The budget is ready , " Mr. Lee said in a statement .',
    "Mrs": "Mrs. Trump said the budget was ready.",  # a surname the tagger reads as a common word
    "Ms": "Ms. Okafor said the budget was ready.",
    "Dr": "Dr. Okafor said the budget was ready.",
    "Prof": "Prof. Okafor told reporters the budget was ready.",
    "Sen": "And Sen. Okafor, a Republican from Maine, said the budget was ready.",
    "Rep": "Rep. Okafor said the budget was ready.",
    "Gov": "Gov. Okafor said the budget was ready.",
    "Gen": "Gen. Okafor said the troops were ready.",
    "Lt": "Lt. Okafor said the troops were ready.",
    "Col": "Col. Okafor said the troops were ready.",
    "Sgt": "Sgt. Okafor said the troops were ready.",
    "Capt": "Capt. Okafor said the troops were ready.",
}


@pytest.mark.parametrize(("language", "honorific", "sentence"), _by_language(DE_HONORIFICS, EN_HONORIFICS))
def test_honorific(cfg, language, honorific, sentence):
    claim = claim_of(cfg, sentence, language=language)
    assert claim.speaker in ("Weber", "Lee", "Okafor", "Trump"), (honorific, claim.speaker)
    assert honorific in claim.speaker_text  # the form of address is part of what the sentence names


# ---------------------------------------------------------------- ages: a unit of their own

DE_AGES = {"jährig": ("Der 43-Jährige wurde festgenommen.", 43.0)}
EN_AGES = {
    "year-old": ("A 55-year-old driver was hurt.", 55.0),
    "years-old": ("The driver, 55-years-old, was hurt.", 55.0),
}


@pytest.mark.parametrize(("language", "marker", "case"), _by_language(DE_AGES, EN_AGES))
def test_age_marker(cfg, language, marker, case):
    sentence, value = case
    (q,) = claim_of(cfg, sentence, language=language).quantities
    assert (q.value, q.unit) == (value, cfg.claims.lexicons[language].age_unit), marker


# an age written out after its number (written for these tests)
DE_AGE_PHRASES = {
    "Jahre alt": ("Der Fahrer ist 43 Jahre alt.", 43.0),
    "Jahre alte": ("Eine 43 Jahre alte Frau wurde verletzt.", 43.0),
    "Jahre alter": ("Ein 43 Jahre alter Mann wurde verletzt.", 43.0),
    "Jahre alten": ("Mit einem 43 Jahre alten Mann sprach die Polizei.", 43.0),
    "Jahre altes": ("Ein 12 Jahre altes Kind wurde verletzt.", 12.0),
    "Jahre altem": ("Mit 43 Jahre altem Wein wurde angestoßen.", 43.0),
    "Jahr alt": ("Das Fohlen ist 1 Jahr alt.", 1.0),
}
EN_AGE_PHRASES = {
    "years old": ("The driver was 55 years old.", 55.0),
    "year old": ("The foal is 1 year old.", 1.0),
}


@pytest.mark.parametrize(("language", "phrase", "case"), _by_language(DE_AGE_PHRASES, EN_AGE_PHRASES))
def test_age_phrase(cfg, language, phrase, case):
    sentence, value = case
    ages = [(q.value, q.unit) for q in claim_of(cfg, sentence, language=language).quantities]
    assert (value, cfg.claims.lexicons[language].age_unit) in ages, phrase


# two numbers joined by these count one thing: the bare one takes the other's unit
DE_COORDINATORS = {"und": "Zwischen 20 und 30 Menschen wurden verletzt.",
                   "oder": "Drei oder vier Menschen wurden verletzt.",
                   "bis": "Es kamen 200 bis 300 Menschen."}
EN_COORDINATORS = {"and": "Between 20 and 30 people were hurt.",
                   "or": "Three or four people were hurt.",
                   "to": "Some 200 to 300 people came."}


@pytest.mark.parametrize(("language", "word", "sentence"), _by_language(DE_COORDINATORS, EN_COORDINATORS))
def test_number_coordinator(cfg, language, word, sentence):
    first, second = claim_of(cfg, sentence, language=language).quantities
    assert first.unit == second.unit != "", word


@pytest.mark.parametrize(("language", "sentence", "unit"), [
    ("en", "They spent $250,000 after the vote.", "dollar"),  # the sign, not the word after the number
    ("en", "The fine was €5,000 in the end.", "euro"),
    ("en", "The fine was £300 in the end.", "pound"),
    ("de", "Die Strafe betrug € 300 am Ende.", "Euro"),
    ("de", "Die Strafe betrug $300 am Ende.", "Dollar"),
    ("de", "Die Strafe betrug £300 am Ende.", "Pfund"),
])
def test_a_currency_sign_before_a_number_is_its_unit(cfg, language, sentence, unit):
    (q,) = claim_of(cfg, sentence, language=language).quantities
    assert q.unit == unit


def test_an_english_number_counts_a_noun_not_a_preposition(cfg):
    (q,) = claim_of(cfg, "The town hired 40 after the storm.", language="en").quantities
    assert q.unit == ""
    (q,) = claim_of(cfg, "The town hired 40 new workers.", language="en").quantities
    assert q.unit == "worker"


# ---------------------------------------------------------------- documents speak for their authors

DE_DOCUMENTS = {w: f"In {art} {w} hieß es, die Lage sei ernst." for art, words in (
    ("dem", ("Brief", "Schreiben", "Kommuniqué", "Dokument", "Papier", "Bericht", "Urteil")),
    ("der", ("Erklärung", "Mitteilung", "Stellungnahme", "Pressemitteilung", "Klageschrift", "Anklageschrift")),
) for w in words}
EN_DOCUMENTS = {w: f"The {w} said the situation was serious." for w in (
    "letter", "statement", "memo", "document", "report", "release", "lawsuit", "suit", "complaint", "indictment",
    "filing", "ruling", "note")}


@pytest.mark.parametrize(("language", "noun", "sentence"), _by_language(DE_DOCUMENTS, EN_DOCUMENTS))
def test_document_noun_speaks(cfg, language, noun, sentence):
    c = claim_of(cfg, sentence, language=language)
    assert c.speaker == noun and c.speaker_kind in {"document", "reported"}


@pytest.mark.parametrize(("sentence", "speaker"), [
    # a German compound ending in a document noun of six letters or more is that document
    ("Dem Untersuchungsbericht zufolge liegt dem Foto keine Absicht zugrunde.", "Untersuchungsbericht"),
    ("In der Regierungserklärung hieß es, die Lage sei ernst.", "Regierungserklärung"),
    ("Laut dem Polizeibericht wurde niemand verletzt.", "Polizeibericht"),
])
def test_german_compound_document_speaks(cfg, sentence, speaker):
    assert claim_of(cfg, sentence, language="de").speaker == speaker


@pytest.mark.parametrize(("language", "sentence", "speaker"), [
    # an inflected compound is a document by its lemma ("Medienberichten" -> "Medienbericht")
    ("de", "Medienberichten zufolge wurde niemand verletzt.", "Medienbericht"),
    ("de", "Laut Presseberichten wurde niemand verletzt.", "Pressebericht"),
    # news media speak for themselves (speaker_heads), also as the end of a compound
    ("de", "Wie die Zeitung berichtete, wurde niemand verletzt.", "Zeitung"),
    ("de", "Laut dem Sender wurde niemand verletzt.", "Sender"),
    ("de", "Die Nachrichtenagentur meldete, niemand sei verletzt worden.", "Nachrichtenagentur"),
    ("de", "Das Magazin berichtet, die Firma sei pleite.", "Magazin"),
    ("de", "Den Medien zufolge wurde niemand verletzt.", "Medium"),
    ("en", "The newspaper reported that nobody was hurt.", "newspaper"),
    ("en", "The agency said nobody was hurt.", "agency"),
    ("en", "The broadcaster said the show was cancelled.", "broadcaster"),
])
def test_news_media_and_their_reports_speak(cfg, language, sentence, speaker):
    c = claim_of(cfg, sentence, language=language)
    assert c.speaker == speaker and c.speaker_kind == "reported"


DE_MEDIA = {
    # after a speaker, "der" + a medium is whom the words were said to (a dative), not the speaker's organisation
    "Zeitung": ("Die Lage sei ruhig, sagte ein Polizeisprecher der Zeitung.", "Polizeisprecher"),
    "Agentur": ("Die Lage sei ruhig, sagte ein Polizeisprecher der Deutschen Presse-Agentur.", "Polizeisprecher"),
    # a medium before the verb yields to the person or role the clause names
    "Sender": ("Dem Sender sagte Anna Berg, die Lage sei ruhig.", "Anna Berg"),
    "Magazin": ("Dem Magazin sagte Anna Berg, die Lage sei ruhig.", "Anna Berg"),
    "Medien": ("Den Medien sagte Anna Berg, die Lage sei ruhig.", "Anna Berg"),
}


@pytest.mark.parametrize(("noun", "case"), DE_MEDIA.items())
def test_a_news_medium_is_whom_words_are_said_to(cfg, noun, case):
    sentence, speaker = case
    assert claim_of(cfg, sentence, language="de").speaker == speaker


# a body before a place name: the two speak as one group, never a person named after the place
DE_INSTITUTIONS = {
    "Polizei": "Die Polizei Kleinheim teilte mit, die Straße bleibe gesperrt.",
    "Feuerwehr": "Die Feuerwehr Kleinheim teilte mit, die Straße bleibe gesperrt.",
    "Stadt": "Die Stadt Kleinheim teilte mit, die Straße bleibe gesperrt.",
    "Gemeinde": "Die Gemeinde Kleinheim teilte mit, die Straße bleibe gesperrt.",
    "Landkreis": "Der Landkreis Kleinheim teilte mit, die Straße bleibe gesperrt.",
    "Kanton": "Der Kanton Kleinheim teilte mit, die Straße bleibe gesperrt.",
    "Regierung": "Die Regierung Kleinheim teilte mit, die Straße bleibe gesperrt.",
    "Verwaltung": "Die Verwaltung Kleinheim teilte mit, die Straße bleibe gesperrt.",
    "Ministerium": "Das Ministerium Kleinheim teilte mit, die Straße bleibe gesperrt.",
    "Behörde": "Die Behörde Kleinheim teilte mit, die Straße bleibe gesperrt.",
    "Staatsanwaltschaft": "Die Staatsanwaltschaft Kleinheim teilte mit, die Straße bleibe gesperrt.",
    "Präsidium": "Das Präsidium Kleinheim teilte mit, die Straße bleibe gesperrt.",
    "Direktion": "Die Direktion Kleinheim teilte mit, die Straße bleibe gesperrt.",
    "Inspektion": "Die Inspektion Kleinheim teilte mit, die Straße bleibe gesperrt.",
    "Leitstelle": "Die Leitstelle Kleinheim teilte mit, die Straße bleibe gesperrt.",
    "Gewerkschaft": "Die Gewerkschaft Kleinheim teilte mit, der Streik gehe weiter.",
    "Verband": "Der Verband Kleinheim teilte mit, die Preise stiegen.",
    "Konzern": "Der Konzern Kleinheim teilte mit, das Werk werde geschlossen.",
    "Kommission": "Die Kommission Kleinheim teilte mit, die Regeln gälten ab Mai.",
}


@pytest.mark.parametrize(("noun", "sentence"), DE_INSTITUTIONS.items())
def test_a_place_after_an_institution_is_no_person(cfg, noun, sentence):
    c = claim_of(cfg, sentence)
    assert (c.speaker, c.speaker_type) == (f"{noun} Kleinheim", "group"), noun


@pytest.mark.parametrize("sentence", [
    "Polizei Kleinheim meldete, die Straße bleibe gesperrt.",  # no article: a headline's or a release's sender
    "Die Kantonspolizei Kleinheim teilte mit, die Straße bleibe gesperrt.",  # a compound ending in one
    "Das Polizeipräsidium Kleinheim teilte mit, die Straße bleibe gesperrt.",
    "Die Polizeiinspektion Kleinheim teilte mit, die Straße bleibe gesperrt.",
])
def test_an_institution_without_article_or_in_a_compound(cfg, sentence):
    c = claim_of(cfg, sentence)
    assert c.speaker_type == "group" and c.speaker.endswith("Kleinheim") and c.speaker != "Kleinheim"


def test_a_spokesman_of_an_organisation_still_speaks_for_it(cfg):
    assert claim_of(cfg, "Die Lage sei ruhig, sagte ein Sprecher der Stadt.", language="de").speaker == "Stadt"


def test_the_verb_berichten_is_no_document(cfg):
    c = claim_of(cfg, "Der Minister berichtete, niemand sei verletzt worden.", language="de")
    assert c.speaker == "Minister" and c.speaker_kind == "reported"


# ---------------------------------------------------------------- entities.toml

ENTITY_ALIASES = {
    "US": ("Die US-Regierung schweigt.", "de"),
    "U.S.": ("The U.S. Senate voted on Monday.", "en"),
    "Vereinigte Staaten": ("Die Vereinigte Staaten von Amerika stimmen zu.", "de"),
    "Vereinigten Staaten": ("Die Vereinigten Staaten stimmen zu.", "de"),
    "United States": ("Talks with the United States failed.", "en"),
    "America": ("Talks with America failed.", "en"),
    "Amerika": ("Die Haltung Amerikas ist klar.", "de"),
    "Washington": ("Die Haltung Washingtons ist klar.", "de"),
    "Weißes Haus": ("Ein Weißes Haus ohne Sprecher ist selten.", "de"),
    "Weiße Haus": ("Das Weiße Haus schweigt.", "de"),
    "White House": ("The White House declined to comment.", "en"),
    "USA": ("Die USA stimmen zu.", "de"),  # the canonical name is an alias of itself
}


@pytest.mark.parametrize(("alias", "case"), ENTITY_ALIASES.items())
def test_entity_alias(cfg, alias, case):
    sentence, language = case
    assert "USA" in claim_of(cfg, sentence, language=language).entities


ACTOR_WORDS = {
    ("actor_prefixes", "US"): ("Der US-Botschafter lehnt den Vorschlag ab.", "de"),
    ("actor_adjectives", "amerikanisch"): ("Der amerikanische Botschafter lehnt den Vorschlag ab.", "de"),
    ("actor_adjectives", "us-amerikanisch"): ("Der us-amerikanische Botschafter lehnt den Vorschlag ab.", "de"),
    ("actor_adjectives", "american"): ("The American ambassador rejected the offer.", "en"),
}


@pytest.mark.parametrize(("entry", "case"), ACTOR_WORDS.items())
def test_actor_word(cfg, entry, case):
    sentence, language = case
    assert claim_of(cfg, sentence, language=language).actor == "USA"


# ---------------------------------------------------------------- every entry has an example

def _entries(mapping):
    """A lexicon section as a set of entries: list items, or a mapping's variants, or its keys."""
    if isinstance(mapping, list):
        return set(mapping)
    return {v for vs in mapping.values() for v in vs} if all(isinstance(v, list) for v in mapping.values()) else set(mapping)


# a particle that attributes the words before it in a clause of its own: (sentences, the speaker)
DE_ATTRIBUTION_PARTICLES = {
    "so": (("Die Trainerin Anna Berg war zufrieden.", "„Wir haben gut gespielt“, so Berg."), "Anna Berg"),
}


@pytest.mark.parametrize(("particle", "texts", "speaker"), [(k, *v) for k, v in DE_ATTRIBUTION_PARTICLES.items()])
def test_an_attribution_particle_names_the_speaker(cfg, particle, texts, speaker):
    assert claims_of(cfg, *texts, language="de")[-1].speaker == speaker, particle


# verbs that report only a quotation their clause frames: (framing sentence, speaker, the same verb framing none);
# the quotation ends in "?" or "!" with no comma after it, so that only the verb can name its speaker
DE_QUOTE_FRAMES = {
    "erzählen": ("„Ich stamme aus Kleinheim“, erzählt Anna Berg.", "Anna Berg",
                 "Anna Berg erzählt die Geschichte einer Epoche."),
    "fragen": ("„Wann kommt die Fähre?“ fragte Anna Berg.", "Anna Berg",
               "Anna Berg fragte nach dem Weg zum Bahnhof."),
}
EN_QUOTE_FRAMES = {
    "ask": ("“When will the ferry come?” officials ask.", "officials", "Tom Keen will ask for a refund."),
    "asked": ("“When will the ferry come?” asked Tom Keen.", "Tom Keen", "Tom Keen has never asked for a refund."),
    "respond": ("“The ferry will come!” officials respond.", "officials",
                "Tom Keen did not respond to requests for comment."),
    "responded": ("“The ferry will come!” Tom Keen responded.", "Tom Keen",
                  "The fire brigade responded to the call."),
    "continue": ("“The ferry will come!” officials continue.", "officials", "Tom Keen will continue to work."),
    "continued": ("“The ferry will come!” Tom Keen continued.", "Tom Keen", "Tom Keen continued to work."),
}


@pytest.mark.parametrize(("language", "verb", "framing", "speaker", "plain"),
                         [("de", k, *v) for k, v in DE_QUOTE_FRAMES.items()]
                         + [("en", k, *v) for k, v in EN_QUOTE_FRAMES.items()])
def test_a_quote_frame_verb_reports_only_a_quotation_it_frames(cfg, language, verb, framing, speaker, plain):
    assert claim_of(cfg, framing, language=language).speaker == speaker, verb
    assert claim_of(cfg, plain, language=language).speaker_kind not in {"quote", "reported"}, verb


def test_every_lexicon_entry_has_an_example(cfg):
    de, en = cfg.claims.lexicons["de"], cfg.claims.lexicons["en"]
    covered = {
        "de negators": (set(de.negators), set(DE_NEGATORS)),
        "de cues": (_entries(de.cues), _entries({k: list(v) for k, v in DE_CUES.items()})),
        "en cues": (_entries(en.cues), _entries({k: list(v) for k, v in EN_CUES.items()})),
        "de speech_verbs": (set(de.speech_verbs), set(DE_SPEECH)),
        "en speech_verbs": (set(en.speech_verbs), set(EN_SPEECH)),
        "de source markers": (set(de.source_markers) | set(de.source_postpositions), set(DE_SOURCES)),
        "en source markers": (set(en.source_markers) | set(en.source_postpositions), set(EN_SOURCES)),
        "de increment_markers": (set(de.increment_markers), set(DE_INCREMENTS)),
        "en increment_markers": (set(en.increment_markers), set(EN_INCREMENTS)),
        "de honorifics": (set(de.honorifics), set(DE_HONORIFICS)),
        "de age_markers": (set(de.age_markers), set(DE_AGES)),
        "en age_markers": (set(en.age_markers), set(EN_AGES)),
        "de age_phrases": (set(de.age_phrases), set(DE_AGE_PHRASES)),
        "en age_phrases": (set(en.age_phrases), set(EN_AGE_PHRASES)),
        "de number_coordinators": (set(de.number_coordinators), set(DE_COORDINATORS)),
        "en number_coordinators": (set(en.number_coordinators), set(EN_COORDINATORS)),
        "en honorifics": (set(en.honorifics), set(EN_HONORIFICS)),
        "de document_nouns": (set(de.document_nouns), set(DE_DOCUMENTS)),
        "de media_nouns": (set(de.media_nouns), set(DE_MEDIA)),
        "de speaker_heads": (set(de.speaker_heads), set(DE_SPEAKER_HEADS)),
        "en speaker_heads": (set(en.speaker_heads), set(EN_SPEAKER_HEADS)),
        "de source_prepositions": (set(de.source_prepositions), {"aus"}),
        "en source_prepositions": (set(en.source_prepositions), set()),
        "en media_nouns": (set(en.media_nouns), set()),
        "de institution_nouns": (set(de.institution_nouns), set(DE_INSTITUTIONS)),
        "en institution_nouns": (set(en.institution_nouns), set()),
        "de relay_verbs": (set(de.relay_verbs), set()),
        "de quotation_verbs": (set(de.quotation_verbs), set(DE_QUOTATION)),
        "de new_speaker_articles": (set(de.new_speaker_articles), set(DE_NEW_SPEAKER_ARTICLES)),
        "en new_speaker_articles": (set(en.new_speaker_articles), set()),
        "en quotation_verbs": (set(en.quotation_verbs), set()),
        "en relay_verbs": (set(en.relay_verbs), set(EN_RELAY)),
        "de attribution_particles": (set(de.attribution_particles), set(DE_ATTRIBUTION_PARTICLES)),
        "de quote_frame_verbs": (set(de.quote_frame_verbs), set(DE_QUOTE_FRAMES)),
        "en quote_frame_verbs": (set(en.quote_frame_verbs), set(EN_QUOTE_FRAMES)),
        "en attribution_particles": (set(en.attribution_particles), set()),
        "en document_nouns": (set(en.document_nouns), set(EN_DOCUMENTS)),
        "de planned_verbs": (set(de.planned_verbs), set(DE_PLANNED)),
        "en planned_verbs": (set(en.planned_verbs), set(EN_PLANNED)),
        "de state_auxiliaries": (set(de.state_auxiliaries), set(DE_STATE)),
        "en state_auxiliaries": (set(en.state_auxiliaries), set(EN_STATE)),
        "de planned_participles": (set(de.planned_participles), set()),
        "de title_nouns": (set(de.title_nouns), set(DE_TITLES)),
        "en title_nouns": (set(en.title_nouns), set(EN_TITLES)),
        "de rise_verbs": (set(de.rise_verbs), set(DE_RISE)),
        "de fall_verbs": (set(de.fall_verbs), set(DE_FALL)),
        "en rise_verbs": (set(en.rise_verbs), set(EN_RISE)),
        "en fall_verbs": (set(en.fall_verbs), set(EN_FALL)),
        "en planned_participles": (set(en.planned_participles), set(EN_PLANNED_PARTICIPLES)),
        "en backshifted_future": (set(en.backshifted_future), set(EN_BACKSHIFT)),
        "de backshifted_future": (set(de.backshifted_future), set()),
        "de comparison_particles": (set(de.comparison_particles), set(DE_COMPARISON)),
        "de refusal_verbs": (set(de.refusal_verbs), set(DE_REFUSAL)),
        "de author_prepositions": (set(de.author_prepositions), set(DE_AUTHOR)),
        "en author_prepositions": (set(en.author_prepositions), set(EN_AUTHOR)),
        "en refusal_verbs": (set(en.refusal_verbs), set()),
        "en comparison_particles": (set(en.comparison_particles), set()),
        "de synonyms": (_entries(de.synonyms), set(DE_SYNONYMS)),
        "en synonyms": (_entries(en.synonyms), set()),
        "entities": (_entries(cfg.claims.entities) | set(cfg.claims.entities), set(ENTITY_ALIASES)),
        "actors": (_entries(cfg.claims.actors), set()),
        "actor words": (
            {("actor_prefixes", k) for k in cfg.claims.actor_prefixes}
            | {("actor_adjectives", k) for k in cfg.claims.actor_adjectives},
            set(ACTOR_WORDS),
        ),
    }
    missing = {name: sorted(map(str, have - examples)) for name, (have, examples) in covered.items() if have - examples}
    stale = {name: sorted(map(str, examples - have)) for name, (have, examples) in covered.items() if examples - have}
    assert missing == {} and stale == {}


def test_lexicon_compiles_for_both_languages(cfg):
    assert compile_lexicon(cfg.claims, "de").language == "de" and compile_lexicon(cfg.claims, "en").language == "en"


# ---------------------------------------------------------------- speaker heads: every entry speaks

# speaker head -> (sentence, the speaker it names); adjectival nouns ("Beamter", "Abgeordnete") are nouns
# (HanTa tags them NNA); circles speak by their lemma ("aus Regierungskreisen hieß es")
DE_SPEAKER_HEADS = {
    "Vertreter": ("Ein Vertreter des Vereins sagte, die Halle bleibe geschlossen.", "Vertreter Verein"),
    "Vertreterin": ("Eine Vertreterin des Vereins sagte, die Halle bleibe geschlossen.", "Vertreterin Verein"),
    "Sprecher": ("Ein Sprecher sagte, die Halle bleibe geschlossen.", "Sprecher"),
    "Sprecherin": ("Eine Sprecherin sagte, die Halle bleibe geschlossen.", "Sprecherin"),
    "Beamter": ("Ein Beamter sagte, die Halle bleibe geschlossen.", "Beamte"),
    "Beamte": ("Die Beamte sagte, die Halle bleibe geschlossen.", "Beamte"),
    "Diplomat": ("Ein Diplomat sagte, die Gespräche gingen weiter.", "Diplomat"),
    "Diplomatin": ("Eine Diplomatin sagte, die Gespräche gingen weiter.", "Diplomatin"),
    "Regierungsvertreter": ("Ein Regierungsvertreter sagte, die Gespräche gingen weiter.", "Regierungsvertreter"),
    "Mitarbeiter": ("Ein Mitarbeiter sagte, die Halle bleibe geschlossen.", "Mitarbeiter"),
    "Mitarbeiterin": ("Eine Mitarbeiterin sagte, die Halle bleibe geschlossen.", "Mitarbeiterin"),
    "Insider": ("Ein Insider sagte, die Firma werde verkauft.", "Insider"),
    "Quelle": ("Eine Quelle sagte, die Firma werde verkauft.", "Quelle"),
    "Kreis": ("Aus Kreisen des Vorstands hieß es, die Firma werde verkauft.", "Kreis Vorstand"),
    "Regierungskreis": ("Aus Regierungskreisen hieß es, die Gespräche gingen weiter.", "Regierungskreis"),
    "Sicherheitskreis": ("Aus Sicherheitskreisen hieß es, der Täter sei bekannt gewesen.", "Sicherheitskreis"),
    "Koalitionskreis": ("Aus Koalitionskreisen hieß es, das Gesetz komme im Mai.", "Koalitionskreis"),
    "Parteikreis": ("Aus Parteikreisen hieß es, der Vorsitzende trete zurück.", "Parteikreis"),
    "Verhandlerkreis": ("Aus Verhandlerkreisen hieß es, eine Einigung sei nahe.", "Verhandlerkreis"),
    "Diplomatenkreis": ("Aus Diplomatenkreisen hieß es, die Gespräche gingen weiter.", "Diplomatenkreis"),
    "Experte": ("Ein Experte sagte, der Damm halte.", "Experte"),
    "Expertin": ("Eine Expertin sagte, der Damm halte.", "Expertin"),
    "Abgeordnete": ("Die Abgeordnete sagte, das Gesetz komme im Mai.", "Abgeordnete"),
    "Abgeordneter": ("Ein Abgeordneter sagte, das Gesetz komme im Mai.", "Abgeordnete"),
    "Offizier": ("Ein Offizier sagte, die Brücke sei gesprengt worden.", "Offizier"),
    "Kommandeur": ("Der Kommandeur sagte, die Brücke sei gesprengt worden.", "Kommandeur"),
    "Ermittler": ("Ein Ermittler sagte, der Täter sei gefasst.", "Ermittler"),
    "Regierung": ("Die Regierung teilte mit, das Gesetz komme im Mai.", "Regierung"),
    "Ministerium": ("Das Ministerium teilte mit, das Gesetz komme im Mai.", "Ministerium"),
    "Außenamt": ("Das Außenamt teilte mit, die Botschafterin werde abberufen.", "Außenamt"),
    "Außenministerium": ("Das Außenministerium teilte mit, die Botschafterin werde abberufen.", "Außenministerium"),
    "Verteidigungsministerium": ("Das Verteidigungsministerium teilte mit, die Übung sei beendet.", "Verteidigungsministerium"),
    "Armee": ("Die Armee teilte mit, die Übung sei beendet.", "Armee"),
    "Militär": ("Das Militär teilte mit, die Übung sei beendet.", "Militär"),
    "Polizei": ("Die Polizei teilte mit, der Täter sei gefasst.", "Polizei"),
    "Behörde": ("Die Behörde teilte mit, die Straße bleibe gesperrt.", "Behörde"),
    "Behörden": ("Die Behörden teilten mit, die Straße bleibe gesperrt.", "Behörde"),
    "Parlament": ("Das Parlament erklärte, das Gesetz gelte ab Mai.", "Parlament"),
    "Kongress": ("Der Kongress erklärte, das Gesetz gelte ab Mai.", "Kongreß"),
    "Partei": ("Die Partei erklärte, sie trete zur Wahl an.", "Partei"),
    "Staatsanwaltschaft": ("Die Staatsanwaltschaft teilte mit, der Mann sei angeklagt.", "Staatsanwaltschaft"),
    "Kommission": ("Die Kommission teilte mit, die Regeln gälten ab Mai.", "Kommission"),
    "Gewerkschaft": ("Die Gewerkschaft kündigte an, der Streik gehe weiter.", "Gewerkschaft"),
    "Verband": ("Der Verband teilte mit, die Preise stiegen.", "Verband"),
    "Konzern": ("Der Konzern teilte mit, das Werk werde geschlossen.", "Konzern"),
}
EN_SPEAKER_HEADS = {
    "official": ("An official said the bridge would stay closed.", "official"),
    "officials": ("Officials said the bridge would stay closed.", "officials"),
    "spokesman": ("A spokesman said the bridge would stay closed.", "spokesman"),
    "spokeswoman": ("A spokeswoman said the bridge would stay closed.", "spokeswoman"),
    "spokesperson": ("A spokesperson said the bridge would stay closed.", "spokesperson"),
    "source": ("A source said the company would be sold.", "source"),
    "sources": ("Sources said the company would be sold.", "sources"),
    "diplomat": ("A diplomat said the talks would continue.", "diplomat"),
    "aide": ("An aide said the senator would vote against the bill.", "aide"),
    "representative": ("A representative of the club said the hall would stay closed.", "representative of club"),
    "government": ("The government said the law would take effect in May.", "government"),
    "ministry": ("The ministry said the law would take effect in May.", "ministry"),
    "department": ("The department said the law would take effect in May.", "department"),
    "administration": ("The administration said the law would take effect in May.", "administration"),
    "army": ("The army said the exercise had ended.", "army"),
    "police": ("The police said the suspect had been arrested.", "police"),
    "congress": ("Congress said the law would take effect in May.", "congress"),
    "newspaper": ("The newspaper said the company would be sold.", "newspaper"),
    "agency": ("The agency said nobody was hurt.", "agency"),
    "broadcaster": ("The broadcaster said the show was cancelled.", "broadcaster"),
    "staffer": ("A senior staffer told reporters that the vote would be delayed.", "staffer"),
    "lawmaker": ("Several lawmakers said the vote would be delayed.", "lawmakers"),  # keyed as written
    "insider": ("An insider said the company would be sold.", "insider"),
    "analyst": ("Analysts said the company would be sold.", "analysts"),
    "expert": ("An expert said the bridge was safe.", "expert"),
    "witness": ("A witness said the car had been speeding.", "witness"),
    "prosecutor": ("The prosecutor said the suspect had confessed.", "prosecutor"),
    "investigator": ("Investigators said the fire had been set deliberately.", "investigators"),
    "lawyer": ("His lawyer said the charges were baseless.", "lawyer"),
    "attorney": ("Her attorney said the charges were baseless.", "attorney"),
    "adviser": ("A senior adviser said the plan was ready.", "adviser"),
    "company": ("The company said the factory would stay open.", "company"),
    "leader": ("Several leaders said the talks would continue.", "leaders"),  # the singular is also a role
    "congressman": ("The congressman said the vote would be delayed.", "congressman"),
    "congresswoman": ("The congresswoman said the vote would be delayed.", "congresswoman"),
    "legislator": ("A legislator said the vote would be delayed.", "legislator"),
}


@pytest.mark.parametrize(("language", "head", "sentence", "speaker"),
                         [("de", h, *v) for h, v in DE_SPEAKER_HEADS.items()]
                         + [("en", h, *v) for h, v in EN_SPEAKER_HEADS.items()])
def test_every_speaker_head_speaks(cfg, language, head, sentence, speaker):
    c = claim_of(cfg, sentence, language=language)
    assert (c.speaker, c.speaker_kind) == (speaker, "reported"), head


@pytest.mark.parametrize(("sentence", "speaker"), [
    ("Aus dem Ministerium hieß es, die Gespräche gingen weiter.", "Ministerium"),
    ("Aus dem Rathaus hieß es, die Straße bleibe gesperrt.", None),  # a building cannot speak
    # a document still speaks first: "hieß es in dem Schreiben"
    ("Aus dem Ministerium hieß es in einem Schreiben, die Gespräche gingen weiter.", "Schreiben"),
])
def test_the_source_of_an_impersonal_report(cfg, sentence, speaker):
    assert claim_of(cfg, sentence).speaker == speaker


# ---------------------------------------------------------------- reported speech: every form and marker

_SPEECH = {"de": "Innenminister Markus Weber sagte am Montag, die Polizei sei vorbereitet.",
           "en": "Interior Minister Mark Weber said on Monday that the police were prepared."}
_SPEAKER = {"de": "Markus Weber", "en": "Mark Weber"}

# Konjunktiv I: reported speech wherever it stands (the last speaker's words)
DE_SUBJUNCTIVE = {
    "sei": "Die Lage sei ernst.", "seien": "Die Straßen seien gesperrt.", "seist": "Du seist zu spät gekommen.",
    "habe": "Die Stadt habe die Straße gesperrt.", "werde": "Die Stadt werde die Straße sperren.",
    "müsse": "Die Stadt müsse sparen.", "könne": "Die Stadt könne sparen.", "solle": "Die Stadt solle sparen.",
    "wolle": "Die Stadt wolle sparen.", "dürfe": "Die Stadt dürfe nicht sparen.", "möge": "Die Stadt möge sparen.",
    "wisse": "Die Stadt wisse von nichts.", "gebe": "Es gebe keinen Plan.", "stehe": "Die Stadt stehe vor dem Bankrott.",
    "gehe": "Es gehe um viel Geld.", "komme": "Die Hilfe komme zu spät.",
}
# Konjunktiv II: reported speech only right after a sentence that reports speech
DE_WEAK_SUBJUNCTIVE = {
    "hätte": "Die Stadt hätte sonst sparen müssen.", "hätten": "Die Bürger hätten sonst gezahlt.",
    "wäre": "Die Lage wäre sonst ernst.", "wären": "Die Straßen wären sonst gesperrt.",
    "würde": "Die Stadt würde sonst sparen.", "würden": "Die Bürger würden sonst zahlen.",
    "könnte": "Die Stadt könnte sonst sparen.", "könnten": "Die Bürger könnten sonst zahlen.",
    "müsste": "Die Stadt müsste sonst sparen.", "müssten": "Die Bürger müssten sonst zahlen.",
    "sollte": "Die Stadt sollte sparen.", "sollten": "Die Bürger sollten zahlen.",
    "wollte": "Die Stadt wollte sparen.", "wollten": "Die Bürger wollten zahlen.",
    "dürfte": "Die Stadt dürfte sparen.", "dürften": "Die Bürger dürften zahlen.",
    "gäbe": "Es gäbe sonst keinen Plan.",
}
# a past form with one of these after speech continues it ("Die Behörden prüften zudem …")
CONTINUATION = {
    ("de", "zudem"): "Die Polizei prüfte zudem die Lage.", ("de", "weiter"): "Die Polizei prüfte weiter die Lage.",
    ("de", "außerdem"): "Die Polizei prüfte außerdem die Lage.", ("de", "ferner"): "Die Polizei prüfte ferner die Lage.",
    ("de", "darüber hinaus"): "Die Polizei prüfte darüber hinaus die Lage.",
    ("de", "auch"): "Die Polizei prüfte auch die Lage.",
}


# a relaying verb passes on a named person's words or deeds: theirs, reported
DE_QUOTATION = {
    "zitieren": "„Das Team hat einen Platz in meinem Herzen“, wurde Anna Kowalski in einer Mitteilung zitiert.",
}


@pytest.mark.parametrize(("verb", "sentence"), DE_QUOTATION.items())
def test_a_quotation_verb_in_the_passive_names_the_speaker(cfg, verb, sentence):
    assert claim_of(cfg, sentence).speaker == "Anna Kowalski", verb


DE_NEW_SPEAKER_ARTICLES = {
    "ein": ("„Die Ernte war schlecht“, sagte ein Bäcker der Zeitung.", "Bäcker"),
    "eine": ("„Die Ernte war schlecht“, sagte eine Bäuerin.", "Bäuerin"),
}


@pytest.mark.parametrize(("article", "case"), DE_NEW_SPEAKER_ARTICLES.items())
def test_an_indefinite_article_after_the_speech_verb_opens_a_speaker_not_named(cfg, article, case):
    sentence, speaker = case
    assert claim_of(cfg, sentence).speaker == speaker, article


def test_a_definite_description_after_the_speech_verb_is_no_new_speaker(cfg):
    # it points back to someone named before: not a speaker of its own (not in new_speaker_articles)
    _, second = claims_of(cfg, "„Wir schaffen das“, sagte Olaf Kowalski am Montag.",
                          "Die Lage sei ernst, sagte der SPD-Politiker.")
    assert second.speaker != "SPD-Politiker"


EN_RELAY = {
    "report": "Both agencies report that Anna Berg voted against the plan on Friday.",
    "reports": "The Daily Example reports Anna Berg on Friday first took a position, calling the plan settled.",
    "reported": "The Daily Example reported that Anna Berg had voted against the plan on Friday.",
}


@pytest.mark.parametrize(("verb", "sentence"), EN_RELAY.items())
def test_a_relaying_verb_passes_on_the_named_person(cfg, verb, sentence):
    c = claim_of(cfg, sentence, language="en")
    assert (c.speaker, c.speaker_kind) == ("Anna Berg", "reported"), verb
    # a description after the verb is what the source reports about, not a speaker of its own
    about = claim_of(cfg, sentence.replace("Anna Berg", "the mayor"), language="en")
    assert about.speaker != "mayor", verb


def test_every_reported_speech_entry_has_a_case(cfg):
    de, en = cfg.claims.lexicons["de"], cfg.claims.lexicons["en"]
    assert set(de.subjunctive_forms) == set(DE_SUBJUNCTIVE) and not en.subjunctive_forms
    assert set(de.weak_subjunctive_forms) == set(DE_WEAK_SUBJUNCTIVE) and not en.weak_subjunctive_forms
    assert {("de", w) for w in de.continuation_markers} | {("en", w) for w in en.continuation_markers} == set(CONTINUATION)


@pytest.mark.parametrize(("form", "sentence"), DE_SUBJUNCTIVE.items())
def test_konjunktiv_one_reports_the_last_speaker(cfg, form, sentence):
    _, c = claims_of(cfg, _SPEECH["de"], sentence)
    assert (c.speaker, c.speaker_kind) == ("Markus Weber", "reported"), form


@pytest.mark.parametrize(("form", "sentence"), DE_WEAK_SUBJUNCTIVE.items())
def test_konjunktiv_two_reports_only_right_after_speech(cfg, form, sentence):
    _, c = claims_of(cfg, _SPEECH["de"], sentence)
    assert (c.speaker, c.speaker_kind) == ("Markus Weber", "reported"), form
    _, alone = claims_of(cfg, "Am Abend regnete es in der Stadt.", sentence)
    assert alone.speaker is None, form


@pytest.mark.parametrize(("key", "sentence"), CONTINUATION.items(), ids=[" ".join(k) for k in CONTINUATION])
def test_a_continuation_marker_continues_speech(cfg, key, sentence):
    language, marker = key
    _, c = claims_of(cfg, _SPEECH[language], sentence, language=language)
    assert (c.speaker, c.speaker_kind) == (_SPEAKER[language], "reported"), marker
    # without the marker the past form is no reported speech
    _, plain = claims_of(cfg, _SPEECH[language], sentence.replace(f" {marker}", ""), language=language)
    assert plain.speaker_kind != "reported", marker


def test_english_has_no_continuation_markers(cfg):
    # "also" after speech does not make the narrator's next sentence reported speech
    _, c = claims_of(cfg, _SPEECH["en"], "The police also checked the area.", language="en")
    assert c.speaker_kind != "reported"
