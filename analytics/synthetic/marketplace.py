"""``generate_marketplace``: a whole synthetic marketplace with planted cases, written to disk.

Order matters and is fixed: the population first, then every case (which edits a few accounts
and adds its own rows), then the ordinary activity generated from the edited population, then
the files. Each step draws from its own named random stream, so a seed fixes every byte.
"""

from __future__ import annotations

import gc
from pathlib import Path

import numpy as np
import polars as pl

from analytics.progress import Progress, report
from analytics.synthetic import writer
from analytics.synthetic.casebook import CaseBook
from analytics.synthetic.clock import stream
from analytics.synthetic.conversations import build_messages
from analytics.synthetic.hiring import base_contracts
from analytics.synthetic.logins import base_logins
from analytics.synthetic.negatives_crowds import plant_crowds, plant_look_alike_groups
from analytics.synthetic.negatives_pairs import plant_look_alike_pairs
from analytics.synthetic.payments import build_payments
from analytics.synthetic.planted_dropoffs import plant_contact_dropoffs
from analytics.synthetic.planted_hires import plant_immediate_hires
from analytics.synthetic.planted_rings import plant_rings
from analytics.synthetic.planted_silent import BlockPlan, plant_silent_blocks
from analytics.synthetic.pools import AccountPool
from analytics.synthetic.population import Population, build_population, settle_contacts

MIN_ACCOUNTS = 2_000
"""Below this the crowds (at least 80 accounts each) and the cases do not fit."""

STAGES = (
    "population",
    "planted cases",
    *("accounts", "logins", "contracts", "payments", "messages", "labels"),
)
"""What ``generate_marketplace`` reports to ``progress``, in order: a table's stage ends with
its rows written."""


def _plant_cases(pop: Population, seed: int, blocks: tuple[BlockPlan, ...] = ()) -> CaseBook:
    """Every planted case and hard negative.

    Agencies come before the silent blocks: they hire outside clients that no case owns, and
    no later step may move those clients' sign-up dates after the hire (the silent blocks move
    only their own members', fresh from the pool). The silent blocks come last and draw from
    their own stream, so a marketplace without them is byte-identical to one made before.
    """
    book = CaseBook(pop)
    pool = AccountPool(pop, stream(seed, "pool"))
    plant_rings(pop, pool, book, stream(seed, "rings"))
    plant_immediate_hires(pop, pool, book, stream(seed, "immediate_hires"))
    plant_contact_dropoffs(pop, pool, book, stream(seed, "contact_dropoffs"))
    plant_look_alike_pairs(pop, pool, book, stream(seed, "look_alike_pairs"))
    plant_crowds(pop, pool, book, stream(seed, "crowds"))
    plant_look_alike_groups(pop, pool, book, stream(seed, "look_alike_groups"))
    plant_silent_blocks(pop, pool, book, stream(seed, "silent_blocks"), blocks)
    return book


def generate_marketplace(
    out_dir: Path,
    n_accounts: int,
    seed: int,
    progress: Progress | None = None,
    blocks: tuple[BlockPlan, ...] = (),
) -> dict[str, int]:
    """Write ``out_dir/<table>.parquet`` for every input table; return rows per table.

    The same ``seed``, ``n_accounts`` and ``blocks`` give byte-identical files. ``seed`` must
    be >= 0. ``progress`` hears each of ``STAGES`` as it starts (0 done) and a table's rows once
    written. ``blocks`` adds rings that share no identifier (``planted_silent``: e.g.
    ``TUNING`` or ``HELD_OUT``); none by default.
    """
    if n_accounts < MIN_ACCOUNTS:
        raise ValueError(f"n_accounts must be at least {MIN_ACCOUNTS}, got {n_accounts}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows: dict[str, int] = {}

    def write(frame: pl.DataFrame, table: str) -> None:
        rows[table] = writer.write_table(frame, out_dir, table)
        report(progress, table, rows[table])

    report(progress, "population", 0)
    pop = build_population(n_accounts, stream(seed, "population"))
    report(progress, "planted cases", 0)
    book = _plant_cases(pop, seed, blocks)
    settle_contacts(pop, stream(seed, "contacts"))
    report(progress, "accounts", 0)
    ids = writer.sequential_ids("a", [np.arange(pop.n), pop.created], 7)
    accounts = writer.accounts_frame(pop, ids, stream(seed, "names"))
    write(accounts, "accounts")
    del accounts

    report(progress, "logins", 0)
    logins = pl.concat([base_logins(pop, stream(seed, "logins")), book.logins.frame()])
    frame = writer.logins_frame(logins, ids, pop.devices.series())
    del logins
    write(frame, "logins")
    del frame
    gc.collect()

    report(progress, "contracts", 0)
    contracts = pl.concat(
        [book.contracts.frame(), base_contracts(pop, stream(seed, "contracts"), book)]
    )
    cids = writer.contract_ids(contracts)
    write(writer.contracts_frame(contracts, ids, cids), "contracts")

    report(progress, "payments", 0)
    payments = pl.concat(
        [build_payments(contracts, stream(seed, "payments")), book.payments.frame()]
    )
    frame = writer.payments_frame(payments, contracts, cids, pop.instruments.series())
    del payments
    write(frame, "payments")
    del frame

    report(progress, "messages", 0)
    messages = build_messages(contracts, pop, stream(seed, "messages"), book.messages.frame())
    frame = writer.messages_frame(messages, ids, cids)
    del messages
    write(frame, "messages")
    del frame

    report(progress, "labels", 0)
    labels = writer.labels_frame(book.labels.frame(), ids)
    write(labels, "labels")
    return rows
