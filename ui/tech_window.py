"""The technician's console: prepare a sitting (meeting, delegates, seats, agenda, documents, cards)
and watch the room (devices, readiness), one tab per step in the order the work is done."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from app.clock import vn_date
from app.model import MeetingState
from ui import theme
from ui.banner import ConnectionBanner
from ui.tech_agenda import AgendaEditor
from ui.tech_backup import BackupPanel
from ui.tech_cards import CardsPanel
from ui.tech_delegates import DelegatesPanel
from ui.tech_devices import DevicePanel
from ui.tech_documents import DocumentsPanel
from ui.tech_meetings import MeetingsPanel
from ui.tech_model import TechViewModel
from ui.tech_readiness import ReadinessPanel
from ui.tech_seat_plan import SeatPlanPanel

REFUSAL_SHOWN_MS = 12_000


class TechWindow(QMainWindow):
    """Tabs in the order a sitting is prepared; every tab but "Kỳ họp" works on the meeting chosen
    there (the header names it). Each tab shows the refusals of what it sent; the red line under
    the header shows what no tab asked for (the connection's notices).

    Attributes: model, banner, header, tabs, refusal_label, panels (tab label -> widget).
    Signals: window_did_close.
    """

    window_did_close = Signal()

    def __init__(self, model: TechViewModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.setWindowTitle(self.tr("PhòngHọp – Kỹ thuật viên"))
        self.setMinimumSize(1200, 760)
        self.banner = ConnectionBanner(model, self)  # type: ignore[arg-type]  # duck-typed: status, reconnect_now
        self.header = QLabel(self)
        self.header.setObjectName("techHeader")
        self.header.setWordWrap(True)
        self.header.setStyleSheet(f"QLabel#techHeader {{ font-size: 17pt; font-weight: bold; padding: 8px 16px;"
                                  f" background: {theme.PANEL}; }}")
        self.refusal_label = QLabel(self)
        self.refusal_label.setObjectName("refusal")
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setStyleSheet(
            f"QLabel#refusal {{ color: {theme.DANGER}; background: {theme.DANGER_BG}; font-size: 14pt;"
            f" font-weight: bold; padding: 6px 16px; border-bottom: 3px solid {theme.DANGER}; }}")
        self.refusal_label.hide()
        self._refusal_timer = QTimer(self)
        self._refusal_timer.setSingleShot(True)
        self._refusal_timer.timeout.connect(self.refusal_label.hide)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("techTabs")
        self.panels: dict[str, QWidget] = {}
        for label, make in self._panels():
            widget = make()
            self.panels[label] = widget
            self.tabs.addTab(widget, label)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.header)
        layout.addWidget(self.refusal_label)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        model.refusal_did_arrive.connect(self.show_refusal)
        model.state_did_change.connect(self._refresh_header)
        model.meeting_did_switch.connect(self._refresh_tabs)
        self._refresh_header()
        self._refresh_tabs()

    def _panels(self) -> list[tuple[str, Callable[[], QWidget]]]:
        model = self.model
        return [
            (self.tr("Kỳ họp"), lambda: MeetingsPanel(model, self)),
            (self.tr("Đại biểu"), lambda: DelegatesPanel(model, self)),
            (self.tr("Sơ đồ ghế"), self._seat_plan),
            (self.tr("Chương trình"), lambda: AgendaEditor(model, self)),
            (self.tr("Tài liệu"), lambda: DocumentsPanel(model, self)),
            (self.tr("Thẻ đăng ký"), lambda: CardsPanel(model, self)),
            (self.tr("Thiết bị"), lambda: DevicePanel(model.server, self._meeting_state, self)),
            (self.tr("Sẵn sàng"), lambda: ReadinessPanel(model, self)),
            (self.tr("Sao lưu"), lambda: BackupPanel(model, self)),
        ]

    def _meeting_state(self) -> MeetingState | None:
        return self.model.state if self.model.meeting is not None else None

    def _seat_plan(self) -> QWidget:
        panel = SeatPlanPanel(self.model.command, lambda: self.model.state, self)
        self.model.state_did_change.connect(panel.refresh)
        return panel

    def _refresh_header(self) -> None:
        meeting = self.model.state.meeting
        if meeting is None:
            self.header.setText(self.tr("Chưa chọn kỳ họp: chọn hoặc tạo kỳ họp ở thẻ «Kỳ họp»."))
        else:
            self.header.setText(self.tr("Đang chuẩn bị: {0} – ngày {1}").format(meeting.title, vn_date(meeting.date)))

    def _refresh_tabs(self) -> None:
        chosen = self.model.meeting_id is not None
        for index in range(1, self.tabs.count()):
            self.tabs.setTabEnabled(index, chosen)

    def show_refusal(self, text: str) -> None:
        if not text:
            return
        self.refusal_label.setText(text)
        self.refusal_label.show()
        self._refusal_timer.start(REFUSAL_SHOWN_MS)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.window_did_close.emit()
        super().closeEvent(event)
