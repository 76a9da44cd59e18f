"""Who says it: speakers of quotes and reported speech, stance holders, and the article-level
memory that resolves "der US-Chefdiplomat", "sagte er" and "hieß es in dem Schreiben"."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ._lexicon import Lexicon, word_matches
from ._text import Clause, Token, known_word

_PREPOSITION_TAGS = frozenset({"APPR", "APPRART", "APPO", "APZR"})
# STTS nouns and names, plus the coarse tags of the fallback tagger
_NOMINAL_TAGS = frozenset({"NN", "NE", "FM", "XY", "TRUNC", "X"})
# English demonyms: "Iranian", "Iraqi", "Chinese", "Turkish" (longest first)
_EN_DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish", "an", "i")
_DE_DEMONYM_ENDING = "isch"


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    """A resolved speaker or holder."""

    canonical: str
    text: str  # as written in the sentence (or at the antecedent for pronouns)
    kind: str  # "person", "group", "description", "document"
    actor: str | None
    start: int = -1  # offsets of the mention in this sentence, -1 when inherited
    end: int = -1
    # German grammatical gender or number the phrase shows, for the pronoun that refers back to it: "m" ("der
    # Sprecher"), "f" ("die Regierung", "Sprecherin Anna Berg"), "n", "pl" ("die Demonstranten"), "f pl" ("die"
    # with a noun that reads alike in both), "" unknown (a name alone, English)
    form: str = field(default="", compare=False)


@dataclass(slots=True)
class Person:
    name: str
    role: str | None
    actor: str | None


@dataclass(slots=True)
class ArticleMemory:
    """What the walk through one article remembers about who spoke."""

    persons: list[Person] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # entity names in the form first used
    descriptions: list[SpeakerRef] = field(default_factory=list)
    last_person: SpeakerRef | None = None
    last_speaker: SpeakerRef | None = None
    # the last speaker described by a role ("sagte der Sprecher") while no person was named after it: "er" next
    # is that one ("…, so der Sprecher. Und er gibt zu bedenken, …"), not a person named paragraphs before
    last_role: SpeakerRef | None = None
    last_author: SpeakerRef | None = None  # author of the last document mentioned ("Brief an den Kongress")
    # who or what the last sentence that named a subject or speaker was about, speech or not: "Die Regierung wies
    # die Kritik zurück. Sie betonte …" is the government's, though a person spoke before (German pronouns)
    last_subject: SpeakerRef | None = None
    # a title outside the role lexicon the article put before a full name, as written (lower case; "SPD-Chefin"
    # is not "der SPD-Chef", whose lemma it shares): "der Ajatollah" after "Ajatollah Ali Chamenei"
    titled: dict[str, Person] = field(default_factory=dict)
    same_name_score: float = field(kw_only=True)  # [claims] same_name_score

    def person(self, name: str) -> Person | None:
        """The known person a written name refers to: the full name, the surname alone, or
        first name and surname ("Berg" and "Anna Berg" are one person)."""
        parts = name.split()
        if not parts:
            return None
        exact = next((p for p in reversed(self.persons) if p.name == name), None)
        if len(parts) == 1:
            # the surname of one known full name is that person ("Berg" after "Anna Berg", though "Berg" alone
            # came first); a surname two full names share is neither ("Ghosn" after "Carlos Ghosn" and his
            # wife "Carole Ghosn"): the claims cannot tell which, so the name stands for itself
            same = [p for p in self.persons if same_name(parts[0], p.name.split()[-1], self.same_name_score)]
            full = {p.name: p for p in same if " " in p.name}
            if len(full) == 1:
                return next(iter(full.values()))
            if full:
                return exact
            return exact or (same[-1] if same else None)  # one-word names only: the spelling variant named last
        if exact is not None:
            return exact
        return next((p for p in reversed(self.persons)
                     if parts[0] == p.name.split()[0] and parts[-1] == p.name.split()[-1]), None)

    def known_name(self, name: str) -> str | None:
        """The earlier form of a name: "Kims" -> "Kim", "Kowalenko" -> "Kovalenko"."""
        return next((n for n in self.names if same_name(name, n, self.same_name_score)), None)

    def name_like(self, stem: str) -> str | None:
        """A single-word name of the article that the stem of a demonym starts ("russ" -> "Russland")."""
        low = stem.lower()
        need = max(4, len(low) - 2)
        for n in [*self.names, *(p.actor for p in self.persons if p.actor)]:
            if " " in n:
                continue
            common = 0
            for x, y in zip(low, n.lower()):
                if x != y:
                    break
                common += 1
            if common >= need or (common >= 4 and common == len(n)):
                return n
        return None

    def by_role(self, role: str, actor: str | None) -> Person | None:
        for p in reversed(self.persons):
            if p.role == role and (actor is None or p.actor in (None, actor)):
                return p
        return None

    def remember(self, ref: SpeakerRef, role: bool = False) -> None:
        """``ref`` spoke; ``role``: it is a person without a name (:func:`describes_role`)."""
        self.last_speaker = self.last_subject = ref
        if ref.kind == "person":
            self.set_person(ref)
        elif ref.kind == "description":
            self.descriptions.append(ref)
        if role and ref.kind != "person":
            self.last_role = ref

    def set_person(self, ref: SpeakerRef) -> None:
        """The person "he" or "she" refers to next."""
        self.last_person = self.last_subject = ref
        self.last_role = None


def same_name(a: str, b: str, score: float) -> bool:
    """Whether two written names are one: genitive "Kims" ~ "Kim", "Kowalenko" ~ "Kovalenko"."""
    la, lb = a.lower(), b.lower()
    if la == lb:
        return True
    for x, y in ((la, lb), (lb, la)):
        if x in {y + "s", y + "'s", y + "’s", y + "'", y + "’"}:
            return True
    return min(len(la), len(lb)) >= 5 and la[:1] == lb[:1] and fuzz.ratio(la, lb) >= score


def is_acronym(t: Token) -> bool:
    """An all-capital word of 2-6 letters: "UN", "ÖVP", "KCNA"."""
    return 2 <= len(t.text) <= 6 and t.text.isalpha() and t.text.isupper()


def demonym_stem(t: Token, lx: Lexicon) -> str | None:
    """The name part of an adjective of origin: "iranische" -> "iran", "Iraqi" -> "Iraq"."""
    if t.tag not in {"ADJA", "ADJD", "NE", "X"}:
        return None
    if lx.language == "de":
        lemma = t.lemma.lower()
        stem = lemma[: -len(_DE_DEMONYM_ENDING)] if lemma.endswith(_DE_DEMONYM_ENDING) else ""
        return stem if len(stem) >= 3 else None
    if not t.is_cap or t.i == 0:
        return None  # English writes adjectives of origin with a capital
    for ending in _EN_DEMONYM_ENDINGS:
        if t.low.endswith(ending) and len(t.low) - len(ending) >= 3:
            return t.text[: -len(ending)]
    return None


def role_of(t: Token | None, lx: Lexicon) -> str | None:
    """The canonical role a (compound) noun names: "US-Außenminister" and "Chefdiplomat" -> "Außenminister"."""
    if t is None or not t.is_word or not _noun_case(t, lx):
        return None
    return _by_suffix(t.text.rsplit("-", 1)[-1].lower(), lx.roles)


def describes_role(ref: SpeakerRef, lx: Lexicon) -> bool:
    """Whether a speaker is a role, a person without a name ("der Sprecher", "the spokeswoman"), rather than a
    body ("die Regierung") or a source ("aus Regierungskreisen"); a body that speaks through a role counts
    ("ein Sprecher der Stadt": "er" next is that spokesman)."""
    if ref.kind == "description":
        words = ref.canonical.split()
    elif ref.kind == "group":
        words = [w for w in ref.text.split() if w.lower() not in lx.determiners]
    else:
        return False
    return bool(words) and _by_suffix(words[0].rsplit("-", 1)[-1].lower(), lx.roles) is not None


def _forms(t: Token) -> set[str]:
    """A noun's last part as written and as its lemma, lower-cased: "nach Angaben von Ermittlern" (dative
    plural) names "Ermittler", "Medienberichten" is a "Medienbericht", "Polizei-Mitteilung" a "Mitteilung"."""
    return {f for f in (t.text.rsplit("-", 1)[-1].lower(), t.lemma.rsplit("-", 1)[-1].lower()) if f}


def is_speaker_head(t: Token, lx: Lexicon) -> bool:
    """A noun that names a speaker without a name: "Vertreter", "Außenamtssprecher", "Regierung"; news
    media speak too ("wie die Zeitung berichtete")."""
    if not (t.is_word and _noun_case(t, lx)):
        return False
    return any(_by_suffix(f, lx.speaker_heads) is not None or _by_suffix(f, lx.media_nouns) is not None
               for f in _forms(t))


def _noun_case(t: Token, lx: Lexicon) -> bool:
    # German writes every noun with a capital; English only names and titles ("the minister")
    return t.is_cap or (lx.language != "de" and t.tag == "NN")


def _by_suffix(word: str, table) -> str | None:
    """The entry ``word`` is, or the longest entry of 6 letters or more it ends in: compounds end in
    the role ("außenamtssprecher" ends in "sprecher"). One lookup per suffix of the word, not one
    test per entry: the claims of 633 articles ask 620,000 times."""
    if word in table:
        return table[word] if isinstance(table, dict) else word
    for start in range(1, len(word) - 5):
        key = word[start:]
        if key in table:
            return table[key] if isinstance(table, dict) else key
    return None


def is_institution(t: Token, lx: Lexicon) -> bool:
    """A body rather than a person ("Polizei", "Gemeinde", "Kantonspolizei"): a name after it is a place."""
    return bool(lx.institutions) and t.is_word and _noun_case(t, lx) and any(
        _by_suffix(f, lx.institutions) is not None for f in _forms(t))


def is_document(t: Token, lx: Lexicon) -> bool:
    """A document that can speak for its author ("in dem Schreiben", "dem Bericht zufolge"), also as the
    end of a German compound ("Untersuchungsbericht", "Polizei-Mitteilung"; entries of 6 letters or more)."""
    forms = _forms(t)
    if forms & lx.document_nouns:
        return True
    return lx.language == "de" and t.is_cap and any(_by_suffix(f, lx.document_nouns) is not None for f in forms)


def is_medium(t: Token, lx: Lexicon) -> bool:
    """A news medium ("Zeitung", "Presse-Agentur", "Nachrichtenagentur"), as written or by its lemma."""
    if not (t.is_word and _noun_case(t, lx)) or not lx.media_nouns:
        return False
    return any(_by_suffix(f, lx.media_nouns) is not None for f in _forms(t))


def is_name(t: Token, lx: Lexicon) -> bool:
    """A token that is (part of) a proper name rather than a role or common noun."""
    if not t.is_word or not t.is_cap:
        return False
    if role_of(t, lx) or is_speaker_head(t, lx) or t.low in lx.determiners:
        return False
    if is_acronym(t):
        return True
    if lx.language == "de":
        return t.tag == "NE" or t.tag in {"FM", "XY"}
    if t.low in lx.stop or t.tag in {"ADJA", "ADJD"} or t.tag.startswith("V") or t.low == "i":
        return False
    return t.tag == "NE" and (t.i > 0 or t.lemma == t.text)


def _titled_name(t: Token, lx: Lexicon) -> bool:
    """A word after a title ("Präsident Weber", "Minister Fischer"): a name even when the
    tagger reads it as a common noun, as long as it is not inflected like one (English lemmas of
    common nouns are lower case: "President Trump" has the lemma "trump", uninflected all the same)."""
    if is_name(t, lx):
        return True
    return (
        t.is_word and t.is_cap and t.tag in _NOMINAL_TAGS and t.lemma.lower() == t.low
        and not role_of(t, lx) and not is_speaker_head(t, lx)
        and t.low not in lx.stop and not is_document(t, lx)
    )


def _title_before_name(tokens: tuple[Token, ...], k: int, lx: Lexicon) -> bool:
    """Whether ``tokens[k]``, a common noun, is the title of the name after it ("Bürgermeisterin Anna
    Schmitt"), known as a role or not. Before a genitive it is what the name has ("die Haltung
    Chiles"): the name must be uninflected or a first name followed by a surname ("Trainer Jonas Berg",
    whose "Jonas" the tagger reads as the genitive of "Jona"). English capitalises more than nouns and
    names ("the Witch Hunt"), so there a title needs a first name and a surname ("Mayor Ann Lee")."""
    if k + 1 >= len(tokens) or is_name(tokens[k], lx) or not is_name(tokens[k + 1], lx):
        return False
    if tokens[k].tag not in _NOMINAL_TAGS or is_institution(tokens[k], lx):
        # a title is a noun ("The New York Times" is a name, not "York Times" titled "New") naming a person
        # ("die Polizei Duisburg" is the police of a town, not "Duisburg" titled "Polizei")
        return False
    name = tokens[k + 1]
    full_name = k + 2 < len(tokens) and is_name(tokens[k + 2], lx)
    if lx.language == "en":
        return full_name
    return name.lemma == name.text or full_name


def role_span(tokens: tuple[Token, ...], i: int, lx: Lexicon) -> tuple[str | None, int]:
    """The canonical role a title starting at ``i`` names and where it ends:
    "Secretary of State" (three words), "US-Außenministerin" (one)."""
    for n in (4, 3, 2):
        if i + n <= len(tokens) and tokens[i].is_cap:
            phrase = " ".join(t.low for t in tokens[i : i + n])
            if phrase in lx.roles and tokens[i + n - 1].is_cap:
                return lx.roles[phrase], i + n
    role = role_of(tokens[i], lx)
    return role, (i + 1 if role else i)


def register_persons(
    tokens: tuple[Token, ...], aliases: dict[int, str], lx: Lexicon, memory: ArticleMemory
) -> list[Person]:
    """Remember "US-Außenminister John X", "Irans Präsident Hassan Y" with their role and actor, and a
    full name after a speaker noun ("spokeswoman Victoria Nuland", "Polizeisprecher Max Weber"; at least
    two name words, so that "die Polizei Duisburg" names no one). Returns the persons this sentence named."""
    named: list[Person] = []
    i = 0
    while i < len(tokens):
        role, j = role_span(tokens, i, lx)
        names: list[Token] = []
        if role is not None:
            while j < len(tokens) and len(names) < 3 and _titled_name(tokens[j], lx):
                names.append(tokens[j])
                j += 1
        elif is_speaker_head(tokens[i], lx) and not is_medium(tokens[i], lx):
            j = i + 1
            while j < len(tokens) and len(names) < 3 and is_name(tokens[j], lx):
                names.append(tokens[j])
                j += 1
            if len(names) < 2:
                names = []
        elif _title_before_name(tokens, i, lx) and not is_name(tokens[i], lx):
            # a title outside the lexicons before a full name ("Kardinal Anton Weber"): remembered for "der
            # Kardinal" later, but not made a person the surname alone could name ("Trump" is not the one
            # "First Lady Melania Trump" when the president is only ever "President Trump")
            j = i + 1
            while j < len(tokens) and len(names) < 3 and is_name(tokens[j], lx):
                names.append(tokens[j])
                j += 1
            if len(names) >= 2:
                name = " ".join(n.text for n in names)
                memory.titled[tokens[i].low] = memory.person(name) or Person(name, None, lx.actor(name))
                i = j
                continue
            names = []
        if names:
            name = " ".join(n.text for n in names)
            actor = _actor_near(tokens, i, aliases, lx, memory) if role else None
            actor = actor or lx.actor(name) or (name if role and lx.language == "en" else None)
            known = memory.person(name)
            if known is None:
                known = Person(name, role, actor)
                memory.persons.append(known)
            else:
                if len(name) > len(known.name):
                    known.name = name
                known.role = known.role or role
                known.actor = known.actor or actor
            named.append(known)
            i = j
            continue
        i += 1
    return named


def _after_address(tokens: tuple[Token, ...], j: int, start: int, lx: Lexicon) -> bool:
    """Whether token ``j`` follows a form of address inside the phrase ("Mr Kim", "Mr. Kim")."""
    k = j - 1 - (j - 1 > start and tokens[j - 1].text == ".")
    return k >= start and tokens[k].low in lx.honorifics


def noun_phrase(tokens: tuple[Token, ...], start: int, end: int, lx: Lexicon) -> tuple[int, int] | None:
    """The noun phrase starting at ``start`` (skipping nothing), as token range, or None."""
    j = start
    seen_noun = False
    while j < end and j - start < lx.max_speaker_words:
        t = tokens[j]
        if not t.is_word:
            if t.text == "." and j > start and tokens[j - 1].low in lx.honorifics:
                j += 1  # "Mr. Kim", "Dr. Weber": the full stop of a form of address
                continue
            if t.text == "&" and j > start and tokens[j - 1].is_cap and j + 1 < end and tokens[j + 1].is_cap:
                j += 1  # "Simon & Schuster", "Johnson & Johnson": one name
                continue
            break
        low = t.low
        if lx.language == "en" and low in lx.genitive_articles and seen_noun:
            j += 1  # "Secretary of State": "of" joins nouns
            continue
        if t.is_cap and _after_address(tokens, j, start, lx):
            seen_noun = True  # "Mr. Comey": after a form of address the surname, whatever the tagger reads
            j += 1
            continue
        if t.tag in _PREPOSITION_TAGS or (t.tag.startswith("V") and not t.is_cap) or t.tag in {"ADV", "PTKVZ", "KOUS"}:
            break
        if low in lx.person_pronouns or low in lx.group_pronouns:
            return (j, j + 1) if j == start else (start, j)
        if low in lx.determiners or low in lx.possessives:
            # "the" after a joining "of" stays in: "a representative of the club"
            of_before = lx.language == "en" and j > start and tokens[j - 1].low in lx.genitive_articles
            if seen_noun and low not in lx.genitive_articles and not of_before:
                break
            j += 1
            continue
        if low == "und" or low == "and":
            # "Vertreter der USA und des Irans": only inside a genitive chain
            if seen_noun and j + 1 < end and tokens[j + 1].low in lx.genitive_articles:
                j += 1
                continue
            break
        if lx.language == "de" and seen_noun and t.tag == "NN" and tokens[j - 1].tag == "NN" \
                and not is_name(t, lx) and not is_name(tokens[j - 1], lx) and known_word(t.text, "de") \
                and role_span(tokens, j - 1, lx)[0] is None and not _title_before_name(tokens, j - 1, lx) \
                and not _title_before_name(tokens, j, lx):
            # two words of the dictionary in a row are two phrases: "sucht die Polizei | Zeugen", "gab die Stadt |
            # Details"; a place the tagger reads as a noun stays ("die Polizei Südosthessen"), and a title before
            # a name ("oberster Führer Ajatollah Ali Chamenei")
            break
        # capitals at the start of a sentence say nothing: "Wie" (PWAV) is no noun
        nominal = _noun_case(t, lx) and t.tag in _NOMINAL_TAGS
        if nominal or (lx.language == "en" and low in lx.genitive_articles and seen_noun):
            seen_noun = seen_noun or _noun_case(t, lx)
            j += 1
            continue
        # a name in the genitive before its noun stands where the article would ("Irans oberster Führer")
        after_article = j > start and (tokens[j - 1].low in lx.determiners or _saxon_genitive(tokens[j - 1], lx))
        adjective = t.tag == "ADJA" or (t.tag == "X" and low.endswith(("e", "en", "er", "es", "em")))
        if lx.language == "en" and adjective and _place_word(tokens, j - 1, lx):
            j += 1  # "North Korean state media", "South African officials": the place's adjective goes on
            continue
        if (not seen_noun or after_article) and adjective:
            j += 1  # adjectives before the head: "ein hochrangiger Vertreter"
            continue
        break
    return (start, j) if seen_noun else None


def _place_word(tokens: tuple[Token, ...], k: int, lx: Lexicon) -> bool:
    """Whether English ``tokens[k]`` is a capitalised word that opens an adjective of origin with the word after
    it ("North" of "North Korean", "South" of "South African"): part of a place, no name of a person."""
    if lx.language != "en" or k < 0 or k + 1 >= len(tokens):
        return False
    t, after = tokens[k], tokens[k + 1]
    return t.is_cap and t.tag in {"NE", "NN"} and after.is_cap and after.tag in {"ADJA", "X"} \
        and demonym_stem(after, lx) is not None


def _is_article(t: Token, lx: Lexicon) -> bool:
    """A determiner or a genitive article ("der", "des", English "of")."""
    return t.low in lx.determiners or t.low in lx.genitive_articles


def _run(names: list[Token]) -> list[Token]:
    """The first names of ``names`` that stand next to each other in the sentence."""
    run = names[:1]
    for t in names[1:]:
        if t.i != run[-1].i + 1:
            break
        run.append(t)
    return run


def _saxon_genitive(t: Token, lx: Lexicon) -> bool:
    """A German name in the genitive "-s" ("Irans", "Merkels"): the tagger's lemma lacks the ending."""
    return lx.language == "de" and t.tag == "NE" and t.text == t.lemma + "s"


