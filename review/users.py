"""Who may use the review app: users, their sessions and the throttle on signing in.

Everything lives in the decisions store (SQLite, beside the decisions), so that the names in the
audit trail and the people who may decide are kept together and backed up together:

- ``users``: a name (lower case, unique for ever: a disabled name is never given to someone
  else, so an old decision's ``decided_by`` keeps meaning one person), a role, an argon2id hash
  of the password (argon2-cffi; never the password), when it was added, disabled, last used.
- ``sessions``: the SHA-256 of each session's random token (the token itself is only in the
  browser's cookie, so a copy of the store opens no session), its user, its CSRF token and when
  it ends. Signing out, disabling the user or changing the password deletes the rows.
- ``login_failures``: one row per failed attempt, keyed by a SHA-256 of the name typed and of
  the client's address (a password typed into the name field is never stored as text).

Roles: an ``investigator`` works cases (decides open ones, takes and releases them); a
``lead`` also changes or reopens decided cases, assigns cases to anyone and reads the audit log.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES = ("investigator", "lead")
NAME_RULE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
MIN_PASSWORD, MAX_PASSWORD = 12, 1024
SESSION_HOURS = 12  # a working day; then sign in again
IDLE_HOURS = 2  # a session nobody used for this long ends
TOUCH_SECONDS = 300  # last_seen is written at most this often (not on every request)
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_NAME = 5  # within FAILURE_WINDOW, then that name waits
MAX_FAILURES_PER_ADDRESS = 20  # within FAILURE_WINDOW, then that address waits

SCHEMA = """
create table if not exists users (
    user_id integer primary key autoincrement,
    name text not null unique,
    role text not null check (role in ('investigator', 'lead')),
    password_hash text not null,
    created_at text not null,
    disabled_at text,
    last_login_at text
);
create table if not exists sessions (
    token_sha256 text primary key,
    user_id integer not null references users (user_id),
    csrf_token text not null,
    created_at text not null,
    expires_at text not null,
    last_seen_at text not null
);
create index if not exists sessions_by_user on sessions (user_id);
create table if not exists login_failures (
    subject text not null,
    failed_at text not null
);
create index if not exists login_failures_by_subject on login_failures (subject, failed_at);
"""

_hasher = PasswordHasher()  # argon2id with the library's RFC 9106 defaults
# Verified when the name is unknown, so that a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class UserError(ValueError):
    """A request about users that cannot be carried out (bad name, role, password, ...)."""


@dataclass(frozen=True)
class User:
    user_id: int
    name: str
    role: str

    @property
    def is_lead(self) -> bool:
        return self.role == "lead"


@dataclass(frozen=True)
class Session:
    user: User
    csrf_token: str


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="seconds")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@contextmanager
def _store(store: str | Path) -> Iterator[sqlite3.Connection]:
    path = Path(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        con.execute("pragma journal_mode = wal")
        con.executescript(SCHEMA)
        yield con
    finally:
        con.close()


@contextmanager
def _existing(store: str | Path) -> Iterator[sqlite3.Connection | None]:
    """The store as it is, for the lookups on every request (None before it has users)."""
    path = Path(store)
    if not path.exists():
        yield None
        return
    con = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        has_users = con.execute(
            "select 1 from sqlite_master where type = 'table' and name = 'sessions'"
        ).fetchone()
        yield con if has_users else None
    finally:
        con.close()


def prepare(store: str | Path) -> None:
    """Create the users' tables in the store if they are missing."""
    with _store(store):
        pass


@contextmanager
def _transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    con.execute("begin immediate")
    try:
        yield con
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def normalize_name(name: str) -> str:
    return name.strip().lower()


def check_name(name: str) -> str:
    name = normalize_name(name)
    if not NAME_RULE.match(name):
        raise UserError(
            "a user name is 1 to 40 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or a digit"
        )
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise UserError(f"a password has at most {MAX_PASSWORD} characters")
    return password


