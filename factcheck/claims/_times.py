"""Time expressions ("am Montag", "in der Nacht auf Dienstag", "zuvor", "17. Juni 2014"), resolved
against the article's publication date."""

from __future__ import annotations

import datetime as dt
import re

from ..records import TimeExpr
from ._lexicon import Lexicon
from ._quantities import YEAR_RANGE
from ._text import Token

_NUMERIC_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2,4})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: str | None) -> dt.date | None:
    """An ISO date (or the date part of an ISO timestamp) or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def times(tokens: tuple[Token, ...], lx: Lexicon) -> tuple[list[TimeExpr], set[int]]:
    """Time expressions (unresolved) and the indices of the tokens they cover."""
    out: list[TimeExpr] = []
    used: set[int] = set()
    lows = [t.low for t in tokens]

    def add(first: int, last: int, kind: str, value: str) -> None:
        out.append(TimeExpr(_text(tokens, first, last), tokens[first].start, tokens[last].end, kind, value))
        used.update(range(first, last + 1))

    i = 0
    while i < len(tokens):
        low = lows[i]
        # "in der Nacht auf Dienstag": the night that ends on that weekday
        night = next((p for p in lx.night_before if tuple(lows[i : i + len(p)]) == p), None)
        if night and i + len(night) < len(tokens) and lows[i + len(night)] in lx.weekdays:
            day = lows[i + len(night)]
            add(i, i + len(night), "part_of_day", f"night_before:{_weekday_name(lx, day)}")
            i += len(night) + 1
            continue
        day_part = _weekday_part(low, lx)
        if day_part is not None:
            day, part = day_part
            first = _lead(lows, i, lx)
            last = i
            if not part and i + 1 < len(tokens) and lows[i + 1] in lx.day_parts and not tokens[i + 1].is_cap:
                part, last = lows[i + 1], i + 1  # "on Monday morning" (German writes "Montagmorgen")
            # "am kommenden Montag", "next Monday": the one after publication, whatever the tense
            upcoming = ":next" if set(lows[first:i]) & lx.next_markers else ""
            add(first, last, "weekday", _weekday_name(lx, day) + (f":{part}" if part else "") + upcoming)
            i = last + 1
            continue
        if low in lx.weekend:
            first = _lead(lows, i, lx)
            value = "weekend:next" if set(lows[first:i]) & lx.next_markers else "weekend"
            add(first, i, "weekend", value)
            i += 1
            continue
        week = next((p for p, n in lx.relative_weeks if tuple(lows[i : i + len(p)]) == p), None)
        if week:
            n = dict(lx.relative_weeks)[week]
            first = i - 1 if i > 0 and lows[i - 1] in lx.time_prepositions else i
            add(first, i + len(week) - 1, "week", f"week:{n:+d}")
            i += len(week)
            continue
        # "morgen" is tomorrow, "am Morgen" a part of the day
        if low in lx.relative_days and (not tokens[i].is_cap or i == 0 or lows[i - 1] not in lx.time_prepositions):
            add(i, i, "relative", f"day:{lx.relative_days[low]:+d}")
            i += 1
            continue
        if low in lx.earlier:
            add(i, i, "relative", "before")
            i += 1
            continue
        date = _date(tokens, i, lx)
        if date is not None:
            last, kind, value = date
            add(i, last, kind, value)
            i = last + 1
            continue
        i += 1
    return out, used


def _lead(lows: list[str], i: int, lx: Lexicon) -> int:
    """The first token of the words that lead up to a day: "am", "this", and the markers of the next one
    ("am nächsten", "this coming"), at most three."""
    first = i
    while first > 0 and i - first < 3 and (lows[first - 1] in lx.time_prepositions or lows[first - 1] in lx.next_markers):
        first -= 1
    return first


def resolve(expr: TimeExpr, published: dt.date | None, future: bool) -> TimeExpr:
    """Fill ``date`` where the expression and the publication date pin one down.

    Weekdays point back to the latest such day on or before publication, or
    forward when the statement is a plan (``future``).
    """
    value = expr.value
    date: dt.date | None = None
    if expr.kind == "date":
        date = parse_date(value) if _ISO_DATE.match(value) else None
        if date is None and published is not None and re.match(r"^--\d{2}-\d{2}$", value):
            date = parse_date(f"{published.year}{value[1:]}")
    elif published is not None:
        if expr.kind in {"weekday", "part_of_day"}:
            name = value.split(":")[1] if value.startswith("night_before:") else value.split(":")[0]
            date = _weekday_date(published, _WEEKDAYS.index(name), future or value.endswith(":next"))
        elif expr.kind == "weekend":
            date = _weekday_date(published, 5, future or value.endswith(":next"))
        elif expr.kind == "relative" and value.startswith("day:"):
            date = published + dt.timedelta(days=int(value[4:]))
        elif expr.kind == "week":
            week_start = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=int(value[5:]))
            iso = week_start.isocalendar()
            return TimeExpr(expr.text, expr.start, expr.end, expr.kind, value, f"{iso[0]}-W{iso[1]:02d}")
    if date is None:
        return expr
    return TimeExpr(expr.text, expr.start, expr.end, expr.kind, value, date.isoformat())


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday_name(lx: Lexicon, day: str) -> str:
    return _WEEKDAYS[lx.weekdays.index(day)]


def _weekday_part(low: str, lx: Lexicon) -> tuple[str, str] | None:
    """ "montag" -> ("montag", ""), "mittwochabend" -> ("mittwoch", "abend")."""
    for day in lx.weekdays:
        if low == day:
            return day, ""
        if low.startswith(day) and low[len(day) :] in lx.day_parts:
            return day, low[len(day) :]
    return None


def _weekday_date(published: dt.date, weekday: int, future: bool) -> dt.date:
    delta = (published.weekday() - weekday) % 7
    if future and delta:
        return published + dt.timedelta(days=7 - delta)
    return published - dt.timedelta(days=delta)


def _date(tokens: tuple[Token, ...], i: int, lx: Lexicon) -> tuple[int, str, str] | None:
    """ "17. Juni 2014", "17. Juni", "Juni 2014", "June 17, 2014", "17.06.2014", "2014"."""
    t = tokens[i]
    m = _NUMERIC_DATE.match(t.text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year = year + 2000 if year < 100 else year
        return i, "date", _iso(year, month, day)
    lows = [x.low for x in tokens]
    n = len(tokens)
    if t.text.isdigit() and len(t.text) <= 2 and i + 2 < n and lows[i + 1] == "." and lows[i + 2] in lx.months:
        month = lx.months.index(lows[i + 2]) + 1
        if i + 3 < n and tokens[i + 3].text.isdigit() and int(tokens[i + 3].text) in YEAR_RANGE:
            return i + 3, "date", _iso(int(tokens[i + 3].text), month, int(t.text))
        return i + 2, "date", f"--{month:02d}-{int(t.text):02d}"
    if t.low in lx.months and t.is_cap:
        month = lx.months.index(t.low) + 1
        if i + 1 < n and tokens[i + 1].text.isdigit() and len(tokens[i + 1].text) <= 2:  # "June 17, 2014"
            day = int(tokens[i + 1].text)
            k = i + 2 if i + 2 < n and tokens[i + 2].text == "," else i + 1
            if k + 1 < n and tokens[k + 1].text.isdigit() and int(tokens[k + 1].text) in YEAR_RANGE:
                return k + 1, "date", _iso(int(tokens[k + 1].text), month, day)
            return i + 1, "date", f"--{month:02d}-{day:02d}"
        if i + 1 < n and tokens[i + 1].text.isdigit() and int(tokens[i + 1].text) in YEAR_RANGE:
            return i + 1, "month", f"{tokens[i + 1].text}-{month:02d}"
        return None
    if t.text.isdigit() and len(t.text) == 4 and int(t.text) in YEAR_RANGE:
        nxt = tokens[i + 1] if i + 1 < n else None
        if nxt is None or not nxt.is_word or not nxt.is_cap:
            return i, "year", t.text
    return None


def _iso(year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}-{day:02d}"


def _text(tokens: tuple[Token, ...], first: int, last: int) -> str:
    # rebuilt from offsets by the caller when the sentence text is at hand; tokens joined here
    parts = []
    for k in range(first, last + 1):
        if k > first and tokens[k].start > tokens[k - 1].end:
            parts.append(" ")
        parts.append(tokens[k].text)
    return "".join(parts)
