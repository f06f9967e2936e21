"""Evidence of shared identifiers (``[identifier_evidence]``): one definition for every detector.

What one rare shared value of each kind is worth, and which values are crowds that link nobody.
Rarity (how fast evidence fades with the accounts sharing a value) is the ``rarity`` macro
(``sql/macros/rarity.sql``); each detector says how many accounts its question allows
(``rare_up_to``: a family for rings, the pair for an immediate hire).
"""

from __future__ import annotations

from dataclasses import dataclass

from analytics.params import param


@dataclass(frozen=True)
class IdentifierEvidenceParams:
    hub_quantile: float = param(
        0.99,
        "a value shared by more accounts than this quantile of shared values (per kind) is a "
        "crowd, not a family: NATs, offices, campuses, shared test cards",
    )
    hub_floor: int = param(6, "the hub threshold is never below this many accounts")
    hub_ceiling: int = param(50, "... and never above this many")
    weight_instrument: float = param(
        0.95, "a rare shared payment card or wallet is nearly an identity"
    )
    weight_email: float = param(0.95, "a rare shared mailbox (after normalization) likewise")
    weight_phone: float = param(0.9, "a rare shared phone: families share landlines")
    weight_device: float = param(0.85, "a rare shared device: family computers")
    weight_ip: float = param(
        0.6, "an IP, counted only when both accounts used it at the same time: weak alone"
    )
    evidence_cap: float = param(
        0.999, "each piece of evidence is capped below 1 so the noisy-OR stays finite"
    )
