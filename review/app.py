"""The review app: FastAPI routes, server-rendered Jinja2 pages, no JavaScript.

    ringwatch serve --db data/demo/ringwatch.duckdb            # http://127.0.0.1:8000

It opens only the published snapshot (read-only, through ``open_snapshot``) and the decisions
store (through ``record_decision``): it cannot change the warehouse, and a decision reaches the
queue the way one made with ``ringwatch decide`` does, at the next pipeline run.
"""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, unquote

import jinja2
from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from analytics.queue.decisions import (
    DISMISS_REASONS,
    STATUSES,
    CaseState,
    default_store,
    record_decision,
)
from analytics.snapshot import snapshot_path
from review import history, pages, queries
from review.reader import SnapshotReader
from review.security import (
    CSRF_FIELD,
    HEADERS,
    csrf_ok,
    csrf_token,
    set_csrf_cookie,
)

HERE = Path(__file__).resolve().parent
REVIEWER_COOKIE = "ringwatch_reviewer"
AUDIT_PAGE_SIZE = 100
MAX_NOTE, MAX_REVIEWER = 2000, 80


@dataclass(frozen=True)
class Settings:
    db_path: Path
    snapshot: Path
    store: Path


def environment() -> jinja2.Environment:
    """Autoescape on for every template, whatever its extension; undefined names fail loudly."""
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
    env.globals["case_url"] = lambda case_id: "/case/" + quote(str(case_id), safe="")
    return env


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


def create_app(
    db_path: str | Path, decisions: str | Path | None = None, host: str = "127.0.0.1"
) -> FastAPI:
    """The app for the run whose working database is ``db_path`` (it reads its snapshot)."""
    db_path = Path(db_path)
    settings = Settings(
        db_path=db_path,
        snapshot=snapshot_path(db_path),
        store=Path(decisions) if decisions else default_store(db_path),
    )
    reader = SnapshotReader(settings.snapshot, prepare=queries.prepare_queue_rows)
    env = environment()

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

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
        token, fresh = csrf_token(request)
        body = env.get_template(name).render(
            **context,
            csrf_field=CSRF_FIELD,
            csrf_token=token,
            store=str(settings.store),
            snapshot=str(settings.snapshot),
        )
        response = HTMLResponse(body, status_code=status)
        if fresh:
            set_csrf_cookie(response, token)
        return response

    def problem(request: Request, status: int, title: str, detail: str) -> Response:
        return render(request, "problem.html", {"title": title, "detail": detail}, status)

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

    @app.get("/", response_class=HTMLResponse)
    def queue(request: Request) -> Response:
        if (missing := no_snapshot(request)) is not None:
            return missing
        flt, notices = pages.parse_filter(dict(request.query_params))
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
        reviewer = unquote(request.cookies.get(REVIEWER_COOKIE, "")) or pages.default_reviewer()
        form = {"reviewer": reviewer[:MAX_REVIEWER], "note": "", "reason": "", **(form or {})}
        recorded = request.query_params.get("recorded")
        return render(
            request,
            "case.html",
            {
                **context,
                "error": error,
                "form": form,
                "recorded": recorded if recorded and recorded.isdigit() else None,
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
        reviewer: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    ) -> Response:
        if not csrf_ok(request, csrf):
            return problem(
                request,
                403,
                "Request refused",
                "The form's security token did not match, or the request came from another "
                "site. Reload the case page and try again.",
            )
        form = {"reason": reason, "note": note[:MAX_NOTE], "reviewer": reviewer[:MAX_REVIEWER]}
        if status not in STATUSES:
            return case_page(request, case_id, 400, "Choose confirm, dismiss or needs info.", form)
        if status == "dismissed" and reason not in DISMISS_REASONS:
            return case_page(request, case_id, 400, "A dismissal needs a reason.", form)
        who = reviewer.strip()[:MAX_REVIEWER]
        if not who:
            return case_page(request, case_id, 400, "Say who decides (reviewer).", form)
        if (missing := no_snapshot(request)) is not None:
            return missing
        with reader.cursor() as cur:
            state = queries.case_state(cur, case_id)
        if state is None:
            return problem(request, 404, "No such case", f"No case {case_id} in the snapshot.")
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
            decided_by=who,
        )
        target = f"/case/{quote(case_id, safe='')}?recorded={decision_id}#history"
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(REVIEWER_COOKIE, quote(who), httponly=True, samesite="strict")
        return response

    @app.get("/audit", response_class=HTMLResponse)
    def audit(request: Request, page: str = "1") -> Response:
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


def serve(
    db_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    decisions: str | Path | None = None,
) -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    app = create_app(db_path, decisions, host=host)
    settings: Settings = app.state.settings
    shown = f"[{host}]" if ":" in host else host
    print(f"ringwatch review on http://{shown}:{port}/")
    print(f"  snapshot:  {settings.snapshot}\n  decisions: {settings.store}")
    if not _loopback(host):
        print("  warning: the app has no login; anyone who can reach this address can decide")
    uvicorn.run(app, host=host, port=port, log_level="warning")
