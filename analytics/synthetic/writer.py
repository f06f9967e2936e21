"""Turning the internal tables into the contract's files.

Ids are given here, in time order (accounts by sign-up, contracts by hire, payments and
messages by timestamp), the way a marketplace's sequences hand them out. Planted accounts are
therefore interleaved with ordinary ones, and nothing about an id says how it was made.
Columns come out exactly as ``analytics.contract`` lists them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from analytics.contract import TABLES_BY_NAME
from analytics.synthetic.countries import COUNTRY_CODES
from analytics.synthetic.population import ROLE_NAMES, Population, display_names

TIMESTAMP = pl.Datetime("us", "UTC")


def sequential_ids(prefix: str, order_keys: list[np.ndarray], min_width: int) -> pl.Series:
    """Ids "<prefix><zero-padded rank>" where rank follows ``order_keys`` (last key primary)."""
    n = len(order_keys[0])
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort(order_keys)] = np.arange(n)
    width = max(min_width, len(str(n)))
    frame = pl.DataFrame({"r": rank})
    return frame.select(
        pl.concat_str([pl.lit(prefix), pl.col("r").cast(pl.String).str.zfill(width)])
    ).to_series()


def _ts(column: str) -> pl.Expr:
    return pl.from_epoch(pl.col(column), time_unit="s").dt.replace_time_zone("UTC").cast(TIMESTAMP)


def write_table(frame: pl.DataFrame, out_dir: Path, table: str) -> int:
    """Write one table with exactly the contract's columns, in order; return its row count."""
    columns = list(TABLES_BY_NAME[table].columns)
    frame.select(columns).write_parquet(
        out_dir / f"{table}.parquet", compression="zstd", compression_level=1
    )
    return frame.height


def accounts_frame(pop: Population, ids: pl.Series, rng: np.random.Generator) -> pl.DataFrame:
    """The accounts table, in id order."""
    frame = pl.DataFrame(
        {
            "account_id": ids,
            "role": np.array(ROLE_NAMES)[pop.role],
            "created_at": pop.created,
            "country": np.array(COUNTRY_CODES)[pop.country],
            "email": pop.email,
            "phone": pop.phone,
            "name": display_names(pop, rng),
        }
    )
    return frame.with_columns(created_at=_ts("created_at")).sort("account_id")


def logins_frame(logins: pl.DataFrame, ids: pl.Series, devices: pl.Series) -> pl.DataFrame:
    """The logins table, in time order."""
    frame = logins.sort(["ts", "acc"], maintain_order=True)
    return pl.DataFrame(
        {
            "account_id": ids.gather(frame["acc"]),
            "ts": frame["ts"],
            "ip": frame["ip"],
            "device_id": devices.gather(frame["device"]),
        }
    ).with_columns(ts=_ts("ts"))


def contract_ids(contracts: pl.DataFrame) -> pl.Series:
    """Contract id per contract key (keys are 0..n-1), numbered in hire order."""
    keys = contracts["key"].to_numpy()
    by_row = sequential_ids("k", [keys, contracts["created"].to_numpy()], 6)
    out = np.empty(len(keys), dtype=np.int64)
    out[keys] = np.arange(len(keys))
    return by_row.gather(out)


def contracts_frame(contracts: pl.DataFrame, ids: pl.Series, cids: pl.Series) -> pl.DataFrame:
    """The contracts table, in id order."""
    return contracts.with_columns(
        contract_id=cids.gather(contracts["key"]),
        client_id=ids.gather(contracts["client"]),
        freelancer_id=ids.gather(contracts["freelancer"]),
        created_at=_ts("created"),
        job_posted_at=_ts("job_posted"),
        ended_at=_ts("ended"),
    ).sort("contract_id")


def payments_frame(
    payments: pl.DataFrame, contracts: pl.DataFrame, cids: pl.Series, instruments: pl.Series
) -> pl.DataFrame:
    """The payments table, in time order, with the contract's currency."""
    currency = contracts.sort("key")["currency"]
    frame = payments.sort(["ts", "contract", "kind", "amount"], maintain_order=True)
    return pl.DataFrame(
        {
            "payment_id": sequential_ids("p", [np.arange(frame.height)], 8),
            "contract_id": cids.gather(frame["contract"]),
            "ts": frame["ts"],
            "amount": frame["amount"].round(2).cast(pl.Decimal(12, 2)),
            "currency": currency.gather(frame["contract"]),
            "kind": frame["kind"],
            "instrument_id": instruments.gather(frame["instrument"]),
        }
    ).with_columns(ts=_ts("ts"))


def messages_frame(messages: pl.DataFrame, ids: pl.Series, cids: pl.Series) -> pl.DataFrame:
    """The messages table, in time order."""
    frame = messages.sort(["ts", "sender", "recipient"], maintain_order=True)
    return pl.DataFrame(
        {
            "message_id": sequential_ids("m", [np.arange(frame.height)], 8),
            "contract_id": cids.gather(frame["contract"]),
            "sender_id": ids.gather(frame["sender"]),
            "recipient_id": ids.gather(frame["recipient"]),
            "ts": frame["ts"],
            "body": frame["body"],
        }
    ).with_columns(ts=_ts("ts"))


def labels_frame(labels: pl.DataFrame, ids: pl.Series) -> pl.DataFrame:
    """The labels table: one row per case member, grouped by case."""
    return labels.with_columns(
        account_id=ids.gather(labels["acc"]), decided_at=pl.lit(None, dtype=TIMESTAMP)
    ).sort(["case_key", "account_id"])
