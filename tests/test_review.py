"""The review app's parts without a browser or a pipeline run: queue pages on a 100,000-case
queue, request values that never reach SQL, highlighting, the network picture and the chart.

Speed is measured by benchmarks/bench_review.py, not here: these tests check what a page holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from analytics.snapshot import open_snapshot, snapshot_path
from review import queries
from review.charts import weekly_chart
from review.highlight import segments
from review.network import build_picture
from review.pages import parse_filter, queue_url
from review.queries import PAGE_SIZE, QueueFilter
from review.reader import SnapshotReader
from review.synthetic_queue import write_synthetic_queue

NOW = datetime(2026, 11, 21, 12, 0)
CASES = 100_000


@pytest.fixture(scope="module")
def big_queue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The snapshot of a queue of 100,000 cases."""
    db_path = tmp_path_factory.mktemp("review_queue") / "big.duckdb"
    return write_synthetic_queue(snapshot_path(db_path), CASES)


@pytest.fixture(scope="module")
def reader(big_queue: Path) -> Iterator[SnapshotReader]:
    reader = SnapshotReader(big_queue, prepare=queries.prepare_queue_rows)
    yield reader
    reader.close()


def _page(reader: SnapshotReader, flt: QueueFilter) -> queries.QueuePage:
    with reader.main() as con:
        return queries.queue_page(con, flt, NOW)


def _count(big_queue: Path, where: str, params: list[object]) -> int:
    """The expected number of cases, counted straight from the snapshot's tables."""
    con = open_snapshot(big_queue)
    try:
        return con.execute(
            "select count(*) from queues.investigation_queue as q "
            f"inner join queues.case_status as s using (case_id) where {where}",
            params,
        ).fetchone()[0]
    finally:
        con.close()


