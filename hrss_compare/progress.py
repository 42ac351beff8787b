"""A progress bar on stderr for alignments that take a while; silent when not a terminal or
when colour is off (``NO_COLOR``): the bar moves the cursor with escape codes."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from hrss_compare.model import Bureau

if TYPE_CHECKING:
    from rich.console import Console

SHOW_AFTER = 1.0
"""Seconds of work before the bar appears, so quick runs never flicker."""


@contextmanager
def progress_bar(
    console: Console, left: Bureau, right: Bureau
) -> Iterator[Callable[[int, int], None] | None]:
    """A callback ``(done, total)`` that drives a rich progress bar, or None when not needed or
    not wanted (not a terminal, a dumb one, or no colour: a console without a colour system)."""
    plain = not console.is_terminal or console.is_dumb_terminal or console.color_system is None
    if plain or left.duty_count * right.duty_count < 1_000_000:
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    started = time.monotonic()
    bar = Progress(
        TextColumn("aligning duties"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(), console=console, transient=True,
    )
    task = bar.add_task("align", total=left.duty_count)
    shown = False

    def update(done: int, total: int) -> None:
        nonlocal shown
        if not shown and time.monotonic() - started >= SHOW_AFTER:
            bar.start()
            shown = True
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if shown:
            bar.stop()
