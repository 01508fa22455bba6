"""The document reader's page area: pages one under the other in one tall container, with
widgets only for the pages near the view (recycled as it scrolls) and pixels only for those
within KEEP of it."""

from __future__ import annotations

import bisect
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from app.annotations import Annotation
from app.documents_render import PdfPages
from ui.pdf_page import PageInput, PageWidget
from ui.pdf_render import PageRenderer

PAGE_GAP = 14
NEIGHBOURS = 2  # pages rendered ahead and behind the visible ones, and given widgets
KEEP = 8  # pages kept as images around the visible ones; the rest are dropped


class PageCanvas:
    """The pages' layout, their widgets, their pixels and what is drawn over them.

    Attributes: scroll (the QScrollArea), container (the tall widget the pages sit in), sizes
    (every page's size in points; page 1's for those not read yet), tops (each page's top in
    pixels), zoom (of the layout), widgets (page -> PageWidget, the pages near the view),
    images (page -> (pixels, zoom)), requested, watermark, annotations (page -> the delegate's),
    selected (the annotation drawn with a frame), cursor.
    Pages are placed by hand (layout): their tops must be known at once, not after a deferred
    layout pass, to scroll to a page and to find the visible ones.
    """

    def __init__(self, parent: QWidget, on_input: PageInput, on_paint: Callable[[PageWidget], None]):
        self.sizes: list[tuple[float, float]] = []
        self.tops: list[int] = []
        self.width = 0
        self.zoom = 1.0
        self.widgets: dict[int, PageWidget] = {}
        self.spare: list[PageWidget] = []  # hidden, to be given another page
        self.images: dict[int, tuple[QImage, float]] = {}
        self.requested: set[int] = set()  # pages the worker was asked for, not yet come
        self.watermark: str | None = None
        self.annotations: dict[int, list[Annotation]] = {}
        self.selected: Annotation | None = None
        self.cursor = Qt.CursorShape.ArrowCursor
        self.quiet = False  # pages without pixels are blank, without the "rendering" text
        self._on_input = on_input
        self._on_paint = on_paint
        self.container = QWidget()
        self.container.setObjectName("pageContainer")
        self.container.setStyleSheet("QWidget#pageContainer { background: #6b737c; }")
        self.scroll = QScrollArea(parent)
        self.scroll.setWidget(self.container)
        self.scroll.setWidgetResizable(False)
        # Always there, so fitting to width never flips the bar on and off.
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scroll.verticalScrollBar().setSingleStep(40)

    # -- layout --------------------------------------------------------------------------------

    def pixels(self, index: int) -> tuple[int, int]:
        w, h = self.sizes[index]
        return max(1, round(w * self.zoom)), max(1, round(h * self.zoom))

    def layout(self, zoom: float, room: int) -> None:
        """Pages one under the other, centred in `room` pixels, PAGE_GAP apart: their tops, and
        a container as tall as all of them; only the widgets near the view are placed in it."""
        self.zoom = zoom
        top = PAGE_GAP
        tops = []
        widest = 0
        for w, h in self.sizes:
            tops.append(top)
            top += max(1, round(h * zoom)) + PAGE_GAP
            widest = max(widest, round(w * zoom))
        self.tops = tops
        self.width = max(room + 2 * PAGE_GAP + 4, widest + 2 * PAGE_GAP)
        self.container.resize(self.width, top)
        for widget in self.widgets.values():
            self.place(widget)

    def place(self, widget: PageWidget) -> None:
        w, h = self.pixels(widget.index)
        widget.points = self.sizes[widget.index]
        widget.setGeometry((self.width - w) // 2, self.tops[widget.index], w, h)

    def visible_range(self) -> tuple[int, int]:
        if not self.tops:
            return (0, -1)
        top = self.scroll.verticalScrollBar().value()
        bottom = top + self.scroll.viewport().height()
        # The first page whose bottom is below the top of the view, the last whose top is above its bottom.
        first = max(0, bisect.bisect_right(self.tops, top) - 1)
        if self.tops[first] + self.pixels(first)[1] <= top and first + 1 < len(self.tops):
            first += 1
        last = max(first, bisect.bisect_left(self.tops, bottom) - 1)
        return (first, min(last, len(self.tops) - 1))

    def page_at(self, y: int) -> int:
        """The first page whose bottom (with the gap after it) is below `y`."""
        index = max(0, bisect.bisect_right(self.tops, y) - 1)
        if self.tops[index] + self.pixels(index)[1] + PAGE_GAP <= y:
            index = min(index + 1, len(self.tops) - 1)
        return index

    # -- page widgets --------------------------------------------------------------------------

    def selected_on(self, index: int) -> str | None:
        selected = self.selected
        return selected.annotation_id if selected is not None and selected.page == index else None

    def bind(self, index: int) -> PageWidget:
        """A widget showing page `index`: a spare one if there is, else a new one."""
        widget = self.spare.pop() if self.spare else PageWidget(index, self.container, self._on_input)
        widget.index = index
        held = self.images.get(index)
        widget.image, widget.image_zoom = held if held is not None else (None, 0.0)
        widget.watermark = self.watermark
        widget.annotations = self.annotations.get(index, [])
        widget.selected = self.selected_on(index)
        widget.preview = None
        widget.on_paint = self._on_paint
        widget.quiet = self.quiet
        widget.setCursor(self.cursor)
        self.place(widget)
        widget.show()
        return widget

    def release(self, widget: PageWidget) -> None:
        widget.hide()
        widget.image = None
        widget.annotations = []
        widget.preview = None
        self.spare.append(widget)

    def sync_widgets(self, first: int, last: int, around: int, pressed: int) -> None:
        """Widgets for the pages from `first` to `last` and `around` more on each side; others
        go spare (not the one under a finger, `pressed`, whose gesture is not over)."""
        low, high = max(0, first - around), min(len(self.tops) - 1, last + around)
        for index in [i for i in self.widgets if not low <= i <= high and i != pressed]:
            self.release(self.widgets.pop(index))
        for index in range(low, high + 1):
            if index not in self.widgets:
                self.widgets[index] = self.bind(index)

    def page_widget(self, index: int) -> PageWidget:
        """The page's widget, made now if the page is not near the view (then it is reused for
        another page once the view moves, like the others)."""
        if not 0 <= index < len(self.tops):
            raise IndexError(f"page {index} of {len(self.tops)}")
        widget = self.widgets.get(index)
        if widget is None:
            widget = self.widgets[index] = self.bind(index)
        return widget

    # -- pixels ----------------------------------------------------------------------------------

    def request(self, renderer: PageRenderer, generation: int, pages: PdfPages, zoom: float, shown: bool,
                pressed: int) -> bool:
        """Asks `renderer` for the pages in sight and, once they are rendered and the document's
        first frame is `shown`, for their neighbours, which get widgets then too (`pressed`: the
        page under a finger); far pages give their pixels back. True once the view is complete."""
        first, last = self.visible_range()
        count = len(self.tops)
        visible = range(first, last + 1)
        # The neighbours (their widgets too), the rest of the document's sizes and the
        # thumbnails wait until what is on screen is rendered: whatever the worker and the pixel
        # process do meanwhile takes the cores (and the worker the interpreter) from the first page.
        images = self.images
        settled = shown and all(i in images and images[i][1] == zoom for i in visible)
        self.sync_widgets(first, last, NEIGHBOURS if settled else 0, pressed)
        wanted = range(max(0, first - NEIGHBOURS), min(count, last + NEIGHBOURS + 1)) if settled else visible
        renderer.wanted = frozenset(wanted)
        self.requested.intersection_update(wanted)  # the others are dropped by the worker
        # Visible pages first, then the neighbours, nearest first.
        order = sorted(wanted, key=lambda i: 0 if first <= i <= last else min(abs(i - first), abs(i - last)))
        for index in order:
            if index not in self.requested and not (index in images and images[index][1] == zoom):
                self.requested.add(index)
                renderer.render(generation, pages, index, zoom, visible=first <= index <= last)
        self.drop_images(first - KEEP, last + KEEP)  # far pages give their memory back
        return settled

    def drop_images(self, low: int, high: int) -> None:
        for index in [i for i in self.images if not low <= i <= high]:
            del self.images[index]
            widget = self.widgets.get(index)
            if widget is not None:
                widget.image = None

    def speak(self) -> None:
        """Pages still without pixels say they are being rendered."""
        self.quiet = False
        for widget in self.widgets.values():
            if widget.quiet:
                widget.quiet = False
                widget.update()

    def clear(self) -> None:
        for widget in self.widgets.values():
            self.release(widget)
        self.widgets = {}
        self.images = {}
        self.requested.clear()
        self.sizes = []
        self.tops = []

    # -- what is drawn over the pages ----------------------------------------------------------

    def set_cursor(self, cursor: Qt.CursorShape) -> None:
        """The cursor of a new tool; what the previous one was drawing is dropped."""
        self.cursor = cursor
        for widget in self.widgets.values():
            widget.preview = None
            widget.setCursor(cursor)
            widget.update()

    def set_annotations(self, annotations: list[Annotation]) -> None:
        self.annotations = {}
        for annotation in annotations:
            self.annotations.setdefault(annotation.page, []).append(annotation)
        if self.selected is not None and all(a.annotation_id != self.selected.annotation_id for a in annotations):
            self.selected = None
        for widget in self.widgets.values():
            widget.annotations = self.annotations.get(widget.index, [])
            widget.selected = self.selected_on(widget.index)
            widget.update()

    def select(self, annotation: Annotation) -> None:
        self.selected = annotation
        for widget in self.widgets.values():
            widget.selected = self.selected_on(widget.index)
            widget.update()
