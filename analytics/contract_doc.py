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
  double quotes; the dialect is never sniffed), Parquet columns cast to text (see "Physical
  types"). Header names are matched after trimming spaces and ignoring case; a UTF-8
  byte-order mark and CRLF line ends are read as if absent. Columns the contract does not name
  are ignored, and an optional column that is absent reads as empty.
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

Before anything is written (`ringwatch run` checks every file first; a Dagster run checks each
file as its table is staged), each column's physical type is checked against the contract's
type. CSV columns are text. What each column accepts, then reads as text:

- a timestamp: text, a Parquet `TIMESTAMP` of any unit (without a time zone it is UTC) or
  `DATE` (midnight UTC), or integers (below);
- a string (ids, `email`, `phone`, `name`, `body`, `device_id`, `instrument_id`, `case_key`,
  `pattern`): text, `UUID`, or integers, read as their digits (`1001` is the id `"1001"`);
- an enum or a code (`role`, `hire_type`, `pricing`, `status`, `kind`, `label`, `country`,
  `currency`): text only;
- `proposals`: integers, floating-point or decimal numbers, or text (a whole number);
  `amount`: the same.

Anything else stops the run with an error naming the file, the column, the type found and the
type expected: a floating-point or boolean id, an integer `role`, a floating-point or
time-of-day timestamp, binary, lists. A column that holds no value at all is read as empty
whatever its type (writers type an all-null column as `INTEGER`).

Integers where a timestamp belongs (an integer Parquet column, or a text column whose non-empty
values in its first 1,000 rows are all integers, as a CSV writes them) are read as Unix epoch
time. The unit is told apart by the column's median, file by file: from 10^8 to 10^11 seconds,
up to 10^14 milliseconds, up to 10^17 microseconds, beyond that nanoseconds. The plausible
years of one unit (1973 to 5138 in seconds) never overlap another's. A median below 10^8 (days
since 1970, `20250101`, a counter) stops the run. Every integer of the column is read in that
unit and then meets the time window below: a `0` placeholder becomes 1970-01-01 and is
quarantined as before the earliest date; a value no timestamp can hold is quarantined as
unparseable. The quarantine table holds the converted time as text (the number itself when it
could not be converted). Each conversion is named in the run's output and in
`quarantine.load_report.conversions` (`accounts.parquet created_at: integers read as epoch
seconds`). `ingest.integer_timestamps_as_epoch = false` turns this off: such a column then
stops the run.

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

Every timestamp (`created_at`, `ts`, `job_posted_at`, `ended_at`, `decided_at`) before
`ingest.earliest_date` (default 1995-01-01, UTC) is quarantined as
`<column> before the earliest date`; one after the as-of time plus
`ingest.future_tolerance_hours` (default 24) as `<column> after the as-of time`. The as-of
time is `ringwatch run --as-of` (`ingest.as_of`; in Dagster, `RINGWATCH_AS_OF` or the `params`
resource's `ingest.as_of`). Without it, each table's as-of time is its newest timestamp that is
neither before the earliest date nor after the moment of the run: a `2099-01-01` placeholder
cannot move it. `quarantine.load_report` records, per table, `earliest`, `as_of`,
`as_of_derived` and `latest`, and the run prints them. Without `--as-of`, the check catches
what is dated after the moment of the run (a year-2099 or 9999-12-31 placeholder, a clock
gone wrong), but not a wrong time between the export and the run (2025 typed for 2024 in an
export of 2024): only `--as-of` catches those. Only a row dated after the moment of the run
depends on when the run happened; pass `--as-of` where every row must be reproducible.

- A contract that ends before it began (`ended_at` before `created_at`) is **quarantined**:
  the row contradicts itself, nothing tells which of its times is wrong, and `created_at`
  drives the immediate-hire detector (minutes from sign-up to hire). Its payments and messages
  are then quarantined as referring to a quarantined contract.
- A payment before its contract was created, a message sent before its sender signed up, and a
  contract created before its client or its freelancer signed up are **flagged**: the row is
  staged, and its `flags` column (`staging.contracts`, `staging.payments`, `staging.messages`)
  names the contradiction (`ts before the contract was created`, `ts before the sender signed
  up`, `created_at before the client signed up`, `created_at before the freelancer signed up`).
  Each such row is plausible on its own. The contradiction lies between two tables whose times
  come from different systems or mean different things: escrow funded when the offer is sent
  and the contract stamped when it is accepted, an account re-created or merged after it first
  wrote, two export jobs applying time zones differently. Quarantining would take real money
  and real contact evidence away from the detectors, since a quarantined contract takes its
  payments and messages with it. The run reports flagged rows per flag
  (`quarantine.load_report.rows_flagged`). Flags do not count towards the quarantined share.
  The detectors do not read flags yet: a hire flagged as made before its client signed up
  counts as immediate (negative minutes count as zero).
- Not checked: a login before its account's sign-up (the sign-up's own login is often stamped
  a moment earlier), a message before its contract, a job posted after the hire.

### Quarantined share

Two blocking checks make the circuit breaker. On every staged input table, `quarantined_share`
passes when the table's quarantined share (rows quarantined for any reason, references to
quarantined parents included, over rows read) is at most `ingest.max_quarantined_share_<table>`
(default 1%, 5% for `labels`). On every required table, `not_emptied` fails when the table
arrives with no rows although the last good run read rows from it, unless
`ingest.allow_empty_required_tables`. The last good run
is the last one that published the snapshot; `quarantine.last_good_load`, written as it
publishes, holds its counts. A failed check stops the run before the detectors. Every detector
waits for the checks of every staged table, not only the tables it reads, so no graph, score,
queue, export or snapshot is built. The snapshot (what analysts, `ringwatch sql` and the review
app read) and the exports stay those of the last good run, byte for byte. `ringwatch run` exits
1 and prints the table, the share, the limit and the three most frequent reasons;
`run_report.json` describes the stopped run (`stopped_by`). A failing check does not undo the
table it checks: the stopped run's staging and quarantine tables stay in the working database
for inspection (`ringwatch sql --working`). The next run replaces them.

### Tables given as a folder

A table's files are fingerprinted by their content (`analytics/reuse.py`). When any of them
changed, a new file in its folder included, the table is read again from all its files, which
gives the same result as a fresh run. Reading only the new files: not yet implemented.

### Commands

`ringwatch params [FILE]` prints every parameter as TOML (`[ingest]`, then one table per
detector: `[identifier_evidence]`, `[ring]`, `[immediate_hire]`, `[contact_dropoff]`, and
`[queue]`), each with its default and reason; given a FILE it prints the parameters that file
gives, checked. `ringwatch run --params FILE` overrides any subset; an unknown section or key or
a value of the wrong type stops the run before anything is written, naming the key.
`ringwatch run --as-of TIME` sets `ingest.as_of`. Each run records the parameters' digest and
overrides in `queues.runs` and the run report.
`ringwatch contacts FILE` (`-` for standard input) is implemented as the contract says.
Not yet implemented: `ringwatch users add`. ringwatch also has commands the contract does not
name: `decide`, `sql` (the snapshot; `--working` for the working database), `serve`, and
`contract`, which prints or writes this document."""


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
