"""The review app end to end on a pipeline run, in Debian's Chromium driven by Playwright.

An investigator signs in, opens the queue, opens the top case, sees its reasons and network,
takes a ring case, looks at a member's account page, dismisses the case with a reason and a
note, sees the decision in its history under their own name, exports the evidence pack and
signs out; a lead signs in and finds the decision in the audit log, and after the next pipeline
run the case is gone from the queue. Attacker-written text (message bodies, names, reasons,
notes) must come out as text on every page and in the evidence pack, and a decision must carry
the session's token and come from the app's own origin. Screenshots of each step go to a
temporary folder (or $RINGWATCH_SCREENSHOTS).
"""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import duckdb
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from analytics.queue.decisions import read_decisions
from analytics.snapshot import open_snapshot, snapshot_path
from pipelines.run import run_pipeline
from review import evidence, users
from review.security import SESSION_COOKIE
from review.server import BackgroundServer
from tests.synthetic_market import run_market

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCRIPT = "<script>alert(1)</script><img src=x onerror=alert(2)>"
NAME = '"><svg onload=alert(3)>'
REASON = "<i>x</i><script>alert(4)</script>"
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def review_run(market_input: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pipeline run over the synthetic marketplace: its database path (snapshot beside it)."""
    return run_market(market_input, tmp_path_factory.mktemp("review_run"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser, tmp_path: Path) -> Iterator[BrowserContext]:
    """A fresh browser profile per test: no cookies or tokens carried over."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Path:
    folder = os.environ.get("RINGWATCH_SCREENSHOTS") or tempfile.mkdtemp(prefix="review_shots_")
    path = Path(folder) / request.node.name
    path.mkdir(parents=True, exist_ok=True)
    return path


def _copy_run(db_path: Path, folder: Path) -> Path:
    """The run's database and snapshot in ``folder``: the test may run the pipeline again."""
    target = folder / "rw.duckdb"
    shutil.copy(db_path, target)
    shutil.copy(snapshot_path(db_path), snapshot_path(target))
    return target


def _queue_ids(page: Page) -> list[str]:
    return page.locator("table.queue td.case-id a").all_inner_texts()


def _sign_in(page: Page, name: str, password: str = PASSWORD) -> None:
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Sign in").click()


def test_review_a_case_in_the_browser(
    review_run: Path, market_input: Path, context: BrowserContext, tmp_path: Path, shots: Path
) -> None:
    db_path = _copy_run(review_run, tmp_path)
    store = tmp_path / "decisions.sqlite"
    users.add_user(store, "ana", "investigator", PASSWORD)
    users.add_user(store, "lee", "lead", PASSWORD)
    with BackgroundServer(db_path, store) as server:
        page = context.new_page()
        # Nothing without signing in: the queue sends the browser to the login page.
        page.goto(server.url + "/")
        expect(page).to_have_url(re.compile(r"/login\?next=%2F$"))
        _sign_in(page, "ana", "not the password")
        expect(page.locator(".error")).to_have_text("Wrong name or password.")
        page.screenshot(path=shots / "0_login.png")
        _sign_in(page, "ana")
        expect(page).to_have_url(server.url + "/")
        expect(page.locator(".whoami .user")).to_have_text("ana")
        assert page.get_by_role("link", name="Decisions").count() == 0  # the audit is a lead's
        rows = page.locator("table.queue tbody tr")
        expect(rows.first).to_be_visible()
        assert rows.count() == min(50, int(re.search(r"of (\d+)", page.inner_text(".summary"))[1]))
        page.screenshot(path=shots / "1_queue.png", full_page=True)

        # The top case of the whole queue: its reasons and its picture.
        top = _queue_ids(page)[0]
        page.locator("table.queue td.case-id a").first.click()
        expect(page.locator("h1")).to_have_text(top)
        assert page.locator("ol.reasons li").count() >= 1
        expect(page.locator("svg.network")).to_be_visible()
        assert page.locator("svg.network g.node-account").count() >= 2
        page.screenshot(path=shots / "2_top_case.png", full_page=True)

        # Filter the queue to rings and review the top ring.
        page.goto(server.url + "/")
        page.select_option("select[name=pattern]", "ring")
        page.get_by_role("button", name="Filter").click()
        expect(page).to_have_url(re.compile(r"pattern=ring"))
        badges = page.locator("table.queue .badge.pattern-ring")
        assert badges.count() == page.locator("table.queue tbody tr").count() > 0
        ring = _queue_ids(page)[0]
        page.get_by_role("link", name=ring, exact=True).click()
        expect(page.locator("h1")).to_have_text(ring)
        reasons = page.locator("ol.reasons li").all_inner_texts()
        assert any("contracts between members" in r for r in reasons)
        network = page.locator("svg.network")
        expect(network).to_be_visible()
        assert network.locator("g.node-account").count() >= 3
        assert (
            network.locator("g.node-identifier").count() + network.locator("line.edge-link").count()
            >= 1
        )  # an identifier links members
        assert page.locator("table.shared tbody tr").count() >= 1
        assert (
            page.locator("table.members-table tbody tr").count()
            == network.locator("g.node-account").count()
        )
        page.screenshot(path=shots / "3_ring_case.png")

        # Take it, and look at a member's account: every case it is in, its identifiers.
        expect(page.locator("#assignment .assignee")).to_have_text("Unassigned")
        page.get_by_role("button", name="Take this case").click()
        expect(page.locator("#assignment .assignee")).to_have_text("ana")
        member = page.locator("table.members-table tbody a.account").first
        account_id = member.inner_text()
        member.click()
        expect(page.locator("h1")).to_have_text(account_id)
        expect(page.locator("#cases")).to_contain_text(ring)
        assert page.locator("table.identifiers tbody tr").count() >= 1
        page.screenshot(path=shots / "3b_account.png", full_page=True)
        page.get_by_role("link", name=ring, exact=True).click()
        expect(page.locator("h1")).to_have_text(ring)

        # Dismiss it with a reason and a note; no form field says who decides.
        assert page.locator("#decide input[type=text]").count() == 0
        expect(page.locator("#decide .as-who")).to_contain_text("ana")
        page.select_option("select[name=reason]", "household")
        page.fill("textarea[name=note]", "one family, one laptop: <b>checked</b> the IDs")
        page.get_by_role("button", name="Dismiss").click()
        expect(page.locator(".flash")).to_contain_text("recorded")
        latest = page.locator("#history li.decision").first
        expect(latest).to_contain_text("dismissed")
        expect(latest).to_contain_text("household")
        expect(latest).to_contain_text("by ana")
        expect(latest.locator(".note")).to_have_text(
            "one family, one laptop: <b>checked</b> the IDs"
        )
        # Decided now: an investigator can no longer change it.
        expect(page.locator("#decide .settled")).to_contain_text("Only a lead")
        assert page.get_by_role("button", name="Dismiss").count() == 0
        page.screenshot(path=shots / "4_decided.png", full_page=True)

        # The evidence pack: one file, everything inline, the decision in it.
        with page.expect_download() as download:
            page.get_by_role("link", name="Export evidence pack (HTML)").click()
        assert download.value.suggested_filename == evidence.filename(ring)
        pack = Path(download.value.path()).read_text()
        assert ring in pack and "<style>" in pack and '<svg class="network"' in pack
        assert "household" in pack and 'by <span class="decided-by">ana</span>' in pack
        assert "<script" not in pack and "src=" not in pack and 'href="/' not in pack
        page.goto(server.url + f"/case/{ring}")
        expect(page.locator("ul.exports li")).to_contain_text("by ana")

        decided = read_decisions(store).row(0, named=True)
        assert (decided["case_id"], decided["status"], decided["reason"]) == (
            ring,
            "dismissed",
            "household",
        )
        assert decided["decided_by"] == "ana"
        con = open_snapshot(snapshot_path(db_path))
        members = con.execute(
            "select account_ids from queues.case_registry where case_id = ?", [ring]
        ).fetchone()[0]
        con.close()
        assert decided["account_ids"] == members

        # Until the next run the case stays queued, marked as decided, among ana's cases.
        page.goto(server.url + "/?" + urlencode({"q": ring}))
        expect(page.locator("table.queue .pending")).to_contain_text("dismissed")
        page.get_by_role("link", name="My cases").click()
        assert _queue_ids(page) == [ring]
        page.goto(server.url + "/audit")
        expect(page.locator("h1")).to_have_text("Leads only")

        # Sign out: the session is gone. The lead signs in and reads the audit log.
        page.get_by_role("button", name="Sign out").click()
        expect(page).to_have_url(server.url + "/login")
        page.goto(server.url + f"/case/{ring}")
        expect(page.locator("h1")).to_have_text("Sign in")
        _sign_in(page, "lee")
        expect(page.locator("h1")).to_have_text(ring)  # back where the link pointed
        page.get_by_role("link", name="Decisions").click()
        first_row = page.locator("table.audit tbody tr").first
        expect(first_row).to_contain_text(ring)
        expect(first_row).to_contain_text("ana")
        page.screenshot(path=shots / "5_audit.png")

        # The next run takes the decision: the case leaves the queue.
        # In a thread of its own: Playwright's event loop holds this one, and Dagster's run
        # would try to close it.
        with ThreadPoolExecutor(1) as pool:
            outcome = pool.submit(
                run_pipeline, market_input, db_path, tmp_path / "out", decisions=store
            ).result()
        assert outcome.success, outcome.errors + outcome.failed_checks
        page.goto(server.url + "/?pattern=ring")
        expect(page.locator("table.queue tbody tr").first).to_be_visible()
        assert ring not in _queue_ids(page)
        page.goto(server.url + "/?" + urlencode({"q": ring}))
        expect(page.locator(".summary")).to_have_text("No case matches these filters.")
        page.goto(server.url + f"/case/{ring}")
        expect(page.locator(".case-head")).to_contain_text("dismissed")
        expect(page.locator(".facts")).to_contain_text("not in the queue")
        page.screenshot(path=shots / "6_after_rerun.png", full_page=True)


def _plant(snapshot: Path) -> dict[str, str]:
    """Attacker-written text in a copy of a snapshot: a message body with a contact finding
    inside the markup, a display name and a reason. Returns the ids it used."""
    con = duckdb.connect(str(snapshot))
    try:
        case_id, key = con.execute(
            "select case_id, detector_key from queues.case_status "
            "where pattern = 'contact_dropoff' and in_queue order by score desc limit 1"
        ).fetchone()
        client, freelancer, ts = con.execute(
            "select client_id, freelancer_id, first_contact_ts + interval 1 hour "
            "from features.contact_dropoff where 'cd-' || client_id || '-' || freelancer_id = ?",
            [key],
        ).fetchone()
        body = "call me " + SCRIPT
        start = body.index("<img")
        con.execute(
            "insert into staging.messages (message_id, contract_id, sender_id, recipient_id, "
            "ts, body) values ('m-planted', null, ?, ?, ?, ?)",
            [freelancer, client, ts, body],
        )
        con.execute(
            "insert into features.message_contacts (message_id, contract_id, sender_id, "
            "recipient_id, ts, kind, value, start_offset, end_offset, obfuscated, snippet) "
            "values ('m-planted', null, ?, ?, ?, 'phone', '+15550100', ?, ?, true, 'x')",
            [freelancer, client, ts, start, len(body)],
        )
        con.execute("update staging.accounts set name = ? where account_id = ?", [NAME, client])
        con.execute(
            "update queues.investigation_queue set reasons = list_prepend(?, reasons) "
            "where case_id = ?",
            [REASON, case_id],
        )
    finally:
        con.close()
    return {"case_id": case_id, "client": client, "body": body}


def test_attacker_written_text_is_escaped(
    review_run: Path, context: BrowserContext, tmp_path: Path, shots: Path
) -> None:
    db_path = tmp_path / "planted.duckdb"  # only its snapshot exists: the app never needs more
    shutil.copy(snapshot_path(review_run), snapshot_path(db_path))
    planted = _plant(snapshot_path(db_path))
    case_url = f"/case/{planted['case_id']}"
    with BackgroundServer(db_path, tmp_path / "decisions.sqlite") as server:
        cookie = server.session_cookie("ana", "investigator")
        signed_in = {"Cookie": cookie}
        raw = _get(server.url + case_url, signed_in)
        assert "call me &lt;script&gt;alert(1)&lt;/script&gt;" in raw
        assert "&lt;img src=x onerror=alert(2)&gt;</mark>" in raw
        assert "&lt;i&gt;x&lt;/i&gt;&lt;script&gt;alert(4)&lt;/script&gt;" in raw
        assert "&#34;&gt;&lt;svg onload=alert(3)&gt;" in raw
        for live in ("<script", "<img", "<svg onload", "<i>x"):
            assert live not in raw
        queue = _get(server.url + "/?" + urlencode({"q": planted["case_id"]}), signed_in)
        assert "&lt;script&gt;alert(4)&lt;/script&gt;" in queue and "<script" not in queue
        account = _get(server.url + f"/account/{planted['client']}", signed_in)
        assert "&#34;&gt;&lt;svg onload=alert(3)&gt;" in account and "<svg onload" not in account
        pack = _get(server.url + case_url + "/evidence", signed_in)
        assert "&lt;img src=x onerror=alert(2)&gt;</mark>" in pack
        assert "&lt;i&gt;x&lt;/i&gt;&lt;script&gt;alert(4)&lt;/script&gt;" in pack
        for live in ("<script", "<img", "<svg onload", "<i>x"):
            assert live not in account and live not in pack

        context.add_cookies(
            [{"name": SESSION_COOKIE, "value": cookie.split("=", 1)[1], "url": server.url}]
        )
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(server.url + case_url)
        message = page.locator("#message-m-planted")
        expect(message.locator(".body")).to_have_text(planted["body"])
        expect(message.locator("mark.contact")).to_have_text("<img src=x onerror=alert(2)>")
        expect(page.locator("ol.reasons li").first).to_have_text(REASON)
        expect(page.locator("table.members-table")).to_contain_text(NAME)
        assert page.locator("img").count() == 0
        assert page.locator("script").count() == 0
        page.screenshot(path=shots / "planted_message.png", full_page=True)

        # A note is attacker-written too, as far as the next reader is concerned.
        page.select_option("select[name=reason]", "other")
        page.fill("textarea[name=note]", SCRIPT)
        page.get_by_role("button", name="Dismiss").click()
        expect(page.locator("#history .note").first).to_have_text(SCRIPT)
        audit = _get(server.url + "/audit", {"Cookie": server.session_cookie("lee", "lead")})
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in audit and "<script" not in audit
        assert dialogs == []
    assert not db_path.exists()


def test_a_decision_needs_the_session_token_and_this_origin(
    review_run: Path, tmp_path: Path
) -> None:
    store = tmp_path / "decisions.sqlite"
    con = open_snapshot(snapshot_path(review_run))
    case_id = con.execute(
        "select case_id from queues.investigation_queue order by rank limit 1"
    ).fetchone()[0]
    con.close()
    with BackgroundServer(review_run, store) as server:
        cookie = server.session_cookie("bo", "investigator")
        other = server.session_cookie("cy", "investigator")
        first = _request(server.url, "GET", f"/case/{case_id}", headers={"Cookie": cookie})
        assert first.status == 200
        assert "default-src 'none'" in first.getheader("Content-Security-Policy")
        assert first.getheader("X-Frame-Options") == "DENY"
        assert first.getheader("Cache-Control") == "no-store"
        token = re.search(r'name="csrf_token" value="([^"]+)"', first.body)[1]
        theirs = _request(server.url, "GET", f"/case/{case_id}", headers={"Cookie": other})
        their_token = re.search(r'name="csrf_token" value="([^"]+)"', theirs.body)[1]
        assert their_token != token
        origin = server.url
        form = {"status": "dismissed", "reason": "agency", "note": "n", "reviewer": "mallory"}

        def post(fields: dict[str, str], **headers: str) -> _Reply:
            sent = {"Content-Type": "application/x-www-form-urlencoded", **headers}
            return _request(
                server.url, "POST", f"/case/{case_id}/decision", urlencode(fields), sent
            )

        signed = {**form, "csrf_token": token}
        assert post(form, Cookie=cookie, Origin=origin).status == 403  # no token in the form
        assert post(signed, Origin=origin).status == 401  # no session
        assert post({**form, "csrf_token": "x" * 43}, Cookie=cookie, Origin=origin).status == 403
        assert post({**form, "csrf_token": their_token}, Cookie=cookie, Origin=origin).status == 403
        assert post(signed, Cookie=cookie, Origin="http://evil.example").status == 403
        assert post(signed, Cookie=cookie, Referer="http://evil.example/x").status == 403
        assert post({**signed, "reason": ""}, Cookie=cookie, Origin=origin).status == 400
        assert post({**signed, "status": "deleted"}, Cookie=cookie, Origin=origin).status == 400
        assert read_decisions(store).is_empty()

        done = post(signed, Cookie=cookie, Origin=origin)
        assert done.status == 303
        assert done.getheader("Location") == f"/case/{case_id}?recorded=1#history"
        recorded = read_decisions(store).row(0, named=True)
        assert (recorded["reason"], recorded["decided_by"]) == ("agency", "bo")
        # Reopening is a lead's, and says why.
        lead = server.session_cookie("lee", "lead")
        page = _request(server.url, "GET", f"/case/{case_id}", headers={"Cookie": lead})
        assert "Reopen" in page.body
        lead_token = re.search(r'name="csrf_token" value="([^"]+)"', page.body)[1]
        reopen = {"status": "reopened", "note": " ", "csrf_token": lead_token}
        assert post(reopen, Cookie=lead, Origin=origin).status == 400
        assert post({**reopen, "note": "new money"}, Cookie=lead, Origin=origin).status == 303
        assert read_decisions(store)["status"].to_list() == ["dismissed", "reopened"]
        # A page served under another host name (DNS rebinding) is refused.
        rebound = _request(
            server.url, "GET", "/", headers={"Host": "evil.example", "Cookie": cookie}
        )
        assert rebound.status == 400


def test_the_account_page_and_the_evidence_pack(review_run: Path, tmp_path: Path) -> None:
    store = tmp_path / "decisions.sqlite"
    con = open_snapshot(snapshot_path(review_run))
    case_id, pattern, members = con.execute(
        "select case_id, pattern, account_ids from queues.investigation_queue "
        "where pattern = 'contact_dropoff' order by rank limit 1"
    ).fetchone()
    account_id = members[0]
    in_cases = {
        row[0]
        for row in con.execute(
            "select case_id from queues.case_registry where list_contains(account_ids, ?)",
            [account_id],
        ).fetchall()
    }
    identifiers = con.execute(
        "select kind, value, n_accounts from staging.account_identifiers where account_id = ?",
        [account_id],
    ).fetchall()
    (contracts,) = con.execute(
        "select count(*) from staging.contracts where client_id = ? or freelancer_id = ?",
        [account_id, account_id],
    ).fetchone()
    con.close()
    with BackgroundServer(review_run, store) as server:
        signed_in = {"Cookie": server.session_cookie("ana", "investigator")}
        case_page = _get(server.url + f"/case/{case_id}", signed_in)
        # Every account id on the case page links to its account page.
        for member in members:
            assert f'<a class="account" href="/account/{member}">{member}</a>' in case_page
        assert f'<a class="node-link" href="/account/{account_id}">' in case_page

        page = _get(server.url + f"/account/{account_id}", signed_in)
        listed = set(re.findall(r'<td class="case-id"><a href="/case/([^"]+)"', page))
        assert listed == in_cases and case_id in listed
        assert page.count("<tr", page.index('table class="identifiers"')) >= len(identifiers)
        for kind, value, n_accounts in identifiers:
            # A value only this account uses is never spelled out; a shared one is.
            assert (f"<code>{value}</code>" in page) == (n_accounts > 1), (kind, n_accounts)
        assert f"{contracts} contract" in page
        assert "Logins" in page and "on " in page
        assert _request(server.url, "GET", "/account/nobody", headers=signed_in).status == 404

        reply = _request(server.url, "GET", f"/case/{case_id}/evidence", headers=signed_in)
        assert reply.status == 200
        assert reply.getheader("Content-Disposition") == (
            f'attachment; filename="{evidence.filename(case_id)}"'
        )
        pack = reply.body
        assert "<style>" in pack and 'http-equiv="Content-Security-Policy"' in pack
        assert "<script" not in pack and "src=" not in pack and "<link" not in pack
        assert 'href="/' not in pack and 'href="http' not in pack  # nothing points back
        assert '<svg class="network"' in pack and '<svg class="chart"' in pack
        assert '<mark class="contact"' in pack and "Decision history" in pack
        assert pattern in pack and "Exported" in pack and "by ana" in pack
        (logged,) = evidence.exports_for(store, case_id)
        assert logged["exported_by"] == "ana"
        assert logged["sha256"] == hashlib.sha256(reply.raw).hexdigest()


def _get(url: str, headers: dict[str, str] | None = None) -> str:
    reply = _request(
        url,
        "GET",
        urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else ""),
        headers=headers,
    )
    assert reply.status == 200, (url, reply.status)
    return reply.body


@dataclass
class _Reply:
    status: int
    headers: http.client.HTTPMessage
    raw: bytes

    @property
    def body(self) -> str:
        return self.raw.decode()

    def getheader(self, name: str) -> str | None:
        return self.headers.get(name)


def _request(
    base: str,
    method: str,
    path: str,
    body: str | None = None,
    headers: dict[str, str] | None = None,
) -> _Reply:
    parts = urlsplit(base)
    con = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        con.request(method, path, body, headers or {})
        response = con.getresponse()
        return _Reply(response.status, response.headers, response.read())
    finally:
        con.close()
