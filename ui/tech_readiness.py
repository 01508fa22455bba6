"""The technician's "Sẵn sàng" tab: is the room ready to sit, and what is still missing, seat by seat."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.readiness import Problem, Readiness, check
from ui import theme
from ui.chair_model import spawn
from ui.tech_model import TechViewModel
from ui.tech_panel_parts import list_table

# The kinds of problem, counted above the list: 84 seats without a device read better as one line.
KINDS = (
    ("no_device", QT_TRANSLATE_NOOP("ReadinessPanel", "{0} ghế chưa đăng ký thiết bị")),
    ("offline", QT_TRANSLATE_NOOP("ReadinessPanel", "{0} thiết bị chưa kết nối")),
    ("no_report", QT_TRANSLATE_NOOP("ReadinessPanel", "{0} thiết bị chưa báo tình trạng")),
    ("missing_document", QT_TRANSLATE_NOOP("ReadinessPanel", "{0} lượt thiếu tài liệu")),
    ("clock", QT_TRANSLATE_NOOP("ReadinessPanel", "{0} thiết bị lệch giờ")),
)

# 85 devices reporting every few seconds: the checklist is recomputed at most this often.
SETTLE_MS = 500


class ReadinessPanel(QWidget):
    """The verdict in large type (green when ready, red with the number of things to fix), the
    seats ready out of the seats with a delegate, and the problems in the order to work through
    them (blockers first). "Nháy màn hình" flashes the selected problem's device so the
    technician finds it in the hall.

    Attributes: model, verdict, summary, table, locate_button, result (the last Readiness).
    """

    def __init__(self, model: TechViewModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.result: Readiness | None = None
        self._problems: list[Problem] = []
        self.verdict = QLabel(self)
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setStyleSheet("font-size: 15pt;")
        self.summary.setWordWrap(True)
        self.table = list_table(self, [self.tr("Mức độ"), self.tr("Ghế"), self.tr("Việc cần xử lý")], 2)
        self.table.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._enable)
        self.locate_button = QPushButton(self.tr("Nháy màn hình thiết bị này"), self)
        self.locate_button.setToolTip(self.tr("Màn hình của thiết bị sáng lên với số ghế để tìm thấy nó trong hội trường"))
        self.locate_button.clicked.connect(lambda: spawn(self.locate()))
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {theme.MUTED};")

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.locate_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

        self._due = QTimer(self)
        self._due.setSingleShot(True)
        self._due.setInterval(SETTLE_MS)
        self._due.timeout.connect(self.refresh)
        for signal in (model.state_did_change, model.server_did_change, model.devices_did_change,
                       model.status_did_change):
            signal.connect(self._soon)
        self.refresh()

    def _soon(self) -> None:
        if not self._due.isActive():
            self._due.start()

    def refresh(self) -> None:
        state = self.model.state
        if state.meeting is None:
            self.result = None
            self._show_verdict(self.tr("Chọn kỳ họp ở thẻ «Kỳ họp» để kiểm tra."), theme.MUTED, theme.PANEL)
            self.summary.setText("")
            self._fill([])
            return
        if self.model.server.status.kind != "online":
            self.note.setText(self.tr("Chưa kết nối với máy chủ: tình trạng thiết bị là lần báo cuối cùng đã biết."))
        else:
            self.note.setText(self.tr("Cập nhật tự động khi thiết bị kết nối, tải tài liệu hoặc mất kết nối."))
        self.result = check(state, self.model.server_state, self.model.server.devices)
        if self.result.ready:
            self._show_verdict(self.result.verdict(), theme.LIVE, theme.LIVE_BG)
        else:
            self._show_verdict(self.result.verdict(), theme.DANGER, theme.DANGER_BG)
        counts = Counter(p.code for p in self.result.problems)
        kinds = [self.tr(text).format(counts[code]) for code, text in KINDS if counts[code]]
        self.summary.setText(" · ".join([self.result.summary(), *kinds]))
        self._fill(list(self.result.problems))

    def _show_verdict(self, text: str, colour: str, background: str) -> None:
        self.verdict.setText(text)
        self.verdict.setStyleSheet(f"QLabel#verdict {{ font-size: 20pt; font-weight: bold; color: {colour};"
                                   f" background: {background}; padding: 12px 16px; }}")

    def _fill(self, problems: list[Problem]) -> None:
        self._problems = problems
        self.table.setRowCount(len(problems))
        for row, p in enumerate(problems):
            blocker = p.severity == "blocker"
            level = QTableWidgetItem(self.tr("Phải xử lý") if blocker else self.tr("Cảnh báo"))
            level.setForeground(QBrush(QColor(theme.DANGER if blocker else theme.WARN)))
            level.setBackground(QBrush(QColor(theme.DANGER_BG if blocker else theme.WARN_BG)))
            seat = QTableWidgetItem(p.seat or self.tr("Phòng họp"))
            text = QTableWidgetItem(p.text)
            text.setToolTip(p.text)
            for col, item in enumerate((level, seat, text)):
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self._enable()

    def selected(self) -> Problem | None:
        rows = self.table.selectionModel().selectedRows()
        return self._problems[rows[0].row()] if rows else None

    def _enable(self) -> None:
        problem = self.selected()
        self.locate_button.setEnabled(problem is not None and problem.device_id is not None)

    async def locate(self) -> bool:
        problem = self.selected()
        if problem is None or problem.device_id is None:
            return False
        sent = await self.model.server.locate(problem.device_id)
        if not sent:
            self.note.setText(self.tr("Chưa kết nối với máy chủ nên chưa nháy được màn hình."))
        return sent
