"""Progress in a log file or a pipe: silent for a short build, a plain line now and then for a long one."""

from __future__ import annotations

import io

from rich.console import Console

from qa.app.progress import progress


def _run(ticks):
    """Feed ``(seconds, stage, done, total)`` ticks through a non-terminal console; return what it printed."""
    sink = io.StringIO()
    now = [0.0]
    with progress(Console(file=sink, force_terminal=False, width=200), clock=lambda: now[0]) as tick:
        for seconds, stage, done, total in ticks:
            now[0] = seconds
            tick(stage, done, total)
    return sink.getvalue().splitlines()


def test_a_short_build_prints_nothing():
    assert _run([(0, "parse", 0, 1), (0.5, "parse", 1, 1), (1, "embed", 0, 800), (6, "embed", 800, 800)]) == []


def test_a_long_stage_says_how_far_it_is_now_and_then_and_when_it_ends():
    ticks = [(t, "embed", 100 * t, 10_000) for t in range(0, 100)] + [(100, "embed", 10_000, 10_000),
                                                                     (101, "embed", 10_000, 10_000)]
    lines = _run(ticks)
    assert lines == ["Embedding passages and sentences: 1,000 of 10,000 (10 s)",
                     "Embedding passages and sentences: 4,000 of 10,000 (40 s)",
                     "Embedding passages and sentences: 7,000 of 10,000 (70 s)",
                     "Embedding passages and sentences: 10,000 of 10,000 (100 s)"]


def test_the_bench_stage_keeps_its_prefix():
    lines = _run([(0, "build 150 reports: embed", 0, 10), (12, "build 150 reports: embed", 5, 10)])
    assert lines == ["build 150 reports: Embedding passages and sentences: 5 of 10 (12 s)"]
