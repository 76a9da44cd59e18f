"""The check's text and Markdown renderings."""

from __future__ import annotations

from factcheck import baseline as bl
from factcheck.check import Gate, check
from factcheck.classify.divergences import divergence_fingerprint
from factcheck.records import Divergence, DivergenceSide
from factcheck.report.gate import render_markdown_summary, render_text, short


def many_divergences(n: int) -> tuple[list[Divergence], dict[str, str]]:
    texts, out = {}, []
    for i in range(n):
        a, b = f"a{i}:s0", f"b{i}:s0"
        texts[a] = f"Im Ort {i} wurden nach Angaben der Feuerwehr {i} Häuser beschädigt, " + "sehr lang " * 30
        texts[b] = f"Im Ort {i} wurden nach Angaben der Polizei {i + 7} Häuser beschädigt, " + "sehr lang " * 30
        fp = divergence_fingerprint("number_mismatch", [texts[a]], [texts[b]])
        side = lambda s, o: DivergenceSide((s,), (s[:-3],), (o,), "2024-01-01", "2024-01-01", texts[s])  # noqa: E731
        out.append(Divergence(f"D{fp[:10]}", fp, "number_mismatch", "FC103", "high", 0.7,
                              (side(a, "X"), side(b, "Y")), (), "numbers differ " * 20))
    return out, texts


def test_markdown_stays_under_the_limit_and_says_what_it_left_out():
    divs, texts = many_divergences(600)
    result = check(divs, texts, {}, Gate())
    md = render_markdown_summary(result, 65000)
    assert len(md) <= 65000
    assert md.startswith("## factcheck check ❌ failed") and "| 600 | 600 |" in md
    shown = md.count("**number mismatch**")
    assert 10 < shown < 600 and f"… {600 - shown} more not shown" in md


def test_markdown_lists_decisions_and_stale_entries():
    divs, texts = many_divergences(3)
    decisions = {divs[0].fingerprint: bl.entry_for(divs[0], texts, "dismissed", "ed", "two towns")}
    result = check(divs[:2], texts, decisions, Gate())
    md = render_markdown_summary(result)
    assert "### Decided in the baseline" in md and "**dismissed** by ed: two towns" in md
    stale = check(divs[1:2], texts, decisions, Gate())
    assert "### Baseline entries no longer produced" in render_markdown_summary(stale)


def test_text_is_one_line_per_failing_divergence_and_a_verdict():
    divs, texts = many_divergences(3)
    decisions = {divs[0].fingerprint: bl.entry_for(divs[0], texts, "confirmed", "ed")}
    text = render_text(check(divs, texts, decisions, Gate()))
    lines = text.splitlines()
    assert len(lines) == 3 and all(line.startswith("new: D") for line in lines[:2])
    assert "FC103 number_mismatch (high, 0.70)" in lines[0] and " <> Y (2024-01-01): Im Ort" in lines[0]
    assert lines[-1].startswith("factcheck check FAILED: 3 divergences, 2 failing (2 new, 0 undecided); "
                                "1 decided (1 confirmed")


def test_short_cuts_on_one_line():
    assert short("a\n b  c") == "a b c"
    assert short("x" * 200, 10) == "x" * 9 + "…"
