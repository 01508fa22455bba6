"""The document reader's controls: the bar of page and zoom buttons, and the keys that do the same."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ui import theme

if TYPE_CHECKING:
    from ui.pdf_view import PdfView




class PageControls:
    """The reader's bar, hidden while there is no document (buttons that do nothing only
    confuse), and its keys, which work wherever the reader has the focus.

    Attributes: toolbar (the bar), prev_button, page_label, next_button, zoom_out_button,
    zoom_label, zoom_in_button, fit_button.
    """

    def __init__(self, view: PdfView):
        self.prev_button = QPushButton(QCoreApplication.translate("PdfView", "◀ Trước"), view)
        self.prev_button.setToolTip(QCoreApplication.translate("PdfView", "Trang trước (PgUp)"))
        self.next_button = QPushButton(QCoreApplication.translate("PdfView", "Sau ▶"), view)
        self.next_button.setToolTip(QCoreApplication.translate("PdfView", "Trang sau (PgDn)"))
        self.page_label = QLabel(view)
        self.page_label.setMinimumWidth(130)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.zoom_out_button = QPushButton("−", view)
        self.zoom_out_button.setToolTip(QCoreApplication.translate("PdfView", "Thu nhỏ chữ (Ctrl −)"))
        self.zoom_in_button = QPushButton("+", view)
        self.zoom_in_button.setToolTip(QCoreApplication.translate("PdfView", "Phóng to chữ (Ctrl +)"))
        for button in (self.zoom_out_button, self.zoom_in_button):
            button.setFixedWidth(theme.MIN_TOUCH_PX + 8)
            button.setStyleSheet("font-size: 22pt; padding: 0;")
        self.fit_button = QPushButton(QCoreApplication.translate("PdfView", "Vừa khung"), view)
        self.fit_button.setToolTip(QCoreApplication.translate("PdfView", "Trang vừa bề ngang khung đọc"))
        self.zoom_label = QLabel(view)
        self.zoom_label.setMinimumWidth(70)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_label.setStyleSheet(f"color: {theme.MUTED};")
        self.prev_button.clicked.connect(view.previous_page)
        self.next_button.clicked.connect(view.next_page)
        self.zoom_in_button.clicked.connect(view.zoom_in)
        self.zoom_out_button.clicked.connect(view.zoom_out)
        self.fit_button.clicked.connect(view.fit_to_width)
        for button in (self.prev_button, self.next_button, self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the pages
        self.toolbar = QWidget(view)
        bar = QHBoxLayout(self.toolbar)
        bar.setContentsMargins(8, 6, 8, 6)
        bar.addWidget(self.prev_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom_label)
        bar.addWidget(self.zoom_in_button)
        bar.addWidget(self.fit_button)

    def show_state(self, current: int, count: int, zoom: float) -> None:
        """Page `current` of `count` at `zoom`; no count: no document, no bar."""
        self.page_label.setText(QCoreApplication.translate("PdfView", "Trang {n}/{total}").format(n=current + 1, total=count) if count else "")
        self.zoom_label.setText(f"{round(zoom * 100)}%" if count else "")
        self.toolbar.setVisible(bool(count))
        self.prev_button.setEnabled(bool(count) and current > 0)
        self.next_button.setEnabled(bool(count) and current < count - 1)


def install_shortcuts(view: PdfView) -> None:
    keys: list[tuple[QKeySequence.StandardKey | Qt.Key | str, Callable[[], None]]] = [
        (Qt.Key.Key_PageDown, view.next_page),
        (Qt.Key.Key_PageUp, view.previous_page),
        (Qt.Key.Key_Right, view.next_page),
        (Qt.Key.Key_Left, view.previous_page),
        (Qt.Key.Key_Home, lambda: view.go_to_page(0)),
        (Qt.Key.Key_End, lambda: view.go_to_page(view.page_count - 1)),
        (QKeySequence.StandardKey.ZoomIn, view.zoom_in),
        ("Ctrl+=", view.zoom_in),
        (QKeySequence.StandardKey.ZoomOut, view.zoom_out),
        ("Ctrl+0", view.fit_to_width),
    ]
    for key, slot in keys:
        shortcut = QShortcut(QKeySequence(key), view)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
