"""The review web app: Starlette routes over a report and a :class:`~.store.ReviewStore`.

Pages are rendered on the server with Jinja2 (autoescaped; a divergence's card
is the HTML report's own ``divergence_card``); a small script adds keyboard
shortcuts. Safety, per request:

- the Host header must be the bound host and port (a DNS-rebinding page gets 400);
- every state-changing request is a POST carrying this run's token (else 403);
- responses forbid framing, inline scripts and requests to other origins (CSP).

Nothing is written anywhere but the store.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib.resources import files
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..classify.signals import pair_key
from ..records import Judgement
from ..report.data import count, models_line, outlets_phrase
from ..report.html import ReportIndex, anchor_id, divergence_card, kind_label, outlet_name
from ..report.quoting import has_own_quotes
from .queue import UNDECIDED, QueueFilter, QueueItem, build_queue, facets, filter_queue, progress
from .store import DECISIONS, DISMISS_REASONS, ReviewStore, UnknownDivergence

__all__ = ["ReviewSession", "create_app"]

DECISION_LABELS = {UNDECIDED: "undecided", "confirmed": "confirmed", "dismissed": "dismissed",
                   "follow_up": "follow-up"}
_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
_SECURITY_HEADERS = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in (
    ("content-security-policy", _CSP), ("x-content-type-options", "nosniff"), ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"))]


@dataclass
class ReviewSession:
    """What one ``factcheck review`` run serves: the report, its judge's signals, the store, who reviews."""

    report: dict[str, Any]
    store: ReviewStore
    reviewer: str
    judgements: Mapping[tuple[str, str], Judgement] = field(default_factory=dict)  # by pair_key(a, b)
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @cached_property
    def index(self) -> ReportIndex:
        return ReportIndex(self.report)

    @cached_property
    def findings(self) -> dict[str, dict[str, Any]]:
        return {f["fingerprint"]: f for f in self.report.get("findings") or ()}

    @cached_property
    def by_fingerprint(self) -> dict[str, dict[str, Any]]:
        return {d["fingerprint"]: d for d in self.report.get("divergences") or ()}

    def queue(self) -> tuple[QueueItem, ...]:
        return build_queue(self.report, self.store.decisions())


