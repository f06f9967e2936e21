"""How ``ringwatch run`` and ``ringwatch generate`` show their stages, on standard error.

On a terminal, a live display (rich): the whole run (stages finished of all, elapsed) and the
running stage (what it is counting, a bar with rate and ETA where the work is counted, its
elapsed time), with one line per finished stage above it. Anywhere else (CI, a scheduler's
log), only those lines, one per stage as it finishes, never redrawn. ``--quiet``: nothing.

A display is a ``pipelines.progress.Listener``: it takes ``StageEvent`` objects, from the
Dagster run's logger or, for ``generate``, from ``stage_events``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from rich.console import Console
from rich.progress import BarColumn, ProgressColumn, SpinnerColumn, Task, TextColumn
from rich.progress import Progress as Bars
from rich.text import Text

from analytics.progress import Progress
from pipelines.progress import Listener, StageEvent, counted

WIDTH = 48  # the stage column: the longest stage of a run, staging/account_identifiers:...


def clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class LineDisplay:
    """One plain line per finished stage: when the run is at, stage k of n, the stage, its
    outcome, its seconds and what it made."""

    def __init__(
        self,
        title: str,
        stream: IO[str] | None = None,
        total: int | None = None,
        width: int = WIDTH,
    ) -> None:
        self.title = title
        self.width = width
        self.stream = stream or sys.stderr
        self.total = total
        self.finished = 0
        self.started = time.monotonic()
        self._since: dict[str, float] = {}
        self._counted: dict[str, tuple[str, int, int | None]] = {}

    def __call__(self, event: StageEvent) -> None:
        now = time.monotonic()
        if event.kind == "planned":
            self.total = event.total
        elif event.kind == "started":
            self._since[event.stage] = now
            self.on_start(event.stage)
        elif event.kind == "progress" and event.what is not None:
            self._counted[event.stage] = (event.what, event.done or 0, event.total)
            self.on_progress(event.stage, event.what, event.done or 0, event.total)
        elif event.kind in ("finished", "failed", "skipped"):
            self.finished += 1
            seconds = now - self._since.pop(event.stage, now)
            self._counted.pop(event.stage, None)
            self.write(self.line(event, seconds))
            self.on_finish()

    def line(self, event: StageEvent, seconds: float) -> str:
        width = len(str(self.total or self.finished))
        of = f"{self.finished:>{width}}/{self.total}" if self.total else str(self.finished)
        took = "" if event.kind == "skipped" else f" {seconds:6.1f} s"
        summary = f"  {event.summary}" if event.summary else ""
        elapsed = clock(time.monotonic() - self.started)
        stage, outcome = f"{event.stage:<{self.width}}", f"{event.outcome or 'done':<7}"
        return f"{elapsed} [{of}] {stage} {outcome}{took}{summary}"

    def write(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()

    def on_start(self, stage: str) -> None:
        pass

    def on_progress(self, stage: str, what: str, done: int, total: int | None) -> None:
        pass

    def on_finish(self) -> None:
        pass

    def close(self) -> None:
        """Say so when stages never ran (what needs a failed stage or a failed blocking check
        is not run, and Dagster reports nothing for it)."""
        if self.total and self.finished < self.total:
            elapsed = clock(time.monotonic() - self.started)
            self.write(f"{elapsed} {self.total - self.finished} of {self.total} stages not run")


class LiveDisplay(LineDisplay):
    """The lines of ``LineDisplay`` with live bars under them, redrawn a few times a second."""

    def __init__(
        self, title: str, console: Console, total: int | None = None, width: int = WIDTH
    ) -> None:
        super().__init__(title, console.file, total, width)
        self.console = console
        self.bars = Bars(
            SpinnerColumn(),
            TextColumn("{task.description}", markup=False),
            BarColumn(bar_width=30),
            _Detail(),
            console=console,
            transient=True,
            refresh_per_second=4,
        )
        now = time.monotonic()
        self._stage_since, self._what = now, None
        self.run = self.bars.add_task(title, total=total, what=None, since=now, whole=True)
        self.stage = self.bars.add_task("", total=None, visible=False, what=None, since=now)
        self.bars.start()

    def __call__(self, event: StageEvent) -> None:
        if event.kind == "planned":
            self.bars.update(self.run, total=event.total)
        super().__call__(event)

    def write(self, line: str) -> None:
        self.bars.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def _stage_task(self, stage: str, what: str | None, done: int, total: int | None) -> None:
        """A fresh row for the stage or its new phase: its own bar, rate and ETA."""
        self.bars.remove_task(self.stage)
        self._what = what
        self.stage = self.bars.add_task(
            stage, total=total, completed=done, what=what, since=self._stage_since
        )

    def on_start(self, stage: str) -> None:
        self._stage_since = time.monotonic()
        self._stage_task(stage, None, 0, None)

    def on_progress(self, stage: str, what: str, done: int, total: int | None) -> None:
        if what != self._what:
            self._stage_task(stage, what, done, total)
        else:
            self.bars.update(self.stage, total=total, completed=done)

    def on_finish(self) -> None:
        self._what = None
        self.bars.update(self.run, completed=self.finished)
        self.bars.update(self.stage, visible=False)

    def close(self) -> None:
        super().close()
        self.bars.stop()


class _Detail(ProgressColumn):
    """``3/53 stages · 0:01:05`` for the run; ``rows staged 400,000 of 1,906,500 · 95,000/s ·
    ETA 0:00:16 · 0:00:22`` for the running stage (the elapsed time is the stage's)."""

    def render(self, task: Task) -> Text:
        elapsed = clock(time.monotonic() - task.fields["since"])
        if task.fields.get("whole"):
            total = f"/{int(task.total)}" if task.total else ""
            return Text(f"{int(task.completed)}{total} stages · {elapsed}")
        what = task.fields.get("what")
        if not what:
            return Text(elapsed)
        parts = [counted(what, int(task.completed), task.total)]
        speed = task.speed
        if speed:
            parts.append(f"{speed:,.0f}/s")
            if task.total is not None and task.total > task.completed:
                parts.append(f"ETA {clock((task.total - task.completed) / speed)}")
        parts.append(elapsed)
        return Text(" · ".join(parts))


def _is_tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def make_display(
    title: str, quiet: bool = False, stream: IO[str] | None = None, width: int = WIDTH
) -> Any:
    """The display for ``stream`` (standard error by default): None when quiet, live on a
    terminal, plain lines otherwise."""
    if quiet:
        return None
    stream = stream or sys.stderr
    # the stream itself decides: FORCE_COLOR in a CI job must not make rich redraw into a log
    console = Console(file=stream)
    if _is_tty(stream) and not console.is_dumb_terminal:
        return LiveDisplay(title, console, width=width)
    return LineDisplay(title, stream, width=width)


@contextmanager
def shown(
    title: str, quiet: bool = False, total: int | None = None, width: int = WIDTH
) -> Iterator[Any]:
    """``make_display`` for the block (None when quiet), closed however the block ends."""
    display = make_display(title, quiet, width=width)
    if display is not None and total is not None:
        display(StageEvent("planned", "", total=total))
    try:
        yield display
    finally:
        if display is not None:
            display.close()


def stage_events(listener: Listener) -> tuple[Progress, Any]:
    """For work that reports its stages through ``analytics.progress`` (``generate``): a
    ``Progress`` whose every new ``what`` is a stage, and the function that ends the last one.
    A stage's count is the rows it wrote."""
    current: dict[str, Any] = {"stage": None, "done": 0}

    def finish() -> None:
        if current["stage"] is not None:
            rows = current["done"]
            listener(
                StageEvent("finished", current["stage"], summary=f"{rows:,} rows" if rows else None)
            )
            current["stage"] = None

    def progress(what: str, done: int, total: int | None) -> None:
        if what != current["stage"]:
            finish()
            current["stage"], current["done"] = what, done
            listener(StageEvent("started", what))
        current["done"] = done

    return progress, finish
