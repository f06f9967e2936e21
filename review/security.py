"""CSRF tokens, the same-origin check, the session cookie and response headers.

A page on any other site the investigator has open could otherwise post a decision to the app
(a form POST needs no CORS permission). Two checks stop that. First a token repeated in each
form: a signed-in user's is their session's own (kept server-side with the session, so a token
taken from one user's page is worthless in another's session); before signing in (the login
form) it is a per-browser random token set as a SameSite=Strict cookie (double submit: another
site can neither read the cookie nor make the browser send it). Second the Origin (or Referer)
header, which must name this very host. The Content-Security-Policy forbids scripts
altogether: the app has none, so an escaping bug elsewhere could still not run one.

The session cookie is HttpOnly (no script could read it anyway), SameSite=Lax (a link to a case
pasted in chat opens signed in; every state change is a POST, which Lax does not send from
other sites) and Secure whenever the request came over HTTPS (directly, or through a proxy
uvicorn trusts for X-Forwarded-Proto).
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

CSRF_COOKIE = "ringwatch_csrf"
CSRF_FIELD = "csrf_token"
SESSION_COOKIE = "ringwatch_session"

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def csrf_token(request: Request) -> tuple[str, bool]:
    """The browser's token, and whether it is new (then the response must set the cookie)."""
    token = request.cookies.get(CSRF_COOKIE, "")
    if len(token) >= 32:
        return token, False
    return secrets.token_urlsafe(32), True


def set_csrf_cookie(response: Response, token: str, secure: bool = False) -> None:
    response.set_cookie(
        CSRF_COOKIE, token, httponly=True, samesite="strict", path="/", secure=secure
    )


def same_origin(request: Request) -> bool:
    """Origin, or failing that Referer, names the host the request was sent to.

    Browsers send Origin with every form POST; a client that sends neither (curl, a script) is
    let through on the token alone.
    """
    host = request.headers.get("host", "")
    origin = request.headers.get("origin")
    if origin is not None:
        return origin != "null" and urlsplit(origin).netloc == host
    referer = request.headers.get("referer")
    if referer is not None:
        return urlsplit(referer).netloc == host
    return True


def csrf_ok(request: Request, submitted: str | None) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not cookie or not submitted:
        return False
    return hmac.compare_digest(cookie.encode(), submitted.encode()) and same_origin(request)


def session_csrf_ok(request: Request, expected: str, submitted: str | None) -> bool:
    """A signed-in user's form: the token must be their session's, sent from this origin."""
    if not expected or not submitted:
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode()) and same_origin(request)


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    """No Max-Age: the cookie ends with the browser, the session at the latest with its day."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=is_https(request),
        path="/",
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=is_https(request)
    )


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this app, never another site."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(c) < 32 for c in target)
        or target.startswith("/login")
    ):
        return "/"
    return target
