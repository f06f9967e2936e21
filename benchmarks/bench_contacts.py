"""Throughput of contact detection on N synthetic workroom messages.

The messages are built column-wise (numpy + polars, in a child process that writes them to a
DuckDB file, so that the peak RSS reported is detection's alone): each row picks one of ~50
templates, half of them plain small talk and half freelance chatter full of the numbers, dates,
prices, links, "at" and "fees" that make the prefilter work, plus a ``--contact-share`` of
messages with an email, phone, handle, IBAN or solicitation, plain or obfuscated. Slots are
filled with random numbers. Then ``detect_contacts`` runs on the file and the script prints
messages per second, the share of candidates after the SQL prefilter, wall time per stage and
peak RSS.

    python -m benchmarks.bench_contacts --messages 2000000
    python -m benchmarks.bench_contacts --messages 20000000
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from time import perf_counter

import numpy as np
import polars as pl

from analytics import db
from analytics.contacts import detect_contacts

PLAIN = [
    "Sounds good, thanks!",
    "Sent the files, let me know what you think!",
    "Sorry for the delay, I was sick yesterday. Back on it today.",
    "Could you share the staging credentials in the workroom?",
    "I updated the copy on the pricing page as discussed.",
    "The client wants the logo bigger and the font bolder.",
    "Great work on the last iteration, the team loved it.",
    "Can you walk me through the onboarding flow?",
    "I'll have the first draft ready by Friday.",
    "Let me check with my manager and get back to you.",
    "The new colors look much better on mobile.",
    "Do you have any questions about the requirements?",
    "I fixed the bug in the login form, please retest.",
    "Please use the brand guidelines attached earlier.",
    "Happy to help with the migration as well.",
    "The tests pass locally, CI is still running.",
    "I think we should simplify the navigation menu.",
    "Thanks for the feedback, working on the changes now.",
    "Let's keep the scope small for the first release.",
    "Could you approve the milestone when you have a minute?",
    "I'm not sure the API supports that, I'll investigate.",
    "The animation feels a bit slow, can we speed it up?",
    "Good morning! Any updates on the content?",
    "I added comments to the design file.",
    "Let's continue with the checkout flow tomorrow.",
]
TRICKY = [
    "Hi! I reviewed the brief, I can start on {mo}/{da} and deliver in {a} days.",
    "The budget is ${c}.00 for the whole project, is that ok?",
    "My rate is {a} USD/hr, around {a} hrs a week.",
    "Let's meet {y}-{mo}-{da} at {h}:{mi} to go through the wireframes.",
    "Deadline {da}/{mo}/{y}, no later please.",
    "Invoice INV-{y}-{d} is attached, thanks for the quick payment.",
    "order #{e} shipped today, tracking should arrive soon",
    "ticket {d} was closed by support, the bug is fixed",
    "Upgrade to v{a}.{a}.{a} before deploying to staging.",
    "Conversion went up {a}.{a}% after the new landing page.",
    "We have {c} {b} {b} rows in the orders table, the query takes {a} s.",
    "join https://us02web.zoom.us/j/8{e}{a}?pwd=abc{b} at {h}:{mi}",
    "PR is here: github.com/acme/app/pull/{c}",
    "https://docs.google.com/document/d/1aB{c}xYz{b}/edit has the copy",
    "figma.com/file/Ab{b}/Landing?node-id={a}-{b} updated",
    "I'll look at the logo at {h}pm and send the changes.",
    "we are at {a}% completion on milestone {a}",
    "@{u} please review the PR before {h}:{mi}",
    "I pushed {a} commits, build {y}{mo}{da}.{a} is on staging.",
    "Reference number {c} {c} {c}, please add it to the invoice.",
    "Payment will go through Upwork as usual, milestone {a} funded.",
    "Upwork fees went up, but it's fine, let's keep it here.",
    "server is 192.168.{a}.{b}, port 8080, user deploy",
    "The direct debit failed, can you check your card?",
    "Meeting ID: {b} {c} {c} Passcode: {d}",
]
CONTACTS = [
    "Hey, reach me at {u}.{u}{a}@gmail.com if the workroom is slow",
    "{u} dot {u} at gmail dot com - write me there",
    "my whatsapp: +1 415 555 0{b}",
    "call me on +44 7911 {f}",
    "wa.me/1415555{c}",
    "t.me/{u}_{u}{a}",
    "text me four one five five five five zero one two three",
    "my skype is live:.cid.{c}{b}abc",
    "pay me directly and we both save the fees",
    "IBAN: DE89 3704 0044 0532 0130 00",
]
WORDS = ["anna", "john", "maria", "dev", "kostya", "lee", "sam", "priya", "ali", "olga"]
SLOTS = {
    "{a}": (1, 99),
    "{b}": (100, 999),
    "{c}": (1000, 9999),
    "{d}": (10000, 999999),
    "{e}": (1000000, 999999999),
    "{f}": (100000, 999999),
    "{y}": (2024, 2026),
    "{mo}": (1, 12),
    "{da}": (10, 28),
    "{h}": (8, 18),
    "{mi}": (10, 59),
}
CHUNK = 2_000_000


def messages_chunk(
    rng: np.random.Generator, start: int, n: int, contact_share: float
) -> pl.DataFrame:
    """``n`` messages numbered from ``start``: templates picked at random, slots filled."""
    ordinary = pl.Series(PLAIN + TRICKY)
    contacts = pl.Series(CONTACTS)
    is_contact = rng.random(n) < contact_share
    body = pl.select(
        pl.when(pl.Series(is_contact))
        .then(contacts.gather(rng.integers(0, len(contacts), n)))
        .otherwise(ordinary.gather(rng.integers(0, len(ordinary), n)))
    ).to_series()
    frame = pl.DataFrame({"body": body})
    for slot, (lo, hi) in SLOTS.items():
        values = pl.Series(rng.integers(lo, hi + 1, n)).cast(pl.String)
        frame = frame.with_columns(pl.col("body").str.replace_all(slot, values, literal=True))
    words = pl.Series(WORDS).gather(rng.integers(0, len(WORDS), n))
    frame = frame.with_columns(pl.col("body").str.replace_all("{u}", words, literal=True))
    ids = pl.DataFrame(
        {
            "i": pl.int_range(start, start + n, dtype=pl.Int64, eager=True),
            "planted": pl.Series(is_contact),
        }
    )
    thread = pl.col("i") // 40
    # messages with a planted contact are "x…", the others "m…": the score below needs no join
    prefix = pl.when(pl.col("planted")).then(pl.lit("x")).otherwise(pl.lit("m"))
    return ids.select(
        (prefix + pl.col("i").cast(pl.String)).alias("message_id"),
        ("c" + thread.cast(pl.String)).alias("contract_id"),
        ("a" + (thread % 10_000).cast(pl.String)).alias("sender_id"),
        ("a" + ((thread + 1) % 10_000).cast(pl.String)).alias("recipient_id"),
        (pl.lit(datetime(2025, 1, 1)) + pl.duration(seconds=pl.col("i"))).alias("ts"),
        frame["body"].alias("body"),
    )


def build_file(path: str, n: int, contact_share: float, seed: int) -> None:
    """Write staging.accounts (10k accounts in 8 countries) and staging.messages to ``path``."""
    con = db.connect(path)
    con.execute("set enable_progress_bar = false")
    con.execute(
        "create or replace table staging.accounts as select 'a' || i as account_id, "
        "['US','GB','IN','DE','PH','UA','BR','NG'][1 + i % 8] as country, "
        "null::varchar as email_normalized, null::varchar as phone_e164 from range(10000) t(i)"
    )
    con.execute(
        "create or replace table staging.messages (message_id varchar, contract_id varchar, "
        "sender_id varchar, recipient_id varchar, ts timestamp, body varchar)"
    )
    rng = np.random.default_rng(seed)
    for start in range(0, n, CHUNK):
        chunk = messages_chunk(rng, start, min(CHUNK, n - start), contact_share)
        arrow = chunk.to_arrow()  # noqa: F841 - read by DuckDB's replacement scan below
        con.execute(
            "insert into staging.messages select message_id, contract_id, sender_id, "
            "recipient_id, ts, body from arrow"
        )
    con.close()


def main(argv: list[str] | None = None) -> dict[str, object]:
    """Build the messages (child process), run detection here, print and return the numbers."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--messages", type=int, default=2_000_000)
    parser.add_argument("--contact-share", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--memory-limit", default="6GB")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-rows", type=int, default=500_000)
    parser.add_argument("--json-out", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "bench.duckdb")
        started = perf_counter()
        child = multiprocessing.get_context("spawn").Process(
            target=build_file, args=(path, args.messages, args.contact_share, args.seed)
        )
        child.start()
        child.join()
        if child.exitcode != 0:
            raise SystemExit(f"building the messages failed (exit code {child.exitcode})")
        built = perf_counter()
        con = db.connect(
            path,
            memory_limit=args.memory_limit,
            threads=args.threads,
            temp_directory=Path(tmp) / "spill",
        )
        summary = detect_contacts(con, batch_rows=args.batch_rows)
        done = perf_counter()
        planted, flagged_planted, flagged_other = con.execute(
            """
            select
                (select count(*) from staging.messages where message_id like 'x%'),
                count(distinct message_id) filter (where message_id like 'x%'),
                count(distinct message_id) filter (where message_id like 'm%')
            from features.message_contacts
            """
        ).fetchone()
        con.close()
    detect_s = done - built
    result: dict[str, object] = {
        "messages": args.messages,
        "contact_share": args.contact_share,
        "threads": args.threads,
        "build_s": round(built - started, 1),
        "detect_s": round(detect_s, 1),
        "messages_per_s": round(args.messages / detect_s),
        "candidate_share": round(summary.candidate_share, 4),
        "candidates": summary.candidates,
        "findings": summary.findings,
        "messages_with_findings": summary.messages_with_findings,
        "stage_s": summary.seconds,
        "by_kind": summary.by_kind,
        # the templates are known: every planted message should be flagged, no other one
        "planted_messages": planted,
        "planted_flagged": flagged_planted,
        "other_messages_flagged": flagged_other,
        # ru_maxrss is KiB on Linux; this process never held the generated frames
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    json.dump(result, sys.stdout, indent=2)
    print()
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    main()
