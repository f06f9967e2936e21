"""Who may use the review app, over HTTP on a small synthetic queue (no browser, no pipeline).

Users and their passwords, sessions, the login throttle, every route closed without a session,
decisions recorded under the session's user only, the roles, assignment and the queue's
"mine" and "unassigned" filters, a trusted single sign-on header, and the upgrade of a
decisions store written before any of this existed.
"""

from __future__ import annotations

import http.client
import io
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import polars as pl
import pytest
from fastapi.routing import APIRoute
from starlette.routing import Mount

from analytics.queue.build import _apply_decisions
from analytics.queue.decisions import (
    CaseState,
    decision_labels,
    prepare_store,
    read_decisions,
    record_decision,
)
from analytics.queue.params import QueueParams
from analytics.snapshot import open_snapshot, snapshot_path
from pipelines.cli import main
from review import assignments, users
from review.app import PUBLIC_PATHS, sign_in_summary
from review.server import BackgroundServer
from review.synthetic_queue import write_synthetic_queue

PASSWORD = "correct horse battery staple"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    cookies: list[str]
    body: str


def _call(
    base: str,
    method: str,
    path: str,
    form: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    parts = urlsplit(base)
    con = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    sent = dict(headers or {})
    body = None
    if form is not None:
        body = urlencode(form)
        sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        sent.setdefault("Origin", base)
    try:
        con.request(method, path, body, sent)
        response = con.getresponse()
        text = response.read().decode()
        return Reply(
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            response.headers.get_all("Set-Cookie") or [],
            text,
        )
    finally:
        con.close()


def _token(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "no form token on the page"
    return match[1]


@pytest.fixture(scope="module")
def queue_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run's database path whose snapshot holds a synthetic queue of 300 cases."""
    db_path = tmp_path_factory.mktemp("auth") / "q.duckdb"
    write_synthetic_queue(snapshot_path(db_path), 300)
    return db_path


@pytest.fixture
def server(queue_db: Path, tmp_path: Path) -> Iterator[BackgroundServer]:
    with BackgroundServer(queue_db, tmp_path / "decisions.sqlite") as running:
        yield running


def _case_ids(db_path: Path, n: int) -> list[str]:
    con = open_snapshot(snapshot_path(db_path))
    try:
        rows = con.execute(
            "select case_id from queues.investigation_queue order by rank limit ?", [n]
        ).fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def test_users_are_kept_as_argon2_hashes_and_never_as_passwords(tmp_path: Path) -> None:
    store = tmp_path / "d.sqlite"
    ana = users.add_user(store, " Ana ", "lead", PASSWORD)
    assert (ana.name, ana.role, ana.is_lead) == ("ana", "lead", True)
    with pytest.raises(users.UserError, match="exists already"):
        users.add_user(store, "ana", "investigator", PASSWORD)
    for name in ("", "a b", "<script>", "x" * 41, "-ana"):
        with pytest.raises(users.UserError, match="user name"):
            users.add_user(store, name, "lead", PASSWORD)
    with pytest.raises(users.UserError, match="at least 12"):
        users.add_user(store, "bo", "investigator", "short")
    with pytest.raises(users.UserError, match="role"):
        users.add_user(store, "bo", "admin", PASSWORD)

    session = users.login(store, "ANA", PASSWORD, "127.0.0.1")
    assert session.token and session.session and session.session.user.name == "ana"
    assert users.session_for(store, session.token) == session.session
    assert users.login(store, "ana", PASSWORD + "x", "127.0.0.1").token is None
    assert users.login(store, "nobody", PASSWORD, "127.0.0.1").token is None

    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert PASSWORD.encode() not in raw and session.token.encode() not in raw
    con = sqlite3.connect(store)
    (digest,) = con.execute("select password_hash from users").fetchone()
    con.close()
    assert digest.startswith("$argon2id$")

    assert users.disable_user(store, "ana") is True
    assert users.session_for(store, session.token) is None  # disabling ends the sessions
    assert users.login(store, "ana", PASSWORD, "127.0.0.1").token is None
    with pytest.raises(users.UserError, match="never reused"):
        users.add_user(store, "ana", "lead", PASSWORD)
    listed = users.list_users(store)
    assert [(u["name"], u["role"], u["disabled_at"] is not None) for u in listed] == [
        ("ana", "lead", True)
    ]
    assert "password_hash" not in listed[0]


def test_the_cli_reads_the_password_from_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "rw.duckdb")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "cy", "--role", "investigator", "--db", db]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("too short\n"))
    assert main(["users", "add", "di", "--role", "lead", "--db", db]) == 2
    assert "at least 12" in capsys.readouterr().err
    assert main(["users", "list", "--db", db]) == 0
    listing = capsys.readouterr().out
    assert "cy" in listing and "investigator" in listing and "active" in listing
    assert "di" not in listing and PASSWORD not in listing
    store = tmp_path / "rw.decisions.sqlite"
    assert users.login(store, "cy", PASSWORD, "127.0.0.1").token
    assert main(["users", "disable", "cy", "--db", db]) == 0
    assert users.login(store, "cy", PASSWORD, "127.0.0.1").token is None
    with pytest.raises(SystemExit):
        main(["users", "add", "eve", "--role", "lead", "--password", PASSWORD, "--db", db])


