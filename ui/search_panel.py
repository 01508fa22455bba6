"""Search in the meeting's documents at the seat: an indexer off the GUI thread and the search box."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.documents_render import PdfPages
from app.model import Document
from app.storage.search_index import SearchHit, SearchIndex
from ui import theme
from ui.seat_model import SeatViewModel

log = logging.getLogger(__name__)

DEBOUNCE_MS = 250
MAX_RESULTS = 40


class SearchIndexer(QObject):
    """Keeps the search index holding the text of every document ready on this device.

    A ready document whose version the index does not hold is decrypted, its page texts
    extracted and indexed on a worker thread, from `start` on (the seat starts it once its
    window has painted: the worker holds the GIL for long stretches and would slow the window
    being built). Signals: document_did_index(document_id).
    """

    document_did_index = Signal(str)

    def __init__(
        self,
        model: SeatViewModel,
        search: SearchIndex,
        document_bytes: Callable[[Document], bytes],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.model = model
        self.search = search
        self.document_bytes = document_bytes
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-index")
        self._queued: set[tuple[str, int]] = set()
        self._started = False
        self._closed = False
        model.documents_did_change.connect(self.sweep)
        model.download_did_progress.connect(self._on_download)

    def start(self) -> None:
        """Indexes every ready document now, and each one as it becomes ready or changes."""
        self._started = True
        self.sweep()

    def sweep(self) -> None:
        """Queues every ready document whose version the index does not hold yet."""
        for document in list(self.model.state.documents.values()):
            self._consider(document)

    def is_indexed(self, document: Document) -> bool:
        held = self.search.indexed_version(document.document_id)
        return held is not None and held >= document.version

    def forget_all(self) -> None:
        """The documents were wiped from the device (docs/lifecycle.md): their text leaves the
        index too, and each is indexed again if it comes back."""
        for document_id in {document_id for document_id, _ in self._queued}:
            self.search.remove_document(document_id)
        self._queued.clear()

    def shutdown(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _on_download(self, document_id: str) -> None:
        document = self.model.document(document_id)
        if document is not None:
            self._consider(document)

    def _consider(self, document: Document) -> None:
        key = (document.document_id, document.version)
        if not self._started or self._closed or key in self._queued or not self.model.is_ready(document):
            return
        if self.is_indexed(document):
            return
        self._queued.add(key)
        self._pool.submit(self._index_job, document)

    # -- on the worker thread ------------------------------------------------------------------

    def _index_job(self, document: Document) -> None:
        try:
            pages = PdfPages(self.document_bytes(document))
            try:
                texts = [pages.text(index) for index in range(pages.page_count)]
            finally:
                pages.close()
            stored = self.search.index_document(document.document_id, document.version, texts)
        except Exception:
            # Not searchable, still readable; a new version is tried again.
            log.exception("document %s could not be indexed", document.document_id)
            return
        if stored and not self._closed:
            self.document_did_index.emit(document.document_id)


def snippet_html(hit: SearchHit) -> str:
    """The hit's snippet as rich text, the matched words in bold on a yellow ground."""
    # Words of one match next to each other ("Nghị" "quyết") are marked as one run.
    runs: list[tuple[int, int]] = []
    for start, end in sorted(hit.highlights):
        if runs and (start < runs[-1][1] or not hit.snippet[runs[-1][1]:start].strip()):
            runs[-1] = (runs[-1][0], max(end, runs[-1][1]))
        else:
            runs.append((start, end))
    parts: list[str] = []
    at = 0
    for start, end in runs:
        parts.append(html.escape(hit.snippet[at:start]))
        parts.append(f'<b style="background-color: {theme.WARN_BG};">{html.escape(hit.snippet[start:end])}</b>')
        at = end
    parts.append(html.escape(hit.snippet[at:]))
    return "".join(parts)


