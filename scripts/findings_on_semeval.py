"""Dev harness: run claims + classify on one SemEval-2022 German same-story cluster and print the findings.

The news texts stay in ../shared/eval (never copied into the repo). Pairs are every
cross- and intra-article sentence pair that shares an entity or a noun lemma, or has
a rapidfuzz token_set_ratio of at least --min-ratio, or neighbours another in its
article: far more than the aligner would hand over, which is the point (the
classifier must stay quiet on pairs that are not about the same thing).

    python scripts/findings_on_semeval.py --list
    python scripts/findings_on_semeval.py 3            # cluster id
    python scripts/findings_on_semeval.py --topic us_botschaft_bagdad_iran_usa_2019 --limit 6
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.claims import extract_claims  # noqa: E402
from factcheck.classify import classify  # noqa: E402
from factcheck.config import load_config  # noqa: E402
from factcheck.records import AlignedPair, Article, Claim, Sentence  # noqa: E402
from factcheck.segment import segment  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "semeval22-de-news"


def candidate_pairs(claims: dict[str, Claim], sentences: dict[str, Sentence], min_ratio: float) -> list[AlignedPair]:
    """Every sentence pair with a shared entity or noun lemma, a fuzzy word overlap, or adjacency."""
    pairs = []
    for x, y in itertools.combinations(sentences, 2):
        cx, cy = claims[x], claims[y]
        same = cx.article_id == cy.article_id
        near = same and abs(sentences[x].index - sentences[y].index) <= 2
        nouns = {w for w in cx.lemmas if w[:1].isupper()} & set(cy.lemmas)
        shared = set(cx.entities) & set(cy.entities)
        ratio = fuzz.token_set_ratio(sentences[x].text, sentences[y].text)
        if near or nouns or shared or ratio >= min_ratio:
            pairs.append(AlignedPair(x, y, ratio / 100, 0.0, 0.0, ratio / 100, 0.0, (), "intra" if same else "cross"))
    return pairs


def load_cluster(args: argparse.Namespace) -> list[dict]:
    if args.topic:
        topics = json.loads((DATA / "dede_event_topics_keyword_grouped.json").read_text(encoding="utf-8"))
        return topics[args.topic][: args.limit]
    clusters = json.loads((DATA / "dede_same_story_clusters.json").read_text(encoding="utf-8"))
    return next(c for c in clusters if c["cluster_id"] == args.cluster)["articles"][: args.limit]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cluster", nargs="?", type=int, default=3)
    parser.add_argument("--topic", help="a key of dede_event_topics_keyword_grouped.json instead of a cluster")
    parser.add_argument("--limit", type=int, default=6, help="at most this many articles")
    parser.add_argument("--min-ratio", type=float, default=50.0)
    parser.add_argument("--agree", action="store_true", help="also print agree findings")
    parser.add_argument("--claims", action="store_true", help="print every claim")
    parser.add_argument("--list", action="store_true", help="list the clusters and topics")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    if args.list:
        for c in json.loads((DATA / "dede_same_story_clusters.json").read_text(encoding="utf-8")):
            print(c["cluster_id"], c["n_articles"], " | ".join(a["title"][:50] for a in c["articles"]))
        topics = json.loads((DATA / "dede_event_topics_keyword_grouped.json").read_text(encoding="utf-8"))
        for name, arts in topics.items():
            print(name, len(arts))
        return 0

    cfg = load_config()
    clock = time.perf_counter()
    articles, sentences, claims = {}, {}, {}
    for raw in load_cluster(args):
        article = Article(id=raw["id"], title=raw.get("title", ""), text=raw["text"], outlet=raw["id"], language="de")
        articles[article.id] = article
        group = segment(article, cfg.segment)
        for s, c in zip(group, extract_claims(article, group, cfg.claims)):
            sentences[s.id], claims[s.id] = s, c
    extracted = time.perf_counter() - clock
    pairs = candidate_pairs(claims, sentences, args.min_ratio)
    clock = time.perf_counter()
    findings = classify(pairs, claims, sentences, articles, cfg.classify)
    print(
        f"{len(articles)} articles, {len(sentences)} sentences ({extracted:.1f}s claims), "
        f"{len(pairs)} candidate pairs, {len(findings)} findings ({time.perf_counter() - clock:.1f}s classify)"
    )
    if args.claims:
        for sid, c in claims.items():
            stances = "; ".join(
                f"{st.polarity}/{st.modality}/{st.status}{' [' + st.cue.text + ']' if st.cue else ''} {list(st.lemmas)}"
                for st in c.stances
            )
            print(f"[{sid}] {sentences[sid].text}\n    speaker={c.speaker} ({c.speaker_kind}) actor={c.actor} "
                  f"holder={c.holder} date={c.event_date or c.event_order} | {stances}")
    for f in findings:
        if f.kind == "agree" and not args.agree:
            continue
        print(f"\n{f.kind} {f.code} {f.severity} {f.confidence:.2f} {f.reason}")
        print(f"  A [{f.a}] {sentences[f.a].text}")
        print(f"  B [{f.b}] {sentences[f.b].text}")
        print(f"  => {f.explanation}")
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    print("\n", counts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
