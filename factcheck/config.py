"""The one configuration: ``configs/default.toml`` validated by pydantic models.

The file ships inside the package (``factcheck/configs``, a link to the repository's
``configs/`` folder), so an installed wheel has its defaults; ``configs/`` stays the place
to copy a starting point for your own ``--config`` file from.

Every threshold, model name and cue lexicon lives in the TOML file; the models
here only say which keys exist and what type they have (``extra="forbid"``).
Lexicons too large for the main file are TOML files under ``configs/lexicons/``
named by ``lexicon_files`` and merged in at load time.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import ConfigError

# Package data (installed with the wheel). In the repository factcheck/configs is a link to the
# top-level configs/, the one copy users read and copy from (pyproject's package-data follows it).
CONFIG_DIR = Path(__file__).resolve().parent / "configs"
DEFAULT_CONFIG = CONFIG_DIR / "default.toml"


# value ranges, checked when the config loads (a wrong value names its key and what is allowed)
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Cosine = Annotated[float, Field(ge=-1.0, le=1.0)]
Percent = Annotated[float, Field(ge=0.0, le=100.0)]  # rapidfuzz ratios
Count = Annotated[int, Field(ge=0)]
Positive = Annotated[int, Field(ge=1)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BoilerplateConfig(_Section):
    # rule name -> whole-line regular expressions (case-insensitive, matched against
    # the stripped line) that mark page furniture; the first matching rule names it
    line_patterns: dict[str, list[str]]
    # a line that matches one of these starts a block (teaser lists, contact
    # details) that runs on over short lines and furniture until prose resumes
    tail_markers: list[str]
    # heading-shaped lines that open like a link to other content ("Video: …")
    teaser_heading_patterns: list[str]
    # agency sign-offs that end a paragraph ("(mit dpa/afp)"): cut, the paragraph stays
    signoff_patterns: list[str]
    # datelines that open a paragraph ("Berlin (dpa) - ", "WASHINGTON — "): cut, the paragraph stays
    dateline_patterns: list[str] = []
    # datelines that only the article's first line of text may open with ("Essen. ", "Tunis/Berlin. "):
    # further down, the same shape is a one-word sentence ("Indeed. ") or a name ("Reps. … said")
    opening_dateline_patterns: list[str] = []
    # photo credits that end a line ("Foto: …", "Quelle: dpa", "© …")
    credit_patterns: list[str]
    # line-shape heuristics
    max_symbol_ratio: Probability  # lines with more non-letters than this are furniture
    min_symbol_line_length: Count
    teaser_max_words: Count  # longest heading / teaser line, in words
    caption_max_words: Count  # a credited line up to this long is a caption and goes whole
    # an embedded post's earlier paragraphs: joined to the signature by at least this many blank lines
    # each (the article's own paragraphs have one), and each at most this long
    post_paragraph_gap: Count = 2
    post_paragraph_max_chars: Count = 300
    # a line of at least unreadable_min_words words (3 letters and more) of which at most unreadable_max_known
    # are in a dictionary of readable_languages is unreadable (scrambled paywall text); 0 = never
    readable_languages: list[str] = ["de", "en"]
    unreadable_min_words: Count = 5
    unreadable_max_known: Probability = 0.0

    @field_validator(
        "line_patterns", "tail_markers", "teaser_heading_patterns", "signoff_patterns", "dateline_patterns",
        "opening_dateline_patterns", "credit_patterns",
    )
    @classmethod
    def _regexes_compile(cls, value: Any) -> Any:
        patterns = [p for group in value.values() for p in group] if isinstance(value, dict) else value
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
        return value


class IngestConfig(_Section):
    extensions: dict[str, list[str]]  # format -> file suffixes
    manifest_names: list[str]
    # language -> stopwords for telling German from English when no metadata says;
    # words in more than one list are ignored
    stopwords: dict[str, list[str]]
    language_min_words: Count  # fewer words than this: language stays unknown
    language_min_share: Probability  # stopwords of the winner among all words, at least
    language_margin: float = Field(ge=0)  # winner's stopword count over the runner-up's, at least
    # text that is not UTF-8 is decoded with charset-normalizer's best guess among
    # these encodings; a guess with more chaos than max_decode_chaos (0..1) is refused
    fallback_encodings: list[str]
    max_decode_chaos: float = Field(ge=0.0, le=1.0)
    # languages the rules and lexicons cover; an article in another language is listed as
    # skipped, never analysed as German (one without a language and whose text has fewer
    # stopwords of every analysed language than foreign_max_share is taken as foreign)
    languages: list[str] = Field(min_length=1)
    foreign_max_share: float = Field(ge=0.0, le=1.0)
    # a bad file or JSON Lines line is skipped with a warning; strict: any skip stops the run (exit 2)
    strict: bool
    boilerplate: BoilerplateConfig


class LimitsConfig(_Section):
    """Caps that keep one run bounded; whatever a cap cuts is named in the report (``cuts``)."""

    max_articles: int = Field(ge=1)  # articles read; later files and lines are listed as cut
    max_article_chars: int = Field(ge=1_000)  # characters read per article (longer ones are cut)
    max_sentence_chars: int = Field(ge=100)  # a longer "sentence" is cut to this many characters
    # candidate pairs the judge reads per event ([events]) and in the whole run;
    # above a cap the most similar pairs (embedding cosine) are kept
    max_pairs_per_event: int = Field(ge=1)
    max_pairs_total: int = Field(ge=1)


class SegmentConfig(_Section):
    default_language: str
    # language -> abbreviations that end a sentence only before a sentence starter
    abbreviations: dict[str, list[str]]
    speech_verbs: dict[str, list[str]]  # language -> verbs that keep a quote with its attribution
    # language -> abbreviations that end no sentence when a number follows ("Abs. 2", "No. 5")
    number_abbreviations: dict[str, list[str]]
    # language -> words that open a sentence and follow no ordinal, initial or abbreviation
    # ("… auf 12. Die Polizei …" ends after "12.", "Plan B. Der …" after "B.")
    sentence_starters: dict[str, list[str]]
    # language -> words after which "<number>." is an ordinal ("der 300. Geburtstag")
    ordinal_determiners: dict[str, list[str]]
    # "attributed": only a quotation followed by its attribution stays one sentence;
    # "all": no quotation is ever split
    keep_quotes: Literal["attributed", "all"]
    min_chars: Count  # a shorter piece (or one with no letter or digit) joins its neighbour


class EmbedderConfig(_Section):
    name: str  # registered embedder, e.g. "e5-small-offline.v1"
    model: str  # sentence-transformers model name or local path (for "sentence-transformers.v1")
    prefix: str  # text prefix (e5 wants "query: ")
    batch_size: Positive
    cache_dir: str  # "" = the user's cache directory
    cache: bool  # keep vectors on disk (factcheck.embed_cache) and embed each text once
    cache_file: str  # "" = $XDG_CACHE_HOME/factcheck/embeddings.sqlite3 or ~/.cache/factcheck/...
    chunk_texts: int  # distinct texts per encode call (one task on a cluster; the same chunks serially)
    threads: Count = 0  # torch threads while embedding: 0 = torch's own choice (every core), N = at most N


class AlignConfig(_Section):
    cosine_floor: Cosine  # embedding cosine mapped to semantic 0 (e5: unrelated same-story sentences)
    cosine_ceiling: Cosine  # cosine mapped to semantic 1 (paraphrases)
    weight_semantic: float = Field(ge=0)
    weight_lexical: float = Field(ge=0)
    weight_anchors: float = Field(ge=0)
    threshold: Probability  # combined score needed to align two sentences of different articles
    intra_threshold: Probability  # the same inside one article (stricter: shared context inflates scores)
    min_semantic: float  # floor on the rescaled cosine, whatever the lexical signal
    prefilter_semantic: float  # pairs below this rescaled cosine are not scored at all
    anchor_min_ratio: Percent  # rapidfuzz ratio for two anchors to count as the same word
    proposition_threshold: Probability  # claim proposition overlap that aligns a pair on its own
    proposition_min_shared: Count  # proposition keys two claims must share before the overlap counts
    proposition_min_cosine: float  # raw cosine below which not even shared propositions align
    max_partners: Positive  # one-to-many: at most this many partners per sentence and article pair
    intra_article: bool
    stopwords: dict[str, list[str]]
    rare_word_min_length: Count


class EventsConfig(_Section):
    """Which articles tell the same story (``factcheck.events``)."""

    enabled: bool  # false: the whole corpus is one event
    embedder: str  # the embedder the coefficients were fitted with; with another, the corpus is one event
    lead_sentences: int  # sentences after the title that make an article's lead
    # logistic regression on (lead cosine, entity TF-IDF cosine) -> p(same story)
    intercept: float
    coef_cosine: float
    coef_entities: float
    threshold: float  # average-linkage cut: mean p(same story) with the event's members
    time_window_days: int  # dated articles further apart never share an event (0 = no window)
    compare_alone: bool  # an article alone in its story is compared within itself (false: not at all)

    @field_validator("threshold")
    @classmethod
    def _probability(cls, value: float) -> float:
        if not 0.0 <= value <= 1.0:
            raise ValueError("must be a probability between 0 and 1")
        return value


class ReportConfig(_Section):
    formats: list[str]
    max_markdown_chars: int = Field(ge=1_000)  # the summary keeps 400 for its closing line
    agree_min_score: Probability  # pairs at least this strong become "agree" findings before claims exist
    event_pages_min_articles: Count  # events this large get their own HTML page (0 = none)


class ClaimsLexicon(_Section):
    """Cue words and patterns of one language (``configs/lexicons/claims_<lang>.toml``).

    A cue is written as space-separated words; it matches when every word occurs,
    as lemma or as written (lower-cased), inside one clause, in any order.
    """

    negators: list[str]  # words that negate their clause ("nicht", "kein")
    negation_exceptions: list[str]  # phrases with a negator that negate nothing ("nicht nur")
    indefinite_objects: list[str]  # "nichts", "alles": the cue's topic comes from the context
    cues: dict[str, list[str]]  # effect ("ruled_out", "possible", "considered", "unclear", "exists") -> cues
    negated_effect: dict[str, str]  # effect of a cue whose clause also holds a negator
    planned_verbs: list[str]  # lemmas that make a statement a plan ("wollen", "planen")
    perfect_auxiliaries: list[str]  # lemmas of the perfect auxiliaries ("haben", "sein")
    future_auxiliaries: list[str]  # lemmas of the future auxiliary ("werden")
    # a plan stated as a state: a form of these lemmas with a planned verb's participle ("ist für Mai
    # geplant", "is expected to", "is set to"): planned, not happened
    state_auxiliaries: list[str] = []
    # participles that state a plan with a state auxiliary and "to" (English): "is set to vote", "is due to
    # open"; German needs none (its planned_verbs' participles do: "geplant", "vorgesehen")
    planned_participles: list[str] = []
    # modals that a past speech verb before them makes the future of what was said (English backshift: "She
    # said she would open the bridge" reports "I will open it"; "would be wrong", "would have" are no future).
    # German reports in Konjunktiv I and needs none
    backshifted_future: list[str] = []
    # words before a participle that make it a comparison, not a tense ("wie geplant", "wie angekündigt"):
    # "Wir werden den Streik wie geplant beenden" is a future all the same
    comparison_particles: list[str] = []
    # planned verbs whose negated past is a refusal that happened, not a plan: "Ein Sprecher wollte sich nicht
    # äußern", "wollte den Bericht weder bestätigen noch dementieren"
    refusal_verbs: list[str] = []
    # a preposition after a document noun naming its author, who then speaks: "a statement from Mayor Anna
    # Berg", "eine Erklärung von Anna Berg" (as the genitive does: "eine Mitteilung des Ministeriums")
    author_prepositions: list[str] = []
    # lemmas of verbs that move a figure up or down ("steigen", "sinken"; "rise", "fall"): a figure that rose
    # on one side and fell on the other is two movements (two days, two series), not one count told twice
    rise_verbs: list[str] = []
    fall_verbs: list[str] = []
    # nouns a quotation right after which is a title, not words said ("der Show „…“", "the book “…”"); German
    # compounds ending in one count too ("Castingshow", "Fernsehserie")
    title_nouns: list[str] = []
    speech_verbs: list[str]  # lemmas that introduce speech ("sagen", "erklären")
    # speech verbs that pass on what someone else said or did: English "The Times reports Liz Cheney first
    # stated her position …" states Liz Cheney's position (a name and its own finite verb right after the verb)
    relay_verbs: list[str] = []
    # verbs that report speech only where their clause frames the direct quotation right before it ("“…?” he asked",
    # "„…“, erzählt sie"; a frame before a colon speaks whatever its verb); elsewhere they are no speech ("did not
    # respond to requests for comment", "erzählt die Geschichte einer Epoche")
    quote_frame_verbs: list[str] = []
    # particles that attribute the words before them like a speech verb after them, in a clause of their own
    # with no verb: "„…“, so Anna Berg", "Die Lage sei ernst, so der Minister"
    attribution_particles: list[str] = []
    # speech verbs whose passive names the speaker: "…“, wurde Anna Berg in einer Mitteilung zitiert" is Anna
    # Berg's (the subject of any other speech verb in the passive is what was said of: "wurde kritisiert")
    quotation_verbs: list[str] = []
    # indefinite articles that can open a subject: after a speech verb that opens its clause the phrase they
    # open is a speaker not named ("…“, sagte eine Anwohnerin"); a definite one points back to someone named
    # before ("sagte der SPD-Politiker" after "Olaf Scholz"), "einem" opens an object
    new_speaker_articles: list[str] = []
    # attribution without a verb: words right before the source ("laut X", "nach Angaben der X",
    # "according to X"; a phrase is consecutive words) and right after it ("der Polizei zufolge")
    source_markers: list[str]
    source_postpositions: list[str] = []
    document_nouns: list[str]  # "Brief", "Schreiben": documents whose author speaks through them
    document_verbs: list[str]  # "heißen" in "hieß es in dem Schreiben"
    # "aus" in "Aus Regierungskreisen hieß es, …": the preposition before the source of an impersonal report
    source_prepositions: list[str] = []
    subjunctive_forms: list[str]  # finite forms that mark reported speech ("sei", "werde", "müsse")
    weak_subjunctive_forms: list[str]  # Konjunktiv II ("wäre"): reported only right after speech
    continuation_markers: list[str]  # "zudem", "weiter": a past-looking form after speech continues it
    person_pronouns: list[str]  # pronouns that refer back to the last person who spoke
    group_pronouns: list[str]  # pronouns that may refer to a speaking institution ("sie", "they")
    role_nouns: dict[str, str]  # role noun -> canonical role ("Chefdiplomat" -> "Außenminister")
    speaker_heads: list[str]  # nouns that name a speaker without a name ("Vertreter", "Sprecher")
    # bodies, not persons: a name right after one is the place it serves ("die Polizei Duisburg", "der Gemeinde
    # Rentweinsdorf"), never a person the noun titles; also as the end of a compound ("Kantonspolizei")
    institution_nouns: list[str] = []
    # news media: they speak like speaker_heads ("wie die Zeitung berichtete"), but are whom words are said to
    # in "sagte ein Polizeisprecher der Deutschen Presse-Agentur" (a dative, not the spokesman's organisation)
    # and yield to a person in "Der Zeitung sagte Anna Berg"
    media_nouns: list[str] = []
    determiners: list[str]  # articles and determiners skipped in front of a speaker description
    possessives: list[str]  # "seine Regierung": the owner is the last person mentioned
    genitive_articles: list[str]  # "Vertreter des Außenamtes": a genitive names whom a speaker speaks for
    prepositions: list[str]  # a noun phrase after one of these is no subject (when no tagger says so)
    time_prepositions: list[str]  # words that belong to a time expression in front of it ("am Montag")
    next_markers: list[str]  # "am kommenden Wochenende" points forward
    subordinators: list[str]  # a clause opened by one of these asserts nothing on its own ("ob", "was")
    complementizers: list[str]  # "dass": the clause is what the speaker said
    stop_lemmas: list[str]  # lemmas that never belong to a proposition
    synonyms: dict[str, list[str]]  # canonical lemma -> variants ("Zusammenarbeit" -> ["Kooperation"])
    decimal_comma: bool  # "3,5" (German) rather than "3.5"
    number_words: dict[str, float]  # "drei" -> 3
    multipliers: dict[str, float]  # "Millionen" -> 1e6, "Dutzend" -> 12
    approx: dict[str, list[str]]  # "more_than" -> ["mehr als", "über"]
    # words that make a count an addition to another ("750 zusätzliche Soldaten", "another 750 troops"):
    # an added count is no other figure for a total ("5000 Soldaten stationiert")
    increment_markers: list[str] = []
    # forms of address written before a surname, with or without a full stop ("Mr. Kim", "Dr. Weber"):
    # part of the title, never the speaker's name
    honorifics: list[str] = []
    # an age glued to its number ("43-Jährige", "55-year-old"): the word's start after the hyphen, and the
    # unit such a number counts in (ages compare with ages only, not with bare numbers)
    age_markers: list[str] = []
    age_unit: str = ""
    age_phrases: list[str] = []  # words after a number that make it an age: "Jahre alt", "years old"
    number_coordinators: list[str] = []  # words joining two numbers of one unit: "20 und 21 Jahre"
    units: dict[str, list[str]]  # canonical unit -> written forms ("Prozent" -> ["%", "Prozent"])
    weekdays: list[str]  # Monday first
    day_parts: list[str]  # "abend", "nacht": parts of a day, alone or glued to a weekday
    night_before: list[str]  # "in der nacht auf" + weekday: the night that ends on that day
    weekend: list[str]
    months: list[str]  # January first
    relative_days: dict[str, int]  # "gestern" -> -1
    relative_weeks: dict[str, int]  # "vergangene woche" -> -1
    earlier: list[str]  # "zuvor", "vorher": dated before the statement reported just before


class ClaimsConfig(_Section):
    default_language: str  # for articles without a language
    use_tagger: bool  # HanTa for German lemmas and POS tags; off or missing = simplemma + heuristics
    tagger_model: str  # HanTa model file, e.g. "morphmodel_ger.pgz"
    tagger_model_en: str  # HanTa model file for English, e.g. "morphmodel_en.pgz"
    # rapidfuzz ratio (0-100) from which two single names of five letters or more with the same first
    # letter are one person ("Kovalenko" / "Kowalenko")
    same_name_score: Annotated[float, Field(ge=0.0, le=100.0)]
    context_sentences: Count  # how far back an elliptic stance ("nichts ausschließen") takes its topic
    max_speaker_words: Positive  # longest speaker description read after a speech verb
    quote_pairs: list[list[str]]  # opening and closing quotation marks
    agencies: list[str]  # news agency codes that may follow a dateline ("afp", "dpa")
    entities: dict[str, list[str]]  # canonical entity -> aliases (as written; multi-word allowed)
    actors: dict[str, list[str]]  # actor -> canonical entities, institutions and persons speaking for it
    actor_prefixes: dict[str, str]  # compound prefix -> actor ("US" in "US-Außenminister")
    actor_adjectives: dict[str, str]  # adjective lemma -> actor ("iranisch" -> "Iran")
    lexicons: dict[str, ClaimsLexicon]  # language -> cue lexicon
    cache: bool = True  # keep each article's sentences and claims in results.sqlite3 next to the embedding cache
    # claims of a large corpus in this many forked processes when run serially (0 = one per usable core,
    # 1 = in this process); from processes_min_sentences sentences to tag on. Not part of any cache key:
    # the claims are the same however many processes made them.
    processes: Count = 0
    processes_min_sentences: Count = 1000


class ClassifyConfig(_Section):
    min_proposition_overlap: Probability  # weighted overlap of two stances' lemmas to be one proposition
    min_topic_overlap: Probability  # weighted overlap of two claims' lemmas to be the same claim
    min_update_overlap: Probability  # weighted overlap for "same topic, later status"
    min_update_shared: Count  # an update shares at least this many lemmas and entities
    light_verbs: dict[str, list[str]]  # language -> verbs whose noun names the event ("Gespräche führen")
    min_shared_lemmas: Count  # a same-claim pair shares at least this many content lemmas
    min_detail_overlap: Probability  # overlap both ways before numbers, dates, actors or speakers may conflict
    weights: dict[str, float]  # lemma weight by kind: "noun", "entity", "other"
    idf_min_claims: Count  # below this many claims every lemma weighs the same (no corpus statistics)
    inherited_penalty: Probability  # confidence factor when a proposition was taken from the context
    unknown_actor_penalty: Probability  # confidence factor when one side's actor is unknown
    quote_min_words: Count  # shorter quotations are never compared
    quote_min_similarity: Percent  # mean of rapidfuzz token_set_ratio and ratio for two quotations to be one
    quote_verbatim: Percent  # rapidfuzz ratio at or above which two quotations are identical
    quote_word_chars: Count  # a quoted word of at least this many letters counts for the quote_overlap signal
    quote_min_overlap: Probability  # the judge names a quote drift only when the quotations share this much
    quote_min_shared: int = Field(default=3, ge=0, le=10)  # ... and at least this many of their words
    quote_min_partial: Probability = 0.0  # ... and the shorter matches a stretch of the longer this closely
    quote_name_spelling: Percent = 0.0  # two spellings of a name in one quotation this alike are one name (0 = off)
    entity_fuzzy_threshold: Percent  # rapidfuzz ratio for two entity spellings to merge (Kovalenko/Kowalenko)
    number_tolerance: float = Field(ge=0)  # relative difference two numbers may have and still agree
    date_tolerance_days: Count  # resolved dates this close count as the same
    severity_rank: dict[str, float]  # severity -> weight for ranking (severity x confidence)
    likely_confidence: float = Field(default=0.5, ge=0, le=1)  # from here on a finding ranks in the first tier
    within_article_divergences: bool = False  # a divergence inside one article is reported (false: only across articles)
    intra_agree: bool  # report "agree" within one article (repetition is not corroboration)
    judge_entail_coverage: float  # judge_pair: hypothesis lemmas covered by the premise for entailment
    judge_neutral_coverage: float  # judge_pair: at most this coverage reads as neutral


class CandidatesConfig(_Section):
    """Which sentence pairs the judge reads (``factcheck.classify.candidates``)."""

    top_k: Count  # most similar sentences taken from each other article, no threshold
    lexical_top_k: Count  # also the most word-similar sentences (rapidfuzz) of each other article (0 = off)
    shared_keys: list[Literal["entity", "number", "predicate"]]  # keys that also propose a pair
    shared_max: Count  # at most this many partners per sentence and key kind (most similar first)
    shared_max_df_share: Probability  # a key in more than this share of the corpus' sentences relates nothing
    shared_min_df_cap: Count  # ... but a key may always be shared by this many sentences
    predicate_stopwords: list[str]  # lower-case lemmas too general to relate two sentences
    block_rows: Positive  # rows of the similarity matrix computed at once (memory: block_rows x sentences)


class JudgeConfig(_Section):
    """The decision model that maps a pair's signals to a kind and a probability."""

    model: str  # a file under factcheck/models/judge/ (name without .json) or a path to one
    min_probability: float  # a kind is reported from this probability on; below: no finding
    agree_min_probability: float  # agreements (facts) need this much
    max_pairs_per_sentence: Positive  # findings per sentence and kind, most probable first
    none_weight: float  # fitting only: the weight of a "none" training row (a labelled kind's row weighs 1)
    min_words: int = Field(default=0, ge=0, le=10)  # a pair whose shorter sentence has fewer words shows no kind

    @field_validator("none_weight")
    @classmethod
    def _weight(cls, value: float) -> float:
        if not 0.0 < value <= 1.0:
            raise ValueError("must be a weight above 0 and at most 1")
        return value

    @field_validator("min_probability", "agree_min_probability")
    @classmethod
    def _probability(cls, value: float) -> float:
        if not 0.0 <= value <= 1.0:
            raise ValueError("must be a probability between 0 and 1")
        return value