def _joined(tokens: tuple[Token, ...], names: list[Token]) -> str:
    """Name words as one name, an "&" between two of them kept ("Simon & Schuster")."""
    out = []
    for k, t in enumerate(names):
        if k and t.i == names[k - 1].i + 2 and tokens[t.i - 1].text == "&":
            out.append("&")
        out.append(t.text)
    return " ".join(out)


def actor_ish(tokens: tuple[Token, ...], span: tuple[int, int], aliases: dict[int, str], lx: Lexicon) -> bool:
    """Whether a noun phrase can speak, judged by its head (its first noun): a name, role, speaker
    noun, pronoun, known entity or document. "Kritik der irakischen Regierung" cannot. English titles
    stack nouns before the name: a full name at the end speaks ("House Judiciary Committee Chairman Bob
    Goodlatte")."""
    words = [j for j in range(*span) if tokens[j].text != "&"]  # "The publisher Simon & Schuster"
    if lx.language == "en" and len(words) > 2 and all(is_name(tokens[j], lx) for j in words[-2:]):
        return True
    for k in range(*span):
        t = tokens[k]
        if t.low in lx.person_pronouns or t.low in lx.group_pronouns:
            return True
        if not _noun_case(t, lx) or t.tag not in _NOMINAL_TAGS or t.low in lx.determiners or t.low in lx.possessives:
            continue
        if t.low in lx.honorifics and k + 1 < span[1]:
            return True  # "Rep. Okafor", "Mrs. Trump": a form of address before a word names a person
        if k + 1 < span[1] and _title_before_name(tokens, k, lx):
            continue  # "Bürgermeisterin Anna Schmitt", "Mayor Ann Lee": the name decides
        if lx.language == "en" and _common_noun(t, lx) and _speaking_head(tokens, k, span[1], lx):
            continue  # an English compound ends in its head: "a party spokeswoman", "law enforcement sources"
        return bool(
            is_name(t, lx)
            or role_span(tokens, k, lx)[0]
            or is_speaker_head(t, lx)
            or (is_institution(t, lx) and k + 1 < span[1] and is_name(tokens[k + 1], lx))  # "Feuerwehr Kleinheim"
            or is_document(t, lx)
            or aliases.get(k)
        )
    return False


