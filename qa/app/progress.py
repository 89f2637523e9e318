"""Progress on stderr while an index is built: a bar per stage on a terminal, plain lines now and then in a log
file or a pipe, so a long build is never silent there and a short one adds nothing."""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterator

STAGES = {"parse": "Reading reports", "embed": "Embedding passages and sentences"}


@contextmanager
def progress(console=None, clock=time.monotonic, quiet: float = 10.0,
             every: float = 30.0) -> Iterator:
    """A progress callback ``(stage, done, total)`` that draws one bar per stage on stderr while it is used. A
    log file or a pipe gets plain lines instead, for a stage still running after ``quiet`` seconds, then one
    every ``every`` seconds, so a long build is never silent; a short one prints none. rich is loaded on the
    first report of progress: a question over an up-to-date index makes none, and never loads it."""
    drawn: dict = {}  # the console and its bar, made on the first tick
    tasks: dict[str, int] = {}
    started: dict[str, float] = {}
    said: dict[str, float] = {}

    def screen():
        if not drawn:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                                       TimeElapsedColumn)

            drawn["console"] = shown = console or Console(stderr=True, highlight=False)
            drawn["bar"] = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                    MofNCompleteColumn(), TimeElapsedColumn(), console=shown, transient=True)
        return drawn["console"], drawn["bar"]

    def line(stage: str, done: int, total: int) -> None:
        now, last = clock(), said.get(stage)
        first = started.setdefault(stage, now)
        ending = done >= total and last is not None and last != float("inf")  # the end of a stage it spoke of
        if ending or (last is None and now - first >= quiet) or (last is not None and now - last >= every):
            said[stage] = float("inf") if done >= total else now
            from rich.text import Text

            screen()[0].print(Text(f"{_stage(stage)}: {done:,} of {total:,} ({int(now - first)} s)"), soft_wrap=True)

    def tick(stage: str, done: int, total: int) -> None:
        shown, bar = screen()
        if not shown.is_terminal:  # a log file gets plain lines now and then, not bar redraws
            line(stage, done, total)
            return
        if stage not in tasks:
            if not tasks:
                bar.start()
            tasks[stage] = bar.add_task(_stage(stage), total=total)
        bar.update(tasks[stage], completed=done, total=total)

    try:
        yield tick
    finally:
        if tasks:
            drawn["bar"].stop()


def _stage(stage: str) -> str:
    label, sep, name = stage.rpartition(": ")  # the bench prefixes stages: "build 10 reports: embed"
    return label + sep + STAGES.get(name, name)
