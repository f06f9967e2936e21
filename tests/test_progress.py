"""Progress: the plain callbacks analytics reports through, the stage events a run's logger
makes of them, the displays on a terminal and off one, and analysts' statement files."""

from __future__ import annotations

import io
import logging
import threading
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest
from rich.console import Console

from analytics import analyst_sql
from analytics.normalize import phone_lookup
from analytics.progress import statement_progress
from pipelines.display import LineDisplay, LiveDisplay, make_display, stage_events
from pipelines.progress import PROGRESS_KEY, StageEvent, step_progress


class _Polled:
    """A connection whose running statement DuckDB reports at 10%, 50%, then 90%."""

    def __init__(self) -> None:
        self.executed: list[str] = []
        self.percents = iter([-1.0, 10.0, 50.0, 90.0])
        self.done = threading.Event()

    def execute(self, query: str) -> None:
        self.executed.append(query)

    def query_progress(self) -> float:
        value = next(self.percents, None)
        if value is None:
            self.done.set()
            return 90.0
        return value


def test_statement_progress_reports_duckdbs_estimate_and_restores_the_settings() -> None:
    con = _Polled()
    heard: list[tuple[str, int, int | None]] = []
    with statement_progress(con, lambda *a: heard.append(a), "rows staged", 1_000):  # type: ignore[arg-type]
        assert con.done.wait(5)
    assert heard == [
        ("rows staged", 0, 1_000),
        ("rows staged", 100, 1_000),
        ("rows staged", 500, 1_000),
        ("rows staged", 900, 1_000),
    ]
    assert con.executed[-2:] == ["reset enable_progress_bar", "reset enable_progress_bar_print"]
    assert not [t for t in threading.enumerate() if t.name == "statement-progress"]
    quiet = _Polled()
    with statement_progress(quiet, None, "rows staged", 1_000):  # type: ignore[arg-type]
        pass
    assert quiet.executed == []  # no callback: DuckDB's settings untouched


def test_statement_progress_on_duckdb_itself() -> None:
    con = duckdb.connect()
    heard: list[tuple[str, int, int | None]] = []
    with statement_progress(con, lambda *a: heard.append(a), "rows checked", 10):
        con.execute("select count(*) from range(1000)").fetchall()
    assert heard[0] == ("rows checked", 0, 10)
    assert con.execute("select current_setting('enable_progress_bar')").fetchone() == (False,)


def test_phone_lookup_reports_each_chunk() -> None:
    pairs = pl.DataFrame(
        {"phone": [f"+44 7700 900{i:03d}" for i in range(60)], "country": ["GB"] * 60}
    )
    heard: list[tuple[str, int, int | None]] = []
    out = phone_lookup(pairs, workers=2, parallel_from=1, progress=lambda *a: heard.append(a))
    assert out["phone_e164"].null_count() == 0
    assert heard[0] == ("phones parsed", 0, 60) and heard[-1] == ("phones parsed", 60, 60)
    assert len(heard) >= 4  # 0, a line per chunk, the end
    assert [done for _, done, _ in heard] == sorted(done for _, done, _ in heard)


class _Log:
    def __init__(self) -> None:
        self.lines: list[tuple[int, str, dict]] = []

    def log(self, level: int, message: str, extra: dict) -> None:
        self.lines.append((level, message, extra[PROGRESS_KEY]))


class _Context:
    def __init__(self) -> None:
        self.log = _Log()


def test_step_progress_logs_phases_and_at_most_a_tick_a_second() -> None:
    context = _Context()
    progress = step_progress(context, "staging/logins", tick_seconds=60)
    progress("rows checked", 0, 100)
    progress("rows checked", 50, 100)  # within the tick: held back...
    progress("rows checked", 90, 100)
    progress("rows staged", 0, 100)  # ...until the next phase begins
    assert [(level, message) for level, message, _ in context.log.lines] == [
        (logging.INFO, "staging/logins: rows checked 0 of 100"),
        (logging.DEBUG, "staging/logins: rows checked 90 of 100"),
        (logging.INFO, "staging/logins: rows staged 0 of 100"),
    ]
    assert context.log.lines[-1][2] == {"what": "rows staged", "done": 0, "total": 100}


def _events() -> list[StageEvent]:
    return [
        StageEvent("planned", "", total=3),
        StageEvent("started", "staging/logins"),
        StageEvent("progress", "staging/logins", what="rows staged", done=5, total=10),
        StageEvent("progress", "staging/logins", what="rows staged", done=10, total=10),
        StageEvent("finished", "staging/logins", outcome="done", summary="10 rows"),
        StageEvent("started", "staging/logins:rows_reconcile"),
        StageEvent("failed", "staging/logins:rows_reconcile", outcome="FAILED"),
        StageEvent("skipped", "graph/account_links", outcome="skipped"),
    ]