class NliConfig(_Section):
    """An optional NLI cross-encoder that scores what the rules decide (``factcheck.nli``)."""

    # "" = none; a registered name ("e5-nli-offline.v1": trained here, factcheck/models/nli_e5.py),
    # an exported delta folder, a local model directory or a model already in the Hugging Face cache
    model: str
    # our labels in the order of the model's outputs, used when its config names no labels
    # (id2label "LABEL_0", ...); named labels ("ENTAILMENT", "contradiction") map themselves
    label_order: list[Literal["entailment", "neutral", "contradiction"]]
    batch_size: Positive
    max_length: Positive  # tokens per premise+hypothesis pair; longer pairs are truncated
    min_confidence: float  # the model alone answers (where the rules abstain) from this probability on
    weight: float  # how far the model moves a rule finding's confidence: at most by this share
    # FC109: an aligned pair with no rule finding is flagged from this p(contradiction) on, if enabled
    flag_model_only: bool
    flag_contradiction: float
    scope: Literal["cross", "all"]  # which aligned pairs FC109 may flag: across articles only, or all
    cache: bool = True  # keep the model's readings of each pair in results.sqlite3 (factcheck.result_cache)
    # the model reads a candidate only when the judge without it gives it at least this probability of
    # being any kind (0 = read every candidate); screen_model is that judge (factcheck.classify.judge.screen)
    screen: Probability = 0.02
    screen_model: str = "judge-rules.v1"

    @field_validator("min_confidence", "flag_contradiction", "weight")
    @classmethod
    def _probability(cls, value: float) -> float:
        if not 0.0 <= value <= 1.0:
            raise ValueError("must be a probability between 0 and 1")
        return value

    @field_validator("label_order")
    @classmethod
    def _three_labels(cls, value: list[str]) -> list[str]:
        if sorted(value) != ["contradiction", "entailment", "neutral"]:
            raise ValueError("must name entailment, neutral and contradiction once each")
        return value


