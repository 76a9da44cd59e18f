"""Claims: what each sentence asserts, who says it, with which polarity and modality, about what.

``extract_claims`` walks an article's sentences in order, because a sentence
often needs the ones before it: "sagte er" refers to the last person who
spoke, "der US-Chefdiplomat" to the "US-Außenminister" introduced earlier, a
sentence in Konjunktiv I continues the last speaker's reported speech, and an
elliptic "er würde nichts ausschließen" takes its topic from the preceding
sentence. All linguistic knowledge comes from ``ClaimsConfig``.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..config import ClaimsConfig
from ..records import Article, Claim, Removed, Sentence, Span, Stance, TimeExpr
from ..segment import paragraphs
from ._entities import alias_map, entities, prefix_aliases
from ._lexicon import Cue, Lexicon, compile_lexicon
from ._quantities import quantities
from ._speakers import (
    ArticleMemory, SpeakerRef, actor_ish, describes_role, is_document, is_medium, is_name, noun_phrase, register_persons,
    resolve,
)
from ._text import Clause, Token, clauses, known_word, quote_spans, tag
from ._times import parse_date, resolve as resolve_time, times

__all__ = ["extract_claims", "person_actors"]

# the marks that also close a quotation left open, by the mark it expects: a straight " and German and English
# curly double quotes stand in for each other in mixed-style texts (not English “, which opens after ”)
_CLOSERS_TOO = {'"': '"“”', "“": '“”"', "”": '”"'}
# a sentence that ends as one: an end mark, maybe inside or before closing quotation marks
_SENTENCE_END = re.compile(r"[.!?…](?:\s?[\"“”»«'’)\]])*\s*$")  # tokenised: '… before . "'
_CONTENT_TAGS = frozenset({"NN", "NE", "ADJA", "ADJD", "VVFIN", "VVINF", "VVPP", "VVIZU", "TRUNC", "FM", "X"})
_PREPOSITION_TAGS = frozenset({"APPR", "APPRART", "APPO", "APZR"})
_EFFECT_MODALITY = {
    "ruled_out": ("negative", "ruled_out"),
    "possible": ("positive", "possible"),
    "considered": ("positive", "considered"),
    "unclear": ("positive", "unclear"),
    "exists": ("positive", "asserted"),
    "hedged": ("positive", "hedged"),
    "unlikely": ("negative", "hedged"),
    "asserted": ("positive", "asserted"),
}


@dataclass(slots=True)
class _Walk:
    """State carried from one sentence to the next inside one article."""

    memory: ArticleMemory  # made with the lexicon's same-name score
    prev_speech: bool = False  # the previous sentence reported speech
    prev_said: bool = False  # ... and quoted said words (a verb inside) or reported them in indirect speech
    open_quote: str | None = None  # closing mark of a quotation still open at the end of the last sentence
    pending_quotes: list[int] = field(default_factory=list)  # claims inside an open quotation, speaker unknown
    speech_time: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)  # speaker -> dating
    topics: list[tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)  # (lemmas, entities)
    name_words: frozenset[str] = frozenset()  # words the article writes only as (part of) a name (_name_words)


@dataclass(slots=True)
class _Group:
    """A stance under construction: one asserting clause plus the clauses that depend on it."""

    clause: Clause
    cue: Cue | None = None
    cue_tokens: tuple[int, ...] = ()
    negators: tuple[int, ...] = ()
    members: list[Clause] = field(default_factory=list)


def person_actors(named: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Whom each person speaks for across the corpus, from (name, actor) pairs of their claims: a person keeps
    the actor one article gives them ("Frankreichs Präsident Emmanuel Macron") where another names them alone. The
    actor most of their claims name; none on a tie: "Mr. Trump added Rudolph W. Giuliani, the former New
    York City mayor" gave Trump "City" once, as one claim each gave him "DNC" and "Berg administration", and
    "City" then spoke for all 36 of his statements."""
    votes: dict[str, Counter[str]] = {}
    for name, actor in named:
        votes.setdefault(name, Counter())[actor] += 1
    out: dict[str, str] = {}
    for name, counts in votes.items():
        top = counts.most_common(2)
        if len(top) == 1 or top[0][1] > top[1][1]:
            out[name] = top[0][0]
    return out


def extract_claims(article: Article, sentences: tuple[Sentence, ...], cfg: ClaimsConfig) -> tuple[Claim, ...]:
    """One claim per sentence, in the same order.

    >>> from factcheck.config import default_config
    >>> from factcheck.records import Article, Sentence
    >>> text = "Der Minister schließt Bodentruppen aus."
    >>> art = Article(id="a", title="", text=text, language="de")
    >>> [c.modality for c in extract_claims(art, (Sentence("a:s0", "a", 0, text, 0, len(text)),),
    ...                                       default_config().claims)]
    ['ruled_out']
    """
    lx = compile_lexicon(cfg, article.language or cfg.default_language)
    published = parse_date(article.published)
    location, agency, dateline_sentence, dateline_end = _dateline(sentences, lx, article.removed)
    walk = _Walk(memory=ArticleMemory(same_name_score=lx.same_name_score))
    _known_names(article, sentences, lx, walk.memory)
    if lx.language == "en":
        walk.name_words = _name_words(article.text, walk.memory)
    else:  # German writes adjectives in lower case inside a sentence: every capitalised name word counts
        walk.name_words = frozenset(w for n in walk.memory.names for w in n.split() if w[:1].isupper())
    claims: list[Claim] = []
    starts = [start for start, _ in paragraphs(article.text)]
    for n, sentence in enumerate(sentences):
        blank = dateline_end if n == dateline_sentence else 0
        if n and bisect_right(starts, sentences[n - 1].start) != bisect_right(starts, sentence.start):
            # a quotation ends with its paragraph: one that goes on opens again ("„…" on the new line),
            # and a mark that never closes (a stray „, or „…” in mixed styles) must not quote the rest
            walk.open_quote = None
            walk.pending_quotes.clear()
        claim = _claim(article, sentence, blank, lx, walk, published, claims)
        claims.append(claim)
    return tuple(_finish(c, walk.memory, location, agency) for c in claims)


def _known_names(article: Article, sentences: Sequence[Sentence], lx: Lexicon, memory: ArticleMemory) -> None:
    """Collect the article's names first, so that "die iranische Regierung" finds "Iran" named later."""
    for sentence in sentences:
        tokens = tag(sentence.text, lx.language, lx.use_tagger, lx.tagger_model)
        if lx.language == "en":
            tokens = _english_tags(tokens, frozenset())
        else:
            tokens = _german_tags(tokens, frozenset())
        entities(tokens, alias_map(tokens, lx), lx, memory)
    memory.persons.clear()  # persons are introduced in reading order


def _name_words(text: str, memory: ArticleMemory) -> frozenset[str]:
    """The words of the article's names that it never writes in lower case: "Trump" when the article
    names "Donald Trump" and has no "trump". English capitalises the first word of every sentence, and
    the tagger then reads "Trump also confirmed …" as the noun "trump" (:func:`_english_tags`); "Police"
    (of "Capitol Police") stays a common noun where the article also writes "police".

    >>> memory = ArticleMemory(names=["Donald Trump", "Capitol Police"], same_name_score=90.0)
    >>> sorted(_name_words("Donald Trump met the police. Trump said so.", memory))
    ['Capitol', 'Donald', 'Trump']
    """
    lower = {w for w in re.findall(r"\b[^\W\d_][\w'’-]*", text) if w.islower()}
    return frozenset(w for n in memory.names for w in n.split() if w[:1].isupper() and w.lower() not in lower)


# tags the English tagger gives a surname that is also a word ("Akin continued." reads the adjective "akin")
_NAME_MISREAD = ("ADJD", "ADV", "VVF", "VVI", "VVP")


def _english_tags(tokens: tuple[Token, ...], name_words: frozenset[str], lx: Lexicon | None = None) -> tuple[Token, ...]:
    """English words the tagger reads as common nouns.

    Names: "trump", "vega" are words too. A capitalised noun right after a name goes on with it
    ("Donald Trump"), and a word of one of the article's names that the article never writes in lower case
    is that name wherever it stands ("Trump also confirmed …", at the start of a sentence, where every word
    has a capital; see _name_words).

    Reporting verbs: "claims", "states", "notes" are plurals too. In a sentence that quotes, such a word
    between a noun and the sentence's or clause's end is the verb that attributes the quotation
    ('"…," the suit claims.'). Only with ``lx`` (its reporting verbs and quotation marks).
    """
    out = list(tokens)
    speech = lx.speech if lx is not None else frozenset()
    quotes = lx is not None and any(t.text in lx.quote_chars for t in out)
    for k, t in enumerate(out):
        if t.tag != "NN":
            if t.is_cap and t.tag.startswith(_NAME_MISREAD) and (t.text in name_words or (
                    t.tag == "ADJD" and k > 0 and out[k - 1].tag == "NE" and out[k - 1].is_cap)):
                out[k] = dataclasses.replace(t, tag="NE", lemma=t.text)
            continue
        if t.is_cap:
            after_name = k > 0 and out[k - 1].tag == "NE" and out[k - 1].is_cap
            if after_name or t.text in name_words:
                out[k] = dataclasses.replace(t, tag="NE", lemma=t.text)
        elif (quotes and t.lemma.lower() in speech and t.low.endswith("s") and k > 0 and out[k - 1].tag in {"NN", "NE"}
              and (k + 1 == len(out) or out[k + 1].text in {".", ",", ";"})):
            out[k] = dataclasses.replace(t, tag="VVFIN")
    return tuple(out)