def test_every_route_refuses_without_a_session(server: BackgroundServer, queue_db: Path) -> None:
    case_id = _case_ids(queue_db, 1)[0]
    checked = 0
    for route in server.app.routes:
        if isinstance(route, Mount):
            assert route.path == "/static"  # the stylesheet and the icon, nothing else
            continue
        if not isinstance(route, APIRoute) or route.path in PUBLIC_PATHS:
            continue
        path = route.path.replace("{case_id}", case_id).replace("{account_id}", "a0000001")
        assert "{" not in path, f"a route with an unknown parameter: {route.path}"
        for method in route.methods:
            form = {"status": "confirmed", "assignee": "x"} if method == "POST" else None
            reply = _call(server.url, method, path, form)
            if method in ("GET", "HEAD"):
                assert reply.status == 303, (method, path, reply.status)
                assert reply.headers["location"] == "/login?" + urlencode({"next": path})
            else:
                assert reply.status == 401, (method, path, reply.status)
            assert case_id not in reply.body
            checked += 1
    assert checked >= 7
    # A made-up cookie is no session either; the public paths stay open.
    fake = {"Cookie": "ringwatch_session=" + "x" * 43}
    assert _call(server.url, "GET", "/", headers=fake).status == 303
    assert _call(server.url, "GET", "/healthz").body == "ok"
    assert _call(server.url, "GET", "/login").status == 200
    assert _call(server.url, "GET", "/static/review.css").status == 200
    assert read_decisions(server.store).is_empty()


def test_login_logout_and_the_cookie(server: BackgroundServer) -> None:
    users.add_user(server.store, "ana", "investigator", PASSWORD)
    page = _call(server.url, "GET", "/login?next=/audit")
    csrf_cookie = page.cookies[0].split(";")[0]
    form = {"name": "ana", "password": PASSWORD, "next": "//evil.example/x"}
    assert _call(server.url, "POST", "/login", form, {"Cookie": csrf_cookie}).status == 403
    form["csrf_token"] = _token(page.body)
    wrong = _call(
        server.url, "POST", "/login", {**form, "password": "nope"}, {"Cookie": csrf_cookie}
    )
    assert wrong.status == 401 and "Wrong name or password." in wrong.body
    assert PASSWORD not in wrong.body
    done = _call(server.url, "POST", "/login", form, {"Cookie": csrf_cookie})
    assert done.status == 303 and done.headers["location"] == "/"  # never to another site
    (cookie,) = [c for c in done.cookies if c.startswith("ringwatch_session=")]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain HTTP here; over HTTPS it is marked Secure
    session = {"Cookie": cookie.split(";")[0]}
    queue = _call(server.url, "GET", "/", headers=session)
    assert queue.status == 200 and "ana" in queue.body and "Sign out" in queue.body

    assert _call(server.url, "POST", "/logout", {"csrf_token": "x"}, session).status == 403
    out = _call(server.url, "POST", "/logout", {"csrf_token": _token(queue.body)}, session)
    assert out.status == 303 and out.headers["location"] == "/login"
    assert _call(server.url, "GET", "/", headers=session).status == 303  # the session is gone


