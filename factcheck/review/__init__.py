"""Editorial review: a local web app where an editor decides each divergence once.

- :mod:`.store`: the decisions in SQLite (WAL, foreign keys, migrations, append-only audit),
  keyed by divergence fingerprint so that they survive re-runs and added articles;
- :mod:`.queue`: the divergences of a report with their decisions, filtered (pure functions);
- :mod:`.app`: the Starlette app (Host check, per-run form token, Jinja2 pages);
- :mod:`.server`: uvicorn on a socket bound to 127.0.0.1 and a free port by default.

``factcheck review CORPUS…`` (factcheck/cli.py) ties them together.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import InputError
from .app import ReviewSession, create_app
from .store import DECISIONS, DISMISS_REASONS, SCHEMA_VERSION, ReviewStore

__all__ = ["DECISIONS", "DISMISS_REASONS", "SCHEMA_VERSION", "ReviewSession", "ReviewStore", "create_app",
           "load_report", "review_session"]


def load_report(path: str | Path) -> dict[str, Any]:
    """A ``report.json`` written by ``factcheck report``, checked enough to review it; the output folder of
    ``factcheck report -o DIR`` stands for the ``report.json`` in it."""
    path = Path(path)
    if path.is_dir():
        if not (path / "report.json").is_file():
            raise InputError(path, "is a folder without a report.json (give the folder factcheck report wrote, "
                                   "or its report.json)")
        path = path / "report.json"
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot be read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise InputError(path, f"is not JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(report, dict) or not str(report.get("schema", "")).startswith("factcheck.report/"):
        raise InputError(path, "is not a factcheck report.json (no factcheck.report schema)")
    if "divergences" not in report:
        raise InputError(path, "has no divergences (written by an older factcheck); run factcheck report again")
    for n, d in enumerate(report["divergences"]):
        if not isinstance(d, dict) or not d.get("fingerprint") or len(d.get("sides") or ()) != 2:
            raise InputError(path, f"divergence {n + 1} has no fingerprint or not two sides")
    return report


def review_session(report: dict[str, Any], store: ReviewStore, reviewer: str,
                   judgements: Iterable[Any] = ()) -> ReviewSession:
    """A review of ``report`` against ``store``: its divergences are remembered in the store first."""
    from ..classify.signals import pair_key

    texts = {s["id"]: s["text"] for a in report.get("articles") or () for s in a.get("sentences") or ()}
    store.sync(report.get("divergences") or (), texts)
    return ReviewSession(report=report, store=store, reviewer=reviewer,
                         judgements={pair_key(j.a, j.b): j for j in judgements})
