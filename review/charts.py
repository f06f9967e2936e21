"""Geometry for the weekly-payments bar chart of a contact drop-off pair (SVG by a template).

Every week from the pair's first payment (or the first contact, if earlier) to the data's end
gets a slot, so the empty weeks after the drop-off are as visible as the paid ones before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

WIDTH, HEIGHT = 760, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 28, 36
MAX_WEEKS = 260


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    title: str
    after_contact: bool


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class WeeklyChart:
    width: int = WIDTH
    height: int = HEIGHT
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    y_max_label: str = ""
    baseline: float = HEIGHT - BOTTOM
    left: float = LEFT
    right: float = WIDTH - RIGHT
    top: float = TOP
    marker_x: float | None = None
    marker_label: str = ""
    weeks: int = 0


def _monday(value: date | datetime) -> date:
    day = value.date() if isinstance(value, datetime) else value
    return day - timedelta(days=day.weekday())


def weekly_chart(
    weeks: list[dict[str, Any]],
    first_contact: datetime | None,
    first_contact_kind: str | None,
    end: datetime | None,
) -> WeeklyChart:
    """Bars of gross paid per week, and a marker at the week of the first contact message."""
    chart = WeeklyChart()
    starts = [_monday(w["week"]) for w in weeks]
    if first_contact is not None:
        starts.append(_monday(first_contact))
    if not starts:
        return chart
    first = min(starts)
    last = max([*starts, _monday(end)] if end is not None else starts)
    n = min(MAX_WEEKS, (last - first).days // 7 + 1)
    first = last - timedelta(weeks=n - 1)
    chart.weeks = n
    paid = {_monday(w["week"]): float(w["paid"] or 0) for w in weeks}
    count = {_monday(w["week"]): int(w["payments"] or 0) for w in weeks}
    top = max([v for k, v in paid.items() if k >= first] or [0.0]) or 1.0
    slot = (chart.right - chart.left) / n
    inner = chart.baseline - chart.top
    contact_week = _monday(first_contact) if first_contact is not None else None
    month_seen: set[tuple[int, int]] = set()
    for i in range(n):
        week = first + timedelta(weeks=i)
        x = chart.left + i * slot
        value = paid.get(week, 0.0)
        height = inner * value / top
        if value:
            chart.bars.append(
                Bar(
                    x=round(x + slot * 0.12, 2),
                    y=round(chart.baseline - height, 2),
                    width=round(max(1.0, slot * 0.76), 2),
                    height=round(height, 2),
                    title=f"week of {week.isoformat()}: {value:,.2f} paid in {count[week]} "
                    f"payment{'s' if count[week] != 1 else ''}",
                    after_contact=contact_week is not None and week > contact_week,
                )
            )
        # A tick at the first week of every quarter (or every month on short charts).
        step = 1 if n <= 30 else 3
        if week.day <= 7 and (week.month - 1) % step == 0:
            month = (week.year, week.month)
            if month not in month_seen:
                month_seen.add(month)
                chart.ticks.append(Tick(x=round(x, 2), label=week.strftime("%Y-%m")))
        if week == contact_week and first_contact is not None:
            # At the day of the week it was sent: that week's bar holds payments from both sides.
            chart.marker_x = round(x + slot * (first_contact.weekday() + 0.5) / 7, 2)
    chart.y_max_label = f"{top:,.0f}"
    if first_contact is not None:
        chart.marker_label = (
            f"first contact ({first_contact_kind or 'detail'}) {first_contact:%Y-%m-%d}"
        )
    return chart
