"""Charts drawn at build time as inline SVG: no script, no library, nothing to download.

Text in a chart goes through :func:`ysxt_build.portal.escape.text`, which is safe inside SVG
(character references only). Each chart is wrapped in a ``<div>`` so that Markdown leaves it
alone, and has a ``<title>`` and a text table equivalent for screen readers.
"""

from __future__ import annotations

import math
from typing import Optional, Sequence

from ..records.periods import Period
from .escape import text

_W, _H = 640, 220
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 30, 22, 40


def _label(period: str) -> str:
    try:
        p = Period.parse(period)
    except ValueError:
        return period
    if p.kind == "half":
        return f"{p.year}{'上' if p.index == 1 else '下'}"
    return p.label_zh


def _fmt(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def axis_floor(shares: Sequence[Optional[float]]) -> float:
    """Where a share axis starts: 0 unless every share is high, then 10 % steps below the
    lowest (at least 10 % of range), so that 93 % and 100 % do not draw the same flat line."""
    known = [v for v in shares if v is not None]
    if not known:
        return 0.0
    low = min(known)
    if low <= 0.5:
        return 0.0
    return max(0.0, min(0.9, math.floor((low - 0.02) * 10) / 10))


def axis_note(lo: float) -> str:
    """The axis range in words when it does not start at 0."""
    return f"纵轴从 {lo * 100:.0f}% 到 100%（不从 0 开始，以便看清差别）" if lo > 0 else ""


def line_chart(series: Sequence[tuple[str, Optional[float]]], title: str, lo: Optional[float] = None) -> str:
    """Share met (0–1) per period as a line with labelled points; gaps where no share.

    The vertical axis is scaled to the data (:func:`axis_floor`, or from ``lo`` when several
    charts share one scale) and its range is labelled on the axis and in the text under it."""
    if lo is None:
        lo = axis_floor([share for _, share in series])
    n = len(series)
    plot_w = _W - _LEFT - _RIGHT
    plot_h = _H - _TOP - _BOTTOM
    step = plot_w / max(1, n - 1) if n > 1 else 0.0

    def x(i: int) -> float:
        return _LEFT + (i * step if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return _TOP + (1 - v) / (1 - lo) * plot_h

    parts = [
        f'<svg class="ysxt-chart" viewBox="0 0 {_W} {_H}" width="100%" role="img"><title>{text(title)}</title>'
    ]
    for v in (lo, (lo + 1) / 2, 1):
        parts.append(
            f'<line class="ysxt-grid-line" x1="{_LEFT}" y1="{_fmt(y(v))}" x2="{_W - _RIGHT}" y2="{_fmt(y(v))}"/>'
            f'<text class="ysxt-axis" x="{_LEFT - 6}" y="{_fmt(y(v) + 4)}" text-anchor="end">{round(v * 100)}%</text>'
        )
    if lo > 0:  # the axis does not start at 0: a break mark on it says so
        base = _fmt(y(lo))
        parts.append(f'<path class="ysxt-axis-break" d="M{_LEFT - 4},{base} l4,-4 l4,8 l4,-4"/>')
    segment: list[str] = []
    segments: list[list[str]] = []
    for i, (_, share) in enumerate(series):
        if share is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{_fmt(x(i))},{_fmt(y(share))}")
    if segment:
        segments.append(segment)
    for seg in segments:
        if len(seg) > 1:
            parts.append(f'<polyline class="ysxt-line" points="{" ".join(seg)}"/>')
    for i, (period, share) in enumerate(series):
        parts.append(
            f'<text class="ysxt-axis" x="{_fmt(x(i))}" y="{_H - _BOTTOM + 18}" text-anchor="middle">{text(_label(period))}</text>'
        )
        if share is not None:
            parts.append(
                f'<circle class="ysxt-point" cx="{_fmt(x(i))}" cy="{_fmt(y(share))}" r="4"/>'
                f'<text class="ysxt-value" x="{_fmt(x(i))}" y="{_fmt(y(share) - 9)}" text-anchor="middle">{share * 100:.0f}%</text>'
            )
    parts.append("</svg>")
    table = "；".join(
        f"{text(_label(p))} {'—' if s is None else f'{s * 100:.0f}%'}" for p, s in series
    )
    note = f"{axis_note(lo)}。" if lo > 0 else ""
    return f'<div class="ysxt-chart-box">{"".join(parts)}<p class="ysxt-chart-text">{note}{table}</p></div>\n'


def sparkline(series: Sequence[tuple[str, Optional[float]]], width: int = 96, height: int = 22, lo: float = 0.0) -> str:
    """A tiny line for a table cell (inline SVG, one line of HTML). ``lo`` is where the
    vertical axis starts (the same for every line of a table, see :func:`axis_floor`)."""
    pts = [(i, s) for i, (_, s) in enumerate(series) if s is not None]
    if not pts:
        return "—"
    n = max(1, len(series) - 1)
    span = 1 - lo if lo < 1 else 1

    def y(v: float) -> float:
        return 2 + (1 - max(lo, v)) / span * (height - 4)

    coords = " ".join(f"{_fmt(2 + i * (width - 4) / n)},{_fmt(y(s))}" for i, s in pts)
    last = pts[-1][1]
    desc = "、".join(f"{text(_label(p))} {'—' if s is None else f'{s * 100:.0f}%'}" for p, s in series)
    shape = (
        f'<polyline points="{coords}"/>' if len(pts) > 1
        else f'<circle cx="{coords.split(",")[0]}" cy="{coords.split(",")[1]}" r="2"/>'
    )
    return (
        f'<span class="ysxt-spark-cell"><svg class="ysxt-spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img"><title>{desc}</title>{shape}</svg> {last * 100:.0f}%</span>'
    )
