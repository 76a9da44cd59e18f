"""Work with the divergence development gold (gold/divergence-dev/, offsets only, no news text).

    # the articles of a source as JSON Lines, written OUTSIDE the repository (texts are copyrighted)
    python scripts/gold.py corpus semeval22-de-cluster:13 -o /work/scratch/corpora/c13.jsonl
    python scripts/gold.py corpus gold/divergence-dev/mexiko_gefaengnis_2020.json -o /tmp/x.jsonl
    # a gold written in score.py's text form (outside the repo) -> the offset form kept in the repo
    python scripts/gold.py encode /work/scratch/gold-text/x_gold.json --source semeval22-de-cluster:13 \
        --language de -o gold/divergence-dev/x.json
    # back to the text form, every span's hash checked (for ../shared/eval/divergence-dev/score.py)
    python scripts/gold.py decode gold/divergence-dev/x.json -o /tmp/x_gold.json
    # counts of the whole gold folder
    python scripts/gold.py stats gold/divergence-dev
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck.errors import InputError  # noqa: E402
from factcheck.evaluate import default_data_dir  # noqa: E402
from factcheck.goldset import build_corpus, decode, encode, load_gold  # noqa: E402


def _source(spec: str) -> dict[str, str]:
    dataset, _, key = spec.partition(":")
    return {"dataset": dataset, "key": key}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", type=Path, default=default_data_dir())
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("corpus", help="write a source's or a gold file's articles as JSON Lines")
    c.add_argument("what", help="DATASET:KEY or a gold file")
    c.add_argument("-o", "--out", type=Path, required=True)
    e = sub.add_parser("encode", help="text-form gold -> offset gold")
    e.add_argument("text_gold", type=Path)
    e.add_argument("--source", required=True, help="DATASET:KEY")
    e.add_argument("--language", required=True, choices=["de", "en"])
    e.add_argument("--name", help="default: the file name minus _gold.json")
    e.add_argument("-o", "--out", type=Path, required=True)
    d = sub.add_parser("decode", help="offset gold -> text-form gold")
    d.add_argument("gold", type=Path)
    d.add_argument("-o", "--out", type=Path, required=True)
    s = sub.add_parser("stats", help="counts per gold file")
    s.add_argument("folder", type=Path)
    args = p.parse_args()
    try:
        if args.cmd == "corpus":
            if args.what.endswith(".json"):
                rows = list(load_gold(Path(args.what), args.data_dir).articles)
            else:
                rows = build_corpus(_source(args.what), args.data_dir)
            with open(args.out, "w", encoding="utf-8") as f:
                for r in rows:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
            print(f"{len(rows)} articles -> {args.out}")
        elif args.cmd == "encode":
            text_gold = json.loads(args.text_gold.read_text(encoding="utf-8"))
            source = _source(args.source)
            rows = build_corpus(source, args.data_dir, text_gold.get("articles"))
            name = args.name or args.text_gold.name.removesuffix(".json").removesuffix("_gold")
            gold = encode(text_gold, rows, name, source, args.language)
            args.out.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            n = Counter(x["label"] for x in gold["pairs"])
            print(f"{args.out}: {len(gold['pairs'])} pairs {dict(n)}, {len(gold['must_not_pair_as_contradict'])} must-not, "
                  f"{len(gold['boilerplate'])} boilerplate")
        elif args.cmd == "decode":
            g = load_gold(args.gold, args.data_dir)
            args.out.write_text(json.dumps(decode(g.gold, g.articles), ensure_ascii=False, indent=1), encoding="utf-8")
            print(f"-> {args.out}")
        else:
            tot: Counter = Counter()
            for path in sorted(args.folder.glob("*.json")):
                g = json.loads(path.read_text(encoding="utf-8"))
                labels = Counter(x["label"] for x in g["pairs"])
                row = {"pairs": len(g["pairs"]), "divergences": sum(v for k, v in labels.items() if k != "agree"),
                       "must_not": len(g.get("must_not_pair_as_contradict", [])), "boilerplate": len(g.get("boilerplate", []))}
                tot.update(row)
                tot[f"lang_{g['language']}"] += 1
                print(f"{path.stem:45s} {g['language']} {row} {dict(labels)}")
            print("total", dict(tot))
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
