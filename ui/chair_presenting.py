"""The chair's presenting panel: a document of the active item and a page on the hall display and every following seat."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.model import Document
from ui import theme
from ui.chair_model import ChairViewModel


class PresentingPanel(QFrame):
    """What the hall sees now, and the document and page to show next.

    Attributes: now_label, document_box, page_box, pages_label, previous_button, next_button,
    present_button, stop_button.
    Signals: present_requested(document_id, page) (1-based page), stop_requested.
    """

    present_requested = Signal(str, int)
    stop_requested = Signal()

    def __init__(self, model: ChairViewModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self._documents: tuple[tuple[str, str, int], ...] | None = None
        self.now_label = QLabel(self)
        self.now_label.setWordWrap(True)
        self.document_box = QComboBox(self)
        self.document_box.setMinimumHeight(theme.MIN_TOUCH_PX)
        # A long title must not widen the column; the list that drops down shows it in full.
        self.document_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.document_box.setMinimumContentsLength(16)
        self.document_box.currentIndexChanged.connect(self._document_chosen)
        self.page_box = QSpinBox(self)
        self.page_box.setMinimumHeight(theme.MIN_TOUCH_PX)
        self.page_box.setMinimumWidth(90)
        self.page_box.setMinimum(1)
        self.pages_label = QLabel(self)
        self.previous_button = QPushButton(self)
        self.next_button = QPushButton(self)
        self.present_button = QPushButton(self.tr("Trình chiếu"), self)
        self.present_button.setObjectName("present")
        self.present_button.setStyleSheet(
            f"QPushButton#present {{ background: {theme.ACCENT}; color: white; }}"
            "QPushButton#present:disabled { background: #eceff2; color: #6b737c; }"
        )
        self.stop_button = QPushButton(self.tr("Dừng trình chiếu"), self)
        self.previous_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(+1))
        self.present_button.clicked.connect(self._present)
        self.stop_button.clicked.connect(self.stop_requested.emit)
        self.present_button.setToolTip(self.tr("Đưa trang này lên màn hình hội trường và các ghế đang theo chủ tọa"))
        self.stop_button.setToolTip(self.tr("Màn hình hội trường thôi hiển thị tài liệu"))
        self.previous_button.setToolTip(self.tr("Trang trước; đang trình chiếu tài liệu này thì chuyển luôn"))
        self.next_button.setToolTip(self.tr("Trang sau; đang trình chiếu tài liệu này thì chuyển luôn"))

        # Pages turn where the number is: ◀ [3] / 24 ▶, then what it does to the hall.
        self.previous_button.setText("◀")
        self.next_button.setText("▶")
        page = QHBoxLayout()
        page.addWidget(QLabel(self.tr("Trang"), self))
        page.addWidget(self.previous_button)
        page.addWidget(self.page_box)
        page.addWidget(self.pages_label)
        page.addWidget(self.next_button)
        page.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.present_button, 1)
        actions.addWidget(self.stop_button, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.now_label)
        layout.addWidget(QLabel(self.tr("Tài liệu của nội dung đang thảo luận"), self))
        layout.addWidget(self.document_box)
        layout.addLayout(page)
        layout.addLayout(actions)
        layout.addStretch(1)
        self.refresh()

    def documents(self) -> list[Document]:
        state = self.model.state
        docs = [d for d in state.documents.values() if state.active_item is not None and d.item_id == state.active_item]
        return sorted(docs, key=lambda d: (d.title, d.document_id))

    def chosen(self) -> Document | None:
        document_id = self.document_box.currentData()
        return self.model.state.documents.get(document_id) if document_id else None

    def refresh(self) -> None:
        docs = self.documents()
        key = tuple((d.document_id, d.title, d.pages) for d in docs)
        if key != self._documents:
            self._documents = key
            keep = self.document_box.currentData()
            shown = self.model.state.presenting
            self.document_box.blockSignals(True)
            self.document_box.clear()
            for d in docs:
                self.document_box.addItem(d.title, d.document_id)
            ids = [d.document_id for d in docs]
            prefer = shown.document_id if shown is not None and shown.document_id in ids else keep
            # Chosen explicitly: with a placeholder text set, Qt selects nothing by itself.
            if ids:
                self.document_box.setCurrentIndex(ids.index(prefer) if prefer in ids else 0)
            self.document_box.blockSignals(False)
            self._document_chosen()
        self._show_now()
        self._enable()

    def _show_now(self) -> None:
        shown = self.model.state.presenting
        if shown is None:
            self.now_label.setText(self.tr("Không trình chiếu tài liệu nào."))
            theme.restyle(self.now_label, f"color: {theme.MUTED}; font-size: 14pt; padding: 6px;")
            return
        document = self.model.state.documents.get(shown.document_id)
        title = document.title if document is not None else shown.document_id
        pages = document.pages if document is not None else shown.page
        self.now_label.setText(
            self.tr("ĐANG TRÌNH CHIẾU: {title} – trang {page}/{pages}").format(title=title, page=shown.page, pages=pages)
        )
        theme.restyle(
            self.now_label,
            f"color: {theme.LIVE}; background: {theme.LIVE_BG}; font-size: 14pt; font-weight: bold;"
            " padding: 6px; border-radius: 6px;",
        )

    def _document_chosen(self) -> None:
        document = self.chosen()
        pages = document.pages if document is not None else 1
        self.page_box.setMaximum(max(1, pages))
        shown = self.model.state.presenting
        if document is not None and shown is not None and shown.document_id == document.document_id:
            self.page_box.setValue(shown.page)
        self.pages_label.setText(self.tr("/ {n}").format(n=pages) if document is not None else "")
        self._enable()

    def _enable(self) -> None:
        has = self.chosen() is not None
        allowed = self.model.can("present.page")
        for button in (self.present_button, self.previous_button, self.next_button):
            button.setEnabled(allowed and has)
        self.page_box.setEnabled(has)
        self.document_box.setEnabled(bool(self._documents))
        if not self._documents:
            self.document_box.setPlaceholderText(self.tr("Nội dung đang thảo luận không có tài liệu"))
        self.stop_button.setEnabled(self.model.can("present.stop") and self.model.state.presenting is not None)

    def _step(self, step: int) -> None:
        self.page_box.setValue(self.page_box.value() + step)
        document = self.chosen()
        shown = self.model.state.presenting
        # Turning pages while this document is on the hall display moves the hall with it.
        if document is not None and shown is not None and shown.document_id == document.document_id:
            self._present()

    def _present(self) -> None:
        document = self.chosen()
        if document is not None:
            self.present_requested.emit(document.document_id, self.page_box.value())
