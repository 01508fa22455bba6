"""PDF pages as pixels and text (PyMuPDF), for a viewer that renders off its GUI thread."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.errors import DomainError


def mupdf() -> Any:
    """PyMuPDF, imported on first use: 120 ms of a seat's start, and the agenda paints before
    any document is opened. Its own annotations are partial (untyped calls, no __iter__): it is
    talked to as Any here."""
    import pymupdf

    return pymupdf


def _low() -> Any:
    """MuPDF's own API, for rendering straight into Qt's pixel layout."""
    return mupdf().mupdf

MIN_ZOOM = 0.05
MAX_ZOOM = 8.0
_SERIALS = itertools.count(1)
UNREADABLE = "Tệp tài liệu bị hỏng hoặc không phải PDF, không mở được."


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a page's text layer: its box in points on the page as shown (rotation
    applied), and the block and line it belongs to."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    block: int
    line: int


def new_serial() -> int:
    """A number for a document being opened, unique in this program."""
    return next(_SERIALS)


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """One page as pixels of four bytes, blue, green, red and 255: `stride` bytes per row,
    `height` rows. That is the memory layout of Qt's RGB32 images (and of Windows bitmaps) on
    the little-endian machines seats run on, so a viewer shows it without converting it (the
    conversion from packed RGB cost 1.8 ms per page, a sixth of a first page's time)."""

    width: int
    height: int
    stride: int
    samples: bytes | bytearray


class PdfPages:
    """An open PDF held in memory.

    Attributes: page_count, source (the PDF's bytes, for a pixel process that opens its own
    copy: app.page_pixels), serial (which document this is, there too). Every call takes the
    document's lock, because a PyMuPDF document must not be used by two threads at once; one
    worker thread plus the GUI thread asking for sizes is the expected use.
    """

    def __init__(self, data: bytes | memoryview, serial: int | None = None):
        self._lock = threading.Lock()
        try:
            self._doc: Any = mupdf().open(stream=data, filetype="pdf")
        except (RuntimeError, ValueError) as exc:  # PyMuPDF's FileDataError is a RuntimeError
            raise DomainError("bad_request", UNREADABLE) from exc
        if self._doc.needs_pass or self._doc.page_count < 1:
            self._doc.close()
            raise DomainError("bad_request", UNREADABLE)
        self.page_count: int = int(self._doc.page_count)
        self.source = data
        self.serial = serial if serial is not None else new_serial()
        # Sizes are asked for on every layout: read each once, when first asked (loading all
        # 332 pages' sizes up front cost 7 ms before the first page could show).
        self._sizes: dict[int, tuple[float, float]] = {}
        self._words: dict[int, tuple[Word, ...]] = {}

    def page_size(self, index: int) -> tuple[float, float]:
        """(width, height) in PDF points (1/72 inch), rotation applied."""
        index = self._check(index)
        size = self._sizes.get(index)
        if size is None:
            with self._lock:
                rect = self._doc[index].rect
            size = self._sizes[index] = (float(rect.width), float(rect.height))
        return size

    def known_size(self, index: int) -> tuple[float, float] | None:
        """The page's size if it was read already, else None: never waits for the lock, which a
        render on the worker holds for milliseconds (the GUI thread lays out with this)."""
        return self._sizes.get(index)

    def render(self, index: int, zoom: float) -> RenderedPage:
        """The page at `zoom` pixels per point, clamped to a sane range."""
        kept: list[bytearray] = []

        def reserve(size: int) -> memoryview:
            kept.append(bytearray(size))
            return memoryview(kept[0])

        width, height, stride = self.render_into(index, zoom, reserve)
        return RenderedPage(width, height, stride, kept[0])

    def render_into(self, index: int, zoom: float, reserve: Callable[[int], memoryview]) -> tuple[int, int, int]:
        """Draws the page at `zoom` straight into the writable memory `reserve(size)` gives, in
        RenderedPage's layout, and returns (width, height, stride). MuPDF draws into that memory
        itself: a pixel process hands the page over in shared memory without copying it."""
        index = self._check(index)
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        with self._lock:
            # What Page.get_pixmap(alpha=False) does, in BGR with an alpha byte cleared to 255
            # instead of RGB: same drawing, same pixels, a layout Qt takes as it is.
            page = self._doc[index].this
            low = _low()
            ctm = low.FzMatrix(zoom, 0, 0, zoom, 0, 0)
            box = low.fz_round_rect(low.fz_transform_rect(low.fz_bound_page(page), ctm))
            width, height = int(box.x1 - box.x0), int(box.y1 - box.y0)
            target = reserve(4 * width * height)
            if target.readonly or target.nbytes < 4 * width * height:
                raise ValueError("render_into needs writable memory of the page's size")
            samples = low.python_mutable_buffer_data(target)  # MuPDF writes here; `target` outlives it
            pix = low.fz_new_pixmap_with_bbox_and_data(low.fz_device_bgr(), box, low.FzSeparations(), 1, samples)
            low.fz_clear_pixmap_with_value(pix, 255)
            device = low.fz_new_draw_device(low.FzMatrix(), pix)
            try:
                low.fz_run_page(page, device, ctm, low.FzCookie())
            finally:
                low.fz_close_device(device)
            return width, height, int(pix.stride())

    def pixel_size(self, index: int, zoom: float) -> int:
        """At least the bytes render(index, zoom) takes (rounding may add a row and a column),
        without loading the page when its size is known."""
        width, height = self.page_size(index)
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        return 4 * (int(width * zoom) + 2) * (int(height * zoom) + 2)

    def text(self, index: int) -> str:
        index = self._check(index)
        with self._lock:
            return str(self._doc[index].get_text("text"))

    def words(self, index: int) -> tuple[Word, ...]:
        """The page's words, read once: a highlight being dragged asks on every move."""
        index = self._check(index)
        found = self._words.get(index)
        if found is None:
            with self._lock:
                page = self._doc[index]
                shown = page.rotation_matrix  # the text layer is in unrotated coordinates
                raw = page.get_text("words")
                found = tuple(
                    Word(*_shown_rect(mupdf().Rect(w[:4]) * shown), str(w[4]), int(w[5]), int(w[6])) for w in raw
                )
            self._words[index] = found
        return found

    def close(self) -> None:
        with self._lock:
            self._doc.close()

    def _check(self, index: int) -> int:
        if not 0 <= index < self.page_count:
            raise IndexError(f"page {index} of {self.page_count}")
        return index


def _shown_rect(rect: Any) -> tuple[float, float, float, float]:
    rect.normalize()
    return (float(rect.x0), float(rect.y0), float(rect.x1), float(rect.y1))
