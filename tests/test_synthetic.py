"""The synthetic marketplace: deterministic, valid per the data contract, and realistic enough.

Checked with real DuckDB SQL over the parquet files, on a small population (fast).
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import phonenumbers
import pytest

from analytics import patterns
from analytics.contract import (
    CONTRACT_STATUSES,
    HIRE_TYPES,
    INPUT_TABLES,
    LABELS,
    PAYMENT_KINDS,
    PRICING,
    ROLES,
)
from analytics.db import prepare_session
from analytics.normalize import normalize_phone
from analytics.synthetic import MIN_ACCOUNTS, STAGES, generate_marketplace
from analytics.synthetic.clock import END, START
from analytics.synthetic.negatives_crowds import MIN_CROWD
from analytics.synthetic.planted_dropoffs import DROPOFF_STYLES
from analytics.synthetic.planted_hires import HIRE_STYLES
from analytics.synthetic.planted_rings import MAX_RING_SIZE, RING_STYLES

N = 10_000
SEED = 11
STYLES = {"ring": RING_STYLES, "immediate_hire": HIRE_STYLES, "contact_dropoff": DROPOFF_STYLES}
NEGATIVES = {
    "ring": ("nat_crowd", "coworking", "university", "household", "agency", "repeat_client"),
    "immediate_hire": ("fast_competitive_hire", "direct_contract", "quick_one_off"),
    "contact_dropoff": ("contact_continues", "contract_ends", "fixed_done"),
}
CROWDS = ("nat_crowd", "coworking", "university")
WINDOW = (datetime.fromtimestamp(START, UTC), datetime.fromtimestamp(END, UTC))


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("market")
    return out, generate_marketplace(out, N, SEED)


@pytest.fixture(scope="module")
def db(market: tuple[Path, dict[str, int]]) -> duckdb.DuckDBPyConnection:
    out, _ = market
    con = duckdb.connect()
    for table in INPUT_TABLES:
        con.execute(
            f"CREATE VIEW {table.name} AS SELECT * FROM read_parquet('{out / table.name}.parquet')"
        )
    return con


def one(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    row = con.execute(sql).fetchone()
    assert row is not None
    return row[0]


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes_other_seed_other_data(
    market: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    out, rows = market
    heard: list[tuple[str, int]] = []
    again = generate_marketplace(
        tmp_path / "again", N, SEED, lambda what, done, total: heard.append((what, done))
    )
    assert again == rows
    assert digest(tmp_path / "again") == digest(out)  # reporting progress changes no byte
    assert [what for what, done in heard if done == 0] == list(STAGES)  # each as it starts
    assert {what: done for what, done in heard if done} == rows  # then each table's rows
    generate_marketplace(tmp_path / "other", N, SEED + 1)
    other = digest(tmp_path / "other")
    assert all(other[name] != sha for name, sha in digest(out).items())


def test_row_counts_match_files_and_scale(
    market: tuple[Path, dict[str, int]], db: duckdb.DuckDBPyConnection
) -> None:
    _, rows = market
    for table in INPUT_TABLES:
        assert one(db, f"SELECT count(*) FROM {table.name}") == rows[table.name]
    assert rows["accounts"] == N
    assert 6 * N <= rows["logins"] <= 11 * N
    assert 0.45 * N <= rows["contracts"] <= 0.8 * N
    assert 2.5 * rows["contracts"] <= rows["payments"] <= 7 * rows["contracts"]
    assert 5 * rows["contracts"] <= rows["messages"] <= 12 * rows["contracts"]


def test_columns_in_contract_order_with_usable_types(db: duckdb.DuckDBPyConnection) -> None:
    for table in INPUT_TABLES:
        described = db.execute(f"DESCRIBE {table.name}").fetchall()
        assert tuple(name for name, *_ in described) == table.columns
        types = {name: kind for name, kind, *_ in described}
        for name, kind in types.items():
            if name in ("created_at", "ts", "job_posted_at", "ended_at", "decided_at"):
                assert kind.startswith("TIMESTAMP"), (table.name, name, kind)
            elif name == "amount":
                assert kind.startswith(("DECIMAL", "DOUBLE")), kind
            elif name == "proposals":
                assert kind in ("BIGINT", "INTEGER"), kind
            else:
                assert kind == "VARCHAR", (table.name, name, kind)


def test_required_values_present_and_ids_unique(db: duckdb.DuckDBPyConnection) -> None:
    for table in INPUT_TABLES:
        missing = " OR ".join(f"{c} IS NULL" for c in table.required)
        assert one(db, f"SELECT count(*) FROM {table.name} WHERE {missing}") == 0, table.name
        if table.id_column:
            dupes = f"SELECT count(*) - count(DISTINCT {table.id_column}) FROM {table.name}"
            assert one(db, dupes) == 0, table.name
    patterns = {
        "accounts": ("account_id", r"^a\d{7}$"),
        "contracts": ("contract_id", r"^k\d{6}$"),
        "payments": ("payment_id", r"^p\d{8}$"),
        "messages": ("message_id", r"^m\d{8}$"),
    }
    for table, (column, regex) in patterns.items():
        bad = f"SELECT count(*) FROM {table} WHERE NOT regexp_matches({column}, '{regex}')"
        assert one(db, bad) == 0, table


def test_enums_and_amounts(db: duckdb.DuckDBPyConnection) -> None:
    checks = {
        ("accounts", "role"): ROLES,
        ("contracts", "hire_type"): HIRE_TYPES,
        ("contracts", "pricing"): PRICING,
        ("contracts", "status"): CONTRACT_STATUSES,
        ("payments", "kind"): PAYMENT_KINDS,
        ("labels", "label"): LABELS,
        ("labels", "pattern"): patterns.names(),
    }
    for (table, column), allowed in checks.items():
        values = {r[0] for r in db.execute(f"SELECT DISTINCT {column} FROM {table}").fetchall()}
        assert values == set(allowed), (table, column, values)
    assert one(db, "SELECT min(amount) FROM payments") > 0
    assert one(db, "SELECT count(*) FROM contracts WHERE proposals < 0") == 0
    assert one(db, "SELECT count(*) FROM payments WHERE currency NOT IN ('USD','EUR','GBP')") == 0
    ended = "SELECT count(*) FROM contracts WHERE (status = 'active') <> (ended_at IS NULL)"
    assert one(db, ended) == 0


def test_references_resolve_and_roles_fit(db: duckdb.DuckDBPyConnection) -> None:
    orphans = {
        "logins": "SELECT count(*) FROM logins LEFT JOIN accounts USING (account_id) "
        "WHERE accounts.role IS NULL",
        "clients": "SELECT count(*) FROM contracts c LEFT JOIN accounts a "
        "ON a.account_id = c.client_id WHERE a.role IS DISTINCT FROM 'client'",
        "freelancers": "SELECT count(*) FROM contracts c LEFT JOIN accounts a "
        "ON a.account_id = c.freelancer_id WHERE a.role IS DISTINCT FROM 'freelancer'",
        "payments": "SELECT count(*) FROM payments p ANTI JOIN contracts c USING (contract_id)",
        "message contracts": "SELECT count(*) FROM messages m ANTI JOIN contracts c "
        "USING (contract_id) WHERE m.contract_id IS NOT NULL",
        "senders": "SELECT count(*) FROM messages m ANTI JOIN accounts a "
        "ON a.account_id = m.sender_id",
        "recipients": "SELECT count(*) FROM messages m ANTI JOIN accounts a "
        "ON a.account_id = m.recipient_id",
        "labels": "SELECT count(*) FROM labels l ANTI JOIN accounts a USING (account_id)",
        "self talk": "SELECT count(*) FROM messages WHERE sender_id = recipient_id",
        "workroom strangers": "SELECT count(*) FROM messages m JOIN contracts c USING "
        "(contract_id) WHERE NOT (m.sender_id IN (c.client_id, c.freelancer_id) "
        "AND m.recipient_id IN (c.client_id, c.freelancer_id))",
    }
    for name, sql in orphans.items():
        assert one(db, sql) == 0, name


def test_timestamps_inside_window_and_causal(db: duckdb.DuckDBPyConnection) -> None:
    lo, hi = WINDOW
    for table in INPUT_TABLES:
        for column in table.columns:
            if column in ("created_at", "ts", "job_posted_at", "ended_at"):
                sql = f"SELECT count(*) FROM {table.name} WHERE {column} < $lo OR {column} >= $hi"
                assert db.execute(sql, {"lo": lo, "hi": hi}).fetchone() == (0,), (table, column)
    causal = {
        "login before sign-up": "SELECT count(*) FROM logins l JOIN accounts a "
        "USING (account_id) WHERE l.ts < a.created_at",
        "hire before client": "SELECT count(*) FROM contracts c JOIN accounts a "
        "ON a.account_id = c.client_id WHERE c.created_at <= a.created_at",
        "hire before freelancer": "SELECT count(*) FROM contracts c JOIN accounts a "
        "ON a.account_id = c.freelancer_id WHERE c.created_at <= a.created_at",
        "post after hire": "SELECT count(*) FROM contracts WHERE job_posted_at > created_at",
        "post before client": "SELECT count(*) FROM contracts c JOIN accounts a "
        "ON a.account_id = c.client_id WHERE c.job_posted_at < a.created_at",
        "end before start": "SELECT count(*) FROM contracts WHERE ended_at < created_at",
        "payment outside contract": "SELECT count(*) FROM payments p JOIN contracts c "
        "USING (contract_id) WHERE p.ts < c.created_at OR p.ts > coalesce(c.ended_at, $hi)",
        "message before sender": "SELECT count(*) FROM messages m JOIN accounts a "
        "ON a.account_id = m.sender_id WHERE m.ts < a.created_at",
        "message before recipient": "SELECT count(*) FROM messages m JOIN accounts a "
        "ON a.account_id = m.recipient_id WHERE m.ts < a.created_at",
        "workroom outside contract": "SELECT count(*) FROM messages m JOIN contracts c "
        "USING (contract_id) WHERE m.ts < c.created_at OR m.ts > coalesce(c.ended_at, $hi)",
    }
    for name, sql in causal.items():
        params = {"hi": hi} if "$hi" in sql else None
        assert db.execute(sql, params).fetchone() == (0,), name


def _cases_per_style(db: duckdb.DuckDBPyConnection, label: str) -> dict[tuple[str, str], int]:
    """(pattern, style or negative kind) -> number of cases labelled ``label``."""
    rows = db.execute(
        "SELECT pattern, split_part(case_key, ':', 2), count(DISTINCT case_key) FROM labels "
        "WHERE label = ? GROUP BY ALL",
        [label],
    ).fetchall()
    return {(p, s): n for p, s, n in rows}


def test_every_planted_style_has_three_cases(db: duckdb.DuckDBPyConnection) -> None:
    found = _cases_per_style(db, "fraud")
    expected = {(p, s) for p, styles in STYLES.items() for s in styles}
    assert set(found) == expected
    assert min(found.values()) >= 3
    keys = [r[0] for r in db.execute("SELECT DISTINCT case_key FROM labels").fetchall()]
    assert all(re.fullmatch(r"[a-z_]+:[a-z_]+:\d{3}", k) for k in keys)
    assert one(db, "SELECT count(*) - count(DISTINCT account_id) FROM labels") == 0
    sizes = db.execute(
        "SELECT min(n), max(n) FROM (SELECT count(*) n FROM labels WHERE pattern = 'ring' "
        "AND label = 'fraud' GROUP BY case_key)"
    ).fetchone()
    assert sizes is not None and sizes[0] >= 3 and sizes[1] <= MAX_RING_SIZE


def test_hard_negatives_present(db: duckdb.DuckDBPyConnection) -> None:
    found = _cases_per_style(db, "legit")
    assert set(found) == {(p, s) for p, kinds in NEGATIVES.items() for s in kinds}
    assert min(found.values()) >= 3


def test_crowds_are_big_and_really_share_an_address(db: duckdb.DuckDBPyConnection) -> None:
    rows = db.execute(
        """
        WITH members AS (
            SELECT case_key, account_id FROM labels
            WHERE split_part(case_key, ':', 2) IN ('nat_crowd', 'coworking', 'university')
        ), per_ip AS (
            SELECT case_key, ip, count(DISTINCT account_id) AS n
            FROM members JOIN logins USING (account_id) GROUP BY ALL
        )
        SELECT m.case_key, count(DISTINCT m.account_id),
               (SELECT max(n) FROM per_ip p WHERE p.case_key = m.case_key)
        FROM members m GROUP BY ALL
        """
    ).fetchall()
    assert len(rows) >= 9
    for key, size, busiest_ip in rows:
        assert size >= max(50, 10 * MAX_RING_SIZE) and size >= MIN_CROWD, key
        assert busiest_ip >= (size if "coworking" in key or "nat_crowd" in key else size / 4)
    nat = (
        "SELECT count(*) FROM logins l JOIN labels b USING (account_id) WHERE b.case_key "
        "LIKE 'legit:nat_crowd:%' AND NOT l.ip LIKE '100.%'"
    )
    assert one(db, nat) > 0  # crowd members also log in from elsewhere


def test_freelancer_popularity_is_heavy_tailed(db: duckdb.DuckDBPyConnection) -> None:
    share = one(
        db,
        """
        WITH per AS (SELECT freelancer_id, count(*) n FROM contracts GROUP BY 1),
             ranked AS (SELECT n, row_number() OVER (ORDER BY n DESC) r FROM per)
        SELECT sum(n) FILTER (WHERE r <= (SELECT count(*) FROM accounts
                                          WHERE role = 'freelancer') / 100) / sum(n)
        FROM ranked
        """,
    )
    assert share >= 0.15
    assert one(db, "SELECT max(n) FROM (SELECT count(*) n FROM contracts GROUP BY client_id)") >= 8


def test_phones_are_valid_for_the_accounts_country(db: duckdb.DuckDBPyConnection) -> None:
    rows = db.execute(
        "SELECT phone, country FROM (SELECT * FROM accounts WHERE phone IS NOT NULL) "
        "USING SAMPLE reservoir(600 ROWS) REPEATABLE (1)"
    ).fetchall()
    assert len(rows) == 600
    for phone, country in rows:
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone, country)), (phone, country)
    shapes = {re.sub(r"\d", "9", p) for p, _ in rows}
    assert len(shapes) >= 40  # many human formats, not one canonical form


def _mailbox(email: str) -> str:
    local, _, domain = email.strip().lower().partition("@")
    domain = "gmail.com" if domain == "googlemail.com" else domain
    return local.split("+")[0].replace(".", "") + "@" + domain


def test_honest_emails_and_phones_are_unique(db: duckdb.DuckDBPyConnection) -> None:
    rows = db.execute(
        "SELECT a.account_id, email, phone, country FROM accounts a "
        "ANTI JOIN (SELECT account_id FROM labels WHERE label = 'fraud') USING (account_id)"
    ).fetchall()
    mailboxes = [_mailbox(e) for _, e, _, _ in rows if e]
    assert len(mailboxes) == len(set(mailboxes))
    numbers = [
        phonenumbers.format_number(phonenumbers.parse(p, c), phonenumbers.PhoneNumberFormat.E164)
        for _, _, p, c in rows
        if p
    ]
    assert len(numbers) == len(set(numbers))
    raw = [e for _, e, _, _ in rows if e]
    assert any(e != e.strip() for e in raw) and any(e != e.lower() for e in raw)
    assert any("+" in e.split("@")[0] for e in raw)


def _e164(phone: str, country: str) -> str:
    number = phonenumbers.parse(phone, country)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def test_rings_share_what_their_style_says(db: duckdb.DuckDBPyConnection) -> None:
    cases = db.execute(
        "SELECT case_key, list(account_id) FROM labels WHERE case_key LIKE 'ring:%' GROUP BY 1"
    ).fetchall()
    for key, members in cases:
        style = key.split(":")[1]
        m = {"m": members}
        accounts = db.execute(
            "SELECT email, phone, country FROM accounts WHERE list_contains($m, account_id)", m
        ).fetchall()
        if style == "phone_formats":
            written = [(_e164(p, c), p.strip()) for _, p, c in accounts if p]
            numbers = [n for n, _ in written]
            top = max(set(numbers), key=numbers.count)
            shared = [w for n, w in written if n == top]
            assert len(shared) >= 2 and len(set(shared)) == len(shared), key
        if style == "email_variants":
            boxes = [_mailbox(e) for e, _, _ in accounts if e]
            raw = [e for e, _, _ in accounts if e]
            assert max(boxes.count(b) for b in boxes) >= 2 and len(set(raw)) == len(raw), key
        if style == "shared_card":
            card_users = db.execute(
                "SELECT max(n) FROM (SELECT instrument_id, count(DISTINCT client_id) n "
                "FROM payments JOIN contracts USING (contract_id) "
                "WHERE list_contains($m, client_id) GROUP BY 1)",
                m,
            ).fetchone()
            assert card_users is not None and card_users[0] >= 2, key
        inside = db.execute(
            "SELECT count(*), count(DISTINCT client_id) + count(DISTINCT freelancer_id) "
            "FROM contracts WHERE list_contains($m, client_id) "
            "AND list_contains($m, freelancer_id)",
            m,
        ).fetchone()
        assert inside is not None and inside[0] >= len(members) and inside[1] == len(members), key


def test_honest_instruments_are_not_shared(db: duckdb.DuckDBPyConnection) -> None:
    shared = one(
        db,
        """
        WITH users AS (
            SELECT DISTINCT instrument_id, client_id
            FROM payments JOIN contracts USING (contract_id)
        ), shared AS (
            SELECT instrument_id FROM users GROUP BY 1 HAVING count(*) > 1
        )
        SELECT count(*) FROM users JOIN shared USING (instrument_id)
        WHERE client_id NOT IN (SELECT account_id FROM labels WHERE label = 'fraud')
        """,
    )
    assert shared == 0


def test_immediate_hires_follow_the_funnel(db: duckdb.DuckDBPyConnection) -> None:
    rows = db.execute(
        """
        SELECT l.case_key, c.client_id, c.hire_type, coalesce(c.proposals, 0),
               date_diff('second', a.created_at, c.created_at),
               (SELECT count(*) FROM contracts x WHERE x.client_id = c.client_id),
               (SELECT min(x.created_at) FROM contracts x WHERE x.client_id = c.client_id)
                   = c.created_at
        FROM labels l JOIN contracts c ON c.client_id = l.account_id
        JOIN accounts a ON a.account_id = c.client_id
        WHERE l.case_key LIKE 'immediate_hire:%'
        """
    ).fetchall()
    fresh = [r for r in rows if r[6] and r[4] <= 31 * 60]
    assert len({r[0] for r in fresh}) == len(_keys(db, "immediate_hire:")) >= len(HIRE_STYLES) * 3
    for _, _, _, proposals, gap, contracts, _ in fresh:
        assert proposals <= 1 and gap >= 60 and contracts == 1
    # The only other labelled clients: the owner's own client account in some same_card cases,
    # established long before, whose card the fresh client reuses.
    owners = {(key, client) for key, client, *_ in rows} - {(r[0], r[1]) for r in fresh}
    assert all(":same_card:" in key for key, _ in owners)
    assert len(owners) == len({key for key, _ in owners})
    same_device = one(
        db,
        """
        SELECT count(DISTINCT c.client_id) FROM labels l
        JOIN contracts c ON c.client_id = l.account_id
        JOIN logins lc ON lc.account_id = c.client_id
        JOIN logins lf ON lf.account_id = c.freelancer_id AND lf.device_id = lc.device_id
        WHERE l.case_key LIKE 'immediate_hire:same_device:%'
        """,
    )
    assert same_device >= 3
    fast_honest = one(
        db,
        """
        SELECT count(*) FROM labels l JOIN contracts c ON c.client_id = l.account_id
        WHERE l.case_key LIKE 'legit:fast_competitive_hire:%' AND c.proposals >= 15
        """,
    )
    assert fast_honest >= 3


def test_some_ordinary_clients_hire_within_the_hour(db: duckdb.DuckDBPyConnection) -> None:
    row = db.execute(
        """
        WITH firsts AS (
            SELECT c.client_id, arg_min(c.hire_type, c.created_at) AS hire_type,
                   arg_min(c.proposals, c.created_at) AS proposals,
                   date_diff('second', any_value(a.created_at), min(c.created_at)) AS gap,
                   count(DISTINCT c.freelancer_id) AS freelancers
            FROM contracts c JOIN accounts a ON a.account_id = c.client_id
            WHERE c.client_id NOT IN (SELECT account_id FROM labels)
            GROUP BY c.client_id
        )
        SELECT count(*), count(*) FILTER (WHERE gap < 3600),
               count(*) FILTER (WHERE gap < 3600 AND freelancers >= 2),
               count(*) FILTER (WHERE gap < 3600 AND hire_type = 'job_post' AND proposals >= 3),
               count(*) FILTER (WHERE gap < 3600 AND hire_type = 'invite'),
               min(gap)
        FROM firsts
        """
    ).fetchone()
    assert row is not None
    clients, fast, fast_and_more, fast_posts, fast_invites, quickest = row
    assert 0.02 <= fast / clients <= 0.04
    assert fast_and_more == fast  # they go on hiring other freelancers
    assert fast_posts >= 0.6 * fast and fast_invites >= 1
    assert quickest < 10 * 60


def test_quick_one_offs_invite_pay_and_keep_hiring(db: duckdb.DuckDBPyConnection) -> None:
    rows = db.execute(
        """
        SELECT l.case_key, c.client_id, c.freelancer_id, c.hire_type, c.pricing,
               date_diff('second', a.created_at, c.created_at) AS gap,
               (SELECT count(*) FROM payments p WHERE p.contract_id = c.contract_id),
               (SELECT count(DISTINCT x.freelancer_id) FROM contracts x
                WHERE x.client_id = c.client_id AND x.created_at > c.created_at
                AND x.created_at < c.created_at + INTERVAL 60 DAY)
        FROM labels l JOIN accounts a USING (account_id)
        JOIN contracts c ON c.client_id = l.account_id
        WHERE l.case_key LIKE 'legit:quick_one_off:%'
          AND c.created_at = (SELECT min(y.created_at) FROM contracts y
                              WHERE y.client_id = c.client_id)
        """
    ).fetchall()
    assert len(rows) == len(_keys(db, "legit:quick_one_off:")) >= 3
    for key, client, freelancer, hire, pricing, gap, paid, later in rows:
        assert hire == "invite" and pricing == "fixed" and 10 * 60 <= gap <= 60 * 60, key
        assert paid >= 1 and later >= 1, key
        shared = db.execute(
            """
            SELECT count(*) FROM logins x JOIN logins y
              ON x.device_id = y.device_id OR (x.ip = y.ip AND NOT starts_with(x.ip, '100.'))
            WHERE x.account_id = $c AND y.account_id = $f
            """,
            {"c": client, "f": freelancer},
        ).fetchone()
        assert shared == (0,), key


def _keys(db: duckdb.DuckDBPyConnection, prefix: str) -> list[str]:
    return [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT case_key FROM labels WHERE starts_with(case_key, $p)", {"p": prefix}
        ).fetchall()
    ]


_DIGIT_WORD = "(?:zero|one|two|three|four|five|six|seven|eight|nine)"
CONTACTISH = (
    r"@|wa\.me|t\.me/|skype|paypal|whatsapp|telegram|\[at\]|\(at\)| dot |[０-９]|\x{200b}"
    rf"|[оаеср]|\b{_DIGIT_WORD}\b|[\dol]{_DIGIT_WORD}|{_DIGIT_WORD}[\dol]|\d \d \d|o\d|\d o\b"
)
"""Marks of a shared contact that the ordinary message templates never produce."""
History = tuple[list[tuple[datetime, float]], list[tuple[datetime, str]]]


def _pair_history(db: duckdb.DuckDBPyConnection, prefix: str) -> dict[str, History]:
    """Payments and workroom messages of each case's contract, by case key."""
    contracts = db.execute(
        "SELECT l.case_key, c.contract_id FROM labels l "
        "JOIN contracts c ON c.client_id = l.account_id WHERE starts_with(l.case_key, $p)",
        {"p": prefix},
    ).fetchall()
    out = {}
    for key, contract in contracts:
        pays = db.execute(
            "SELECT ts, amount FROM payments WHERE contract_id = $c ORDER BY ts", {"c": contract}
        ).fetchall()
        talk = db.execute(
            "SELECT ts, body FROM messages WHERE contract_id = $c ORDER BY ts", {"c": contract}
        ).fetchall()
        out[key] = ([(t, float(a)) for t, a in pays], talk)
    return out