def _speaking_head(tokens: tuple[Token, ...], k: int, end: int, lx: Lexicon) -> bool:
    """Whether the nouns after ``k`` (no names among them) end in one that speaks: a speaker noun or a role."""
    j = k
    while j + 1 < end and tokens[j + 1].tag == "NN" and not is_name(tokens[j + 1], lx):
        j += 1
    return j > k and (is_speaker_head(tokens[j], lx) or role_of(tokens[j], lx) is not None)


def _common_noun(t: Token, lx: Lexicon) -> bool:
    """A noun that is no name, role or acronym: "party", "campaign", "Hospital" opening a sentence."""
    return t.tag == "NN" and not is_name(t, lx) and not is_acronym(t) and role_of(t, lx) is None


def resolve(
    tokens: tuple[Token, ...], span: tuple[int, int], aliases: dict[int, str], lx: Lexicon, memory: ArticleMemory
) -> SpeakerRef | None:
    """Turn a speaker noun phrase into a canonical speaker, using what the article said before."""
    words = tokens[span[0] : span[1]]
    if not words:
        return None
    start, end = words[0].start, words[-1].end
    # as written: a space only where the sentence has one ("Mr. Comey", not "Mr . Comey")
    text = "".join((" " if k and t.start > words[k - 1].end else "") + t.text for k, t in enumerate(words))
    first = words[0].low
    if first in lx.person_pronouns or first in lx.group_pronouns:
        if lx.language == "de" and not (words[0].text == "Sie" and span[0] > 0):
            ante = _german_antecedent(first, tokens, span, memory)
        else:  # (a capitalised "Sie" inside a sentence is the form of address: in an interview, the person asked)
            ante = (memory.last_role or memory.last_person) if first in lx.person_pronouns else None
            if ante is None and first in lx.group_pronouns and memory.last_speaker is not None \
                    and memory.last_speaker.kind != "person":
                ante = memory.last_speaker  # "they" are a body or a group, not the one person who spoke last
        if ante is None:
            return None
        return dataclasses.replace(ante, start=start, end=end)
    ref = _resolve_phrase(tokens, span, words, text, start, end, aliases, lx, memory)
    if ref is not None and lx.language == "de":
        form = _german_form(tokens, span, lx)
        if ref.kind == "person":
            # a person is one, and a neuter title is no gender ("das Model Loiza Lamers … sie")
            form = {"f pl": "f", "m n": "m"}.get(form, form if form in ("m", "f") else "")
        ref = dataclasses.replace(ref, form=form)
    return ref


