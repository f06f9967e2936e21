"""Contact detection in workroom messages, on a real in-memory DuckDB.

Three kinds of checks: the table ``detect_contacts`` builds (columns, offsets, redaction,
account matching, comments), one case per obfuscation style and per hard negative, and the
quality gate on the hand-labelled messages (fails when precision or recall regresses).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl
import pytest

from analytics import db
from analytics.contacts import ContactSummary, detect_contacts, find_contacts, patterns
from analytics.contacts.deobfuscate import clean_expr, clean_text
from analytics.contacts.evaluate import KINDS, evaluate_labelled_set, read_labelled
from analytics.contacts.iban import checksum_ok, read_iban

DATA = Path(__file__).parent / "data"
LABELLED = DATA / "contact_messages.csv"
HOLDOUT = DATA / "contact_messages_holdout.csv"
FRESH = DATA / "contact_messages_fresh.csv"
ZW = "\u200b"


def stage(
    con: duckdb.DuckDBPyConnection,
    messages: list[tuple[str, str, str, str]],
    accounts: list[tuple[str, str | None, str | None, str | None]],
) -> None:
    """staging.messages from (message_id, sender_id, recipient_id, body) and staging.accounts
    from (account_id, country, email_normalized, phone_e164)."""
    con.execute(
        "create or replace table staging.accounts (account_id varchar, country varchar, "
        "email_normalized varchar, phone_e164 varchar)"
    )
    if accounts:
        con.executemany("insert into staging.accounts values (?, ?, ?, ?)", accounts)
    con.execute(
        "create or replace table staging.messages (message_id varchar, contract_id varchar, "
        "sender_id varchar, recipient_id varchar, ts timestamp, body varchar)"
    )
    if messages:
        con.executemany(
            "insert into staging.messages values (?, 'k1', ?, ?, timestamp '2025-03-14 10:30', ?)",
            messages,
        )


def findings(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return con.sql("select * from features.message_contacts").pl()


# --- the table ---------------------------------------------------------------------------------

BODIES = {
    "plain": "Hi! write me at John.Smith+work@GoogleMail.com or call +1 415 555 0100",
    "zero_width": "my backup is mark" + ZW + ".twain@hot" + ZW + "mail.com, thanks",
    "other": "reach the client at sam@fastmail.com",
    "nothing": "The budget is $1,250.00, deadline 14/03/2025 at 10:30",
    "solicit": "let's continue on whatsapp, we both save the fees",
}


@pytest.fixture
def built(con: duckdb.DuckDBPyConnection) -> tuple[duckdb.DuckDBPyConnection, ContactSummary]:
    stage(
        con,
        [(mid, "alice", "bob", body) for mid, body in BODIES.items()],
        [
            ("alice", "US", "johnsmith@gmail.com", "+14155550100"),
            ("bob", "GB", None, None),
            ("carol", "DE", "mark.twain@hotmail.com", None),
            ("dave", "DE", "johnsmith@gmail.com", None),
            ("zed", None, "sam@fastmail.com", None),
        ],
    )
    return con, detect_contacts(con)


def test_findings_have_normalized_values_and_matched_accounts(
    built: tuple[duckdb.DuckDBPyConnection, ContactSummary],
) -> None:
    con, _ = built
    got = {
        (r["message_id"], r["kind"], r["value"]): r["matched_account_id"]
        for r in findings(con).iter_rows(named=True)
    }
    assert got == {
        # the sender wins over dave, who has the same mailbox
        ("plain", "email", "johnsmith@gmail.com"): "alice",
        ("plain", "phone", "+14155550100"): "alice",
        ("zero_width", "email", "mark.twain@hotmail.com"): "carol",
        ("other", "email", "sam@fastmail.com"): "zed",
        ("solicit", "solicitation", "move_channel"): None,
        ("solicit", "solicitation", "avoid_fees"): None,
    }


def test_message_columns_are_carried_over(
    built: tuple[duckdb.DuckDBPyConnection, ContactSummary],
) -> None:
    con, _ = built
    row = con.execute(
        "select contract_id, sender_id, recipient_id, ts from features.message_contacts "
        "where message_id = 'other'"
    ).fetchone()
    assert row[:3] == ("k1", "alice", "bob")
    assert str(row[3]) == "2025-03-14 10:30:00"


def test_offsets_point_into_the_original_body(
    built: tuple[duckdb.DuckDBPyConnection, ContactSummary],
) -> None:
    con, _ = built
    rows = findings(con).filter(pl.col("kind") != "solicitation")
    spans = {
        r["message_id"] + "/" + r["kind"]: BODIES[r["message_id"]][
            r["start_offset"] : r["end_offset"]
        ]
        for r in rows.iter_rows(named=True)
    }
    assert spans["plain/email"] == "John.Smith+work@GoogleMail.com"
    assert spans["plain/phone"] == "+1 415 555 0100"
    # exact through the zero-width spaces, which shift every later character
    assert spans["zero_width/email"] == "mark" + ZW + ".twain@hot" + ZW + "mail.com"


def test_snippets_are_redacted(built: tuple[duckdb.DuckDBPyConnection, ContactSummary]) -> None:
    con, _ = built
    snippets = dict(
        con.execute(
            "select message_id || '/' || if(kind = 'solicitation', value, kind), snippet "
            "from features.message_contacts"
        ).fetchall()
    )
    assert snippets["plain/email"] == "Hi! write me at jo***@go***.com or call …"
    assert snippets["plain/phone"] == "… or call +1 415 *** **00"
    assert snippets["other/email"] == "reach the client at sa***@fa***.com"
    assert snippets["solicit/move_channel"].startswith("let's continue on whatsapp")
    for text in snippets.values():
        assert "john" not in text.lower() and "555" not in text and "twain" not in text


def test_obfuscated_flag(built: tuple[duckdb.DuckDBPyConnection, ContactSummary]) -> None:
    con, _ = built
    flags = dict(
        con.execute(
            "select message_id || '/' || kind, obfuscated from features.message_contacts"
        ).fetchall()
    )
    assert flags["plain/email"] is False
    assert flags["zero_width/email"] is True


def test_summary_and_comments(built: tuple[duckdb.DuckDBPyConnection, ContactSummary]) -> None:
    con, summary = built
    assert summary.messages == 5
    assert summary.candidates == 5  # every body above has something the prefilter must see
    assert summary.findings == 6
    assert summary.messages_with_findings == 4
    assert summary.by_kind == {"email": 3, "phone": 1, "solicitation": 2}
    comments = con.execute(
        "select column_name, comment from duckdb_columns() "
        "where schema_name = 'features' and table_name = 'message_contacts'"
    ).fetchall()
    assert len(comments) == 15 and all(c for _, c in comments)
    assert con.execute(
        "select count(*) from duckdb_tables() where table_name = 'contact_candidates'"
    ).fetchone() == (0,)


def test_no_messages_gives_an_empty_table(con: duckdb.DuckDBPyConnection) -> None:
    stage(con, [], [("alice", "US", None, None)])
    summary = detect_contacts(con)
    assert summary.findings == summary.messages == 0
    assert con.execute("select count(*) from features.message_contacts").fetchone() == (0,)


def test_rerun_gives_the_same_table(
    built: tuple[duckdb.DuckDBPyConnection, ContactSummary],
) -> None:
    con, _ = built
    first = findings(con)
    again = detect_contacts(con, batch_rows=2)  # also: several Arrow batches
    assert not again.reused  # the hand-staged messages have no fingerprint: scanned again
    assert findings(con).equals(first)


# --- one case per obfuscation style ------------------------------------------------------------

POSITIVES: list[tuple[str, str, str, str, bool]] = [
    # (country, body, kind, value, obfuscated)
    ("US", "john.smith@gmail.com", "email", "johnsmith@gmail.com", False),
    ("US", "john dot smith at gmail dot com", "email", "johnsmith@gmail.com", True),
    ("US", "john[at]gmail[dot]com", "email", "john@gmail.com", True),
    ("US", "john (at) outlook (dot) com", "email", "john@outlook.com", True),
    ("US", "john @ gmail . com", "email", "john@gmail.com", True),
    ("US", "kevin -at- brightpixel -dot- io", "email", "kevin@brightpixel.io", True),
    ("BR", "me chama no lucas@gmail", "email", "lucas@gmail.com", True),
    ("US", "\uff4a\uff4f\uff48\uff4e\uff20\uff47\uff4d\uff41\uff49\uff4c\uff0e\uff43\uff4f\uff4d",
     "email", "john@gmail.com", True),
    ("UA", "alex@gm\u0430il.c\u043em", "email", "alex@gmail.com", True),
    ("GR", "nikos@gmail.c\u03bfm", "email", "nikos@gmail.com", True),
    ("US", "mark" + ZW + "@hot" + ZW + "mail.com", "email", "mark@hotmail.com", True),
    ("US", "call +1 (415) 555-0100", "phone", "+14155550100", False),
    ("US", "text me 4 1 5-5 5 5-0 1 0 0", "phone", "+14155550100", True),
    ("US", "four one five five five five zero one zero zero", "phone", "+14155550100", True),
    ("US", "ring me 4one5 555 o1oo", "phone", "+14155550100", True),
    ("GB", "+\uff14\uff14 \uff17\uff19\uff11\uff11 \uff11\uff12\uff13\uff14\uff15\uff16",
     "phone", "+447911123456", True),
    ("GB", "call 0791" + ZW + "112" + ZW + "3456", "phone", "+447911123456", True),
    ("US", "our London office: 0044 20 7946 0018", "phone", "+442079460018", False),
    ("FR", "mon num\u00e9ro: 06.12.34.56.78", "phone", "+33612345678", False),
    ("IN", "9.8.7.6.5.4.3.2.1.0", "phone", "+919876543210", True),
    ("GB", "call me on 07700 900461", "phone", "+447700900461", False),
    ("GB", "Tele: 0161 496 0734", "phone", "+441614960734", False),  # telephone, not telegram
    ("GB", "whatsapp me: +44 7911 123456", "whatsapp", "+447911123456", False),
    ("US", "wa.me/14155550100", "whatsapp", "+14155550100", False),
    ("DE", "+49 151 23456789 (whatsapp)", "whatsapp", "+4915123456789", False),
    ("UA", "t.me/john_dev", "telegram", "john_dev", False),
    ("US", "I'm @maria_ux on telegram", "telegram", "maria_ux", False),
    ("RU", "t\u0435l\u0435gr\u0430m: @ivan_builds", "telegram", "ivan_builds", True),
    ("US", "signal: +1 415 555 0123", "signal", "+14155550123", False),
    ("US", "skype: live:.cid.7f3a9b2c1d4e5f60", "skype", "live:.cid.7f3a9b2c1d4e5f60", False),
    ("US", "my skype is john.smith.dev", "skype", "john.smith.dev", False),
    ("CN", "WeChat ID: lily_chen88", "wechat", "lily_chen88", False),
    ("US", "paypal.me/JohnSmithDesign", "paypal", "johnsmithdesign", False),
    ("US", "my paypal is john.smith@gmail.com", "paypal", "johnsmith@gmail.com", False),
    ("US", "venmo @Jake-Miller-22", "venmo", "jake-miller-22", False),
    ("PH", "Payoneer customer ID 38129477", "payoneer", "38129477", False),
    ("DE", "IBAN: DE89 3704 0044 0532 0130 00", "iban", "DE89370400440532013000", False),
    ("US", "Can you pay me directly?", "solicitation", "pay_directly", False),
    ("US", "We should take this off upwork", "solicitation", "outside_platform", False),
    ("US", "to avoid the fees, send it via wise", "solicitation", "avoid_fees", False),
    ("US", "let's continue on whatsapp", "solicitation", "move_channel", False),
]  # fmt: skip

NEGATIVES: list[tuple[str, str]] = [
    ("US", "The budget is $1,250.00 for the whole project"),
    ("US", "My rate is 45 USD/hr"),
    ("US", "Let's meet 2025-03-14 at 10:30"),
    ("GB", "Deadline 14/03/2025"),
    ("US", "INV-2024-00421 is attached"),
    ("US", "order #448122390 shipped"),
    ("US", "ticket 88213 was closed"),
    ("DE", "PO 4500012345 needs to be on the invoice"),
    ("US", "upgrade to v2.14.3"),
    ("US", "server is 192.168.10.100"),
    ("US", "conversion up 12.5%"),
    ("US", "we have 12 000 000 rows"),
    ("US", "join https://us02web.zoom.us/j/81234567890?pwd=abc"),
    ("US", "Meeting ID: 812 3456 7890"),
    ("US", "github.com/acme/app/pull/4412"),
    ("US", "https://docs.google.com/document/d/1aBcD2eFgH3iJkL4mNoP/edit"),
    ("US", "figma.com/file/AbC123/Landing?node-id=12-345"),
    ("US", "Our site is live at acme-shop.com"),
    ("US", "I'll look at the logo at 5pm"),
    ("US", "the demo is live at acme dot com"),
    ("US", "sorry, my telegram is blocked."),
    ("US", "Please send the report dot pdf when ready"),
    ("US", "@john please review the PR"),
    ("US", "ping @dev_kostya on slack"),
    ("US", "git clone git@github.com:acme/app.git"),
    ("US", "export icon@2x.png"),
    ("US", "I got an email from noreply@upwork.com"),
    ("US", "contact support@upwork.com about the refund"),
    ("RU", "Telegram is blocked in my country"),
    ("US", "we can do a skype call tomorrow"),
    ("US", "signal processing pipeline in python"),
    ("DE", "IBAN: DE89 3704 0044 0532 0130 01 must fail validation"),
    ("US", "Please don't pay outside the platform"),
    ("US", "Please pay directly through Upwork milestones"),
    ("US", "I'll be off the platform next week"),
    ("US", "I have one or two questions"),
]


@pytest.fixture(scope="module")
def cases() -> Iterator[pl.DataFrame]:
    """One DuckDB for every parametrized case: detection runs once."""
    con = db.connect()
    bodies = [(f"p{i}", country, body) for i, (country, body, *_rest) in enumerate(POSITIVES)]
    bodies += [(f"n{i}", country, body) for i, (country, body) in enumerate(NEGATIVES)]
    stage(
        con,
        [(mid, f"s_{mid}", "r", body) for mid, _, body in bodies],
        [(f"s_{mid}", country, None, None) for mid, country, _ in bodies]
        + [("r", None, None, None)],
    )
    detect_contacts(con)
    yield findings(con)
    con.close()


@pytest.mark.parametrize(("i", "case"), list(enumerate(POSITIVES)), ids=[c[1] for c in POSITIVES])
def test_obfuscation_style_is_found(
    cases: pl.DataFrame, i: int, case: tuple[str, str, str, str, bool]
) -> None:
    _, body, kind, value, obfuscated = case
    got = cases.filter(pl.col("message_id") == f"p{i}")
    assert got.select("kind", "value").rows() == [(kind, value)]
    assert got["obfuscated"].item() is obfuscated
    start, end = got["start_offset"].item(), got["end_offset"].item()
    assert 0 <= start < end <= len(body)


@pytest.mark.parametrize(("i", "case"), list(enumerate(NEGATIVES)), ids=[c[1] for c in NEGATIVES])
def test_hard_negative_is_not_a_contact(cases: pl.DataFrame, i: int, case: tuple[str, str]) -> None:
    assert cases.filter(pl.col("message_id") == f"n{i}").is_empty()


# --- building blocks ---------------------------------------------------------------------------


def test_clean_text_is_the_same_in_polars_and_python() -> None:
    bodies = [
        "Ｊｏｈｎ＠ｇｍａｉｌ．ｃｏｍ",
        "tеlеgrаm İstanbul ﬁle ①②③ ٤١٥ ΣΑΣ",
        "a" + ZW + "b\u00adc\u200dd",
        "don’t – pay",
    ]
    polars_clean = pl.Series(bodies).to_frame("b").select(clean_expr(pl.col("b")))["b"].to_list()
    assert polars_clean == [clean_text(b) for b in bodies]
    assert clean_text(bodies[0]) == "john@gmail.com"
    assert clean_text(bodies[2]) == "abcd"


def test_iban_checksum_and_length() -> None:
    assert checksum_ok("GB82WEST12345698765432")
    assert not checksum_ok("GB82WEST12345698765433")
    assert read_iban("de89 3704 0044 0532 0130 00 thanks") == ("DE89370400440532013000", 27)
    assert read_iban("de89 3704 0044 0532 0130 01") is None
    assert read_iban("zz12 3456 7890 1234") is None


def test_prefilter_keeps_every_message_the_detector_would_flag() -> None:
    """Nothing after the SQL prefilter sees a message it drops: run the detector without it
    (``find_contacts``, polars only) over every labelled body, and check that each message
    with a finding also passes the prefilter."""
    labelled = pl.concat([read_labelled(p) for p in (LABELLED, HOLDOUT, FRESH)])
    cases = [(f"p{i}", c[0], c[1]) for i, c in enumerate(POSITIVES)]
    frame = pl.concat(
        [
            labelled.select("message_id", pl.col("country").alias("region"), "body"),
            pl.DataFrame(cases, schema=["message_id", "region", "body"], orient="row"),
        ]
    )
    flagged = find_contacts(frame).select("message_id").unique()
    assert flagged.height > 200
    con = db.connect()
    con.register("flagged", frame.join(flagged, on="message_id").to_arrow())
    dropped = con.execute(
        "select message_id from flagged where not regexp_matches(body, $p)",
        {"p": patterns.PREFILTER},
    ).fetchall()
    assert dropped == []


# --- quality gate on the hand-labelled messages ------------------------------------------------

# Measured (benchmarks/results/contact_detection_quality.md): precision and recall 1.0 for every
# kind on the labelled set, which the rules were written against, and on the holdout since its
# first-run misses were fixed; 0.975 / 0.812 on the fresh set, whose first run (0.92 / 0.73)
# is the honest estimate. The gates sit just below: any new error in the labelled set beyond one
# in a large kind fails, and so does a drop on the later sets.
LABELLED_MIN = {"precision": 0.97, "recall": 0.97}
LABELLED_KIND_MIN = {"precision": 0.95, "recall": 0.95}
LATER_SETS_MIN = {HOLDOUT: (0.97, 0.97), FRESH: (0.95, 0.78)}


@pytest.fixture(scope="module")
def labelled_quality() -> dict:
    return evaluate_labelled_set(LABELLED)


def test_labelled_set_is_big_and_mostly_hard_negatives(labelled_quality: dict) -> None:
    assert labelled_quality["messages"] >= 150
    assert labelled_quality["negatives"] * 2 >= labelled_quality["messages"]
    assert all(v["tp"] + v["fn"] > 0 for v in labelled_quality["by_kind"].values())


def test_labelled_overall_quality(labelled_quality: dict) -> None:
    overall = labelled_quality["overall"]
    assert overall["precision"] >= LABELLED_MIN["precision"], labelled_quality["false_positives"]
    assert overall["recall"] >= LABELLED_MIN["recall"], labelled_quality["false_negatives"]


@pytest.mark.parametrize("kind", KINDS)
def test_labelled_quality_per_kind(labelled_quality: dict, kind: str) -> None:
    got = labelled_quality["by_kind"][kind]
    errors = [
        e
        for e in labelled_quality["false_positives"] + labelled_quality["false_negatives"]
        if e["kind"] == kind
    ]
    assert (got["precision"] or 0) >= LABELLED_KIND_MIN["precision"], errors
    assert (got["recall"] or 0) >= LABELLED_KIND_MIN["recall"], errors


@pytest.mark.parametrize("path", list(LATER_SETS_MIN), ids=["holdout", "fresh"])
def test_later_sets_quality(path: Path) -> None:
    result = evaluate_labelled_set(path)
    min_precision, min_recall = LATER_SETS_MIN[path]
    assert result["overall"]["precision"] >= min_precision, result["false_positives"]
    assert result["overall"]["recall"] >= min_recall, result["false_negatives"]
