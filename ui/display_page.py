"""The page presented on the hall display: rendered at the size it is shown, on a worker thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPainter,
    QPaintEvent,
    QPixmap,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.documents_render import PdfPages
from app.model import Document
from ui import theme
from ui.display_look import MUTED, SMALLEST_PX
from ui.pdf_page import paint_watermark
from ui.pdf_render import PageRenderer


class PageImage(QWidget):
    """The presented page, as large as the room allows with its proportions kept, on the dark
    field; a message instead while it downloads or if it cannot be read.

    Attributes: pixmap (None: nothing rendered yet), message, watermark (internal documents).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.pixmap: QPixmap | None = None
        self.message = ""
        self.watermark: str | None = None
        self.scale = 1.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_pixmap(self, pixmap: QPixmap | None) -> None:
        self.pixmap = pixmap
        if pixmap is not None:
            self.message = ""
        self.update()

    def show_message(self, text: str) -> None:
        self.message = text
        self.pixmap = None
        self.update()

    def page_rect(self) -> QRect:
        """Where the page is drawn: centred, fitted, proportions kept."""
        if self.pixmap is None:
            return QRect()
        size = self.pixmap.deviceIndependentSize().toSize().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRect((self.width() - size.width()) // 2, (self.height() - size.height()) // 2,
                     size.width(), size.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self.pixmap is not None:
            rect = self.page_rect()
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(rect, self.pixmap)
            if self.watermark:
                painter.save()
                painter.setClipRect(rect)
                paint_watermark(painter, rect, self.watermark)
                painter.restore()
        elif self.message:
            font = QFont(theme.vietnamese_family())
            font.setPixelSize(max(SMALLEST_PX, round(44 * self.scale)))
            painter.setFont(font)
            painter.setPen(QColor(MUTED))
            flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
            painter.drawText(self.rect().adjusted(40, 40, -40, -40), flags, self.message)
        painter.end()


class PresentedPage:
    """Renders the presented page at the size it is shown, on PageRenderer's worker thread (the
    GUI thread only turns the image into a pixmap). The open document stays open while pages
    of it are presented; another document or version replaces it, stopping closes it (the
    plaintext lives no longer than the hall needs it).

    Attributes: key (document id and version open or opening), index (0-based page wanted),
    rendered (the index and pixel size of the page on screen, or None).
    """

    def __init__(self, view: PageImage, document_bytes: Callable[[Document], bytes | memoryview], parent: QWidget):
        self.view = view
        self.document_bytes = document_bytes
        self.key: tuple[str, int] | None = None
        self.index = 0
        self.rendered: tuple[int, QSize] | None = None
        self.failed: str | None = None
        self._pages: PdfPages | None = None
        self._generation = -1
        self._renderer = PageRenderer(parent)
        self._renderer.document_did_open.connect(self._on_open)
        self._renderer.document_did_fail.connect(self._on_fail)
        self._renderer.page_did_render.connect(self._on_page)

    def show(self, document: Document, index: int) -> None:
        self.index = index
        key = (document.document_id, document.version)
        # Opened again after a failure too: the key this display lacked may have been shared since.
        if key != self.key or self.failed is not None:
            self.key, self.failed, self.rendered = key, None, None
            previous, self._pages = self._pages, None
            reader = self.document_bytes
            # Page 1 is not rendered on opening (no first zoom): the chair may show any page.
            self._generation = self._renderer.open(lambda: reader(document), previous)
            return
        self.render()

    def clear(self) -> None:
        """Nothing presented any more: the page goes, the document is closed on the worker."""
        if self.key is None and self._pages is None:
            return
        if self._pages is not None:
            self._renderer.close_later(self._pages)
        self._pages, self.key, self.rendered, self.failed = None, None, None, None
        # A generation nobody asked for: an opening or a render still waiting is dropped unrun.
        self._renderer.generation += 1
        self._generation = -1
        self.view.set_pixmap(None)

    def render(self) -> None:
        """Asks for the wanted page at the view's present size (in device pixels)."""
        pages = self._pages
        if pages is None or not 0 <= self.index < pages.page_count:
            return
        width, height = pages.page_size(self.index)
        ratio = self.view.devicePixelRatioF()
        room = self.view.size()
        zoom = min(room.width() / max(width, 1.0), room.height() / max(height, 1.0)) * ratio
        if zoom <= 0:
            return
        self._renderer.zoom = zoom
        self._renderer.wanted = frozenset({self.index})
        self._renderer.render(self._generation, pages, self.index, zoom)

    def shutdown(self) -> None:
        self._renderer.shutdown()
        if self._pages is not None:
            self._pages.close()
            self._pages = None

    def _on_open(self, generation: int, pages: PdfPages, zoom: float) -> None:
        if generation != self._generation:
            self._renderer.close_later(pages)
            return
        self._pages = pages
        self.render()

    def _on_fail(self, generation: int, message: str) -> None:
        if generation == self._generation and self.key is not None:
            self.failed = message
            self.view.show_message(message)

    def _on_page(self, generation: int, index: int, zoom: float, image: QImage) -> None:
        if generation != self._generation or index != self.index or zoom != self._renderer.zoom:
            return
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.view.devicePixelRatioF())
        self.rendered = (index, pixmap.size())
        self.view.set_pixmap(pixmap)
