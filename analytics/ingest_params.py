"""Ingest's parameters (``[ingest]`` in ``ringwatch params``), each with its reason.

Two kinds: those that shape the staged tables (the accepted time window, integer timestamps),
whose values are part of the staged tables' fingerprint (``analytics.reuse``), so a changed
value restages what it affects; and the circuit breaker's limits, which only the staging
checks read (``analytics.quality``): changing one restages nothing.

This module imports no detector: a detector's weights must never enter the staging fingerprint.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta

from analytics.params import ParamsError, param

_SHARE_REASON = (
    "past this share of quarantined {table} the export is broken (a changed format, a cut or "
    "mangled file), not a few bad rows: the run stops before the detectors and the last good "
    "queue, snapshot and exports stay"
)

# The parameters whose values change what ingest writes (the rest only feed the checks).
BUILD_FIELDS = ("earliest_date", "as_of", "future_tolerance_hours", "integer_timestamps_as_epoch")


def parse_as_of(text: str) -> datetime:
    """An ISO-8601 date or time as a naive UTC datetime (no offset: UTC; an offset: applied)."""
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


@dataclass(frozen=True)
class IngestParams:
    max_quarantined_share_accounts: float = param(0.01, _SHARE_REASON.format(table="accounts"))
    max_quarantined_share_logins: float = param(0.01, _SHARE_REASON.format(table="logins"))
    max_quarantined_share_contracts: float = param(0.01, _SHARE_REASON.format(table="contracts"))
    max_quarantined_share_payments: float = param(0.01, _SHARE_REASON.format(table="payments"))
    max_quarantined_share_messages: float = param(0.01, _SHARE_REASON.format(table="messages"))
    max_quarantined_share_labels: float = param(
        0.05,
        "labels gather years of decisions, some about accounts deleted since (unknown "
        "account_id); past this share the file is not the labels of this export",
    )
    allow_empty_required_tables: bool = param(
        False,
        "a required table that arrives empty when the last good run read rows is a failed "
        "export, not a quiet day: the run stops unless this is true",
    )
    earliest_date: str = param(
        "1995-01-01",
        "timestamps before this date (YYYY-MM-DD, UTC) are quarantined: no freelance marketplace "
        "predates it (Elance opened in 1999), and it catches 1970-01-01 and 1900-01-01 "
        "placeholders",
    )
    as_of: str = param(
        "",
        "the export's as-of time (ISO-8601; `ringwatch run --as-of`): later timestamps, beyond "
        "future_tolerance_hours, are quarantined; empty: per table, the newest timestamp in it "
        "that is not after the moment of the run",
    )
    future_tolerance_hours: float = param(
        24.0,
        "timestamps up to this long after the as-of time are accepted: clocks drift, and an "
        "export cut at midnight in one time zone holds rows of the next day in another",
    )
    integer_timestamps_as_epoch: bool = param(
        True,
        "integers where a timestamp belongs (an integer Parquet column, a CSV column of "
        "digits) are read as Unix epoch seconds, milliseconds, microseconds or nanoseconds, "
        "told apart by the column's median; false: such a column stops the run",
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            if f.name.startswith("max_quarantined_share_"):
                share = getattr(self, f.name)
                if not 0.0 <= share <= 1.0:
                    raise ParamsError(f"parameter ingest.{f.name}: {share!r} is not in [0, 1]")
        try:
            date.fromisoformat(self.earliest_date)
        except ValueError:
            raise ParamsError(
                f"parameter ingest.earliest_date: {self.earliest_date!r} is not a date (YYYY-MM-DD)"
            ) from None
        if self.as_of.strip():
            try:
                parse_as_of(self.as_of)
            except ValueError:
                raise ParamsError(
                    f"parameter ingest.as_of: {self.as_of!r} is not an ISO-8601 date or time "
                    "(2026-11-01, 2026-11-01T06:00:00Z)"
                ) from None
        if self.future_tolerance_hours < 0:
            raise ParamsError(
                f"parameter ingest.future_tolerance_hours: {self.future_tolerance_hours!r} is "
                "negative"
            )

    def max_quarantined_share(self, table: str) -> float:
        """The circuit breaker's limit for ``table``."""
        return float(getattr(self, f"max_quarantined_share_{table}"))

    @property
    def earliest(self) -> datetime:
        """``earliest_date`` as a naive UTC datetime (midnight)."""
        return datetime.fromisoformat(self.earliest_date)

    @property
    def as_of_time(self) -> datetime | None:
        """``as_of`` as a naive UTC datetime; None when it is to be derived from the data."""
        return parse_as_of(self.as_of) if self.as_of.strip() else None

    @property
    def future_tolerance(self) -> timedelta:
        return timedelta(hours=self.future_tolerance_hours)

    def build_values(self) -> dict[str, object]:
        """The values that shape the staged tables: part of their fingerprint."""
        return {name: getattr(self, name) for name in BUILD_FIELDS}
