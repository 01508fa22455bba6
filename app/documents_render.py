"""PDF pages as pixels and text (PyMuPDF), for a viewer that renders off its GUI thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import pymupdf

from app.errors import DomainError

# PyMuPDF's own annotations are partial (untyped calls, no __iter__): talk to it as Any here.
_mupdf: Any = pymupdf
_low: Any = pymupdf.mupdf  # MuPDF's own API, for rendering straight into Qt's pixel layout

MIN_ZOOM = 0.05
MAX_ZOOM = 8.0
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


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """One page as pixels of four bytes, blue, green, red and 255: `stride` bytes per row,
    `height` rows. That is the memory layout of Qt's RGB32 images (and of Windows bitmaps) on
    the little-endian machines seats run on, so a viewer shows it without converting it (the
    conversion from packed RGB cost 1.8 ms per page, a sixth of a first page's time)."""

    width: int
    height: int
    stride: int
    samples: bytes


class PdfPages:
    """An open PDF held in memory.

    Attributes: page_count. Every call takes the document's lock, because a PyMuPDF document
    must not be used by two threads at once; one worker thread plus the GUI thread asking
    for sizes is the expected use.
    """

    def __init__(self, data: bytes | memoryview):
        self._lock = threading.Lock()
        try:
            self._doc: Any = _mupdf.open(stream=data, filetype="pdf")
        except (RuntimeError, ValueError) as exc:  # PyMuPDF's FileDataError is a RuntimeError
            raise DomainError("bad_request", UNREADABLE) from exc
        if self._doc.needs_pass or self._doc.page_count < 1:
            self._doc.close()
            raise DomainError("bad_request", UNREADABLE)
        self.page_count: int = int(self._doc.page_count)
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
        index = self._check(index)
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        with self._lock:
            # What Page.get_pixmap(alpha=False) does, in BGR with an alpha byte cleared to 255
            # instead of RGB: same drawing, same pixels, a layout Qt takes as it is.
            page = self._doc[index].this
            ctm = _low.FzMatrix(zoom, 0, 0, zoom, 0, 0)
            box = _low.fz_round_rect(_low.fz_transform_rect(_low.fz_bound_page(page), ctm))
            pix = _low.fz_new_pixmap_with_bbox(_low.fz_device_bgr(), box, _low.FzSeparations(), 1)
            _low.fz_clear_pixmap_with_value(pix, 255)
            device = _low.fz_new_draw_device(_low.FzMatrix(), pix)
            try:
                _low.fz_run_page(page, device, ctm, _low.FzCookie())
            finally:
                _low.fz_close_device(device)
            samples = bytes(_low.fz_pixmap_samples_memoryview(pix))
            return RenderedPage(int(pix.w()), int(pix.h()), int(pix.stride()), samples)

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
                    Word(*_shown_rect(_mupdf.Rect(w[:4]) * shown), str(w[4]), int(w[5]), int(w[6])) for w in raw
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
