"""The claim graph: facts (corroboration clusters), divergence edges and timelines.

Built from the records of the earlier stages, pure:

* ``build_graph`` — a networkx ``MultiDiGraph`` with claim, speaker and entity
  nodes and edges ``agrees``, ``contradicts``, ``updates``, ``same_quote``,
  ``diverges`` (number/date/entity/attribution findings), ``may_contradict`` (what only
  the NLI model flags, FC109), ``attributed_to`` and ``mentions``;
* ``build_facts`` — claims that agree across (or within) outlets collapse into
  one :class:`Fact`; a claim nobody else carries is a single-source fact;
* ``build_timelines`` — for each actor and proposition, the actor's dated
  statements in time order, and whether its position changed.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import networkx as nx

from .claims import person_actors
from .records import AlignedPair, Article, Claim, Fact, Finding, Sentence, Statement, Timeline

# finding kind -> graph edge type
EDGE_TYPES = {
    "agree": "agrees",
    "contradict": "contradicts",
    "update": "updates",
    "quote_drift": "same_quote",
    "number_mismatch": "diverges",
    "date_mismatch": "diverges",
    "entity_mismatch": "diverges",
    "attribution": "diverges",
    "possible_contradiction": "may_contradict",
}
# findings whose two sentences carry the same fact
CORROBORATING = frozenset({"agree", "quote_drift"})
# findings that put two statements on the same proposition
SAME_PROPOSITION = frozenset({"agree", "contradict", "update", "quote_drift"})


def _outlet(article: Article) -> str:
    return article.outlet or article.id


def _stable_id(prefix: str, texts: Iterable[str]) -> str:
    digest = hashlib.sha1("\x1f".join(sorted(texts)).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}-{digest}"


def build_facts(
    sentences: Sequence[Sentence],
    findings: Sequence[Finding],
    articles: Mapping[str, Article],
) -> tuple[Fact, ...]:
    """Corroboration clusters over agreeing findings; every sentence belongs to exactly one fact.

    Multi-outlet facts come first (most outlets first), then single-outlet facts in text order.
    """
    parent = {s.id: s.id for s in sentences}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for f in findings:
        if f.kind in CORROBORATING and f.a in parent and f.b in parent:
            parent[find(f.a)] = find(f.b)

    order = {s.id: n for n, s in enumerate(sentences)}
    by_id = {s.id: s for s in sentences}
    clusters: dict[str, list[str]] = defaultdict(list)
    for s in sentences:
        clusters[find(s.id)].append(s.id)

    facts = []
    for members in clusters.values():
        members.sort(key=order.__getitem__)
        arts = tuple(dict.fromkeys(by_id[m].article_id for m in members))
        outlets = tuple(dict.fromkeys(_outlet(articles[a]) for a in arts))
        wordings = tuple(dict.fromkeys(by_id[m].text for m in members))
        # representative: the earliest published outlet's wording, shortest on ties
        rep = min(
            members,
            key=lambda m: (articles[by_id[m].article_id].published or "9999", len(by_id[m].text), order[m]),
        )
        facts.append(
            Fact(
                id=_stable_id("fact", wordings),
                text=by_id[rep].text,
                sentences=tuple(members),
                articles=arts,
                outlets=outlets,
                wordings=wordings,
                single_source=len(outlets) == 1,
            )
        )
    facts.sort(key=lambda f: (-len(f.outlets), order[f.sentences[0]]))
    return tuple(facts)


def build_graph(
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    claims: Sequence[Claim],
    pairs: Sequence[AlignedPair],
    findings: Sequence[Finding],
    facts: Sequence[Fact] = (),
) -> nx.MultiDiGraph:
    """The claim graph; node and edge attributes are plain scalars (GraphML-safe)."""
    arts = {a.id: a for a in articles}
    texts = {s.id: s.text for s in sentences}
    fact_of = {sid: f.id for f in facts for sid in f.sentences}
    g = nx.MultiDiGraph()
    for c in claims:
        art = arts[c.article_id]
        g.add_node(
            c.sentence_id,
            type="claim",
            label=texts.get(c.sentence_id, ""),
            article=c.article_id,
            outlet=_outlet(art),
            published=art.published or "",
            speaker=c.speaker or "",
            actor=c.actor or "",
            polarity=c.polarity,
            modality=c.modality,
            status=c.status,
            event_date=c.event_date,
            quantities="; ".join(q.text for q in c.quantities),
            times="; ".join(t.text for t in c.times),
            fact=fact_of.get(c.sentence_id, ""),
        )
        if c.speaker:
            node = f"speaker:{c.speaker}"
            g.add_node(node, type="speaker", label=c.speaker, actor=c.actor or "")
            g.add_edge(c.sentence_id, node, key="attributed_to", type="attributed_to", kind=c.speaker_kind)
        for entity in c.entities:
            node = f"entity:{entity}"
            g.add_node(node, type="entity", label=entity)
            g.add_edge(c.sentence_id, node, key=f"mentions:{entity}", type="mentions")
    for p in pairs:
        if p.a in g and p.b in g:
            g.add_edge(p.a, p.b, key="aligned", type="aligned", score=p.score, scope=p.scope)
    for f in findings:
        g.add_edge(
            f.a,
            f.b,
            key=f.fingerprint,
            type=EDGE_TYPES.get(f.kind, "diverges"),
            kind=f.kind,
            code=f.code,
            reason=f.reason,
            severity=f.severity,
            confidence=f.confidence,
            explanation=f.explanation,
        )
    return g


def _speaker_actors(claims: Sequence[Claim]) -> dict[str, str]:
    """Each speaker's actor across the whole corpus (:func:`factcheck.claims.person_actors`)."""
    return person_actors((c.speaker, c.actor) for c in claims if c.speaker and c.actor)