class Guard:
    """ASGI middleware: refuse requests whose Host header is not one of ``allowed`` (DNS rebinding),
    and add the security headers to every response."""

    def __init__(self, app, allowed: set[str]) -> None:
        self.app, self.allowed = app, {h.lower() for h in allowed}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *_SECURITY_HEADERS]
            await send(message)

        if (Headers(scope=scope).get("host") or "").lower() not in self.allowed:
            await PlainTextResponse("Invalid Host header", status_code=400)(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")
WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def allowed_hosts(host: str, port: int, extra: Iterable[str] = ()) -> set[str]:
    """Host header values that name the bound address (plus ``localhost`` for a loopback address).

    Bound to every interface (``0.0.0.0``, ``::``), the app also answers to this machine's name and
    addresses, as other machines reach it; ``extra`` adds names the machine is reached by that it
    does not know itself (a DNS alias, a proxy's address: ``factcheck review --allow-host``). Any
    other Host header is refused, which keeps a web page on another site from driving the app
    through the reviewer's browser (DNS rebinding).

    >>> sorted(allowed_hosts("127.0.0.1", 8765))
    ['127.0.0.1:8765', 'localhost:8765']
    >>> sorted(allowed_hosts("127.0.0.1", 8765, ["review.example.org"]))
    ['127.0.0.1:8765', 'localhost:8765', 'review.example.org:8765']
    """
    names = {host, *extra}
    if host in LOOPBACK_HOSTS:
        names |= {"localhost", "127.0.0.1"} if host != "::1" else {"localhost"}
    if host in WILDCARD_HOSTS:
        names |= {"localhost", "127.0.0.1", *_own_names()}
    return {f"[{n}]:{port}" if ":" in n else f"{n}:{port}" for n in names if n}


def _own_names() -> set[str]:
    """This machine's host name, full name and addresses, as far as it can tell without the network."""
    import socket

    names = {socket.gethostname(), socket.getfqdn()}
    for name in list(names):
        try:
            names.update(info[4][0] for info in socket.getaddrinfo(name, None))
        except OSError:
            continue
    return {n for n in names if n}


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("factcheck.review", "templates"), autoescape=select_autoescape(("html",)),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["kind_label"] = kind_label
    env.tests["quoted"] = has_own_quotes  # such a sentence gets no second pair of marks
    env.globals.update(DECISION_LABELS=DECISION_LABELS, DISMISS_REASONS=DISMISS_REASONS)
    return env


def create_app(session: ReviewSession, host: str, port: int, allow_hosts: Iterable[str] = ()) -> Starlette:
    """The ASGI app for one review run, accepting requests for ``host:port`` only (see :func:`allowed_hosts`)."""
    env = _environment()
    assets = files("factcheck.review") / "static"
    report_css = files("factcheck.report") / "assets" / "report.css"

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        decided, total = progress(session.queue()) if "progress" not in context else context.pop("progress")
        html = env.get_template(name).render(token=session.token, reviewer=session.reviewer,
                                             decided=decided, total=total, **context)
        return HTMLResponse(html, status_code=status)

    def check_token(form) -> None:
        sent = form.get("token") or ""
        if not secrets.compare_digest(str(sent), session.token):
            raise HTTPException(403, "missing or wrong form token; reload the page")

    def queue_page(request: Request) -> Response:
        flt = QueueFilter.from_query(request.query_params)
        items = session.queue()
        shown = filter_queue(items, flt)
        decided, total = progress(items)
        return page("queue.html", items=shown, flt=flt, facets=facets(items), query=_query(flt),
                    progress=(decided, total), report=_report_line(session.report))

    def divergence_page(request: Request) -> Response:
        fp = request.path_params["fingerprint"]
        div = session.by_fingerprint.get(fp)
        if div is None:
            raise HTTPException(404, "no divergence with this fingerprint in the report")
        flt = QueueFilter.from_query(request.query_params)
        items = session.queue()
        shown = filter_queue(items, flt)
        position = next((n for n, i in enumerate(shown) if i.fingerprint == fp), None)
        prev_fp = shown[position - 1].fingerprint if position else None
        next_fp = shown[position + 1].fingerprint if position is not None and position + 1 < len(shown) else None
        item = next(i for i in items if i.fingerprint == fp)
        card = Markup(divergence_card(item.rank, div, session.findings, session.index, _article_href,
                                      open_pairs=True))
        saved = request.query_params.get("saved")
        saved_item = next((i for i in items if i.fingerprint == saved), None) if saved else None
        decided, total = progress(items)
        return page("divergence.html", item=item, card=card, signals=_signals(div, session), flt=flt,
                    query=_query(flt), prev_fp=prev_fp, next_fp=next_fp, position=position, shown=len(shown),
                    history=session.store.history(fp), saved=saved_item, progress=(decided, total),
                    judge=(session.report.get("judge") or {}).get("model") or "",
                    models=models_line(session.report).rstrip("."))

    async def decide(request: Request) -> Response:
        fp = request.path_params["fingerprint"]
        form = await request.form()
        check_token(form)
        if fp not in session.by_fingerprint:
            raise HTTPException(404, "no divergence with this fingerprint in the report")
        action = str(form.get("decision") or "")
        reviewer = str(form.get("reviewer") or "").strip()[:80] or session.reviewer
        note = str(form["note"])[:4000] if "note" in form else None
        reason = str(form.get("reason") or "") if action == "dismissed" else ""
        if action not in (*DECISIONS, "note"):
            raise HTTPException(400, f"unknown decision {action!r}")
        try:
            # the store blocks (SQLite waits for the write lock): run it in Starlette's thread pool
            decision = await run_in_threadpool(session.store.decide, fp, None if action == "note" else action,
                                               reviewer, reason, note)
        except UnknownDivergence:
            raise HTTPException(404, "the store does not know this divergence") from None
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse(_decision_dict(decision))
        flt = QueueFilter.from_query(request.query_params)
        target = str(form.get("then") or "next")
        shown = filter_queue(session.queue(), flt)
        if target == "next":
            after = _next_after(shown, fp, session)
            if after is not None:
                return RedirectResponse(f"/d/{after}?{_query(flt, saved=fp)}", status_code=303)
            return RedirectResponse(f"/?{_query(flt, saved=fp)}", status_code=303)
        return RedirectResponse(f"/d/{fp}?{_query(flt, saved=fp)}", status_code=303)

    def article_page(request: Request) -> Response:
        article = session.index.articles.get(request.path_params["article_id"])
        if article is None:
            raise HTTPException(404, "no article with this id in the report")
        flagged = {}
        for d in session.report.get("divergences") or ():
            for side in d["sides"]:
                for sid in side["sentences"]:
                    flagged.setdefault(sid, d["fingerprint"])
        return page("article.html", article=article, outlet=outlet_name(article), flagged=flagged,
                    anchor_id=anchor_id)

    def api_queue(request: Request) -> Response:
        flt = QueueFilter.from_query(request.query_params)
        items = session.queue()
        decided, total = progress(items)
        return JSONResponse({
            "decided": decided, "total": total,
            "divergences": [{"rank": i.rank, "fingerprint": i.fingerprint, "kind": i.kind, "code": i.code,
                             "severity": i.severity, "confidence": i.confidence, "outlets": list(i.outlets),
                             "status": i.status, "decision": _decision_dict(i.decision) if i.decision else None}
                            for i in filter_queue(items, flt)],
        })

    def api_history(request: Request) -> Response:
        fp = request.path_params["fingerprint"]
        return JSONResponse([{"id": e.id, "reviewer": e.reviewer, "at": e.at, "old": e.old_decision,
                              "new": e.new_decision, "reason": e.reason, "note": e.note}
                             for e in session.store.history(fp)])

    def asset(request: Request) -> Response:
        name = request.path_params["name"]
        kinds = {"review.css": "text/css", "review.js": "text/javascript", "report.css": "text/css"}
        if name not in kinds:
            raise HTTPException(404)
        source = report_css if name == "report.css" else assets / name
        return Response(source.read_text(encoding="utf-8"), media_type=kinds[name],
                        headers={"Cache-Control": "no-cache"})

    async def error(request: Request, exc: HTTPException) -> Response:
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        return page("error.html", status=exc.status_code, status_code=exc.status_code, detail=exc.detail)

    routes = [
        Route("/", queue_page, methods=["GET"]),
        Route("/d/{fingerprint:str}", divergence_page, methods=["GET"]),
        Route("/d/{fingerprint:str}/decide", decide, methods=["POST"]),
        Route("/article/{article_id:path}", article_page, methods=["GET"]),
        Route("/api/queue", api_queue, methods=["GET"]),
        Route("/api/d/{fingerprint:str}/history", api_history, methods=["GET"]),
        Route("/static/{name:str}", asset, methods=["GET"]),
        # browsers ask for it on their own; no icon, and no 404 in the console
        Route("/favicon.ico", lambda request: Response(status_code=204), methods=["GET"]),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(Guard, allowed=allowed_hosts(host, port, allow_hosts))],
        exception_handlers={HTTPException: error},
    )


