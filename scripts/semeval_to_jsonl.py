"""Write SemEval-2022 German same-story clusters or keyword topics as factcheck JSON Lines.

The news texts are copyrighted: write them OUTSIDE the repository (e.g. /tmp) and
run ``factcheck report`` on the file there.

    python scripts/semeval_to_jsonl.py --list
    python scripts/semeval_to_jsonl.py --cluster 0 -o /tmp/cluster0.jsonl
    python scripts/semeval_to_jsonl.py --topic us_botschaft_bagdad_iran_usa_2019 -o /tmp/bagdad.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "semeval22-de-news"


def _articles(args: argparse.Namespace) -> list[dict]:
    if args.cluster is not None:
        clusters = json.loads((DATA / "dede_same_story_clusters.json").read_text(encoding="utf-8"))
        return next(c for c in clusters if c["cluster_id"] == args.cluster)["articles"]
    topics = json.loads((DATA / "dede_event_topics_keyword_grouped.json").read_text(encoding="utf-8"))
    found = topics[args.topic] if isinstance(topics, dict) else next(t for t in topics if t.get("topic") == args.topic)
    return found["articles"] if isinstance(found, dict) else found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", action="store_true", help="list clusters and topics")
    parser.add_argument("--cluster", type=int)
    parser.add_argument("--topic")
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args()
    if args.list:
        for c in json.loads((DATA / "dede_same_story_clusters.json").read_text(encoding="utf-8"))[:10]:
            print(f"cluster {c['cluster_id']}: {c['n_articles']} articles: {c['articles'][0]['title']}")
        topics = json.loads((DATA / "dede_event_topics_keyword_grouped.json").read_text(encoding="utf-8"))
        print("topics:", ", ".join(topics) if isinstance(topics, dict) else topics)
        return 0
    if args.output is None or (args.cluster is None) == (args.topic is None):
        parser.error("give -o and exactly one of --cluster / --topic")
    seen = set()
    with args.output.open("w", encoding="utf-8") as fh:
        for a in _articles(args):
            if a["id"] in seen or not a.get("text", "").strip():
                continue
            seen.add(a["id"])
            fh.write(json.dumps({"id": a["id"], "title": a.get("title") or a["id"], "text": a["text"],
                                 "language": "de"}, ensure_ascii=False) + "\n")
    print(f"wrote {len(seen)} articles to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
