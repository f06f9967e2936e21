"""The network picture of a case, laid out in Python and drawn as inline SVG by a template.

Nodes are the case's accounts (coloured by role) and, for an identifier that three or more
members share, the identifier itself: a family of eight sharing one phone reads as a star around
that phone rather than 28 crossing lines with the same label. An identifier only two members
share is an edge between them, labelled with its kind and how many accounts use it platform-wide
(its rarity). Contracts between members are arrows from client to freelancer.

Only numbers and plain strings leave this module; the template escapes every string, so nothing
here is ever marked safe.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

WIDTH, HEIGHT, MARGIN = 760, 460, 60
MAX_ACCOUNTS = 60
MAX_IDENTIFIERS = 16
ACCOUNT_RADIUS, IDENTIFIER_SIZE = 14, 11


@dataclass
class Node:
    id: str
    kind: str  # client, freelancer, unknown (accounts) or identifier
    label: str
    sublabel: str
    title: str
    x: float = 0.0
    y: float = 0.0


@dataclass
class Edge:
    source: str
    target: str
    kind: str  # link (shared identifiers), uses (account to identifier) or contract
    label: str
    title: str
    width: float
    x1: float = 0.0
    y1: float = 0.0
    x2: float = 0.0
    y2: float = 0.0
    lx: float = 0.0
    ly: float = 0.0


@dataclass
class Picture:
    width: int
    height: int
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    hidden_accounts: int = 0
    hidden_identifiers: int = 0


def _rarity(n_accounts: int | None) -> str:
    return "?" if n_accounts is None else f"{n_accounts}"


def _evidence_text(item: dict[str, Any]) -> str:
    days = item.get("days_together")
    together = f", {days} days together" if days else ""
    return (
        f"{item['kind']} {item['value']}: used by {_rarity(item.get('n_accounts'))} accounts "
        f"platform-wide, weight {float(item.get('weight') or 0):.2f}{together}"
    )


def build_picture(
    members: list[dict[str, Any]],
    links: list[dict[str, Any]],
    contracts: list[dict[str, Any]],
) -> Picture:
    """Lay out the accounts, the identifiers that link them and the contracts between them.

    ``members``: account_id, role, name; ``links``: account_a, account_b, evidence (kind, value,
    n_accounts, weight, days_together); ``contracts``: client_id, freelancer_id, paid.
    """
    shown = [m for m in members if m.get("account_id")][:MAX_ACCOUNTS]
    ids = {m["account_id"] for m in shown}
    picture = Picture(WIDTH, HEIGHT, hidden_accounts=max(0, len(members) - len(shown)))

    # Which members share each identifier value, and its strongest evidence record.
    sharing: dict[tuple[str, str], set[str]] = defaultdict(set)
    record: dict[tuple[str, str], dict[str, Any]] = {}
    for link in links:
        a, b = link["account_a"], link["account_b"]
        if a not in ids or b not in ids:
            continue
        for item in link["evidence"] or []:
            key = (item["kind"], item["value"])
            sharing[key] |= {a, b}
            if key not in record or (item.get("weight") or 0) > (record[key].get("weight") or 0):
                record[key] = item

    hubs = sorted(
        (key for key, accounts in sharing.items() if len(accounts) >= 3),
        key=lambda k: (-(record[k].get("weight") or 0), -len(sharing[k]), k),
    )
    picture.hidden_identifiers = max(0, len(hubs) - MAX_IDENTIFIERS)
    hubs = hubs[:MAX_IDENTIFIERS]
    hub_set = set(hubs)

    for m in shown:
        role = m.get("role") if m.get("role") in ("client", "freelancer") else "unknown"
        name = m.get("name") or ""
        picture.nodes.append(
            Node(
                id=m["account_id"],
                kind=role,
                label=m["account_id"],
                sublabel=role,
                title=f"{m['account_id']} ({role}){': ' + name if name else ''}",
            )
        )
    for i, key in enumerate(hubs):
        item = record[key]
        picture.nodes.append(
            Node(
                id=f"identifier-{i}",
                kind="identifier",
                label=item["kind"],
                sublabel=f"{_rarity(item.get('n_accounts'))} accounts",
                title=_evidence_text(item),
            )
        )
        for account in sorted(sharing[key]):
            picture.edges.append(
                Edge(
                    source=account,
                    target=f"identifier-{i}",
                    kind="uses",
                    label="",
                    title=f"{account} uses {item['kind']} {item['value']}",
                    width=1 + 2 * float(item.get("weight") or 0),
                )
            )

    # Pairwise evidence (a value only these two members share) becomes a labelled edge.
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for key, accounts in sharing.items():
        if key in hub_set or len(accounts) >= 3:
            continue
        a, b = sorted(accounts)
        pairs[(a, b)].append(record[key])
    for (a, b), items in sorted(pairs.items()):
        items.sort(key=lambda item: -(item.get("weight") or 0))
        label = " · ".join(f"{i['kind']} {_rarity(i.get('n_accounts'))}" for i in items[:2])
        if len(items) > 2:
            label += f" +{len(items) - 2}"
        weight = 1 - math.prod(1 - float(i.get("weight") or 0) for i in items)
        picture.edges.append(
            Edge(
                source=a,
                target=b,
                kind="link",
                label=label,
                title="; ".join(_evidence_text(i) for i in items),
                width=1 + 3 * weight,
            )
        )

    per_pair: dict[tuple[str, str], list[float]] = defaultdict(list)
    for c in contracts:
        if c["client_id"] in ids and c["freelancer_id"] in ids:
            per_pair[(c["client_id"], c["freelancer_id"])].append(float(c.get("paid") or 0))
    for (client, freelancer), paid in sorted(per_pair.items()):
        n = len(paid)
        picture.edges.append(
            Edge(
                source=client,
                target=freelancer,
                kind="contract",
                label=f"×{n}" if n > 1 else "",
                title=(
                    f"{client} hired {freelancer}: {n} contract{'s' if n > 1 else ''}, "
                    f"{sum(paid):,.2f} paid"
                ),
                width=1.2,
            )
        )

    _layout(picture)
    return picture


def _layout(picture: Picture) -> None:
    """Spring layout (fixed seed: the same case always looks the same), scaled to the box."""
    graph = nx.Graph()
    graph.add_nodes_from(node.id for node in picture.nodes)
    for edge in picture.edges:
        graph.add_edge(edge.source, edge.target, weight=2.0 if edge.kind == "uses" else 1.0)
    if not picture.nodes:
        return
    if len(picture.nodes) <= 2:
        # A pair (most drop-off cases) reads best side by side in a short picture.
        picture.height = 170
        xs = [0.5] if len(picture.nodes) == 1 else [0.2, 0.8]
        positions = {node.id: (x, 0.5) for node, x in zip(picture.nodes, xs, strict=True)}
    else:
        if len(picture.nodes) <= 4:
            picture.height = 320
        start = nx.circular_layout(graph)
        raw = nx.spring_layout(
            graph, pos=start, seed=7, iterations=200, k=1.6 / math.sqrt(len(picture.nodes))
        )
        xs = [p[0] for p in raw.values()]
        ys = [p[1] for p in raw.values()]
        span_x = (max(xs) - min(xs)) or 1.0
        span_y = (max(ys) - min(ys)) or 1.0
        positions = {
            n: ((p[0] - min(xs)) / span_x, (p[1] - min(ys)) / span_y) for n, p in raw.items()
        }
    inner_w, inner_h = picture.width - 2 * MARGIN, picture.height - 2 * MARGIN
    at: dict[str, tuple[float, float]] = {}
    for node in picture.nodes:
        px, py = positions[node.id]
        node.x = round(MARGIN + px * inner_w, 1)
        node.y = round(MARGIN + py * inner_h, 1)
        at[node.id] = (node.x, node.y)
    # Two edges between the same accounts (a contract and a shared device) run side by side.
    bundles: dict[frozenset[str], list[Edge]] = defaultdict(list)
    for edge in picture.edges:
        bundles[frozenset((edge.source, edge.target))].append(edge)
    for edge in picture.edges:
        (x1, y1), (x2, y2) = at[edge.source], at[edge.target]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        bundle = bundles[frozenset((edge.source, edge.target))]
        if len(bundle) > 1:
            # Perpendicular offset, signed the same way whichever end the edge starts from.
            sign = 1 if edge.source < edge.target else -1
            shift = (bundle.index(edge) - (len(bundle) - 1) / 2) * 10 * sign
            dx, dy = -(y2 - y1) / length * shift, (x2 - x1) / length * shift
            x1, y1, x2, y2 = x1 + dx, y1 + dy, x2 + dx, y2 + dy
        # End arrows at the rim of the target so their heads stay visible.
        trim = ACCOUNT_RADIUS + 3 if edge.kind == "contract" else 0
        edge.x1, edge.y1 = round(x1, 1), round(y1, 1)
        edge.x2 = round(x2 - (x2 - x1) * trim / length, 1)
        edge.y2 = round(y2 - (y2 - y1) * trim / length, 1)
        edge.lx = round(x1 + (x2 - x1) * 0.5, 1)
        edge.ly = round(y1 + (y2 - y1) * 0.5 - 4, 1)
