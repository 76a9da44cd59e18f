"""Sentences set in quotation marks for reports, without doubling the marks a sentence brings.

A sentence that opens with its own quotation mark ("„Wir bleiben“, sagte sie.") is shown as it
is, and so is one that only closes a quotation opened in a sentence before it ('Und es bleibt so."');
any other is wrapped in the marks of its language (German „…“, else “…”). Markdown, the CI messages and
the review queue use these, so no reader sees „„Wir bleiben“ …“.
"""

from __future__ import annotations

from ..classify.rules import in_marks

__all__ = ["OPENING_QUOTES", "opens_with_quote", "quoted"]

OPENING_QUOTES = ("„", "“", "\"", "»", "«", "‚", "‘", "'")
_MARKS = frozenset("„“”\"»«‚‘’")


def opens_with_quote(text: str) -> bool:
    """Whether a sentence opens with a quotation mark.

    >>> opens_with_quote("„Wir bleiben“, sagte sie."), opens_with_quote("Sie sagte: „Wir bleiben.“")
    (True, False)
    """
    return text.lstrip().startswith(OPENING_QUOTES)


def quoted(text: str, language: str | None = "de") -> str:
    """``text`` in „…“ (German, the default) or “…” (any other language), unless it opens with a quotation
    mark of its own.

    >>> quoted("Der Zoo bleibt zu."), quoted("«Der Zoo bleibt zu», sagte sie."), quoted("The zoo is shut.", "en")
    ('„Der Zoo bleibt zu.“', '«Der Zoo bleibt zu», sagte sie.', '“The zoo is shut.”')
    """
    return text if opens_with_quote(text) or _closes_earlier_quote(text) else in_marks(text, language)


def _closes_earlier_quote(text: str) -> bool:
    # its one quotation mark ends it: the quotation opened a sentence earlier ('Und es bleibt so."')
    end = text.rstrip(" .!?…")
    return bool(end) and end[-1] in _MARKS and sum(c in _MARKS for c in text) == 1