def test_a_page_of_a_100000_case_queue_holds_50_cases(reader: SnapshotReader) -> None:
    page = _page(reader, QueueFilter())
    assert (len(page.rows), page.total, page.pages) == (PAGE_SIZE, CASES, CASES // PAGE_SIZE)
    assert [row["rank"] for row in page.rows] == list(range(1, 51))
    first = page.rows[0]
    assert first["headline"].startswith(first["pattern"])
    assert first["age_days"] >= 0
    assert len(first["first_members"]) <= 3
    assert sum(page.counts_by_pattern.values()) == CASES

    deep = _page(reader, QueueFilter(page=1000))
    assert [row["rank"] for row in deep.rows] == list(range(49_951, 50_001))
    last = _page(reader, QueueFilter(page=10**9))  # past the end: the last page
    assert last.page == last.pages and last.rows[-1]["rank"] == CASES


def test_filters_and_sorts_match_the_tables(reader: SnapshotReader, big_queue: Path) -> None:
    flt = QueueFilter(pattern="ring", status="open", min_score=0.5)
    page = _page(reader, flt)
    assert len(page.rows) == PAGE_SIZE
    assert page.total == _count(
        big_queue, "q.pattern = 'ring' and s.status = 'open' and q.score >= 0.5", []
    )
    assert all(
        r["pattern"] == "ring" and r["status"] == "open" and r["score"] >= 0.5 for r in page.rows
    )
    ranks = [r["rank"] for r in page.rows]
    assert ranks == sorted(ranks)

    new = _page(reader, QueueFilter(new_only=True, sort="oldest", page=2))
    assert new.total == _count(big_queue, "s.is_new", [])
    assert all(r["is_new"] for r in new.rows)
    oldest = _page(reader, QueueFilter(sort="oldest")).rows
    assert [r["first_run"] for r in oldest] == sorted(r["first_run"] for r in oldest)

    member = _page(reader, QueueFilter(account="a0000700")).rows
    assert member and all(r["n_members"] >= 2 for r in member)
    assert _page(reader, QueueFilter(account=member[0]["case_id"])).total == 1


def test_assignment_filters_on_a_100000_case_queue(reader: SnapshotReader) -> None:
    with reader.main() as con:
        ids = [
            row[0]
            for row in con.execute(
                "select case_id from temp.queue_rows order by hash(case_id) limit 1000"
            ).fetchall()
        ]
    mine = _page(reader, QueueFilter(assigned="mine", assigned_ids=tuple(ids)))
    assert mine.total == 1000 and {r["case_id"] for r in mine.rows} <= set(ids)
    ranks = [r["rank"] for r in mine.rows]
    assert ranks == sorted(ranks)
    rest = _page(reader, QueueFilter(assigned="unassigned", assigned_ids=tuple(ids), page=3))
    assert rest.total == CASES - 1000 and not {r["case_id"] for r in rest.rows} & set(ids)
    assert _page(reader, QueueFilter(assigned="mine")).total == 0  # nothing assigned to me
    assert _page(reader, QueueFilter(assigned="unassigned")).total == CASES
    flt, notices = parse_filter({"assigned": "mine", "page": "2"})
    assert (flt.assigned, flt.assigned_ids, notices) == ("mine", (), [])
    assert queue_url(flt) == "/?assigned=mine&page=2"
    assert parse_filter({"assigned": "theirs"})[0].assigned is None


def test_request_values_never_become_sql(reader: SnapshotReader) -> None:
    hostile = {
        "pattern": "ring' or '1'='1",
        "status": "open; drop table queues.runs",
        "min_score": "nan",
        "sort": "rank desc; select 1",
        "page": "-3",
        "q": "x' or '1'='1",
    }
    flt, notices = parse_filter(hostile)
    assert (flt.pattern, flt.status, flt.min_score, flt.sort, flt.page) == (
        None,
        None,
        None,
        "rank",
        1,
    )
    assert len(notices) == 4
    where, params = flt.where()
    assert "'" not in where and params == ["x' or '1'='1"] * 2  # the value is a parameter
    assert _page(reader, flt).total == 0
    assert parse_filter({"min_score": "7"})[0].min_score == 1.0
    assert queue_url(QueueFilter(pattern="ring", page=2)) == "/?pattern=ring&page=2"


def test_snapshot_swaps_are_picked_up(tmp_path: Path) -> None:
    path = write_synthetic_queue(tmp_path / "q.snapshot.duckdb", 120)
    reader = SnapshotReader(path, prepare=queries.prepare_queue_rows)
    try:
        assert _page(reader, QueueFilter()).total == 120
        fresh = write_synthetic_queue(tmp_path / "next.duckdb", 60)
        fresh.replace(path)  # what publish_snapshot does: an atomic rename
        assert _page(reader, QueueFilter()).total == 60
        assert reader.generation == 2
    finally:
        reader.close()


def test_highlighting_cuts_the_body_into_plain_segments() -> None:
    body = "mail <b>me</b> at jo@x.io or wa +1 555 0100, pay me directly"
    findings = [
        {"start": 18, "end": 25, "kind": "email"},
        {"start": 20, "end": 28, "kind": "solicitation"},  # overlaps: merged
        {"start": 32, "end": 43, "kind": "whatsapp"},
        {"start": 999, "end": 1005, "kind": "phone"},  # outside the body: ignored
    ]
    parts = segments(body, findings)
    assert "".join(p.text for p in parts) == body
    assert [(p.text, p.kind) for p in parts if p.kind] == [
        ("jo@x.io or", "email, solicitation"),
        ("+1 555 0100", "whatsapp"),
    ]
    assert [p.text for p in segments("", [])] == [""]


def _evidence(kind: str, value: str, n: int, weight: float) -> dict[str, object]:
    return {"kind": kind, "value": value, "n_accounts": n, "weight": weight, "days_together": None}


def test_network_picture_draws_shared_identifiers_and_contracts() -> None:
    members = [
        {"account_id": "a1", "role": "client", "name": "<b>Ann</b>"},
        {"account_id": "a2", "role": "freelancer", "name": None},
        {"account_id": "a3", "role": "freelancer", "name": "Cy"},
        {"account_id": "a4", "role": "client", "name": "Di"},
    ]
    phone = _evidence("phone", "+14045550100", 3, 0.9)
    device = _evidence("device", "dev-9", 2, 0.8)
    links = [
        {"account_a": "a1", "account_b": "a2", "evidence": [phone]},
        {"account_a": "a1", "account_b": "a3", "evidence": [phone]},
        {"account_a": "a2", "account_b": "a3", "evidence": [phone]},
        {"account_a": "a3", "account_b": "a4", "evidence": [device]},
    ]
    contracts = [
        {"client_id": "a1", "freelancer_id": "a2", "paid": 100},
        {"client_id": "a1", "freelancer_id": "a2", "paid": 50},
        {"client_id": "a4", "freelancer_id": "outsider", "paid": 10},
    ]
    picture = build_picture(members, links, contracts)
    kinds = sorted(node.kind for node in picture.nodes)
    assert kinds == ["client", "client", "freelancer", "freelancer", "identifier"]
    hub = next(node for node in picture.nodes if node.kind == "identifier")
    assert (hub.label, hub.sublabel) == ("phone", "3 accounts")
    edges = {(e.kind, e.source, e.target): e for e in picture.edges}
    assert sorted(k for k in edges if k[0] == "uses") == [
        ("uses", a, hub.id) for a in ("a1", "a2", "a3")
    ]
    assert edges[("link", "a3", "a4")].label == "device 2"
    assert edges[("contract", "a1", "a2")].label == "×2"
    assert len([e for e in picture.edges if e.kind == "contract"]) == 1  # not to the outsider
    for node in picture.nodes:
        assert 0 <= node.x <= picture.width and 0 <= node.y <= picture.height


def test_weekly_chart_marks_the_first_contact() -> None:
    weeks = [
        {"week": datetime(2026, 1, 5), "paid": 400.0, "payments": 1},
        {"week": datetime(2026, 1, 12), "paid": 200.0, "payments": 2},
        {"week": datetime(2026, 2, 2), "paid": 50.0, "payments": 1},
    ]
    chart = weekly_chart(weeks, datetime(2026, 1, 14, 9), "email", datetime(2026, 3, 30))
    assert chart.weeks == 13  # 2026-01-05 to 2026-03-30, empty weeks included
    assert [bar.after_contact for bar in chart.bars] == [False, False, True]
    assert chart.bars[0].height > chart.bars[1].height > chart.bars[2].height
    assert chart.bars[1].x < chart.marker_x < chart.bars[2].x
    assert chart.marker_label == "first contact (email) 2026-01-14"