def _german_tags(tokens: tuple[Token, ...], name_words: frozenset[str]) -> tuple[Token, ...]:
    """German surnames the tagger reads as adjectives, adverbs or common nouns: "Sebastian Kurz" (a capitalised
    word right after a name goes on with it; inside a sentence German adjectives are written in lower case),
    "Richard Gutjahr" (a noun right after a name that no dictionary knows; "Trump Regierung" stays), and a
    word of one of the article's names wherever it stands capitalised inside a sentence, or opening one before
    a finite verb ("Kurz betonte, …", not "Kurz darauf …")."""
    out = list(tokens)
    for k, t in enumerate(out):
        if not (t.is_word and t.is_cap):
            continue
        if t.tag == "NN" and k > 0 and out[k - 1].tag == "NE" and out[k - 1].is_cap and "-" not in t.text \
                and not known_word(t.text, "de"):
            out[k] = dataclasses.replace(t, tag="NE", lemma=t.text)
            continue
        if t.tag not in {"ADJD", "ADJA", "ADV"}:
            continue
        after_name = k > 0 and out[k - 1].tag == "NE" and out[k - 1].is_cap
        nxt = out[k + 1] if k + 1 < len(out) else None
        # before a capitalised noun the word is that name's adjective: "die Vereinten Nationen", "der Deutschen
        # Presse-Agentur"
        before_noun = nxt is not None and nxt.is_cap and nxt.tag in {"NN", "NE"}
        known = t.text in name_words and not before_noun and (k > 0 or (nxt is not None and nxt.is_finite))
        if after_name or known:
            out[k] = dataclasses.replace(t, tag="NE", lemma=t.text)
    return tuple(out)


def _finish(claim: Claim, memory: ArticleMemory, location: str | None, agency: str | None) -> Claim:
    """Use each person's fullest name and known actor everywhere, and add the dateline."""

    def full(name: str | None) -> str | None:
        person = memory.person(name) if name else None
        return person.name if person else name

    speaker, holder = full(claim.speaker), full(claim.holder)
    actor = claim.actor
    if actor is None:
        for name in (speaker, holder):
            person = memory.person(name) if name else None
            if person is not None and person.actor:
                actor = person.actor
                break
    def names(items: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(full(e) or e for e in items))

    stances = tuple(
        dataclasses.replace(st, entities=names(st.entities), inherited=names(st.inherited)) for st in claim.stances
    )
    return dataclasses.replace(
        claim,
        speaker=speaker,
        holder=holder,
        actor=actor,
        entities=names(claim.entities),
        stances=stances,
        location=location,
        agency=agency,
    )


def _dateline(sentences: Sequence[Sentence], lx: Lexicon,
              removed: Sequence[Removed] = ()) -> tuple[str | None, str | None, int, int]:
    """ "WASHINGTON afp |" -> ("Washington", "afp"), with the sentence index and where the dateline ends; from
    a dateline the ingest cut from the text (``removed``, rule "dateline": sentence index -1, nothing to blank)
    when no sentence opens with one."""
    if not lx.agencies:
        return None, None, -1, 0
    agencies = "|".join(re.escape(a) for a in sorted(lx.agencies, key=len, reverse=True))
    pattern = re.compile(
        r"(?:^|\s)([A-ZÄÖÜ][A-ZÄÖÜ.\- ]{2,}?)"  # the place, in capitals (checked below)
        r"(?:\s*/\s*[\w.\- ]+?)?"  # "BERLIN/PARIS"
        # "afp |", "(dpa) -", and in brackets with a service or region after the agency: "(dpa-AFX) -", "(dpa/lby) -"
        rf"\s*(?:\(\s*({agencies})(?:\s*[/,-]\s*[\w.]{{1,12}})*\s*\)|({agencies}))\s*[|:–—-]\s*",
        re.IGNORECASE,
    )
    texts = [(n, s.text) for n, s in enumerate(sentences[:4])]
    texts += [(-1, r.text) for r in removed if r.rule == "dateline"]
    for n, text in texts:
        m = pattern.search(text)
        if m and m.group(1).strip().isupper():
            return m.group(1).strip().title(), (m.group(2) or m.group(3)).lower(), n, m.end() if n >= 0 else 0
    return None, None, -1, 0


def _claim(
    article: Article,
    sentence: Sentence,
    blank: int,
    lx: Lexicon,
    walk: _Walk,
    published,
    done: list[Claim],
) -> Claim:
    # the dateline is blanked out (offsets stay valid) so that "WASHINGTON" is no entity
    text = " " * blank + sentence.text[blank:]
    tokens = tag(text, lx.language, lx.use_tagger, lx.tagger_model)
    if lx.language == "en":
        tokens = _english_tags(tokens, walk.name_words, lx)
    else:
        tokens = _german_tags(tokens, walk.name_words)
    verbs, particles = _verb_lemmas(tokens)
    if walk.open_quote is None:
        quotes = quote_spans(text, lx.quote_pairs)
    else:  # the quotation left open goes on up to its closing mark; what follows is read afresh
        # mixed styles close a quotation too: "Horror, Horror. … Vögel.“ (typed " and a curly close), „…"
        found = [i for i in (text.find(m) for m in _CLOSERS_TOO.get(walk.open_quote, walk.open_quote)) if i >= 0]
        close = min(found, default=-1)
        if close < 0:
            quotes = [(0, len(text), False)]
        else:  # (a German closing “ must not open an English “…” after it)
            after = close + 1
            rest = quote_spans(text[after:], lx.quote_pairs)
            quotes = [(0, close, True)] + [(s + after, e + after, c) for s, e, c in rest]
    clause_list = clauses(tokens, quotes, lx.subordinators, lx.complementizers, lx.determiners, lx.quote_chars,
                          verb_final=lx.language == "de")
    aliases = alias_map(tokens, lx)
    topic_aliases = {**aliases, **prefix_aliases(tokens, lx, aliases, walk.memory)}
    memory = walk.memory
    person_before = memory.last_person
    named = register_persons(tokens, aliases, lx, memory)
    time_list, time_tokens = times(tokens, lx)

    def quoted(i: int) -> bool:
        return any(s <= tokens[i].start < e for s, e, _ in quotes)

    speaker, speaker_kind, frames = _speech(tokens, verbs, clause_list, quotes, aliases, quoted, lx, memory)
    if speaker is not None and speaker.kind == "person":
        memory.set_person(speaker)  # "X erklärte, er würde ..."
    holder = _holder(tokens, clause_list, frames, aliases, quoted, lx, memory)
    if speaker is None and holder is not None and _pronoun_after_speech(tokens, verbs, holder, quoted, lx):
        # "The coach said he would stay": the pronoun is the speech verb's subject, whom the claims could not
        # name, not the person named in an earlier sentence
        holder = None
    words = [t.i for t in tokens if t.text[:1].isalnum()]
    if speaker is None and walk.prev_said and memory.last_speaker is not None and words \
            and all(quoted(i) for i in words) and _SENTENCE_END.search(text):
        # a quotation on its own right after quoted or reported words goes on with their speaker:
        # '"…," Anna Berg said. "We will also stay."'; not after a quoted word ('sprach von einer
        # "Vorsichtsmaßnahme"'), and not a line without an end mark (a quotation as a subheading)
        last = memory.last_speaker
        speaker, speaker_kind = SpeakerRef(last.canonical, last.text, last.kind, last.actor), "quote"
    elif speaker is None and _reports(tokens, clause_list, quoted, walk.prev_speech, lx):
        # a named person whose own (indicative) main clause frames the reported words holds them ("Parteichefin
        # X fand es erfreulich, dass … habe"); otherwise the last speaker goes on ("Ghosn stehe nicht …")
        # (or, after its own indicative speech verb, whoever the sentence's subject is: "Die Opposition warnte, der
        # Schritt erhöhe …" is not the last speaker's, even where the claims cannot name the opposition)
        said_here = _speech_before_report(tokens, verbs, clause_list, lx)
        framed = said_here or _frames_report(tokens, clause_list, lx)
        own = holder if holder is not None and holder.kind == "person" and framed else None
        speaker, speaker_kind = own or (None if said_here else memory.last_speaker), "reported"
        if speaker is not None:
            speaker = SpeakerRef(speaker.canonical, speaker.text, speaker.kind, speaker.actor)
    if holder is not None and holder.kind == "person":
        memory.set_person(holder)  # "Seine Regierung", "sagte er" after "Berg hatte ..."
    elif (speaker is None or speaker.kind != "person") and len({p.name for p in named}) == 1:
        # no person speaks or acts here, one is named: "he" next is that one ("Talking points depicted efforts
        # by spokeswoman Victoria Nuland … According to the excerpts, she argued …")
        memory.set_person(SpeakerRef(named[0].name, named[0].name, "person", named[0].actor))

    groups = _groups(tokens, verbs, particles, clause_list, frames, lx)
    skip = set(time_tokens)
    for ref in (speaker, holder):
        if ref is not None and ref.start >= 0:
            skip.update(t.i for t in tokens if ref.start <= t.start < ref.end)
    stances = [_stance(g, tokens, verbs, topic_aliases, skip, time_list, lx, memory, walk) for g in groups]
    stances = [s for s in stances if s.lemmas or s.entities or s.cue is not None]
    main = next((s for s in stances if s.cue is not None), stances[0] if stances else None)
    if main is None:
        main = Stance("positive", "asserted", "current", None)

    has_cue = main.cue is not None or main.status == "planned"
    if speaker is None and holder is not None and has_cue:
        speaker, speaker_kind = holder, "attributed"
    actor = (speaker.actor if speaker else None) or (holder.actor if holder else None)

    # dating: the speech frame's own time, else the clause's, else the speaker's last dated statement
    resolved = [resolve_time(t, published, main.status == "planned") for t in time_list]
    dating = _dating(tokens, verbs, resolved, frames, clause_list, lx)
    if speaker is not None:
        if not dating[0] and not dating[1] and speaker.canonical in walk.speech_time:
            dating = walk.speech_time[speaker.canonical]
        elif dating[0] or dating[1]:
            walk.speech_time[speaker.canonical] = dating
    event_date, event_order, event_text, event_value = dating

    titles = {(s, e) for s, e, _ in quotes if _titled(sentence.text, s, lx)}
    quote_spans_out = tuple(
        Span(s, e, "title" if (s, e) in titles else "quote", sentence.text[s:e])
        for s, e, _ in quotes if len(sentence.text[s:e].split()) >= 1
    )
    cue_spans = [s.cue for s in stances if s.cue is not None]
    if speaker is not None and speaker.start >= 0:
        cue_spans.append(Span(speaker.start, speaker.end, "speaker", sentence.text[speaker.start : speaker.end]))

    sentence_entities = tuple(entities(tokens, topic_aliases, lx, memory))
    lemmas = tuple(dict.fromkeys(lemma for s in stances for lemma in s.lemmas))
    claim = Claim(
        sentence_id=sentence.id,
        article_id=article.id,
        speaker=speaker.canonical if speaker else None,
        speaker_text=speaker.text if speaker else None,
        speaker_kind=speaker_kind if speaker else "narrator",
        speaker_type=speaker.kind if speaker else "",
        actor=actor,
        polarity=main.polarity,
        modality=main.modality,
        status=main.status,
        language=lx.language,
        stances=tuple(stances),
        quantities=quantities(tokens, sentence.text, lx, skip=set(time_tokens)),
        times=tuple(resolved),
        entities=sentence_entities,
        quotes=quote_spans_out,
        cues=tuple(cue_spans),
        lemmas=lemmas,
        event_date=event_date,
        event_order=event_order,
        event_text=event_text,
        event_value=event_value,
        holder=holder.canonical if holder else None,
        finite=any(t.is_finite for t in tokens),
        # said words: a verb inside a quotation that is no title ("der Show „Ich bin ein Star …“" says nothing)
        quoted_verb=any(t.tag.startswith("V") and any(s <= t.start < e for s, e, _ in quotes if (s, e) not in titles)
                        for t in tokens),
    )

    # bookkeeping for the sentences that follow
    subject = holder if holder is not None and holder.kind != "document" else speaker
    if subject is not None and subject.kind in {"person", "group", "description"} \
            and (subject.kind == "person" or memory.last_person is person_before):
        # "Die Regierung wies … zurück. Sie betonte …" (German pronouns); a person named here stays the one
        # referred to next ("Der Abgeordnete und Innenexperte Anna Berg will … “…”, sagte sie")
        memory.last_subject = subject
    if speaker is not None and speaker_kind in {"quote", "reported", "document"}:
        memory.remember(speaker, role=describes_role(speaker, lx))
        if holder is not None and holder.start > max(speaker.start, -1) and _surely_person(holder, lx, memory):
            # "he" next refers to the person named last: "As Iran warned …, Mr. Trump threatened it. "…," he said"
            memory.set_person(holder)
        if _mentions(tokens, lx):
            memory.last_author = speaker
    walk.prev_speech = speaker is not None and speaker_kind in {"quote", "reported", "document"}
    walk.prev_said = walk.prev_speech and (claim.quoted_verb or speaker_kind == "reported")
    still_open = next((c for (s, e, closed), c in zip(quotes, _closers(text, quotes, lx)) if not closed), None)
    if still_open is not None and speaker is None:
        walk.pending_quotes.append(len(done))
    elif speaker is not None and speaker_kind == "quote" and walk.pending_quotes:
        for k in walk.pending_quotes:
            done[k] = _with_speaker(done[k], speaker)
        walk.pending_quotes.clear()
    walk.open_quote = still_open
    walk.topics.append((lemmas, tuple(e for s in stances for e in s.entities)))
    return claim


