"""The contact drop-off detector's parameters (``[contact_dropoff]``), each with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from analytics.params import param


@dataclass(frozen=True)
class ContactDropoffParams:
    min_payments_before: int = param(
        2,
        "a pair needs this many on-platform payments before the contact for a fall to mean "
        "anything",
    )
    weeks_to_judge: float = param(
        4.0, "weeks after the contact before a stop can be told from a pause (observed part)"
    )
    messages_full: float = param(
        6.0, "this many messages after the last payment fully show the pair kept talking"
    )
    talking_weeks_full: float = param(
        4.0, "this many weeks of talk after the last payment fully show the relationship went on"
    )
    weight_messages_after: float = param(
        0.6, "share of the continued part from messages after the last payment"
    )
    weight_talking_after: float = param(
        0.3, "share of the continued part from how long they kept talking"
    )
    weight_logins_after: float = param(
        0.1, "share of the continued part from logins after the last payment"
    )
    stop_min_messages: int = param(
        3,
        "base rate: a pair counts as stopping while still talking when at least this many "
        "messages follow its last payment",
    )
    band_short_weeks: int = param(
        4, "billing strata: fewer paid weeks than this is a short history"
    )
    band_long_weeks: int = param(12, "... and this many or more a long one")
    stop_rate_prior_weeks: float = param(
        50.0,
        "a stratum's stop rate is shrunk towards the marketplace's with this many weeks of "
        "pseudo-observations, so a small stratum does not swing it",
    )
    channel_mentions_full: float = param(
        2.0, "this many messages naming another channel after the contact count fully"
    )
    weight_base: float = param(
        0.45, "what a fall in payments after a contact, with the pair still talking, is worth"
    )
    weight_hourly: float = param(
        0.15, "an hourly contract billed weekly that stops billing: the clearest drop"
    )
    weight_fixed: float = param(
        0.05, "a fixed-price contract that stops paying: milestones end for honest reasons too"
    )
    weight_disguised: float = param(
        0.08, "the contact was disguised: the sender knew it was not allowed"
    )
    weight_solicited: float = param(0.1, "the messages ask to pay or talk off the platform")
    weight_matches_account: float = param(
        0.07, "the shared detail is a real account's own email or phone"
    )
    weight_channel_mentions: float = param(
        0.15,
        "messages after the contact name the other channel ('replied on telegram'): the "
        "relationship moved there",
    )
