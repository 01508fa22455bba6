"""The agenda column: every item in order, the live one marked, each item's documents under it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.model import AgendaItem, Document
from ui import theme
from ui.seat_model import SeatViewModel


class DocumentRow(QFrame):
    """One document: title and version, download state, "Lưu hành nội bộ" badge; a tap opens it.

    Signals: did_tap(document_id).
    """

    did_tap = Signal(str)

    def __init__(self, model: SeatViewModel, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.document_id = document.document_id
        self._selected: bool | None = None
        self.setObjectName("documentRow")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(theme.MIN_TOUCH_PX + 8)
        self.setAccessibleName(self.tr("Tài liệu: {title}").format(title=document.title))
        self.title_label = QLabel(self)
        self.title_label.setWordWrap(True)
        self.state_label = QLabel(self)
        # The state may wrap so a narrow column never clips the badge beside it.
        self.state_label.setWordWrap(True)
        self.badge = QLabel(self.tr("Lưu hành nội bộ"), self)
        self.badge.setStyleSheet(
            f"color: {theme.INTERNAL}; border: 2px solid {theme.INTERNAL}; border-radius: 4px;"
            f"padding: 1px 6px; font-size: {theme.pt(11)}pt; font-weight: bold;"
        )
        lines = QHBoxLayout()
        lines.setContentsMargins(0, 0, 0, 0)
        lines.addWidget(self.state_label)
        lines.addStretch(1)
        lines.addWidget(self.badge)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title_label)
        layout.addLayout(lines)
        self.set_selected(False)
        self.update_document(document)

    def update_document(self, document: Document) -> None:
        title = document.title
        if document.version > 1:
            title += " " + self.tr("(bản {n})").format(n=document.version)
        self.title_label.setText(title)
        self.badge.setVisible(self.model.is_internal(document))
        self.refresh_download()

    def refresh_download(self) -> None:
        document = self.model.document(self.document_id)
        if document is None:
            return
        error = self.model.download_error(self.document_id)
        if self.model.is_ready(document):
            text, color = self.tr("sẵn sàng"), theme.LIVE
        elif error is not None:
            text, color = self.tr("chưa tải được: {e}").format(e=error), theme.DANGER
        else:
            progress = self.model.progress(self.document_id)
            if progress is None:
                text = self.tr("chờ tải")
            else:
                text = self.tr("đang tải {p}%").format(p=int(progress * 100))
            color = theme.WARN
        self.state_label.setText(text)
        self.state_label.setStyleSheet(f"color: {color}; font-size: {theme.pt(12)}pt;")
        self._describe()

    def _describe(self) -> None:
        """What a screen reader says on reaching the row: the title, then its state and badge."""
        self.setAccessibleName(self.tr("Tài liệu: {title}").format(title=self.title_label.text()))
        parts = [self.state_label.text()]
        if not self.badge.isHidden():
            parts.append(self.badge.text())
        self.setAccessibleDescription(" · ".join(parts) + " · " + self.tr("bấm Enter để mở"))

    def set_selected(self, selected: bool) -> None:
        if selected == self._selected:
            return  # a style sheet set again costs a restyle all the same, on the tap's time
        self._selected = selected
        border = theme.ACCENT if selected else theme.LINE
        paper = "#e8f0fb" if selected else theme.PAPER
        # The keyboard's place must show as clearly as a selection: a thick frame and the focus colour.
        self.setStyleSheet(
            f"QFrame#documentRow {{ background: {paper}; border: 2px solid {border}; border-radius: 6px; }}"
            f"QFrame#documentRow:focus {{ background: {theme.FOCUS_BG}; border: 4px solid {theme.INK}; }}"
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # the release that follows is ours: a tap

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.did_tap.emit(self.document_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.did_tap.emit(self.document_id)
            return
        super().keyPressEvent(event)


class AgendaCard(QFrame):
    """One agenda item: number, title, presenter, its state, and its documents."""

    def __init__(self, model: SeatViewModel, item: AgendaItem | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.item_id = item.item_id if item is not None else None
        self.setObjectName("agendaCard")
        self.status = item.status if item is not None else "pending"
        self.status_label = QLabel(self)
        self.title_label = QLabel(self)
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.presenter_label = QLabel(self)
        self.presenter_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        layout.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.title_label)
        layout.addWidget(self.presenter_label)
        if item is None:
            self.title_label.setText(self.tr("Tài liệu chung của kỳ họp"))
            self.status_label.hide()
            self.presenter_label.hide()
        else:
            self.title_label.setText(f"{item.position}. {item.title}")
            if item.presenter:
                self.presenter_label.setText(self.tr("Trình bày: {who}").format(who=item.presenter))
            else:
                self.presenter_label.hide()
        self.rows: dict[str, DocumentRow] = {}
        for document in model.documents_of(self.item_id):
            row = DocumentRow(model, document, self)
            self.rows[document.document_id] = row
            layout.addWidget(row)
        self._style()

    def _style(self) -> None:
        ink, paper, border, weight = theme.INK, theme.PAPER, theme.LINE, "normal"
        if self.status == "active":
            ink, paper, border, weight = theme.INK, theme.LIVE_BG, theme.LIVE, "bold"
            self.status_label.setText(self.tr("▶ Đang thảo luận"))
            self.status_label.setStyleSheet(
                f"color: {theme.ON_ACCENT}; background: {theme.LIVE}; padding: 3px 10px; border-radius: 4px;"
                "font-weight: bold;"
            )
        elif self.status == "done":
            ink, paper = theme.MUTED, "#f4f5f6"
            self.status_label.setText(self.tr("✓ Đã xong"))
            self.status_label.setStyleSheet(f"color: {theme.MUTED}; font-size: {theme.pt(12)}pt;")
        else:
            self.status_label.hide()
        width = 3 if self.status == "active" else 1
        self.setStyleSheet(
            f"QFrame#agendaCard {{ background: {paper}; border: {width}px solid {border}; border-radius: 8px; }}"
        )
        self.title_label.setStyleSheet(f"color: {ink}; font-weight: {weight};")
        self.presenter_label.setStyleSheet(f"color: {theme.MUTED}; font-size: {theme.pt(12)}pt;")


class AgendaPanel(QScrollArea):
    """The whole agenda, rebuilt when the agenda or the documents change (a few dozen widgets),
    with download progress updated in place.

    Attributes: cards (item id -> AgendaCard; None holds documents of no item), selected.
    Signals: document_did_get_chosen(document_id).
    """

    document_did_get_chosen = Signal(str)

    def __init__(self, model: SeatViewModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.cards: dict[str | None, AgendaCard] = {}
        self.selected: str | None = None
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(self.tr("Chương trình kỳ họp"))
        model.agenda_did_change.connect(self.rebuild)
        model.documents_did_change.connect(self.rebuild)
        model.download_did_progress.connect(self._on_progress)
        self.rebuild()

    def rebuild(self) -> None:
        body = self.widget()
        if body is None:
            body = QWidget()
            body.setObjectName("agendaBody")
            QVBoxLayout(body)
            self.setWidget(body)
        layout = body.layout()
        assert isinstance(layout, QVBoxLayout)
        # Old cards are children of the body until deleted: none ever becomes a window.
        while layout.count():
            old = layout.takeAt(0).widget()
            if old is not None:
                old.hide()
                old.deleteLater()
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(10)
        heading = QLabel(self.tr("Chương trình kỳ họp"), body)
        heading.setStyleSheet(f"font-size: {theme.pt(17)}pt; font-weight: bold;")
        layout.addWidget(heading)
        self.cards = {}
        items: list[AgendaItem | None] = list(self.model.agenda())
        if self.model.documents_of(None):
            items.append(None)
        for item in items:
            card = AgendaCard(self.model, item, body)
            for row in card.rows.values():
                row.did_tap.connect(self.choose)
            self.cards[card.item_id] = card
            layout.addWidget(card)
        if not items:
            empty = QLabel(self.tr("Chưa có chương trình kỳ họp."), body)
            empty.setStyleSheet(f"color: {theme.MUTED};")
            layout.addWidget(empty)
        layout.addStretch(1)
        self._mark_selected()
        live = self.cards.get(self.model.active_item_id)
        if live is not None:
            self.ensureWidgetVisible(live, 0, 40)

    def row(self, document_id: str) -> DocumentRow | None:
        return next((c.rows[document_id] for c in self.cards.values() if document_id in c.rows), None)

    def choose(self, document_id: str) -> None:
        self.selected = document_id
        self.document_did_get_chosen.emit(document_id)  # opening first: it is what the tap waits for
        self._mark_selected()

    def _mark_selected(self) -> None:
        for card in self.cards.values():
            for document_id, row in card.rows.items():
                row.set_selected(document_id == self.selected)

    def _on_progress(self, document_id: str) -> None:
        row = self.row(document_id)
        if row is not None:
            row.refresh_download()