# German determiners of a subject (nominative) and the gender or number they show; "die" shows either a
# feminine singular or a plural, which the noun decides (_german_form)
_DE_DETERMINER_FORMS = {"der": "m", "ein": "m n", "dieser": "m", "jener": "m", "die": "f pl", "diese": "f pl",
                        "eine": "f", "das": "n", "dieses": "n", "jenes": "n"}
# a finite verb of the third person plural ends so ("sagen", "sagten", "fordern", "handeln"); the singular
# ends otherwise ("sagt", "sagte", "kann", "begann"), "sind" aside
_DE_PLURAL_VERB = re.compile(r"(en|ern|eln)$")


def _german_form(tokens: tuple[Token, ...], span: tuple[int, int], lx: Lexicon) -> str:
    """The gender or number a German speaker phrase shows (SpeakerRef.form): its determiner, its noun's
    feminine ending ("Sprecherin", "Sprecherinnen"), and for "die" whether the noun is in the plural (its
    form is not its lemma: "Demonstranten" / "Demonstrant"); "" where nothing shows it (a name alone)."""
    words = [tokens[k] for k in range(*span)]
    head = next((t for t in words if t.tag in ("NN", "NE") and t.is_cap), None)
    if head is not None:
        last = head.text.rsplit("-", 1)[-1].lower()
        if last.endswith("innen"):
            return "pl"
        if last.endswith("in") and _by_suffix(last[:-2], lx.roles) is not None:
            return "f"  # "Sprecherin", "Bürgermeisterin Anna Berg"
    form = _DE_DETERMINER_FORMS.get(words[0].low, "") if words else ""
    if form == "f pl" and head is not None and head.tag == "NN":
        return "pl" if head.lemma.lower() != head.text.lower() else "f"
    return form


