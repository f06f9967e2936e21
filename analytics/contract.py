"""The data contract: the input tables, the investigation queue and the rules, as data.

``docs/data_contract.md`` is rendered from this module (``make contract``, see
``analytics.contract_doc``), and ``tests/test_contract_doc.py`` checks it against the shared
``DATA_CONTRACT.md`` when that file is present (``../shared`` next to the repository). The words
of each column (type, required, meaning) and the prose sections are the shared contract's own.

The loader and the generator use the shape (names, required columns, load order, enum values);
the row rules themselves live in ``sql/checked/<table>.sql`` so an analyst can read them as SQL.
The enum tuples below are what the validator checks *and* what the document's type column says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ROLES = ("client", "freelancer")
HIRE_TYPES = ("job_post", "invite", "direct_contract")
PRICING = ("hourly", "fixed")
CONTRACT_STATUSES = ("active", "completed", "cancelled")
PAYMENT_KINDS = ("hourly", "milestone", "bonus", "refund", "chargeback")
LABELS = ("fraud", "legit")
# The patterns the contract names (labels.pattern, the queue's pattern column). The detectors
# register them in analytics.patterns; tests/test_registry.py keeps the two equal. Kept here,
# not imported from the registry, so the staging code's fingerprint never includes weights.
PATTERNS = ("ring", "immediate_hire", "contact_dropoff")


def code(value: str) -> str:
    """``value`` as inline code: `value`."""
    return f"`{value}`"


def one_of(values: Iterable[str]) -> str:
    """An enum as the contract writes it: `a`, `b` or `c`."""
    quoted = [code(v) for v in values]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def for_example(values: Iterable[str]) -> str:
    """An open list of examples: `a`, `b`, …"""
    return ", ".join(code(v) for v in values) + ", …"


STRING = "string"
TIMESTAMP = "timestamp"


@dataclass(frozen=True)
class Column:
    """One input column as the contract documents it."""

    name: str
    type: str  # the contract's type text, e.g. "timestamp" or "`client` or `freelancer`"
    required: bool
    meaning: str = ""


@dataclass(frozen=True)
class OutputColumn:
    """One column of the investigation queue."""

    name: str
    type: str
    meaning: str


@dataclass(frozen=True)
class InputTable:
    """One input table: its columns in contract order and which of them must be present."""

    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    id_column: str | None = None  # the column that must be unique, if the table has one
    optional_table: bool = False
    # staged tables whose rows this table's references must point at (staged before it)
    references: tuple[str, ...] = ()
    # the contract's words: the text under the table's heading, and each column's row
    intro: str = ""
    column_specs: tuple[Column, ...] = ()

    def __post_init__(self) -> None:
        specs = self.column_specs
        if specs and (
            self.columns != tuple(c.name for c in specs)
            or self.required != tuple(c.name for c in specs if c.required)
        ):
            raise ValueError(f"{self.name}: columns and required disagree with column_specs")


def _table(
    name: str,
    specs: tuple[Column, ...],
    *,
    id_column: str | None = None,
    optional_table: bool = False,
    references: tuple[str, ...] = (),
    intro: str = "",
) -> InputTable:
    """An InputTable whose ``columns`` and ``required`` come from its column specs."""
    return InputTable(
        name,
        tuple(c.name for c in specs),
        tuple(c.name for c in specs if c.required),
        id_column=id_column,
        optional_table=optional_table,
        references=references,
        intro=intro,
        column_specs=specs,
    )


ACCOUNTS = _table(
    "accounts",
    (
        Column("account_id", STRING, True, "unique"),
        Column("role", one_of(ROLES), True),
        Column("created_at", TIMESTAMP, True, "sign-up time"),
        Column("country", "ISO 3166-1 alpha-2", False, "also the default region for `phone`"),
        Column("email", STRING, False, "as typed by the user; case, dots and `+tags` vary"),
        Column(
            "phone",
            STRING,
            False,
            "as typed: `+1 (415) 555-0100`, `0044 20 7946 0018`, `415.555.0100`",
        ),
        Column("name", STRING, False, "display name"),
    ),
    id_column="account_id",
)
LOGINS = _table(
    "logins",
    (
        Column("account_id", STRING, True),
        Column("ts", TIMESTAMP, True),
        Column("ip", STRING, True, "IPv4 or IPv6"),
        Column("device_id", STRING, False, "device / browser fingerprint"),
    ),
    references=("accounts",),
)
CONTRACTS = _table(
    "contracts",
    (
        Column("contract_id", STRING, True, "unique"),
        Column("client_id", STRING, True, f"an account with role {code('client')}"),
        Column("freelancer_id", STRING, True, f"an account with role {code('freelancer')}"),
        Column("created_at", TIMESTAMP, True, "hire time"),
        Column(
            "job_posted_at",
            TIMESTAMP,
            False,
            "when the job was posted; empty when there was no public post",
        ),
        Column("hire_type", one_of(HIRE_TYPES), True),
        Column("proposals", "integer ≥ 0", False, "proposals the job received before the hire"),
        Column("pricing", one_of(PRICING), True),
        Column("status", one_of(CONTRACT_STATUSES), True),
        Column("ended_at", TIMESTAMP, False),
    ),
    id_column="contract_id",
    references=("accounts",),
)
PAYMENTS = _table(
    "payments",
    (
        Column("payment_id", STRING, True, "unique"),
        Column("contract_id", STRING, True, "payer is the contract's client, payee its freelancer"),
        Column("ts", TIMESTAMP, True),
        Column("amount", "decimal, > 0", True, "always positive; `kind` gives the direction"),
        Column("currency", "ISO 4217", True),
        Column(
            "kind",
            one_of(PAYMENT_KINDS),
            True,
            "refund and chargeback move money back to the client",
        ),
        Column(
            "instrument_id",
            STRING,
            False,
            "fingerprint of the payer's card, bank account or wallet",
        ),
    ),
    id_column="payment_id",
    references=("contracts",),
)
MESSAGES = _table(
    "messages",
    (
        Column("message_id", STRING, True, "unique"),
        Column("contract_id", STRING, False, "empty for conversations before a hire"),
        Column("sender_id", STRING, True),
        Column("recipient_id", STRING, True),
        Column("ts", TIMESTAMP, True),
        Column("body", STRING, True, "raw text as sent"),
    ),
    id_column="message_id",
    references=("accounts", "contracts"),
)
LABELS_TABLE = _table(
    "labels",
    (
        Column("account_id", STRING, True),
        Column("label", one_of(LABELS), True),
        Column("pattern", STRING, False, for_example(PATTERNS)),
        Column(
            "case_key",
            STRING,
            False,
            "accounts that share a case_key belong to one planted or decided case",
        ),
        Column("decided_at", TIMESTAMP, False),
    ),
    optional_table=True,
    references=("accounts",),
    intro="Investigators' past decisions, or the ground truth of a synthetic data set.",
)

# In dependency order: a table's references point only at tables before it.
INPUT_TABLES: tuple[InputTable, ...] = (
    ACCOUNTS,
    LOGINS,
    CONTRACTS,
    PAYMENTS,
    MESSAGES,
    LABELS_TABLE,
)
TABLES_BY_NAME = {t.name: t for t in INPUT_TABLES}

# The investigation queue: queues.investigation_queue and its two exports, in column order.
QUEUE_TABLE = "queues.investigation_queue"
QUEUE_COLUMNS: tuple[OutputColumn, ...] = (
    OutputColumn(
        "case_id",
        STRING,
        "stable: the same pattern over the same members gets the same id in every run",
    ),
    OutputColumn("rank", "integer", "1 is the case to review first; unique, no gaps"),
    OutputColumn("pattern", STRING, one_of(PATTERNS)),
    OutputColumn(
        "score", "double in [0, 1]", "comparable across patterns: the queue is sorted by it"
    ),
    OutputColumn(
        "account_ids",
        "list of string",
        "the accounts the case is about, most central first (CSV: joined by `;`)",
    ),
    OutputColumn(
        "contract_ids",
        "list of string",
        "the contracts that carry the evidence (CSV: joined by `;`)",
    ),
    OutputColumn(
        "reasons",
        "list of string",
        "human-readable, most important first, with the numbers behind them (CSV: joined by ` | `)",
    ),
)

# --- the contract's prose, section by section (markdown, as the shared contract words it) ---

INTRO = """\
What ringwatch reads, and what it publishes. Every tool that feeds it (an export job,
the synthetic generator, a test fixture) writes exactly this; every consumer (an
investigator's queue, an analyst's SQL, a scoring check) reads exactly that.
Change it only together with the code, the tests and this file."""

FILE_LAYOUT = """\
`DIR/<table>.parquet`, `DIR/<table>.csv` or `DIR/<table>.csv.gz`, where `<table>` is
one of the names below. A folder `DIR/<table>/` of such files (e.g. one per day) is
read as one table. `labels` is optional; every other table is required (it may be empty)."""

TIMESTAMPS = """\
Timestamps: ISO-8601; with an offset they are converted to UTC, without one they are UTC.
Ids are strings (an id that looks like a number is still a string)."""

BAD_INPUT = """\
Valid rows of `<table>` land in `staging.<table>`. A row that breaks the contract
(missing required value, unknown enum, unparseable timestamp or number, duplicate id,
non-positive amount, reference to an unknown account or contract) is never dropped
silently: it goes to `quarantine.<table>` with its raw values and a reason, is counted
in the run's report, and the run goes on. Per table, rows read = rows in
`staging.<table>` + rows in `quarantine.<table>`. A file that cannot be read, or that
lacks a required column, stops the run with an error that names the file and the
column. Re-running on the same input gives the same result.

