"""One page of the document reader: its pixels, the delegate's annotations and the watermark."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from app.annotations import Annotation
from ui import theme
from ui.annotation_overlay import Preview, paint_annotations


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
    """One page: its pixels when rendered (scaled while a new zoom renders), a placeholder before,
    the delegate's annotations over it, and the watermark over everything.

    Attributes: index, image (the page's pixels), image_zoom, watermark, points (page size in points),
    annotations, selected (an annotation id drawn with a frame), preview (what is being drawn).
    Mouse (and touch, which Qt turns into mouse events) goes to `on_input`.
    """

    def __init__(self, index: int, parent: QWidget | None = None, on_input: PageInput | None = None):
        super().__init__(parent)
        self.index = index
        self.image: QImage | None = None
        self.image_zoom = 0.0
        self.watermark: str | None = None
        self.points = (1.0, 1.0)
        self.annotations: list[Annotation] = []
        self.selected: str | None = None
        self.preview: Preview | None = None
        self.on_input = on_input
        self.on_paint: Callable[[PageWidget], None] | None = None  # told when painted with pixels
        self.quiet = False  # no "rendering" text: the pixels follow in a moment (a new document)
        # Every paint covers the whole page: Qt need not paint the reader's background under it
        # first (0.6 ms of a first page's time, on the GUI thread).
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

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
        if self.image is not None:
            # Drawn from the image as the renderer made it: a pixmap would be one more copy of
            # the page on the GUI thread, for the same blit.
            size = self.image.size()
            if abs(size.width() - self.width()) <= 1 and abs(size.height() - self.height()) <= 1:
                painter.drawImage(0, 0, self.image)  # rendered at this zoom: pixel for pixel
            else:  # another zoom's, until this one's is rendered
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                painter.drawImage(self.rect(), self.image)
        elif not self.quiet:
            painter.setPen(QColor(theme.MUTED))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Đang hiển thị trang {n}…").format(n=self.index + 1))
        if self.annotations or self.preview is not None:
            paint_annotations(painter, self.scale, self.annotations, self.selected, self.preview)
        if self.watermark:
            paint_watermark(painter, self.rect(), self.watermark)
        painter.setPen(QColor("#9aa3ad"))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()
        if self.image is not None and self.on_paint is not None:
            self.on_paint(self)