def _with_speaker(claim: Claim, speaker: SpeakerRef) -> Claim:
    return dataclasses.replace(
        claim, speaker=speaker.canonical, speaker_text=speaker.text, speaker_kind="quote", actor=speaker.actor
    )


_LAST_WORD = re.compile(r"([^\W\d_][\w-]*)\s*$")


def _titled(text: str, start: int, lx: Lexicon) -> bool:
    """Whether the quotation whose words begin at ``start`` is a title: the word right before its opening mark
    is a title noun ([claims.lexicons.*] title_nouns; German compounds ending in one: "Castingshow")."""
    m = _LAST_WORD.search(text[: max(start - 1, 0)])
    if m is None or not lx.title_nouns:
        return False
    word = m.group(1).rsplit("-", 1)[-1].lower()
    if word in lx.title_nouns or (lx.language == "en" and word.endswith("s") and word[:-1] in lx.title_nouns):
        return True
    # a compound's first part is a word of its own ("Casting|show", "Fernseh|serie", "Kino|film"); a verb prefix
    # is not, and makes another noun: "Aus|sendung" (a press release, whose words are said), "Mit|glied"
    return lx.language == "de" and any(word.endswith(n) and len(word) - len(n) >= 4 for n in lx.title_nouns)


def _closers(text: str, quotes: list[tuple[int, int, bool]], lx: Lexicon) -> list[str]:
    """The closing mark each quotation expects (for one left open across sentences)."""
    pairs = {o: c for o, c in lx.quote_pairs}
    out = []
    for s, _, _ in quotes:
        opener = text[s - 1] if s > 0 else ""
        out.append(pairs.get(opener, "“"))
    return out


def _mentions(tokens: tuple[Token, ...], lx: Lexicon) -> bool:
    """Whether a document is named among ``tokens``."""
    return any(is_document(t, lx) for t in tokens)


def _verb_lemmas(tokens: tuple[Token, ...]) -> tuple[list[str], dict[int, int]]:
    """Lemmas with separated particles joined back ("schließt ... aus" -> "ausschließen"),
    and verb index -> particle index."""
    lemmas = [t.lemma for t in tokens]
    particles: dict[int, int] = {}
    for t in tokens:
        if t.tag != "PTKVZ":
            continue
        for k in range(t.i - 1, -1, -1):
            v = tokens[k]
            if v.text in {",", ";", ":"}:
                break
            # "ist ... bereit" is an adjective after "sein", no particle verb
            if v.tag in {"VVFIN", "VMFIN"}:
                lemmas[k] = t.low + v.lemma.lower()
                particles[k] = t.i
                break
    return lemmas, particles


def _passive(tokens: tuple[Token, ...], k: int, clause: Clause, lx: Lexicon) -> bool:
    """Whether the participle at ``k`` is a passive: German "werden" finite in its clause ("Parteien wurden
    für ihre Rhetorik kritisiert"), English a form of "be" right before it, adverbs aside ("was told"; not
    "has said" nor "Trump has said he will …, which is …")."""
    if lx.language == "de":
        return any(tokens[j].is_finite and tokens[j].lemma.lower() == "werden" for j in range(clause.start, clause.end))
    j = k - 1
    while j >= clause.start and tokens[j].tag == "ADV":
        j -= 1
    return j >= clause.start and tokens[j].lemma.lower() == "be"


def _phrases(tokens: tuple[Token, ...], clause: Clause, lx: Lexicon):
    """Noun phrases of a clause with whether a preposition governs them."""
    k = clause.start
    while k < clause.end:
        t = tokens[k]
        if not t.is_word:
            k += 1
            continue
        span = noun_phrase(tokens, k, clause.end, lx)
        if span is None:
            k += 1
            continue
        prev = tokens[k - 1] if k > 0 else None
        after_prep = prev is not None and (prev.tag in _PREPOSITION_TAGS or prev.low in lx.prepositions)
        yield span, after_prep
        k = span[1]


def _attribution_particle(tokens: tuple[Token, ...], k: int, clause: Clause, quotes, lx: Lexicon) -> bool:
    """Whether the word at ``k`` is a particle that attributes the words before it ("„…“, so Anna Berg", "Die Lage
    sei ernst, so der Minister"): it opens a clause of its own after a comma or a dash, a noun phrase follows it
    and no verb, and before it stand a quotation or a verb of reported speech ("…, so dass", "…, so hat er"
    and "Es regnete, so die Bilanz" are none)."""
    if tokens[k].low not in lx.attribution_particles or k == 0 or k + 1 >= clause.end:
        return False
    after = tokens[k + 1]
    if tokens[k - 1].text not in {",", "–", "—", "-"} or not after.is_word:
        return False
    if not (after.is_cap or after.low in lx.determiners) or any(t.is_finite for t in tokens[k + 1 : clause.end]):
        return False
    said = any(end <= tokens[k].start for _, end, _ in quotes)
    return said or any(t.is_finite and _subjunctive(t, lx) for t in tokens[:k])


def _frames_quotation(tokens: tuple[Token, ...], clause: Clause, quoted) -> bool:
    """Whether the clause frames the direct quotation right before it: its first word is not quoted, the last word
    before it is, with only marks and punctuation between ("“…?” he asked", "„…“, erzählt sie"). A frame before a
    colon and the quotation after it ("Sie erzählt: „…“") is :func:`_labelled_quote`'s, whatever its verb."""
    first = next((t.i for t in tokens[clause.start : clause.end] if t.is_word), None)
    before = next((t.i for t in reversed(tokens[: first]) if t.is_word), None) if first is not None else None
    return before is not None and quoted(before) and not quoted(first)


def _framing_tails(tokens: tuple[Token, ...], clause_list: Sequence[Clause], quoted) -> list[Clause]:
    """The clauses, each that opens inside a quotation and runs on past its closing mark cut to the words after it:
    where no comma follows the closing mark ("„…, und wir gewinnen!“ sagte Tom Lee", '"…, who would not be?" said
    the legislator') the quotation's last clause and its frame are one clause, and the frame's words speak."""
    out = []
    for clause in clause_list:
        first = next((k for k in range(clause.start, clause.end) if tokens[k].is_word), None)
        if first is not None and quoted(first):
            tail = next((k for k in range(first, clause.end) if tokens[k].is_word and not quoted(k)), None)
            if tail is not None:
                clause = Clause(tail, clause.end, "main", False)
        out.append(clause)
    return out