class CheckConfig(_Section):
    """What ``factcheck check`` fails on (``factcheck.check.Gate``); the command line overrides each key."""

    fail_on: list[str]  # divergence kinds that fail the check when new
    min_severity: Literal["info", "low", "medium", "high"]
    min_confidence: float
    baseline: str  # the baseline file read when --baseline is not given (relative to the working directory)

    @field_validator("min_confidence")
    @classmethod
    def _probability(cls, value: float) -> float:
        if not 0.0 <= value <= 1.0:
            raise ValueError("must be a probability between 0 and 1")
        return value


class Config(_Section):
    ingest: IngestConfig
    segment: SegmentConfig
    embedder: EmbedderConfig
    align: AlignConfig
    events: EventsConfig
    report: ReportConfig
    claims: ClaimsConfig
    classify: ClassifyConfig
    candidates: CandidatesConfig
    judge: JudgeConfig
    nli: NliConfig
    limits: LimitsConfig
    check: CheckConfig
    extra: dict[str, Any] = {}

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except UnicodeDecodeError as exc:  # TOML is UTF-8: a file saved as UTF-16 or Latin-1 is not TOML
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save the config as "
                          "UTF-8") from None
    except OSError as exc:  # a folder, no permission
        raise ConfigError(f"{path}: cannot read config file ({exc.strerror or exc})") from None


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Config:
    """Load the default config, then a user file on top of it, then ``overrides``."""
    data = _read_toml(DEFAULT_CONFIG)
    for name in data.pop("lexicon_files", []):
        data = _merge(data, _read_toml(CONFIG_DIR / name))
    source = DEFAULT_CONFIG
    if path is not None:
        source = Path(path)
        user = _read_toml(source)
        user.pop("lexicon_files", None)
        data = _merge(data, user)
    if overrides:
        data = _merge(data, overrides)
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{source}: {config_problem(exc)}") from None


