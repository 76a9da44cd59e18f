"""The claims section of the config, compiled once into lookup tables for one language."""

from __future__ import annotations

from dataclasses import dataclass

from ..config import ClaimsConfig

# word endings that German inflection adds to a name or adjective ("Irans", "Islamischen")
_ENDINGS = ("", "s", "e", "n", "en", "er", "es", "em", "ns")


def words(phrase: str) -> tuple[str, ...]:
    """A configured phrase as lower-case words ("halten für möglich" -> 3 words)."""
    return tuple(phrase.lower().split())


@dataclass(frozen=True, slots=True)
class Cue:
    words: tuple[str, ...]
    effect: str
    negated: bool  # the cue itself holds a negator ("nicht ausschließen")


@dataclass(frozen=True, slots=True)
class Alias:
    words: tuple[str, ...]  # as written, lower-cased unless case-sensitive
    canonical: str
    exact_case: bool  # short acronyms ("US", "IS") match only in capitals


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the claim rules look up, for one language."""

    language: str
    use_tagger: bool
    tagger_model: str  # the HanTa model of this language
    same_name_score: float
    context_sentences: int
    max_speaker_words: int
    quote_pairs: list[list[str]]
    quote_chars: frozenset[str]
    agencies: frozenset[str]
    negators: frozenset[str]
    negation_exceptions: tuple[tuple[str, ...], ...]
    indefinite: tuple[tuple[str, ...], ...]
    cues: tuple[Cue, ...]  # longest first
    negated_effect: dict[str, str]
    planned: frozenset[str]
    perfect: frozenset[str]
    future: frozenset[str]
    state: frozenset[str]
    planned_participles: frozenset[str]
    backshift: frozenset[str]  # modals a past speech verb makes a future ("said she would open")
    comparison: frozenset[str]  # words making a participle after them a comparison ("wie geplant")
    refusal: frozenset[str]  # planned verbs whose negated past is a refusal ("wollte sich nicht äußern")
    author_prepositions: frozenset[str]  # after a document noun, before its author ("a statement from X")
    title_nouns: frozenset[str]
    speech: frozenset[str]
    source_markers: tuple[tuple[str, ...], ...]  # phrases before the source, longest first
    source_postpositions: frozenset[str]
    document_nouns: frozenset[str]
    document_verbs: frozenset[str]
    relay: frozenset[str]
    attribution_particles: frozenset[str]
    quote_frames: frozenset[str]  # verbs that report only a quotation their clause frames ("“…?” he asked")
    quotation: frozenset[str]  # speech verbs whose passive names the speaker ("wurde X zitiert")
    new_speaker_articles: frozenset[str]  # indefinite articles opening an unnamed speaker ("sagte eine Anwohnerin")
    source_prepositions: frozenset[str]
    subjunctive: frozenset[str]
    weak_subjunctive: frozenset[str]
    continuation: tuple[tuple[str, ...], ...]  # phrases: "zudem", "darüber hinaus"
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    roles: dict[str, str]  # lower-cased role noun -> canonical role
    speaker_heads: frozenset[str]
    institutions: frozenset[str]
    media_nouns: frozenset[str]
    determiners: frozenset[str]
    possessives: frozenset[str]
    genitive_articles: frozenset[str]
    prepositions: frozenset[str]
    time_prepositions: frozenset[str]
    next_markers: frozenset[str]
    subordinators: frozenset[str]
    complementizers: frozenset[str]
    stop: frozenset[str]
    synonyms: dict[str, str]  # variant (lower-cased unless German) -> canonical
    decimal_comma: bool
    number_words: dict[str, float]
    multipliers: dict[str, float]
    approx: tuple[tuple[tuple[str, ...], str], ...]  # longest first
    increment: frozenset[str]  # lower-cased words marking an added count
    honorifics: frozenset[str]  # lower-cased forms of address before a surname ("mr", "dr")
    age_markers: tuple[str, ...]  # lower-cased starts of an age word after "<number>-" ("jährig")
    age_unit: str  # the unit of such an age
    age_phrases: tuple[tuple[str, ...], ...]  # lower-cased words after a number that make it an age ("jahre alt")
    coordinators: frozenset[str]  # lower-cased words joining two numbers that count one thing ("und", "bis")
    units: dict[str, str]  # lower-cased written form -> canonical unit
    weekdays: tuple[str, ...]
    day_parts: tuple[str, ...]
    night_before: tuple[tuple[str, ...], ...]
    weekend: frozenset[str]
    months: tuple[str, ...]
    relative_days: dict[str, int]
    relative_weeks: tuple[tuple[tuple[str, ...], int], ...]
    earlier: frozenset[str]
    aliases: tuple[Alias, ...]  # longest first
    alias_index: dict[str, tuple[Alias, ...]]  # first word's key (see inflection_keys) -> aliases, longest first
    actor_of: dict[str, str]  # lower-cased entity, institution or surname -> actor
    actor_prefixes: dict[str, str]
    actor_adjectives: dict[str, str]

    def canonical_lemma(self, lemma: str) -> str:
        """The synonym map's canonical form of a lemma ("Kooperation" -> "Zusammenarbeit")."""
        return self.synonyms.get(lemma if self.language == "de" else lemma.lower(), lemma)

    def actor(self, name: str) -> str | None:
        """The actor an entity, institution or person speaks for, if the gazetteer knows it."""
        low = name.lower()
        if low in self.actor_of:
            return self.actor_of[low]
        last = low.split()[-1] if low.split() else low
        return self.actor_of.get(last)


