"""Real article corpora from ../shared/eval for the scale and event benchmarks (never committed).

* :func:`semeval_pairs`: SemEval-2022 Task 8 scored pairs (German or English), held-out
  topics skipped (``factcheck.goldset.is_hidden`` via ``furniture_survey._held_out``);
* :func:`semeval_articles`: their distinct articles as JSONL records;
* :func:`all_articles`: every real article together (SemEval German and English, ECB+
  documents, NewsWCL50 events 0-4, BASIL), the corpus of benchmark (c).

Article ids are the first 12 hex digits of the SHA-1 of the whitespace-normalised text.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from factcheck.goldset import is_hidden  # noqa: E402
from furniture_survey import _held_out  # noqa: E402  (fingerprints of the held-out SemEval topics)

EVAL = ROOT.parent / "shared" / "eval"
SEMEVAL = EVAL / "semeval22-de-news"
PAIR_FILES = {"de": "semeval22_task8_dede_train_pairs.jsonl", "en": "semeval22_task8_enen_train_pairs.jsonl"}


def fingerprint(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).casefold().encode()).hexdigest()


def article_id(text: str) -> str:
    return fingerprint(text)[:12]


@dataclass(frozen=True)
class GoldPair:
    a: str  # article ids
    b: str
    overall: float  # 1 = same story ... 4 = unrelated


def _records(lang: str) -> Iterator[dict]:
    with (SEMEVAL / PAIR_FILES[lang]).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _usable(title: str, text: str, held: set[str]) -> bool:
    return bool(text.strip()) and fingerprint(text) not in held and not (title.strip() and fingerprint(title) in held)


def semeval_pairs(lang: str) -> tuple[list[GoldPair], list[dict]]:
    """The scored pairs whose two texts are usable, and their distinct articles as JSONL records."""
    held = _held_out() if lang == "de" else set()
    pairs: list[GoldPair] = []
    articles: dict[str, dict] = {}
    for r in _records(lang):
        sides = [(r.get(f"title_{k}") or "", r.get(f"text_{k}") or "") for k in ("1", "2")]
        if not all(_usable(t, x, held) for t, x in sides):
            continue
        ids = [article_id(x) for _, x in sides]
        if ids[0] == ids[1]:
            continue  # the same scrape twice says nothing about similarity
        for (title, text), i in zip(sides, ids):
            articles.setdefault(i, {"id": i, "title": title, "text": text, "language": lang})
        pairs.append(GoldPair(ids[0], ids[1], float(r["Overall"])))
    return pairs, list(articles.values())


def semeval_articles(lang: str) -> list[dict]:
    """Distinct SemEval articles of one language (pairs file, and the German same-story clusters)."""
    held = _held_out() if lang == "de" else set()
    out = {a["id"]: a for a in semeval_pairs(lang)[1]}
    if lang == "de":
        for cluster in json.loads((SEMEVAL / "dede_same_story_clusters.json").read_text(encoding="utf-8")):
            for a in cluster["articles"]:
                title, text = a.get("title") or "", a.get("text") or ""
                if _usable(title, text, held):
                    out.setdefault(article_id(text), {"id": article_id(text), "title": title, "text": text,
                                                      "language": "de"})
    return list(out.values())


def ecbplus_articles() -> list[dict]:
    out = []
    for path in sorted((EVAL / "ecbplus" / "docs").rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        text = data.get("text") or ""
        if text.strip():
            out.append({"id": article_id(text), "title": data.get("title") or "", "text": text, "language": "en"})
    return out


def newswcl50_articles() -> list[dict]:
    out = []
    for doc in json.loads((EVAL / "newswcl50" / "newswcl50_articles_tokenized_sentences.json").read_text(encoding="utf-8")):
        if is_hidden("newswcl50", doc["topic"]):
            continue  # held out: not even joined
        text = " ".join(doc["sentences"]).replace("\\n", "\n\n")
        out.append({"id": article_id(text), "title": "", "text": text, "language": "en"})
    return out


def basil_articles() -> list[dict]:
    out = []
    for path in sorted((EVAL / "basil" / "articles").rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = ["".join(p) if isinstance(p, str) else " ".join(p) for p in data.get("body-paragraphs", [])]
        text = "\n\n".join(paragraphs)
        if text.strip():
            record = {"id": article_id(text), "title": data.get("title") or "", "text": text, "language": "en"}
            if str(data.get("date") or "")[:4].isdigit():
                record["published"] = str(data["date"])[:10]
            out.append(record)
    return out


def all_articles() -> list[dict]:
    """Every real article, each once: benchmark (c)."""
    return unique([*semeval_articles("de"), *semeval_articles("en"), *ecbplus_articles(),
                   *newswcl50_articles(), *basil_articles()])


def unique(records: Iterable[dict]) -> list[dict]:
    seen: set[str] = set()
    out = []
    for r in records:
        if r["id"] not in seen:
            seen.add(r["id"])
            out.append(r)
    return out


def write_jsonl(records: Iterable[dict], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path
