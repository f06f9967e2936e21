"""The input tables of ../shared/DATA_CONTRACT.md, as data the loader and the generator share.

Only the shape lives here (names, required columns, load order); the row rules live in
``sql/checked/<table>.sql`` so an analyst can read them as SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("client", "freelancer")
HIRE_TYPES = ("job_post", "invite", "direct_contract")
PRICING = ("hourly", "fixed")
CONTRACT_STATUSES = ("active", "completed", "cancelled")
PAYMENT_KINDS = ("hourly", "milestone", "bonus", "refund", "chargeback")
LABELS = ("fraud", "legit")


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


ACCOUNTS = InputTable(
    "accounts",
    ("account_id", "role", "created_at", "country", "email", "phone", "name"),
    ("account_id", "role", "created_at"),
    id_column="account_id",
)
LOGINS = InputTable(
    "logins",
    ("account_id", "ts", "ip", "device_id"),
    ("account_id", "ts", "ip"),
    references=("accounts",),
)
CONTRACTS = InputTable(
    "contracts",
    (
        "contract_id",
        "client_id",
        "freelancer_id",
        "created_at",
        "job_posted_at",
        "hire_type",
        "proposals",
        "pricing",
        "status",
        "ended_at",
    ),
    ("contract_id", "client_id", "freelancer_id", "created_at", "hire_type", "pricing", "status"),
    id_column="contract_id",
    references=("accounts",),
)
PAYMENTS = InputTable(
    "payments",
    ("payment_id", "contract_id", "ts", "amount", "currency", "kind", "instrument_id"),
    ("payment_id", "contract_id", "ts", "amount", "currency", "kind"),
    id_column="payment_id",
    references=("contracts",),
)
MESSAGES = InputTable(
    "messages",
    ("message_id", "contract_id", "sender_id", "recipient_id", "ts", "body"),
    ("message_id", "sender_id", "recipient_id", "ts", "body"),
    id_column="message_id",
    references=("accounts", "contracts"),
)
LABELS_TABLE = InputTable(
    "labels",
    ("account_id", "label", "pattern", "case_key", "decided_at"),
    ("account_id", "label"),
    optional_table=True,
    references=("accounts",),
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