def test_dropoffs_stop_paying_but_keep_talking(db: duckdb.DuckDBPyConnection) -> None:
    contact = re.compile(CONTACTISH.replace("\\x{200b}", "\u200b"))
    cases = _pair_history(db, "contact_dropoff:")
    assert len(cases) >= 27
    for key, (pays, talk) in cases.items():
        shared = [t for t, b in talk if contact.search(b.lower())]
        assert len(shared) == 1, key
        before = [a for t, a in pays if t < shared[0]]
        after = [a for t, a in pays if t > shared[0]]
        assert len(before) >= 3 and sum(after) <= 0.15 * sum(before), key
        assert any(t > shared[0] + timedelta(days=14) for t, _ in talk), key


PLAIN_EMAIL = re.compile(r"[a-z0-9][a-z0-9._+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")


def _plain_contacts(body: str) -> list[str]:
    """Addresses and valid international numbers written plainly, as a contact detector sees."""
    found = PLAIN_EMAIL.findall(body.lower())
    found += [m.raw_string for m in phonenumbers.PhoneNumberMatcher(body, None)]
    return found


def test_honest_contact_sharing_keeps_payments_going(db: duckdb.DuckDBPyConnection) -> None:
    cases = _pair_history(db, "legit:contact_continues:")
    assert len(cases) >= 3
    kinds = set()
    for key, (pays, talk) in cases.items():
        shared = [(t, b) for t, b in talk if _plain_contacts(b)]
        assert len(shared) == 1, key
        at, body = shared[0]
        kinds.add("email" if PLAIN_EMAIL.search(body.lower()) else "phone")
        before = [a for t, a in pays if t < at]
        after = [a for t, a in pays if t > at]
        assert len(before) >= 3 and len(after) >= 5, key  # weekly, for many weeks after
        assert 0.5 <= (sum(after) / len(after)) / (sum(before) / len(before)) <= 2, key
        assert max(t for t, _ in pays) >= at + timedelta(weeks=5), key
    assert kinds == {"email", "phone"}