def _speech(tokens, verbs, clause_list, quotes, aliases, quoted, lx, memory):
    """The speaker of a speech verb ("sagte X", "X betonte", "hieß es in dem Schreiben", "laut X")."""
    clause_list = _framing_tails(tokens, clause_list, quoted)
    for clause in clause_list:
        first = next((k for k in range(clause.start, clause.end) if tokens[k].is_word), None)
        if first is None or quoted(first):
            # a clause that opens inside the quotation is the quoted words; one that opens outside frames
            # them even when most of its words are quoted ('McCain tweeted that if Trump "is not prepared …')
            continue
        # a source the clause names ("laut X", "unter Berufung auf X"): whom the words come from where no one
        # else in the clause says them ("Laut Polizei wurde niemand verletzt"), or where a news medium only
        # passes them on ("Die Agentur meldete unter Berufung auf die Polizei …"); "sagte Kim laut KCNA" is Kim's
        source = None
        for k in range(clause.start, clause.end):
            if not quoted(k) and tokens[k].is_word:
                source = _source(tokens, k, clause, aliases, lx, memory)
                if source is not None:
                    break
        for k in range(clause.start, clause.end):
            t = tokens[k]
            if quoted(k) or not t.is_word:
                continue
            lemma = verbs[k].lower()
            if lemma not in lx.speech and lemma not in lx.document_verbs:
                lemma = t.lemma.lower()  # "sagte ... weiter" is still "sagen"
            is_verb = t.tag.startswith("V") or t.tag == "X"
            if is_verb and _planned_speech(tokens, k, lx):
                continue  # "are discussing plans to announce …": nothing said yet
            if is_verb and t.tag == "VVPP" and lemma not in lx.quotation and _passive(tokens, k, clause, lx):
                continue  # a speech verb in the passive: its subject is what was said of ("wurden … kritisiert")
            if is_verb and lemma in lx.document_verbs and k + 1 < len(tokens) and tokens[k + 1].low == "es":
                doc = next(
                    (j for j in range(clause.start, clause.end) if is_document(tokens[j], lx)), None
                )
                if doc is not None:
                    span = noun_phrase(tokens, _np_start(tokens, doc, lx), clause.end, lx) or (doc, doc + 1)
                    ref = resolve(tokens, span, aliases, lx, memory)
                    if ref is not None:
                        return ref, "document", _frames(clause, clause_list)
                # no document: "Aus Regierungskreisen hieß es, …" names who it came from
                for j in range(clause.start, clause.end - 1):
                    if tokens[j].low in lx.source_prepositions and not quoted(j):
                        span = noun_phrase(tokens, j + 1, clause.end, lx)
                        if span is not None and actor_ish(tokens, span, aliases, lx):
                            ref = resolve(tokens, span, aliases, lx, memory)
                            if ref is not None:
                                return ref, "reported", _frames(clause, clause_list)
            said = is_verb and (lemma in lx.speech
                                or (lemma in lx.quote_frames and _frames_quotation(tokens, clause, quoted)))
            if said or (k == first and _attribution_particle(tokens, k, clause, quotes, lx)):
                kind = "quote" if any(e - s > 3 for s, e, _ in quotes) else "reported"
                named = (_apposition(tokens, k, clause, clause_list, lx) if lx.language == "en"
                         else _german_apposition(tokens, k, clause, clause_list, lx)) \
                    or _name_after_description(tokens, k, clause, clause_list, lx)
                if named is not None:
                    ref = resolve(tokens, named, aliases, lx, memory)
                    if ref is not None:
                        return ref, kind, _frames(clause, clause_list)
                medium: SpeakerRef | None = None  # a news medium yields to a person or role in the clause
                # English puts the speaker before the verb unless the attribution follows the words (", said X",
                # '" …," said X'): after the verb stand the addressee ("told The Huffington Post") and the words
                # themselves ("The White House said Berg recorded …")
                subject_first = lx.language == "en" and not _inverted(tokens, k, clause, lx)
                # words inside quotation marks are what was said, never who said it ("sprach von einem „guten
                # Signal“"); a quoted name is a name all the same ("berichtet „CNN“", "die «Tehran Times»")
                phrases = [p for p in _phrases(tokens, clause, lx) if not _said_words(tokens, p[0], quotes)]
                if k == clause.start and (subject_first or lx.language == "de"):
                    # the subject stands in the sentence's opening fragment, split off by an inserted phrase:
                    # "Mike Pompeo, as a congressman in 2015, told an audience that …"; German looks there only
                    # after the words past the verb ("Die Kanzlerin, Anna Berg, sprach von …")
                    opening = next((c for c in clause_list if c.start < k and not c.in_quote), None)
                    if opening is not None and not any(t.is_finite for t in tokens[opening.start : opening.end]):
                        before = list(_phrases(tokens, opening, lx))
                        if not subject_first:
                            # "Die neue Ministerin, Anna Berg, kündigt an": the name in apposition before the title
                            before = _apposed_names(tokens, clause_list, opening, k, lx) + before
                        phrases = before + phrases if subject_first else phrases + before
                relative = _relative_subject(tokens, k, clause, lx) if subject_first else None
                if relative is not None:
                    # said by what the relative pronoun stands for, or by nobody the claims can name
                    phrases = [(relative, False)] if relative[1] > relative[0] else []
                for span, after_prep in phrases:
                    if subject_first and span[0] > k:
                        break
                    if _bare_name_after_verb(tokens, k, span, clause, lx):
                        span = (k + 1, k + 2)  # "sagte Scheuer der Bild am Sonntag": the name, not "Scheuer der Bild"
                    elif after_prep or not (actor_ish(tokens, span, aliases, lx) or _known_person(tokens, span, memory)
                                            or _subject_after_verb(tokens, k, span, clause, lx)):
                        continue
                    if is_document(tokens[span[0]], lx):
                        continue
                    span = _without_addressee(tokens, span, lx)
                    if medium is not None and (_medium_phrase(tokens, span, lx) or _pronoun(tokens, span, lx)):
                        continue  # a pronoun after a medium is what it said about ("… Zeitung verkündete sie als …")
                    ref = resolve(tokens, span, aliases, lx, memory)
                    if ref is None:
                        continue
                    if medium is None and _medium_phrase(tokens, span, lx):
                        medium = ref
                        continue
                    if _mentions(tokens[clause.start : clause.end], lx):
                        memory.last_author = ref
                    relayed = _relayed(tokens, k, aliases, lx, memory) if subject_first and lemma in lx.relay else None
                    if relayed is not None:
                        return relayed, "reported", _frames(clause, clause_list)
                    return ref, kind, _frames(clause, clause_list)
                if medium is not None:
                    said_by, how = (source, "reported") if source is not None else (medium, kind)
                    return said_by, how, _frames(clause, clause_list)
        if source is not None:
            return source, "reported", _frames(clause, clause_list)
    labelled = _labelled_quote(tokens, clause_list, quoted, aliases, lx, memory)
    if labelled is not None:
        return labelled, "quote", frozenset()
    return None, "narrator", frozenset()


def _apposed_names(tokens, clause_list, opening, k: int, lx: Lexicon) -> list[tuple[tuple[int, int], bool]]:
    """The fragments between the opening one and the verb at ``k`` that are a name alone ("Anna Berg" of "Die
    Ministerin, Anna Berg, sagte"), as phrases; none once a fragment has a finite verb (a relative clause), and
    none in brackets."""
    names = []
    for c in clause_list:
        if c.start <= opening.start or c.start >= k or c.in_quote or _bracketed(tokens, c):
            continue  # a party in brackets is whom the name before it belongs to: "Anna Berg (SPD) sagte"
        if any(t.is_finite for t in tokens[c.start : c.end]):
            break
        words = [t for t in tokens[c.start : c.end] if t.is_word]
        if words and all(is_name(t, lx) for t in words):
            names.append(((words[0].i, words[-1].i + 1), False))
    return names


def _said_words(tokens, span: tuple[int, int], quotes) -> bool:
    """Whether a noun phrase stands inside a quotation of words with a lower-case word among them ("„guten und
    wichtigen Signal“", "„Affi et orbi“"), not inside one that quotes a name only („Bild.de“, «Tehran Times»)."""
    first, last = tokens[span[0]].start, tokens[span[1] - 1].start
    for s, e, _ in quotes:
        if s <= first < e and s <= last < e:
            # a word on its own: the "de" of „Bild.de“ is part of a name
            return any(t.is_word and t.text[:1].islower() and t.i and t.start > tokens[t.i - 1].end
                       for t in tokens if s <= t.start < e)
    return False


def _planned_speech(tokens, k: int, lx: Lexicon) -> bool:
    """English: the verb at ``k`` is what someone plans or is set to say ("plans to announce", "is expected to
    announce"), not said. German "kam auf den Vorfall zu sprechen" is speech, so only after a planning word."""
    if lx.language != "en" or k < 2 or tokens[k - 1].tag != "PTKZU":
        return False
    before = tokens[k - 2]
    return before.lemma.lower() in lx.planned or before.low in lx.planned_participles


def _relative_subject(tokens, k: int, clause, lx: Lexicon) -> tuple[int, int] | None:
    """English: where the speech verb at ``k`` belongs to a subject relative clause ("a statement that
    promised an appeal", "a tweet that called the council "reckless" and promised …"), its subject is the noun
    phrase the pronoun follows, not the sentence's first one ("The ruling prompted …"). None: no such
    clause; an empty span: one whose antecedent is no noun phrase the claims read."""
    for j in range(k - 1, clause.start, -1):
        t = tokens[j]
        if t.low in lx.complementizers or t.tag == "PRELS":
            if not (j + 1 < len(tokens) and tokens[j + 1].is_finite):
                return None  # "said that the council …": a complement, its subject after the pronoun
            return next(_phrases_ending_at(tokens, clause.start, j, lx), (j, j))
    return None


