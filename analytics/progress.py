"""Progress of long work as a plain callable, so a caller can show it (analytics shows nothing).

A long function takes ``progress: Progress | None`` and calls ``progress(what, done, total)``:
``done`` of ``total`` (None when it cannot be known) of ``what``, which names the quantity
counted, e.g. ``progress("rows staged", 400_000, 1_906_500)``. A call with a new ``what``
begins a new phase of the work; ``done`` is a running total, not an increment. Only counts and
names go through it, never row values.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import duckdb

Progress = Callable[[str, int, int | None], None]

POLL_SECONDS = 0.25


def report(progress: Progress | None, what: str, done: int, total: int | None = None) -> None:
    """Call ``progress`` if there is one."""
    if progress is not None:
        progress(what, done, total)


@contextmanager
def statement_progress(
    con: duckdb.DuckDBPyConnection, progress: Progress | None, what: str, total: int
) -> Iterator[None]:
    """While the block runs SQL on ``con``, report DuckDB's progress of the running statement
    as ``what`` done of ``total``: DuckDB's own estimate (the share of its scans' rows read),
    polled from a thread. Nothing happens without ``progress``."""
    if progress is None:
        yield
        return
    progress(what, 0, total)
    con.execute("set enable_progress_bar_print = false")  # DuckDB's own bar would print
    con.execute("set enable_progress_bar = true")
    stop = threading.Event()

    def poll() -> None:
        last = 0
        while not stop.wait(POLL_SECONDS):
            try:
                percent = con.query_progress()
            except duckdb.Error:
                return
            done = min(total, max(0, int(total * percent / 100)))
            if percent >= 0 and done > last:
                last = done
                progress(what, done, total)

    watcher = threading.Thread(target=poll, name="statement-progress", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join()
        con.execute("reset enable_progress_bar")
        con.execute("reset enable_progress_bar_print")
