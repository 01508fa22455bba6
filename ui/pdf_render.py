"""The document reader's worker: opening and rendering pages off the GUI thread, by priority.

Jobs on the worker run by priority (what is on screen first, thumbnails last) and those the
reader no longer wants are dropped unrun; page 1 is rendered as soon as the PDF is open, at the
zoom the reader will use, before anything else. The pixels are drawn in the pixel process
(app.page_pixels): the worker only waits for them, so the GUI thread keeps the interpreter.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QImage

from app.documents_render import PdfPages
from app.errors import DomainError
from app.page_pixels import FirstPage, PixelProcessError, shared
from ui.pdf_thumbnails import THUMB_WIDTH

log = logging.getLogger(__name__)

PIXELS_START_MS = 1500  # after the first reader is made: the window is up by then
SIZES_CHUNK = 64  # page sizes read per job, so that a page wanted meanwhile waits little
# How long a tap may wait for the worker to hand the document to the pixel process (1.3 ms for a
# 1 MB document) before its own work: a wait that short is not seen, and page 1 comes sooner.
HANDOVER_WAIT_S = 0.005

# The worker's jobs run lowest first; equal ones in the order asked.
OPEN, VISIBLE, NEAR, THUMB = 0, 1, 2, 3


def image_of(pixels: memoryview, width: int, height: int, stride: int) -> QImage:
    """The pixels of a page (app.documents_render.RenderedPage's layout) as an image painted as
    it is, made on the worker (QImage, unlike QPixmap, may be made on any thread). The image is
    over the pixels themselves, which it keeps alive: no copy (app.page_pixels says why)."""
    return QImage(pixels, width, height, stride, QImage.Format.Format_RGB32)


def image_copy_of(pixels: memoryview, width: int, height: int, stride: int) -> QImage:
    """The same in memory of its own: for the small images kept by the hundred (thumbnails),
    which would each hold a page-sized segment of the pixel process's."""
    return image_of(pixels, width, height, stride).copy()


class PageRenderer(QObject):
    """Opens and renders documents on one worker thread, handing results back as signals
    (queued into the GUI thread, because this object lives there).

    Jobs wait in a priority queue: opening first, then the pages on screen (VISIBLE), the
    neighbours (NEAR) and thumbnails (THUMB); a job asked for twice while waiting runs once.
    Attributes read by the worker when it takes a job, to drop what is no longer wanted:
    generation (the document now shown), zoom, wanted (pages), thumbs_wanted (thumbnail rows).
    Signals: document_did_open(generation, PdfPages, zoom): page 1 is being drawn at `zoom`
    (0: it is not) and follows as page_did_render; document_did_fail(generation, message);
    page_did_render(generation, index, zoom, QImage); thumb_did_render(generation, index,
    QImage); sizes_did_load(generation, sizes of every page in points).
    """

    document_did_open = Signal(int, object, float)
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
        self._busy = False  # the worker is running a job
        # Pages are drawn there, so that drawing never holds up the GUI. It starts once the
        # window is up (its imports would compete with the seat's own start); until it is
        # ready, pages are drawn here.
        self._pixels = shared()
        QTimer.singleShot(PIXELS_START_MS, self._pixels.start)
        # Started now, not with the first document: the delegate's tap should not wait for it.
        self._thread = threading.Thread(target=self._run, name="pdf-render", daemon=True)
        self._thread.start()

    def open(self, load: Callable[[], bytes], previous: PdfPages | None, first: FirstPage | None = None) -> int:
        """Opens what `load` returns on the worker; page 1 is drawn at once as `first` says.

        With `first`, this waits a moment (HANDOVER_WAIT_S at most) for an idle worker to load
        the document and hand it to the pixel process. The worker needs the interpreter lock to
        decrypt, and the GUI thread would keep it for the tap's own work (the row's restyle, the
        title, the layout: 1.5 ms), all of which can as well be done while page 1 is drawn."""
        with self._cond:
            # Jobs waiting now are dropped by forget(), but closings, which take no time.
            idle = not self._busy
        generation = self.forget()
        if previous is not None:
            self.close_later(previous)
        handed = threading.Event()
        self._put(OPEN, ("open", generation), self._open_job, generation, load, first, handed)
        if first is not None and idle:
            handed.wait(HANDOVER_WAIT_S)
        return generation

    def forget(self) -> int:
        """A new generation: what waits for the older document will not be wanted, only
        closings stay queued."""
        self.generation += 1
        with self._cond:
            self._queue = [job for job in self._queue if job[3] == self._close_job]
            heapq.heapify(self._queue)
            self._waiting = {job[2] for job in self._queue}
        return self.generation

    def close_later(self, pages: PdfPages) -> None:
        """Closed on the worker, after the job using it (if any) is done."""
        self._put(OPEN, ("close", id(pages)), self._close_job, pages)

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
            if fn == self._close_job:
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
                self._busy = True
            try:
                fn(*args)
            except Exception:
                log.exception("render job %r failed", key)
            finally:
                self._busy = False

    def _open_job(self, generation: int, load: Callable[[], bytes], first: FirstPage | None,
                  handed: threading.Event) -> None:
        try:
            self._open(generation, load, first, handed)
        finally:
            handed.set()

    def _open(self, generation: int, load: Callable[[], bytes], first: FirstPage | None,
              handed: threading.Event) -> None:
        if generation != self.generation:
            return  # another document was asked for meanwhile
        try:
            if first is None:
                self._emit(self.document_did_open, generation, PdfPages(load()), 0.0)
                return

            def open_here(data: bytes | memoryview, serial: int) -> PdfPages:
                # Page 1 is being drawn over there (or, with no pixel process, will be drawn
                # here): the tap goes on with its own work, and the GUI lays the document out.
                handed.set()
                pages = PdfPages(data, serial)
                self._emit(self.document_did_open, generation, pages, first.zoom_for(pages.page_size(0)[0]))
                return pages

            _, image, zoom = self._pixels.open_first(load, first, open_here, image_of)
        except DomainError as exc:
            self._emit(self.document_did_fail, generation, exc.message)
            return
        except Exception:
            log.exception("document could not be opened")
            message = QCoreApplication.translate("PdfView", "Không mở được tài liệu này.")
            self._emit(self.document_did_fail, generation, message)
            return
        if image is not None:
            self._emit(self.page_did_render, generation, 0, zoom, image)

    def _page_job(self, generation: int, pages: PdfPages, index: int, zoom: float) -> None:
        if generation != self.generation or zoom != self.zoom or index not in self.wanted:
            return  # the reader moved on while this waited
        self._render(generation, pages, index, zoom)

    def _render(self, generation: int, pages: PdfPages, index: int, zoom: float) -> None:
        image = self._render_image(pages, index, zoom)
        if image is not None:
            self._emit(self.page_did_render, generation, index, zoom, image)

    def _render_image(self, pages: PdfPages, index: int, zoom: float, into: Callable[..., QImage] = image_of) -> QImage | None:
        try:
            return self._pixels.render(pages, index, zoom, into)
        except PixelProcessError as exc:
            log.error("page %d was not drawn: %s", index, exc)
            return None
        except Exception:
            log.exception("page %d could not be rendered", index)
            return None

    def _close_job(self, pages: PdfPages) -> None:
        self._pixels.forget(pages)
        pages.close()

    def _thumb_job(self, generation: int, pages: PdfPages, index: int) -> None:
        if generation != self.generation or index not in self.thumbs_wanted:
            return
        try:
            width, _ = pages.page_size(index)
        except Exception:
            log.exception("thumbnail %d could not be rendered", index)
            return
        image = self._render_image(pages, index, THUMB_WIDTH / max(width, 1.0), image_copy_of)
        if image is not None:
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