def _relayed(tokens, k: int, aliases, lx: Lexicon, memory) -> SpeakerRef | None:
    """The person whose words or deeds a relaying verb at ``k`` passes on (English, ``relay_verbs``): a name
    right after it (or after "that") with a finite verb of its own before the next comma: "The Times reports
    Liz Cheney on Friday first stated her position …" is Liz Cheney's position, reported. A description ("the
    senator"), a day ("reported Tuesday that …") or a name without a verb of its own is no such person."""
    j = k + 1
    if j < len(tokens) and tokens[j].low in lx.complementizers:
        j += 1
    end = next((x for x in range(j, len(tokens)) if tokens[x].text in {",", ";", ":"}), len(tokens))
    span = noun_phrase(tokens, j, end, lx)
    if span is None or not any(tokens[x].is_finite for x in range(span[1], end)):
        return None
    words = [t for t in tokens[span[0] : span[1]] if t.is_word]
    if not words or not all(is_name(t, lx) and t.low not in lx.weekdays and t.low not in lx.months for t in words):
        return None
    ref = resolve(tokens, span, aliases, lx, memory)
    return ref if ref is not None and ref.kind == "person" else None


def _labelled_quote(tokens, clause_list, quoted, aliases, lx: Lexicon, memory) -> SpeakerRef | None:
    """The speaker a headline names before a colon and the quotation it introduces: 'Trump: „Das ist eine
    Drohung“', "Astrologin Monica Kissling: «…»". Only where the words before the colon state nothing
    themselves (no finite verb: "Das Ergebnis ist klar: „…“" is no attribution) and the quotation runs from
    the colon to the end of the sentence. Where they state something, a person who opens them is the one
    quoted: "Die Ministerin wies die Vorwürfe zurück: „…“", "Anna Berg gab sich gelassen: „…“"."""
    for clause in clause_list[:-1]:
        colon = clause.end
        if colon >= len(tokens) or tokens[colon].text != ":" or quoted(colon):
            continue
        after = [t for t in tokens[colon + 1 :] if t.is_word]
        if not after or not all(quoted(t.i) for t in after):
            continue
        if any(t.is_finite for t in tokens[clause.start : colon]):
            return _opening_person(tokens, clause, aliases, lx, memory)
        for span in _phrases_ending_at(tokens, clause.start, colon, lx):
            if not quoted(span[0]) and (actor_ish(tokens, span, aliases, lx) or _known_person(tokens, span, memory)):
                return resolve(tokens, span, aliases, lx, memory)
        return None
    return None


def _opening_person(tokens, clause: Clause, aliases, lx: Lexicon, memory) -> SpeakerRef | None:
    """The person a clause opens with (its subject before the verb, no preposition before it), else None: a
    pronoun, a title or role before a name, a full name, or a name the article gave before. One unknown
    word is no one ("Zagreb hat … unter das Motto gestellt: …", a capitalised "Am" opening the sentence)."""
    first = next((k for k in range(clause.start, clause.end) if tokens[k].is_word), None)
    span = noun_phrase(tokens, first, clause.end, lx) if first is not None else None
    if span is None or first != clause.start or tokens[first].low in lx.prepositions \
            or not actor_ish(tokens, span, aliases, lx):
        return None
    words = [t for t in tokens[span[0] : span[1]] if t.is_word]
    if len(words) == 1 and words[0].low not in lx.person_pronouns and memory.person(words[0].text) is None:
        return None
    ref = resolve(tokens, span, aliases, lx, memory)
    return ref if ref is not None and ref.kind == "person" else None


def _inverted(tokens: tuple[Token, ...], k: int, clause: Clause, lx: Lexicon) -> bool:
    """Whether the speech verb at ``k`` comes before its speaker: it opens the sentence, or a quotation mark
    stands right before it ('…," said Anna Berg'), or a comma, with the speaker and no more after the verb
    ("…, said Edward Magee, a spokesman"; but "Mike Pompeo, as a congressman in 2015, told an audience that
    …" and "The White House, meanwhile, said Berg recorded …")."""
    if k == 0:
        return True
    before = tokens[k - 1]
    if before.is_word:
        return False
    if before.text == ",":
        # ", said Edward Magee, a spokesman ." names the speaker and ends; ", said Berg recorded …" reports
        if any(t.low in lx.complementizers for t in tokens[k + 1 :]):
            return False
        span = noun_phrase(tokens, k + 1, len(tokens), lx)
        return span is not None and (span[1] == len(tokens) or not tokens[span[1]].is_finite)
    return before.tag == "$(" or before.text in "\"'“”‘’«»„"


def _pronoun(tokens: tuple[Token, ...], span: tuple[int, int], lx: Lexicon) -> bool:
    words = [t for t in tokens[span[0] : span[1]] if t.is_word]
    return len(words) == 1 and (words[0].low in lx.person_pronouns or words[0].low in lx.group_pronouns)


def _pronoun_after_speech(tokens: tuple[Token, ...], verbs, ref: SpeakerRef, quoted, lx: Lexicon) -> bool:
    """Whether ``ref`` is a pronoun of this sentence that stands after a speech verb of it (outside quotation
    marks): the subject of the reported words, most often that verb's subject. Not a singular pronoun after a
    plural subject ("Aides said he hoped …": he is someone else, named before)."""
    span = [t.i for t in tokens if ref.start <= t.start < ref.end]
    if ref.start < 0 or not span or not _pronoun(tokens, (span[0], span[-1] + 1), lx):
        return False
    said = [t.i for t in tokens[: span[0]]
            if (t.tag.startswith("V") or t.tag == "X") and verbs[t.i].lower() in lx.speech and not quoted(t.i)]
    if not said:
        return False
    before = tokens[said[-1] - 1] if said[-1] > 0 else None
    plural = (before is not None and before.tag.startswith("NN") and before.low.endswith("s")
              and before.low != before.lemma.lower())
    return not (plural and tokens[span[0]].low in lx.person_pronouns)


def _known_person(tokens: tuple[Token, ...], span: tuple[int, int], memory: ArticleMemory) -> bool:
    """A surname of a person the article named before, read by the tagger as a common noun: "Post sagte …"
    after "Achim Post"; or the title the article put before a person's full name: "der Ajatollah" after
    "Ajatollah Ali Chamenei"."""
    words = [t for t in tokens[span[0] : span[1]] if t.is_word]
    if len(words) == 2 and words[0].tag == "ART" and words[1].low in memory.titled:
        return True
    return len(words) == 1 and words[0].is_cap and memory.person(words[0].text) is not None


def _medium_phrase(tokens: tuple[Token, ...], span: tuple[int, int], lx: Lexicon) -> bool:
    """Whether a noun phrase names a news medium: its first noun is one ("der Zeitung", "der Deutschen
    Presse-Agentur")."""
    head = next((t for t in tokens[span[0] : span[1]] if t.is_word and t.low not in lx.determiners
                 and t.tag not in {"ADJA", "ADJD"}), None)
    return head is not None and is_medium(head, lx)


def _without_addressee(tokens: tuple[Token, ...], span: tuple[int, int], lx: Lexicon) -> tuple[int, int]:
    """A speaker phrase without the medium the words were said to: "ein Polizeisprecher der Deutschen
    Presse-Agentur" is the spokesman (a dative, not his organisation)."""
    for k in range(span[0] + 1, span[1]):
        if tokens[k].low in lx.genitive_articles and _medium_phrase(tokens, (k, span[1]), lx):
            return span[0], k
    return span


def _apposition(tokens, k: int, clause: Clause, clause_list: list[Clause], lx: Lexicon) -> tuple[int, int] | None:
    """The name between commas right before a speech verb that opens its clause: "A spokesman for the
    mayor, John Smith, said …", "Die Sprecherin der Partei, Petra Steger, sagte, …" (the verb's own clause has no
    subject, the name is the speaker's)."""
    if any(t.is_word for t in tokens[clause.start : k]) or clause.start == 0 or tokens[clause.start - 1].text != ",":
        return None
    n = clause_list.index(clause)
    if n < 2:
        return None  # an apposition follows the noun phrase it names ("A spokesman …, John Smith, said")
    prev = clause_list[n - 1]
    words = [t for t in tokens[prev.start : prev.end] if t.is_word]
    if words and words[0].low in lx.determiners:
        # a description after the name it describes: "In a letter on Thursday, Anna Berg, an assistant attorney
        # general, wrote …"; the name is the first of the names and descriptions between commas before the
        # verb ("Sen. Anna Berg, D-Calif., the top Democrat on the committee, said …": not "D-Calif.")
        names = None
        for m in range(n - 1, -1, -1):
            c = clause_list[m]
            ws = [t for t in tokens[c.start : c.end] if t.is_word]
            if c.in_quote or not ws:
                break
            if all(is_name(t, lx) or t.low in lx.honorifics for t in ws):
                names = (c, ws)
            elif ws[0].low not in lx.determiners:
                break
            if c.start == 0 or tokens[c.start - 1].text != ",":
                break
        if names is None or any(t.tag.startswith("V") and t.lemma.lower() in lx.speech for t in tokens[k + 1 : clause.end]):
            return None  # the words are another speaker's: "NK News, a website …, reported that Kim told …" is Kim's
        prev, words = names
    if not words or not all(is_name(t, lx) or t.low in lx.honorifics for t in words):
        return None
    span = noun_phrase(tokens, words[0].i, prev.end, lx)
    return span if span is not None and span[1] > words[-1].i else None


