"""The «Tài liệu» panel's dialogs: a new version with its change note and its audience, and
retracting a document; the audience choice the batch uses too."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import DomainError
from app.model import Document, MeetingState
from ui import theme
from ui.chair_model import spawn
from ui.tech_documents_model import AUDIENCE_ALL, audience_choices, audience_words, check, notes, publish, tr
from ui.tech_panel_parts import primary

NOTE_LIMIT: Final = 500
"""As `phonghop admin documents replace --note`."""


def audience_box(state: MeetingState, chosen: str, parent: QWidget) -> QComboBox:
    """«Dành cho»: every delegate, the Standing Committee or one committee of the meeting;
    the item's data is the audience sent (all, standing, committee:<id>)."""
    box = QComboBox(parent)
    for words, audience in audience_choices(state):
        box.addItem(words, audience)
    if box.findData(chosen) < 0:  # a committee the meeting no longer names: kept, not silently widened
        box.addItem(audience_words(state, chosen), chosen)
    box.setCurrentIndex(box.findData(chosen))
    box.setToolTip(tr("Ai nhận được khóa để đọc tài liệu. Chủ tọa, thư ký kỳ họp và kỹ thuật viên luôn đọc được; "
                      "màn hình hội trường chỉ nhận tài liệu dành cho tất cả đại biểu."))
    return box


class ReplaceDialog(QDialog):
    """«Thay phiên bản mới»: the chosen PDF replaces the document's current version (the same id,
    version + 1, keys wrapped anew); the change note tells delegates what changed. The audience
    stays the document's unless changed here: the new version's key is wrapped only for it (a
    device outside it keeps the old version's key, which opens nothing new). The dialog stays
    open on a refusal, which it shows; it closes once the server has the new version.

    Attributes: document, path, note_edit, audience_box, status_label, ok_button, cancel_button.
    Methods: async replace().
    Signals: version_did_publish(text): the new version is in the log; what to tell the technician.
    """

    version_did_publish = Signal(str)

    def __init__(self, model: Any, document: Document, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.document = document
        self.path = path
        self.setWindowTitle(self.tr("Thay phiên bản mới"))
        self.setMinimumWidth(620)
        what = QLabel(self.tr("Thay «{0}» (phiên bản {1}, {2} trang) bằng tệp «{3}». Đại biểu sẽ thấy phiên bản {4} "
                              "kèm ghi chú thay đổi.").format(document.title, document.version, document.pages,
                                                               path.name, document.version + 1), self)
        what.setWordWrap(True)
        self.note_edit = QLineEdit(self)
        self.note_edit.setMaxLength(NOTE_LIMIT)
        self.note_edit.setMinimumHeight(theme.MIN_TOUCH_PX)
        self.note_edit.setPlaceholderText(self.tr("Ví dụ: đã cập nhật số liệu quý IV"))
        self.audience_box = audience_box(model.state, document.audience, self)
        self.audience_box.setMinimumHeight(theme.MIN_TOUCH_PX)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.hide()
        self.ok_button = primary(QPushButton(self.tr("Thay phiên bản"), self))
        self.ok_button.clicked.connect(lambda: spawn(self.replace()))
        self.cancel_button = QPushButton(self.tr("Không thay"), self)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(QLabel(self.tr("Ghi chú thay đổi:"), self))
        layout.addWidget(self.note_edit)
        layout.addWidget(QLabel(self.tr("Dành cho:"), self))
        layout.addWidget(self.audience_box)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)

    async def replace(self) -> str | None:
        """Checks, encrypts and publishes the new version; the text to show in the panel, or None."""
        document = self.document
        note = " ".join(self.note_edit.text().split())
        audience = str(self.audience_box.currentData() or AUDIENCE_ALL)
        self.ok_button.setEnabled(False)
        self.audience_box.setEnabled(False)
        self._say(self.tr("Đang kiểm tra tệp…"), theme.MUTED)
        try:
            # The import asks for an item; a document published without one keeps none.
            checked = await check(self.path, item_id=document.item_id or "-", title=document.title,
                                  classification=document.classification, version=document.version + 1)
        except DomainError as exc:
            self._refused(exc.message)
            return None
        self._say(self.tr("Đang mã hóa và gửi lên máy chủ…"), theme.MUTED)
        answer = await publish(self.model, checked, document_id=document.document_id, item_id=document.item_id,
                               version=document.version + 1, change_note=note, audience=audience)
        if answer.get("type") != "ack":
            self._refused(str(answer.get("message") or self.tr("Máy chủ từ chối.")))
            return None
        text = self.tr("Đã thay «{0}» bằng phiên bản {1}.").format(document.title, document.version + 1)
        if audience != document.audience:
            text += " " + self.tr("Từ phiên bản này, tài liệu dành cho: {0}.").format(
                audience_words(self.model.state, audience))
        found = notes(checked.imported, document.classification)
        if found:
            text += " " + self.tr("Lưu ý: {0}.").format("; ".join(found))
        self.version_did_publish.emit(text)
        self.accept()
        return text

    def _refused(self, message: str) -> None:
        self._say(self.tr("Không thay được: {0}").format(message), theme.DANGER)
        self.ok_button.setEnabled(True)
        self.audience_box.setEnabled(True)

    def _say(self, text: str, color: str) -> None:
        self.status_label.setText(text)
        theme.restyle(self.status_label, f"color: {color}; font-weight: bold;")
        self.status_label.show()


def retract_box(document: Document, presenting: bool, parent: QWidget) -> tuple[QMessageBox, QPushButton]:
    """The confirmation before `document.remove`; its retract button, not the default."""
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Thu hồi tài liệu"),
                      tr("Thu hồi «{0}» khỏi kỳ họp? Đại biểu sẽ không mở được tài liệu này nữa.").format(document.title),
                      QMessageBox.StandardButton.NoButton, parent)
    if presenting:
        box.setInformativeText(tr("Tài liệu đang được trình chiếu trên màn hình hội trường: màn hình sẽ thôi "
                                  "trình chiếu."))
    retract = box.addButton(tr("Thu hồi"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(tr("Không thu hồi"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box, retract
