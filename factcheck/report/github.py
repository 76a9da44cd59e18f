"""GitHub Actions workflow commands: one annotation per divergence the gate looks at.

``::error`` for a divergence that fails the check (new or undecided), ``::warning`` for a new one
below the thresholds; decided divergences stay quiet. Annotations point at side a's first sentence
(file, line, column), so they show on the article in a pull request's diff.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..check import CheckResult
from .gate import short, side_label
from .locations import SourceLocation, display_path
from .quoting import quoted

__all__ = ["annotations", "escape_data", "escape_property"]


def escape_data(text: str) -> str:
    """A workflow command's message, escaped (``%``, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value, escaped (also ``:`` and ``,``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotations(result: CheckResult, locations: Mapping[str, SourceLocation] | None = None) -> list[str]:
    """The workflow command lines, one per divergence worth an annotation."""
    locations = locations or {}
    lines = []
    for item in result.items:
        if item.fails:
            level = "error"
        elif item.status == "new":
            level = "warning"
        else:
            continue
        d = item.divergence
        a, b = d.sides
        props = []
        loc = next((locations[s] for s in a.sentences if s in locations), None)
        if loc is not None:
            props.append(f"file={escape_property(display_path(loc))}")
            if loc.line:
                props += [f"line={loc.line}", f"col={loc.column}"]
                if loc.end_line:
                    props += [f"endLine={loc.end_line}", f"endColumn={loc.end_column}"]
        title = f"{d.code} {d.kind.replace('_', ' ')} ({item.status}, {d.id})"
        props.append(f"title={escape_property(title)}")
        message = (f"{side_label(a)}: {quoted(short(a.text, 300))}\nvs {side_label(b)}: {quoted(short(b.text, 300))}\n"
                   f"{d.explanation}")
        lines.append(f"::{level} {','.join(props)}::{escape_data(message)}")
    return lines
