"""The document reader: continuous pages, thumbnails, zoom, rendering on one worker thread.

Built to open a 300-page document as fast as a small one: the worker (ui.pdf_render) renders
page 1 as soon as the PDF is open, at the zoom the reader will use, before anything else; the
page area (ui.pdf_canvas) is one tall container with widgets only for the pages near the view,
and the thumbnail strip (ui.pdf_thumbnails) renders only the rows in sight. The reader asks the
worker for what is on screen first and the rest once it is painted.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from app.annotations import HIGHLIGHT_COLORS, PEN_COLORS, Annotation
from app.documents_render import PdfPages
from app.page_pixels import FirstPage
from ui import theme
from ui.annotation_overlay import Tool
from ui.pdf_canvas import KEEP, PAGE_GAP, PageCanvas
from ui.pdf_controls import PageControls, install_shortcuts
from ui.pdf_gestures import PageGestures
from ui.pdf_page import PageWidget
from ui.pdf_render import PageRenderer
from ui.pdf_thumbnails import THUMB_STRIP, ThumbStrip

ZOOM_STEP = 1.25
MIN_ZOOM = 0.25
MAX_ZOOM = 5.0
FIT_SAMPLE = 50  # fit to width fits the widest of the first pages
SETTLE_MS = 150  # a new document's neighbours are rendered after its first paint, or this
OPENING_MESSAGE_MS = 150  # "Đang mở tài liệu…" only for a document slower than this to show


def fit_zoom(widest: float, room: int) -> float:
    """Pixels per point for a page `widest` points wide to fill `room` pixels."""
    return FirstPage(0.0, room, MIN_ZOOM, MAX_ZOOM).zoom_for(widest)


class PdfView(QWidget):
    """Reads one PDF: pages one under the other, a thumbnail strip, zoom and page buttons, and
    the delegate's annotations drawn with the tool chosen (reading, the default, pans by drag).

    Only the pages near the view have a PageWidget (page_widget(i) makes one for any page on
    demand; it is reused for another page once its own is far from the view) and only the
    pages within KEEP of the view keep their pixels.
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
        self._sizes_read = False  # every page's size, not only page 1's for those not read yet
        self._current = 0
        self.tool: Tool = "read"
        self.highlight_color = HIGHLIGHT_COLORS[0]
        self.pen_color = PEN_COLORS[0]
        self.gestures = PageGestures(self)
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
        self._quiet = QTimer(self, singleShot=True, interval=OPENING_MESSAGE_MS)
        self._quiet.timeout.connect(self._speak)
        self._polished = False
        self._build()
        install_shortcuts(self)
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
        its first page at once, at the zoom it will be shown at."""
        self.watermark = self.canvas.watermark = watermark
        self.canvas.annotations = {}  # the next document's come with set_annotations
        first = FirstPage(self.zoom, self._room() if self.fit_width else 0, MIN_ZOOM, MAX_ZOOM)
        # The document is laid out in a few ms and page 1 follows: an "opening" message would
        # flash for one frame. The reader keeps its pixels until the new document is laid out,
        # or the message after OPENING_MESSAGE_MS replaces them.
        self._generation = self._renderer.open(load, self.pages, first)  # first: what the tap waits for
        self.pages = None
        self.stack.setUpdatesEnabled(False)
        self._clear_pages()
        self._opening.start(OPENING_MESSAGE_MS)

    def _speak(self) -> None:
        self.canvas.speak()

    def _show_opening(self) -> None:
        self.show_message(self.tr("Đang mở tài liệu…"))

    def show_message(self, text: str) -> None:
        self._opening.stop()
        self.stack.setUpdatesEnabled(True)
        self.message_label.setText(text)
        self.stack.setCurrentWidget(self.message_label)
        self._update_controls()

    def go_to_page(self, index: int) -> None:
        tops = self.canvas.tops
        if not tops:
            return
        index = max(0, min(index, len(tops) - 1))
        self.scroll.verticalScrollBar().setValue(tops[index] - PAGE_GAP // 2)
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
        self.gestures.press = None
        self.canvas.set_cursor(Qt.CursorShape.ArrowCursor if tool == "read" else Qt.CursorShape.CrossCursor)

    def set_annotations(self, annotations: list[Annotation]) -> None:
        """What the delegate has on this document (this version), drawn on their pages."""
        self.canvas.set_annotations(annotations)

    def show_annotation(self, annotation: Annotation) -> None:
        """Scrolls to the annotation, framed, a third down the view: where the eye goes first."""
        if not 0 <= annotation.page < len(self.canvas.tops):
            return
        self.canvas.select(annotation)
        self.go_to_page(annotation.page)
        y = annotation.rects[0][1] if annotation.rects else annotation.strokes[0][0][1]
        offset = int(y * self.page_widget(annotation.page).scale) - self.scroll.viewport().height() // 3
        if offset > 0:
            bar = self.scroll.verticalScrollBar()
            bar.setValue(self.canvas.tops[annotation.page] + offset)
            self._request_visible()

    def page_widget(self, index: int) -> PageWidget:
        """The page's widget, made now if the page is not near the view (then it is reused for
        another page once the view moves, like the others)."""
        return self.canvas.page_widget(index)

    def is_rendered(self, index: int) -> bool:
        held = self.canvas.images.get(index)
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
        self.controls = PageControls(self)
        controls = self.controls
        self.toolbar, self.page_label, self.zoom_label = controls.toolbar, controls.page_label, controls.zoom_label
        self.prev_button, self.next_button = controls.prev_button, controls.next_button
        self.zoom_in_button, self.zoom_out_button, self.fit_button = (
            controls.zoom_in_button, controls.zoom_out_button, controls.fit_button)

        self.strip = ThumbStrip(self)
        self.thumb_model, self.thumbs = self.strip.model, self.strip.view
        self.thumbs.setAccessibleName(self.tr("Các trang của tài liệu"))
        self.thumbs.clicked.connect(lambda index: self.go_to_page(index.row()))
        thumb_bar = self.thumbs.verticalScrollBar()
        thumb_bar.valueChanged.connect(self._request_thumbs)
        thumb_bar.rangeChanged.connect(self._request_thumbs)  # laid out, or resized: more rows in sight

        self.canvas = PageCanvas(self, self.gestures.on_input, self._on_painted)
        self.page_container, self.scroll = self.canvas.container, self.canvas.scroll
        self.scroll.verticalScrollBar().valueChanged.connect(self._on_scroll)

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

    # -- documents -----------------------------------------------------------------------------

    def _on_open(self, generation: int, pages: PdfPages, first_zoom: float) -> None:
        if generation != self._generation:
            self._renderer.close_later(pages)
            return
        self.pages = pages
        self._current = 0
        self._clear_pages()
        self.canvas.selected = None
        # Page 1's size for every page until all are read (after page 1 is on screen): the
        # layout is exact at once for the usual document of same-sized pages.
        size = pages.page_size(0)  # read on the worker already
        self.canvas.sizes = [pages.known_size(i) or size for i in range(pages.page_count)]
        self._sizes_read = False
        self._shown = False
        self._settle.start(SETTLE_MS)  # in case the view is not painted (hidden)
        self._opening.stop()
        self.stack.setUpdatesEnabled(True)
        self.stack.setCurrentWidget(self._reader)  # lays the reader out, at once
        zoom = self._fit_zoom() if self.fit_width else self.zoom
        self.zoom = self._renderer.zoom = zoom  # nothing of this document is at another zoom yet
        if zoom == first_zoom:
            self.canvas.requested.add(0)  # being drawn: it comes as any page does (_on_page)
        # Page 1 follows in a few ms: a "rendering" text would only flash.
        self.canvas.quiet = True
        self._quiet.start()
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
        self.gestures.press = None
        self.canvas.clear()
        self.strip.requested.clear()
        self._renderer.wanted = frozenset()
        self._renderer.thumbs_wanted = frozenset()
        self.thumb_model.reset(0)
        self._update_controls()

    def _on_sizes(self, generation: int, sizes: list[tuple[float, float]]) -> None:
        canvas = self.canvas
        if generation != self._generation or len(sizes) != len(canvas.sizes):
            return
        self._sizes_read = True
        if sizes == canvas.sizes:
            return  # as guessed: nothing moves
        bar = self.scroll.verticalScrollBar()
        within = bar.value() - canvas.tops[self._current]  # kept: the text read stays in place
        canvas.sizes = sizes
        if self.fit_width and self._fit_zoom() != self.zoom:
            self._apply_zoom(self._fit_zoom())
        else:
            canvas.layout(self.zoom, self._room())
            bar.setValue(canvas.tops[self._current] + within)
            self._request_visible()

    # -- zoom ----------------------------------------------------------------------------------

    def _room(self) -> int:
        """The width pages can take: the reading column's, less the gaps on both sides."""
        if self.stack.currentWidget() is self._reader:
            width = self.scroll.viewport().width()
        else:  # not laid out while a message shows: what it will be once it is
            width = self.stack.contentsRect().width() - THUMB_STRIP - self.scroll.verticalScrollBar().sizeHint().width()
        return width - 2 * PAGE_GAP - 4

    def _fit_zoom(self) -> float:
        if not self.canvas.sizes:
            return self.zoom
        return fit_zoom(max(w for w, _ in self.canvas.sizes[:FIT_SAMPLE]), self._room())

    def _apply_fit(self) -> None:
        if self.pages is None:
            return
        if self.fit_width:
            self._apply_zoom(self._fit_zoom())
        else:
            self.canvas.layout(self.zoom, self._room())  # re-centre in the new width
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
        self.canvas.layout(zoom, self._room())
        if changed:
            self.canvas.requested.clear()
            self.go_to_page(keep)
        self._request_visible()
        self._update_controls()

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

    # -- rendering -----------------------------------------------------------------------------

    def _request_visible(self) -> None:
        canvas = self.canvas
        if self.pages is None or not canvas.tops:
            return
        if canvas.request(self._renderer, self._generation, self.pages, self.zoom, self._shown,
                          self.gestures.pressed_page()):
            if not self._sizes_read:
                self._renderer.read_sizes(self._generation, self.pages)
            count = len(canvas.tops)
            if self.thumb_model.count != count:
                self.thumb_model.reset(count)
                self._set_current(self._current)  # marked in the strip
            self._request_thumbs()

    def _request_thumbs(self) -> None:
        if self.pages is None or self.thumb_model.count == 0:
            return
        shown_first, shown_last = self.canvas.visible_range()
        if not self._shown or not all(self.is_rendered(i) for i in range(shown_first, shown_last + 1)):
            return  # the pages on screen first (_request_visible asks again once they are)
        self.strip.request(self._renderer, self._generation, self.pages)

    def _on_painted(self, widget: PageWidget) -> None:
        """A page was painted with its pixels: the first frame of the document is out."""
        if not self._shown:
            self._settle.start(0)  # after this paint, not inside it

    def _on_shown(self) -> None:
        if not self._shown:
            self._shown = True
            self._request_visible()

    def _on_page(self, generation: int, index: int, zoom: float, image: QImage) -> None:
        canvas = self.canvas
        canvas.requested.discard(index)
        if generation != self._generation or index >= len(canvas.tops) or zoom != self.zoom:
            return
        first, last = canvas.visible_range()
        if not first - KEEP <= index <= last + KEEP:
            return  # scrolled far away meanwhile
        canvas.images[index] = (image, zoom)
        widget = canvas.widgets.get(index)
        if widget is not None:
            widget.image, widget.image_zoom = image, zoom
            if first <= index <= last:
                widget.repaint()  # on screen now, before the worker takes the next job
            else:
                widget.update()
        self.page_did_render.emit(index)
        if first <= index <= last:
            self._request_visible()  # the neighbours and thumbnails, once the view is complete

    def _on_thumb(self, generation: int, index: int, image: QImage) -> None:
        if generation == self._generation and index < self.thumb_model.count:
            self.strip.add(index, image, self.watermark)

    # -- position ------------------------------------------------------------------------------

    def _on_scroll(self) -> None:
        if not self.canvas.tops:
            return
        probe = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() // 3
        self._set_current(self.canvas.page_at(probe))
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
        self.controls.show_state(self._current, count, self.zoom)
