"""The technician's device monitor ("Thiết bị"): every device's health, problems first (docs/devices.md)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import (
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.device_monitor import (
    DeviceMonitor,
    DeviceRow,
    summary,
)
from app.model import DELEGATE, MeetingState, ServerState
from sync.client.connection import Changes, Connection
from sync.client.device_report import APP_VERSION
from ui import theme
from ui.tech_devices_model import (
    WIDTHS,
    DeviceTableModel,
    table_tr,
)

log = logging.getLogger(__name__)

# The server sends at most two `devices` messages a second; the table follows at this pace,
# whatever arrives in between is folded into one refresh.
REFRESH_MS = 300
REVOKE_TIMEOUT_S = 30.0
class DevicePanel(QWidget):
    """The "Thiết bị" tab of the technician's console.

    DevicePanel(connection, meeting, parent=None):
      connection: the technician's Connection following the server's own log (log_id None): its
        `state` (ServerState) lists the devices, its `devices` holds what the server says of
        each (docs/devices.md), and it carries `locate` and the `device.revoke` command;
      meeting: returns the MeetingState of the meeting being prepared, or None; the panel then
        shows that meeting's devices and the technicians, with seats, delegates' names and
        documents (None: every device of the server, without seats).
    The table refreshes at most every REFRESH_MS, and only when something changed.
    Attributes: table_model (DeviceTableModel), table, filter_edit, summary_label, note_label,
    locate_button, revoke_button, message_label, confirmation (the open QMessageBox, or None).
    Methods: refresh(), selected_row(), locate_selected(), revoke_selected(), select_device(id).
    Signals: device_did_get_located(device_id), device_did_get_revoked(device_id).
    """

    device_did_get_located = Signal(str)
    device_did_get_revoked = Signal(str)

    def __init__(self, connection: Connection, meeting: Callable[[], MeetingState | None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.connection = connection
        self.meeting = meeting
        self.monitor = DeviceMonitor(APP_VERSION)
        self.confirmation: QMessageBox | None = None
        self._dirty = True
        self._seen: tuple[object, object] | None = None  # (server state, meeting state) last shown
        self._located: set[str] = set()
        self._tasks: set[asyncio.Task[Any]] = set()

        heading = QLabel(self.tr("Thiết bị"), self)
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.summary_label = QLabel(self)
        self.note_label = QLabel(self)
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet(f"color: {theme.WARN}; font-weight: bold;")
        self.note_label.hide()
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Tìm ghế, tên hoặc mã thiết bị"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(380)

        self.table_model = DeviceTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # Fixed sizes: measuring 500 rows' contents on every refresh would stall the console.
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 14)
        columns = self.table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setStretchLastSection(True)
        columns.setHighlightSections(False)
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width)

        self.locate_button = QPushButton(self.tr("Nháy màn hình"), self)
        self.locate_button.setToolTip(self.tr("Hiện số ghế thật to trên màn hình của thiết bị trong 10 giây"))
        self.revoke_button = QPushButton(self.tr("Thu hồi"), self)
        self.revoke_button.setToolTip(self.tr("Thiết bị bị mất hoặc thay thế: không cho kết nối nữa"))
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(16)
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.filter_edit)
        actions = QHBoxLayout()
        actions.addWidget(self.locate_button)
        actions.addWidget(self.revoke_button)
        actions.addSpacing(12)
        actions.addWidget(self.message_label, 10)
        actions.addStretch(1)  # the buttons keep their size while no message shows
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.note_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

        self.filter_edit.textChanged.connect(self._on_filter)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._refresh_buttons())
        self.locate_button.clicked.connect(self.locate_selected)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        connection.subscribe(self._on_changes)
        self.refresh()

    # -- refresh -------------------------------------------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        if changes.devices or changes.events or changes.reset or changes.status:
            self._dirty = True  # shown at the next tick: a burst costs one refresh
        for notice in changes.notices:
            device_id = (notice.detail or {}).get("device_id")
            if notice.code == "not_found" and device_id in self._located:
                self._located.discard(device_id)
                self._say(self.tr("Không nháy được màn hình: thiết bị đang ngoại tuyến."), ok=False)

    def _tick(self) -> None:
        meeting = self.meeting()
        if self._dirty or self._seen != (self.connection.state, meeting):
            self.refresh()

    def refresh(self) -> None:
        """Applies the latest statuses now (the timer does it when something changed)."""
        self._dirty = False
        server = self.connection.state
        meeting = self.meeting()
        self._seen = (server, meeting)
        if not isinstance(server, ServerState):
            server = ServerState()
        rows = self.monitor.rows(server, meeting, self.connection.devices)
        chosen = self.selected_row()
        if self.table_model.apply(rows) == "moved" and chosen is not None:
            self._keep_selection(chosen.device_id)
        total, online, problems = summary(rows)
        self.summary_label.setText(self.tr("{0} thiết bị · {1} đang kết nối · {2} cần xem").format(
            total, online, problems))
        offline = self.connection.status.kind != "online"
        self.note_label.setText(self.tr(
            "Bảng điều khiển đang mất kết nối với máy chủ: trạng thái thiết bị có thể đã cũ."))
        self.note_label.setVisible(offline)
        self._refresh_buttons()

    def _on_filter(self, text: str) -> None:
        chosen = self.selected_row()
        self.table_model.set_filter(text)
        if chosen is not None:
            self.select_device(chosen.device_id)
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        row = self.selected_row()
        online = self.connection.status.kind == "online"
        self.locate_button.setEnabled(online and row is not None and row.online and not row.revoked)
        own = row is not None and row.device_id == self.connection.identity.device_id
        self.revoke_button.setEnabled(online and row is not None and not row.revoked and not own)

    # -- selection -----------------------------------------------------------------------------

    def selected_row(self) -> DeviceRow | None:
        chosen = self.table.selectionModel().selectedRows()
        if not chosen:
            return None
        n = chosen[0].row()
        return self.table_model.rows[n] if 0 <= n < len(self.table_model.rows) else None

    def _keep_selection(self, device_id: str) -> None:
        """The selected device moved: select its new row, without scrolling the technician's view."""
        for n, row in enumerate(self.table_model.rows):
            if row.device_id == device_id:
                if self.table.selectionModel().selectedRows() != [self.table_model.index(n, 0)]:
                    self.table.selectRow(n)
                return

    def select_device(self, device_id: str) -> bool:
        for n, row in enumerate(self.table_model.rows):
            if row.device_id == device_id:
                self.table.selectRow(n)
                self.table.scrollTo(self.table_model.index(n, 0))
                return True
        return False

    # -- actions -------------------------------------------------------------------------------

    def _say(self, text: str, ok: bool) -> None:
        color = theme.LIVE if ok else theme.DANGER
        self.message_label.setStyleSheet(f"color: {color}; font-weight: bold;")
        self.message_label.setText(text)
        self.message_label.show()

    def _where(self, row: DeviceRow) -> str:
        return self.tr("ghế {0}").format(row.seat_label) if row.seat_label else row.name

    def _whose(self, row: DeviceRow) -> str:
        if row.role == DELEGATE and row.seat_label:
            return self.tr("đại biểu {0}, ghế {1}").format(row.name, row.seat_label)
        return table_tr(row.role_label)

    def locate_selected(self) -> None:
        row = self.selected_row()
        if row is None or not self.locate_button.isEnabled():
            return
        self._located.add(row.device_id)
        self._spawn(self._locate(row))

    async def _locate(self, row: DeviceRow) -> None:
        if await self.connection.locate(row.device_id):
            self._say(self.tr("Đang nháy màn hình của {0} trong 10 giây.").format(self._where(row)), ok=True)
            self.device_did_get_located.emit(row.device_id)
        else:
            self._say(self.tr("Chưa kết nối với máy chủ phòng họp: chưa nháy được màn hình."), ok=False)

    def revoke_selected(self) -> None:
        """Asks first: a revoked device loses its keys and documents and cannot come back."""
        row = self.selected_row()
        if row is None or not self.revoke_button.isEnabled():
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Thu hồi thiết bị"),
                          self.tr("Thu hồi thiết bị «{0}» ({1})?").format(row.device_name, self._whose(row)),
                          QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(self.tr(
            "Thiết bị sẽ bị ngắt kết nối, xóa khóa và tài liệu của kỳ họp, và không thể kết nối lại. "
            "Muốn dùng lại phải đăng ký lại bằng thẻ mới."))
        yes = box.addButton(self.tr("Thu hồi thiết bị"), QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(self.tr("Không thu hồi"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.confirmation = box

        def done() -> None:
            if self.confirmation is box:
                self.confirmation = None
            if box.clickedButton() is yes:
                self._spawn(self._revoke(row))

        box.finished.connect(lambda _: done())
        box.open()

    async def _revoke(self, row: DeviceRow) -> None:
        if self.connection.status.kind != "online":
            # Never queued for later: the technician must see that the room did not take it.
            self._say(self.tr("Chưa kết nối với máy chủ phòng họp nên chưa thu hồi được. Vui lòng thử lại."),
                      ok=False)
            return
        self.revoke_button.setEnabled(False)
        try:
            answer = await self.connection.request("device.revoke", {"device_id": row.device_id},
                                                   REVOKE_TIMEOUT_S)
        except TimeoutError:
            answer = {"type": "error", "message": self.tr("Máy chủ chưa trả lời; vui lòng kiểm tra lại sau.")}
        if answer.get("type") == "ack":
            self._say(self.tr("Đã thu hồi thiết bị «{0}».").format(row.device_name), ok=True)
            self.device_did_get_revoked.emit(row.device_id)
        else:
            self._say(str(answer.get("message") or self.tr("Máy chủ từ chối thao tác.")), ok=False)
        self._dirty = True
        self._refresh_buttons()

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
