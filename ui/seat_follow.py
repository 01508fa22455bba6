"""Following the chair at the seat: the bar over the reader that says what the chair presents, and
the "Theo chủ tọa" toggle (placed in the header) that turns the reader to it. Its words keep the
"SeatWindow" context they are translated under (resources/translations).

While following, every page the chair presents opens here, even after the delegate turned pages
by hand: one rule a delegate can predict. Switched off, nothing moves by itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import theme
from ui.agenda_panel import AgendaPanel
from ui.pdf_view import PdfView
from ui.seat_model import SeatViewModel


class FollowBar(QWidget):
    """Shown only while the chair presents. `showing(document_id)` tells whether the reader shows
    that document, loaded and current (not an old version while the new one downloads).
    Attributes: presenting_label, go_to_presented_button, follow_button (on by default)."""

    def __init__(self, model: SeatViewModel, agenda: AgendaPanel, reader: PdfView,
                 showing: Callable[[str], bool], parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # the theme paints it as a plain QWidget
        self.model, self._agenda, self._reader, self._showing = model, agenda, reader, showing
        self._target: tuple[str, int] | None = None  # document id, 0-based page, until loaded
        self._choosing_presented = False
        self.setObjectName("followBar")
        self.setStyleSheet(
            f"QWidget#followBar {{ background: {theme.PANEL}; border-bottom: 1px solid {theme.LINE}; }}"
        )
        self.presenting_label = QLabel(self)
        self.presenting_label.setWordWrap(True)
        self.presenting_label.setStyleSheet(f"color: {theme.ACCENT}; font-weight: bold;")
        self.go_to_presented_button = QPushButton(
            QCoreApplication.translate("SeatWindow", "Đến trang chủ tọa đang trình chiếu"), self)
        self.go_to_presented_button.clicked.connect(self.go_to_presented)
        follow = QPushButton(parent)  # for the header (SeatHeader.add_follow_button)
        follow.setObjectName("followChair")
        follow.setCheckable(True)
        follow.setChecked(True)
        follow.setMinimumHeight(theme.px(56))
        follow.setMinimumWidth(theme.px(190))
        follow.setAutoDefault(True)
        follow.setAccessibleDescription(QCoreApplication.translate(
            "SeatWindow", "Khi bật, tài liệu tự mở đúng trang chủ tọa đang trình chiếu"))
        follow.setToolTip(QCoreApplication.translate(
            "SeatWindow", "Khi bật, tài liệu tự mở đúng trang chủ tọa đang trình chiếu"))
        follow.setStyleSheet(
            f"QPushButton#followChair:checked {{ background: {theme.ACCENT}; color: {theme.ON_ACCENT}; }}"
            f"QPushButton#followChair:checked:focus {{ background: {theme.FOCUS_BG}; color: {theme.INK};"
            f" border: 4px solid {theme.INK}; }}"
        )
        follow.toggled.connect(self._on_follow_toggled)
        self.follow_button = follow
        # The offer sits under the line it refers to, so a long document title keeps its width.
        words = QVBoxLayout()
        words.setSpacing(4)
        words.addWidget(self.presenting_label)
        words.addWidget(self.go_to_presented_button, 0, Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.addLayout(words, 1)
        model.presenting_did_change.connect(self.on_presenting)
        model.documents_did_change.connect(self.refresh)
        agenda.document_did_get_chosen.connect(self._on_document_chosen)
        reader.document_did_load.connect(self._land_on_presented)

    def go_to_presented(self) -> None:
        """Opens the presented document at the chair's page; a document still downloading
        opens (and turns to that page) once it is here."""
        shown = self.model.presenting
        if shown is None:
            return
        self._target = (shown.document_id, shown.page - 1)  # the reader counts from 0
        self._choosing_presented = True
        try:
            self._agenda.choose(shown.document_id)  # -> open_document, marked in the agenda
        finally:
            self._choosing_presented = False
        self._land_on_presented()

    def _land_on_presented(self) -> None:
        target = self._target
        if target is not None and self._showing(target[0]):
            self._target = None
            self._reader.go_to_page(target[1])

    def _on_document_chosen(self, document_id: str) -> None:
        # The delegate (or a search result) chose something else: the pending page is not theirs.
        if not self._choosing_presented:
            self._target = None

    def on_presenting(self) -> None:
        self.refresh()
        if self.follow_button.isChecked():
            self.go_to_presented()

    def _on_follow_toggled(self, on: bool) -> None:
        self.refresh()
        if on:
            self.go_to_presented()

    def refresh(self) -> None:
        on = self.follow_button.isChecked()
        self.follow_button.setText(QCoreApplication.translate("SeatWindow", "✓ Theo chủ tọa") if on
                                   else QCoreApplication.translate("SeatWindow", "Theo chủ tọa"))
        text = self.model.presenting_text()
        self.presenting_label.setText(text)
        self.presenting_label.setVisible(bool(text))
        self.go_to_presented_button.setVisible(bool(text) and not on)
        self.setVisible(bool(text))