def add_user(store: str | Path, name: str, role: str, password: str) -> User:
    """A new user; the name must never have been used (disabled names stay taken)."""
    name = check_name(name)
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    digest = _hasher.hash(check_password(password))
    with _store(store) as con, _transaction(con):
        if con.execute("select 1 from users where name = ?", (name,)).fetchone():
            raise UserError(f"user {name!r} exists already (names are never reused)")
        cursor = con.execute(
            "insert into users (name, role, password_hash, created_at) values (?, ?, ?, ?)",
            (name, role, digest, _iso(_now())),
        )
        return User(int(cursor.lastrowid), name, role)


def set_password(store: str | Path, name: str, password: str) -> None:
    """A new password for ``name``; its sessions end."""
    name = normalize_name(name)
    digest = _hasher.hash(check_password(password))
    with _store(store) as con, _transaction(con):
        row = con.execute("select user_id from users where name = ?", (name,)).fetchone()
        if row is None:
            raise UserError(f"no user {name!r}")
        con.execute("update users set password_hash = ? where user_id = ?", (digest, row[0]))
        con.execute("delete from sessions where user_id = ?", (row[0],))


def disable_user(store: str | Path, name: str) -> bool:
    """Disable ``name`` and end its sessions; False if it was disabled already."""
    name = normalize_name(name)
    with _store(store) as con, _transaction(con):
        row = con.execute(
            "select user_id, disabled_at from users where name = ?", (name,)
        ).fetchone()
        if row is None:
            raise UserError(f"no user {name!r}")
        con.execute("delete from sessions where user_id = ?", (row[0],))
        if row[1] is not None:
            return False
        con.execute("update users set disabled_at = ? where user_id = ?", (_iso(_now()), row[0]))
        return True


def list_users(store: str | Path) -> list[dict[str, object]]:
    """Every user, active or not, with how many sessions it has open (no hashes)."""
    with _existing(store) as con:
        if con is None:
            return []
        con.row_factory = sqlite3.Row
        now = _iso(_now())
        return [
            dict(row)
            for row in con.execute(
                "select u.name, u.role, u.created_at, u.disabled_at, u.last_login_at, "
                "(select count(*) from sessions as s where s.user_id = u.user_id "
                " and s.expires_at > ?) as open_sessions "
                "from users as u order by u.name",
                (now,),
            )
        ]


def active_users(store: str | Path) -> list[User]:
    """Users who may sign in, by name (who a case can be assigned to)."""
    with _existing(store) as con:
        if con is None:
            return []
        rows = con.execute(
            "select user_id, name, role from users where disabled_at is null order by name"
        ).fetchall()
    return [User(int(i), n, r) for i, n, r in rows]


def user_named(store: str | Path, name: str) -> User | None:
    """The active user called ``name`` (for a trusted proxy's header), or None."""
    with _existing(store) as con:
        if con is None:
            return None
        row = con.execute(
            "select user_id, name, role from users where name = ? and disabled_at is null",
            (normalize_name(name),),
        ).fetchone()
    return User(int(row[0]), row[1], row[2]) if row else None


# --- signing in ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginResult:
    """A new session's token (for the cookie) and the session, or why there is none."""

    token: str | None = None
    session: Session | None = None
    retry_after: int | None = None  # seconds, when the throttle refused to check at all


def _subjects(name: str, address: str) -> tuple[str, str]:
    return _sha256("name:" + normalize_name(name)), _sha256("address:" + address)


def _throttled(con: sqlite3.Connection, name_key: str, address_key: str, now: datetime) -> int:
    """Seconds to wait before this name or address may try again (0: may try now)."""
    since = _iso(now - FAILURE_WINDOW)
    con.execute("delete from login_failures where failed_at <= ?", (since,))
    wait = 0
    for key, limit in ((name_key, MAX_FAILURES_PER_NAME), (address_key, MAX_FAILURES_PER_ADDRESS)):
        rows = con.execute(
            "select failed_at from login_failures where subject = ? and failed_at > ? "
            "order by failed_at desc limit ?",
            (key, since, limit),
        ).fetchall()
        if len(rows) >= limit:
            # Free again when the oldest of the last ``limit`` failures leaves the window.
            oldest = datetime.fromisoformat(rows[-1][0])
            wait = max(wait, int((oldest + FAILURE_WINDOW - now).total_seconds()) + 1)
    return wait