def _german_pronoun_forms(pronoun: str, tokens: tuple[Token, ...], span: tuple[int, int]) -> set[str]:
    """What "er" or "sie" can stand for: "er" a masculine; "sie" a feminine or a plural, as its finite verb
    tells ("Sie fordern", "forderten sie": a plural; "Sie betonte": a feminine)."""
    if pronoun == "er":
        return {"m"}
    verb = next((tokens[k] for k in (span[1], span[0] - 1) if 0 <= k < len(tokens) and tokens[k].is_finite), None)
    if verb is None:
        return {"f", "pl"}
    plural = verb.low == "sind" or bool(_DE_PLURAL_VERB.search(verb.low))
    return {"pl"} if plural else {"f"}


def _agrees(ref: SpeakerRef | None, forms: set[str], person: bool) -> bool:
    if ref is None:
        return False
    if ref.form:
        return bool(set(ref.form.split()) & forms)
    # nothing shows it: a person (or a role, a person without a name) is one, of either gender; a body without
    # a determiner ("Greenpeace") is "sie"
    return bool(forms & {"m", "f"}) if person else bool(forms & {"f", "pl"})


def _german_antecedent(pronoun: str, tokens: tuple[Token, ...], span: tuple[int, int],
                       memory: ArticleMemory) -> SpeakerRef | None:
    """Whom a German "er" or "sie" refers to: the subject of the sentences before if it agrees in gender and
    number, else the role or person who spoke last, else (for "sie") the body that spoke last, whichever
    agrees ("Der Sprecher sagte … Sie betonte …" is not the spokesman's; "Sie fordern …" no single person's)."""
    forms = _german_pronoun_forms(pronoun, tokens, span)
    subject = memory.last_subject
    for ref, person in ((subject, subject is not None and (subject.kind == "person" or subject is memory.last_role)),
                        (memory.last_role, True), (memory.last_person, True)):
        if _agrees(ref, forms, person):
            return ref
    if pronoun == "sie" and memory.last_speaker is not None and memory.last_speaker.kind != "person" \
            and _agrees(memory.last_speaker, forms, False):
        return memory.last_speaker
    return None