def _proposition_groups(claims: Mapping[str, Claim], findings: Sequence[Finding]) -> list[list[str]]:
    """Sentence ids connected by findings that say two statements share a proposition."""
    g = nx.Graph()
    for f in findings:
        if f.kind in SAME_PROPOSITION and f.a in claims and f.b in claims:
            g.add_edge(f.a, f.b)
    return [sorted(c) for c in nx.connected_components(g)]


def _statement(claim: Claim, sentence: Sentence, article: Article) -> Statement:
    if claim.event_date:
        when, dated_by = claim.event_date, "text"
    elif claim.event_order == "before":
        when, dated_by = "", "before"
    else:
        when, dated_by = article.published or "", "published"
    return Statement(
        sentence=sentence.id,
        article=article.id,
        outlet=article.outlet,
        speaker=claim.speaker,
        actor=claim.actor,
        modality=claim.modality,
        polarity=claim.polarity,
        date=when,
        dated_by=dated_by,
        time_text=claim.event_text,
        text=sentence.text,
        speaker_text=claim.speaker_as_written(),
    )


def _sort_key(st: Statement, published: Mapping[str, str]) -> tuple[str, int]:
    # "zuvor"/"vorher" statements precede what the same article reports for its own day
    if st.dated_by == "before":
        anchor = published.get(st.article) or "9999-12-31"
        return (_day_before(anchor), 0)
    return (st.date or "9999-12-31", 1)


def _day_before(iso: str) -> str:
    try:
        return date.fromordinal(date.fromisoformat(iso).toordinal() - 1).isoformat()
    except ValueError:
        return iso


def _proposition_words(members: Sequence[Claim], limit: int = 4) -> str:
    counts: dict[str, int] = defaultdict(int)
    for c in members:
        for lemma in dict.fromkeys(c.lemmas):
            counts[lemma] += 1
    shared = sorted(counts, key=lambda w: (-counts[w], w))
    return ", ".join(shared[:limit])


def build_timelines(
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    claims: Sequence[Claim],
    findings: Sequence[Finding],
) -> tuple[Timeline, ...]:
    """Per actor and proposition: the statements in time order; changed positions first."""
    arts = {a.id: a for a in articles}
    sents = {s.id: s for s in sentences}
    by_id = {c.sentence_id: c for c in claims}
    published = {a.id: a.published or "" for a in articles}
    conflicts = {frozenset((f.a, f.b)) for f in findings if f.kind == "contradict"}
    actor_of = _speaker_actors(claims)
    timelines = []
    for group in _proposition_groups(by_id, findings):
        by_actor: dict[str, list[Statement]] = defaultdict(list)
        for sid in group:
            c = by_id[sid]
            # an article may name a speaker without the role that tells whom they speak for;
            # another article's "US-Außenminister" then supplies it
            actor = c.actor or actor_of.get(c.speaker or "") or c.speaker
            if actor:
                by_actor[actor].append(_statement(c, sents[sid], arts[c.article_id]))
        for actor, statements in by_actor.items():
            # one wording published twice (an agency copy in two outlets) is one statement, not a history:
            # on 16 German SemEval articles of 8 stories 6 of 9 timelines were such copies, each of them
            # also in the facts as carried by two outlets
            if len({" ".join(st.text.split()).casefold() for st in statements}) < 2:
                continue
            statements.sort(key=lambda st: (*_sort_key(st, published), st.sentence))
            ids = [st.sentence for st in statements]
            # a change is what the classifier called a contradiction between two of the actor's statements
            changed = any(frozenset((x, y)) in conflicts for i, x in enumerate(ids) for y in ids[i + 1 :])
            timelines.append(
                Timeline(
                    actor=actor,
                    proposition=_proposition_words([by_id[st.sentence] for st in statements]),
                    statements=tuple(statements),
                    changed=changed,
                )
            )
    timelines.sort(key=lambda t: (not t.changed, t.actor, t.statements[0].sentence))
    return tuple(timelines)