def login(store: str | Path, name: str, password: str, address: str) -> LoginResult:
    """Check a name and password; a new session when they are right and the user is active.

    Refused without checking while the name has failed MAX_FAILURES_PER_NAME times, or the
    address MAX_FAILURES_PER_ADDRESS times, in the last FAILURE_WINDOW. A wrong name, a wrong
    password and a disabled user look the same to the caller.
    """
    now = _now()
    name_key, address_key = _subjects(name, address)
    with _store(store) as con:
        # The attempt counts as failed until it succeeds: checking the throttle and counting
        # the attempt are one transaction, so parallel attempts cannot slip past the limit.
        with _transaction(con):
            wait = _throttled(con, name_key, address_key, now)
            if not wait:
                when = _iso(now)
                attempt = [
                    con.execute(
                        "insert into login_failures (subject, failed_at) values (?, ?)",
                        (key, when),
                    ).lastrowid
                    for key in (name_key, address_key)
                ]
        if wait:
            return LoginResult(retry_after=wait)
        row = con.execute(
            "select user_id, name, role, password_hash, disabled_at from users where name = ?",
            (normalize_name(name),),
        ).fetchone()
        ok = False
        try:
            ok = _hasher.verify(row[3] if row else _DUMMY_HASH, password[:MAX_PASSWORD])
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok or row is None or row[4] is not None:
            return LoginResult()
        user = User(int(row[0]), row[1], row[2])
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with _transaction(con):
            if _hasher.check_needs_rehash(row[3]):
                con.execute(
                    "update users set password_hash = ? where user_id = ?",
                    (_hasher.hash(password[:MAX_PASSWORD]), user.user_id),
                )
            con.execute("delete from login_failures where subject = ?", (name_key,))
            con.executemany(
                "delete from login_failures where rowid = ?", [(rowid,) for rowid in attempt]
            )
            con.execute("delete from sessions where expires_at <= ?", (_iso(now),))
            con.execute(
                "insert into sessions (token_sha256, user_id, csrf_token, created_at, "
                "expires_at, last_seen_at) values (?, ?, ?, ?, ?, ?)",
                (
                    _sha256(token),
                    user.user_id,
                    csrf,
                    _iso(now),
                    _iso(now + timedelta(hours=SESSION_HOURS)),
                    _iso(now),
                ),
            )
            con.execute(
                "update users set last_login_at = ? where user_id = ?", (_iso(now), user.user_id)
            )
        return LoginResult(token=token, session=Session(user, csrf))


def session_for(store: str | Path, token: str) -> Session | None:
    """The live session of a cookie's token, or None (unknown, ended, idle, user disabled)."""
    if not token or len(token) > 100:
        return None
    now = _now()
    digest = _sha256(token)
    with _existing(store) as con:
        if con is None:
            return None
        row = con.execute(
            "select u.user_id, u.name, u.role, s.csrf_token, s.expires_at, s.last_seen_at "
            "from sessions as s inner join users as u using (user_id) "
            "where s.token_sha256 = ? and u.disabled_at is null",
            (digest,),
        ).fetchone()
        if row is None:
            return None
        last_seen = datetime.fromisoformat(row[5])
        if datetime.fromisoformat(row[4]) <= now or now - last_seen > timedelta(hours=IDLE_HOURS):
            con.execute("delete from sessions where token_sha256 = ?", (digest,))
            return None
        if (now - last_seen).total_seconds() > TOUCH_SECONDS:
            con.execute(
                "update sessions set last_seen_at = ? where token_sha256 = ?", (_iso(now), digest)
            )
    return Session(User(int(row[0]), row[1], row[2]), row[3])


def logout(store: str | Path, token: str) -> None:
    if token:
        with _existing(store) as con:
            if con is not None:
                con.execute("delete from sessions where token_sha256 = ?", (_sha256(token),))
