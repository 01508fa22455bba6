"""The document reader: continuous pages, thumbnails, zoom, rendering on one worker thread."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QCoreApplication, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.documents_render import PdfPages, RenderedPage
from app.errors import DomainError
from ui import theme

log = logging.getLogger(__name__)

ZOOM_STEP = 1.25
MIN_ZOOM = 0.25
MAX_ZOOM = 5.0
PAGE_GAP = 14
NEIGHBOURS = 2  # pages rendered ahead and behind the visible ones
KEEP = 8  # pages kept as pixmaps around the visible ones; the rest are dropped
THUMB_WIDTH = 110


def to_image(page: RenderedPage) -> QImage:
    """The GUI thread's only part of rendering: wrap the bytes, then copy them into Qt's memory."""
    image = QImage(page.samples, page.width, page.height, page.stride, QImage.Format.Format_RGB888)
    return image.copy()


class PageRenderer(QObject):
    """Opens and renders documents on one worker thread, handing results back as signals
    (queued into the GUI thread, because this object lives there).

    Attributes: generation (the document now shown; older jobs are skipped), zoom, wanted.
    Signals: document_did_open(generation, PdfPages), document_did_fail(generation, message),
    page_did_render(generation, index, zoom, RenderedPage), thumb_did_render(generation, index,
    RenderedPage).
    """

    document_did_open = Signal(int, object)
    document_did_fail = Signal(int, str)
    page_did_render = Signal(int, int, float, object)
    thumb_did_render = Signal(int, int, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-render")
        # Read by the worker, written by the GUI thread; each is replaced whole, never mutated.
        self.generation = 0
        self.zoom = 1.0
        self.wanted: frozenset[int] = frozenset()
        self._closed = False

    def open(self, load: Callable[[], bytes], previous: PdfPages | None) -> int:
        self.generation += 1
        generation = self.generation
        if previous is not None:
            # Closed on the worker, after any job still using it.
            self._pool.submit(previous.close)
        self._submit(self._open_job, generation, load)
        return generation

    def render(self, generation: int, pages: PdfPages, index: int, zoom: float) -> None:
        self._submit(self._page_job, generation, pages, index, zoom)

    def thumbnail(self, generation: int, pages: PdfPages, index: int) -> None:
        self._submit(self._thumb_job, generation, pages, index)

    def shutdown(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self, fn: Callable[..., None], *args: object) -> None:
        if not self._closed:
            self._pool.submit(fn, *args)

    # -- on the worker thread ------------------------------------------------------------------

    def _open_job(self, generation: int, load: Callable[[], bytes]) -> None:
        try:
            pages = PdfPages(load())
        except DomainError as exc:
            self._emit(self.document_did_fail, generation, exc.message)
            return
        except Exception:
            log.exception("document could not be opened")
            message = QCoreApplication.translate("PdfView", "Không mở được tài liệu này.")
            self._emit(self.document_did_fail, generation, message)
            return
        self._emit(self.document_did_open, generation, pages)

    def _page_job(self, generation: int, pages: PdfPages, index: int, zoom: float) -> None:
        if generation != self.generation or zoom != self.zoom or index not in self.wanted:
            return  # the reader moved on while this waited
        try:
            rendered = pages.render(index, zoom)
        except Exception:
            log.exception("page %d could not be rendered", index)
            return
        self._emit(self.page_did_render, generation, index, zoom, rendered)

    def _thumb_job(self, generation: int, pages: PdfPages, index: int) -> None:
        if generation != self.generation:
            return
        try:
            width, _ = pages.page_size(index)
            rendered = pages.render(index, THUMB_WIDTH / max(width, 1.0))
        except Exception:
            log.exception("thumbnail %d could not be rendered", index)
            return
        self._emit(self.thumb_did_render, generation, index, rendered)

    def _emit(self, signal: Signal, *args: object) -> None:
        if not self._closed:
            signal.emit(*args)  # type: ignore[attr-defined]


def paint_watermark(painter: QPainter, rect: QRect, text: str) -> None:
    """The reader's name and seat, diagonal and see-through, in bands over the whole page, so
    that any part of it on screen (or photographed) shows who was reading."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    diagonal = math.hypot(rect.width(), rect.height())
    font = QFont(theme.vietnamese_family())
    font.setBold(True)
    font.setPixelSize(max(8, int(rect.width() / 24)))
    painter.setFont(font)
    painter.setPen(QColor(170, 20, 20, 60))
    painter.translate(rect.center())
    painter.rotate(-math.degrees(math.atan2(rect.height(), rect.width())))
    internal = QCoreApplication.translate("PdfView", "Lưu hành nội bộ")  # outside the f-string, for lupdate
    label = f"{text} · {internal}"
    line = "      ".join([label] * 3)
    step = max(12, font.pixelSize() * 6)
    band = int(diagonal * 1.5)
    half = int(diagonal / 2)
    for n, offset in enumerate(range(-half, half + step, step)):
        shift = (n % 2) * band // 6  # staggered, like a banknote
        box = QRect(-band // 2 - shift, offset - step // 2, band, step)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, line)
    painter.restore()


class PageWidget(QWidget):
    """One page: its pixmap when rendered (scaled while a new zoom renders), a placeholder before."""

    def __init__(self, index: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.index = index
        self.pixmap: QPixmap | None = None
        self.pixmap_zoom = 0.0
        self.watermark: str | None = None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        if self.pixmap is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(self.rect(), self.pixmap)
        else:
            painter.setPen(QColor(theme.MUTED))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Đang hiển thị trang {n}…").format(n=self.index + 1))
        if self.watermark:
            paint_watermark(painter, self.rect(), self.watermark)
        painter.setPen(QColor("#9aa3ad"))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()


class PdfView(QWidget):
    """Reads one PDF: pages one under the other, a thumbnail strip, zoom and page buttons.

    Attributes: pages (PdfPages or None), zoom (pixels per point), fit_width, watermark.
    Signals: page_did_change(index), document_did_load, document_did_fail(message),
    page_did_render(index).
    """

    page_did_change = Signal(int)
    document_did_load = Signal()
    document_did_fail = Signal(str)
    page_did_render = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.pages: PdfPages | None = None
        self.zoom = 1.0
        self.fit_width = True
        self.watermark: str | None = None
        self._generation = 0
        self._page_widgets: list[PageWidget] = []
        self._tops: list[int] = []
        self._requested: set[int] = set()
        self._thumbs_requested: set[int] = set()
        self._current = 0
        self._renderer = PageRenderer(self)
        self._renderer.document_did_open.connect(self._on_open)
        self._renderer.document_did_fail.connect(self._on_fail)
        self._renderer.page_did_render.connect(self._on_page)
        self._renderer.thumb_did_render.connect(self._on_thumb)
        self._refit = QTimer(self, singleShot=True, interval=60)
        self._refit.timeout.connect(self._apply_fit)
        self._build()
        self._shortcuts()
        self.show_message(self.tr("Chọn một tài liệu ở cột bên trái để đọc."))

    # -- public --------------------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return self.pages.page_count if self.pages is not None else 0

    @property
    def current_page(self) -> int:
        return self._current

    def open_document(self, load: Callable[[], bytes], watermark: str | None = None) -> None:
        """Opens what `load` returns (called on the worker thread: it may decrypt)."""
        self.watermark = watermark
        self._generation = self._renderer.open(load, self.pages)
        self.pages = None
        self._clear_pages()
        self.show_message(self.tr("Đang mở tài liệu…"))

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.stack.setCurrentWidget(self.message_label)
        self._update_controls()

    def go_to_page(self, index: int) -> None:
        if not self._page_widgets:
            return
        index = max(0, min(index, len(self._page_widgets) - 1))
        self.scroll.verticalScrollBar().setValue(self._tops[index] - PAGE_GAP // 2)
        self._set_current(index)
        self._request_visible()

    def next_page(self) -> None:
        self.go_to_page(self._current + 1)

    def previous_page(self) -> None:
        self.go_to_page(self._current - 1)

    def zoom_in(self) -> None:
        self._set_zoom(self.zoom * ZOOM_STEP, fit=False)

    def zoom_out(self) -> None:
        self._set_zoom(self.zoom / ZOOM_STEP, fit=False)

    def fit_to_width(self) -> None:
        self.fit_width = True
        self._apply_fit()

    def page_widget(self, index: int) -> PageWidget:
        return self._page_widgets[index]

    def is_rendered(self, index: int) -> bool:
        widget = self._page_widgets[index] if 0 <= index < len(self._page_widgets) else None
        return widget is not None and widget.pixmap is not None and widget.pixmap_zoom == self.zoom

    def shutdown(self) -> None:
        """Stops the worker; call before the window goes away."""
        self._renderer.shutdown()
        if self.pages is not None:
            self.pages.close()
            self.pages = None

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.prev_button = QPushButton(self.tr("◀ Trước"), self)
        self.prev_button.setToolTip(self.tr("Trang trước (PgUp)"))
        self.next_button = QPushButton(self.tr("Sau ▶"), self)
        self.next_button.setToolTip(self.tr("Trang sau (PgDn)"))
        self.page_label = QLabel(self)
        self.page_label.setMinimumWidth(130)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.zoom_out_button = QPushButton("−", self)
        self.zoom_out_button.setToolTip(self.tr("Thu nhỏ chữ (Ctrl −)"))
        self.zoom_in_button = QPushButton("+", self)
        self.zoom_in_button.setToolTip(self.tr("Phóng to chữ (Ctrl +)"))
        for button in (self.zoom_out_button, self.zoom_in_button):
            button.setFixedWidth(theme.MIN_TOUCH_PX + 8)
            button.setStyleSheet("font-size: 22pt; padding: 0;")
        self.fit_button = QPushButton(self.tr("Vừa khung"), self)
        self.fit_button.setToolTip(self.tr("Trang vừa bề ngang khung đọc"))
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(70)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_label.setStyleSheet(f"color: {theme.MUTED};")
        self.prev_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.fit_button.clicked.connect(self.fit_to_width)
        for button in (self.prev_button, self.next_button, self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the pages
        # Hidden while there is no document: buttons that do nothing only confuse.
        self.toolbar = QWidget(self)
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

        self.thumbs = QListWidget(self)
        self.thumbs.setViewMode(QListWidget.ViewMode.IconMode)
        self.thumbs.setFlow(QListWidget.Flow.TopToBottom)
        self.thumbs.setWrapping(False)
        self.thumbs.setMovement(QListWidget.Movement.Static)
        self.thumbs.setIconSize(QSize(THUMB_WIDTH, int(THUMB_WIDTH * 1.42)))
        self.thumbs.setSpacing(6)
        self.thumbs.setFixedWidth(THUMB_WIDTH + 48)
        self.thumbs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.thumbs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.thumbs.setStyleSheet(f"QListWidget {{ background: {theme.PANEL}; font-size: 12pt; }}")
        self.thumbs.itemClicked.connect(lambda item: self.go_to_page(self.thumbs.row(item)))
        self.thumbs.verticalScrollBar().valueChanged.connect(self._request_thumbs)

        # Pages are placed by hand (_layout_pages): their tops must be known at once, not
        # after a deferred layout pass, to scroll to a page and to find the visible ones.
        self.page_container = QWidget()
        self.page_container.setObjectName("pageContainer")
        self.page_container.setStyleSheet("QWidget#pageContainer { background: #6b737c; }")
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.page_container)
        self.scroll.setWidgetResizable(False)
        # Always there, so fitting to width never flips the bar on and off.
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scroll.verticalScrollBar().valueChanged.connect(self._on_scroll)
        self.scroll.verticalScrollBar().setSingleStep(40)

        reader = QWidget(self)
        body = QHBoxLayout(reader)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.thumbs)
        body.addWidget(self.scroll, 1)

        self.message_label = QLabel(self)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(f"color: {theme.MUTED}; font-size: 18pt; padding: 40px;")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.message_label)
        self.stack.addWidget(reader)
        self._reader = reader

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.stack, 1)

    def _shortcuts(self) -> None:
        keys: list[tuple[QKeySequence.StandardKey | Qt.Key | str, Callable[[], None]]] = [
            (Qt.Key.Key_PageDown, self.next_page),
            (Qt.Key.Key_PageUp, self.previous_page),
            (Qt.Key.Key_Right, self.next_page),
            (Qt.Key.Key_Left, self.previous_page),
            (Qt.Key.Key_Home, lambda: self.go_to_page(0)),
            (Qt.Key.Key_End, lambda: self.go_to_page(self.page_count - 1)),
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            ("Ctrl+=", self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
            ("Ctrl+0", self.fit_to_width),
        ]
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # -- documents -----------------------------------------------------------------------------

    def _on_open(self, generation: int, pages: PdfPages) -> None:
        if generation != self._generation:
            pages.close()
            return
        self.pages = pages
        self._current = 0
        self._clear_pages()
        for index in range(pages.page_count):
            widget = PageWidget(index, self.page_container)
            widget.watermark = self.watermark
            widget.show()
            self._page_widgets.append(widget)
            item = QListWidgetItem(str(index + 1))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            item.setSizeHint(QSize(THUMB_WIDTH + 20, int(THUMB_WIDTH * 1.42) + 36))
            self.thumbs.addItem(item)
        self.stack.setCurrentWidget(self._reader)
        self._apply_zoom(self._fit_zoom() if self.fit_width else self.zoom)
        self.scroll.verticalScrollBar().setValue(0)
        self.scroll.setFocus()
        self._request_visible()
        self._request_thumbs()
        self.document_did_load.emit()

    def _on_fail(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.show_message(message)
            self.document_did_fail.emit(message)

    def _clear_pages(self) -> None:
        for widget in self._page_widgets:
            widget.deleteLater()
        self._page_widgets = []
        self._tops = []
        self._requested.clear()
        self._thumbs_requested.clear()
        self.thumbs.clear()
        self._update_controls()

    # -- zoom and layout -----------------------------------------------------------------------

    def _fit_zoom(self) -> float:
        if self.pages is None:
            return self.zoom
        widest = max(self.pages.page_size(i)[0] for i in range(min(self.pages.page_count, 50)))
        room = self.scroll.viewport().width() - 2 * PAGE_GAP - 4
        return max(MIN_ZOOM, min(MAX_ZOOM, room / max(widest, 1.0)))

    def _apply_fit(self) -> None:
        if self.pages is None:
            return
        if self.fit_width:
            self._apply_zoom(self._fit_zoom())
        else:
            self._layout_pages()  # re-centre in the new width

    def _set_zoom(self, zoom: float, fit: bool) -> None:
        self.fit_width = fit
        self._apply_zoom(max(MIN_ZOOM, min(MAX_ZOOM, zoom)))

    def _apply_zoom(self, zoom: float) -> None:
        keep = self._current
        changed = abs(zoom - self.zoom) > 1e-3
        self.zoom = zoom
        self._renderer.zoom = zoom
        if self.pages is None:
            self._update_controls()
            return
        self._layout_pages()
        if changed:
            self._requested.clear()
            self.go_to_page(keep)
        self._request_visible()
        self._update_controls()

    def _layout_pages(self) -> None:
        """Pages one under the other, centred, PAGE_GAP apart; the container fits them."""
        if self.pages is None:
            return
        sizes = [self.pages.page_size(w.index) for w in self._page_widgets]
        pixels = [(max(1, round(w * self.zoom)), max(1, round(h * self.zoom))) for w, h in sizes]
        widest = max((w for w, _ in pixels), default=0)
        width = max(self.scroll.viewport().width(), widest + 2 * PAGE_GAP)
        top = PAGE_GAP
        self._tops = []
        for widget, (w, h) in zip(self._page_widgets, pixels, strict=True):
            self._tops.append(top)
            widget.setGeometry((width - w) // 2, top, w, h)
            top += h + PAGE_GAP
        self.page_container.resize(width, top)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refit.start()

    # -- rendering -----------------------------------------------------------------------------

    def _visible_range(self) -> tuple[int, int]:
        if not self._page_widgets:
            return (0, -1)
        top = self.scroll.verticalScrollBar().value()
        bottom = top + self.scroll.viewport().height()
        visible = [w.index for w, y in zip(self._page_widgets, self._tops, strict=False)
                   if y < bottom and y + w.height() > top]
        if not visible:
            return (self._current, self._current)
        return (visible[0], visible[-1])

    def _request_visible(self) -> None:
        if self.pages is None or not self._page_widgets:
            return
        first, last = self._visible_range()
        count = len(self._page_widgets)
        wanted = range(max(0, first - NEIGHBOURS), min(count, last + NEIGHBOURS + 1))
        self._renderer.wanted = frozenset(wanted)
        # Visible pages first, then the neighbours, nearest first.
        order = sorted(wanted, key=lambda i: 0 if first <= i <= last else min(abs(i - first), abs(i - last)))
        for index in order:
            if index not in self._requested and not self.is_rendered(index):
                self._requested.add(index)
                self._renderer.render(self._generation, self.pages, index, self.zoom)
        # Far pages give their memory back.
        for widget in self._page_widgets:
            if widget.pixmap is not None and not first - KEEP <= widget.index <= last + KEEP:
                widget.pixmap = None
                self._requested.discard(widget.index)

    def _request_thumbs(self) -> None:
        if self.pages is None or self.thumbs.count() == 0:
            return
        viewport = self.thumbs.viewport()
        top = self.thumbs.indexAt(QPoint(viewport.width() // 2, 5)).row()
        bottom = self.thumbs.indexAt(QPoint(viewport.width() // 2, viewport.height() - 5)).row()
        top = max(0, top)
        bottom = self.thumbs.count() - 1 if bottom < 0 else bottom
        for index in range(top, min(self.thumbs.count(), bottom + 3)):
            if index not in self._thumbs_requested:
                self._thumbs_requested.add(index)
                self._renderer.thumbnail(self._generation, self.pages, index)

    def _on_page(self, generation: int, index: int, zoom: float, rendered: RenderedPage) -> None:
        self._requested.discard(index)
        if generation != self._generation or index >= len(self._page_widgets) or zoom != self.zoom:
            return
        widget = self._page_widgets[index]
        widget.pixmap = QPixmap.fromImage(to_image(rendered))
        widget.pixmap_zoom = zoom
        widget.update()
        self.page_did_render.emit(index)

    def _on_thumb(self, generation: int, index: int, rendered: RenderedPage) -> None:
        if generation != self._generation or index >= self.thumbs.count():
            return
        pixmap = QPixmap.fromImage(to_image(rendered))
        if self.watermark:
            painter = QPainter(pixmap)
            paint_watermark(painter, pixmap.rect(), self.watermark)
            painter.end()
        item = self.thumbs.item(index)
        item.setIcon(pixmap)

    # -- position ------------------------------------------------------------------------------

    def _on_scroll(self) -> None:
        if not self._page_widgets:
            return
        viewport = self.scroll.viewport().height()
        probe = self.scroll.verticalScrollBar().value() + viewport // 3
        current = next(
            (w.index for w, y in zip(self._page_widgets, self._tops, strict=False) if y + w.height() + PAGE_GAP > probe),
            len(self._page_widgets) - 1,
        )
        self._set_current(current)
        self._request_visible()

    def _set_current(self, index: int) -> None:
        if index != self._current:
            self._current = index
            self.page_did_change.emit(index)
        if 0 <= index < self.thumbs.count():
            self.thumbs.setCurrentRow(index)
        self._update_controls()

    def _update_controls(self) -> None:
        count = self.page_count if self.stack.currentWidget() is not self.message_label else 0
        self.page_label.setText(self.tr("Trang {n}/{total}").format(n=self._current + 1, total=count) if count else "")
        self.zoom_label.setText(f"{round(self.zoom * 100)}%" if count else "")
        self.toolbar.setVisible(bool(count))
        self.prev_button.setEnabled(bool(count) and self._current > 0)
        self.next_button.setEnabled(bool(count) and self._current < count - 1)
