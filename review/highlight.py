"""Split a message body around its contact findings, for highlighting without trusting it.

Message bodies are written by the people under investigation. Rather than inserting ``<mark>``
into the body and marking the result safe, the body is cut into plain-text segments here and
the template wraps the flagged ones; every segment is escaped by Jinja like any other value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str | None = None  # the finding's kind(s) when the segment is a contact detail


def segments(body: str, findings: list[dict[str, Any]]) -> list[Segment]:
    """``body`` as consecutive segments; overlapping or touching findings merge into one."""
    spans: list[tuple[int, int, set[str]]] = []
    for finding in sorted(findings, key=lambda f: (f["start"] or 0, f["end"] or 0)):
        start = max(0, min(len(body), int(finding["start"] or 0)))
        end = max(start, min(len(body), int(finding["end"] or 0)))
        if end == start:
            continue
        if spans and start <= spans[-1][1]:
            last_start, last_end, kinds = spans[-1]
            spans[-1] = (last_start, max(last_end, end), kinds | {finding["kind"]})
        else:
            spans.append((start, end, {finding["kind"]}))
    out: list[Segment] = []
    at = 0
    for start, end, kinds in spans:
        if start > at:
            out.append(Segment(body[at:start]))
        out.append(Segment(body[start:end], ", ".join(sorted(kinds))))
        at = end
    if at < len(body) or not out:
        out.append(Segment(body[at:]))
    return out
