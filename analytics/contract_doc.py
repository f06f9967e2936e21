"""Render ``docs/data_contract.md`` from ``analytics.contract``.

``ringwatch contract`` prints it, ``ringwatch contract --write`` (``make contract``) writes it;
``tests/test_contract_doc.py`` fails when the committed file and ``render()`` differ.

The tables and the rules are the shared contract's words, held in ``analytics.contract``. The
last section, ringwatch's choices, is this project's: what the code does where the contract
leaves the decision to the project, and what it does not do yet. It lives here rather than in
``analytics.contract`` because the loader imports that module, and its source is part of the
staged tables' fingerprint (``analytics.reuse``): rewording a paragraph should not restage them.
"""

from __future__ import annotations

from pathlib import Path

from analytics import contract
from analytics.contract import InputTable

DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "data_contract.md"

GENERATED_NOTE = """\
> Generated from `analytics/contract.py` by `make contract` (`ringwatch contract --write`);
> edit that module, not this file. `tests/test_contract_doc.py` fails when the two differ and,
> where the shared data contract is at hand (`../shared/DATA_CONTRACT.md`), checks every table,
> column and rule below against it, word for word.
> The last section, [ringwatch's choices](#ringwatchs-choices), is this project's own: what it
> decided where the contract leaves the decision to the project, and what it does not do yet."""

# Checked against analytics/ingest.py and sql/checked/*.sql: state only what the code does.
CHOICES = """\
Where the contract leaves a decision to the project, this is what the code does today
(`analytics/ingest.py`, `sql/checked/<table>.sql`); where it does not yet do what the contract
asks, this section says so.

### Reading the files

- Every value is read as text and typed by `sql/checked/<table>.sql`: CSV as RFC 4180 (comma,
  double quotes; the dialect is never sniffed), Parquet columns cast to text. Header names are
  matched after trimming spaces and ignoring case; columns the contract does not name are
  ignored, and an optional column that is absent reads as empty.
- Values are trimmed and an empty value counts as missing, except `messages.body`, which is
  kept exactly as sent. Ids keep their case.
- Timestamps: an offset (or a named time zone) is applied and the instant stored in UTC,
  without a zone; a text without an offset is UTC, a date alone is midnight UTC.
- `country` and `currency` are upper-cased and checked for their form only (two letters, three
  letters), not against the ISO 3166-1 and ISO 4217 lists. `logins.device_id` and
  `labels.pattern` are lower-cased; `labels.pattern` is not checked against the patterns.
- `proposals` accepts a whole number written with a decimal point (`12.0`). `amount` is read as
  a decimal with four places; more places are rounded.
- An `email` or `phone` that cannot be normalized does not quarantine its account: it is kept
  as typed, and `staging.accounts.email_normalized` or `phone_e164` is empty.

### Physical types

ringwatch documents and applies no conversion, and it does not yet stop the run on a column
whose physical type cannot hold the contract's type: every value is read as text, so an integer
Parquet column where a timestamp belongs (epoch seconds or milliseconds) quarantines each of
its rows as `unparseable <column>`, and the run goes on. Stopping before anything is written,
naming file, column, found and expected type: not yet implemented.

### Duplicates, references and the quarantine tables

- Among rows sharing an id, the first valid row is kept (valid rows before invalid ones, then
  by file name and row); each other one is quarantined as
  `duplicate <id column> (kept FILE row N)`. `labels` has no id: repeated label rows are all
  staged.
- A reference to an account or contract that was itself quarantined is quarantined with its
  own reason (`client_id refers to a quarantined account`), not as unknown. `client_id` and
  `freelancer_id` must also have the role their name says. `messages.contract_id` is checked
  only when given; senders and recipients are not checked against the contract's parties.
- `quarantine.<table>` holds `source_file`, `source_row` (1-based, header not counted),
  `reason` (the first rule the row breaks, without its detail: the run report counts these),
  `reasons` (every rule it breaks) and the row's raw values as read.

### Times out of range, and times against their parent

Not yet implemented: there is no configured earliest date, as-of time or tolerance, and no
check of a time against its parent (a payment before its contract, a contract ending before it
began). Such rows are neither quarantined nor flagged: every parseable timestamp is staged.

### Quarantined share

Not yet implemented: there is no limit on a table's quarantined share; the run goes on
whatever share of a table is quarantined.

### Tables given as a folder

A table's files are fingerprinted by their content (`analytics/reuse.py`). When any of them
changed, a new file in its folder included, the table is read again from all its files, which
gives the same result as a fresh run. Reading only the new files: not yet implemented.

### Commands

`ringwatch params [FILE]` prints every parameter as TOML (one table per detector:
`[identifier_evidence]`, `[ring]`, `[immediate_hire]`, `[contact_dropoff]`, and `[queue]`),
each with its default and reason; given a FILE it prints the parameters that file gives,
checked. `ringwatch run --params FILE` overrides any subset; an unknown section or key or a
value of the wrong type stops the run before anything is written, naming the key. Each run
records the parameters' digest and overrides in `queues.runs` and the run report.
`ringwatch contacts FILE` (`-` for standard input) is implemented as the contract says.
Not yet implemented: `ringwatch users add`. ringwatch also has commands the contract does not
name: `decide`, `sql`, `serve`, and `contract`, which prints or writes this document."""


def _cell(text: str) -> str:
    """A table cell: a '|' inside it, even inside a code span, must be escaped (GFM)."""
    return text.replace("|", "\\|")


def _row(cells: list[str]) -> str:
    return "|" + "|".join(f" {_cell(c)} " if c else " " for c in cells) + "|"


def _input_table(table: InputTable) -> list[str]:
    heading = f"### {table.name}" + (" (optional)" if table.optional_table else "")
    lines = [heading, ""]
    if table.intro:
        lines += [table.intro, ""]
    lines += ["| column | type | required | meaning |", "|---|---|---|---|"]
    for c in table.column_specs:
        lines.append(_row([c.name, c.type, "yes" if c.required else "no", c.meaning]))
    return [*lines, ""]


def _queue_table() -> list[str]:
    lines = ["| column | type | meaning |", "|---|---|---|"]
    lines += [_row([c.name, c.type, c.meaning]) for c in contract.QUEUE_COLUMNS]
    return [*lines, ""]


def render() -> str:
    """The data contract as markdown: the content of ``docs/data_contract.md``."""
    lines = ["# Data contract", "", GENERATED_NOTE, "", contract.INTRO, ""]
    lines += ["## Input: one folder, one file per table", ""]
    lines += [contract.FILE_LAYOUT, "", contract.TIMESTAMPS, ""]
    for table in contract.INPUT_TABLES:
        lines += _input_table(table)
    lines += ["### Bad input", "", contract.BAD_INPUT, ""]
    lines += ["## Output", "", "### The database", "", contract.OUTPUT_DATABASE, ""]
    lines += ["### The investigation queue", "", contract.QUEUE_INTRO, ""]
    lines += [*_queue_table(), contract.QUEUE_NOTE, ""]
    lines += ["## Command line", "", contract.COMMAND_LINE, ""]
    lines += ["## ringwatch's choices", "", CHOICES]
    return "\n".join(lines) + "\n"


def write(path: Path = DOC_PATH) -> Path:
    """Write ``render()`` to ``path`` (``docs/data_contract.md`` by default)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    return path
