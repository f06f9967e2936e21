"""The review app: FastAPI routes, server-rendered Jinja2 pages, no JavaScript.

    ringwatch users add ana --role lead --db data/demo/ringwatch.duckdb   # password on stdin
    ringwatch serve --db data/demo/ringwatch.duckdb            # http://127.0.0.1:8000

It opens only the published snapshot (read-only, through ``open_snapshot``) and the decisions
store (decisions, users, sessions, assignments, evidence exports): it cannot change the
warehouse, and a decision reaches the queue the way one made with ``ringwatch decide`` does, at
the next pipeline run.

Every path needs a signed-in user except ``/login``, ``/healthz`` and the stylesheet and icon
under ``/static``: the check is one middleware in front of every route, so a route added later
is closed until it is added to PUBLIC_PATHS. A decision, an assignment or an export is recorded
under the signed-in user's name; no form carries a name.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.middleware.trustedhost import TrustedHostMiddleware

from analytics.queue.decisions import (
    DISMISS_REASONS,
    REOPENED,
    STATUSES,
    CaseState,
    default_store,
    prepare_store,
    record_decision,
)
from analytics.snapshot import snapshot_path
from review import assignments, evidence, history, pages, queries, users
from review.reader import SnapshotReader
from review.security import (
    CSRF_FIELD,
    HEADERS,
    SESSION_COOKIE,
    clear_session_cookie,
    csrf_ok,
    csrf_token,
    is_https,
    safe_next,
    session_csrf_ok,
    set_csrf_cookie,
    set_session_cookie,
)

HERE = Path(__file__).resolve().parent
AUDIT_PAGE_SIZE = 100
MAX_NOTE = 2000
PUBLIC_PATHS = frozenset({"/login", "/healthz", "/favicon.ico"})
PUBLIC_PREFIXES = ("/static/",)
DEFAULT_PROXIES = ("127.0.0.1/32", "::1/128")
SIGN_IN_CACHE_SECONDS = 5.0


@dataclass(frozen=True)
class Settings:
    db_path: Path
    snapshot: Path
    store: Path
    # Single sign-on: the header an authenticating proxy puts the user's name in, and the
    # addresses that proxy connects from. None (the default): no header is ever trusted.
    user_header: str | None = None
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()


@dataclass(frozen=True)
class Viewer:
    """The signed-in user of a request, and how they are known."""

    user: users.User
    via: str  # "session" or "proxy" (the decisions store's ``via``)
    csrf: str | None  # the session's token; None for a proxy's user (double-submit cookie)
    session_token: str | None = None


def environment(standalone: bool = False) -> jinja2.Environment:
    """Autoescape on for every template, whatever its extension; undefined names fail loudly.

    ``standalone``: for the evidence pack, which is read away from the app, so account and case
    ids are plain text rather than links into it.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = lambda v: "–" if v is None else f"{float(v):,.2f}"
    env.filters["score"] = lambda v: "–" if v is None else f"{float(v):.3f}"
    env.filters["when"] = lambda v: "–" if v is None else f"{v:%Y-%m-%d %H:%M}"
    env.filters["day"] = lambda v: "–" if v is None else f"{v:%Y-%m-%d}"
    env.filters["pct"] = lambda v: "–" if v is None else f"{float(v):.0%}"
    env.filters["label"] = lambda v: str(v).replace("_", " ")
    env.filters["iso"] = _iso_minutes
    env.globals["standalone"] = standalone
    env.globals["case_url"] = lambda case_id: "/case/" + quote(str(case_id), safe="")
    env.globals["account_url"] = (
        (lambda _: "") if standalone else (lambda a: "/account/" + quote(str(a), safe=""))
    )
    env.globals["account_link"] = _plain if standalone else _account_link
    return env


def _account_link(account_id: object) -> Markup:
    """An account id as a link to its page. ``quote`` leaves only URL-safe characters and
    ``escape`` escapes the text (Markup.format would too, at ten times the cost: a queue page
    links 150 ids)."""
    if account_id is None or account_id == "":
        return Markup("")
    text = str(account_id)
    return Markup(f'<a class="account" href="/account/{quote(text, safe="")}">{escape(text)}</a>')


def _plain(account_id: object) -> Markup:
    return escape("" if account_id is None else str(account_id))


