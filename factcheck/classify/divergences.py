"""Divergences: pair findings grouped into one disagreement with two sides.

One disagreement often shows as many sentence pairs (the same position reported by two
outlets, against two sentences of a third). Findings of one kind that share sentences form a
component; its sentences are split into two sides so that every finding crosses the sides
(two-colouring; agreements between sentences of the component keep them on one side). Three or more
versions of one quotation, figure or date differ pairwise and cannot be split that way: the earliest
version stands against the later ones. Any other component that cannot be split is broken into its
findings, each its own divergence.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from ..records import Article, Divergence, DivergenceSide, Finding, Sentence
from .rules import importance

__all__ = ["divergences", "divergence_kind", "divergence_fingerprint", "DIVERGENCE_KINDS"]

# pair finding kinds that are divergences (agreement stays a fact)
DIVERGENCE_KINDS = ("contradict", "number_mismatch", "date_mismatch", "entity_mismatch", "attribution",
                    "quote_drift", "update", "possible_contradiction")
_WORD = re.compile(r"\w+", re.UNICODE)


def divergence_kind(f: Finding) -> str:
    """The divergence kind of a pair finding: a contradiction dated as a change of position is one."""
    if f.kind == "contradict" and "position_change_over_time" in (f.reasons or (f.reason,)):
        return "position_change"
    return f.kind


def _norm(text: str) -> str:
    # quote style, case and whitespace do not change a fingerprint
    return " ".join(_WORD.findall(text.casefold()))


def divergence_fingerprint(kind: str, side_a: Sequence[str], side_b: Sequence[str]) -> str:
    """sha1 of the kind and both sides' normalised sentence texts; independent of side order,
    file names, article ids and sentence positions."""
    sides = sorted("\x1e".join(sorted({_norm(t) for t in side})) for side in (side_a, side_b))
    return hashlib.sha1("\x1f".join([kind, *sides]).encode("utf-8")).hexdigest()


def _published(sid: str, sentences: Mapping[str, Sentence], articles: Mapping[str, Article]) -> str:
    """The publication date of a sentence's article ("9999" when unknown: last)."""
    return articles[sentences[sid].article_id].published or "9999"


def _side(ids: Sequence[str], sentences: Mapping[str, Sentence], articles: Mapping[str, Article],
          lead: str | None = None) -> DivergenceSide:
    """One side: its sentences earliest first (shortest first on a day), ``lead`` (the sentence the
    explanation quotes) before all."""
    ordered = sorted(ids, key=lambda s: (s != lead, _published(s, sentences, articles), len(sentences[s].text), s))
    arts = tuple(dict.fromkeys(sentences[s].article_id for s in ordered))
    outlets = tuple(sorted({articles[a].outlet or a for a in arts}))
    dates = sorted(d for d in (articles[a].published for a in arts) if d)
    return DivergenceSide(
        sentences=tuple(ordered), articles=arts, outlets=outlets,
        first_published=dates[0] if dates else None, last_published=dates[-1] if dates else None,
        text=sentences[ordered[0]].text,
    )


def _two_colour(nodes: Sequence[str], edges: Sequence[Finding], same: set[frozenset[str]]) -> dict[str, int] | None:
    """Side 0/1 for each sentence so that every finding crosses and every agreement stays; None if impossible."""
    adj: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for f in edges:
        adj[f.a].append((f.b, 1))
        adj[f.b].append((f.a, 1))
    for pair in same:
        a, b = tuple(pair)
        if a in adj and b in adj:
            adj[a].append((b, 0))
            adj[b].append((a, 0))
    colour: dict[str, int] = {}
    for start in sorted(nodes):
        if start in colour:
            continue
        colour[start] = 0
        stack = [start]
        while stack:
            x = stack.pop()
            for y, flip in adj[x]:
                want = colour[x] ^ flip
                if y not in colour:
                    colour[y] = want
                    stack.append(y)
                elif colour[y] != want:
                    return None
    return colour


# kinds whose disagreement can have more than two versions: three outlets, three wordings of one
# quotation (or three figures) differ pairwise, a triangle no two sides can split
MANY_VERSIONS = frozenset({"quote_drift", "number_mismatch", "date_mismatch"})


def _first_against_rest(nodes: Sequence[str], links: set[frozenset[str]], sentences: Mapping[str, Sentence],
                        articles: Mapping[str, Article]) -> dict[str, int] | None:
    """The earliest version (and what says the same as it) on one side, every later version on the other."""
    first = min(nodes, key=lambda s: (_published(s, sentences, articles), s))
    left = {first} | {n for n in nodes if frozenset((first, n)) in links}
    if len(left) == len(nodes):
        return None
    return {n: 0 if n in left else 1 for n in nodes}


