"""The document reader: continuous pages, thumbnails, zoom, rendering on one worker thread."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QCoreApplication, QObject, QPoint, QPointF, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QKeySequence,
    QMouseEvent,
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

from app.annotations import HIGHLIGHT_COLORS, PEN_COLORS, Annotation
from app.documents_annotate import snap_to_lines
from app.documents_render import PdfPages, RenderedPage
from app.errors import DomainError
from ui import theme
from ui.annotation_overlay import ERASER_PX, NOTE_ICON_PX, Preview, Tool, note_at, paint_annotations

log = logging.getLogger(__name__)

ZOOM_STEP = 1.25
MIN_ZOOM = 0.25
MAX_ZOOM = 5.0
PAGE_GAP = 14
NEIGHBOURS = 2  # pages rendered ahead and behind the visible ones
KEEP = 8  # pages kept as pixmaps around the visible ones; the rest are dropped
THUMB_WIDTH = 110
PEN_WIDTH = 2.5  # points: a felt-tip line, easy to see at the zoom that fits the column
PAN_SLOP_PX = 8  # a finger moving less than this is a tap, not a drag
MAX_STROKE_POINTS = 4000


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


PageInput = Callable[["PageWidget", str, QMouseEvent], None]


class PageWidget(QWidget):
    """One page: its pixmap when rendered (scaled while a new zoom renders), a placeholder before,
    the delegate's annotations over it, and the watermark over everything.

    Attributes: index, pixmap, pixmap_zoom, watermark, points (page size in points),
    annotations, selected (an annotation id drawn with a frame), preview (what is being drawn).
    Mouse (and touch, which Qt turns into mouse events) goes to `on_input`.
    """

    def __init__(self, index: int, parent: QWidget | None = None, on_input: PageInput | None = None):
        super().__init__(parent)
        self.index = index
        self.pixmap: QPixmap | None = None
        self.pixmap_zoom = 0.0
        self.watermark: str | None = None
        self.points = (1.0, 1.0)
        self.annotations: list[Annotation] = []
        self.selected: str | None = None
        self.preview: Preview | None = None
        self.on_input = on_input

    @property
    def scale(self) -> float:
        """Pixels per point as laid out now (the pixmap may still be of the previous zoom)."""
        return self.width() / max(self.points[0], 1.0)

    def to_points(self, pos: QPointF) -> tuple[float, float]:
        """A position on the widget as points on the page, kept on the page."""
        scale = self.scale
        x = min(max(pos.x() / scale, 0.0), self.points[0])
        y = min(max(pos.y() / scale, 0.0), self.points[1])
        return (x, y)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.on_input is not None and event.button() == Qt.MouseButton.LeftButton:
            self.on_input(self, "press", event)
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.on_input is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self.on_input(self, "move", event)
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.on_input is not None and event.button() == Qt.MouseButton.LeftButton:
            self.on_input(self, "release", event)
        else:
            super().mouseReleaseEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        if self.pixmap is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(self.rect(), self.pixmap)
        else:
            painter.setPen(QColor(theme.MUTED))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Đang hiển thị trang {n}…").format(n=self.index + 1))
        if self.annotations or self.preview is not None:
            paint_annotations(painter, self.scale, self.annotations, self.selected, self.preview)
        if self.watermark:
            paint_watermark(painter, self.rect(), self.watermark)
        painter.setPen(QColor("#9aa3ad"))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()


class PdfView(QWidget):
    """Reads one PDF: pages one under the other, a thumbnail strip, zoom and page buttons, and
    the delegate's annotations drawn with the tool chosen (reading, the default, pans by drag).

    Attributes: pages (PdfPages or None), zoom (pixels per point), fit_width, watermark, tool,
    highlight_color, pen_color.
    Signals: page_did_change(index), document_did_load, document_did_fail(message),
    page_did_render(index); what the finger did with a tool, in points on the page:
    highlight_did_draw(page, Snapped), ink_did_draw(page, stroke), eraser_did_touch(page, x, y,
    radius), note_did_request(page, x, y); note_did_get_tapped(annotation_id).
    """

    page_did_change = Signal(int)
    document_did_load = Signal()
    document_did_fail = Signal(str)
    page_did_render = Signal(int)
    highlight_did_draw = Signal(int, object)
    ink_did_draw = Signal(int, object)
    eraser_did_touch = Signal(int, float, float, float)
    note_did_request = Signal(int, float, float)
    note_did_get_tapped = Signal(str)

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
        self.tool: Tool = "read"
        self.highlight_color = HIGHLIGHT_COLORS[0]
        self.pen_color = PEN_COLORS[0]
        self._annotations: dict[int, list[Annotation]] = {}
        self._selected: Annotation | None = None
        # The gesture under way: page, start in points, start on screen, scroll bars at start.
        self._press: tuple[int, tuple[float, float], QPointF, int, int] | None = None
        self._dragged = False
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
        self._annotations = {}  # the next document's come with set_annotations
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

    def set_tool(self, tool: Tool) -> None:
        self.tool = tool
        self._press = None
        cursor = Qt.CursorShape.ArrowCursor if tool == "read" else Qt.CursorShape.CrossCursor
        for widget in self._page_widgets:
            widget.preview = None
            widget.setCursor(cursor)
            widget.update()

    def set_annotations(self, annotations: list[Annotation]) -> None:
        """What the delegate has on this document (this version), drawn on their pages."""
        self._annotations = {}
        for annotation in annotations:
            self._annotations.setdefault(annotation.page, []).append(annotation)
        if self._selected is not None and all(a.annotation_id != self._selected.annotation_id for a in annotations):
            self._selected = None
        for widget in self._page_widgets:
            widget.annotations = self._annotations.get(widget.index, [])
            widget.selected = self._selected.annotation_id if self._selected is not None else None
            widget.update()

    def show_annotation(self, annotation: Annotation) -> None:
        """Scrolls to the annotation, framed, a third down the view: where the eye goes first."""
        if not 0 <= annotation.page < len(self._page_widgets):
            return
        self._selected = annotation
        for widget in self._page_widgets:
            widget.selected = annotation.annotation_id if widget.index == annotation.page else None
            widget.update()
        self.go_to_page(annotation.page)
        y = annotation.rects[0][1] if annotation.rects else annotation.strokes[0][0][1]
        offset = int(y * self._page_widgets[annotation.page].scale) - self.scroll.viewport().height() // 3
        if offset > 0:
            bar = self.scroll.verticalScrollBar()
            bar.setValue(self._tops[annotation.page] + offset)
            self._request_visible()

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
        self._selected = None
        for index in range(pages.page_count):
            widget = PageWidget(index, self.page_container, self._on_page_input)
            widget.watermark = self.watermark
            widget.annotations = self._annotations.get(index, [])
            if self.tool != "read":
                widget.setCursor(Qt.CursorShape.CrossCursor)
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
        self._press = None
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
        for widget, (w, h), points in zip(self._page_widgets, pixels, sizes, strict=True):
            widget.points = points
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

    # -- annotating ----------------------------------------------------------------------------

    def _on_page_input(self, widget: PageWidget, phase: str, event: QMouseEvent) -> None:
        """One finger (or mouse) gesture on a page, read by the tool chosen."""
        point = widget.to_points(event.position())
        bars = self.scroll.horizontalScrollBar(), self.scroll.verticalScrollBar()
        if phase == "press":
            self._press = (widget.index, point, event.globalPosition(), bars[0].value(), bars[1].value())
            self._dragged = False
        if self._press is None or self._press[0] != widget.index:
            return
        _, start, screen_start, h0, v0 = self._press
        moved = event.globalPosition() - screen_start
        self._dragged = self._dragged or abs(moved.x()) + abs(moved.y()) > PAN_SLOP_PX
        tapped = phase == "release" and not self._dragged
        if self.tool == "read":
            if phase == "move":  # the page follows the finger
                bars[0].setValue(h0 - int(moved.x()))
                bars[1].setValue(v0 - int(moved.y()))
            elif tapped:
                self._tap_note(widget, event.position())
        elif self.tool == "highlight":
            self._highlight_gesture(widget, phase, start, point)
        elif self.tool == "pen":
            self._pen_gesture(widget, phase, point)
        elif self.tool == "eraser":
            widget.preview = Preview(eraser=point) if phase != "release" else None
            widget.update()
            if phase != "release":
                self.eraser_did_touch.emit(widget.index, point[0], point[1], ERASER_PX / widget.scale)
        elif self.tool == "note" and tapped and not self._tap_note(widget, event.position()):
            # The icon's middle where the finger was: the note sits where it was asked for.
            half = NOTE_ICON_PX / 2 / widget.scale
            x = min(max(point[0] - half, 0.0), max(widget.points[0] - 2 * half, 0.0))
            y = min(max(point[1] - half, 0.0), max(widget.points[1] - 2 * half, 0.0))
            self.note_did_request.emit(widget.index, x, y)
        if phase == "release":
            self._press = None

    def _tap_note(self, widget: PageWidget, pos: QPointF) -> bool:
        note = note_at(widget.annotations, pos.x(), pos.y(), widget.scale)
        if note is not None:
            self.note_did_get_tapped.emit(note.annotation_id)
        return note is not None

    def _highlight_gesture(self, widget: PageWidget, phase: str, start: tuple[float, float],
                           point: tuple[float, float]) -> None:
        if self.pages is None:
            return
        # Snapped while dragging, so the delegate sees which lines it will take before letting go.
        snapped = snap_to_lines(self.pages.words(widget.index), (*start, *point))
        if phase == "release":
            widget.preview = None
            if snapped.rects:
                self.highlight_did_draw.emit(widget.index, snapped)
        else:
            widget.preview = Preview(color=self.highlight_color, rects=snapped.rects)
        widget.update()

    def _pen_gesture(self, widget: PageWidget, phase: str, point: tuple[float, float]) -> None:
        if phase == "press" or widget.preview is None:
            widget.preview = Preview(color=self.pen_color, width=PEN_WIDTH, stroke=[point])
        elif phase == "move":
            stroke = widget.preview.stroke
            last = stroke[-1]
            # Points closer than a pixel add nothing but weight to the stored stroke.
            if len(stroke) < MAX_STROKE_POINTS and abs(point[0] - last[0]) + abs(point[1] - last[1]) >= 1 / widget.scale:
                stroke.append(point)
        else:
            stroke = widget.preview.stroke
            widget.preview = None
            self.ink_did_draw.emit(widget.index, tuple(stroke))
        widget.update()

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
