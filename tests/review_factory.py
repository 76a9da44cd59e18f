"""Reports with divergences for the review app's tests, without running the models.

The synthetic report of ``report_factory`` (an invented story about a bridge in
"Lindenau") gets its ``divergences`` from the pipeline's own grouping function
(``classify.divergences.divergences``), so fingerprints, sides and order are
what a real run would produce for those findings.
"""

from __future__ import annotations

from typing import Any

from factcheck.classify.divergences import divergences
from factcheck.config import default_config
from factcheck.records import Article, Finding, Sentence
from tests.report_factory import make_report


def with_divergences(report: dict[str, Any]) -> dict[str, Any]:
    """``report`` with the divergences its findings group into (and the summary counts)."""
    articles, sentences = {}, {}
    for a in report["articles"]:
        articles[a["id"]] = Article(id=a["id"], title=a.get("title") or "", text="", outlet=a.get("outlet"),
                                    published=a.get("published"), language=a.get("language"))
        for n, s in enumerate(a["sentences"]):
            sentences[s["id"]] = Sentence(id=s["id"], article_id=a["id"], index=n, text=s["text"],
                                          start=s["start"], end=s["end"])
    findings = [Finding.from_dict(f) for f in report["findings"]]
    divs = divergences(findings, sentences, articles, default_config().classify.severity_rank)
    report = {**report, "divergences": [d.to_dict() for d in divs], "judge": {"model": "judge-test.v0"}}
    report["summary"] = {**report["summary"], "divergences": len(divs)}
    return report


def review_report(hostile: bool = False, n_articles: int = 3) -> dict[str, Any]:
    """The small synthetic report with its divergences (four of them with three articles)."""
    return with_divergences(make_report(n_articles, hostile=hostile, facts=False, timeline=False))