def _german_apposition(tokens, k: int, clause: Clause, clause_list: list[Clause], lx: Lexicon) -> tuple[int, int] | None:
    """German: the name between commas after the subject's description, before a finite speech verb that opens its
    clause: "Die Sprecherin der Partei, Petra Steger, sagte, …", "…, wie der ukrainische Präsident, Wolodymyr
    Selenskyj, mitteilte." Not where a subject follows the verb ("In Köln, Bonn und Aachen, sagte Kowalski, sei …"),
    not before a participle ("… des Ministers, Peter Altmaier, verkündet": the verb's subject is elsewhere), and not
    where the clause before the name is no description opening with its article ("… bei einem Treffen mit dem
    Chef des Ausschusses, Anna Berg, sagte" is another's name inside a phrase). A party in brackets after the name
    is no part of it ("Gyde Jensen (FDP)")."""
    if not tokens[k].is_finite or any(t.tag in {"NN", "NE", "PPER", "PDS", "PIS"} for t in tokens[k + 1 : clause.end]):
        return None
    n = clause_list.index(clause)
    if not _opens_clause(tokens, k, clause) or clause.start == 0 or tokens[clause.start - 1].text != ",":
        return None
    m = n - 1
    while m >= 0 and _bracketed(tokens, clause_list[m]):
        m -= 1  # "Anna Berg (FDP), sagte": the party in brackets is a clause of its own
    if m < 1:
        return None
    desc = [t for t in tokens[clause_list[m - 1].start : clause_list[m - 1].end] if t.is_word]
    if not desc or not (desc[0].low in lx.determiners
                        or (len(desc) > 1 and desc[0].tag in {"KOUS", "KOKOM", "PWAV"} and desc[1].low in lx.determiners)):
        return None
    prev = clause_list[m]
    end = next((j for j in range(prev.start, prev.end) if tokens[j].text == "("), prev.end)
    words = [t for t in tokens[prev.start : end] if t.is_word]
    if prev.in_quote or not words or not all(is_name(t, lx) or t.low in lx.honorifics for t in words):
        return None
    return words[0].i, words[-1].i + 1


def _bracketed(tokens, clause: Clause) -> bool:
    """Whether a clause stands in round brackets ("(FDP)")."""
    return clause.start > 0 and clause.end < len(tokens) and tokens[clause.start - 1].text == "(" \
        and tokens[clause.end].text == ")"


def _opens_clause(tokens, k: int, clause: Clause) -> bool:
    """Whether the verb at ``k`` opens its clause (its subject after it: "…“, sagte X")."""
    return not any(t.is_word for t in tokens[clause.start : k])


def _bare_name_after_verb(tokens, k: int, span: tuple[int, int], clause: Clause, lx: Lexicon) -> bool:
    """German: one capitalised word without an article right after a speech verb that opens its clause is the
    speaker's name, whatever the tagger reads ("…“, sagte Putzer.", "…, sagte Scheuer der Bild am Sonntag"): a
    common noun cannot stand there bare."""
    if lx.language != "de" or span[0] != k + 1 or not any(t.is_word for t in tokens[span[0] : span[1]]):
        return False
    t = tokens[k + 1]
    after = tokens[k + 2] if k + 2 < len(tokens) else None
    return (t.is_cap and t.tag in {"NN", "NE"} and t.low not in lx.weekdays and t.low not in lx.months
            and _opens_clause(tokens, k, clause)
            and (after is None or after.text in {".", ",", ";", ":", "!", "?"} or after.low in lx.determiners
                 or (after.is_word and not after.is_cap and after.tag != "KON")))


def _subject_after_verb(tokens, k: int, span: tuple[int, int], clause: Clause, lx: Lexicon) -> bool:
    """A phrase that an indefinite article opens right after a speech verb that opens its clause is who speaks,
    whatever its noun ("…“, sagte eine Anwohnerin"): a speaker not named, the inverted verb's subject
    (``new_speaker_articles``; German)."""
    return (span[0] == k + 1 and tokens[k + 1].low in lx.new_speaker_articles
            and any(t.tag == "NN" for t in tokens[span[0] : span[1]])
            and _opens_clause(tokens, k, clause))


def _name_after_description(tokens, k: int, clause: Clause, clause_list: list[Clause],
                            lx: Lexicon) -> tuple[int, int] | None:
    """The name between commas after a speaker the verb's clause only describes: "…, würdigte der frühere
    Chefredakteur des Verlags, Michael Korda, die Autorin" is Michael Korda's, "…, said the chairman of the
    committee, Tom Lee." Tom Lee's (the verb, then an article, the description to the comma, then a clause of two
    or more names)."""
    if k + 1 >= clause.end or tokens[k + 1].low not in lx.determiners or clause.end >= len(tokens) \
            or tokens[clause.end].text != ",":
        return None
    n = clause_list.index(clause)
    if n + 1 >= len(clause_list) or clause_list[n + 1].in_quote:
        return None
    nxt = clause_list[n + 1]
    if not _opens_clause(tokens, k, clause) and any(t.is_finite for t in tokens[nxt.end :]):
        # a subject before the verb, and a verb after the name that the name is subject of: "Der Minister sagte
        # der Zeitung, Anna Berg, die …, habe gelogen" is the minister's (but "Das bestätigte der Sprecher …,
        # Max Weber, der Agentur" is Weber's: the subject after the verb, whatever stands before it)
        return None
    words = [t for t in tokens[nxt.start : nxt.end] if t.is_word]
    if len(words) < 2 or not all(is_name(t, lx) for t in words):
        return None
    return words[0].i, words[-1].i + 1


def _source(tokens, k: int, clause: Clause, aliases, lx: Lexicon, memory) -> SpeakerRef | None:
    """The source a marker at token ``k`` names: the noun phrase after "laut", "nach Angaben",
    "according to" (opening quotation marks skipped: laut „Reuters“), or the one right before
    "zufolge". None when there is no marker there or the phrase cannot speak ("laut Plan")."""
    low = tokens[k].low
    for phrase in lx.source_markers:
        if phrase[0] != low or tuple(t.low for t in tokens[k : k + len(phrase)]) != phrase:
            continue
        start = k + len(phrase)
        while start < clause.end and tokens[start].text in lx.quote_chars:
            start += 1
        span = noun_phrase(tokens, start, clause.end, lx)
        if span is not None and actor_ish(tokens, span, aliases, lx):
            return resolve(tokens, span, aliases, lx, memory)
        return None
    if low in lx.source_postpositions:
        end = k
        while end > clause.start and tokens[end - 1].text in lx.quote_chars:
            end -= 1
        for span in _phrases_ending_at(tokens, clause.start, end, lx):
            if actor_ish(tokens, span, aliases, lx):
                return resolve(tokens, span, aliases, lx, memory)
    return None


def _phrases_ending_at(tokens: tuple[Token, ...], lo: int, end: int, lx: Lexicon):
    """The noun phrases that end right before token ``end`` and start at ``lo`` or later, longest first (at
    most ``max_speaker_words`` words): who stands before a colon, before "zufolge", before "that"."""
    for j in range(max(lo, end - lx.max_speaker_words), end):
        if tokens[j].is_word and noun_phrase(tokens, j, end, lx) == (j, end):
            yield j, end


def _np_start(tokens: tuple[Token, ...], i: int, lx: Lexicon) -> int:
    while i > 0 and (tokens[i - 1].low in lx.determiners or tokens[i - 1].tag == "ADJA"):
        i -= 1
    return i


def _frames(clause: Clause, clause_list: list[Clause]) -> frozenset[int]:
    # the speech clause is frame, not content, unless it is all the sentence has
    others = [c for c in clause_list if c is not clause]
    return frozenset({clause.start}) if others else frozenset()


def _reports(tokens, clause_list, quoted, prev_speech: bool, lx: Lexicon) -> bool:
    """Whether a sentence without its own speech verb continues reported speech (Konjunktiv)."""
    weak = False
    lows = tuple(t.low for t in tokens)
    # a marker of several words ("darüber hinaus") matches as consecutive words
    continuation = any(lows[k : k + len(p)] == p for p in lx.continuation for k in range(len(lows) - len(p) + 1))
    for clause in clause_list:
        if clause.in_quote or clause.kind == "subordinate":
            continue
        for t in tokens[clause.start : clause.end]:
            if not t.is_finite or quoted(t.i):
                continue
            if _subjunctive(t, lx):
                return True
            if t.low in lx.weak_subjunctive or (continuation and _past_form(t)):
                weak = True
    return weak and prev_speech


def _surely_person(ref: SpeakerRef, lx: Lexicon, memory: ArticleMemory) -> bool:
    """A person by more than a capital letter: a first name and surname, a form of address ("Mr. Trump")
    or a title. A single untitled name may be a state ("Russia was getting more involved")."""
    if ref.kind != "person":
        return False
    known = memory.person(ref.canonical)
    first = ref.text.split()[0].lower().rstrip(".") if ref.text.split() else ""
    return len(ref.canonical.split()) > 1 or first in lx.honorifics or bool(known and known.role)


def _main_finite_verbs(tokens, clause_list) -> list[Token]:
    """The finite verbs of the sentence's main clauses outside quotations."""
    return [t for c in clause_list if c.kind == "main" and not c.in_quote for t in tokens[c.start:c.end] if t.is_finite]


def _frames_report(tokens, clause_list, lx: Lexicon) -> bool:
    """Whether the subjunctive stands only in a complement ("…, dass … habe") while the main clause's
    finite verbs are indicative: the main clause's subject then frames what is reported."""
    main = _main_finite_verbs(tokens, clause_list)
    comp = [t for c in clause_list if c.kind == "complement" for t in tokens[c.start:c.end] if t.is_finite]
    return bool(main) and not any(_subjunctive(t, lx) for t in main) and any(_subjunctive(t, lx) for t in comp)


def _speech_before_report(tokens, verbs, clause_list, lx: Lexicon) -> bool:
    """Whether the subjunctive stands in clauses of their own after an indicative speech verb of the sentence
    ("López, der das Ministerium führt, kündigte an, die Präsenz werde verlängert"): that verb's subject
    frames what is reported."""
    main = _main_finite_verbs(tokens, clause_list)
    said = next((t for t in main if verbs[t.i].lower() in lx.speech and not _subjunctive(t, lx)), None)
    if said is None:
        return False
    after = [t for t in main if t.i > said.i]
    return bool(after) and all(_subjunctive(t, lx) for t in after) and not any(_subjunctive(t, lx) for t in main if t.i < said.i)


def _subjunctive(t: Token, lx: Lexicon) -> bool:
    """A finite verb in the subjunctive of reported speech: a listed form ("sei", "habe") or Konjunktiv I."""
    return t.low in lx.subjunctive or _konjunktiv_one(t)