def _iso_minutes(value: str | None) -> str:
    """'2026-11-21T07:51:30+00:00' (the decisions store's format) as '2026-11-21 07:51 UTC'."""
    if not value:
        return "–"
    try:
        when = datetime.fromisoformat(value).astimezone(UTC)
    except ValueError:
        return value
    return f"{when:%Y-%m-%d %H:%M} UTC"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _networks(
    addresses: Sequence[str],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(a.strip(), strict=False) for a in addresses if a.strip())


def _public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def create_app(
    db_path: str | Path,
    decisions: str | Path | None = None,
    host: str = "127.0.0.1",
    *,
    user_header: str | None = None,
    trusted_proxies: Sequence[str] = DEFAULT_PROXIES,
) -> FastAPI:
    """The app for the run whose working database is ``db_path`` (it reads its snapshot).

    ``user_header``: trust this request header, when sent from one of ``trusted_proxies``, to
    name the signed-in user (who must exist and be active in the store). Off unless given.
    """
    db_path = Path(db_path)
    settings = Settings(
        db_path=db_path,
        snapshot=snapshot_path(db_path),
        store=Path(decisions) if decisions else default_store(db_path),
        user_header=user_header.strip().lower() if user_header else None,
        trusted_proxies=_networks(trusted_proxies) if user_header else (),
    )
    prepare_store(settings.store)  # creates it, or upgrades an old one, before any read
    users.prepare(settings.store)  # and the users' tables
    reader = SnapshotReader(settings.snapshot, prepare=queries.prepare_queue_rows)
    env = environment()
    pack_env = environment(standalone=True)
    stylesheet = (HERE / "static" / "review.css").read_text()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        reader.close()

    app = FastAPI(
        title="ringwatch review",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.reader = reader
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    # Bound to loopback, only loopback names are accepted in Host: a DNS-rebinding page that
    # points its own name at 127.0.0.1 is turned away.
    allowed = ["127.0.0.1", "localhost", "::1"] if _loopback(host) else ["*"]
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed)

    # Who a session token or a proxy's name is, for a few seconds: most requests then skip the
    # store (and the trip to a worker thread). Signing out drops the entry at once; a user
    # disabled or given a new password from the command line is out within SIGN_IN_CACHE_SECONDS.
    known: dict[tuple[str, str], tuple[float, Viewer | None]] = {}

    def cached(key: tuple[str, str]) -> tuple[bool, Viewer | None]:
        hit = known.get(key)
        if hit is None or hit[0] < time.monotonic():
            return False, None
        return True, hit[1]

    def remember(key: tuple[str, str], viewer: Viewer | None) -> Viewer | None:
        if len(known) > 10_000:
            known.clear()
        if viewer is not None:
            known[key] = (time.monotonic() + SIGN_IN_CACHE_SECONDS, viewer)
        return viewer

    def credentials(request: Request) -> tuple[str, str] | None:
        """("proxy", name) from a trusted proxy, ("session", token) from the cookie, or None."""
        if settings.user_header and request.client is not None:
            try:
                peer = ipaddress.ip_address(request.client.host)
            except ValueError:
                peer = None
            if peer is not None and any(peer in net for net in settings.trusted_proxies):
                name = request.headers.get(settings.user_header)
                if name:
                    return ("proxy", name)
        token = request.cookies.get(SESSION_COOKIE, "")
        return ("session", token) if token else None

    def identify(key: tuple[str, str]) -> Viewer | None:
        kind, value = key
        if kind == "proxy":
            user = users.user_named(settings.store, value)
            return remember(key, Viewer(user, "proxy", None) if user else None)
        session = users.session_for(settings.store, value)
        if session is None:
            return None
        return remember(key, Viewer(session.user, "session", session.csrf_token, value))

    @app.middleware("http")
    async def sign_in_and_headers(request: Request, call_next: Any) -> Response:
        path = request.url.path
        viewer = None
        key = credentials(request) if not _public(path) or path == "/login" else None
        if key is not None:
            hit, viewer = cached(key)
            if not hit:
                viewer = await run_in_threadpool(identify, key)
        request.state.viewer = viewer
        if viewer is None and not _public(path):
            response: Response
            if request.method in ("GET", "HEAD"):
                target = path + (f"?{request.url.query}" if request.url.query else "")
                response = RedirectResponse(
                    "/login?" + urlencode({"next": target}), status_code=303
                )
            else:
                response = PlainTextResponse("Sign in first.", status_code=401)
        else:
            response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def viewer_of(request: Request) -> Viewer:
        viewer: Viewer | None = request.state.viewer
        assert viewer is not None  # the middleware let only signed-in requests through
        return viewer

    def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
        viewer: Viewer | None = getattr(request.state, "viewer", None)
        fresh = False
        if viewer is not None and viewer.csrf is not None:
            token = viewer.csrf
        else:
            token, fresh = csrf_token(request)
        body = env.get_template(name).render(
            **context,
            csrf_field=CSRF_FIELD,
            csrf_token=token,
            viewer=viewer,
            store=str(settings.store),
            snapshot=str(settings.snapshot),
        )
        response = HTMLResponse(body, status_code=status)
        if fresh:
            set_csrf_cookie(response, token, secure=is_https(request))
        return response

    def problem(request: Request, status: int, title: str, detail: str) -> Response:
        return render(request, "problem.html", {"title": title, "detail": detail}, status)

    def refused(request: Request) -> Response:
        return problem(
            request,
            403,
            "Request refused",
            "The form's security token did not match, or the request came from another "
            "site. Reload the page and try again.",
        )

    def form_ok(request: Request, submitted: str) -> bool:
        viewer: Viewer | None = request.state.viewer
        if viewer is not None and viewer.csrf is not None:
            return session_csrf_ok(request, viewer.csrf, submitted)
        return csrf_ok(request, submitted)

    def no_snapshot(request: Request) -> Response | None:
        if not settings.snapshot.exists():
            return problem(
                request,
                503,
                "No snapshot yet",
                f"There is no snapshot at {settings.snapshot}. Run `ringwatch run` first.",
            )
        return None

    @app.get("/healthz", response_class=PlainTextResponse)
    def healthz() -> str:
        return "ok"

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return RedirectResponse("/static/favicon.svg", status_code=308)

    # --- signing in and out ------------------------------------------------------------------

    def login_page(
        request: Request, next_url: str, error: str | None = None, status: int = 200, name: str = ""
    ) -> Response:
        return render(
            request,
            "login.html",
            {
                "next_url": next_url,
                "error": error,
                "name": name,
                "proxy_header": settings.user_header,
            },
            status,
        )

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/") -> Response:
        if request.state.viewer is not None:
            return RedirectResponse(safe_next(next), status_code=303)
        return login_page(request, safe_next(next))

    @app.post("/login", response_class=HTMLResponse)
    def login(
        request: Request,
        name: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "",
        next: Annotated[str, Form()] = "/",
        csrf: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    ) -> Response:
        target = safe_next(next)
        if not csrf_ok(request, csrf):
            return refused(request)
        name = name.strip()[:100]
        if not name or not password:
            return login_page(request, target, "Give your name and password.", 400, name)
        address = request.client.host if request.client else "unknown"
        result = users.login(settings.store, name, password, address)
        if result.retry_after:
            minutes = max(1, -(-result.retry_after // 60))
            response = login_page(
                request,
                target,
                f"Too many failed attempts. Try again in {minutes} minute"
                f"{'s' if minutes > 1 else ''}.",
                429,
                name,
            )
            response.headers["Retry-After"] = str(result.retry_after)
            return response
        if result.token is None:
            return login_page(request, target, "Wrong name or password.", 401, name)
        response = RedirectResponse(target, status_code=303)
        set_session_cookie(response, request, result.token)
        return response

    @app.post("/logout", response_class=HTMLResponse)
    def logout(request: Request, csrf: Annotated[str, Form(alias=CSRF_FIELD)] = "") -> Response:
        viewer = viewer_of(request)
        if not form_ok(request, csrf):
            return refused(request)
        if viewer.session_token:
            users.logout(settings.store, viewer.session_token)
            known.pop(("session", viewer.session_token), None)
        response = RedirectResponse("/login", status_code=303)
        clear_session_cookie(response, request)
        return response

    # --- the queue, a case, an account -------------------------------------------------------

    @app.get("/", response_class=HTMLResponse)
    def queue(request: Request) -> Response:
        viewer = viewer_of(request)
        if (missing := no_snapshot(request)) is not None:
            return missing
        flt, notices = pages.parse_filter(dict(request.query_params))
        if flt.assigned is not None:
            mine = viewer.user.name if flt.assigned == "mine" else None
            flt = replace(
                flt, assigned_ids=tuple(assignments.assigned_case_ids(settings.store, mine))
            )
        with reader.main() as cur:
            if not queries.has_queue(cur):
                return problem(
                    request, 503, "No queue yet", "The snapshot holds no investigation queue."
                )
            context = pages.queue_context(cur, settings.store, flt, pages.utc_now())
        return render(request, "queue.html", {**context, "notices": notices})

    def case_page(
        request: Request,
        case_id: str,
        status: int = 200,
        error: str | None = None,
        form: dict[str, str] | None = None,
    ) -> Response:
        if (missing := no_snapshot(request)) is not None:
            return missing
        with reader.cursor() as cur:
            context = pages.case_context(cur, settings.store, case_id, pages.utc_now())
        if context is None:
            return problem(request, 404, "No such case", f"No case {case_id} in the snapshot.")
        form = {"note": "", "reason": "", **(form or {})}
        recorded = request.query_params.get("recorded")
        return render(
            request,
            "case.html",
            {
                **context,
                "error": error,
                "form": form,
                "recorded": recorded if recorded and recorded.isdigit() else None,
                "assignable": users.active_users(settings.store),
                "exports": evidence.exports_for(settings.store, case_id),
            },
            status,
        )

    @app.get("/case/{case_id}", response_class=HTMLResponse)
    def case(request: Request, case_id: str) -> Response:
        return case_page(request, case_id)

    @app.post("/case/{case_id}/decision", response_class=HTMLResponse)
    def decide(
        request: Request,
        case_id: str,
        status: Annotated[str, Form()] = "",
        reason: Annotated[str, Form()] = "",
        note: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    ) -> Response:
        viewer = viewer_of(request)
        if not form_ok(request, csrf):
            return refused(request)
        form = {"reason": reason, "note": note[:MAX_NOTE]}
        if status not in (*STATUSES, REOPENED):
            return case_page(request, case_id, 400, "Choose confirm, dismiss or needs info.", form)
        if status == "dismissed" and reason not in DISMISS_REASONS:
            return case_page(request, case_id, 400, "A dismissal needs a reason.", form)
        if status == REOPENED and not note.strip():
            return case_page(request, case_id, 400, "Say why the case is reopened (note).", form)
        if (missing := no_snapshot(request)) is not None:
            return missing
        with reader.cursor() as cur:
            state = queries.case_state(cur, case_id)
            header = queries.case_header(cur, case_id, pages.utc_now()) if state else None
            run = queries.latest_run(cur) if state else None
        if state is None or header is None:
            return problem(request, 404, "No such case", f"No case {case_id} in the snapshot.")
        settled = pages.is_settled(
            history.case_history(settings.store, case_id), header, run["ran_at"] if run else None
        )
        if (why := pages.may_decide(viewer.user, settled, status)) is not None:
            return problem(request, 403, "Not yours to decide", why)
        decision_id = record_decision(
            settings.store,
            case_id,
            status,
            CaseState(
                state["pattern"],
                list(state["account_ids"] or []),
                float(state["paid_total"] or 0.0),
                int(state["contact_findings"] or 0),
            ),
            reason=reason if status == "dismissed" else None,
            note=note.strip()[:MAX_NOTE] or None,
            decided_by=viewer.user.name,
            via=viewer.via,
        )
        target = f"/case/{quote(case_id, safe='')}?recorded={decision_id}#history"
        return RedirectResponse(target, status_code=303)

    @app.post("/case/{case_id}/assign", response_class=HTMLResponse)
    def assign(
        request: Request,
        case_id: str,
        assignee: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    ) -> Response:
        viewer = viewer_of(request)
        if not form_ok(request, csrf):
            return refused(request)
        if (missing := no_snapshot(request)) is not None:
            return missing
        with reader.cursor() as cur:
            known = queries.case_state(cur, case_id) is not None
        if not known:
            return problem(request, 404, "No such case", f"No case {case_id} in the snapshot.")
        wanted: str | None = None
        if assignee:
            match = users.user_named(settings.store, assignee)
            if match is None:
                return problem(
                    request, 400, "No such user", "A case is assigned to an active user."
                )
            wanted = match.name
        current = (assignments.current(settings.store, [case_id]).get(case_id) or {}).get(
            "assignee"
        )
        if (why := pages.may_assign(viewer.user, current, wanted)) is not None:
            return problem(request, 403, "Not yours to assign", why)
        if wanted != current:
            assignments.assign(settings.store, case_id, wanted, viewer.user.name)
        return RedirectResponse(f"/case/{quote(case_id, safe='')}#assignment", status_code=303)

    @app.get("/case/{case_id}/evidence", response_class=HTMLResponse)
    def evidence_pack(request: Request, case_id: str) -> Response:
        viewer = viewer_of(request)
        if (missing := no_snapshot(request)) is not None:
            return missing
        now = datetime.now(UTC)
        with reader.cursor() as cur:
            context = pages.case_context(cur, settings.store, case_id, pages.utc_now())
        if context is None:
            return problem(request, 404, "No such case", f"No case {case_id} in the snapshot.")
        body = (
            pack_env.get_template("evidence.html")
            .render(
                **context,
                stylesheet=Markup(stylesheet.replace("</", "<\\/")),
                policy=evidence.PACK_POLICY,
                exported_by=viewer.user.name,
                exported_at=now.isoformat(timespec="seconds"),
            )
            .encode()
        )
        evidence.record_export(settings.store, case_id, viewer.user.name, body)
        response = Response(body, media_type="text/html; charset=utf-8")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="{evidence.filename(case_id)}"'
        )
        response.headers["Content-Security-Policy"] = evidence.PACK_POLICY
        return response

    @app.get("/account/{account_id}", response_class=HTMLResponse)
    def account(request: Request, account_id: str) -> Response:
        if (missing := no_snapshot(request)) is not None:
            return missing
        with reader.cursor() as cur:
            context = pages.account_context(cur, settings.store, account_id)
        if context is None:
            return problem(
                request, 404, "No such account", f"No account {account_id} in the snapshot."
            )
        return render(request, "account.html", context)

    @app.get("/audit", response_class=HTMLResponse)
    def audit(request: Request, page: str = "1") -> Response:
        if not viewer_of(request).user.is_lead:
            return problem(request, 403, "Leads only", "The audit log is for leads.")
        number = max(1, int(page)) if page.isdigit() else 1
        rows, total = history.audit_page(
            settings.store, AUDIT_PAGE_SIZE, (number - 1) * AUDIT_PAGE_SIZE
        )
        pages_total = max(1, -(-total // AUDIT_PAGE_SIZE))
        return render(
            request,
            "audit.html",
            {
                "rows": rows,
                "total": total,
                "page": number,
                "pages": pages_total,
                "prev_url": f"/audit?page={number - 1}" if number > 1 else None,
                "next_url": f"/audit?page={number + 1}" if number < pages_total else None,
            },
        )

    return app


def sign_in_summary(settings: Settings) -> list[str]:
    """What ``serve`` says at start-up about who can get in."""
    active = users.active_users(settings.store)
    leads = sum(1 for u in active if u.is_lead)
    lines = [f"  sign-in:   {len(active)} active users ({leads} leads) in the decisions store"]
    if not active:
        lines.append(
            "  warning: no users yet, so nobody can sign in: "
            "`ringwatch users add NAME --role lead --db DB` (password on standard input)"
        )
    if settings.user_header:
        proxies = ", ".join(str(n) for n in settings.trusted_proxies)
        lines.append(
            f"  single sign-on: ON, trusting header {settings.user_header!r} from {proxies}"
        )
    else:
        lines.append(
            "  single sign-on: off (no proxy header is trusted; set "
            "RINGWATCH_TRUSTED_USER_HEADER to turn it on)"
        )
    return lines


def serve(
    db_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    decisions: str | Path | None = None,
    user_header: str | None = None,
    trusted_proxies: Sequence[str] | None = None,
) -> None:
    """Run the app with uvicorn until interrupted.

    ``user_header`` and ``trusted_proxies`` default to the environment's
    RINGWATCH_TRUSTED_USER_HEADER and RINGWATCH_TRUSTED_PROXIES (comma-separated addresses or
    networks; loopback when unset).
    """
    import os

    import uvicorn

    if user_header is None:
        user_header = os.environ.get("RINGWATCH_TRUSTED_USER_HEADER") or None
    if trusted_proxies is None:
        configured = os.environ.get("RINGWATCH_TRUSTED_PROXIES", "")
        trusted_proxies = configured.split(",") if configured.strip() else DEFAULT_PROXIES
    app = create_app(
        db_path, decisions, host=host, user_header=user_header, trusted_proxies=trusted_proxies
    )
    settings: Settings = app.state.settings
    shown = f"[{host}]" if ":" in host else host
    print(f"ringwatch review on http://{shown}:{port}/")
    print(f"  snapshot:  {settings.snapshot}\n  decisions: {settings.store}")
    for line in sign_in_summary(settings):
        print(line)
    if not _loopback(host):
        print(
            "  note: serve it behind HTTPS (a TLS proxy) when others reach it over a network: "
            "the session cookie is marked Secure only on HTTPS requests"
        )
    uvicorn.run(app, host=host, port=port, log_level="warning")
