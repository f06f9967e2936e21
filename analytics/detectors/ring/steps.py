"""The ring detector's tables in build order: links, groups, blocks, candidates, behaviour,
score. Friends-and-family rings: rare shared identifiers link accounts into identity groups, the
contract graph adds counterparties and dense blocks, and the score weighs what the members do
to each other (hiring, money inside, reciprocity), never what they merely share."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

import duckdb

from analytics import sql
from analytics.detectors.ring.candidates import build_ring_candidates
from analytics.detectors.ring.dense_blocks import find_contract_blocks
from analytics.detectors.ring.groups import find_identity_groups
from analytics.detectors.shape import Metadata, Step, count

if TYPE_CHECKING:
    from analytics.run_params import RunParams


def build_account_links(con: duckdb.DuckDBPyConnection, params: RunParams) -> Metadata:
    """``graph.account_links``: weighted pairs of accounts sharing rare identifiers."""
    sql.run(
        con, "graph/account_links", {**asdict(params.identifier_evidence), **asdict(params.ring)}
    )
    strong = count(con, "select count(*) filter (where is_strong) from graph.account_links")
    return {"strong_links": strong}


def build_identity_groups(con: duckdb.DuckDBPyConnection, params: RunParams) -> Metadata:
    """``graph.account_vertices`` and ``graph.identity_groups`` (igraph components, Leiden)."""
    summary = find_identity_groups(con, params.ring.max_group_size)
    return {
        "groups": summary.groups,
        "largest_group": summary.largest_group,
        "components_split_by_leiden": summary.components_split,
    }


def build_contract_blocks(con: duckdb.DuckDBPyConnection, params: RunParams) -> Metadata:
    """``graph.contract_pairs``, ``graph.block_vertices``, ``graph.contract_blocks``."""
    return {"blocks": find_contract_blocks(con, params.ring)}


def build_candidates(con: duckdb.DuckDBPyConnection, params: RunParams) -> Metadata:
    """``graph.ring_candidate_parts`` and the merged ``graph.ring_candidates``."""
    return {"candidates": build_ring_candidates(con, params.ring)}


def build_ring_behaviour(con: duckdb.DuckDBPyConnection, params: RunParams) -> Metadata:
    """``features.ring_behaviour``: contracts and money inside each candidate, and whether it is
    exactly an immediate-hire case (queued ones: the queue's min_score)."""
    knobs = {**asdict(params.ring), "min_score": params.queue.min_score}
    sql.run(con, "features/ring_behaviour", knobs)
    same = count(
        con,
        "select count(*) from features.ring_behaviour where same_hire_case is not null "
        "and not beyond_the_hire",
    )
    return {"left_to_an_immediate_hire_case": same}


def score_rings(con: duckdb.DuckDBPyConnection, params: RunParams) -> Metadata:
    """``scores.rings``: one score and its reasons per candidate."""
    sql.run(con, "scores/rings", asdict(params.ring))
    return {
        "scored_at_least_half": count(con, "select count(*) from scores.rings where score >= 0.5")
    }


STEPS = (
    Step(
        "graph/account_links",
        build_account_links,
        deps=("graph/linkable_identifiers", "staging/logins"),
        description="Pairs of accounts sharing rare identifiers, weighted by rarity and kind.",
    ),
    Step(
        "graph/identity_groups",
        build_identity_groups,
        deps=("graph/account_links",),
        description="Accounts joined by strong identity links: igraph components, large ones "
        "split by Leiden modularity.",
        kinds=frozenset({"duckdb", "igraph"}),
    ),
    Step(
        "graph/contract_blocks",
        build_contract_blocks,
        deps=("graph/identity_groups", "staging/payments"),
        description="Dense blocks of the client x freelancer contract graph (FRAUDAR-style "
        "peeling with identity groups as priors), for rings that share no identifier.",
        kinds=frozenset({"duckdb", "igraph"}),
    ),
    Step(
        "graph/ring_candidates",
        build_candidates,
        deps=("graph/identity_groups", "graph/contract_blocks"),
        description="Identity groups plus the counterparties whose contracts concentrate on them.",
    ),
    Step(
        "features/ring_behaviour",
        build_ring_behaviour,
        deps=("graph/ring_candidates", "staging/payments", "scores/immediate_hires"),
        description="What each candidate's members did to each other: contracts, money, "
        "reciprocity.",
    ),
    Step(
        "scores/rings",
        score_rings,
        deps=("features/ring_behaviour",),
        description="One ring score in [0, 1] per candidate with the reasons behind it.",
    ),
)
