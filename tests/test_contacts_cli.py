"""``ringwatch contacts``: JSON lines in, one JSON line per finding out, through the real
detector (``analytics.contacts.texts.contacts_in_texts``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from analytics.contacts.texts import contacts_in_texts
from pipelines.cli import main

ROOT = Path(__file__).resolve().parent.parent
ZW = "\u200b"
LINKS = "my wa is wa.me/447700900123 or mark" + ZW + ".twain@hot" + ZW + "mail.com"
LINES = [
    {"id": "email", "text": "write me at John.Smith+work@GoogleMail.com thanks", "region": "US"},
    {"id": "disguised", "text": "call me: four one five 555 O1OO after 6", "region": "US"},
    {"id": "role", "text": "Questions? Mail Support@Acme-Widgets.io anytime", "region": None},
    {"id": "nothing", "text": "Budget $1,250.00, deadline 14/03/2025 at 10:30", "region": "GB"},
    {"id": "links", "text": LINKS, "region": "gb"},  # a lower-case region is fine
]
FIELDS = {"id", "kind", "value", "start", "end", "personal"}


def run_cli(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lines: list[str]
) -> tuple[int, list[dict], str]:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    code = main(["contacts", str(path)])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


@pytest.fixture
def printed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> list[dict]:
    code, rows, err = run_cli(capsys, tmp_path, [json.dumps(x, ensure_ascii=False) for x in LINES])
    assert code == 0 and err == ""
    return rows


def by_id(rows: list[dict]) -> dict[object, list[dict]]:
    out: dict[object, list[dict]] = {}
    for row in rows:
        out.setdefault(row["id"], []).append(row)
    return out


def test_one_line_per_finding_with_the_documented_fields(printed: list[dict]) -> None:
    assert printed and all(set(row) == FIELDS for row in printed)
    found = {
        i: [(r["kind"], r["value"], r["personal"]) for r in rows]
        for i, rows in by_id(printed).items()
    }
    assert found == {
        "email": [("email", "johnsmith@gmail.com", True)],  # normalize_email: dots, +tag
        "disguised": [("phone", "+14155550100", True)],
        "role": [("email", "support@acme-widgets.io", False)],  # a role mailbox
        "links": [("whatsapp", "+447700900123", True), ("email", "mark.twain@hotmail.com", True)],
    }  # "nothing" has no line at all


def test_offsets_slice_the_original_text(printed: list[dict]) -> None:
    texts = {line["id"]: line["text"] for line in LINES}
    spans = {(r["id"], r["kind"]): texts[r["id"]][r["start"] : r["end"]] for r in printed}
    assert spans[("email", "email")] == "John.Smith+work@GoogleMail.com"
    assert spans[("disguised", "phone")] == "four one five 555 O1OO"
    assert spans[("role", "email")] == "Support@Acme-Widgets.io"
    assert spans[("links", "whatsapp")] == "wa.me/447700900123"
    # through zero-width characters: the span in the original holds them
    assert spans[("links", "email")] == "mark" + ZW + ".twain@hot" + ZW + "mail.com"


def test_the_cli_prints_what_the_function_returns(printed: list[dict]) -> None:
    frame = pl.DataFrame({k: [x[k] for x in LINES] for k in ("id", "text", "region")})
    found = contacts_in_texts(frame)
    assert found.columns == [
        "id", "kind", "value", "value_type", "start", "end", "obfuscated", "personal"
    ]  # fmt: skip
    assert [(r["id"], r["kind"], r["value"], r["start"], r["end"]) for r in printed] == [
        (r["id"], r["kind"], r["value"], r["start"], r["end"]) for r in found.iter_rows(named=True)
    ]
    assert found.filter(pl.col("id") == "disguised")["obfuscated"].to_list() == [True]


def test_standard_input_keeps_integer_ids() -> None:
    lines = [
        {"id": 1, "text": "hello@acme.io or +1 (415) 555-0100", "region": None},
        {"id": 2, "text": "no contact here", "region": "DE"},
    ]
    stdin = "".join(json.dumps(x) + "\n\n" for x in lines)  # blank lines are skipped
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "contacts", "-"],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(x) for x in done.stdout.splitlines()]
    assert [(r["id"], r["kind"], r["value"], r["personal"]) for r in rows] == [
        (1, "email", "hello@acme.io", False),
        (1, "phone", "+14155550100", True),
    ]


def test_standard_input_error_names_the_line() -> None:
    stdin = json.dumps({"id": 1, "text": "x", "region": None}) + "\n" + '{"id": 2}\n'
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "contacts", "-"],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "standard input: line 2: missing field 'text'" in done.stderr


def test_empty_input_prints_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run_cli(capsys, tmp_path, []) == (0, [], "")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ('{"id": "b", "text": "hi"', "line 2: not valid JSON"),
        ('["b", "hi", null]', "line 2: expected a JSON object"),
        ('{"id": "b", "text": "hi"}', "line 2: missing field 'region'"),
        ('{"id": "b", "region": "US"}', "line 2: missing field 'text'"),
        ('{"id": "b", "text": "hi", "region": "US", "lang": "en"}', "line 2: unknown field 'lang'"),
        ('{"id": "b", "text": 5, "region": "US"}', "line 2: field 'text' must be a string"),
        ('{"id": null, "text": "hi", "region": "US"}', "line 2: field 'id' must be"),
        ('{"id": "b", "text": "hi", "region": "USA"}', "line 2: field 'region' must be"),
    ],
)
def test_a_malformed_line_is_named_and_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, bad: str, message: str
) -> None:
    good = json.dumps(LINES[0])
    code, rows, err = run_cli(capsys, tmp_path, [good, bad, good])
    assert code == 2 and rows == []
    assert err.startswith("error: ") and message in err


def test_a_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["contacts", str(tmp_path / "absent.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_the_function_names_a_missing_column() -> None:
    with pytest.raises(ValueError, match="region"):
        contacts_in_texts(pl.DataFrame({"id": ["a"], "text": ["x"]}))