def _article_href(sentence_id: str) -> str:
    article_id = sentence_id.rsplit(":s", 1)[0]
    return f"/article/{article_id}#{anchor_id(sentence_id)}"


def _query(flt: QueueFilter, **extra: str) -> str:
    return urlencode({**flt.as_query(), **extra})


def _next_after(shown, fp: str, session: ReviewSession) -> str | None:
    """The next undecided divergence after ``fp`` in the filtered queue (wrapping), else None."""
    order = [i.fingerprint for i in shown]
    start = order.index(fp) + 1 if fp in order else 0
    for item in [*shown[start:], *shown[:start]]:
        if item.fingerprint != fp and item.decision is None:
            return item.fingerprint
    return None


def _decision_dict(d) -> dict[str, Any]:
    return {"fingerprint": d.fingerprint, "decision": d.decision, "reason": d.reason, "note": d.note,
            "reviewer": d.reviewer, "decided_at": d.decided_at, "revision": d.revision}


def _report_line(report: dict[str, Any]) -> str:
    s = report.get("summary") or {}
    return (f"{count(s.get('articles', len(report.get('articles') or ())), 'article')} {outlets_phrase(s.get('outlets'))}; "
            f"{count(len(report.get('divergences') or ()), 'divergence')}")


def _signals(div: dict[str, Any], session: ReviewSession) -> list[dict[str, Any]]:
    """Per sentence pair behind the divergence: the finding's code, kind, confidence and rule
    reasons, and (when the judge's rows are at hand) the model's and the rules' signals that fired."""
    rows = []
    for fp in div.get("evidence") or ():
        f = session.findings.get(fp)
        if f is None:
            continue
        j = session.judgements.get(pair_key(f["a"], f["b"]))
        model, rules = [], []
        if j is not None:
            for name, value in j.signals:
                if value:
                    (model if name.startswith("nli_") else rules).append((name, round(float(value), 3)))
        rows.append({
            "code": f.get("code"), "kind": f.get("kind"), "confidence": float(f.get("confidence") or 0),
            # "judged" only says the judge (not a single rule) made the finding; the signals below show how
            "reasons": [r for r in (f.get("reasons") or ([f["reason"]] if f.get("reason") else []))
                        if r and r != "judged"],
            "evidence": [(e.get("label"), e.get("side"), e.get("text")) for e in f.get("evidence") or ()],
            "outlets": f.get("outlets") or [],
            "probabilities": [(k, round(float(p), 3)) for k, p in j.probabilities] if j else [],
            "model": model, "rules": rules, "judged": j is not None,
        })
    return rows

