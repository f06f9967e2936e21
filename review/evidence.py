"""Evidence packs: a case as one self-contained HTML file, and the log of packs handed out.

The pack is rendered from the same context as the case page (review.pages.case_context) by
``templates/evidence.html``: the stylesheet is inlined, the pictures are inline SVG, nothing is
fetched and no script runs (its own Content-Security-Policy says so), so the file opens the same
in any browser, offline, years later. Each export is logged in the decisions store with who made
it and the SHA-256 of the exact bytes handed out, so a pack produced in an enforcement case or
an appeal can be checked against the log.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA = """
create table if not exists evidence_exports (
    export_id integer primary key autoincrement,
    case_id text not null,
    exported_by text not null,
    exported_at text not null,
    format text not null,
    bytes integer not null,
    sha256 text not null
)
"""
# The pack's own policy, for when it is opened from disk (no HTTP header then).
PACK_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"


def filename(case_id: str, extension: str = "html") -> str:
    """``evidence-ring-f9f969ad77.html``: the case id with anything unusual replaced."""
    return f"evidence-{re.sub(r'[^A-Za-z0-9._-]', '_', case_id)[:80]}.{extension}"


def record_export(
    store: str | Path, case_id: str, exported_by: str, body: bytes, fmt: str = "html"
) -> dict[str, Any]:
    """Log one pack handed out; returns the row (with its id and SHA-256)."""
    path = Path(store)
    row = {
        "case_id": case_id,
        "exported_by": exported_by,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "format": fmt,
        "bytes": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    con = sqlite3.connect(path, timeout=30)
    try:
        con.execute("pragma journal_mode = wal")
        con.execute(SCHEMA)
        with con:
            cursor = con.execute(
                "insert into evidence_exports (case_id, exported_by, exported_at, format, bytes, "
                "sha256) values (:case_id, :exported_by, :exported_at, :format, :bytes, :sha256)",
                row,
            )
        return {"export_id": int(cursor.lastrowid), **row}
    finally:
        con.close()


def exports_for(store: Path, case_id: str) -> list[dict[str, Any]]:
    """The packs exported for one case, newest first."""
    if not store.exists():
        return []
    con = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=30)
    con.row_factory = sqlite3.Row
    try:
        if not con.execute(
            "select 1 from sqlite_master where type = 'table' and name = 'evidence_exports'"
        ).fetchone():
            return []
        return [
            dict(row)
            for row in con.execute(
                "select export_id, exported_by, exported_at, format, bytes, sha256 "
                "from evidence_exports where case_id = ? order by export_id desc",
                (case_id,),
            )
        ]
    finally:
        con.close()