def inflection_keys(text: str) -> set[str]:
    """The forms a written word may have before inflection ("teherans" -> {"teherans", "teheran", ...})."""
    keys = {text}
    for e in _ENDINGS:
        if e and text.endswith(e) and len(text) > len(e):
            keys.add(text[: -len(e)])
    return keys


def _alias_keys(alias_word: str) -> set[str]:
    keys = {alias_word}
    for ending in ("en", "er", "es", "e", "n"):
        if alias_word.endswith(ending) and len(alias_word) - len(ending) >= 4:
            keys.add(alias_word[: -len(ending)])
    return keys


def word_matches(text: str, alias_word: str) -> bool:
    """Whether a written word is an inflected form of an alias word ("Teherans" ~ "teheran")."""
    if text == alias_word:
        return True
    stems = {alias_word}
    for ending in ("en", "er", "es", "e", "n"):
        if alias_word.endswith(ending) and len(alias_word) - len(ending) >= 4:
            stems.add(alias_word[: -len(ending)])
    return any(text == stem + e for stem in stems for e in _ENDINGS)


_CACHE: dict[tuple[int, str], tuple[ClaimsConfig, Lexicon]] = {}


def compile_lexicon(cfg: ClaimsConfig, language: str) -> Lexicon:
    """The compiled lexicon for ``language`` (the default language's when unknown); cached per config."""
    key = (id(cfg), language)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is cfg:
        return hit[1]
    lexicon = _compile(cfg, language)
    _CACHE[key] = (cfg, lexicon)
    return lexicon


