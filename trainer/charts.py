"""Line charts over time, laid out in Python and drawn as SVG by templates/charts.html.

No JavaScript and nothing from a CDN: `line_chart(...)` turns several series of (x, y)
points (x a datetime or a number) into plot coordinates, axis ticks, a legend and a data
table; the `line_chart` macro draws it with an accessible title and description. Colours and
dash patterns come from CSS classes (`series-<key>`, `line-<n>`), never inline styles.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

DAY = 86400.0
MONDAY = 4 * DAY  # 1970-01-05, the first Monday after the epoch: weekly ticks fall on Mondays
DAY_STEPS = ((1, "%b %d"), (2, "%b %d"), (7, "%b %d"), (14, "%b %d"))  # days
MONTH_STEPS = ((1, "%b %Y"), (3, "%b %Y"), (12, "%Y"))  # months
MAX_TICKS = 7


@dataclass
class Series:
    """One line: a name for the legend, its points, and a key for its CSS class."""

    name: str
    points: list[tuple[datetime | float, float]]
    key: str = ""


@dataclass
class Dot:
    """One plotted point and what it says when hovered or read out."""

    x: float
    y: float
    label: str


@dataclass
class Line:
    """A series laid out: its SVG path and its dots."""

    name: str
    key: str
    index: int
    path: str
    dots: list[Dot]


@dataclass
class Tick:
    """An axis tick: its position on the canvas and its label."""

    pos: float
    label: str


@dataclass
class Chart:
    """Everything the template needs to draw the chart."""

    id: str
    title: str
    desc: str
    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    lines: list[Line] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    y_label: str = ""
    table: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when there is nothing to draw."""
        return not any(line.dots for line in self.lines)


def _number(x) -> float:
    return x.timestamp() if isinstance(x, datetime) else float(x)


def _time_ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    """Day or week ticks (weeks start on Monday) for short spans, month starts for long."""
    span = hi - lo
    for days, fmt in DAY_STEPS:
        step = days * DAY
        if span / step <= MAX_TICKS - 1:
            origin = MONDAY if days >= 7 else 0.0
            first = origin + math.ceil((lo - origin) / step) * step
            count = int((hi - first) // step) + 1
            return [(t, datetime.fromtimestamp(t, UTC).strftime(fmt))
                    for t in (first + i * step for i in range(max(count, 0)))]
    months, fmt = next(((m, f) for m, f in MONTH_STEPS
                        if span / (m * 30.44 * DAY) <= MAX_TICKS - 1), MONTH_STEPS[-1])
    start = datetime.fromtimestamp(lo, UTC)
    index = start.year * 12 + start.month - 1
    index += -index % months  # the first month start on the step's grid ...
    ticks = []
    while True:
        when = datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)
        if when.timestamp() > hi:
            return ticks
        if when.timestamp() >= lo:  # ... at or after the first point
            ticks.append((when.timestamp(), when.strftime(fmt)))
        index += months


def _number_ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    raw = (hi - lo) / (MAX_TICKS - 2) or 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(lo / step) * step
    values = [first + i * step for i in range(int((hi - first) / step + 1e-9) + 1)]
    return [(v, f"{v:g}") for v in values]


def _label(x, is_time: bool) -> str:
    return x.strftime("%Y-%m-%d") if is_time else f"{x:g}"


def line_chart(series: list[Series], *, chart_id: str, title: str, desc: str,
               y_range: tuple[float, float] = (0.0, 100.0), y_label: str = "",
               width: int = 640, height: int = 260) -> Chart:
    """Lay out a line chart of several series over one x axis (time or numbers)."""
    chart = Chart(id=chart_id, title=title, desc=desc, width=width, height=height,
                  left=44.0, top=12.0, right=width - 16.0, bottom=height - 28.0,
                  y_label=y_label)
    xs = [p[0] for s in series for p in s.points]
    is_time = bool(xs) and isinstance(xs[0], datetime)
    lo_x, hi_x = (min(map(_number, xs)), max(map(_number, xs))) if xs else (0.0, 1.0)
    if hi_x - lo_x < 1e-9:  # one moment: give it some room either side
        pad = DAY if is_time else 1.0
        lo_x, hi_x = lo_x - pad, hi_x + pad
    lo_y, hi_y = y_range

    def sx(x) -> float:
        return chart.left + (_number(x) - lo_x) / (hi_x - lo_x) * (chart.right - chart.left)

    def sy(y) -> float:
        y = min(max(y, lo_y), hi_y)
        return chart.bottom - (y - lo_y) / (hi_y - lo_y) * (chart.bottom - chart.top)

    for index, s in enumerate(series):
        points = sorted(s.points, key=lambda p: _number(p[0]))
        dots = [Dot(round(sx(x), 1), round(sy(y), 1), f"{s.name}: {y:.0f} ({_label(x, is_time)})")
                for x, y in points]
        path = " ".join(f"{'M' if i == 0 else 'L'}{d.x},{d.y}" for i, d in enumerate(dots))
        chart.lines.append(Line(s.name, s.key or str(index), index, path, dots))
    ticks = _time_ticks(lo_x, hi_x) if is_time else _number_ticks(lo_x, hi_x)
    chart.x_ticks = [Tick(round(sx(t), 1), label) for t, label in ticks]
    chart.y_ticks = [Tick(round(sy(v), 1), label) for v, label in _number_ticks(lo_y, hi_y)]
    chart.table = _table(series, is_time)
    return chart


def _table(series: list[Series], is_time: bool) -> list[tuple[str, list[str]]]:
    """The same numbers as rows of a table: one row per x, one column per series."""
    by_x: dict[float, dict[int, float]] = {}
    labels: dict[float, str] = {}
    for index, s in enumerate(series):
        for x, y in s.points:
            key = _number(x)
            by_x.setdefault(key, {})[index] = y
            labels[key] = _label(x, is_time)
    return [(labels[key], [f"{by_x[key][i]:.0f}" if i in by_x[key] else "—"
                           for i in range(len(series))]) for key in sorted(by_x)]
