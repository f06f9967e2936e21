"""Ring detection on a small hand-made marketplace, and the graph code against networkx."""

from __future__ import annotations

import random

import duckdb
import networkx as nx
import numpy as np
import pytest

from analytics.detectors.ring.dense_blocks import peel_densest
from analytics.detectors.ring.groups import _membership
from analytics.patterns import run_detectors
from tests.bad_input import staged_connection, valid_tables, write_csv_folder

DAY = "2025-03-{:02d}T{:02d}:00:00Z"


def _marketplace() -> dict[str, tuple[str, list[tuple[str, str | None]]]]:
    """A card-only ring, a household, an agency, a NAT crowd and a coworking crowd."""
    accounts, logins, contracts, payments = [], [], [], []

    def account(aid: str, role: str, created: str = "2025-01-01") -> None:
        accounts.append(f"{aid},{role},{created},US")

    def login(aid: str, day: int, ip: str, device: str = "") -> None:
        logins.append(f"{aid},{DAY.format(day, 10)},{ip},{device}")

    def contract(
        cid: str,
        client: str,
        freelancer: str,
        hire: str,
        proposals: int,
        pricing: str,
        paid: list[float],
        instrument: str,
    ) -> None:
        contracts.append(
            f"{cid},{client},{freelancer},2025-03-01,,{hire},{proposals},{pricing},completed,2025-03-20"
        )
        for i, amount in enumerate(paid):
            payments.append(
                f"{cid}-p{i},{cid},2025-03-{10 + i:02d},{amount},USD,milestone,{instrument}"
            )

    # Ring: three young clients pay with one card and hire two freelancers who work only for them.
    for c in ("rc1", "rc2", "rc3"):
        account(c, "client", "2025-02-20")
        login(c, 1, f"81.1.{c[-1]}.1")
    for f in ("rf1", "rf2"):
        account(f, "freelancer", "2025-02-20")
        login(f, 1, f"81.2.{f[-1]}.1")
    n = 0
    for c in ("rc1", "rc2", "rc3"):
        for f in ("rf1", "rf2"):
            n += 1
            contract(f"rk{n}", c, f, "invite", 0, "fixed", [120.0], "card-ring")
    # Household: a client and two freelancers on one router and one family computer, no hires
    # among them; the client hires an outsider.
    account("hc", "client")
    account("hf1", "freelancer")
    account("hf2", "freelancer")
    account("out1", "freelancer")
    for a in ("hc", "hf1", "hf2"):
        for day in (2, 3, 4):
            login(a, day, "81.3.3.3", "family-pc")
    contract("hk1", "hc", "out1", "job_post", 25, "hourly", [400.0, 400.0], "card-hc")
    # Agency: five freelancers in one office serving eight outside clients.
    for i in range(5):
        account(f"af{i}", "freelancer")
        login(f"af{i}", 5, "81.4.4.4", "office-pc")
    for i in range(8):
        account(f"ac{i}", "client")
        login(f"ac{i}", 5, f"81.5.{i}.1")
        contract(f"ak{i}", f"ac{i}", f"af{i % 5}", "job_post", 30, "hourly", [900.0], f"card-ac{i}")
    # A ring with nothing shared: three clients and four freelancers who hire each other
    # (every pair, twice), and each also works for an outsider of the marketplace below.
    for c in ("xc1", "xc2", "xc3"):
        account(c, "client", "2025-02-25")
        login(c, 8, f"81.7.{c[-1]}.1")
    for f in ("xf1", "xf2", "xf3", "xf4"):
        account(f, "freelancer", "2025-02-25")
        login(f, 8, f"81.8.{f[-1]}.1")
    pairs = [(c, f) for c in ("xc1", "xc2", "xc3") for f in ("xf1", "xf2", "xf3", "xf4")]
    for i, (c, f) in enumerate(pairs * 2):
        contract(f"xk{i}", c, f, "invite", 0, "fixed", [90.0], f"card-{c}")
    for i, c in enumerate(("xc1", "xc2", "xc3")):
        contract(f"xo{i}", c, f"of{i * 7}", "job_post", 12, "fixed", [300.0], f"card-{c}")
    for i, f in enumerate(("xf1", "xf2", "xf3", "xf4")):
        contract(f"xp{i}", f"oc{i * 11}", f, "job_post", 9, "fixed", [300.0], f"card-oc{i * 11}")
    # The marketplace around them: 400 ordinary clients and 400 ordinary freelancers, 1,200
    # one-off contracts at random, and a popular freelancer hired once each by 40 of them.
    rng = random.Random(5)
    for i in range(400):
        account(f"oc{i}", "client")
        login(f"oc{i}", 3, f"82.{i // 200}.{i % 200}.1")
        account(f"of{i}", "freelancer")
        login(f"of{i}", 3, f"83.{i // 200}.{i % 200}.1")
    account("pop", "freelancer")
    login("pop", 3, "84.1.1.1")
    for i in range(1200):
        c, f = rng.randrange(400), rng.randrange(400)
        contract(f"ok{i}", f"oc{c}", f"of{f}", "job_post", 15, "fixed", [250.0], f"card-oc{c}")
    for i in range(40):
        contract(
            f"pk{i}", f"oc{i * 9}", "pop", "job_post", 30, "hourly", [600.0], f"card-oc{i * 9}"
        )
    # Two pairs of accounts, each pair on one device, hiring across: one ring, not two cases.
    for a, role, device in (
        ("dc1", "client", "dev-one"),
        ("df1", "freelancer", "dev-one"),
        ("dc2", "client", "dev-two"),
        ("df2", "freelancer", "dev-two"),
    ):
        account(a, role, "2025-02-27")
        login(a, 9, f"81.9.{a[-1]}.{len(role)}", device)
    # dc1 and dc2 hire each other's freelancer account three times each (reciprocal), and dc1
    # also hires its own freelancer account twice.
    hires = [("dc1", "df2")] * 3 + [("dc2", "df1")] * 3 + [("dc1", "df1")] * 2
    for i, (c, f) in enumerate(hires):
        contract(f"dk{i}", c, f, "invite", 0, "fixed", [150.0], f"card-{c}")
    # A loyal repeat client: one pair, many contracts, nothing shared.
    account("lc", "client")
    account("lf", "freelancer")
    for i in range(12):
        contract(f"lk{i}", "lc", "lf", "job_post", 20, "hourly", [500.0], "card-lc")
    # Crowds: 60 strangers behind a carrier-grade NAT, 60 in a coworking space, some of whom
    # happen to hire each other once.
    for i in range(60):
        account(f"n{i}", "client" if i % 2 else "freelancer")
        login(f"n{i}", 6, "100.64.9.9")
        account(f"w{i}", "client" if i % 2 else "freelancer")
        login(f"w{i}", 7, "81.6.6.6")
    for i in range(0, 20, 2):
        contract(f"nk{i}", f"n{i + 1}", f"n{i}", "job_post", 10, "fixed", [200.0], f"card-n{i}")
        contract(f"wk{i}", f"w{i + 1}", f"w{i}", "job_post", 10, "fixed", [200.0], f"card-w{i}")
    return valid_tables(
        {
            "accounts": accounts,
            "logins": logins,
            "contracts": contracts,
            "payments": payments,
        }
    )


