"""Where case builders put what they plant: labels, contracts and extra rows.

Internally accounts are population indices and contracts are integer keys; strings ids are
given only when writing. Contract rows carry, besides the contract's own columns, the knobs the
payment and message generators read (rate, budget, when payments stop, how chatty the pair
is), so a case describes *what* happens and the shared generators produce the rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from analytics.synthetic.clock import END, LAST
from analytics.synthetic.population import CURRENCIES, Population

CONTRACT_SCHEMA: dict[str, Any] = {
    "key": pl.Int64,
    "client": pl.Int64,
    "freelancer": pl.Int64,
    "created": pl.Int64,
    "job_posted": pl.Int64,
    "hire_type": pl.String,
    "proposals": pl.Int64,
    "pricing": pl.String,
    "status": pl.String,
    "ended": pl.Int64,
    "span_end": pl.Int64,  # when the last milestone is due (fixed price)
    "rate": pl.Float64,  # hourly rate
    "hours": pl.Float64,  # usual hours billed per week
    "budget": pl.Float64,  # fixed price
    "milestones": pl.Int64,
    "currency": pl.String,
    "instrument": pl.Int64,
    "pay_until": pl.Int64,  # no scheduled payment after this
    "extras": pl.Boolean,  # random bonuses, refunds and chargebacks
    "msg_until": pl.Int64,  # workroom messages stop here
    "msg_rate": pl.Float64,  # relative chattiness
    "prehire": pl.Boolean,  # the pair talked before the hire
}
LOGIN_SCHEMA: dict[str, Any] = {
    "acc": pl.Int64,
    "ts": pl.Int64,
    "ip": pl.String,
    "device": pl.Int64,
}
PAYMENT_SCHEMA: dict[str, Any] = {
    "contract": pl.Int64,
    "ts": pl.Int64,
    "amount": pl.Float64,
    "kind": pl.String,
    "instrument": pl.Int64,
}
MESSAGE_SCHEMA: dict[str, Any] = {
    "contract": pl.Int64,
    "sender": pl.Int64,
    "recipient": pl.Int64,
    "ts": pl.Int64,
    "body": pl.String,
}
LABEL_SCHEMA: dict[str, Any] = {
    "acc": pl.Int64,
    "label": pl.String,
    "pattern": pl.String,
    "case_key": pl.String,
}


class Rows:
    """Column-wise accumulator for the few rows a case writes by hand."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.columns: dict[str, list[Any]] = {name: [] for name in schema}
        self.frames: list[pl.DataFrame] = []

    def add(self, **values: Any) -> None:
        """One row; missing columns are null."""
        for name, column in self.columns.items():
            column.append(values.get(name))

    def extend(self, frame: pl.DataFrame) -> None:
        """Many rows built vectorized (e.g. a crowd's logins)."""
        self.frames.append(frame.select(list(self.schema)).cast(self.schema))

    def frame(self) -> pl.DataFrame:
        """Everything added, hand-written rows first."""
        own = pl.DataFrame(self.columns, schema=self.schema)
        return pl.concat([own, *self.frames], how="vertical") if self.frames else own


@dataclass
class CaseBook:
    """Everything the case builders planted, plus contract-key bookkeeping."""

    pop: Population
    contracts: Rows = field(default_factory=lambda: Rows(CONTRACT_SCHEMA))
    logins: Rows = field(default_factory=lambda: Rows(LOGIN_SCHEMA))
    payments: Rows = field(default_factory=lambda: Rows(PAYMENT_SCHEMA))
    messages: Rows = field(default_factory=lambda: Rows(MESSAGE_SCHEMA))
    labels: Rows = field(default_factory=lambda: Rows(LABEL_SCHEMA))
    next_key: int = 0
    _numbers: Counter[str] = field(default_factory=Counter)

    def new_case(self, prefix: str, style: str) -> str:
        """A fresh case key such as "ring:shared_card:002"."""
        self._numbers[f"{prefix}:{style}"] += 1
        return f"{prefix}:{style}:{self._numbers[f'{prefix}:{style}']:03d}"

    def label(self, accounts: np.ndarray | list[int], label: str, pattern: str, key: str) -> None:
        """Ground truth for each member of a case."""
        members = np.asarray(accounts, dtype=np.int64)
        self.labels.extend(
            pl.DataFrame(
                {
                    "acc": members,
                    "label": [label] * len(members),
                    "pattern": [pattern] * len(members),
                    "case_key": [key] * len(members),
                }
            )
        )

    def keys(self, n: int) -> np.ndarray:
        """Reserve ``n`` contract keys for contracts built vectorized."""
        out = np.arange(self.next_key, self.next_key + n, dtype=np.int64)
        self.next_key += n
        return out

    def contract(
        self,
        client: int,
        freelancer: int,
        created: int,
        *,
        hire_type: str,
        pricing: str,
        ended: int | None,
        status: str | None = None,
        job_posted: int | None = None,
        proposals: int | None = None,
        rate: float = 0.0,
        hours: float = 0.0,
        budget: float = 0.0,
        milestones: int = 1,
        span_end: int | None = None,
        instrument: int | None = None,
        pay_until: int | None = None,
        extras: bool = False,
        msg_until: int | None = None,
        msg_rate: float = 1.0,
        prehire: bool = True,
    ) -> int:
        """Add one contract; defaults describe an ordinary, uneventful one. Returns its key."""
        key = int(self.keys(1)[0])
        stop = LAST if ended is None else ended
        if status is None:
            status = "active" if ended is None else "completed"
        if instrument is None:
            instrument = int(self.pop.inst[client, 0])
        self.contracts.add(
            key=key,
            client=int(client),
            freelancer=int(freelancer),
            created=int(created),
            job_posted=job_posted,
            hire_type=hire_type,
            proposals=proposals,
            pricing=pricing,
            status=status,
            ended=ended,
            span_end=stop if span_end is None else span_end,
            rate=float(rate),
            hours=float(hours),
            budget=float(budget),
            milestones=int(milestones),
            currency=CURRENCIES[int(self.pop.currency[client])],
            instrument=instrument,
            pay_until=min(stop, LAST) if pay_until is None else pay_until,
            extras=extras,
            msg_until=min(stop, END - 60) if msg_until is None else msg_until,
            msg_rate=msg_rate,
            prehire=prehire,
        )
        return key

    def login(self, acc: int, ts: int, ip: str, device: int | None) -> None:
        """One explicit login."""
        self.logins.add(acc=int(acc), ts=int(ts), ip=ip, device=device)

    def payment(self, contract: int, ts: int, amount: float, kind: str, instrument: int) -> None:
        """One explicit payment."""
        self.payments.add(
            contract=contract,
            ts=int(ts),
            amount=round(float(amount), 2),
            kind=kind,
            instrument=instrument,
        )

    def message(
        self, contract: int | None, sender: int, recipient: int, ts: int, body: str | None = None
    ) -> None:
        """One explicit message; without a body it is ordinary chatter, rendered with the rest."""
        self.messages.add(
            contract=contract, sender=int(sender), recipient=int(recipient), ts=int(ts), body=body
        )


MIN_CASES = 3
"""Every style appears at least this often, so small data sets still show each one."""


def cases_for(n_accounts: int, accounts_per_case: int) -> int:
    """How many cases of one style a population of this size gets."""
    return max(MIN_CASES, round(n_accounts / accounts_per_case))
