"""The clicked seat's delegate beside the seat map, with the actions that make sense for them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.attendance import Status, status_of
from app.model import MeetingState
from ui import theme
from ui.chair_absence import AbsenceDialog, absence_refusal
from ui.chair_attendance_words import STATUS_COLORS, short_group, status_label
from ui.chair_messages import MessageDialog
from ui.chair_panel_kit import action_notes, make_primary, send
from ui.seat_map_canvas import kind_label, zone_label


class SeatDetails(QFrame):
    """The clicked seat's delegate: name, title, group, status, requests, and the actions that make
    sense for them and for this console's role (each shown disabled with the reason when refused).

    Attributes: name_label, title_label, group_label, status_label, requests_label, grant_buttons
    (request id -> button), absence_button, message_button, why_label, error_label.
    """

    def __init__(self, model: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.seat_id: str | None = None
        self.grant_buttons: dict[str, QPushButton] = {}
        self.absence_dialog: AbsenceDialog | None = None
        self.message_dialog: MessageDialog | None = None
        self.setObjectName("seatDetails")
        self.setStyleSheet(f"QFrame#seatDetails {{ background: {theme.PANEL}; border-radius: 8px; }}")
        self.seat_label = QLabel(self)
        self.seat_label.setStyleSheet(f"color: {theme.MUTED}; font-size: 13pt; font-weight: bold;")
        self.name_label = QLabel(self)
        self.name_label.setWordWrap(True)
        self.name_label.setStyleSheet("font-size: 17pt; font-weight: bold;")
        self.title_label = QLabel(self)
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("font-size: 13pt;")
        self.group_label = QLabel(self)
        self.group_label.setWordWrap(True)
        self.group_label.setStyleSheet(f"color: {theme.MUTED}; font-size: 13pt;")
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.requests_label = QLabel(self)
        self.requests_label.setWordWrap(True)
        self.requests_label.setStyleSheet("font-size: 13pt;")
        self.grant_box = QVBoxLayout()
        self.grant_box.setSpacing(6)
        self.absence_button = QPushButton(self.tr("Ghi vắng mặt…"), self)
        self.message_button = QPushButton(self.tr("Gửi tin nhắn…"), self)
        self.why_label, self.error_label = action_notes(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        for widget in (self.seat_label, self.name_label, self.title_label, self.group_label, self.status_label,
                       self.requests_label):
            layout.addWidget(widget)
        layout.addLayout(self.grant_box)
        layout.addWidget(self.absence_button)
        layout.addWidget(self.message_button)
        layout.addWidget(self.why_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.absence_button.clicked.connect(self.record_absence)
        self.message_button.clicked.connect(self.write_message)
        self.show_seat(None)

    def delegate_id(self) -> str | None:
        seat = None if self.seat_id is None else self.model.state.seats.get(self.seat_id)
        return None if seat is None else seat.delegate_id

    def show_seat(self, seat_id: str | None) -> None:
        if seat_id != self.seat_id:
            self.error_label.hide()
        self.seat_id = seat_id
        self.refresh()

    def refresh(self) -> None:
        state: MeetingState = self.model.state
        seat = None if self.seat_id is None else state.seats.get(self.seat_id)
        delegate = None if seat is None or seat.delegate_id is None else state.delegates.get(seat.delegate_id)
        for button in self.grant_buttons.values():
            button.hide()
            button.deleteLater()
        self.grant_buttons = {}
        why: list[str] = []
        if seat is None:
            self.seat_label.setText("")
            self.name_label.setText(self.tr("Chọn một ghế trên sơ đồ để xem đại biểu."))
            self.name_label.setStyleSheet(f"font-size: 14pt; color: {theme.MUTED};")
        else:
            self.seat_label.setText(self.tr("Ghế {seat} · {zone}").format(seat=seat.label, zone=zone_label(seat.zone)))
            self.name_label.setStyleSheet("font-size: 17pt; font-weight: bold;")
            self.name_label.setText(delegate.name if delegate is not None else self.tr("Ghế trống"))
        for label in (self.title_label, self.group_label, self.status_label, self.requests_label):
            label.setVisible(delegate is not None)
        self.absence_button.setVisible(False)
        self.message_button.setVisible(False)
        if delegate is None:
            self.why_label.hide()
            return
        self.title_label.setText(delegate.title)
        self.group_label.setText(short_group(delegate.group_name))
        status: Status = status_of(state, delegate.delegate_id)
        text = status_label(status)
        absence = state.absences.get(delegate.delegate_id)
        if absence is not None and absence.reason:
            text += ": " + absence.reason
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {STATUS_COLORS[status]}; font-size: 14pt; font-weight: bold;")
        self._requests(state, delegate.delegate_id, why)
        if status != "present":
            refusal = absence_refusal(self.model, delegate.delegate_id)
            self.absence_button.setVisible(True)
            self.absence_button.setEnabled(refusal is None)
            if refusal:
                why.append(refusal)
        if self.model.can("message.send"):
            self.message_button.setVisible(True)
        self.why_label.setText("\n".join(why))
        self.why_label.setVisible(bool(why))

    def _requests(self, state: MeetingState, delegate_id: str, why: list[str]) -> None:
        speaking = state.speaking
        mine = [r for r in speaking.requests.values() if r.delegate_id == delegate_id and r.item_id == state.active_item]
        waiting = sorted((r for r in mine if r.status == "waiting"), key=lambda r: r.position or 0)
        lines: list[str] = []
        current = speaking.current()
        if current is not None and current.delegate_id == delegate_id:
            lines.append(self.tr("▶ Đang phát biểu ({kind})").format(kind=kind_label(current.kind)))
        for request in waiting:
            lines.append(self.tr("Xin {kind}: thứ {position} trong danh sách").format(
                kind=kind_label(request.kind).lower(), position=request.position))
        done = sum(1 for r in mine if r.status == "done")
        if done:
            lines.append(self.tr("Đã phát biểu {n} lượt ở nội dung này").format(n=done))
        self.requests_label.setText("\n".join(lines) or self.tr("Không có yêu cầu phát biểu."))
        can_grant = self.model.can("speak.grant")
        for request in waiting:
            button = QPushButton(self.tr("Mời phát biểu: {kind}").format(kind=kind_label(request.kind)), self)
            make_primary(button)
            busy = current is not None
            button.setEnabled(can_grant and not busy)
            button.clicked.connect(lambda _=False, rid=request.request_id: self.grant(rid))
            self.grant_box.addWidget(button)
            self.grant_buttons[request.request_id] = button
        if waiting and not can_grant:
            why.append(self.tr("Chỉ chủ tọa được mời đại biểu phát biểu."))
        elif waiting and current is not None:
            name = state.delegates[current.delegate_id].name if current.delegate_id in state.delegates else ""
            why.append(self.tr("{name} đang phát biểu: hãy kết thúc lượt đó trước.").format(name=name))

    def grant(self, request_id: str) -> None:
        button = self.grant_buttons.get(request_id)
        if button is None or not button.isEnabled():
            return
        self.error_label.hide()
        button.setEnabled(False)
        send(self, self.model, "speak.grant", {"request_id": request_id}, self._answered)

    def _answered(self, answer: dict[str, Any]) -> None:
        if answer.get("type") == "error":
            self.error_label.setText(str(answer.get("message") or self.tr("Máy chủ từ chối thao tác.")))
            self.error_label.show()
        self.refresh()

    def record_absence(self) -> None:
        delegate_id = self.delegate_id()
        if delegate_id is None or not self.absence_button.isEnabled():
            return
        dialog = AbsenceDialog(self.model, delegate_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "absence_dialog", None))
        self.absence_dialog = dialog
        dialog.open()

    def write_message(self) -> None:
        delegate_id = self.delegate_id()
        if delegate_id is None:
            return
        dialog = MessageDialog(self.model, delegate_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "message_dialog", None))
        self.message_dialog = dialog
        dialog.open()
