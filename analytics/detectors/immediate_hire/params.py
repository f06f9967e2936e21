"""The immediate-hire detector's parameters (``[immediate_hire]``), each with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from analytics.params import param


@dataclass(frozen=True)
class ImmediateHireParams:
    max_proposals: int = param(
        1, "a proposal or none is no competition: an invite target, or a post nobody else bid on"
    )
    fresh_minutes: int = param(
        60,
        "fresh immediate: the client's first contract, this many minutes after its sign-up, "
        "without competition",
    )
    ip_window_hours: int = param(
        24,
        "an IP links the pair only when both used it this close to the client's sign-up or the "
        "hire: a freelancer's home address years apart proves little",
    )
    early_days: int = param(7, "money paid this soon after the hire is the immediate payment")
    rare_up_to: int = param(
        2,
        "a value used by up to this many accounts (the pair) is fully rare, then its evidence "
        "fades as rare_up_to / n_accounts",
    )
    candidate_hours: int = param(
        24, "only contracts hired this soon after the client's sign-up become cases at all"
    )
    speed_half_minutes: float = param(
        60.0, "speed halves at this many minutes (1 / (1 + (m / half)^2)): flat at first"
    )
    competition_half: float = param(
        2.0, "openness halves with every this many proposals beyond max_proposals"
    )
    unknown_proposals_openness: float = param(
        0.5, "openness of a job post whose proposal count was not exported: it may have had some"
    )
    first_of_several: float = param(
        0.5, "first-contract part of a client's first contract when it went on to hire others"
    )
    big_rank: float = param(
        0.75, "early payments above this percent rank (per currency) start to count as large"
    )
    quiet_days: int = param(
        14, "a client whose last activity came within this many days of the hire went quiet"
    )
    quiet_fade_factor: float = param(
        3.0,
        "the quiet part falls from 1 to 0 over this many times quiet_days after the first "
        "quiet_days",
    )
    quiet_unknown: float = param(
        0.5, "quiet part when the data ends too soon after the hire to tell"
    )
    weight_first: float = param(
        0.10,
        "being the client's first contract is nearly nothing: every honest new client's first "
        "contract is one",
    )
    weight_link: float = param(
        0.40, "a rare identifier shared with the freelancer is the strongest evidence"
    )
    weight_money: float = param(0.25, "a large payment right after the hire")
    weight_quiet: float = param(0.25, "a client that vanishes after the hire")
    hub_min_clients: int = param(
        2, "a freelancer with this many fresh immediate clients is one case"
    )
    hub_breadth_scale: float = param(
        2.0,
        "a hub's breadth 1 - exp(-(fresh clients - 1) / scale) stands in for a shared "
        "identifier: 0.39 for two fresh clients, 0.63 for three, 0.86 for five",
    )
    hub_absorb_score: float = param(
        0.3,
        "other candidate contracts of a hub freelancer scoring at least this join the hub; the "
        "rest are not queued (the freelancer is already under review)",
    )
    fresh_share_warning: float = param(
        0.05,
        "a check warns when more contracts than this share look fresh: sign-up times are "
        "probably first-activity times",
    )
