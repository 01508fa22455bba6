"""Writing a sticky note: a big text box, and large buttons to keep, delete or leave it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from app.annotations import MAX_NOTE
from ui import theme


class NoteDialog(QDialog):
    """One note, new or existing, of page `page` (0-based).

    Attributes: editor, save_button, delete_button (only for an existing note), cancel_button.
    Signals: note_did_save(text), note_did_get_deleted. Closing any other way changes nothing.
    """

    note_did_save = Signal(str)
    note_did_get_deleted = Signal()

    def __init__(self, page: int, text: str = "", existing: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Ghi chú – Trang {n}").format(n=page + 1))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(620, 420)
        heading = QLabel(self.tr("Ghi chú của bạn ở trang {n}").format(n=page + 1), self)
        heading.setStyleSheet("font-size: 17pt; font-weight: bold;")
        self.editor = QPlainTextEdit(self)
        self.editor.setPlainText(text)
        self.editor.setPlaceholderText(self.tr("Viết ghi chú tại đây…"))
        self.editor.setStyleSheet("font-size: 17pt; padding: 6px;")
        self.editor.textChanged.connect(self._refresh)
        self.count_label = QLabel(self)
        self.count_label.setStyleSheet(f"color: {theme.MUTED};")
        self.save_button = QPushButton(self.tr("Lưu ghi chú"), self)
        self.save_button.setObjectName("checkIn")  # the filled, primary look
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)
        self.cancel_button = QPushButton(self.tr("Đóng, không lưu"), self)
        self.cancel_button.clicked.connect(self.reject)
        self.delete_button = QPushButton(self.tr("Xóa ghi chú"), self)
        self.delete_button.setStyleSheet(f"color: {theme.DANGER}; border-color: {theme.DANGER};")
        self.delete_button.clicked.connect(self._delete)
        self.delete_button.setVisible(existing)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(heading)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.count_label)
        layout.addLayout(buttons)
        self.editor.setFocus()
        self._refresh()

    def _refresh(self) -> None:
        text = self.editor.toPlainText()
        self.save_button.setEnabled(bool(text.strip()) and len(text) <= MAX_NOTE)
        left = MAX_NOTE - len(text)
        if left < 0:
            self.count_label.setText(self.tr("Ghi chú quá dài: bớt {n} ký tự.").format(n=-left))
        else:
            self.count_label.setText(self.tr("Còn viết được {n} ký tự.").format(n=left))

    def _save(self) -> None:
        self.note_did_save.emit(self.editor.toPlainText().strip())
        self.accept()

    def _delete(self) -> None:
        self.note_did_get_deleted.emit()
        self.accept()
