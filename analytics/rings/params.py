"""The ring detector's knobs, in one place, with the reason for each default."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RingParams:
    # A value shared by more accounts than the hub quantile of shared values (clamped to
    # [floor, ceiling]) is a crowd, not a family: NATs, offices, campuses, shared test cards.
    hub_quantile: float = 0.99
    hub_floor: int = 6
    hub_ceiling: int = 50
    # A value shared by up to this many accounts is fully rare (a family, a ring); beyond it,
    # its evidence fades as rare_up_to / n_accounts until the hub threshold cuts it off.
    rare_up_to: int = 8
    # Evidence per kind for a rare shared value: a card or a mailbox is
    # nearly an identity, a device slightly less (shared family computers), an IP much less
    # (it is only counted on days both accounts used it).
    weight_instrument: float = 0.95
    weight_email: float = 0.95
    weight_phone: float = 0.9
    weight_device: float = 0.85
    weight_ip: float = 0.6
    # A link this strong joins two accounts into one identity group: one rare shared value of
    # any kind but IP, or an IP used together by two accounts, or two weaker values.
    strong_link: float = 0.45
    # Components larger than this are split by Leiden modularity: families are small.
    max_group_size: int = 30
    # A counterparty joins a group's candidate when at least this many of its contracts, and
    # at least this share of them, are with the group: a ring's freelancers need share nothing
    # with their clients, but a popular freelancer hired once by a ring member is camouflage.
    absorb_min_contracts: int = 2
    absorb_share: float = 0.5
    # Dense blocks of the contract graph (rings with no identity link): only pairs where both
    # sides do at least this share of their contracts with each other are edges; a block needs
    # at least this many accounts and concentrated pairs, and large components are peeled
    # down to blocks of at least this density.
    min_mutual_share: float = 0.25
    min_block_size: int = 3
    min_block_pairs: int = 3
    min_block_density: float = 0.5
