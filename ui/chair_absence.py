"""Recording a delegate absent: the "Đăng ký vắng mặt" dialog, and why a delegate cannot be
recorded absent from this console. Its words keep the "AttendancePanel" context."""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.model import MeetingState
from ui import theme
from ui.chair_attendance_words import seats_by_delegate, short_group
from ui.chair_panel_kit import error_style, make_primary, send

REASON_MAX: Final = 200
"""As app.fields.ShortText: the server refuses a longer reason."""


class AbsenceDialog(QDialog):
    """"Đăng ký vắng mặt" for one delegate: with a reason (Vắng có lý do) or without. The dialog
    sends `attendance.absence` itself, shows a refusal inline and closes once the server agrees.

    Attributes: delegate_id, excused_button, unexcused_button, reason_edit, count_label,
    error_label, ok_button, cancel_button, sent (the args sent last, or None).
    Signals: absence_did_get_recorded(delegate_id).
    """

    absence_did_get_recorded = Signal(str)

    def __init__(self, model: Any, delegate_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.delegate_id = delegate_id
        self.sent: dict[str, Any] | None = None
        state: MeetingState = model.state
        delegate = state.delegates.get(delegate_id)
        seat = seats_by_delegate(state).get(delegate_id)
        self.setWindowTitle(self.tr("Đăng ký vắng mặt"))
        self.setModal(True)
        self.setMinimumWidth(560)

        heading = QLabel(self.tr("Đăng ký vắng mặt"), self)
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        who = QLabel(self)
        who.setWordWrap(True)
        who.setTextFormat(Qt.TextFormat.PlainText)
        parts = [delegate.name if delegate is not None else delegate_id]
        if delegate is not None:
            parts.append(short_group(delegate.group_name))
        if seat is not None:
            parts.append(self.tr("Ghế {seat}").format(seat=seat.label))
        who.setText(" · ".join(parts))
        who.setStyleSheet("font-size: 16pt;")

        self.excused_button = QRadioButton(self.tr("Vắng có lý do"), self)
        self.unexcused_button = QRadioButton(self.tr("Vắng không có lý do"), self)
        choice = QButtonGroup(self)
        for button in (self.excused_button, self.unexcused_button):
            button.setMinimumHeight(theme.MIN_TOUCH_PX)
            button.setStyleSheet("QRadioButton::indicator { width: 26px; height: 26px; }")
            choice.addButton(button)
        choices = QHBoxLayout()
        choices.addWidget(self.excused_button)
        choices.addSpacing(24)
        choices.addWidget(self.unexcused_button)
        choices.addStretch(1)

        reason_title = QLabel(self.tr("Lý do vắng mặt"), self)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setMaxLength(REASON_MAX)
        self.reason_edit.setMinimumHeight(theme.MIN_TOUCH_PX)
        self.reason_edit.setPlaceholderText(self.tr("Ví dụ: đi công tác theo phân công của Tỉnh ủy"))
        self.count_label = QLabel(self)
        self.count_label.setStyleSheet(f"color: {theme.MUTED}; font-size: 12pt;")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        # Wide enough for the longest count from the start: typing never reflows the line.
        self.count_label.setMinimumWidth(self.count_label.fontMetrics().horizontalAdvance(f"{REASON_MAX}/{REASON_MAX}") * 2)
        self.hint_label = QLabel(self)
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet(f"color: {theme.MUTED}; font-size: 12pt;")
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(error_style())
        self.error_label.hide()

        self.cancel_button = QPushButton(self.tr("Hủy"), self)
        self.ok_button = QPushButton(self.tr("Ghi nhận"), self)
        make_primary(self.ok_button)
        self.ok_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(who)
        layout.addLayout(choices)
        layout.addWidget(reason_title)
        layout.addWidget(self.reason_edit)
        reason_line = QHBoxLayout()
        reason_line.addWidget(self.hint_label, 1)
        reason_line.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(reason_line)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

        known = state.absences.get(delegate_id)
        if known is not None:
            (self.excused_button if known.excused else self.unexcused_button).setChecked(True)
            self.reason_edit.setText(known.reason)
        else:
            self.excused_button.setChecked(True)
        self.excused_button.toggled.connect(self._check)
        self.reason_edit.textChanged.connect(self._check)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.submit)
        self._check()

    def args(self) -> dict[str, Any]:
        return {
            "delegate_id": self.delegate_id,
            "excused": self.excused_button.isChecked(),
            "reason": self.reason_edit.text().strip(),
        }

    def _check(self) -> None:
        args = self.args()
        self.count_label.setText(f"{len(self.reason_edit.text())}/{REASON_MAX}")
        known = self.model.state.absences.get(self.delegate_id)
        if args["excused"] and not args["reason"]:
            hint, ok = self.tr("Vắng có lý do cần ghi rõ lý do."), False
        elif known is not None and (known.excused, known.reason) == (args["excused"], args["reason"]):
            hint, ok = self.tr("Vắng mặt này đã được ghi nhận."), False
        elif args["excused"]:
            hint, ok = "", True
        else:
            hint, ok = self.tr("Lý do có thể để trống."), True
        self.hint_label.setText(hint)
        self.ok_button.setEnabled(ok)

    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        self.sent = self.args()
        self.error_label.hide()
        self.ok_button.setEnabled(False)
        self.ok_button.setText(self.tr("Đang gửi…"))
        send(self, self.model, "attendance.absence", self.sent, self._answered)

    def _answered(self, answer: dict[str, Any]) -> None:
        self.ok_button.setText(self.tr("Ghi nhận"))
        if answer.get("type") == "error":
            self.error_label.setText(str(answer.get("message") or self.tr("Máy chủ từ chối thao tác.")))
            self.error_label.show()
            self._check()
            return
        self.absence_did_get_recorded.emit(self.delegate_id)
        self.accept()


def absence_refusal(model: Any, delegate_id: str) -> str | None:
    """Why this delegate cannot be recorded absent from this console, or None if they can."""
    if not model.can("attendance.absence"):
        return QCoreApplication.translate("AttendancePanel", "Chỉ chủ tọa và thư ký kỳ họp được ghi vắng mặt.")
    if delegate_id in model.state.present:
        return QCoreApplication.translate(
            "AttendancePanel", "Đại biểu đã điểm danh có mặt nên không thể ghi vắng mặt."
        )
    return None
