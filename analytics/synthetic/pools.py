"""Drawing case members from the population without ever drawing an account twice.

Accounts are shuffled once and queued per (role, country); each case takes the next accounts
of the roles and country it needs. A given account therefore ends up in at most one planted
case or hard negative, and which accounts become case members is random, not positional.
"""

from __future__ import annotations

import numpy as np

from analytics.synthetic.countries import COUNTRIES, COUNTRY_WEIGHTS
from analytics.synthetic.population import Population

_BY_WEIGHT = np.argsort(-COUNTRY_WEIGHTS, kind="stable")


class AccountPool:
    """Per (role, country) queues of accounts not yet given to a case."""

    def __init__(self, pop: Population, rng: np.random.Generator) -> None:
        self._pop = pop
        self._rng = rng
        order = rng.permutation(pop.n)
        key = pop.role[order].astype(np.int64) * len(COUNTRIES) + pop.country[order]
        self._queues: dict[int, np.ndarray] = {}
        self._cursor: dict[int, int] = {}
        for k in range(2 * len(COUNTRIES)):
            self._queues[k] = order[key == k]
            self._cursor[k] = 0

    def left(self, role: int, country: int) -> int:
        """Accounts of this role and country still available."""
        k = role * len(COUNTRIES) + country
        return len(self._queues[k]) - self._cursor[k]

    def country(self) -> int:
        """A country drawn with the population's weights."""
        return int(self._rng.choice(len(COUNTRIES), p=COUNTRY_WEIGHTS))

    def take(self, role: int, k: int, country: int | None = None) -> np.ndarray:
        """``k`` unused accounts of ``role``, from ``country`` while it has any left."""
        if country is None:
            country = self.country()
        out: list[np.ndarray] = []
        need = k
        for c in [country, *(int(c) for c in _BY_WEIGHT if c != country)]:
            q = role * len(COUNTRIES) + c
            got = self._queues[q][self._cursor[q] : self._cursor[q] + need]
            self._cursor[q] += len(got)
            out.append(got)
            need -= len(got)
            if need == 0:
                break
        if need:
            raise ValueError("population too small for the planted cases; use more accounts")
        members = np.concatenate(out)
        self._pop.in_case[members] = True
        return members

    def take_mixed(self, k: int, client_share: float, country: int) -> np.ndarray:
        """``k`` accounts of both roles, most from one country (a city's crowd)."""
        roles = (self._rng.random(k) >= client_share).astype(np.int64)
        where = np.where(
            self._rng.random(k) < 0.85,
            country,
            self._rng.choice(len(COUNTRIES), size=k, p=COUNTRY_WEIGHTS),
        )
        parts = []
        for role in (0, 1):
            for c in np.unique(where[roles == role]):
                count = int(((roles == role) & (where == c)).sum())
                parts.append(self.take(role, count, int(c)))
        return np.concatenate(parts)
