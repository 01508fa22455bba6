"""The presidium's notices: a short message to every seat or to one delegate, and those sent lately."""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.clock import parse_iso
from app.model import ROLE_LABELS, MeetingState, Message
from ui import theme
from ui.chair_attendance_words import fold, seats_by_delegate
from ui.chair_panel_kit import error_style, make_primary, send

MAX_CHARS: Final = 300
"""A notice is read at a glance on a seat: far below the 2000 characters the protocol allows."""

RECENT: Final = 20
ALL: Final = "all"


def clock_time(at: str) -> str:
    """hh:mm in the console's local time, from an event's `at`."""
    try:
        return f"{parse_iso(at).astimezone():%H:%M}"
    except ValueError:
        return ""


class MessageEditor(QPlainTextEdit):
    """The text of a notice, held to MAX_CHARS (typing or pasting past it is cut there).

    Attributes: count_label ("n/300", red when full)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(120)
        self.setPlaceholderText(self.tr("Nội dung thông báo ngắn…"))
        self.count_label = QLabel(self)
        self.count_label.setMinimumWidth(
            self.count_label.fontMetrics().horizontalAdvance(self.tr("{n}/{max} ký tự").format(n=MAX_CHARS, max=MAX_CHARS))
            * 3 // 2
        )
        self.textChanged.connect(self._limit)
        self._limit()

    def text(self) -> str:
        return self.toPlainText()

    def _limit(self) -> None:
        text = self.toPlainText()
        if len(text) > MAX_CHARS:
            cursor = self.textCursor()
            position = min(cursor.position(), MAX_CHARS)
            self.blockSignals(True)
            self.setPlainText(text[:MAX_CHARS])
            self.blockSignals(False)
            cursor = self.textCursor()
            cursor.setPosition(position)
            self.setTextCursor(cursor)
        length = len(self.toPlainText())
        self.count_label.setText(
            self.tr("{n}/{max} ký tự").format(n=length, max=MAX_CHARS)
        )
        color = theme.DANGER if length >= MAX_CHARS else theme.MUTED
        self.count_label.setStyleSheet(f"color: {color}; font-size: 12pt;")


class MessageDialog(QDialog):
    """A notice to one delegate (from the seat map): it sends `message.send` itself, shows a
    refusal inline and closes once the server agrees.

    Attributes: to (delegate id), editor, error_label, send_button, cancel_button.
    Signals: message_did_get_sent(to).
    """

    message_did_get_sent = Signal(str)

    def __init__(self, model: Any, delegate_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.to = delegate_id
        delegate = model.state.delegates.get(delegate_id)
        name = delegate.name if delegate is not None else delegate_id
        self.setWindowTitle(self.tr("Gửi tin nhắn"))
        self.setModal(True)
        self.setMinimumWidth(560)
        heading = QLabel(self.tr("Tin nhắn tới {name}").format(name=name), self)
        heading.setWordWrap(True)
        heading.setStyleSheet("font-size: 17pt; font-weight: bold;")
        self.editor = MessageEditor(self)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(error_style())
        self.error_label.hide()
        self.cancel_button = QPushButton(self.tr("Hủy"), self)
        self.send_button = QPushButton(self.tr("Gửi"), self)
        make_primary(self.send_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.editor.count_label)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(heading)
        layout.addWidget(self.editor)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.editor.textChanged.connect(self._check)
        self.cancel_button.clicked.connect(self.reject)
        self.send_button.clicked.connect(self.submit)
        self._check()

    def _check(self) -> None:
        self.send_button.setEnabled(bool(self.editor.text().strip()))

    def submit(self) -> None:
        if not self.send_button.isEnabled():
            return
        self.error_label.hide()
        self.send_button.setEnabled(False)
        args = {"to": self.to, "text": self.editor.text().strip()}
        send(self, self.model, "message.send", args, self._answered)

    def _answered(self, answer: dict[str, Any]) -> None:
        self._check()
        if answer.get("type") == "error":
            self.error_label.setText(str(answer.get("message") or self.tr("Máy chủ từ chối thao tác.")))
            self.error_label.show()
            return
        self.message_did_get_sent.emit(self.to)
        self.accept()


class MessagePanel(QWidget):
    """Notices from the presidium: to every seat (after a confirmation) or to one delegate, with
    the length limit shown, and the messages of the sitting listed newest first (from the state,
    which keeps the last 200 `message.sent`).

    Attributes: model, all_button, one_button, find_edit, delegate_box, editor, send_button,
    error_label, sent_label, recent (QListWidget), confirmation (the open QMessageBox, or None).
    Methods: choose_delegate(delegate_id), choose_all(), send_now().
    Signals: message_did_get_sent(to).
    """

    message_did_get_sent = Signal(str)

    def __init__(self, model: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.confirmation: QMessageBox | None = None
        self._messages: tuple[Message, ...] | None = None
        self._delegates: Any = None

        heading = QLabel(self.tr("Gửi thông báo"), self)
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.all_button = QRadioButton(self.tr("Tất cả đại biểu"), self)
        self.one_button = QRadioButton(self.tr("Một đại biểu"), self)
        group = QButtonGroup(self)
        for button in (self.all_button, self.one_button):
            button.setMinimumHeight(theme.MIN_TOUCH_PX)
            button.setStyleSheet("QRadioButton::indicator { width: 26px; height: 26px; }")
            group.addButton(button)
        self.all_button.setChecked(True)
        self.find_edit = QLineEdit(self)
        self.find_edit.setMinimumHeight(theme.MIN_TOUCH_PX)
        self.find_edit.setPlaceholderText(self.tr("Tìm tên…"))
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setMaximumWidth(200)
        self.delegate_box = QComboBox(self)
        self.delegate_box.setMinimumHeight(theme.MIN_TOUCH_PX)
        self.delegate_box.setMinimumContentsLength(18)
        self.delegate_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        whom = QHBoxLayout()
        whom.addWidget(self.all_button)
        whom.addSpacing(16)
        whom.addWidget(self.one_button)
        whom.addStretch(1)
        one = QHBoxLayout()
        one.addWidget(self.find_edit)
        one.addWidget(self.delegate_box, 1)

        self.editor = MessageEditor(self)
        self.send_button = QPushButton(self.tr("Gửi"), self)
        make_primary(self.send_button)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(error_style())
        self.error_label.hide()
        self.sent_label = QLabel(self)
        self.sent_label.setStyleSheet(f"color: {theme.LIVE}; font-weight: bold;")
        self.sent_label.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(self.editor.count_label)
        bottom.addStretch(1)
        bottom.addWidget(self.sent_label)
        bottom.addWidget(self.send_button)

        recent_heading = QLabel(self.tr("Đã gửi gần đây"), self)
        recent_heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.recent = QListWidget(self)
        self.recent.setWordWrap(True)
        self.recent.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.recent.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.recent.setFrameShape(QFrame.Shape.NoFrame)
        self.recent.setStyleSheet(
            f"QListWidget {{ background: {theme.PANEL}; border-radius: 6px; }}"
            "QListWidget::item { border-bottom: 1px solid #d5d9de; padding: 6px; }"
        )
        self.recent_empty = QLabel(self.tr("Chưa gửi thông báo nào."), self)
        self.recent_empty.setStyleSheet(f"color: {theme.MUTED};")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addLayout(whom)
        layout.addLayout(one)
        layout.addWidget(self.editor)
        layout.addLayout(bottom)
        layout.addWidget(self.error_label)
        layout.addWidget(recent_heading)
        layout.addWidget(self.recent_empty)
        layout.addWidget(self.recent, 1)
        layout.addStretch(0)  # takes the room only while the list is hidden (nothing sent yet)

        self.all_button.toggled.connect(self._check)
        self.find_edit.textChanged.connect(self._fill_delegates)
        self.find_edit.textEdited.connect(lambda _: self.one_button.setChecked(True))
        self.delegate_box.activated.connect(lambda _: self.one_button.setChecked(True))
        self.editor.textChanged.connect(self._check)
        self.send_button.clicked.connect(self.send_now)
        model.state_did_change.connect(self.refresh)
        self.refresh()

    # -- choosing ------------------------------------------------------------------------------

    def recipient(self) -> str | None:
        """"all", a delegate id, or None when "one delegate" is chosen and none matches."""
        if self.all_button.isChecked():
            return ALL
        return self.delegate_box.currentData()

    def choose_all(self) -> None:
        self.all_button.setChecked(True)

    def choose_delegate(self, delegate_id: str) -> None:
        self.find_edit.clear()
        index = self.delegate_box.findData(delegate_id)
        if index >= 0:
            self.delegate_box.setCurrentIndex(index)
            self.one_button.setChecked(True)

    def _fill_delegates(self) -> None:
        state: MeetingState = self.model.state
        current = self.delegate_box.currentData()
        needle = fold(self.find_edit.text())
        seats = seats_by_delegate(state)
        self.delegate_box.clear()
        for delegate in sorted(state.delegates.values(), key=lambda d: d.delegate_id):
            if needle and needle not in fold(delegate.name):
                continue
            seat = seats.get(delegate.delegate_id)
            label = delegate.name if seat is None else f"{delegate.name} – {seat.label}"
            self.delegate_box.addItem(label, delegate.delegate_id)
        index = self.delegate_box.findData(current)
        if index >= 0:
            self.delegate_box.setCurrentIndex(index)
        self._check()

    # -- sending -------------------------------------------------------------------------------

    def _check(self) -> None:
        self.delegate_box.setEnabled(self.one_button.isChecked())
        allowed = self.model.can("message.send")
        ready = bool(self.editor.text().strip()) and self.recipient() is not None
        self.send_button.setEnabled(allowed and ready)
        self.send_button.setText(self.tr("Gửi tới tất cả…") if self.all_button.isChecked() else self.tr("Gửi"))
        if self.editor.text():
            self.sent_label.hide()

    def send_now(self) -> None:
        """Sends to the chosen delegate at once; to all only after a confirmation."""
        to = self.recipient()
        if to is None or not self.send_button.isEnabled():
            return
        if to != ALL:
            self._send(to)
            return
        n = len(self.model.state.delegates)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Gửi tới tất cả đại biểu"),
                          self.tr("Gửi thông báo này tới màn hình của tất cả {n} đại biểu?").format(n=n),
                          QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(self.editor.text().strip())
        yes = box.addButton(self.tr("Gửi tới tất cả"), QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(self.tr("Không gửi"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.confirmation = box

        def done() -> None:
            if self.confirmation is box:
                self.confirmation = None
            if box.clickedButton() is yes:
                self._send(ALL)

        box.finished.connect(lambda _: done())
        box.open()

    def _send(self, to: str) -> None:
        self.error_label.hide()
        self.send_button.setEnabled(False)
        text = self.editor.text().strip()
        send(self, self.model, "message.send", {"to": to, "text": text}, lambda a: self._answered(to, a))

    def _answered(self, to: str, answer: dict[str, Any]) -> None:
        if answer.get("type") == "error":
            self.error_label.setText(str(answer.get("message") or self.tr("Máy chủ từ chối thao tác.")))
            self.error_label.show()
            self._check()
            return
        self.editor.clear()
        self.sent_label.setText(self.tr("✓ Đã gửi"))
        self.sent_label.show()
        self._check()
        self.message_did_get_sent.emit(to)

    # -- refresh -------------------------------------------------------------------------------

    def refresh(self) -> None:
        state: MeetingState = self.model.state
        if state.delegates is not self._delegates:
            self._delegates = state.delegates
            self._fill_delegates()
        if state.messages is not self._messages:
            self._messages = state.messages
            self._fill_recent(state)
        self._check()

    def _fill_recent(self, state: MeetingState) -> None:
        self.recent.clear()
        shown = list(reversed(state.messages))[:RECENT]
        for message in shown:
            if message.to == ALL:
                whom = self.tr("Tất cả đại biểu")
            else:
                delegate = state.delegates.get(message.to)
                whom = delegate.name if delegate is not None else message.to
            by = QCoreApplication.translate("SeatViewModel", ROLE_LABELS.get(message.from_role, message.from_role))
            head = self.tr("{time} · Tới: {whom} · {by}").format(time=clock_time(message.at), whom=whom, by=by)
            item = QListWidgetItem(f"{head}\n{message.text}")
            item.setToolTip(message.text)
            self.recent.addItem(item)
        self.recent_empty.setVisible(not shown)
        self.recent.setVisible(bool(shown))