def test_telegram_handles_are_valid(db: duckdb.DuckDBPyConnection) -> None:
    bodies = [
        r[0]
        for r in db.execute(
            "SELECT m.body FROM messages m JOIN contracts c USING (contract_id) JOIN labels l "
            "ON l.account_id = c.client_id WHERE l.case_key LIKE 'contact_dropoff:telegram:%' "
            "AND regexp_matches(lower(m.body), 'telegram|t\\.me/')"
        ).fetchall()
    ]
    assert len(bodies) >= 3
    for body in bodies:
        handle = re.search(r"(?:t\.me/|@)(\S+)", body, re.IGNORECASE)
        assert handle and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{4,31}", handle[1]), body


def test_messages_are_full_of_numbers_that_are_not_contacts(
    db: duckdb.DuckDBPyConnection,
) -> None:
    row = db.execute(
        r"""
        SELECT count(*), count(*) FILTER (WHERE regexp_matches(body, '\d')),
               count(*) FILTER (WHERE regexp_matches(body, '\d{10,}')),
               count(*) FILTER (WHERE contract_id IS NULL)
        FROM messages
        """
    ).fetchone()
    assert row is not None
    total, with_digits, long_runs, prehire = row
    assert with_digits / total >= 0.7 and long_runs / total >= 0.03 and prehire / total >= 0.1
    contactish = one(
        db,
        f"""
        SELECT count(*) FROM messages WHERE regexp_matches(lower(body), '{CONTACTISH}')
        AND coalesce(contract_id, '') NOT IN (SELECT contract_id FROM contracts c JOIN labels l
            ON l.account_id = c.client_id AND l.pattern = 'contact_dropoff')
        """,
    )
    assert contactish == 0
    for needle in ("INV-", "$", "order #", "github.com/", "docs.google.com/", "Meeting ID", "%"):
        assert one(db, f"SELECT count(*) FROM messages WHERE contains(body, '{needle}')") > 0


