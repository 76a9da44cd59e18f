"""Survey what the page-furniture rules remove from real news (factcheck/boilerplate.py).

Runs the ingest path (:func:`factcheck.ingest.read_corpus` on a temporary JSONL
file, so title repeats and the language are handled as in production) over

* German: every article of ``semeval22-de-news/dede_same_story_clusters.json``
  and ``semeval22_task8_dede_train_pairs.jsonl`` (deduplicated by text);
* English: ``semeval22_task8_enen_train_pairs.jsonl``, NewsWCL50 events 0-4
  (tokenised text; the literal ``\\n`` marks in its sentences become paragraph
  breaks) and BASIL (paragraphs joined by blank lines);

and prints, per language, the removed lines per rule (and per pattern for the
``line_patterns`` groups), the number of articles touched, a random sample of
removed lines, and a random sample of kept short lines (the ones a missing rule
would leave behind).

Held out and never loaded for reading: the sources ``factcheck.goldset.is_hidden``
names (two SemEval topics, whose articles are only fingerprinted by text and
title hash so that the pair files can skip them, and NewsWCL50 events 5-9).

News texts are copyrighted: this script prints samples and writes nothing but
the optional ``--json`` counts file (rule counts only, no text). Keep that file
outside the repository.

Usage (from the repository root)::

    .venv/bin/python benchmarks/furniture_survey.py [--sample 40] [--seed 0] \\
        [--rule photo_credit --rule widget] [--all] [--grep 'foto|bild'] [--json /tmp/furniture_counts.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.config import default_config  # noqa: E402
from factcheck.goldset import is_hidden  # noqa: E402
from factcheck.ingest import read_corpus  # noqa: E402
from factcheck.records import Article  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
SEMEVAL = EVAL / "semeval22-de-news"

Doc = tuple[str, str, str]  # (title, text, corpus)


def _fingerprint(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).casefold().encode()).hexdigest()


def _held_out() -> set[str]:
    """Fingerprints of held-out articles (texts and titles); nothing else is taken from them."""
    topics = json.loads((SEMEVAL / "dede_event_topics_keyword_grouped.json").read_text(encoding="utf-8"))
    prints: set[str] = set()
    for topic in (t for t in topics if is_hidden("semeval22-de-topic", t)):
        for article in topics[topic]:
            for field in ("text", "title"):
                if (article.get(field) or "").strip():
                    prints.add(_fingerprint(article[field]))
    return prints


def _pairs(path: Path) -> Iterator[tuple[str, str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                for side in ("1", "2"):
                    yield record.get(f"title_{side}") or "", record.get(f"text_{side}") or ""


def german() -> list[Doc]:
    held_out = _held_out()
    clusters = json.loads((SEMEVAL / "dede_same_story_clusters.json").read_text(encoding="utf-8"))
    found: list[tuple[str, str, str]] = []
    for cluster in clusters:
        found.extend((a.get("title") or "", a.get("text") or "", "dede_clusters") for a in cluster["articles"])
    found.extend((t, x, "dede_pairs") for t, x in _pairs(SEMEVAL / "semeval22_task8_dede_train_pairs.jsonl"))
    return _unique(found, held_out)


def english() -> list[Doc]:
    found: list[Doc] = [(t, x, "enen_pairs") for t, x in _pairs(SEMEVAL / "semeval22_task8_enen_train_pairs.jsonl")]
    for doc in json.loads((EVAL / "newswcl50" / "newswcl50_articles_tokenized_sentences.json").read_text(encoding="utf-8")):
        if is_hidden("newswcl50", doc["topic"]):
            continue  # held out: not even joined
        text = " ".join(doc["sentences"]).replace("\\n", "\n\n")
        found.append(("", text, "newswcl50"))
    for path in sorted((EVAL / "basil" / "articles").rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = ["".join(p) if isinstance(p, str) else " ".join(p) for p in data.get("body-paragraphs", [])]
        found.append((data.get("title") or "", "\n\n".join(paragraphs), "basil"))
    return _unique(found, set())


def _unique(docs: Iterable[Doc], held_out: set[str]) -> list[Doc]:
    seen: set[str] = set()
    out: list[Doc] = []
    for title, text, corpus in docs:
        if not text.strip():
            continue
        key = _fingerprint(text)
        if key in held_out or (title.strip() and _fingerprint(title) in held_out) or key in seen:
            continue
        seen.add(key)
        out.append((title, text, corpus))
    return out


def run_ingest(docs: list[Doc], language: str, cfg) -> list[tuple[Article, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"survey_{language}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for n, (title, text, _) in enumerate(docs):
                record = {"id": f"{language}{n:04d}", "title": title, "text": text, "language": language}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        # an exact copy under another id is skipped, as a report run skips it
        articles = read_corpus([path], cfg.ingest).articles
    source = {f"{language}{n:04d}": corpus for n, (_, _, corpus) in enumerate(docs)}
    return [(a, source[a.id]) for a in articles]


def _pattern_of(rule: str, text: str, compiled: dict[str, list[re.Pattern[str]]]) -> str:
    for index, pattern in enumerate(compiled.get(rule, ())):
        if pattern.fullmatch(text):
            return f"{rule}[{index}]"
    return rule


def survey(language: str, docs: list[Doc], cfg, args: argparse.Namespace) -> dict[str, object]:
    bp = cfg.ingest.boilerplate
    compiled = {rule: [re.compile(p, re.IGNORECASE) for p in ps] for rule, ps in bp.line_patterns.items()}
    results = run_ingest(docs, language, cfg)
    per_rule: Counter[str] = Counter()
    per_pattern: Counter[str] = Counter()
    articles_per_rule: Counter[str] = Counter()
    per_corpus: Counter[str] = Counter()
    removed_lines: list[tuple[str, str, str]] = []  # (rule, pattern, text)
    kept_short: list[str] = []
    grepped: list[str] = []
    grep = re.compile(args.grep, re.IGNORECASE) if args.grep else None
    touched = 0
    for article, corpus in results:
        rules_here = set()
        for r in article.removed:
            per_rule[r.rule] += 1
            pattern = _pattern_of(r.rule, r.text, compiled)
            per_pattern[pattern] += 1
            rules_here.add(r.rule)
            removed_lines.append((r.rule, pattern, r.text))
        for rule in rules_here:
            articles_per_rule[rule] += 1
        touched += bool(article.removed)
        per_corpus[corpus] += 1
        for line in article.text.split("\n"):
            stripped = line.strip()
            if stripped and (len(stripped.split()) <= bp.teaser_max_words or len(stripped) < 80):
                kept_short.append(stripped)
            if grep and grep.search(stripped):
                grepped.append(stripped)

    print(f"\n=== {language}: {len(results)} articles ({dict(per_corpus)}), {touched} with removals, "
          f"{sum(per_rule.values())} removed pieces")
    print(f"{'rule':28} {'pieces':>7} {'articles':>8}")
    for rule, count in per_rule.most_common():
        print(f"{rule:28} {count:7d} {articles_per_rule[rule]:8d}")
    print("per line pattern:")
    for pattern, count in sorted(per_pattern.items()):
        if "[" in pattern:
            print(f"  {pattern:30} {count:6d}")

    rng = random.Random(args.seed)
    chosen = [item for item in removed_lines if not args.rule or item[0] in args.rule]
    sample = chosen if args.all else rng.sample(chosen, min(args.sample, len(chosen)))
    print(f"\n--- {language}: {'all' if args.all else 'sample of'} {len(sample)} removed pieces"
          f"{' of ' + ', '.join(args.rule) if args.rule else ''}")
    for rule, pattern, text in sorted(sample):
        print(f"[{pattern}] {text[:args.width]}")
    if grep:
        print(f"\n--- {language}: {len(grepped)} kept lines matching {args.grep!r}")
        for text in grepped:
            match = grep.search(text)
            start = max(0, match.start() - args.width // 2)
            print(f"  {'…' if start else ''}{text[start:start + args.width]}")
        return {}
    if not args.rule:
        shorts = rng.sample(kept_short, min(args.sample, len(kept_short)))
        print(f"\n--- {language}: sample of {len(shorts)} kept short lines (of {len(kept_short)})")
        for text in shorts:
            print(f"  {text[:args.width]}")
    return {
        "articles": len(results),
        "articles_with_removals": touched,
        "pieces_per_rule": dict(per_rule),
        "articles_per_rule": dict(articles_per_rule),
        "pieces_per_pattern": dict(per_pattern),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=40, help="removed pieces and kept short lines to show")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rule", action="append", help="show removed pieces of this rule only (repeatable)")
    parser.add_argument("--all", action="store_true", help="show every removed piece (of --rule) instead of a sample")
    parser.add_argument("--language", choices=("de", "en"), action="append", help="default: both")
    parser.add_argument("--width", type=int, default=160, help="characters of each line to print")
    parser.add_argument("--grep", help="instead of samples, show kept lines (any length) matching this regex")
    parser.add_argument("--json", type=Path, help="write the counts (no text) to this file")
    args = parser.parse_args(argv)
    if args.grep:
        try:  # checked before the minutes of ingest, with a one-line message instead of a traceback
            re.compile(args.grep, re.IGNORECASE)
        except re.error as exc:
            parser.error(f"--grep: not a regular expression: {exc}")
    cfg = default_config()
    counts = {}
    for language in args.language or ("de", "en"):
        docs = german() if language == "de" else english()
        counts[language] = survey(language, docs, cfg, args)
    if args.json:
        args.json.write_text(json.dumps(counts, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
