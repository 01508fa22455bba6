"""The device monitor's table: one row per device, its texts and colours, updated in place (docs/devices.md)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from app.clock import parse_iso
from app.device_monitor import (
    CLOCK,
    NEVER,
    NO_REPORT,
    OFFLINE,
    OK,
    OLD_VERSION,
    REVOKED,
    UNSYNCED,
    DeviceRow,
)
from ui import theme

CONTEXT = "DeviceTableModel"
# What the monitor's problems are called on screen (app.device_monitor's codes).
PROBLEMS = {
    OFFLINE: QT_TRANSLATE_NOOP("DeviceTableModel", "Mất kết nối"),
    NEVER: QT_TRANSLATE_NOOP("DeviceTableModel", "Chưa kết nối"),
    UNSYNCED: QT_TRANSLATE_NOOP("DeviceTableModel", "Thiếu tài liệu"),
    CLOCK: QT_TRANSLATE_NOOP("DeviceTableModel", "Lệch giờ"),
    OLD_VERSION: QT_TRANSLATE_NOOP("DeviceTableModel", "Phiên bản cũ"),
    NO_REPORT: QT_TRANSLATE_NOOP("DeviceTableModel", "Chưa báo trạng thái"),
    OK: QT_TRANSLATE_NOOP("DeviceTableModel", "Bình thường"),
    REVOKED: QT_TRANSLATE_NOOP("DeviceTableModel", "Đã thu hồi"),
}
# app.model.ROLE_LABELS as lupdate sees them.
ROLE_NAMES = (
    QT_TRANSLATE_NOOP("DeviceTableModel", "Đại biểu"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Chủ tọa"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Thư ký kỳ họp"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Kỹ thuật viên"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Màn hình hội trường"),
)
HEADERS = (
    QT_TRANSLATE_NOOP("DeviceTableModel", "Tình trạng"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Ghế"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Đại biểu / thiết bị"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Vai trò"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Kết nối"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Lần cuối"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Phiên bản"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Tài liệu"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Lệch giờ"),
)
HEADER_TIPS = (
    QT_TRANSLATE_NOOP("DeviceTableModel", "Việc cần xem trước nhất ở thiết bị này; các thiết bị có vấn đề xếp lên đầu"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Ghế trong hội trường"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Đại biểu ngồi ghế này, hoặc tên của thiết bị"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Thiết bị được đăng ký để làm gì"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Đang kết nối với máy chủ hay không, từ lúc nào"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Lần cuối máy chủ nhận được tin từ thiết bị"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Phiên bản phần mềm trên thiết bị"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Số tài liệu (bản mới nhất) đã tải đủ trên số tài liệu thiết bị được đọc"),
    QT_TRANSLATE_NOOP("DeviceTableModel", "Đồng hồ của thiết bị nhanh (+) hay chậm (−) hơn máy chủ; quá 1 giây là lệch"),
)
WIDTHS = (170, 70, 240, 150, 260, 100, 100, 140, 110)  # 1340 px: no sideways scrolling at 1440
DANGER = {OFFLINE, NEVER}
WARNING = {UNSYNCED, CLOCK, OLD_VERSION, NO_REPORT}
_DISPLAY, _TOOLTIP, _BACKGROUND, _FOREGROUND, _USER = (
    int(r.value) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole,
                           Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.UserRole))
_BACKGROUNDS = {p: QColor(theme.DANGER_BG if p in DANGER else theme.WARN_BG if p in WARNING
                          else theme.LIVE_BG if p == OK else theme.PANEL) for p in PROBLEMS}
_FOREGROUNDS = {p: QColor(theme.DANGER if p in DANGER else theme.WARN if p in WARNING
                          else theme.MUTED if p == REVOKED else theme.LIVE) for p in PROBLEMS}
_MUTED = QColor(theme.MUTED)


def table_tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def clock_time(text: str | None, today: datetime) -> str:
    """A server time in local time: "08:15:02" today, "30/11 17:40" another day."""
    if text is None:
        return "—"
    key = (text, today.date())
    shown = _CLOCK_TIMES.get(key)
    if shown is None:
        if len(_CLOCK_TIMES) > 50_000:
            _CLOCK_TIMES.clear()
        try:
            m = parse_iso(text).astimezone()
        except ValueError:
            return "—"
        # Fields, not strftime: under Qt every strftime goes through shiboken's import hook.
        shown = (f"{m.hour:02d}:{m.minute:02d}:{m.second:02d}" if m.date() == today.date()
                 else f"{m.day:02d}/{m.month:02d} {m.hour:02d}:{m.minute:02d}")
        _CLOCK_TIMES[key] = shown
    return shown


# Many rows share their times (a hall connecting at once), and a refresh redraws hundreds of rows.
_CLOCK_TIMES: dict[tuple[str, object], str] = {}


def offset_text(ms: int | None) -> str:
    """"+12 ms", "−1,5 s": the device's clock minus the room's, with the Vietnamese comma."""
    if ms is None:
        return "—"
    sign = "+" if ms > 0 else "−" if ms < 0 else ""
    if abs(ms) < 1000:
        return f"{sign}{abs(ms)} ms"
    return f"{sign}{abs(ms) / 1000:.1f} s".replace(".", ",")


def texts_of(row: DeviceRow, today: datetime) -> tuple[str, ...]:
    """The row's cells, in the order of HEADERS."""
    if row.online:
        link = table_tr("Trực tuyến từ {0}").format(clock_time(row.since, today))
    elif row.since is None:
        link = table_tr("Chưa kết nối")
    else:
        link = table_tr("Ngoại tuyến từ {0}").format(clock_time(row.since, today))
    synced = row.synced
    documents = "—" if synced is None else f"{round(synced * 100)} % ({row.held}/{row.readable})"
    return (
        table_tr(str(PROBLEMS[row.problem])), row.seat_label or "—", row.name, table_tr(row.role_label), link,
        clock_time(row.last_seen, today), row.version or "—", documents, offset_text(row.clock_offset_ms),
    )