def test_planted_accounts_look_ordinary(db: duckdb.DuckDBPyConnection) -> None:
    spread = db.execute(
        "SELECT min(cast(substr(account_id, 2) AS INT)), max(cast(substr(account_id, 2) AS INT))"
        " FROM labels WHERE label = 'fraud'"
    ).fetchone()
    assert spread is not None and spread[0] < 0.2 * N and spread[1] > 0.8 * N
    leaked = one(
        db,
        "SELECT count(*) FROM accounts WHERE regexp_matches(lower(coalesce(email, '') || "
        "coalesce(name, '')), 'ring|fraud|planted|legit|case')",
    )
    assert leaked == 0
    piled_up = one(
        db,
        "SELECT max(n) FROM (SELECT created_at, count(*) n FROM accounts GROUP BY 1)",
    )
    assert piled_up <= 3


RING_EVIDENCE = {
    "card": """
        SELECT m.case_key, p.instrument_id, count(DISTINCT c.client_id) AS n
        FROM m JOIN contracts c ON c.client_id = m.account_id JOIN payments p USING (contract_id)
        WHERE p.kind IN ('hourly', 'milestone', 'bonus') GROUP BY ALL""",
    "device": """
        SELECT m.case_key, l.device_id, count(DISTINCT l.account_id) AS n
        FROM m JOIN logins l USING (account_id) WHERE l.device_id IS NOT NULL GROUP BY ALL""",
    "ip": """
        SELECT m.case_key, l.ip, floor(epoch(l.ts) / 86400), count(DISTINCT l.account_id) AS n
        FROM m JOIN logins l USING (account_id) GROUP BY ALL""",
    "email": """
        SELECT m.case_key, normalize_email(a.email) AS box, count(*) AS n
        FROM m JOIN accounts a USING (account_id) WHERE box IS NOT NULL GROUP BY ALL""",
}
RING_STYLE_EVIDENCE = {
    "shared_card": "card",
    "shared_device": "device",
    "household_ip": "ip",
    "email_variants": "email",
    "phone_formats": "phone",
}


