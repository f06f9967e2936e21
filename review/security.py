"""CSRF tokens, the same-origin check and response headers for a localhost tool.

A page on any other site the investigator has open could otherwise post a decision to
127.0.0.1 (a form POST needs no CORS permission). Two checks stop that: a per-browser random
token, set as a SameSite=Strict cookie and repeated in each form (double submit: another site
can neither read the cookie nor make the browser send it), and the Origin (or Referer) header,
which must name this very host. The Content-Security-Policy forbids scripts altogether: the app
has none, so an escaping bug elsewhere could still not run one.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

CSRF_COOKIE = "ringwatch_csrf"
CSRF_FIELD = "csrf_token"

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


def set_csrf_cookie(response: Response, token: str) -> None:
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")


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
