"""Small pieces of page text: status badges, shares, dates and period names."""

from __future__ import annotations

from datetime import date
from typing import Optional

from ..records.periods import date_zh as date_zh  # 2026年6月30日
from ..records.periods import period_zh as period_zh  # the pages name periods through this module
from ..status.model import LATE, STATUS_ICON, STATUS_ZH

# The colour of a status is its CSS class (portal/assets/ysxt.css); the icon and the word carry
# the same meaning for anyone who cannot tell the colours apart.
SHORT_ZH = {
    "not_applicable": "不适用",
    "met": "完成",
    "met_late": "逾期完成",
    "open": "进行中",
    "due_soon": "将到期",
    "overdue": "逾期",
    "missing": "未开展",
    "incomplete": "不完整",
    "by_inspection": "待评定",
}


def status_class(status: str) -> str:
    return f"ysxt-st ysxt-{status.replace('_', '-')}"


def badge(status: str, short: bool = False) -> str:
    """A status as an inline label: icon, word and colour."""
    word = SHORT_ZH[status] if short else STATUS_ZH[status]
    return f'<span class="{status_class(status)}">{STATUS_ICON[status]} {word}</span>'


def badge_link(status: str, target: str, extra: str = "", short: bool = True, compact: bool = False) -> str:
    """A status as a coloured link (used in the grid): ``[✖ 逾期](target){ .ysxt-st … }``.

    ``compact``: the icon (and ``extra``, e.g. 3/4) only; the word is the link's title and is
    read out by screen readers (``ysxt-sr``), for a grid that fits the screen."""
    word = SHORT_ZH[status] if short else STATUS_ZH[status]
    classes = " ".join(f".{c}" for c in status_class(status).split())
    if compact:
        label = f'{STATUS_ICON[status]}{" " + extra if extra else ""}<span class="ysxt-sr">{STATUS_ZH[status]}</span>'
        return f'[{label}]({target} "{STATUS_ZH[status]}"){{ {classes} }}'
    label = f"{STATUS_ICON[status]} {word}{' ' + extra if extra else ''}"
    return f"[{label}]({target}){{ {classes} }}"


def is_late(status: str) -> bool:
    return status in LATE


def pct(share: Optional[float]) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def day(value: Optional[date]) -> str:
    return value.isoformat() if value is not None else "—"


def days_left(due: date, as_of: date) -> str:
    n = (due - as_of).days
    if n == 0:
        return "今天截止"
    if n > 0:
        return f"还有 {n} 天"
    return f"已过 {-n} 天"