def _resolve_phrase(tokens: tuple[Token, ...], span: tuple[int, int], words: tuple[Token, ...], text: str, start: int,
                    end: int, aliases: dict[int, str], lx: Lexicon, memory: ArticleMemory) -> SpeakerRef | None:
    """resolve() for a phrase that is no pronoun."""
    core = [
        t
        for t in words
        if t.low not in lx.determiners
        and t.low not in lx.possessives
        and (_noun_case(t, lx) or (lx.language == "en" and t.low in lx.genitive_articles))
    ]
    # documents speak for their author: "hieß es in dem Schreiben"
    if any(is_document(t, lx) for t in core[:1]):
        # "in einer Mitteilung des deutschen Außenministeriums": the genitive names the author
        k = core[0].i + 1
        if k < span[1] and tokens[k].low in lx.genitive_articles:
            author = resolve(tokens, (k, span[1]), aliases, lx, memory)
            if author is not None:
                return SpeakerRef(author.canonical, text, "document", author.actor, start, end)
        # "a statement from Mayor Anna Berg": the author after the document's preposition, a person or a body
        by = None
        if k < len(tokens) and tokens[k].low in lx.author_prepositions:
            by = noun_phrase(tokens, k + 1, len(tokens), lx)
        # only a phrase that can speak: "a statement from last week" names no author
        if by is not None and actor_ish(tokens, by, aliases, lx) \
                and not any(is_document(t, lx) for t in tokens[by[0] : by[1]]):
            author = resolve(tokens, by, aliases, lx, memory)
            if author is not None and author.kind != "document":
                return SpeakerRef(author.canonical, text, "document", author.actor, start, end)
        if memory.last_author is not None:
            a = memory.last_author
            return SpeakerRef(a.canonical, text, "document", a.actor, start, end)
        return SpeakerRef(core[0].lemma, text, "document", None, start, end)
    role_tok = next((t for t in core if role_span(tokens, t.i, lx)[0]), None)
    role_end = role_span(tokens, role_tok.i, lx)[1] if role_tok is not None else len(tokens)
    # after a form of address the capitalised word is the surname, whatever the tagger reads ("Mr. Trump")
    after_address = {k + 1 + (k + 1 < len(tokens) and tokens[k + 1].text == ".") for k in range(*span)
                     if tokens[k].low in lx.honorifics}
    # after a title a word is a name even where the tagger reads a common noun ("Minister Fischer")
    names = [
        t for t in core
        if not aliases.get(t.i) and t.low not in lx.honorifics
        and (is_name(t, lx) or (t.i >= role_end and _titled_name(t, lx)) or (t.i in after_address and t.is_cap))
    ]
    # a name in the genitive before a common noun is whose it is, not who speaks ("Chinas Mission bei den Vereinten
    # Nationen kritisierte …" is the mission's; "Irans Präsident Ali X" keeps its name after the title)
    names = [t for t in names if not (_saxon_genitive(t, lx) and t.i + 1 < span[1] and tokens[t.i + 1].tag == "NN"
                                      and not is_name(tokens[t.i + 1], lx))]
    # "North Korean dictator Kim Jong Un": the first word of an adjective of origin is no name
    names = [t for t in names if not _place_word(tokens, t.i, lx)]
    addresses = [k for k in range(*span) if tokens[k].low in lx.honorifics]
    if addresses and any(t.i > addresses[-1] for t in names):
        # a place or party before the form of address is no part of the name ("Florida Sen. Marco Rubio"),
        # nor one after it ("Gov. Rick Perry of Texas"): the name is the run of words right after the address
        names = _run([t for t in names if t.i > addresses[-1]])
    inst = next((t for t in core if is_institution(t, lx)), None)
    if role_tok is None and inst is not None and names and names[0].i == inst.i + 1:
        # a body and the place it serves speak as one: "die Polizei Duisburg", "Feuerwehr Kleinheim"
        name = " ".join(t.text for t in core if t.i >= inst.i)
        return SpeakerRef(name, text, "group", lx.actor(name) or name, start, end)
    if role_tok is None and names:
        # a title known as a role or not between names: the names before it are whom it belongs to, the
        # ones after it the person ("Irans oberster Führer Ajatollah Ali Chamenei")
        title = next((t for t in core if t.i > names[0].i and not is_name(t, lx) and _title_before_name(tokens, t.i, lx)
                      and any(n.i > t.i for n in names)), None)
        if title is not None:
            names = [t for t in names if t.i > title.i]
    if role_tok is not None:
        # the title's own words are no name ("Attorney General"), and a name after it is the person the
        # title names; a name before it is the organisation ("DNC Chairman Tom Perez")
        names = [t for t in names if not role_tok.i <= t.i < role_end]
        if names and names[0].i > role_end and _is_article(tokens[names[0].i - 1], lx):
            # a name or noun right after an article in the title's genitive is the body that speaks through it, no
            # person ("ein Sprecher der Stadt", "der Sprecher der Stadt Kleinheim", "ein Sprecher der SPD", "the
            # chairman of the House Transportation Committee"; "Minister Fischer" has no article between, "ein
            # Sprecher des Präsidenten Trump" a title)
            name = " ".join(t.text for t in _run(names)[:3])
            return SpeakerRef(name, text, "group", lx.actor(name) or name, start, end)
        if any(t.i >= role_end for t in names):
            names = [t for t in names if t.i >= role_end]
        else:  # names only before the title are whom it belongs to ("Bayerns Ministerpräsident"): no person's name
            names = []
    head_tok = next((t for t in core if is_speaker_head(t, lx) and not role_of(t, lx)), None)
    if head_tok is not None and head_tok.i in aliases:
        alias = aliases[head_tok.i]
        return SpeakerRef(alias, text, "group", lx.actor(alias) or alias, start, end)
    if head_tok is not None and names and names[0].i > head_tok.i and not is_institution(head_tok, lx) and not any(
            _is_article(tokens[j], lx) for j in range(head_tok.i + 1, names[0].i)):
        # the speaker noun is part of a title before the name ("Attorney General John Suthers", "campaign
        # spokeswoman Lis Smith"); after an article it names someone else's ("ein Sprecher des Präsidenten Trump")
        head_tok = None
    # a title before the name, known as a role or not: "die Bürgermeisterin Anna Schmitt" is a person
    title_before = bool(names) and (names[0].i in after_address
                                    or any(t.i + 1 == names[0].i and _title_before_name(tokens, t.i, lx) for t in core))
    titled = role_tok is not None or words[0].low not in lx.determiners or title_before
    if names and not titled:
        # an article before a name makes it an organisation, which speaks for itself: "Die ÖVP"
        name = " ".join(t.text for t in core)
        return SpeakerRef(name, text, "group", lx.actor(name) or name, start, end)
    if names and (head_tok is None or names[0].i < head_tok.i):
        # "sagte Weber Yahoo News": the longest prefix that names a known person, else the first names
        for n in range(len(names), 0, -1):
            known = memory.person(" ".join(t.text for t in names[:n]))
            if known is not None:
                return SpeakerRef(known.name, text, "person", known.actor, start, end)
        name = _joined(tokens, names[:3])
        role = role_span(tokens, role_tok.i, lx)[0] if role_tok else None
        actor = (_actor_near(tokens, role_tok.i, aliases, lx, memory) if role_tok else None) or lx.actor(name)
        if actor is None and (role_tok is None or lx.language == "en"):
            # an untitled name ("Russland verhängt ...") speaks for itself, and so does an English titled one
            # whose title names no known actor ("Senate Minority Leader Tom Lee": not "Minority")
            actor = name
        memory.persons.append(Person(name, role, actor))
        return SpeakerRef(name, text, "person", actor, start, end)
    if role_tok is not None and head_tok is None:
        role = role_span(tokens, role_tok.i, lx)[0]
        actor = _actor_near(tokens, role_tok.i, aliases, lx, memory)
        known = memory.by_role(role, actor) if role else None
        if known is not None:
            return SpeakerRef(known.name, text, "person", known.actor or actor, start, end)
        return SpeakerRef(role_tok.text, text, "description", actor, start, end)
    if head_tok is not None:
        complement = [t for t in core if t.i > head_tok.i]
        head = head_tok.lemma if lx.language == "de" else head_tok.low
        canonical = " ".join([head, *dict.fromkeys(t.lemma for t in complement)])
        actor = _actor_near(tokens, head_tok.i, aliases, lx, memory) or _actor_of_tokens(
            complement, aliases, lx, memory
        )
        if actor is None and any(t.low in lx.possessives for t in words) and memory.last_person:
            actor = memory.last_person.actor  # "Seine Regierung"
        if not complement:
            # "der Vertreter" refers back to the last description with the same head
            for d in reversed(memory.descriptions):
                if d.canonical.split()[0] == head:
                    return SpeakerRef(d.canonical, text, "description", d.actor, start, end)
        return SpeakerRef(canonical, text, "description", actor, start, end)
    if len(core) == 1 and not names and role_tok is None and (titled := memory.titled.get(core[0].low)):
        # "sagte der Ajatollah" after "Ajatollah Ali Chamenei": the person the title stood before
        return SpeakerRef(titled.name, text, "person", titled.actor, start, end)
    alias = next((a for k in range(*span) if (a := aliases.get(k))), None)
    if alias is not None:
        return SpeakerRef(alias, text, "group", lx.actor(alias) or alias, start, end)
    if core:
        name = " ".join(t.text for t in core)
        return SpeakerRef(name, text, "group", lx.actor(name), start, end)
    return None