def _konjunktiv_one(t: Token) -> bool:
    # 3rd person singular Konjunktiv I: "befürworte", "nachdenke", "prüfe" (lemma minus "n")
    lemma = t.lemma.lower()
    return t.tag == "VVFIN" and lemma.endswith("en") and t.low == lemma[:-1] and len(lemma) > 4


# the endings of a German Präteritum shape ("entsandte", "wollten"); HanTa marks no tense on a modal
_PRETERITE_ENDINGS = ("te", "ten", "test", "tet")


def _past_form(t: Token) -> bool:
    """A finite full verb in a Präteritum shape ("erwägten", "entsandte"), not a present form."""
    if t.tag != "VVFIN":
        return False
    lemma = t.lemma.lower()
    stem = lemma[:-2] if lemma.endswith("en") else lemma[:-1]
    present = {stem + e for e in ("e", "st", "t", "et", "en", "est")}
    return t.low not in present and t.low.endswith(_PRETERITE_ENDINGS)


def _holder(tokens, clause_list, frames, aliases, quoted, lx, memory) -> SpeakerRef | None:
    """Whose position or action the first asserting clause states: its subject, read as the first
    noun phrase or the one right after the finite verb ("Eine Kooperation schließen die USA aus"). A
    fronted phrase with neither verb nor subject ("On Friday, Liz Cheney issued a statement") is no clause
    of its own: the clause after it states. One with a subject ("Bundeskanzler Sebastian Kurz (ÖVP) und
    Parteichef Werner Kogler wollen …", split at the bracket) names the first holder."""
    for clause in clause_list:
        if clause.start in frames or clause.kind == "subordinate" or clause.in_quote:
            continue
        finite = next((t.i for t in tokens[clause.start : clause.end] if t.is_finite), None)
        candidates = []
        for span, after_prep in _phrases(tokens, clause, lx):
            if not candidates and not after_prep:
                candidates.append(span)
            if finite is not None and span[0] > finite:
                between = tokens[finite + 1 : span[0]]
                if not after_prep and all(t.tag in {"ADV", "PTKNEG", "KON", "PROAV"} for t in between):
                    candidates.append(span)
                break
        if finite is None and not candidates:
            continue
        for span in candidates:
            if not quoted(span[0]) and actor_ish(tokens, span, aliases, lx):
                return resolve(tokens, span, aliases, lx, memory)
        return None
    return None


def _cue_match(
    tokens: tuple[Token, ...], verbs: list[str], attached: set[int], clause: Clause, lx: Lexicon
) -> tuple[Cue | None, tuple[int, ...]]:
    words = [t for t in tokens if t.is_word]
    first = words[0].i if words else 0
    # English writes its cue words in lower case inside a sentence: a capital there is a name or a month ("in
    # May" is no "may", "Hope Hicks" no "hope"); not in a headline that capitalises its words ("Trump May Pull Out")
    names_only = lx.language == "en" and sum(t.is_cap for t in words) * 2 <= len(words)
    forms = [
        (k, {tokens[k].low, verbs[k].lower(), tokens[k].lemma.lower()})
        for k in range(clause.start, clause.end)
        if tokens[k].is_word and not (names_only and k != first and tokens[k].is_cap)
    ]
    for cue in lx.cues:
        used: list[int] = []
        for w in cue.words:
            hit = next((k for k, words in forms if k not in used and w in words), None)
            if hit is None:
                break
            used.append(hit)
        else:
            if len(used) == 1 and (tokens[used[0]].tag == "ADJA" or used[0] in attached):
                # "mögliche Todesopfer" names a possibility, nobody states one; a separated particle
                # belongs to its verb: "stehen ... bereit" is "bereitstehen", not "bereit"
                continue
            return cue, tuple(sorted(used))
    return None, ()


def _negators(tokens: tuple[Token, ...], clause: Clause, lx: Lexicon) -> tuple[int, ...]:
    lows = [t.low for t in tokens]
    excluded: set[int] = set()
    for phrase in lx.negation_exceptions:
        n = len(phrase)
        for k in range(clause.start, clause.end - n + 1):
            if tuple(lows[k : k + n]) == phrase:
                excluded.update(range(k, k + n))
    # a negator right before an attributive adjective negates that adjective, not the clause:
    # "in nicht öffentlicher Sitzung", "eine nicht genehmigte Kundgebung"
    # (only the particle "nicht": "keine militärische Kooperation" negates the whole statement)
    excluded.update(k for k in range(clause.start, clause.end - 1)
                    if tokens[k].tag == "PTKNEG" and tokens[k + 1].tag == "ADJA")
    return tuple(k for k in range(clause.start, clause.end) if lows[k] in lx.negators and k not in excluded)


def _groups(tokens, verbs, particles, clause_list, frames, lx) -> list[_Group]:
    """Clauses grouped into stances: an asserting clause with the dependent clauses after it."""
    groups: list[_Group] = []
    waiting: list[Clause] = []
    for clause in clause_list:
        if clause.start in frames:
            said = _content_after_speech(tokens, verbs, clause, lx)
            if said is None:
                continue
            clause = said  # what was said, without the frame's own verb and tense
        if clause.kind == "subordinate":
            (groups[-1].members if groups else waiting).append(clause)
            continue
        cue, used = _cue_match(tokens, verbs, set(particles.values()), clause, lx)
        used = tuple(sorted({*used, *(particles[k] for k in used if k in particles)}))
        finite = any(t.is_finite for t in tokens[clause.start : clause.end])
        if cue is None and not groups and not finite:
            # a verbless opening ("As part of its last business, Congress is set to vote", "In der Nacht zum
            # Montag, als …"): the clause with the verb after it asserts, and its tense is the statement's
            waiting.append(clause)
            continue
        if cue is None and groups and not finite:
            # "sich ... abzustimmen" belongs to "sei bereit"; "nicht ... zu rechnen" brings its negation
            groups[-1].members.append(clause)
            groups[-1].negators = groups[-1].negators + _negators(tokens, clause, lx)
            continue
        if cue is not None and groups and not finite and groups[-1].cue is None:
            last = groups[-1]
            last.cue, last.cue_tokens = cue, used
            last.negators = last.negators + _negators(tokens, clause, lx)
            last.members.append(clause)
            continue
        if _inserted(tokens, clause, groups, lx):
            # "The override, the first Mr. Berg has faced, is expected to begin": the verb continues the opening
            # subject; the clause between the commas is an insertion, no statement of its own
            inserted = groups.pop()
            waiting = [*inserted.members[:-1], Clause(inserted.clause.start, inserted.clause.end, "subordinate",
                                                      inserted.clause.in_quote)]
        opening = tuple(k for c in waiting if c.kind != "subordinate" for k in _negators(tokens, c, lx))
        group = _Group(clause, cue, used, opening + _negators(tokens, clause, lx), [*waiting, clause])
        waiting = []
        groups.append(group)
    if waiting:
        if groups:
            groups[-1].members.extend(waiting)
        else:
            negators = tuple(k for c in waiting if c.kind != "subordinate" for k in _negators(tokens, c, lx))
            groups.append(_Group(waiting[0], negators=negators, members=waiting))
    return groups


def _inserted(tokens, clause: Clause, groups: list[_Group], lx: Lexicon) -> bool:
    """Whether the one group so far is an English insertion between a verbless opening and this clause, which
    starts with its finite verb: the opening is its subject ("The override, the first Mr. Berg has faced, is
    expected …"). German puts such an insertion's verb last, as a relative clause, subordinate already."""
    if lx.language == "de" or len(groups) != 1 or groups[0].members[0] is groups[0].clause:
        return False
    if groups[0].members[-1] is not groups[0].clause or clause.start == 0 or tokens[clause.start - 1].text != ",":
        return False  # the insertion stands right before this clause, set off by commas
    first = next((t for t in tokens[clause.start : clause.end] if t.is_word), None)
    opening = groups[0].members[0]
    head = next((t for t in tokens[opening.start : opening.end] if t.is_word), None)
    # the opening is a noun phrase, the subject ("The override"), not "In a briefing", "But for Republicans"
    return (first is not None and first.is_finite and opening.kind == "main" and head is not None
            and head.tag in {"ART", "PPOSAT", "PDAT", "NE", "NN"}
            and not any(t.is_finite for t in tokens[opening.start : opening.end]))


def _content_after_speech(tokens, verbs, clause: Clause, lx: Lexicon) -> Clause | None:
    """What a speech frame says besides its speaker and verb, or none: the words after the speech verb when a
    finite verb stands among them ("On Monday, the minister said the bridge would not open": English needs no
    comma or "that" before reported words), a complement without the frame's own tense ("said" is no past of
    the bridge). German sets them off by a comma ("…, sagte er", "Er sagte, …"), so its frames hold none."""
    window = tokens[clause.start : clause.end]
    spoken = next((k for k, t in enumerate(window) if t.is_finite and verbs[t.i].lower() in lx.speech), None)
    if spoken is None or not any(t.is_finite for t in window[spoken + 1 :]):
        return None
    return Clause(clause.start + spoken + 1, clause.end, "complement", clause.in_quote)