- Enum values are matched after trimming spaces and ignoring case (`Client ` is `client`).
- A column whose physical type cannot hold the contract's type (an integer where a
  timestamp belongs) stops the run before anything is written, naming file, column,
  found and expected type — unless the project documents an unambiguous conversion
  (e.g. epoch seconds or milliseconds told apart by magnitude) and applies it.
- A timestamp before the configured earliest date or after the export's as-of time
  (plus a tolerance) is quarantined with its reason; so is a row whose time contradicts
  its parent (a payment before its contract, a contract ending before it began), or it
  is flagged — the project's contract document says which.
- A table whose quarantined share exceeds its configured limit stops the run before
  the detectors, naming the table, the share and the top reasons. The analysts'
  snapshot, the exports and the review app keep the last good run.
- A UTF-8 byte-order mark, CRLF line ends and spaces around CSV header names are read
  as if absent.
- Tables given as a folder may grow by new files between runs; a run reads what is new
  and gives the same result as a fresh run over all the files."""

OUTPUT_DATABASE = """\
One DuckDB file. Analysts query it read-only while nothing is writing. Schemas:
`staging` (typed, normalized input), `graph`, `features`, `scores`, `queues`,
`quarantine`. Every table and column that analysts see has a comment
(`COMMENT ON`), and `sql/` holds the statements that build them."""

QUEUE_INTRO = """\
`queues.investigation_queue` in the database, and the same rows exported as
`OUT/investigation_queue.parquet` and `OUT/investigation_queue.csv`:"""

QUEUE_NOTE = """\
One case per pattern per group of accounts: the same accounts are not queued twice
for the same pattern."""

COMMAND_LINE = """\
- `ringwatch run --input DIR --db FILE --out DIR` materializes every asset through
  Dagster, in process, and writes the database and the exports.
- `ringwatch generate --out DIR [--accounts N] [--seed S]` writes a synthetic
  marketplace in the input format above, with `labels` holding the planted cases.
- `ringwatch demo` generates a small marketplace, runs the pipeline on it, and
  prints the top of the queue.
- `ringwatch params` prints every parameter as TOML; `ringwatch run --params FILE`
  overrides any of them for one run.
- `ringwatch contacts FILE` reads JSON lines `{"id", "text", "region"}` and prints one
  JSON line per contact found: `{"id", "kind", "value", "start", "end", "personal"}`.
- `ringwatch users add NAME --role investigator|lead --db FILE` (password on standard
  input) makes a user of the review app."""