def _actor_near(
    tokens: tuple[Token, ...], i: int, aliases: dict[int, str], lx: Lexicon, memory: ArticleMemory | None = None
) -> str | None:
    """The actor a role or speaker noun belongs to: "US-Außenminister", "Irans Präsident",
    "der iranische Präsident" (once the article named Iran), "Vertreter des US-Außenamtes"."""
    t = tokens[i]
    if "-" in t.text:
        actor = _actor_of_prefix(t.text.split("-", 1)[0], lx, memory)
        if actor:
            return actor
    for k in (i - 1, i - 2):
        if k < 0:
            break
        prev = tokens[k]
        # English capitalises a title's every word: a word before the role is an actor only where the lexicons
        # or the article know it as one, or an acronym ("US Secretary", "Iran's President", "DNC Chairman"; not
        # "Minority" in "Senate Minority Leader", "Press" in "Press Secretary")
        actor = _actor_of_token(prev, aliases, lx, memory, plain_names=lx.language != "en")
        if actor:
            return actor
        if not (prev.tag in {"ADJA", "ART"} or prev.low in lx.determiners or prev.text in {"'s", "’s"}):
            break
    # genitive complement: "Vertreter des US-Außenamtes", "Sprecher der Regierung in Teheran"
    j = max(i + 1, role_span(tokens, i, lx)[1])
    if j < len(tokens) and tokens[j].low in lx.genitive_articles:
        return _actor_of_tokens(list(tokens[j + 1 : j + 4]), aliases, lx, memory)
    if j < len(tokens) and lx.language == "de" and tokens[j].tag == "NE" and tokens[j].lemma != tokens[j].text:
        return _actor_of_token(tokens[j], aliases, lx, memory)  # "der Präsident Chiles"
    return None