def _stance(group: _Group, tokens, verbs, aliases, skip, time_list, lx: Lexicon, memory, walk: _Walk) -> Stance:
    cue, negs = group.cue, [k for k in group.negators if k not in group.cue_tokens]
    if cue is not None:
        effect = cue.effect
        if negs and not cue.negated:
            effect = lx.negated_effect.get(effect, effect)
        polarity, modality = _EFFECT_MODALITY.get(effect, ("positive", "asserted"))
        marks = list(group.cue_tokens) + negs
        label = "negation" if polarity == "negative" else "modality"
    elif negs:
        polarity, modality, marks, label = "negative", "asserted", negs, "negation"
    else:
        polarity, modality, marks, label = "positive", "asserted", [], ""
    question = [t.i for t in tokens[group.clause.start : group.clause.end] if t.text == "?"]
    if question:
        # a question asserts nothing: "Warum kapieren das die Amerikaner nicht?"
        polarity, modality, marks, label = "positive", "question", question, "modality"
    cue_span = None
    if marks:
        first, last = tokens[min(marks)], tokens[max(marks)]
        cue_span = Span(first.start, last.end, label, " … ".join(tokens[k].text for k in sorted(marks)))
    indices = [k for c in group.members for k in range(c.start, c.end)]
    status, status_marks = _status(tokens, verbs, group, set(group.cue_tokens), time_list, lx)
    status_cue = None
    if status_marks:
        status_cue = Span(
            tokens[min(status_marks)].start, tokens[max(status_marks)].end, "status",
            " … ".join(tokens[k].text for k in sorted(set(status_marks))),
        )
    lemmas, ents = _content(tokens, verbs, indices, set(marks) | skip, aliases, lx, memory)
    inherited: tuple[str, ...] = ()
    elliptic = cue is not None and any(_has_phrase(tokens, group.clause, p) for p in lx.indefinite)
    if elliptic and walk.topics:
        for prev_lemmas, prev_entities in reversed(walk.topics[-lx.context_sentences :]):
            inherited = tuple(x for x in (*prev_lemmas, *prev_entities) if x not in lemmas and x not in ents)
            if inherited:
                break
    return Stance(polarity, modality, status, cue_span, tuple(lemmas), tuple(ents), inherited, status_cue)


def _has_phrase(tokens: tuple[Token, ...], clause: Clause, phrase: tuple[str, ...]) -> bool:
    lows = [t.low for t in tokens[clause.start : clause.end]]
    n = len(phrase)
    return any(tuple(lows[k : k + n]) == phrase for k in range(len(lows) - n + 1))


def _status(tokens, verbs, group: _Group, cue_tokens: set[int], time_list, lx: Lexicon) -> tuple[str, list[int]]:
    """ "happened" (Perfekt, Präteritum), "planned" (wollen, werden + infinitive, a future date) or
    "current", with the tokens that decided it."""
    clause = group.clause
    window = tokens[clause.start : clause.end]
    # HanTa sometimes tags an infinitive after "wird" as a participle: "entsenden" is no participle
    # "wie geplant" compares: it is no participle of the clause's tense
    participles = [t for t in window if t.tag == "VVPP" and t.i not in cue_tokens and t.low != t.lemma.lower()
                   and not (t.i > 0 and tokens[t.i - 1].low in lx.comparison)]
    infinitives = [t for t in window if t.tag in {"VVINF", "VAINF"} or (t.tag == "VVPP" and t.low == t.lemma.lower())]
    for t in window:
        lemma = verbs[t.i].lower()
        if t.is_finite and lemma in lx.planned and t.i not in cue_tokens:  # "soll ... gewesen sein" is hearsay
            # "wollte sich nicht äußern": a refusal (the tagger marks no tense on a modal: its Präteritum shape)
            if lemma in lx.refusal and group.negators and (t.past or t.low.endswith(_PRETERITE_ENDINGS)):
                return "happened", [t.i, *group.negators]
            return "planned", [t.i]
        # "werde ... geben" is future; "würde ... ausschließen" (Konjunktiv II) is not
        future = t.tag == "VAFIN" and lemma in lx.future and t.low not in lx.weak_subjunctive
        if future and infinitives and not participles:
            return "planned", [t.i, infinitives[-1].i]
    plan = _stated_plan(window, verbs, participles, lx) or _future_en(tokens, window, verbs, lx)
    if plan:
        return "planned", plan
    in_clause = [x for x in time_list if tokens[clause.start].start <= x.start < tokens[clause.end - 1].end]
    future = [x for x in in_clause if (x.value.startswith(("day:+", "week:+")) or x.value.endswith(":next"))
              and x.value != "day:+0"]
    if future:
        modal = [t for t in window if t.is_finite and t.tag == "VMFIN"]
        if modal or group.cue is not None:
            return "planned", [t.i for t in modal] or list(group.cue_tokens)
    aux = [t for t in window if t.tag == "VAFIN" and verbs[t.i].lower() in lx.perfect]
    if aux and participles:
        return "happened", [aux[0].i, participles[-1].i]
    # the simple past: the tagger's morphology ("kam", "wurde", "met", "was"), or a weak German verb's shape
    past = [t for t in window if t.past or (lx.language == "de" and _past_form(t))]
    if past:
        return "happened", [past[0].i]
    if lx.language != "de":
        return _status_en(window, lx), []
    return "current", []


def _stated_plan(window, verbs, participles, lx: Lexicon) -> list[int]:
    """The tokens of a plan stated as a state, or none: a form of a state auxiliary with a planned verb's
    participle ("Die Vorstellung ist für Donnerstag geplant", not "war geplant worden": that happened), or
    with a planned participle and "to" ("Congress is set to vote", "The hearing is expected to begin")."""
    aux = [t for t in window if t.is_word and verbs[t.i].lower() in lx.state and t.tag.startswith("VA")]
    if not aux:
        return []
    if lx.language == "de":
        passive = any(t.tag == "VAPP" for t in window)  # "worden": that happened
        plans = [t for t in participles if verbs[t.i].lower() in lx.planned]
        return [aux[0].i, plans[-1].i] if plans and not passive else []
    for k, t in enumerate(window[:-1]):
        if t.low in lx.planned_participles and window[k + 1].tag == "PTKZU" and any(a.i < t.i for a in aux):
            return [aux[0].i, t.i]
    return []


def _future_en(tokens, window, verbs, lx: Lexicon) -> list[int]:
    """The tokens of an English future that outweighs a past elsewhere in the clause, or none: "will" and a
    verb ("The letter addressed to him says his last day will be in May": "addressed" is no tense of the
    statement), or a backshifted "would" and a verb after a past speech verb ("The president said he would
    name a replacement"). "would have" looks back, "would be" with an adjective judges ("said it would be
    wrong"); "would" without a past speech verb before it is a condition ("the mayor would not rule it out")."""
    if lx.language == "de":
        return []
    for k, t in enumerate(window):
        if t.tag != "VMFIN" or not (t.low in lx.future or t.low in lx.backshift):
            continue
        rest = [x for x in window[k + 1 :] if x.tag not in {"ADV", "PTKNEG"}]
        verb = rest[0] if rest and rest[0].tag in {"VVINF", "VAINF"} else None
        if verb is None or verb.lemma.lower() in lx.perfect:
            continue
        if t.low in lx.backshift:
            said = any(verbs[x.i].lower() in lx.speech and x.past for x in tokens[: t.i])
            after = rest[1] if len(rest) > 1 else None
            judged = verb.lemma.lower() in lx.state and not (
                after is not None and (after.tag == "VVPP" or (after.low.endswith("ing") and after.low != after.lemma.lower())))
            if not said or judged:
                continue
        return [t.i, verb.i]
    return []


def _status_en(window, lx: Lexicon) -> str:
    lows = [t.low for t in window]
    if any(w in lx.future for w in lows) or "going" in lows:
        return "planned"
    if any(w in lx.perfect for w in lows):
        return "happened"
    # without the tagger's tenses (no verb tag at all), a word in "-ed" stands for the past
    if not any(t.tag.startswith("V") for t in window) and any(w.endswith("ed") and len(w) > 4 for w in lows):
        return "happened"
    return "current"


def _content(tokens, verbs, indices, skip, aliases, lx: Lexicon, memory) -> tuple[list[str], list[str]]:
    """Canonical content lemmas and entities of some tokens (the proposition key)."""
    lemmas: dict[str, None] = {}
    found: dict[str, None] = {}
    picked = tuple(tokens[k] for k in indices if k not in skip)
    for name in entities(picked, _local(aliases, picked), lx, memory):
        found[name] = None
    for t in picked:
        if t.i in aliases or not t.is_word:
            continue
        if t.tag not in _CONTENT_TAGS:
            continue
        if t.tag == "NE":
            continue
        lemma = verbs[t.i]
        if "-" in lemma:
            lemma = lemma.rsplit("-", 1)[-1]
            lemma = lemma[:1].upper() + lemma[1:] if t.is_cap else lemma
        if lx.language != "de":
            lemma = lemma.lower()
            if len(lemma) < 3 or lemma in lx.negators or lemma in lx.determiners or lemma in lx.subordinators:
                continue
        if lemma.lower() in lx.stop or t.low in lx.stop or lemma.lower() in lx.negators:
            continue
        if lx.language == "en" and t.is_cap and t.i > 0:
            continue  # names are entities
        lemmas[lx.canonical_lemma(lemma)] = None
    return list(lemmas), [e for e in found]


def _local(aliases: dict[int, str], picked: tuple[Token, ...]) -> dict[int, str]:
    return {t.i: aliases[t.i] for t in picked if t.i in aliases}


def _dating(tokens, verbs, resolved: list[TimeExpr], frames, clause_list, lx: Lexicon) -> tuple[str, str, str, str]:
    """(ISO date, "before" or "", text, value) of the time expression that dates the statement:
    the speech frame's first, else the first in an asserting clause."""
    if not resolved:
        return "", "", "", ""

    def clause_at(pos: int) -> Clause | None:
        return next((c for c in clause_list if tokens[c.start].start <= pos <= tokens[c.end - 1].end), None)

    ordered = sorted(resolved, key=lambda x: (0 if (c := clause_at(x.start)) and c.start in frames else 1, x.start))
    for x in ordered:
        c = clause_at(x.start)
        if x.value == "before":
            window = tokens[c.start : c.end] if c else tokens
            # "Zuvor hatte X erklärt" dates a statement; "Vorher müsse klar sein" does not
            retrospective = any(
                (t.tag == "VAFIN" and verbs[t.i].lower() in lx.perfect) or verbs[t.i].lower() in lx.speech
                for t in window
            )
            if retrospective:
                return "", "before", x.text, x.value
            continue
        if c is not None and c.kind == "subordinate":
            continue
        if x.date and len(x.date) == 10:
            return x.date, "", x.text, x.value
    return "", "", "", ""