def _compile(cfg: ClaimsConfig, language: str) -> Lexicon:
    if language not in cfg.lexicons:
        language = cfg.default_language
    lx = cfg.lexicons[language]
    negators = frozenset(w.lower() for w in lx.negators)
    cues = sorted(
        (
            Cue(words(c), effect, any(w in negators for w in words(c)))
            for effect, phrases in lx.cues.items()
            for c in phrases
        ),
        key=lambda c: -len(c.words),
    )
    # German keeps case: the noun "Treffen" is a synonym of "Gespräch", the verb "treffen" is not
    fold = (lambda w: w) if language == "de" else str.lower
    synonyms = {fold(v): canon for canon, variants in lx.synonyms.items() for v in variants}
    aliases = sorted(
        (
            Alias(
                tuple(a.split()) if _exact(a) else words(a),
                canon,
                _exact(a),
            )
            for canon, names in cfg.entities.items()
            for a in [canon, *names]
        ),
        key=lambda a: -len(a.words),
    )
    actor_of = {name.lower(): actor for actor, names in cfg.actors.items() for name in names}
    return Lexicon(
        language=language,
        use_tagger=cfg.use_tagger,
        tagger_model=cfg.tagger_model_en if language == "en" else cfg.tagger_model,
        same_name_score=cfg.same_name_score,
        context_sentences=cfg.context_sentences,
        max_speaker_words=cfg.max_speaker_words,
        quote_pairs=cfg.quote_pairs,
        quote_chars=frozenset(c for pair in cfg.quote_pairs for c in pair),
        agencies=frozenset(a.lower() for a in cfg.agencies),
        negators=negators,
        negation_exceptions=tuple(words(p) for p in lx.negation_exceptions),
        indefinite=tuple(words(p) for p in lx.indefinite_objects),
        cues=tuple(cues),
        negated_effect=dict(lx.negated_effect),
        planned=frozenset(w.lower() for w in lx.planned_verbs),
        perfect=frozenset(w.lower() for w in lx.perfect_auxiliaries),
        future=frozenset(w.lower() for w in lx.future_auxiliaries),
        state=frozenset(w.lower() for w in lx.state_auxiliaries),
        planned_participles=frozenset(w.lower() for w in lx.planned_participles),
        backshift=frozenset(w.lower() for w in lx.backshifted_future),
        comparison=frozenset(w.lower() for w in lx.comparison_particles),
        refusal=frozenset(w.lower() for w in lx.refusal_verbs),
        author_prepositions=frozenset(w.lower() for w in lx.author_prepositions),
        title_nouns=frozenset(w.lower() for w in lx.title_nouns),
        speech=frozenset(w.lower() for w in lx.speech_verbs),
        relay=frozenset(w.lower() for w in lx.relay_verbs),
        attribution_particles=frozenset(w.lower() for w in lx.attribution_particles),
        quote_frames=frozenset(w.lower() for w in lx.quote_frame_verbs),
        quotation=frozenset(w.lower() for w in lx.quotation_verbs),
        new_speaker_articles=frozenset(w.lower() for w in lx.new_speaker_articles),
        source_markers=tuple(sorted({words(p) for p in lx.source_markers}, key=lambda p: (-len(p), p))),
        source_postpositions=frozenset(w.lower() for w in lx.source_postpositions),
        document_nouns=frozenset(w.lower() for w in lx.document_nouns),
        document_verbs=frozenset(w.lower() for w in lx.document_verbs),
        source_prepositions=frozenset(w.lower() for w in lx.source_prepositions),
        subjunctive=frozenset(w.lower() for w in lx.subjunctive_forms),
        weak_subjunctive=frozenset(w.lower() for w in lx.weak_subjunctive_forms),
        continuation=tuple(sorted({words(p) for p in lx.continuation_markers})),
        person_pronouns=frozenset(w.lower() for w in lx.person_pronouns),
        group_pronouns=frozenset(w.lower() for w in lx.group_pronouns),
        roles={k.lower(): v for k, v in lx.role_nouns.items()},
        speaker_heads=frozenset(w.lower() for w in lx.speaker_heads),
        institutions=frozenset(w.lower() for w in lx.institution_nouns),
        media_nouns=frozenset(w.lower() for w in lx.media_nouns),
        determiners=frozenset(w.lower() for w in lx.determiners),
        possessives=frozenset(w.lower() for w in lx.possessives),
        genitive_articles=frozenset(w.lower() for w in lx.genitive_articles),
        prepositions=frozenset(w.lower() for w in lx.prepositions),
        time_prepositions=frozenset(w.lower() for w in lx.time_prepositions),
        next_markers=frozenset(w.lower() for w in lx.next_markers),
        subordinators=frozenset(w.lower() for w in lx.subordinators),
        complementizers=frozenset(w.lower() for w in lx.complementizers),
        stop=frozenset(w.lower() for w in lx.stop_lemmas),
        synonyms=synonyms,
        decimal_comma=lx.decimal_comma,
        number_words={k.lower(): v for k, v in lx.number_words.items()},
        multipliers={k.lower(): v for k, v in lx.multipliers.items()},
        approx=tuple(sorted(((words(p), k) for k, ps in lx.approx.items() for p in ps), key=lambda x: -len(x[0]))),
        increment=frozenset(w.lower() for w in lx.increment_markers),
        honorifics=frozenset(w.lower().rstrip(".") for w in lx.honorifics),
        age_markers=tuple(w.lower() for w in lx.age_markers),
        age_unit=lx.age_unit,
        age_phrases=tuple(sorted({words(p) for p in lx.age_phrases}, key=lambda p: (-len(p), p))),
        coordinators=frozenset(w.lower() for w in lx.number_coordinators),
        units={v.lower(): canon for canon, vs in lx.units.items() for v in vs},
        weekdays=tuple(w.lower() for w in lx.weekdays),
        day_parts=tuple(w.lower() for w in lx.day_parts),
        night_before=tuple(words(p) for p in lx.night_before),
        weekend=frozenset(w.lower() for w in lx.weekend),
        months=tuple(m.lower() for m in lx.months),
        relative_days={k.lower(): v for k, v in lx.relative_days.items()},
        relative_weeks=tuple(sorted(((words(k), v) for k, v in lx.relative_weeks.items()), key=lambda x: -len(x[0]))),
        earlier=frozenset(w.lower() for w in lx.earlier),
        aliases=tuple(aliases),
        alias_index=_index(aliases),
        actor_of=actor_of,
        actor_prefixes=dict(cfg.actor_prefixes),
        actor_adjectives={k.lower(): v for k, v in cfg.actor_adjectives.items()},
    )


def _exact(alias: str) -> bool:
    # "US", "IS", "UN": short all-capital acronyms collide with ordinary words in lower case
    return alias.isupper() and len(alias.replace(".", "")) <= 4


def _index(aliases: list[Alias]) -> dict[str, tuple[Alias, ...]]:
    index: dict[str, list[Alias]] = {}
    for a in aliases:
        keys = {a.words[0]} if a.exact_case else _alias_keys(a.words[0])
        for key in keys:
            index.setdefault(key, []).append(a)
    return {k: tuple(v) for k, v in index.items()}