class ResultRow(QFrame):
    """One page that matched, tappable. Signals: did_tap(document_id, page_index)."""

    did_tap = Signal(str, int)

    def __init__(self, hit: SearchHit, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.hit = hit
        self.setObjectName("searchResult")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.current = False
        self.set_current(False)
        self.title_label = QLabel(title, self)
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("font-weight: bold;")
        self.page_label = QLabel(self.tr("Trang {n}").format(n=hit.page), self)
        self.page_label.setStyleSheet(
            f"color: white; background: {theme.ACCENT}; border-radius: 6px; padding: 2px 10px; font-weight: bold;"
        )
        self.snippet_label = QLabel(self)
        self.snippet_label.setTextFormat(Qt.TextFormat.RichText)
        self.snippet_label.setWordWrap(True)
        self.snippet_label.setText(snippet_html(hit))
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.title_label, 1)
        top.addWidget(self.page_label, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.snippet_label)
        self.setMinimumHeight(theme.MIN_TOUCH_PX)

    def set_current(self, current: bool) -> None:
        """Marks the result now shown in the reader."""
        self.current = current
        border, ground = (theme.ACCENT, "#e8f0fb") if current else ("#c9d3de", theme.PAPER)
        self.setStyleSheet(
            f"QFrame#searchResult {{ border: {3 if current else 2}px solid {border}; border-radius: 8px;"
            f" background: {ground}; }}"
            f"QFrame#searchResult:focus {{ border: 3px solid {theme.ACCENT}; }}"
            "QLabel { background: transparent; }"
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.did_tap.emit(self.hit.document_id, self.hit.page - 1)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.did_tap.emit(self.hit.document_id, self.hit.page - 1)
            return
        super().keyPressEvent(event)


class SearchPanel(QWidget):
    """The search box at the top of the agenda column, its scope and its results.

    While there is a query the results take the column (`results_visible`); clearing the box
    brings the agenda back. Attributes: box, clear_button, all_button, open_button, status_label,
    rows (the ResultRows shown), hits, open_document_id (set by the window).
    Signals: result_did_get_chosen(document_id, page_index), results_did_toggle(bool).
    """

    result_did_get_chosen = Signal(str, int)
    results_did_toggle = Signal(bool)

    def __init__(self, model: SeatViewModel, search: SearchIndex, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.search = search
        self.rows: list[ResultRow] = []
        self.hits: list[SearchHit] = []
        self.open_document_id: str | None = None
        self._current: tuple[str | None, int | None] = (None, None)

        self.box = QLineEdit(self)
        # Short enough for the column at its narrowest; the example sits in the tooltip.
        self.box.setPlaceholderText(self.tr("Tìm trong tài liệu…"))
        self.box.setAccessibleName(self.tr("Tìm trong tài liệu"))
        self.box.setToolTip(self.tr("Gõ có dấu hoặc không dấu, ví dụ: nghi quyet"))
        self.box.setClearButtonEnabled(False)
        self.box.setMinimumHeight(56)
        self.box.setStyleSheet(
            f"QLineEdit {{ font-size: 17pt; padding: 4px 12px; border: 2px solid {theme.ACCENT};"
            f" border-radius: 8px; background: {theme.PAPER}; }}"
            f"QLineEdit:focus {{ border: 3px solid {theme.ACCENT}; }}"
        )
        self.clear_button = QPushButton(self.tr("✕ Xóa"), self)
        self.clear_button.setToolTip(self.tr("Xóa nội dung tìm kiếm, trở về chương trình kỳ họp"))
        self.clear_button.setMinimumHeight(56)
        self.clear_button.hide()
        self.clear_button.clicked.connect(self.clear)

        self.all_button = QPushButton(self.tr("Tất cả tài liệu"), self)
        self.open_button = QPushButton(self.tr("Chỉ tài liệu đang mở"), self)
        self.scope = QButtonGroup(self)
        self.scope.setExclusive(True)
        for button in (self.all_button, self.open_button):
            button.setCheckable(True)
            button.setStyleSheet(
                "QPushButton { text-align: left; padding-left: 14px; }"
                f"QPushButton:checked {{ background: {theme.ACCENT}; color: white; }}"
            )
            self.scope.addButton(button)
        self.all_button.setChecked(True)
        self.scope.buttonClicked.connect(lambda _button: self.refresh())
        # One above the other: side by side, "Chỉ tài liệu đang mở" does not fit a narrow column.
        self.scope_row = QWidget(self)
        scope_layout = QVBoxLayout(self.scope_row)
        scope_layout.setContentsMargins(0, 0, 0, 0)
        scope_layout.setSpacing(6)
        scope_heading = QLabel(self.tr("Tìm trong:"), self.scope_row)
        scope_heading.setStyleSheet(f"color: {theme.MUTED};")
        scope_layout.addWidget(scope_heading)
        scope_layout.addWidget(self.all_button)
        scope_layout.addWidget(self.open_button)
        self.scope_row.hide()

        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet(f"color: {theme.MUTED}; padding: 2px 2px;")
        self.status_label.hide()

        self.results = QScrollArea(self)
        self.results.setWidgetResizable(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("searchBody")
        self._results_layout = QVBoxLayout(body)
        self._results_layout.setContentsMargins(0, 0, 0, 0)
        self._results_layout.setSpacing(8)
        self._results_layout.addStretch(1)
        self.results.setWidget(body)
        self.results.hide()

        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.box, 1)
        row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 6)
        layout.setSpacing(8)
        layout.addLayout(row)
        layout.addWidget(self.scope_row)
        layout.addWidget(self.status_label)
        layout.addWidget(self.results, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self.box.textChanged.connect(self._on_text)
        self.box.returnPressed.connect(self.refresh)
        model.documents_did_change.connect(self.refresh_if_searching)
        self._update_scope()

    @property
    def query(self) -> str:
        return self.box.text().strip()

    @property
    def results_visible(self) -> bool:
        return bool(self.query)

    @property
    def only_open_document(self) -> bool:
        return self.open_button.isChecked()

    def set_open_document(self, document_id: str | None) -> None:
        self.open_document_id = document_id
        self._update_scope()
        if self.only_open_document:
            self.refresh_if_searching()

    def mark_current(self, document_id: str | None, page_index: int | None) -> None:
        """Marks the result the reader shows (kept across new searches)."""
        self._current = (document_id, page_index)
        for row in self.rows:
            row.set_current((row.hit.document_id, row.hit.page - 1) == self._current)

    def clear(self) -> None:
        self.box.clear()
        self.box.setFocus()

    def refresh(self) -> None:
        """Searches now for what is in the box (typing waits DEBOUNCE_MS before this)."""
        self._timer.stop()
        query = self.query
        if not query:
            self.hits = []
            self._show_rows([])
            return
        scope = self.open_document_id if self.only_open_document else None
        try:
            hits = self.search.search(query, document_id=scope, limit=MAX_RESULTS)
        except Exception:  # the box must never take the window down
            log.exception("search failed for %r", query)
            hits = []
        # Only documents still in the meeting; a withdrawn one may linger in the index.
        self.hits = [h for h in hits if self.model.document(h.document_id) is not None]
        self._show_rows(self.hits)

    def refresh_if_searching(self, *_args: object) -> None:
        if self.query:
            self.refresh()

    def _on_text(self, _text: str) -> None:
        searching = bool(self.query)
        self.clear_button.setVisible(bool(self.box.text()))
        self.scope_row.setVisible(searching)
        self.status_label.setVisible(searching)
        self.results.setVisible(searching)
        self.results_did_toggle.emit(searching)
        if searching:
            self._timer.start()
        else:
            self.refresh()

    def _update_scope(self) -> None:
        has_open = self.open_document_id is not None
        self.open_button.setEnabled(has_open)
        if not has_open and self.open_button.isChecked():
            self.all_button.setChecked(True)
        self.open_button.setToolTip(
            "" if has_open else self.tr("Hãy mở một tài liệu trước để tìm riêng trong tài liệu đó.")
        )

    def _show_rows(self, hits: list[SearchHit]) -> None:
        for row in self.rows:
            row.hide()
            row.deleteLater()
        self.rows = []
        body = self.results.widget()
        for index, hit in enumerate(hits):
            document = self.model.document(hit.document_id)
            title = document.title if document is not None else hit.document_id
            row = ResultRow(hit, title, body)
            row.did_tap.connect(self.result_did_get_chosen)
            row.set_current((hit.document_id, hit.page - 1) == self._current)
            self._results_layout.insertWidget(index, row)
            self.rows.append(row)
        query = self.query
        if not query:
            self.status_label.setText("")
        elif not hits:
            self.status_label.setText(self.tr("Không tìm thấy kết quả cho «{q}»").format(q=query))
        else:
            self.status_label.setText(
                self.tr("Tìm thấy {n} trang có «{q}». Chạm vào một kết quả để mở đúng trang đó.").format(
                    n=len(hits), q=query
                )
            )
        self.results.verticalScrollBar().setValue(0)