def divergences(
    findings: Sequence[Finding],
    sentences: Mapping[str, Sentence],
    articles: Mapping[str, Article],
    severity_rank: Mapping[str, float],
    same: Sequence[tuple[str, str]] = (),
    likely: float = 0.5,
    across_articles: bool = False,
) -> tuple[Divergence, ...]:
    """Group pair findings into divergences, most important first.

    ``findings`` come ranked (most important first); each divergence's main evidence is its
    first finding, whose code, severity and explanation it takes. ``same`` are further pairs of
    sentences that say the same thing (the display alignment): like agreements they put two
    sentences on one side, and they join two findings of one kind into one divergence when a
    sentence of each says the same thing ("the USA rule it out" and "there will be none" against
    two wordings of the earlier position). ``across_articles``: a divergence whose sentences all
    come from one article is left out (its findings stay findings).
    """
    agree = {frozenset((f.a, f.b)) for f in findings if f.kind == "agree"}
    agree |= {frozenset(p) for p in same if p[0] != p[1]}
    found: dict[str, set[frozenset[str]]] = defaultdict(set)
    for f in findings:
        found[divergence_kind(f)].add(frozenset((f.a, f.b)))
    by_kind: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.kind in DIVERGENCE_KINDS:
            by_kind[divergence_kind(f)].append(f)
    out: list[Divergence] = []
    for kind, group in by_kind.items():
        # components over shared sentences
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for f in group:
            parent[find(f.a)] = find(f.b)
        # a pair that is itself a finding of this kind is no "same" link for it
        links = agree - found[kind]
        for pair in sorted(tuple(sorted(p)) for p in links):
            if pair[0] in parent and pair[1] in parent:
                parent[find(pair[0])] = find(pair[1])
        components: dict[str, list[Finding]] = defaultdict(list)
        for f in group:
            components[find(f.a)].append(f)
        for members in components.values():
            nodes = sorted({s for f in members for s in (f.a, f.b)})
            colour = _two_colour(nodes, members, links)
            if colour is None and kind in MANY_VERSIONS:
                colour = _first_against_rest(nodes, links, sentences, articles)
            if colour is None:
                parts = [([f.a], [f.b], [f]) for f in members]
            else:
                parts = [([n for n in nodes if colour[n] == 0], [n for n in nodes if colour[n] == 1], members)]
            for left, right, evidence in parts:
                if across_articles and len({sentences[s].article_id for s in (*left, *right)}) < 2:
                    continue
                out.append(_divergence(kind, left, right, evidence, sentences, articles))
    return tuple(sorted(out, key=lambda d: (*importance(d.severity, d.confidence, severity_rank, likely), d.fingerprint)))


def _divergence(kind: str, left: Sequence[str], right: Sequence[str], evidence: Sequence[Finding],
                sentences: Mapping[str, Sentence], articles: Mapping[str, Article]) -> Divergence:
    # the explanation comes from the most important pair across the sides (with three versions of one
    # quotation two of them stand on one side), and each side shows its sentence of that pair first
    left_ids = set(left)
    main = next((f for f in evidence if (f.a in left_ids) != (f.b in left_ids)), evidence[0])
    leads = {main.a, main.b}
    a = _side(left, sentences, articles, next((x for x in left if x in leads), None))
    b = _side(right, sentences, articles, next((x for x in right if x in leads), None))
    # the earlier side first (what was reported first); on the same day (or undated) the side the explanation
    # names first ("L „…“ vs R „…“"), then by text for a stable order
    def order(side):
        return side.first_published or "9999", main.a not in side.sentences, side.text

    if order(a) > order(b):
        a, b = b, a
    fp = divergence_fingerprint(kind, [sentences[s].text for s in a.sentences], [sentences[s].text for s in b.sentences])
    reasons = tuple(dict.fromkeys(r for f in evidence for r in (f.reasons or ((f.reason,) if f.reason else ()))))
    return Divergence(
        id=f"D{fp[:10]}", fingerprint=fp, kind=kind, code=main.code, severity=main.severity,
        confidence=max(f.confidence for f in evidence), sides=(a, b),
        evidence=(main.fingerprint, *(f.fingerprint for f in evidence if f is not main)),
        explanation=main.explanation, reasons=reasons,
    )
