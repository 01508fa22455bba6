"""The document reader's worker: opening and rendering pages off the GUI thread, by priority.

Jobs on the worker run by priority (what is on screen first, thumbnails last) and those the
reader no longer wants are dropped unrun; page 1 is rendered as soon as the PDF is open, at the
zoom the reader will use, before anything else.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QImage

from app.documents_render import PdfPages, RenderedPage
from app.errors import DomainError
from ui.pdf_thumbnails import THUMB_WIDTH

log = logging.getLogger(__name__)

SIZES_CHUNK = 64  # page sizes read per job, so that a page wanted meanwhile waits little

# The worker's jobs run lowest first; equal ones in the order asked.
OPEN, VISIBLE, NEAR, THUMB = 0, 1, 2, 3


def to_image(page: RenderedPage) -> QImage:
    """The page's pixels as an image a pixmap takes as it is (made on the worker: QImage, unlike
    QPixmap, may be made on any thread). The copy gives the image memory of its own, so it does
    not depend on the bytes object outliving it."""
    return QImage(page.samples, page.width, page.height, page.stride, QImage.Format.Format_RGB32).copy()



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
