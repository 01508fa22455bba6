"""First start of a seat: enrol this device from the link on the seat card, or unlock its keys.

Both dialogs live on the qasync loop: the network call runs as a task while Qt keeps painting,
and `run_enrollment` / `ask_passphrase` await the person's answer without blocking anything.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import DomainError
from app.keystore import keyring_available
from sync.client.device import enroll_device
from sync.client.enroll import Identity
from sync.links import parse_link
from ui.theme import ACCENT, BASE_PT, DANGER, DANGER_BG, MIN_TOUCH_PX, MUTED

MIN_PASSPHRASE = 6

Enroll = Callable[[Path, str, str, "str | None"], Awaitable[Identity]]

_STYLE = f"""
QLabel#dialogTitle {{ font-size: {BASE_PT + 7}pt; font-weight: bold; color: {ACCENT}; }}
QLabel#fieldLabel {{ font-weight: bold; }}
QLabel#hint {{ color: {MUTED}; }}
QLabel#fieldError {{ color: {DANGER}; font-weight: bold; }}
QLabel#formError {{ color: {DANGER}; background: {DANGER_BG}; border: 2px solid {DANGER};
    border-radius: 8px; padding: 8px; font-weight: bold; }}
QLabel#busy {{ color: {ACCENT}; font-weight: bold; }}
QLineEdit, QPlainTextEdit {{ border: 2px solid #8a939c; border-radius: 6px; padding: 6px; }}
QLineEdit {{ min-height: {MIN_TOUCH_PX - 16}px; }}
QLineEdit:focus, QPlainTextEdit:focus {{ border: 3px solid {ACCENT}; }}
QPushButton#primary {{ background: {ACCENT}; color: white; padding: 6px 36px; min-height: 56px;
    font-size: {BASE_PT + 3}pt; }}