@pytest.fixture(scope="module")
def rings(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    folder = write_csv_folder(tmp_path_factory.mktemp("market"), _marketplace())
    con = staged_connection(folder)
    run_detectors(con, ("ring",))
    return con


def test_the_three_rings_rank_first(rings: duckdb.DuckDBPyConnection) -> None:
    top = rings.execute("select candidate_id from scores.rings order by score desc limit 3")
    assert {c for (c,) in top.fetchall()} == {"idg-rc1", "idg-dc1", "blk-xc1"}


def test_card_ring_holds_its_freelancers_and_explains_itself(
    rings: duckdb.DuckDBPyConnection,
) -> None:
    accounts, score, reasons, contracts = rings.execute(
        "select account_ids, score, reasons, contract_ids from scores.rings "
        "where candidate_id = 'idg-rc1'"
    ).fetchone()
    assert accounts[:3] == ["rc1", "rc2", "rc3"]  # identity members first
    assert set(accounts[3:]) == {"rf1", "rf2"}
    # the freelancers share nothing: the card links the clients, who converge on the same two
    # freelancers (indirect_link_factor 0.8 of the card's 0.95)
    assert score >= 0.5
    assert "3 members share instrument card-ring (nobody else uses it)" in reasons
    assert any(r.startswith("720 paid inside the group, 100%") for r in reasons)
    assert len(contracts) == 6


def test_household_and_agency_score_zero(rings: duckdb.DuckDBPyConnection) -> None:
    scores = dict(rings.execute("select candidate_id, score from scores.rings").fetchall())
    assert scores["idg-hc"] == 0
    assert scores["idg-af0"] == 0
    reasons = rings.execute(
        "select reasons from scores.rings where candidate_id = 'idg-hc'"
    ).fetchone()[0]
    assert "members share identifiers but never hire each other" in reasons


def test_crowds_are_excluded_with_reasons_and_link_nobody(rings: duckdb.DuckDBPyConnection) -> None:
    excluded = dict(
        rings.execute(
            "select value, reason from graph.excluded_identifiers where kind = 'ip'"
        ).fetchall()
    )
    assert excluded["100.64.9.9"].startswith("ip in a carrier-grade-nat range")
    assert excluded["81.6.6.6"] == "used by 60 accounts, more than the hub threshold of 50 for ip"
    crowd_links = rings.execute(
        "select count(*) from graph.account_links where account_a similar to '[nw][0-9]+'"
    ).fetchone()[0]
    assert crowd_links == 0
    assert rings.execute("select max(group_size) from graph.identity_groups").fetchone()[0] <= 5


def test_ring_without_shared_identifiers_is_found_by_contract_density(
    rings: duckdb.DuckDBPyConnection,
) -> None:
    row = rings.execute(
        "select account_ids, score, reasons from scores.rings where candidate_id = 'blk-xc1'"
    ).fetchone()
    assert set(row[0]) == {"xc1", "xc2", "xc3", "xf1", "xf2", "xf3", "xf4"}
    assert "found by contract density alone: the members share no rare identifier" in row[2]
    dense = next(r for r in row[2] if r.startswith("dense block: 12 of 12 client-freelancer pairs"))
    assert "the marketplace's share" in dense and "a chance of about 1 in 10^" in dense
    card_ring = rings.execute(
        "select score from scores.rings where candidate_id = 'idg-rc1'"
    ).fetchone()
    assert 0.3 < row[1] < card_ring[0]  # same behaviour, weaker evidence


def test_reciprocal_hires_count_pairs_hired_back(rings: duckdb.DuckDBPyConnection) -> None:
    # (dc1, df2) and (dc2, df1) hire each other back, three contracts each: two pairs, not the
    # nine pairs of contracts; (dc1, df1) is one person paying itself, not reciprocity.
    row = rings.execute(
        "select reciprocal_hires, internal_pairs from features.ring_behaviour "
        "where candidate_id = 'idg-dc1'"
    ).fetchone()
    assert row == (2, 3)
    card_ring = rings.execute(
        "select reciprocal_hires from features.ring_behaviour where candidate_id = 'idg-rc1'"
    ).fetchone()
    assert card_ring == (0,)  # the card links clients only: no account hires its own side back


def test_identity_groups_that_hire_each_other_are_one_case(
    rings: duckdb.DuckDBPyConnection,
) -> None:
    cases = rings.execute(
        "select candidate_id, account_ids from scores.rings where list_has_any(account_ids, "
        "['dc1', 'df1', 'dc2', 'df2'])"
    ).fetchall()
    assert len(cases) == 1
    assert sorted(cases[0][1]) == ["dc1", "dc2", "df1", "df2"]


def test_repeat_client_is_no_candidate(rings: duckdb.DuckDBPyConnection) -> None:
    assert (
        rings.execute(
            "select count(*) from graph.ring_candidates where account_id in ('lc', 'lf')"
        ).fetchone()[0]
        == 0
    )


def test_only_the_silent_ring_is_a_block(rings: duckdb.DuckDBPyConnection) -> None:
    # the popular freelancer, the random one-off work and the loyal pair are no block; the
    # identity rings may be blocks too, and then merge with their identity group
    blocks = rings.execute(
        "select block_id, list(account_id order by account_id) from graph.contract_blocks "
        "group by block_id order by block_id"
    ).fetchall()
    silent = [members for block_id, members in blocks if block_id == "blk-xc1"]
    assert silent == [["xc1", "xc2", "xc3", "xf1", "xf2", "xf3", "xf4"]]
    others = {a for _, members in blocks for a in members} - set(silent[0])
    assert others <= {"rc1", "rc2", "rc3", "rf1", "rf2", "dc1", "dc2", "df1", "df2"}


def _random_graph(seed: int) -> tuple[int, np.ndarray, np.ndarray]:
    rng = random.Random(seed)
    n = rng.randint(5, 60)
    m = rng.randint(0, 2 * n)
    edges = {tuple(sorted(rng.sample(range(n), 2))) for _ in range(m)}
    src = np.array([a for a, _ in edges], dtype=np.int64)
    dst = np.array([b for _, b in edges], dtype=np.int64)
    return n, src, dst


@pytest.mark.parametrize("seed", range(20))
def test_components_match_networkx(seed: int) -> None:
    n, src, dst = _random_graph(seed)
    labels, _ = _membership(n, src, dst, np.ones(len(src)), max_size=10_000)
    ours = {frozenset(np.flatnonzero(labels == label).tolist()) for label in set(labels.tolist())}
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(zip(src.tolist(), dst.tolist(), strict=True))
    assert ours == {frozenset(c) for c in nx.connected_components(graph)}


@pytest.mark.parametrize("seed", range(10))
def test_large_components_split_within_components(seed: int) -> None:
    n, src, dst = _random_graph(seed)
    labels, _ = _membership(n, src, dst, np.ones(len(src)), max_size=8)
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(zip(src.tolist(), dst.tolist(), strict=True))
    component_of = {v: i for i, c in enumerate(nx.connected_components(graph)) for v in c}
    for label in set(labels.tolist()):
        members = np.flatnonzero(labels == label).tolist()
        assert len({component_of[v] for v in members}) == 1  # a group never spans components


def test_two_caveman_families_split_by_leiden() -> None:
    graph = nx.connected_caveman_graph(2, 12)  # two dense cliques joined by one edge
    src, dst = (np.array(x, dtype=np.int64) for x in zip(*graph.edges(), strict=True))
    labels, split = _membership(24, src, dst, np.ones(len(src)), max_size=15)
    assert split == 1
    assert sorted(np.bincount(labels).tolist()) == [12, 12]


def _densest_by_brute_force(n: int, src: np.ndarray, dst: np.ndarray, w: np.ndarray) -> float:
    best = 0.0
    for mask in range(1, 2**n):
        inside = np.array([(mask >> v) & 1 for v in range(n)], dtype=bool)
        mass = w[inside[src] & inside[dst]].sum()
        best = max(best, mass / inside.sum())
    return best


def _greedy_by_hand(n: int, src: np.ndarray, dst: np.ndarray, w: np.ndarray, prior: np.ndarray):
    """FRAUDAR's greedy, one node at a time, the obvious way."""
    key = prior.copy()
    np.add.at(key, src, w)
    np.add.at(key, dst, w)
    alive = np.ones(n, dtype=bool)
    mass = prior.sum() + w.sum()
    best, best_set = mass / n, alive.copy()
    for left in range(n - 1, 0, -1):
        v = int(np.flatnonzero(alive)[np.argmin(key[alive])])
        alive[v] = False
        mass -= key[v]
        for a, b, x in zip(src, dst, w, strict=True):
            if a == v and alive[b]:
                key[b] -= x
            elif b == v and alive[a]:
                key[a] -= x
        if mass / left > best + 1e-12:
            best, best_set = mass / left, alive.copy()
    return best, set(np.flatnonzero(best_set).tolist())


@pytest.mark.parametrize("seed", range(40))
def test_exact_peel_is_the_greedy_and_within_its_bound_of_the_densest_subgraph(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 11))
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n) if rng.random() < 0.4]
    if not pairs:
        pairs = [(0, 1)]
    src = np.array([a for a, _ in pairs])
    dst = np.array([b for _, b in pairs])
    w = rng.uniform(0.2, 2.0, len(pairs))
    prior = rng.uniform(0, 0.5, n) if seed % 2 else np.zeros(n)
    block = peel_densest(n, src, dst, w, prior)
    density, members = _greedy_by_hand(n, src, dst, w, prior)
    assert block.density == pytest.approx(density)
    assert set(block.nodes.tolist()) == members
    if not prior.any():
        # Charikar: the greedy's densest prefix is at least half the densest subgraph
        assert block.density >= _densest_by_brute_force(n, src, dst, w) / 2 - 1e-9