def _actor_of_prefix(prefix: str, lx: Lexicon, memory: ArticleMemory | None) -> str | None:
    """ "US" in "US-Außenminister" -> "USA"; an acronym or a name of the article speaks for itself."""
    if prefix in lx.actor_prefixes:
        return lx.actor_prefixes[prefix]
    alias = _alias_text(prefix, lx)
    if alias:
        return lx.actor(alias) or alias
    if 2 <= len(prefix) <= 6 and prefix.isalpha() and prefix.isupper():
        return prefix
    return memory.known_name(prefix) if memory is not None else None


def _actor_of_token(
    t: Token, aliases: dict[int, str], lx: Lexicon, memory: ArticleMemory | None, plain_names: bool = True
) -> str | None:
    """The actor one word names: an adjective of origin, an alias, a name ("Irans"; with ``plain_names``
    False only one the lexicons know as an actor or the article as a person's)."""
    if t.lemma.lower() in lx.actor_adjectives:
        return lx.actor_adjectives[t.lemma.lower()]
    alias = aliases.get(t.i)
    if alias:
        return lx.actor(alias) or alias
    stem = demonym_stem(t, lx)
    if stem is not None and memory is not None:
        known = memory.name_like(stem) or _alias_like(stem, lx)
        if known:
            return lx.actor(known) or known
    if is_name(t, lx) and not role_of(t, lx):
        name = t.lemma if lx.language == "de" and t.tag == "NE" else t.text
        if memory is not None:
            name = memory.known_name(name) or name
            person = memory.person(name)
            if person is not None:
                return person.actor
        # an acronym names an organisation in any language ("DNC Chairman")
        return lx.actor(name) or (name if plain_names or is_acronym(t) else None)
    return None


def _alias_like(stem: str, lx: Lexicon) -> str | None:
    """An alias that the stem of a demonym starts: "amerikan" -> "Amerika" -> "USA"."""
    low = stem.lower()
    for a in lx.aliases:
        if len(a.words) == 1 and len(a.words[0]) >= 4 and low.startswith(a.words[0][:4].lower()) and (
            a.words[0].lower().startswith(low[: max(4, len(low) - 2)])
        ):
            return a.canonical
    return None


def _actor_of_tokens(
    group: list[Token], aliases: dict[int, str], lx: Lexicon, memory: ArticleMemory | None = None
) -> str | None:
    for t in group:
        if "-" in t.text:
            actor = _actor_of_prefix(t.text.split("-", 1)[0], lx, memory)
            if actor:
                return actor
        actor = _actor_of_token(t, aliases, lx, memory)
        if actor:
            return actor
    return None


def _alias_text(word: str, lx: Lexicon) -> str | None:
    for a in lx.aliases:
        if len(a.words) == 1 and (word == a.words[0] if a.exact_case else word_matches(word.lower(), a.words[0])):
            return a.canonical
    return None


def clause_of(clauses: list[Clause], i: int) -> Clause | None:
    return next((c for c in clauses if c.start <= i < c.end), None)