def test_off_a_terminal_one_plain_line_per_stage() -> None:
    stream = io.StringIO()
    display = make_display("ringwatch run", stream=stream)
    assert isinstance(display, LineDisplay) and not isinstance(display, LiveDisplay)
    for event in _events():
        display(event)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    assert "[1/3] staging/logins " in lines[0] and " done " in lines[0]
    assert lines[0].endswith("10 rows")
    assert "[2/3] staging/logins:rows_reconcile " in lines[1] and " FAILED " in lines[1]
    assert "[3/3] graph/account_links " in lines[2] and lines[2].rstrip().endswith("skipped")
    assert "\x1b" not in stream.getvalue() and "\r" not in stream.getvalue()
    display.close()  # all stages accounted for: nothing more to say
    assert len(stream.getvalue().splitlines()) == 3
    display.total = 5
    display.close()
    assert stream.getvalue().splitlines()[-1].endswith(" 2 of 5 stages not run")
    assert make_display("ringwatch run", quiet=True, stream=stream) is None


def test_on_a_terminal_live_bars_and_the_same_lines() -> None:
    buffer = io.StringIO()
    display = LiveDisplay("ringwatch run", Console(file=buffer, force_terminal=True, width=120))
    for event in _events():
        display(event)
        time.sleep(0.01)
    display.close()
    text = buffer.getvalue()
    assert "rows staged" in text and "ringwatch run" in text
    assert "[1/3] staging/logins" in text and "[3/3] graph/account_links" in text


def test_generate_stages_from_plain_progress() -> None:
    stream = io.StringIO()
    display = LineDisplay("ringwatch generate", stream, total=3)
    progress, finish = stage_events(display)
    progress("population", 0, None)
    progress("accounts", 0, None)
    progress("accounts", 2_000, None)
    progress("labels", 0, None)
    finish()
    lines = stream.getvalue().splitlines()
    stages = [line.split("] ")[1].split()[0] for line in lines]
    assert stages == ["population", "accounts", "labels"]
    assert lines[1].endswith("2,000 rows") and not lines[0].endswith("rows")


def test_a_statement_files_header_and_parameters(tmp_path: Path) -> None:
    path = tmp_path / "q.sql"
    path.write_text(
        "-- Accounts of one country.\n"
        "-- param country: ISO 3166 code\n"
        "-- param top: how many\n"
        "-- example: country=GB top='2'\n"
        "select '$notaparam' as s, $country as c -- $nor_this\n"
        "from range(5) limit $top;\n"
    )
    file = analyst_sql.read_file(path)
    assert file.documented == {"country": "ISO 3166 code", "top": "how many"}
    assert file.example == {"country": "GB", "top": "2"}
    con = duckdb.connect()
    assert analyst_sql.run(con, file, file.example).fetchall() == [("$notaparam", "GB")] * 2
    with pytest.raises(analyst_sql.ParameterError, match=r"missing parameter top: .* top \(how"):
        analyst_sql.run(con, file, {"country": "GB"})
    with pytest.raises(analyst_sql.ParameterError, match="unknown parameter nor_this"):
        analyst_sql.run(con, file, {**file.example, "nor_this": "1"})
    with pytest.raises(analyst_sql.ParameterError, match="given twice"):
        analyst_sql.parse_params(["a=1", "a=2"])
    with pytest.raises(analyst_sql.ParameterError, match="not name=value"):
        analyst_sql.parse_params(["a"])
    assert analyst_sql.parse_params(["q=a=b c"]) == {"q": "a=b c"}


def test_csv_and_json_of_every_kind_of_value() -> None:
    con = duckdb.connect()
    relation = con.sql(
        "select 1.50::decimal(12, 2) as paid, [1, 2] as ids, true as ok, null as none, "
        "timestamptz '2025-01-02 03:04:05+00' as ts, {'k': 'v'} as s"
    )
    con.execute("set TimeZone = 'UTC'")
    out = io.StringIO()
    analyst_sql.write(relation, "csv", out)
    assert out.getvalue().splitlines() == [
        "paid,ids,ok,none,ts,s",
        '1.50,"[1, 2]",true,,2025-01-02T03:04:05+00:00,"{""k"": ""v""}"',
    ]
    out = io.StringIO()
    analyst_sql.write(relation, "json", out)
    assert out.getvalue() == (
        '[\n{"paid": 1.5, "ids": [1, 2], "ok": true, "none": null, '
        '"ts": "2025-01-02T03:04:05+00:00", "s": {"k": "v"}}\n]\n'
    )
    out = io.StringIO()
    analyst_sql.write(con.sql("select 1 as x where false"), "json", out)
    assert out.getvalue() == "[]\n"