def test_disabling_a_user_signs_them_out_of_the_running_app(
    server: BackgroundServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("review.app.SIGN_IN_CACHE_SECONDS", 0.0)  # else: within 5 seconds
    session = {"Cookie": server.session_cookie("bo", "investigator")}
    assert _call(server.url, "GET", "/", headers=session).status == 200
    users.disable_user(server.store, "bo")
    assert _call(server.url, "GET", "/", headers=session).status == 303


def test_failed_logins_are_throttled(server: BackgroundServer) -> None:
    users.add_user(server.store, "ana", "lead", PASSWORD)
    page = _call(server.url, "GET", "/login")
    cookie = {"Cookie": page.cookies[0].split(";")[0]}
    form = {"name": "ana", "password": "not the password", "csrf_token": _token(page.body)}
    statuses = [
        _call(server.url, "POST", "/login", form, cookie).status
        for _ in range(users.MAX_FAILURES_PER_NAME)
    ]
    assert statuses == [401] * users.MAX_FAILURES_PER_NAME
    locked = _call(server.url, "POST", "/login", {**form, "password": PASSWORD}, cookie)
    assert locked.status == 429 and "Too many failed attempts" in locked.body
    assert 0 < int(locked.headers["retry-after"]) <= users.FAILURE_WINDOW.total_seconds() + 1
    # Another name from the same address is not locked out by ana's failures (yet).
    users.add_user(server.store, "bo", "investigator", PASSWORD)
    other = _call(
        server.url, "POST", "/login", {**form, "name": "bo", "password": PASSWORD}, cookie
    )
    assert other.status == 303
    con = sqlite3.connect(server.store)
    subjects = [row[0] for row in con.execute("select subject from login_failures")]
    con.close()
    assert subjects and all(re.fullmatch(r"[0-9a-f]{64}", s) for s in subjects)  # hashes only


def test_decisions_are_the_sessions_user_and_roles_hold(
    server: BackgroundServer, queue_db: Path
) -> None:
    first, second = _case_ids(queue_db, 2)
    bo = {"Cookie": server.session_cookie("bo", "investigator")}
    cy = {"Cookie": server.session_cookie("cy", "investigator")}
    lead = {"Cookie": server.session_cookie("lee", "lead")}

    def token(who: dict[str, str]) -> str:
        return _token(_call(server.url, "GET", "/", headers=who).body)

    url = f"/case/{first}/decision"
    form = {"status": "dismissed", "reason": "agency", "note": "n", "reviewer": "mallory"}
    # bo's session with cy's token, and the other way round: refused.
    assert _call(server.url, "POST", url, {**form, "csrf_token": token(cy)}, bo).status == 403
    assert _call(server.url, "POST", url, {**form, "csrf_token": token(bo)}, cy).status == 403
    evil = {**bo, "Origin": "http://evil.example"}
    assert _call(server.url, "POST", url, {**form, "csrf_token": token(bo)}, evil).status == 403
    assert read_decisions(server.store).is_empty()
    done = _call(
        server.url, "POST", url, {**form, "decided_by": "mallory", "csrf_token": token(bo)}, bo
    )
    assert done.status == 303
    recorded = read_decisions(server.store).row(0, named=True)
    assert (recorded["case_id"], recorded["status"], recorded["decided_by"]) == (
        first,
        "dismissed",
        "bo",
    )
    con = sqlite3.connect(server.store)
    assert con.execute("select via from decisions").fetchall() == [("session",)]
    con.close()

    # Decided: investigators may neither change nor reopen it; a lead may do both.
    again = {"status": "confirmed", "csrf_token": token(cy)}
    assert _call(server.url, "POST", url, again, cy).status == 403
    reopen = {"status": "reopened", "note": "new evidence", "csrf_token": token(bo)}
    assert _call(server.url, "POST", url, reopen, bo).status == 403
    lead_token = token(lead)
    assert _call(server.url, "POST", url, {**reopen, "csrf_token": lead_token}, lead).status == 303
    assert _call(server.url, "POST", url, {**again, "csrf_token": token(cy)}, cy).status == 303
    # A case that is still open cannot be "reopened".
    url2 = f"/case/{second}/decision"
    assert _call(server.url, "POST", url2, {**reopen, "csrf_token": lead_token}, lead).status == 403
    log = read_decisions(server.store)
    assert log.select("status", "decided_by").rows() == [
        ("dismissed", "bo"),
        ("reopened", "lee"),
        ("confirmed", "cy"),
    ]
    # The audit log is for leads.
    assert _call(server.url, "GET", "/audit", headers=bo).status == 403
    audit = _call(server.url, "GET", "/audit", headers=lead)
    assert audit.status == 200 and "reopened" in audit.body and "mallory" not in audit.body
    assert "/audit" not in _call(server.url, "GET", "/", headers=bo).body  # no link either


def test_assignment_and_the_mine_and_unassigned_filters(
    server: BackgroundServer, queue_db: Path
) -> None:
    first, second, third = _case_ids(queue_db, 3)
    bo = {"Cookie": server.session_cookie("bo", "investigator")}
    cy = {"Cookie": server.session_cookie("cy", "investigator")}
    lead = {"Cookie": server.session_cookie("lee", "lead")}

    def post(who: dict[str, str], case_id: str, assignee: str) -> int:
        page = _call(server.url, "GET", "/", headers=who).body
        form = {"assignee": assignee, "csrf_token": _token(page)}
        return _call(server.url, "POST", f"/case/{case_id}/assign", form, who).status

    assert post(bo, first, "bo") == 303  # takes an unassigned case
    assert post(cy, first, "cy") == 403  # cannot take bo's
    assert post(cy, first, "") == 403  # nor release it
    assert post(bo, second, "cy") == 403  # nor give cases to others
    assert post(lead, second, "cy") == 303
    assert post(lead, third, "nobody-of-ours") == 400
    assert post(cy, second, "") == 303  # releases their own
    assert post(lead, third, "bo") == 303
    current = assignments.current(server.store)
    assert {case: row["assignee"] for case, row in current.items()} == {first: "bo", third: "bo"}
    assert [a["assignee"] for a in assignments.case_log(server.store, second)] == [None, "cy"]

    def listed(who: dict[str, str], query: str) -> tuple[int, list[str]]:
        body = _call(server.url, "GET", "/?" + query, headers=who).body
        total = re.search(r"of (\d+)|No case matches", body)
        assert total
        count = int(total[1]) if total[1] else 0
        return count, re.findall(r'href="/case/([^"]+)"', body)

    assert listed(bo, "assigned=mine") == (2, [first, third])
    assert listed(cy, "assigned=mine")[0] == 0
    count, shown = listed(cy, "assigned=unassigned")
    assert count == 298 and first not in shown and second in shown
    assert "Unknown assignment filter" in _call(server.url, "GET", "/?assigned=x", headers=bo).body


def test_a_trusted_proxy_header_signs_in_only_from_the_proxy(
    queue_db: Path, tmp_path: Path
) -> None:
    store = tmp_path / "d.sqlite"
    users.add_user(store, "ana", "lead", PASSWORD)
    header = {"X-Remote-User": "ana"}
    with BackgroundServer(queue_db, store) as off:  # the default: no header is trusted
        assert _call(off.url, "GET", "/", headers=header).status == 303
    with BackgroundServer(queue_db, store, user_header="X-Remote-User") as on:
        page = _call(on.url, "GET", "/", headers=header)
        assert page.status == 200 and "ana" in page.body and "Sign out" not in page.body
        assert _call(on.url, "GET", "/", headers={"X-Remote-User": "mallory"}).status == 303
        case_id = _case_ids(queue_db, 1)[0]
        # A proxy's user has no session: forms carry the per-browser (double-submit) token.
        cookie = page.cookies[0].split(";")[0]
        assert cookie.startswith("ringwatch_csrf=")
        form = {"status": "needs_info", "csrf_token": cookie.split("=", 1)[1]}
        done = _call(
            on.url, "POST", f"/case/{case_id}/decision", form, {**header, "Cookie": cookie}
        )
        assert done.status == 303
        assert read_decisions(store)["decided_by"].to_list() == ["ana"]
        con = sqlite3.connect(store)
        assert con.execute("select via from decisions").fetchall() == [("proxy",)]
        con.close()
        said = "\n".join(sign_in_summary(on.app.state.settings))
        assert "single sign-on: ON, trusting header 'x-remote-user' from 127.0.0.1/32" in said
    with BackgroundServer(queue_db, tmp_path / "empty.sqlite") as nobody:
        said = "\n".join(sign_in_summary(nobody.app.state.settings))
        assert "single sign-on: off" in said and "no users yet" in said
    with BackgroundServer(
        queue_db, store, user_header="X-Remote-User", trusted_proxies=["192.0.2.7"]
    ) as elsewhere:  # the proxy is another machine: a local client's header is ignored
        assert _call(elsewhere.url, "GET", "/", headers=header).status == 303


def test_an_old_store_is_upgraded_and_a_reopened_case_is_open_again(tmp_path: Path) -> None:
    store = tmp_path / "old.sqlite"
    con = sqlite3.connect(store)
    con.execute(
        """
        create table decisions (
            decision_id integer primary key autoincrement,
            case_id text not null,
            status text not null check (status in ('confirmed', 'dismissed', 'needs_info')),
            reason text, note text, decided_by text not null, decided_at text not null,
            pattern text, account_ids text, paid_total real, contact_findings integer
        )
        """
    )
    con.execute(
        "insert into decisions (case_id, status, decided_by, decided_at, pattern, account_ids, "
        "paid_total, contact_findings) values "
        "('ring-1', 'confirmed', 'root', '2026-10-01T00:00:00+00:00', 'ring', 'a1\na2', 5, 0)"
    )
    con.commit()
    con.close()
    prepare_store(store)
    state = CaseState("ring", ["a1", "a2"], 5.0, 0)
    second = record_decision(store, "ring-1", "reopened", state, decided_by="lee", via="session")
    assert second == 2
    decisions = read_decisions(store)
    assert decisions.select("decision_id", "status", "decided_by").rows() == [
        (1, "confirmed", "root"),
        (2, "reopened", "lee"),
    ]
    assert decision_labels(decisions).is_empty()  # no longer labelled fraud
    cases = pl.DataFrame(
        {
            "case_id": ["ring-1"],
            "account_ids": [["a1", "a2"]],
            "paid_total": [5.0],
            "contact_findings": [0],
            "reasons": [["a reason"]],
        }
    )
    applied = _apply_decisions(cases, decisions, QueueParams()).row(0, named=True)
    assert (applied["status"], applied["in_queue"]) == ("open", True)
    with pytest.raises(ValueError, match="via"):
        record_decision(store, "ring-1", "needs_info", state, via="typed")
