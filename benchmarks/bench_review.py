"""Page latency of the review app on a queue of N cases (default 100,000).

    .venv/bin/python benchmarks/bench_review.py [--cases 100000] [--decisions 10000] [--repeat 30]

Writes a snapshot holding a synthetic queue of N cases (review.synthetic_queue) and a decisions
store of D decisions under benchmarks/cache/, serves the app with uvicorn on a free localhost
port, and times full HTTP round trips (query, decisions lookup, rendering) for the queue pages
investigators use: the first page, a deep page, filters, an account search, the cases assigned to
the viewer, the audit log. Every request is signed in: it carries a session cookie, so the
session lookup in the decisions store is part of each time. The first request after a new
snapshot joins the queue tables once (review.reader); it is timed on its own. With --demo-db,
case pages and an account page of a real run are timed too. Results go to
benchmarks/results/review_<N>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import time
import urllib.request
from pathlib import Path

from analytics.queue.decisions import CaseState, record_decision
from analytics.snapshot import open_snapshot, snapshot_path
from review import assignments
from review.server import BackgroundServer
from review.synthetic_queue import write_synthetic_queue

ROOT = Path(__file__).resolve().parent

QUEUE_PAGES = {
    "first page": "/",
    "page 1,000 (offset 49,950)": "/?page=1000",
    "last page": "/?page=999999",
    "pattern + status + min score": "/?pattern=ring&status=open&min_score=0.5",
    "needs_info, page 20": "/?status=needs_info&page=20",
    "new only, oldest first": "/?new=1&sort=oldest",
    "account search": "/?q=a0000700",
    "assigned to me (1,000 of 10,000)": "/?assigned=mine",
    "audit log, first page": "/audit",
}
ASSIGNED = 10_000  # cases assigned, one in ten of them to the benchmark's user


def _seed_decisions(store: Path, snapshot: Path, n: int) -> None:
    """``n`` decisions on every k-th case (one record_decision for the schema, then a batch)."""
    store.unlink(missing_ok=True)
    con = open_snapshot(snapshot)
    try:
        step = max(1, con.execute("select count(*) from queues.case_registry").fetchone()[0] // n)
        rows = con.execute(
            "select case_id, pattern, account_ids from queues.case_registry "
            "order by case_id limit ?",
            [n * step],
        ).fetchall()[::step][:n]
    finally:
        con.close()
    first, *rest = rows
    record_decision(store, first[0], "needs_info", CaseState(first[1], first[2], 0.0, 0))
    db = sqlite3.connect(store)
    with db:
        db.executemany(
            "insert into decisions (case_id, status, reason, note, decided_by, decided_at, "
            "pattern, account_ids, paid_total, contact_findings) "
            "values (?, 'dismissed', 'household', 'bench', 'bench', '2026-10-25T00:00:00+00:00',"
            " ?, ?, 0, 0)",
            [(case_id, pattern, "\n".join(ids)) for case_id, pattern, ids in rest],
        )
    db.close()


def _seed_assignments(store: Path, snapshot: Path, n: int, user: str) -> None:
    """``n`` assigned cases, every tenth to ``user`` (one ``assign`` for the schema, then a
    batch)."""
    con = open_snapshot(snapshot)
    try:
        ids = [
            row[0]
            for row in con.execute(
                "select case_id from queues.case_registry order by hash(case_id) limit ?", [n]
            ).fetchall()
        ]
    finally:
        con.close()
    assignments.assign(store, ids[0], user, "bench")
    rows = [(case_id, user if i % 10 == 0 else "someone") for i, case_id in enumerate(ids[1:], 1)]
    db = sqlite3.connect(store)
    with db:
        for table in ("assignments", "current_assignments"):
            db.executemany(
                f"insert into {table} (case_id, assignee, assigned_by, assigned_at) "
                "values (?, ?, 'bench', '2026-10-25T00:00:00+00:00')",
                rows,
            )
    db.close()


def _get(url: str, cookie: str) -> float:
    started = time.perf_counter()
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        assert response.status == 200, url
        assert "/login" not in response.url, "the request was not signed in"
    return time.perf_counter() - started


def _time(
    base: str, pages: dict[str, str], repeat: int, cookie: str
) -> dict[str, dict[str, float]]:
    results = {}
    for name, path in pages.items():
        _get(base + path, cookie)  # warm
        samples = sorted(_get(base + path, cookie) for _ in range(repeat))
        results[name] = {
            "median_ms": round(statistics.median(samples) * 1000, 1),
            "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)] * 1000, 1),
        }
        print(f"  {name:<34}{results[name]['median_ms']:>8.1f} ms{results[name]['p95_ms']:>9.1f}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--demo-db", help="a real run's database: also time its case pages")
    args = parser.parse_args()

    cache = ROOT / "cache"
    cache.mkdir(exist_ok=True)
    db_path = cache / f"review_{args.cases}.duckdb"
    store = cache / f"review_{args.cases}.decisions.sqlite"
    started = time.perf_counter()
    write_synthetic_queue(snapshot_path(db_path), args.cases)
    _seed_decisions(store, snapshot_path(db_path), args.decisions)
    _seed_assignments(store, snapshot_path(db_path), min(ASSIGNED, args.cases), "bench")
    print(f"synthetic queue of {args.cases:,} cases in {time.perf_counter() - started:.1f}s")

    report: dict[str, object] = {
        "cases": args.cases,
        "decisions": args.decisions,
        "repeat": args.repeat,
        "machine": {"cores": os.cpu_count(), "platform": platform.platform()},
    }
    print(f"  {'page':<34}{'median':>11}{'p95':>9}")
    with BackgroundServer(db_path, store) as server:
        cookie = server.session_cookie("bench", "lead")  # a lead: the audit page is a lead's
        report["first_request_after_new_snapshot_ms"] = round(
            _get(server.url + "/", cookie) * 1000, 1
        )
        print(
            f"  {'first request (joins the queue)':<34}"
            f"{report['first_request_after_new_snapshot_ms']:>8.1f} ms"
        )
        report["pages"] = _time(server.url, QUEUE_PAGES, args.repeat, cookie)

    if args.demo_db:
        demo = Path(args.demo_db)
        con = open_snapshot(snapshot_path(demo))
        top = con.execute(
            "select pattern, min_by(case_id, rank) from queues.investigation_queue group by 1"
        ).fetchall()
        (member,) = con.execute(
            "select account_ids[1] from queues.investigation_queue order by rank limit 1"
        ).fetchone()
        con.close()
        demo_store = cache / "review_demo.decisions.sqlite"
        demo_store.unlink(missing_ok=True)
        with BackgroundServer(demo, demo_store) as server:
            cookie = server.session_cookie("bench", "investigator")
            print("case pages of the demo run")
            demo_pages = {f"case page ({p})": f"/case/{c}" for p, c in sorted(top)}
            demo_pages["account page (top case's first member)"] = f"/account/{member}"
            report["demo_case_pages"] = _time(server.url, demo_pages, 10, cookie)

    out = ROOT / "results" / f"review_{args.cases}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
