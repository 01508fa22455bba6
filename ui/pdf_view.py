"""The document reader: continuous pages, thumbnails, zoom, rendering on one worker thread.

Built to open a 300-page document as fast as a small one: the worker renders page 1 as soon as
the PDF is open, at the zoom the reader will use, before anything else; the page area is one tall
container with widgets only for the pages near the view (recycled as it scrolls), and the
thumbnail strip is a list view over a model that renders only the rows in sight. Jobs on the
worker run by priority (what is on screen first, thumbnails last) and those the reader no
longer wants are dropped unrun.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import logging
import math
import threading
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
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
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
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
NEIGHBOURS = 2  # pages rendered ahead and behind the visible ones, and given widgets
KEEP = 8  # pages kept as pixmaps around the visible ones; the rest are dropped
FIT_SAMPLE = 50  # fit to width fits the widest of the first pages
THUMB_WIDTH = 110
THUMB_SIZE = QSize(THUMB_WIDTH, int(THUMB_WIDTH * 1.42))
THUMB_ITEM = QSize(THUMB_WIDTH + 20, int(THUMB_WIDTH * 1.42) + 36)
THUMB_SPACING = 6
THUMB_STRIP = THUMB_WIDTH + 48  # the strip's width
THUMBS_AHEAD = 2  # thumbnails rendered below the last row in sight
THUMBS_KEEP = 40  # thumbnails kept around the rows in sight; the rest are dropped
SETTLE_MS = 150  # a new document's neighbours are rendered after its first paint, or this
OPENING_MESSAGE_MS = 150  # "Đang mở tài liệu…" only for a document slower than this to show
SIZES_CHUNK = 64  # page sizes read per job, so that a page wanted meanwhile waits little
PEN_WIDTH = 2.5  # points: a felt-tip line, easy to see at the zoom that fits the column
PAN_SLOP_PX = 8  # a finger moving less than this is a tap, not a drag
MAX_STROKE_POINTS = 4000

# The worker's jobs run lowest first; equal ones in the order asked.
OPEN, VISIBLE, NEAR, THUMB = 0, 1, 2, 3


def to_image(page: RenderedPage) -> QImage:
    """The page's pixels as an image a pixmap takes as it is (made on the worker: QImage, unlike
    QPixmap, may be made on any thread). The copy gives the image memory of its own, so it does
    not depend on the bytes object outliving it."""
    return QImage(page.samples, page.width, page.height, page.stride, QImage.Format.Format_RGB32).copy()


def fit_zoom(widest: float, room: int) -> float:
    """Pixels per point for a page `widest` points wide to fill `room` pixels."""
    return max(MIN_ZOOM, min(MAX_ZOOM, room / max(widest, 1.0)))


class PageRenderer(QObject):
    """Opens and renders documents on one worker thread, handing results back as signals
    (queued into the GUI thread, because this object lives there).

    Jobs wait in a priority queue: opening first, then the pages on screen (VISIBLE), the
    neighbours (NEAR) and thumbnails (THUMB); a job asked for twice while waiting runs once.
    Attributes read by the worker when it takes a job, to drop what is no longer wanted:
    generation (the document now shown), zoom, wanted (pages), thumbs_wanted (thumbnail rows).
    Signals: document_did_open(generation, PdfPages, zoom, QImage or None): page 1 rendered at
    `zoom` (from open's first_zoom) comes with it; document_did_fail(generation, message);
    page_did_render(generation, index, zoom, QImage); thumb_did_render(generation, index,
    QImage); sizes_did_load(generation, sizes of every page in points).
    """

    document_did_open = Signal(int, object, float, object)
    document_did_fail = Signal(int, str)
    page_did_render = Signal(int, int, float, object)
    thumb_did_render = Signal(int, int, object)
    sizes_did_load = Signal(int, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        # Read by the worker, written by the GUI thread; each is replaced whole, never mutated.
        self.generation = 0
        self.zoom = 1.0
        self.wanted: frozenset[int] = frozenset()
        self.thumbs_wanted: frozenset[int] = frozenset()
        self._cond = threading.Condition()
        self._queue: list[tuple[int, int, Hashable, Callable[..., None], tuple[Any, ...]]] = []
        self._waiting: set[Hashable] = set()
        self._order = itertools.count()
        self._closed = False
        # Started now, not with the first document: the delegate's tap should not wait for it.
        self._thread = threading.Thread(target=self._run, name="pdf-render", daemon=True)
        self._thread.start()

    def open(self, load: Callable[[], bytes], previous: PdfPages | None,
             first_zoom: Callable[[PdfPages], float] | None = None) -> int:
        """Opens what `load` returns on the worker; `first_zoom(pages)` gives the zoom at which
        to render page 1 straight away."""
        generation = self.forget()
        if previous is not None:
            self.close_later(previous)
        self._put(OPEN, ("open", generation), self._open_job, generation, load, first_zoom)
        return generation

    def forget(self) -> int:
        """A new generation: what waits for the older document will not be wanted, only
        closings stay queued."""
        self.generation += 1
        with self._cond:
            self._queue = [job for job in self._queue if job[3] is PdfPages.close]
            heapq.heapify(self._queue)
            self._waiting = {job[2] for job in self._queue}
        return self.generation

    def close_later(self, pages: PdfPages) -> None:
        """Closed on the worker, after the job using it (if any) is done."""
        self._put(OPEN, ("close", id(pages)), PdfPages.close, pages)

    def render(self, generation: int, pages: PdfPages, index: int, zoom: float, visible: bool = True) -> None:
        self._put(VISIBLE if visible else NEAR, ("page", generation, index, zoom), self._page_job,
                  generation, pages, index, zoom)

    def thumbnail(self, generation: int, pages: PdfPages, index: int) -> None:
        self._put(THUMB, ("thumb", generation, index), self._thumb_job, generation, pages, index)

    def read_sizes(self, generation: int, pages: PdfPages) -> None:
        """Every page's size, read in chunks between the other jobs, then sizes_did_load."""
        self._put(NEAR, ("sizes", generation), self._sizes_job, generation, pages, 0)

    def pending(self) -> list[Hashable]:
        """The keys of the jobs waiting, in the order they will run (for tests)."""
        with self._cond:
            return [job[2] for job in sorted(self._queue)]

    def shutdown(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join()
        # The worker is gone: documents still waiting to be closed are closed here.
        for _, _, _, fn, args in sorted(self._queue):
            if fn is PdfPages.close:
                fn(*args)
        self._queue = []

    def _put(self, priority: int, key: Hashable, fn: Callable[..., None], *args: Any) -> None:
        with self._cond:
            if self._closed or key in self._waiting:
                return
            self._waiting.add(key)
            heapq.heappush(self._queue, (priority, next(self._order), key, fn, args))
            self._cond.notify()

    # -- on the worker thread ------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                _, _, key, fn, args = heapq.heappop(self._queue)
                self._waiting.discard(key)
            try:
                fn(*args)
            except Exception:
                log.exception("render job %r failed", key)

    def _open_job(self, generation: int, load: Callable[[], bytes],
                  first_zoom: Callable[[PdfPages], float] | None) -> None:
        if generation != self.generation:
            return  # another document was asked for meanwhile
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
        try:
            zoom = first_zoom(pages) if first_zoom is not None else 0.0
        except Exception:
            log.exception("the first page's zoom could not be found")
            zoom = 0.0
        # Page 1 without waiting for the GUI to ask, and before telling it: the GUI's work on a
        # new document would only slow this render down (they share the interpreter lock), and
        # done after it, that work and showing the page make a single frame.
        image = self._render_image(pages, 0, zoom) if zoom else None
        self._emit(self.document_did_open, generation, pages, zoom, image)

    def _page_job(self, generation: int, pages: PdfPages, index: int, zoom: float) -> None:
        if generation != self.generation or zoom != self.zoom or index not in self.wanted:
            return  # the reader moved on while this waited
        self._render(generation, pages, index, zoom)

    def _render(self, generation: int, pages: PdfPages, index: int, zoom: float) -> None:
        image = self._render_image(pages, index, zoom)
        if image is not None:
            self._emit(self.page_did_render, generation, index, zoom, image)

    @staticmethod
    def _render_image(pages: PdfPages, index: int, zoom: float) -> QImage | None:
        try:
            return to_image(pages.render(index, zoom))
        except Exception:
            log.exception("page %d could not be rendered", index)
            return None

    def _thumb_job(self, generation: int, pages: PdfPages, index: int) -> None:
        if generation != self.generation or index not in self.thumbs_wanted:
            return
        try:
            width, _ = pages.page_size(index)
            image = to_image(pages.render(index, THUMB_WIDTH / max(width, 1.0)))
        except Exception:
            log.exception("thumbnail %d could not be rendered", index)
            return
        self._emit(self.thumb_did_render, generation, index, image)

    def _sizes_job(self, generation: int, pages: PdfPages, start: int) -> None:
        if generation != self.generation:
            return
        end = min(pages.page_count, start + SIZES_CHUNK)
        for index in range(start, end):
            pages.page_size(index)
        if end < pages.page_count:
            self._put(NEAR, ("sizes", generation), self._sizes_job, generation, pages, end)
        else:
            self._emit(self.sizes_did_load, generation, [pages.page_size(i) for i in range(pages.page_count)])

    def _emit(self, signal: Signal, *args: object) -> None:
        if not self._closed:
            signal.emit(*args)  # type: ignore[attr-defined]


class ThumbDelegate(QStyledItemDelegate):
    """Thumbnail above its page number, as an icon view draws it: the strip is a list view
    (an icon view lays out every row again whenever one thumbnail arrives)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.decorationPosition = QStyleOptionViewItem.Position.Top  # type: ignore[attr-defined]
        option.decorationAlignment = Qt.AlignmentFlag.AlignHCenter  # type: ignore[attr-defined]
        option.displayAlignment = Qt.AlignmentFlag.AlignHCenter  # type: ignore[attr-defined]

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return THUMB_ITEM


class ThumbModel(QAbstractListModel):
    """One row per page: its number, and its thumbnail once rendered (only rows near the view
    have one). Every row has the same size, so the view lays out 300 rows at no cost."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.count = 0
        self.pixmaps: dict[int, QPixmap] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.count

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not 0 <= row < self.count:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(row + 1)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.pixmaps.get(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignHCenter
        if role == Qt.ItemDataRole.SizeHintRole:
            return THUMB_ITEM
        return None

    def reset(self, count: int) -> None:
        self.beginResetModel()
        self.count = count
        self.pixmaps = {}
        self.endResetModel()

    def set_pixmap(self, row: int, pixmap: QPixmap) -> None:
        self.pixmaps[row] = pixmap
        index = self.index(row)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def drop_outside(self, first: int, last: int) -> None:
        for row in [r for r in self.pixmaps if not first <= r <= last]:
            del self.pixmaps[row]  # out of sight: no repaint needed


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
        self.on_paint: Callable[[PageWidget], None] | None = None  # told when painted with pixels

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
            size = self.pixmap.size()
            if abs(size.width() - self.width()) <= 1 and abs(size.height() - self.height()) <= 1:
                painter.drawPixmap(0, 0, self.pixmap)  # rendered at this zoom: pixel for pixel
            else:  # another zoom's, until this one's is rendered
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
        if self.pixmap is not None and self.on_paint is not None:
            self.on_paint(self)


class PdfView(QWidget):
    """Reads one PDF: pages one under the other, a thumbnail strip, zoom and page buttons, and
    the delegate's annotations drawn with the tool chosen (reading, the default, pans by drag).

    Only the pages near the view have a PageWidget (page_widget(i) makes one for any page on
    demand; it is reused for another page once its own is far from the view) and only the
    pages within KEEP of the view keep their pixmaps.
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
        # The layout: every page's size in points (page 1's for those not read yet), top in pixels.
        self._sizes: list[tuple[float, float]] = []
        self._sizes_read = False
        self._tops: list[int] = []
        self._width = 0
        self._widgets: dict[int, PageWidget] = {}  # the pages near the view
        self._spare: list[PageWidget] = []  # hidden, to be given another page
        self._pixmaps: dict[int, tuple[QPixmap, float]] = {}  # page -> (pixels, zoom)
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
        self._renderer.sizes_did_load.connect(self._on_sizes)
        self._refit = QTimer(self, singleShot=True, interval=60)
        self._refit.timeout.connect(self._apply_fit)
        # Until a new document's first frame is painted, nothing else is rendered (_shown).
        self._shown = True
        self._settle = QTimer(self, singleShot=True)
        self._settle.timeout.connect(self._on_shown)
        self._opening = QTimer(self, singleShot=True)
        self._opening.timeout.connect(self._show_opening)
        self._polished = False
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
        """Opens what `load` returns (called on the worker thread: it may decrypt), and renders
        its first page there at once, at the zoom it will be shown at."""
        self.watermark = watermark
        self._annotations = {}  # the next document's come with set_annotations
        fit, zoom, room = self.fit_width, self.zoom, self._room()

        def first_zoom(pages: PdfPages) -> float:
            return fit_zoom(pages.page_size(0)[0], room) if fit else zoom

        self._generation = self._renderer.open(load, self.pages, first_zoom)
        self.pages = None
        # Page 1 follows in about 20 ms: an "opening" message would flash for one frame, and
        # painting that frame would hold page 1 back (the GUI thread and the worker share the
        # interpreter lock). The reader keeps its pixels until page 1, or the message after
        # OPENING_MESSAGE_MS, replaces them.
        self.stack.setUpdatesEnabled(False)
        self._clear_pages()
        self._opening.start(OPENING_MESSAGE_MS)

    def _show_opening(self) -> None:
        self.show_message(self.tr("Đang mở tài liệu…"))

    def show_message(self, text: str) -> None:
        self._opening.stop()
        self.stack.setUpdatesEnabled(True)
        self.message_label.setText(text)
        self.stack.setCurrentWidget(self.message_label)
        self._update_controls()

    def go_to_page(self, index: int) -> None:
        if not self._tops:
            return
        index = max(0, min(index, len(self._tops) - 1))
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
        for widget in self._widgets.values():
            widget.preview = None
            widget.setCursor(self._cursor())
            widget.update()

    def set_annotations(self, annotations: list[Annotation]) -> None:
        """What the delegate has on this document (this version), drawn on their pages."""
        self._annotations = {}
        for annotation in annotations:
            self._annotations.setdefault(annotation.page, []).append(annotation)
        if self._selected is not None and all(a.annotation_id != self._selected.annotation_id for a in annotations):
            self._selected = None
        for widget in self._widgets.values():
            widget.annotations = self._annotations.get(widget.index, [])
            widget.selected = self._selected_on(widget.index)
            widget.update()

    def show_annotation(self, annotation: Annotation) -> None:
        """Scrolls to the annotation, framed, a third down the view: where the eye goes first."""
        if not 0 <= annotation.page < len(self._tops):
            return
        self._selected = annotation
        for widget in self._widgets.values():
            widget.selected = self._selected_on(widget.index)
            widget.update()
        self.go_to_page(annotation.page)
        y = annotation.rects[0][1] if annotation.rects else annotation.strokes[0][0][1]
        offset = int(y * self.page_widget(annotation.page).scale) - self.scroll.viewport().height() // 3
        if offset > 0:
            bar = self.scroll.verticalScrollBar()
            bar.setValue(self._tops[annotation.page] + offset)
            self._request_visible()

    def page_widget(self, index: int) -> PageWidget:
        """The page's widget, made now if the page is not near the view (then it is reused for
        another page once the view moves, like the others)."""
        if not 0 <= index < len(self._tops):
            raise IndexError(f"page {index} of {len(self._tops)}")
        widget = self._widgets.get(index)
        if widget is None:
            widget = self._widgets[index] = self._bind(index)
        return widget

    def is_rendered(self, index: int) -> bool:
        held = self._pixmaps.get(index)
        return held is not None and held[1] == self.zoom

    def close_document(self, message: str) -> None:
        """Drops the open document, its pages and their pixels, and shows `message` instead:
        a withdrawn document, a revoked device. A document still opening is dropped too."""
        self._generation = self._renderer.forget()  # whatever is still rendering is not wanted
        if self.pages is not None:
            self._renderer.close_later(self.pages)
            self.pages = None
        self._clear_pages()
        self._update_controls()
        self.show_message(message)

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

        # A view over a model, every row the same size: 300 pages cost no more than 3.
        self.thumb_model = ThumbModel(self)
        self.thumbs = QListView(self)
        self.thumbs.setAccessibleName(self.tr("Các trang của tài liệu"))
        self.thumbs.setModel(self.thumb_model)
        self.thumbs.setItemDelegate(ThumbDelegate(self.thumbs))
        self.thumbs.setUniformItemSizes(True)
        self.thumbs.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.thumbs.setIconSize(THUMB_SIZE)
        self.thumbs.setSpacing(THUMB_SPACING)
        self.thumbs.setFixedWidth(THUMB_STRIP)
        self.thumbs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.thumbs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.thumbs.setStyleSheet(f"QListView {{ background: {theme.PANEL}; font-size: 12pt; }}")
        self.thumbs.clicked.connect(lambda index: self.go_to_page(index.row()))
        thumb_bar = self.thumbs.verticalScrollBar()
        thumb_bar.valueChanged.connect(self._request_thumbs)
        thumb_bar.rangeChanged.connect(self._request_thumbs)  # laid out, or resized: more rows in sight

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

    def _on_open(self, generation: int, pages: PdfPages, first_zoom: float, first: QImage | None) -> None:
        if generation != self._generation:
            self._renderer.close_later(pages)
            return
        self.pages = pages
        self._current = 0
        self._clear_pages()
        self._selected = None
        # Page 1's size for every page until all are read (after page 1 is on screen): the
        # layout is exact at once for the usual document of same-sized pages.
        size = pages.page_size(0)  # read on the worker already
        self._sizes = [pages.known_size(i) or size for i in range(pages.page_count)]
        self._sizes_read = False
        self._shown = False
        self._settle.start(SETTLE_MS)  # in case the view is not painted (hidden)
        self._opening.stop()
        self.stack.setUpdatesEnabled(True)
        self.stack.setCurrentWidget(self._reader)  # lays the reader out, at once
        zoom = self._fit_zoom() if self.fit_width else self.zoom
        if first is not None and zoom == first_zoom:
            # Page 1 is there before its widget: the first frame shows it, not a placeholder.
            self._pixmaps[0] = (QPixmap.fromImage(first), zoom)
        self._apply_zoom(zoom)
        self.scroll.verticalScrollBar().setValue(0)
        self.scroll.setFocus()
        self._request_visible()
        self.document_did_load.emit()
        if self.is_rendered(0):
            self.page_did_render.emit(0)

    def _on_fail(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.show_message(message)
            self.document_did_fail.emit(message)

    def _clear_pages(self) -> None:
        self._press = None
        for widget in self._widgets.values():
            self._release(widget)
        self._widgets = {}
        self._pixmaps = {}
        self._sizes = []
        self._tops = []
        self._requested.clear()
        self._thumbs_requested.clear()
        self._renderer.wanted = frozenset()
        self._renderer.thumbs_wanted = frozenset()
        self.thumb_model.reset(0)
        self._update_controls()

    def _on_sizes(self, generation: int, sizes: list[tuple[float, float]]) -> None:
        if generation != self._generation or len(sizes) != len(self._sizes):
            return
        self._sizes_read = True
        if sizes == self._sizes:
            return  # as guessed: nothing moves
        bar = self.scroll.verticalScrollBar()
        within = bar.value() - self._tops[self._current]  # kept: the text read stays in place
        self._sizes = sizes
        if self.fit_width and self._fit_zoom() != self.zoom:
            self._apply_zoom(self._fit_zoom())
        else:
            self._layout_pages()
            bar.setValue(self._tops[self._current] + within)
            self._request_visible()

    # -- zoom and layout -----------------------------------------------------------------------

    def _room(self) -> int:
        """The width pages can take: the reading column's, less the gaps on both sides."""
        if self.stack.currentWidget() is self._reader:
            width = self.scroll.viewport().width()
        else:  # not laid out while a message shows: what it will be once it is
            width = self.stack.contentsRect().width() - THUMB_STRIP - self.scroll.verticalScrollBar().sizeHint().width()
        return width - 2 * PAGE_GAP - 4

    def _fit_zoom(self) -> float:
        if not self._sizes:
            return self.zoom
        return fit_zoom(max(w for w, _ in self._sizes[:FIT_SAMPLE]), self._room())

    def _apply_fit(self) -> None:
        if self.pages is None:
            return
        if self.fit_width:
            self._apply_zoom(self._fit_zoom())
        else:
            self._layout_pages()  # re-centre in the new width
            self._request_visible()

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

    def _pixels(self, index: int) -> tuple[int, int]:
        w, h = self._sizes[index]
        return max(1, round(w * self.zoom)), max(1, round(h * self.zoom))

    def _layout_pages(self) -> None:
        """Pages one under the other, centred, PAGE_GAP apart: their tops, and a container as
        tall as all of them; only the widgets near the view are placed in it."""
        zoom = self.zoom
        top = PAGE_GAP
        tops = []
        widest = 0
        for w, h in self._sizes:
            tops.append(top)
            top += max(1, round(h * zoom)) + PAGE_GAP
            widest = max(widest, round(w * zoom))
        self._tops = tops
        self._width = max(self._room() + 2 * PAGE_GAP + 4, widest + 2 * PAGE_GAP)
        self.page_container.resize(self._width, top)
        for widget in self._widgets.values():
            self._place(widget)

    def _place(self, widget: PageWidget) -> None:
        w, h = self._pixels(widget.index)
        widget.points = self._sizes[widget.index]
        widget.setGeometry((self._width - w) // 2, self._tops[widget.index], w, h)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refit.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._polished:
            # The reader's widgets are styled when the view first shows, while it shows a
            # message: not when the first document opens, as the delegate waits for it.
            self._polished = True
            self._reader.ensurePolished()
            self.toolbar.ensurePolished()

    # -- page widgets --------------------------------------------------------------------------

    def _cursor(self) -> Qt.CursorShape:
        return Qt.CursorShape.ArrowCursor if self.tool == "read" else Qt.CursorShape.CrossCursor

    def _selected_on(self, index: int) -> str | None:
        selected = self._selected
        return selected.annotation_id if selected is not None and selected.page == index else None

    def _bind(self, index: int) -> PageWidget:
        """A widget showing page `index`: a spare one if there is, else a new one."""
        widget = self._spare.pop() if self._spare else PageWidget(index, self.page_container, self._on_page_input)
        widget.index = index
        held = self._pixmaps.get(index)
        widget.pixmap, widget.pixmap_zoom = held if held is not None else (None, 0.0)
        widget.watermark = self.watermark
        widget.annotations = self._annotations.get(index, [])
        widget.selected = self._selected_on(index)
        widget.preview = None
        widget.on_paint = self._on_painted
        widget.setCursor(self._cursor())
        self._place(widget)
        widget.show()
        return widget

    def _release(self, widget: PageWidget) -> None:
        widget.hide()
        widget.pixmap = None
        widget.annotations = []
        widget.preview = None
        self._spare.append(widget)

    def _sync_widgets(self, first: int, last: int, around: int) -> None:
        """Widgets for the pages from `first` to `last` and `around` more on each side; others
        go spare (not the one under a finger, whose gesture is not over)."""
        low, high = max(0, first - around), min(len(self._tops) - 1, last + around)
        pressed = self._press[0] if self._press is not None else -1
        for index in [i for i in self._widgets if not low <= i <= high and i != pressed]:
            self._release(self._widgets.pop(index))
        for index in range(low, high + 1):
            if index not in self._widgets:
                self._widgets[index] = self._bind(index)

    # -- rendering -----------------------------------------------------------------------------

    def _visible_range(self) -> tuple[int, int]:
        if not self._tops:
            return (0, -1)
        top = self.scroll.verticalScrollBar().value()
        bottom = top + self.scroll.viewport().height()
        # The first page whose bottom is below the top of the view, the last whose top is above its bottom.
        first = max(0, bisect.bisect_right(self._tops, top) - 1)
        if self._tops[first] + self._pixels(first)[1] <= top and first + 1 < len(self._tops):
            first += 1
        last = max(first, bisect.bisect_left(self._tops, bottom) - 1)
        return (first, min(last, len(self._tops) - 1))

    def _request_visible(self) -> None:
        if self.pages is None or not self._tops:
            return
        first, last = self._visible_range()
        count = len(self._tops)
        visible = range(first, last + 1)
        # The neighbours (their widgets too), the rest of the document's sizes and the
        # thumbnails wait until what is on screen is rendered: the GUI thread and the worker
        # share one interpreter lock, and whatever either does meanwhile delays the first page.
        settled = self._shown and all(self.is_rendered(i) for i in visible)
        self._sync_widgets(first, last, NEIGHBOURS if settled else 0)
        wanted = range(max(0, first - NEIGHBOURS), min(count, last + NEIGHBOURS + 1)) if settled else visible
        self._renderer.wanted = frozenset(wanted)
        self._requested.intersection_update(wanted)  # the others are dropped by the worker
        # Visible pages first, then the neighbours, nearest first.
        order = sorted(wanted, key=lambda i: 0 if first <= i <= last else min(abs(i - first), abs(i - last)))
        for index in order:
            if index not in self._requested and not self.is_rendered(index):
                self._requested.add(index)
                self._renderer.render(self._generation, self.pages, index, self.zoom, visible=first <= index <= last)
        if settled:
            if not self._sizes_read:
                self._renderer.read_sizes(self._generation, self.pages)
            if self.thumb_model.count != count:
                self.thumb_model.reset(count)
                self._set_current(self._current)  # marked in the strip
            self._request_thumbs()
        # Far pages give their memory back.
        for index in [i for i in self._pixmaps if not first - KEEP <= i <= last + KEEP]:
            del self._pixmaps[index]
            widget = self._widgets.get(index)
            if widget is not None:
                widget.pixmap = None

    def _thumb_rows(self) -> tuple[int, int]:
        """The rows of the thumbnail strip in sight, from where its first two rows are (all rows
        have one size); before the strip is laid out, from its scroll bar."""
        count = self.thumb_model.count
        first_rect = self.thumbs.visualRect(self.thumb_model.index(0))
        second_rect = self.thumbs.visualRect(self.thumb_model.index(1)) if count > 1 else QRect()
        if first_rect.isValid() and second_rect.isValid() and second_rect.top() > first_rect.top():
            pitch, top = second_rect.top() - first_rect.top(), -first_rect.top()
        else:
            pitch, top = THUMB_ITEM.height() + THUMB_SPACING, self.thumbs.verticalScrollBar().value()
        height = max(self.thumbs.viewport().height(), pitch)
        last = min(count - 1, max(0, top + height) // pitch)
        return (min(max(0, top) // pitch, last), last)

    def _request_thumbs(self) -> None:
        if self.pages is None or self.thumb_model.count == 0:
            return
        shown_first, shown_last = self._visible_range()
        if not self._shown or not all(self.is_rendered(i) for i in range(shown_first, shown_last + 1)):
            return  # the pages on screen first (_request_visible asks again once they are)
        first, last = self._thumb_rows()
        wanted = range(first, min(self.thumb_model.count, last + 1 + THUMBS_AHEAD))
        self._renderer.thumbs_wanted = frozenset(wanted)
        self._thumbs_requested.intersection_update(wanted)
        for index in wanted:
            if index not in self._thumbs_requested and index not in self.thumb_model.pixmaps:
                self._thumbs_requested.add(index)
                self._renderer.thumbnail(self._generation, self.pages, index)
        self.thumb_model.drop_outside(first - THUMBS_KEEP, last + THUMBS_KEEP)

    def _on_painted(self, widget: PageWidget) -> None:
        """A page was painted with its pixels: the first frame of the document is out."""
        if not self._shown:
            self._settle.start(0)  # after this paint, not inside it

    def _on_shown(self) -> None:
        if not self._shown:
            self._shown = True
            self._request_visible()

    def _on_page(self, generation: int, index: int, zoom: float, image: QImage) -> None:
        self._requested.discard(index)
        if generation != self._generation or index >= len(self._tops) or zoom != self.zoom:
            return
        first, last = self._visible_range()
        if not first - KEEP <= index <= last + KEEP:
            return  # scrolled far away meanwhile
        pixmap = QPixmap.fromImage(image)
        self._pixmaps[index] = (pixmap, zoom)
        widget = self._widgets.get(index)
        if widget is not None:
            widget.pixmap, widget.pixmap_zoom = pixmap, zoom
            if first <= index <= last:
                widget.repaint()  # on screen now, before the worker takes the next job
            else:
                widget.update()
        self.page_did_render.emit(index)
        if first <= index <= last:
            self._request_visible()  # the neighbours and thumbnails, once the view is complete

    def _on_thumb(self, generation: int, index: int, image: QImage) -> None:
        if generation != self._generation or index >= self.thumb_model.count:
            return
        self._thumbs_requested.discard(index)
        pixmap = QPixmap.fromImage(image)
        if self.watermark:
            painter = QPainter(pixmap)
            paint_watermark(painter, pixmap.rect(), self.watermark)
            painter.end()
        self.thumb_model.set_pixmap(index, pixmap)

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
        if not self._tops:
            return
        probe = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() // 3
        # The first page whose bottom (with the gap after it) is below the probe.
        index = max(0, bisect.bisect_right(self._tops, probe) - 1)
        if self._tops[index] + self._pixels(index)[1] + PAGE_GAP <= probe:
            index = min(index + 1, len(self._tops) - 1)
        self._set_current(index)
        self._request_visible()

    def _set_current(self, index: int) -> None:
        if index != self._current:
            self._current = index
            self.page_did_change.emit(index)
        if 0 <= index < self.thumb_model.count:
            self.thumbs.setCurrentIndex(self.thumb_model.index(index))
        self._update_controls()

    def _update_controls(self) -> None:
        count = self.page_count if self.stack.currentWidget() is not self.message_label else 0
        self.page_label.setText(self.tr("Trang {n}/{total}").format(n=self._current + 1, total=count) if count else "")
        self.zoom_label.setText(f"{round(self.zoom * 100)}%" if count else "")
        self.toolbar.setVisible(bool(count))
        self.prev_button.setEnabled(bool(count) and self._current > 0)
        self.next_button.setEnabled(bool(count) and self._current < count - 1)
