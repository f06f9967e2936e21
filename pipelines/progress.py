"""Stage events of a run: what the assets log while they work, and the Dagster logger that hands
them, with Dagster's own step events, to a listener (the command line's display).

An asset counts its work through ``step_progress(context, stage)``, a plain callable of
``analytics.progress`` that writes to the run's log: a phase's start at INFO, then at most one
DEBUG line a second. So a run in the Dagster UI shows the same stages and counts as
``ringwatch run``. Only stage names and counts are logged, never row values.

``progress_logger(listener, names)`` is a Dagster ``@logger``: a run configured with it (see
``pipelines.run``) hands every log record to it in the run's own thread, as it happens. It turns
step starts, successes, failures and skips, materializations, check evaluations and the
assets' progress lines into ``StageEvent`` objects for ``listener``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import dagster as dg

from analytics.progress import Progress

PROGRESS_KEY = "ringwatch_progress"  # the `extra` attribute of a progress line's log record
TICK_SECONDS = 1.0


@dataclass(frozen=True)
class StageEvent:
    """One thing a stage did: ``started``, ``progress`` (``what``: ``done`` of ``total``),
    ``finished`` (``outcome``: done, kept, passed, warned, failed), ``failed`` or ``skipped``."""

    kind: str
    stage: str
    what: str | None = None
    done: int | None = None
    total: int | None = None
    outcome: str | None = None
    summary: str | None = None  # e.g. "1,906,400 rows"


Listener = Callable[[StageEvent], None]


def counted(what: str, done: int, total: float | None) -> str:
    """``rows staged 400,000 of 1,906,500``; ``IP addresses parsed …`` before any count."""
    if total is None:
        return f"{what} {done:,}" if done else f"{what} …"
    return f"{what} {done:,} of {int(total):,}"


def progress_message(stage: str, what: str, done: int, total: int | None) -> str:
    return f"{stage}: {counted(what, done, total)}"


def step_progress(context: Any, stage: str, tick_seconds: float = TICK_SECONDS) -> Progress:
    """A ``Progress`` that logs to the Dagster run of ``context`` (see the module docstring):
    a phase's start at INFO, its counts at DEBUG at most every ``tick_seconds``, and the last
    count of a phase when the next begins. Safe to call from another thread (DuckDB's statement
    progress is polled from one)."""
    lock = threading.Lock()
    state: dict[str, Any] = {"what": None, "logged": 0.0, "pending": None}

    def log(level: int, what: str, done: int, total: int | None) -> None:
        context.log.log(
            level,
            progress_message(stage, what, done, total),
            extra={PROGRESS_KEY: {"what": what, "done": done, "total": total}},
        )

    def progress(what: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        with lock:
            new_phase = what != state["what"]
            if not new_phase and now - state["logged"] < tick_seconds:
                state["pending"] = (what, done, total)
                return
            pending = state["pending"] if new_phase else None
            state.update(what=what, logged=now, pending=None)
        if pending is not None:
            log(logging.DEBUG, *pending)
        log(logging.INFO if new_phase else logging.DEBUG, what, done, total)

    return progress


def stage_names(assets: Iterable[Any], checks: Iterable[Any]) -> dict[str, str]:
    """Dagster step key -> stage name: ``staging/logins``, ``staging/logins:rows_reconcile``."""
    names = {a.op.name: "/".join(key.path) for a in assets for key in a.keys}
    for check in checks:
        for key in check.check_keys:
            names[check.node_def.name] = f"{key.asset_key.to_user_string()}:{key.name}"
    return names


def _summary(event: dg.DagsterEvent) -> tuple[str, str]:
    """(outcome, summary) from a materialization's metadata."""
    metadata = event.event_specific_data.materialization.metadata  # type: ignore[union-attr]
    kept = getattr(metadata.get("kept_from_previous_run"), "value", False) is True
    rows = getattr(metadata.get("dagster/row_count"), "value", None)
    return ("kept" if kept else "done"), (f"{rows:,} rows" if isinstance(rows, int) else "")


def _check_outcome(event: dg.DagsterEvent) -> str:
    evaluation = event.event_specific_data
    if getattr(evaluation, "passed", True):
        return "passed"
    severity = getattr(evaluation, "severity", None)
    return "warned" if severity == dg.AssetCheckSeverity.WARN else "failed"


class _StageEvents(logging.Handler):
    """Log records of a run -> StageEvents for ``listener``."""

    def __init__(self, listener: Listener, names: Mapping[str, str]) -> None:
        super().__init__(level=logging.DEBUG)
        self._listener = listener
        self._names = names
        self._outcomes: dict[str, tuple[str, str]] = {}

    def _stage(self, step_key: str) -> str:
        return self._names.get(step_key, step_key.replace("__", "/"))

    def event(self, record: logging.LogRecord) -> StageEvent | None:
        meta = getattr(record, "dagster_meta", None) or {}
        step_key = meta.get("step_key")
        if not step_key:
            return None
        stage = self._stage(step_key)
        counted = getattr(record, PROGRESS_KEY, None)
        if counted is not None:
            return StageEvent("progress", stage, **counted)
        event = meta.get("dagster_event")
        if event is None:
            return None
        kind = event.event_type_value
        if kind == "STEP_START":
            return StageEvent("started", stage)
        if kind == "ASSET_MATERIALIZATION":
            self._outcomes[step_key] = _summary(event)
        elif kind == "ASSET_CHECK_EVALUATION":
            self._outcomes[step_key] = (_check_outcome(event), "")
        elif kind == "STEP_SUCCESS":
            outcome, summary = self._outcomes.pop(step_key, ("done", ""))
            return StageEvent("finished", stage, outcome=outcome, summary=summary)
        elif kind == "STEP_FAILURE":
            return StageEvent("failed", stage, outcome="FAILED")
        elif kind == "STEP_SKIPPED":
            return StageEvent("skipped", stage, outcome="skipped")
        return None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            event = self.event(record)
            if event is not None:
                self._listener(event)
        except Exception:  # a broken display must never fail the run
            self.handleError(record)


def progress_logger(listener: Listener, names: Mapping[str, str]) -> dg.LoggerDefinition:
    """A Dagster logger that hands the run's stage events to ``listener``, in process."""

    @dg.logger(description="Hands stage events to ringwatch's command line display.")
    def ringwatch_progress(init_context: dg.InitLoggerContext) -> logging.Logger:
        logger = logging.Logger("ringwatch.progress", level=logging.DEBUG)
        logger.addHandler(_StageEvents(listener, names))
        return logger

    return ringwatch_progress