QPushButton#primary:disabled {{ background: #9aa3ad; color: white; border-color: #9aa3ad; }}
"""


@dataclass(frozen=True, slots=True)
class Enrolled:
    """The device the dialog enrolled and the passphrase its keys are saved under (None: OS keyring)."""

    identity: Identity
    passphrase: str | None


def _label(text: str, name: str, buddy: QWidget | None = None) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    if buddy is not None:
        label.setBuddy(buddy)
    return label


def _error_label() -> QLabel:
    label = _label("", "fieldError")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def _show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def link_from_text(text: str) -> str | None:
    """The first line of `text` that parses as an enrollment link, stripped; None if none does."""
    for line in text.splitlines():
        try:
            parse_link(line)
        except DomainError:
            continue
        return line.strip()
    return None


class EnrollDialog(QDialog):
    """Paste (or open) the seat card's link, name the device, set a passphrase where the machine
    has no OS keyring, and enrol. Errors stay on screen under the form; the person tries again."""

    def __init__(
        self,
        data_dir: Path,
        passphrase: str | None = None,
        need_passphrase: bool | None = None,
        enroll: Enroll = enroll_device,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.enroll = enroll
        self.given_passphrase = passphrase
        if need_passphrase is None:
            need_passphrase = passphrase is None and not keyring_available()
        self.need_passphrase = need_passphrase
        self.enrolled: Enrolled | None = None
        self.pending: asyncio.Task[None] | None = None
        self.choose_file: Callable[[], str] = self._ask_for_file

        self.setWindowTitle(self.tr("PhòngHọp – Đăng ký thiết bị"))
        self.setStyleSheet(_STYLE)
        self.setMinimumWidth(820)

        self.title = _label(self.tr("Đăng ký thiết bị cho ghế đại biểu"), "dialogTitle")
        self.intro = _label(
            self.tr("Làm một lần khi lắp đặt ghế. Liên kết đăng ký in trên thẻ ghế, "
                    "bắt đầu bằng «phonghop://»."),
            "hint",
        )

        self.link = QPlainTextEdit()
        self.link.setPlaceholderText("phonghop://…/enroll?code=…&fp=…")
        self.link.setTabChangesFocus(True)
        # A link is one long word: wrap it anywhere so all of it shows without scrolling.
        self.link.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        self.link.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 24)
        self.link.setAccessibleName(self.tr("Liên kết đăng ký"))
        self.link_label = _label(self.tr("Dán liên kết đăng ký (trên thẻ ghế)"), "fieldLabel")
        self.open_file = QPushButton(self.tr("Mở tệp…"))
        self.open_file.setToolTip(self.tr("Đọc liên kết từ một tệp .txt"))
        self.open_file.clicked.connect(self._open_file)
        self.link_error = _error_label()
        self.file_hint = _label(self.tr("Hoặc đọc liên kết từ tệp .txt:"), "hint")
        self.file_hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.name = QLineEdit(self.tr("Máy ghế đại biểu"))
        self.name.setMaxLength(80)
        self.name_label = _label(self.tr("Tên thiết bị"), "fieldLabel", self.name)
        self.name_error = _error_label()

        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_label = _label(self.tr("Mật khẩu bảo vệ khóa thiết bị"), "fieldLabel", self.passphrase)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_label = _label(self.tr("Nhập lại mật khẩu"), "fieldLabel", self.confirm)
        self.passphrase_hint = _label(
            self.tr("Ít nhất 6 ký tự. Cần mật khẩu này mỗi lần mở màn hình ghế – hãy ghi lại."), "hint"
        )
        self.passphrase_error = _error_label()
        # Only where no OS keyring keeps the keys; otherwise these stay hidden.
        self.passphrase_widgets: tuple[QWidget, ...] = (
            self.passphrase_label, self.passphrase, self.confirm_label, self.confirm, self.passphrase_hint,
        )

        self.busy = _label("", "busy")
        self.busy.hide()
        self.error = _label("", "formError")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()

        self.submit_button = QPushButton(self.tr("Đăng ký"))
        self.submit_button.setObjectName("primary")
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit)
        self.quit_button = QPushButton(self.tr("Thoát"))
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addSpacing(8)
        layout.addWidget(self.link_label)
        layout.addWidget(self.link)
        layout.addWidget(self.link_error)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_hint, 1)
        file_row.addWidget(self.open_file)
        layout.addLayout(file_row)
        layout.addSpacing(4)
        layout.addWidget(self.name_label)
        layout.addWidget(self.name)
        layout.addWidget(self.name_error)
        layout.addSpacing(4)
        for widget in self.passphrase_widgets:
            layout.addWidget(widget)
            widget.setVisible(self.need_passphrase)
        layout.addWidget(self.passphrase_error)
        layout.addSpacing(8)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        layout.addLayout(buttons)
        self.link.setFocus()

    # -- the link from a file ---------------------------------------------------------------

    def _ask_for_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp chứa liên kết đăng ký"), "", self.tr("Tệp văn bản (*.txt);;Mọi tệp (*)")
        )
        return path

    def _open_file(self) -> None:
        path = self.choose_file()
        if not path:
            return
        try:
            text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            _show(self.link_error, self.tr("Không đọc được tệp này."))
            return
        found = link_from_text(text)
        if found is None:
            _show(self.link_error, self.tr("Tệp này không có liên kết đăng ký hợp lệ."))
            fit(self)
            return
        self.link.setPlainText(found)
        _show(self.link_error, "")

    # -- enrolling --------------------------------------------------------------------------

    def validate(self) -> tuple[str, str, str | None] | None:
        """The link, device name and passphrase, or None with the reasons shown by the fields."""
        ok = True
        link = " ".join(self.link.toPlainText().split())  # a link pasted across lines is one link
        try:
            parse_link(link)
            _show(self.link_error, "")
        except DomainError as exc:
            _show(self.link_error, exc.message or self.tr("Liên kết không hợp lệ."))
            ok = False
        name = self.name.text().strip()
        if not name:
            _show(self.name_error, self.tr("Hãy đặt tên cho thiết bị."))
            ok = False
        else:
            _show(self.name_error, "")
        passphrase = self.given_passphrase
        if self.need_passphrase:
            passphrase = self.passphrase.text()
            if len(passphrase) < MIN_PASSPHRASE:
                _show(self.passphrase_error, self.tr("Mật khẩu cần ít nhất 6 ký tự."))
                ok = False
            elif passphrase != self.confirm.text():
                _show(self.passphrase_error, self.tr("Hai lần nhập mật khẩu không giống nhau."))
                ok = False
            else:
                _show(self.passphrase_error, "")
        if not ok:
            _show(self.error, "")
            fit(self)
            return None
        return link, name, passphrase

    def submit(self) -> None:
        if self.pending is not None and not self.pending.done():
            return
        values = self.validate()
        if values is None:
            return
        self._set_busy(True)  # at once: the press shows before the network answers
        self.pending = asyncio.ensure_future(self._enroll(*values))

    async def _enroll(self, link: str, name: str, passphrase: str | None) -> None:
        try:
            identity = await self.enroll(self.data_dir, link, name, passphrase)
        except DomainError as exc:
            message = exc.message or self.tr("Đăng ký không thành công.")
            if exc.code == "forbidden":
                message += "\n" + self.tr("Hãy xem lại thẻ ghế, hoặc nhờ kỹ thuật viên cấp liên kết mới.")
            _show(self.error, message)
            fit(self)
            return
        finally:
            self._set_busy(False)
        self.enrolled = Enrolled(identity, passphrase)
        self.accept()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.submit_button, self.quit_button, self.open_file, self.link, self.name,
                       self.passphrase, self.confirm):
            widget.setEnabled(not busy)
        _show(self.busy, self.tr("Đang đăng ký…") if busy else "")
        if busy:
            _show(self.error, "")

    def reject(self) -> None:
        if self.pending is not None and not self.pending.done():
            return  # half-way through enrolling: the answer decides, not Esc
        super().reject()


class PassphraseDialog(QDialog):
    """Asks for the passphrase of an enrolled device; `check` raises DomainError when wrong."""

    def __init__(self, check: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = check
        self.accepted_passphrase: str | None = None
        self.setWindowTitle(self.tr("PhòngHọp – Mở khóa thiết bị"))
        self.setStyleSheet(_STYLE)
        self.setMinimumWidth(520)
        self.title = _label(self.tr("Mở màn hình ghế đại biểu"), "dialogTitle")
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.label = _label(self.tr("Mật khẩu thiết bị"), "fieldLabel", self.field)
        self.error = _label("", "formError")
        self.error.hide()
        self.open_button = QPushButton(self.tr("Mở"))
        self.open_button.setObjectName("primary")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.submit)
        self.quit_button = QPushButton(self.tr("Thoát"))
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.label)
        layout.addWidget(self.field)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout.addLayout(buttons)
        self.field.setFocus()

    def submit(self) -> None:
        passphrase = self.field.text()
        if not passphrase:
            _show(self.error, self.tr("Hãy nhập mật khẩu thiết bị."))
            return
        try:
            self.check(passphrase)
        except DomainError as exc:
            _show(self.error, exc.message or self.tr("Mật khẩu thiết bị không đúng."))
            fit(self)
            self.field.selectAll()
            self.field.setFocus()
            return
        self.accepted_passphrase = passphrase
        self.accept()


def fit(dialog: QDialog) -> None:
    """Tall enough for every row at its width: wrapped labels make Qt's own minimum too short."""
    layout = dialog.layout()
    if layout is None:
        return
    width = max(dialog.width(), dialog.minimumWidth())
    dialog.resize(width, max(dialog.height(), layout.totalHeightForWidth(width)))


async def _answer(dialog: QDialog) -> int:
    done: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def finished(result: int) -> None:
        if not done.done():
            done.set_result(result)

    dialog.finished.connect(finished)
    dialog.show()
    fit(dialog)
    dialog.activateWindow()
    try:
        return await done
    finally:
        dialog.hide()
        dialog.deleteLater()


async def run_enrollment(data_dir: Path, passphrase: str | None = None) -> Enrolled | None:
    """Shows the enrollment dialog until the device is enrolled (its identity and passphrase)
    or the person leaves (None)."""
    dialog = EnrollDialog(data_dir, passphrase)
    await _answer(dialog)
    return dialog.enrolled


async def ask_passphrase(check: Callable[[str], None]) -> str | None:
    """Asks until `check` accepts a passphrase; None when the person leaves."""
    dialog = PassphraseDialog(check)
    await _answer(dialog)
    return dialog.accepted_passphrase