def _shared_phones(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Per ring: the most members whose phones normalize to one E.164."""
    rows = con.execute(
        "SELECT m.case_key, a.phone, a.country FROM m JOIN accounts a USING (account_id)"
    ).fetchall()
    numbers: dict[tuple[str, str], int] = {}
    for key, phone, country in rows:
        e164 = normalize_phone(phone, country)
        if e164:
            numbers[key, e164] = numbers.get((key, e164), 0) + 1
    out: dict[str, int] = {}
    for (key, _), n in numbers.items():
        out[key] = max(out.get(key, 0), n)
    return out


def _missing_evidence(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Planted cases whose style's evidence is not in the written data (empty when all are)."""
    prepare_session(con)  # UTC and the normalize_email macro
    con.execute(
        "CREATE OR REPLACE TEMP TABLE m AS SELECT case_key, split_part(case_key, ':', 2) AS style,"
        " account_id FROM labels WHERE label = 'fraud' AND pattern = 'ring'"
    )
    best = {
        kind: dict(con.execute(f"SELECT case_key, max(n) FROM ({sql}) GROUP BY 1").fetchall())
        for kind, sql in RING_EVIDENCE.items()
    }
    best["phone"] = _shared_phones(con)
    internal = dict(
        con.execute(
            "SELECT a.case_key, count(*) FROM contracts c JOIN m a ON a.account_id = c.client_id "
            "JOIN m b ON b.account_id = c.freelancer_id AND b.case_key = a.case_key GROUP BY 1"
        ).fetchall()
    )
    missing = []
    rings = [r[0] for r in con.execute("SELECT DISTINCT case_key FROM m").fetchall()]
    for key in rings:
        style = key.split(":")[1]
        linked = [kind for kind in best if best[kind].get(key, 0) >= 2]
        if style in RING_STYLE_EVIDENCE and RING_STYLE_EVIDENCE[style] not in linked:
            missing.append(key)
        if style == "mixed" and len(linked) < 2:
            missing.append(key)
        if internal.get(key, 0) < 2:
            missing.append(f"{key} (internal contracts)")

    # Immediate hires: each fresh client (signed up minutes before its only hire) and the case's
    # freelancer share the identifier the style names.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE h AS
        SELECT l.case_key, split_part(l.case_key, ':', 2) AS style, c.client_id, c.freelancer_id,
               a.created_at AS signup, c.created_at AS hired
        FROM labels l JOIN contracts c ON c.client_id = l.account_id
        JOIN accounts a ON a.account_id = c.client_id
        WHERE l.case_key LIKE 'immediate_hire:%'
          AND c.created_at <= a.created_at + INTERVAL 31 MINUTE
        """
    )
    checks = {
        "same_device": """
            EXISTS (SELECT 1 FROM logins x JOIN logins y USING (device_id)
                    WHERE x.account_id = h.client_id AND y.account_id = h.freelancer_id)""",
        "same_ip": """
            EXISTS (SELECT 1 FROM logins x JOIN logins y USING (ip)
                    WHERE x.account_id = h.client_id AND y.account_id = h.freelancer_id
                    AND abs(epoch(x.ts) - epoch(h.signup)) <= 86400
                    AND abs(epoch(y.ts) - epoch(h.signup)) <= 86400)""",
        "same_card": """
            EXISTS (SELECT 1 FROM payments x JOIN contracts cx USING (contract_id)
                    JOIN payments y USING (instrument_id) JOIN contracts cy
                    ON cy.contract_id = y.contract_id
                    WHERE cx.client_id = h.client_id AND cy.freelancer_id = h.freelancer_id
                    AND cy.client_id <> h.client_id)""",
    }
    for style, condition in checks.items():
        rows = con.execute(
            f"SELECT case_key, bool_and({condition}) FROM h WHERE style = $s GROUP BY 1",
            {"s": style},
        ).fetchall()
        missing += [key for key, ok in rows if not ok]
    phones = con.execute(
        "SELECT h.case_key, c.phone, c.country, f.phone, f.country FROM h "
        "JOIN accounts c ON c.account_id = h.client_id "
        "JOIN accounts f ON f.account_id = h.freelancer_id WHERE h.style = 'same_phone'"
    ).fetchall()
    for key, phone, country, other, other_country in phones:
        same = normalize_phone(phone, country) == normalize_phone(other, other_country)
        if not (phone and other and same and phone.strip() != other.strip()):
            missing.append(key)
    styles = dict(
        con.execute("SELECT style, count(DISTINCT case_key) FROM h GROUP BY 1").fetchall()
    )
    missing += [f"{style} (cases)" for style in checks if styles.get(style, 0) < 3]
    missing += ["same_phone (cases)"] if styles.get("same_phone", 0) < 3 else []
    return missing


def test_every_planted_case_carries_its_evidence(db: duckdb.DuckDBPyConnection) -> None:
    assert _missing_evidence(db) == []


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_evidence_is_guaranteed_not_left_to_chance(tmp_path: Path, seed: int) -> None:
    generate_marketplace(tmp_path, MIN_ACCOUNTS, seed)
    con = duckdb.connect()
    for table in INPUT_TABLES:
        con.execute(
            f"CREATE VIEW {table.name} AS SELECT * FROM "
            f"read_parquet('{tmp_path / table.name}.parquet')"
        )
    assert _missing_evidence(con) == []


def test_spelled_phone_always_spells_a_digit() -> None:
    """A number whose digits all became look-alike letters still gets one spelled digit (this
    crashed on 'o' when generating 10M accounts)."""
    import numpy as np

    from analytics.synthetic.contact import Contact, _spelled_phone

    zeros = Contact(email="a@example.com", country=0, nsn="0000000000", handle="a_b")
    for seed in range(40):
        written = _spelled_phone(np.random.default_rng(seed), zeros)
        assert "zero" in written
        assert set(written.replace("zero", "").replace(" ", "")) <= {"0", "o"}