class DeviceTableModel(QAbstractTableModel):
    """The monitor's rows for a QTableView.

    `apply(rows)` takes the monitor's rows (sorted, problems first) and tells the view as little
    as it can: a reset only when the set of shown devices changes (a device enrolled, the filter
    changed), else dataChanged on the positions whose row changed, a device moving up or down
    included. Not a layout change: with 500 rows reordered twice a second that made a
    QTableView relayout every time; the view only repaints what it shows, and the panel puts
    the selection back on its device (DevicePanel.refresh). Attributes: rows, filter_text.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.rows: list[DeviceRow] = []
        self.filter_text = ""
        self._texts: list[tuple[str, ...]] = []
        self._all: list[DeviceRow] = []

    # -- Qt's side -----------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return table_tr(str(HEADERS[section]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return table_tr(str(HEADER_TIPS[section]))
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The hot path: a repaint asks 7 roles of every visible cell. Plain ints and colours made
        # once keep it near what Qt's own item model costs (tests/perf/bench_device_monitor.py).
        if role == _DISPLAY:
            return self._texts[index.row()][index.column()]
        if role == _BACKGROUND:
            return _BACKGROUNDS[self.rows[index.row()].problem] if index.column() == 0 else None
        if role == _FOREGROUND:
            item = self.rows[index.row()]
            if item.revoked:
                return _MUTED
            return _FOREGROUNDS[item.problem] if index.column() == 0 else None
        if role == _TOOLTIP and index.column() == 2:
            item = self.rows[index.row()]
            return f"{item.device_name} · {item.device_id}"
        if role == _USER:
            return self.rows[index.row()].device_id
        return None

    # -- ours ----------------------------------------------------------------------------------

    def set_filter(self, text: str) -> None:
        self.filter_text = text.strip().casefold()
        self.apply(self._all, force_reset=True)

    def matches(self, row: DeviceRow) -> bool:
        wanted = self.filter_text
        return not wanted or any(wanted in field.casefold() for field in (
            row.seat_label, row.name, row.device_name, row.device_id, table_tr(row.role_label)))

    def apply(self, rows: list[DeviceRow], force_reset: bool = False) -> str:
        """Shows `rows` (filtered); returns what changed: reset, moved (the order too), data or none."""
        self._all = rows
        shown = [r for r in rows if self.matches(r)] if self.filter_text else rows
        today = datetime.now().astimezone()
        old_ids = [r.device_id for r in self.rows]
        new_ids = [r.device_id for r in shown]
        if force_reset or set(old_ids) != set(new_ids) or len(old_ids) != len(new_ids):
            self.beginResetModel()
            self.rows, self._texts = shown, [texts_of(r, today) for r in shown]
            self.endResetModel()
            return "reset"
        if old_ids != new_ids:
            # Texts already made for a row that only moved are kept, not made again.
            before = {r.device_id: (r, t) for r, t in zip(self.rows, self._texts, strict=True)}
            self._texts = [before[r.device_id][1] if _same(before[r.device_id][0], r) else texts_of(r, today)
                           for r in shown]
            changed = [n for n, (old, new) in enumerate(zip(self.rows, shown, strict=True)) if not _same(old, new)]
            self.rows = shown
            for first, last in _runs(changed):
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))
            return "moved"
        changed = [n for n, (old, new) in enumerate(zip(self.rows, shown, strict=True)) if not _same(old, new)]
        self.rows = shown
        for n in changed:
            self._texts[n] = texts_of(shown[n], today)
        for first, last in _runs(changed):
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))
        return "data" if changed else "none"


def _same(old: DeviceRow, new: DeviceRow) -> bool:
    # The monitor hands back the very same row for a device that did not change: most of 500.
    return old is new or old == new


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """[1, 2, 3, 7] → [(1, 3), (7, 7)]: one dataChanged per run of adjacent rows."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs
