"""The words of attendance on the presidium's console: each status in the interface language and
its colour, a search key without diacritics, the short group name, and each delegate's seat."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.attendance import STATUS_LABELS, Status
from app.model import MeetingState, Seat
from ui import theme

STATUSES: Final[tuple[Status, ...]] = ("present", "excused", "unexcused", "not_checked_in")

# STATUS_LABELS (app.attendance) as lupdate sees them, so a status reads in the interface language.
STATUS_NAMES = (
    QT_TRANSLATE_NOOP("AttendancePanel", "Có mặt"),
    QT_TRANSLATE_NOOP("AttendancePanel", "Vắng có lý do"),
    QT_TRANSLATE_NOOP("AttendancePanel", "Vắng không có lý do"),
    QT_TRANSLATE_NOOP("AttendancePanel", "Chưa điểm danh"),
)

STATUS_COLORS: Final[dict[Status, str]] = {
    "present": theme.LIVE,
    "excused": theme.WARN,
    "unexcused": theme.DANGER,
    "not_checked_in": theme.MUTED,
}


def status_label(status: Status) -> str:
    return QCoreApplication.translate("AttendancePanel", STATUS_LABELS[status])


def fold(text: str) -> str:
    """A search key without case or diacritics: "nguyen" finds "Nguyễn", "dinh" finds "Đinh"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def short_group(group_name: str) -> str:
    """ "Tổ đại biểu số 3 (Phủ Lý)" reads "Tổ 3 (Phủ Lý)" in a narrow column."""
    return re.sub(r"^Tổ đại biểu số\s*", "Tổ ", group_name)


def seats_by_delegate(state: MeetingState) -> dict[str, Seat]:
    return {s.delegate_id: s for s in state.seats.values() if s.delegate_id is not None}