def config_problem(exc: ValidationError) -> str:
    """The first problem pydantic found, in one line: the key, what is wrong, what is allowed.

    >>> try:
    ...     Config.model_validate({**default_config().to_dict(), "limits": {"max_articles": 0}})
    ... except ValidationError as exc:
    ...     print(config_problem(exc))
    limits.max_articles: must be greater than or equal to 1 (got 0) (and 4 more problems)
    """
    errors = exc.errors()
    first = errors[0]
    loc = tuple(first["loc"])
    where = ".".join(str(p) for p in loc)
    if first["type"] == "extra_forbidden":
        allowed = _keys_at(loc[:-1])
        problem = "unknown key" + (f" (allowed: {', '.join(allowed)})" if allowed else "")
    elif first["type"] == "missing":
        problem = "missing (set it, or leave it out of your file to keep the default)"
    else:
        message = str(first["msg"]).replace("Input should be", "must be").replace("Value error, ", "")
        problem = f"{message} (got {first['input']!r})"
    more = len(errors) - 1
    return f"{where}: {problem}" + (f" (and {more} more problem{'s' * (more > 1)})" if more else "")


def _keys_at(loc: tuple[Any, ...]) -> list[str]:
    """The keys a config table at ``loc`` may hold (``("align",)`` -> AlignConfig's fields)."""
    model: Any = Config
    parts = list(loc)
    while parts:
        part = parts.pop(0)
        field = model.model_fields.get(str(part)) if isinstance(model, type) and issubclass(model, BaseModel) else None
        if field is None:
            return []
        annotation = field.annotation
        if get_origin(annotation) is dict:  # a table of named entries: skip the entry's name
            annotation = get_args(annotation)[1]
            if parts:
                parts.pop(0)
        model = annotation
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


@lru_cache(maxsize=1)
def default_config() -> Config:
    """The checked-in default configuration (cached)."""
    return load_config()
