"""Sentences set in quotation marks for reports, without doubling the marks a sentence brings.

A sentence that brings double quotation marks of its own ("„Wir bleiben“, sagte sie.", 'Sie sagte:
„Wir bleiben.“', or 'Und es bleibt so."', which closes a quotation opened a sentence before) is shown
as it is; any other is wrapped in the marks of its language (German „…“, else “…”). Markdown, the CI
messages and the review queue use these, so no reader sees „„Wir bleiben“ …“ or „Sie sagte: „Wir
bleiben.““.
"""

from __future__ import annotations

from ..classify.rules import in_marks

__all__ = ["OPENING_QUOTES", "has_own_quotes", "opens_with_quote", "quoted"]

OPENING_QUOTES = ("„", "“", "\"", "»", "«", "‚", "‘", "'")
# double marks only: a single one is as often an apostrophe ("Trump’s", "geht’s")
_DOUBLE = frozenset("„“”\"»«")


def opens_with_quote(text: str) -> bool:
    """Whether a sentence opens with a quotation mark.

    >>> opens_with_quote("„Wir bleiben“, sagte sie."), opens_with_quote("Sie sagte: „Wir bleiben.“")
    (True, False)
    """
    return text.lstrip().startswith(OPENING_QUOTES)


def quoted(text: str, language: str | None = "de") -> str:
    """``text`` in „…“ (German, the default) or “…” (any other language), unless it brings double quotation
    marks of its own (wrapped, they would nest in the same marks).

    >>> quoted("Der Zoo bleibt zu."), quoted("«Der Zoo bleibt zu», sagte sie."), quoted("The zoo is shut.", "en")
    ('„Der Zoo bleibt zu.“', '«Der Zoo bleibt zu», sagte sie.', '“The zoo is shut.”')
    >>> quoted("Sie sagte: „Der Zoo bleibt zu.“"), quoted("The zoo’s gate is shut.", "en")
    ('Sie sagte: „Der Zoo bleibt zu.“', '“The zoo’s gate is shut.”')
    """
    return text if has_own_quotes(text) else in_marks(text, language)


def has_own_quotes(text: str) -> bool:
    """Whether a sentence brings quotation marks that marks around it would nest with: it opens with one,
    or has a double mark anywhere (a single one is as often an apostrophe: "Trump’s", "geht’s").

    >>> has_own_quotes("Sie sagte: „Wir bleiben.“"), has_own_quotes("The zoo’s gate is shut.")
    (True, False)
    """
    return opens_with_quote(text) or any(c in _DOUBLE for c in text)
