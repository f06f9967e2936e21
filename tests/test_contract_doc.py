"""docs/data_contract.md is rendered from analytics/contract.py, and both agree with the shared
data contract (../shared/DATA_CONTRACT.md next to the repository) when it is at hand."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from analytics import contract, contract_doc
from pipelines.cli import main

SHARED_CONTRACT = Path(__file__).parents[2] / "shared" / "DATA_CONTRACT.md"
CHOICES_HEADING = "ringwatch's choices"
INPUT_HEADER = ["column", "type", "required", "meaning"]
QUEUE_HEADER = ["column", "type", "meaning"]


@dataclass
class Section:
    """What follows one heading up to the next: its prose and its tables."""

    heading: str
    level: int
    prose: list[str] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)  # rows of cells, header first

    @property
    def text(self) -> str:
        """The prose with white space collapsed: line wrapping is not a difference."""
        return " ".join(" ".join(self.prose).split())


def _cells(line: str) -> list[str]:
    """One table row's cells. '|' splits cells unless escaped (GFM) or inside a code span: the
    shared contract writes `` ` | ` `` unescaped in a cell, and means one cell."""
    cells, cell, in_code = [], [], False
    body = line.strip().removeprefix("|").removesuffix("|")
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and body[i + 1 : i + 2] == "|":
            cell.append("|")
            i += 1
        elif char == "|" and not in_code:
            cells.append("".join(cell).strip())
            cell = []
        else:
            in_code ^= char == "`"
            cell.append(char)
        i += 1
    return [*cells, "".join(cell).strip()]


def parse(markdown: str) -> list[Section]:
    """The document's sections in order; a section's tables are its runs of '|' lines."""
    sections = [Section("", 0)]
    in_table = False
    for line in markdown.splitlines():
        if heading := re.match(r"^(#+)\s+(.*)$", line):
            sections.append(Section(heading[2].strip(), len(heading[1])))
            in_table = False
        elif line.lstrip().startswith("|"):
            if not in_table:
                sections[-1].tables.append([])
                in_table = True
            if not re.fullmatch(r"\|?(\s*:?-+:?\s*\|)+\s*:?-*:?\s*", line.strip()):
                sections[-1].tables[-1].append(_cells(line))
        else:
            in_table = False
            sections[-1].prose.append(line)
    return [s for s in sections if s.heading or s.text or s.tables]


def _by_heading(sections: list[Section]) -> dict[str, Section]:
    headings = [s.heading for s in sections]
    assert len(headings) == len(set(headings)), f"headings repeat: {headings}"
    return {s.heading: s for s in sections}


def _input_tables(sections: list[Section]) -> dict[str, Section]:
    """Sections holding an input table (column | type | required | meaning), by table name."""
    found = {}
    for s in sections:
        if s.tables and s.tables[0][0] == INPUT_HEADER:
            name = s.heading.removesuffix("(optional)").strip()
            found[name] = s
    return found


def _queue_rows(sections: list[Section]) -> list[list[str]]:
    queue = _by_heading(sections)["The investigation queue"]
    (table,) = queue.tables
    assert table[0] == QUEUE_HEADER
    return table[1:]


def _contract_rows(table: contract.InputTable) -> list[list[str]]:
    return [[c.name, c.type, "yes" if c.required else "no", c.meaning] for c in table.column_specs]


def _contract_queue_rows() -> list[list[str]]:
    return [[c.name, c.type, c.meaning] for c in contract.QUEUE_COLUMNS]


# --- the committed document and the module ------------------------------------------------------


def test_committed_document_is_rendered_from_contract_py() -> None:
    assert contract_doc.DOC_PATH.is_file(), "docs/data_contract.md is missing: run `make contract`"
    committed = contract_doc.DOC_PATH.read_text(encoding="utf-8")
    assert committed == contract_doc.render(), (
        "docs/data_contract.md differs from what analytics/contract.py renders: run "
        "`make contract` and commit the result"
    )


def test_rendered_tables_read_back_as_contract_py() -> None:
    """What a reader parses from the document is what the module holds (escaped '|' included)."""
    sections = parse(contract_doc.render())
    tables = _input_tables(sections)
    assert list(tables) == [t.name for t in contract.INPUT_TABLES]
    for table in contract.INPUT_TABLES:
        section = tables[table.name]
        assert section.heading.endswith("(optional)") == table.optional_table
        assert section.tables[0][1:] == _contract_rows(table)
        assert section.text == " ".join(table.intro.split())
    assert _queue_rows(sections) == _contract_queue_rows()
    assert sections[-1].heading != CHOICES_HEADING or sections[-1].text


def test_column_specs_keep_the_loaders_api() -> None:
    for table in contract.INPUT_TABLES:
        assert table.columns == tuple(c.name for c in table.column_specs)
        assert table.required == tuple(c.name for c in table.column_specs if c.required)
        assert table.id_column is None or table.id_column in table.required
        assert contract.TABLES_BY_NAME[table.name] is table
    # the validator's enum lists are the document's type column
    assert contract.TABLES_BY_NAME["accounts"].column_specs[1].type == "`client` or `freelancer`"
    assert contract.one_of(contract.PAYMENT_KINDS) == (
        "`hourly`, `milestone`, `bonus`, `refund` or `chargeback`"
    )


def test_cli_prints_the_document_and_write_writes_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["contract"]) == 0
    assert capsys.readouterr().out == contract_doc.render()
    written = contract_doc.write(tmp_path / "docs" / "data_contract.md")
    assert written.read_text(encoding="utf-8") == contract_doc.render()


# --- against the shared contract ----------------------------------------------------------------


@pytest.fixture(scope="module")
def shared() -> list[Section]:
    if not SHARED_CONTRACT.is_file():
        pytest.skip(
            f"shared data contract not found at {SHARED_CONTRACT} (a clone without ../shared): "
            "nothing to compare analytics/contract.py with"
        )
    return parse(SHARED_CONTRACT.read_text(encoding="utf-8"))


def test_input_tables_agree_with_the_shared_contract(shared: list[Section]) -> None:
    tables = _input_tables(shared)
    assert list(tables) == [t.name for t in contract.INPUT_TABLES], "input tables or their order"
    for table in contract.INPUT_TABLES:
        section = tables[table.name]
        assert section.heading.endswith("(optional)") == table.optional_table, table.name
        rows = section.tables[0][1:]
        assert [r[0] for r in rows] == list(table.columns), f"{table.name}: columns"
        assert [r[0] for r in rows if r[2] == "yes"] == list(table.required), table.name
        assert {r[2] for r in rows} <= {"yes", "no"}, f"{table.name}: required is yes or no"
        assert rows == _contract_rows(table), f"{table.name}: type, required or meaning"
        assert section.text == " ".join(table.intro.split()), f"{table.name}: intro"


def test_queue_columns_agree_with_the_shared_contract(shared: list[Section]) -> None:
    assert _queue_rows(shared) == _contract_queue_rows()


def test_prose_agrees_with_the_shared_contract(shared: list[Section]) -> None:
    """Every section of the shared contract is in the document with the same words; the
    document adds only its generated note and the ringwatch's choices section at the end."""
    ours = parse(contract_doc.render())
    ours_by_heading = _by_heading(ours)
    for section in shared:
        assert section.heading in ours_by_heading, f"section {section.heading!r} is missing"
        mine = ours_by_heading[section.heading]
        assert mine.level == section.level, section.heading
        if section.level == 1:  # the title: our generated note comes before the same intro
            assert mine.text.endswith(section.text), section.heading
        else:
            assert mine.text == section.text, f"prose of {section.heading!r}"
    headings = [s.heading for s in ours]
    shared_headings = [s.heading for s in shared]
    choices = headings.index(CHOICES_HEADING)
    assert headings[:choices] == shared_headings, "sections added, dropped or reordered"
    assert all(s.level > 2 for s in ours[choices + 1 :]), "the choices section is the last one"
