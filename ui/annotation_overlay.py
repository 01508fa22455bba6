"""Painting the delegate's annotations over a page at any zoom, and finding the one under a finger."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF

from app.annotations import Annotation, Rect, bounds
from ui import theme

Tool = Literal["read", "highlight", "pen", "eraser", "note"]
TOOLS: Final[tuple[Tool, ...]] = ("read", "highlight", "pen", "eraser", "note")
# Sizes on screen, whatever the zoom: a note must stay big enough to see and to tap.
NOTE_ICON_PX: Final = 40
ERASER_PX: Final = 18


@dataclass
class Preview:
    """What the finger is drawing right now, in points: a highlight's snapped lines, a stroke
    in progress, or where the eraser is."""

    color: str = "#ffd43b"
    width: float = 2.0
    rects: tuple[Rect, ...] = ()
    stroke: list[tuple[float, float]] = field(default_factory=list)
    eraser: tuple[float, float] | None = None


def paint_annotations(
    painter: QPainter,
    scale: float,
    annotations: Sequence[Annotation],
    selected: str | None = None,
    preview: Preview | None = None,
) -> None:
    """Everything the delegate added to one page; `scale` is pixels per point."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for annotation in annotations:
        if annotation.kind == "highlight":
            _highlight(painter, scale, annotation.rects, annotation.color)
    for annotation in annotations:
        if annotation.kind == "ink":
            for stroke in annotation.strokes:
                _stroke(painter, scale, stroke, annotation.color, annotation.width)
    for annotation in annotations:
        if annotation.kind == "note":
            _note_icon(painter, note_icon_rect(annotation, scale), annotation.color)
    if selected is not None:
        chosen = next((a for a in annotations if a.annotation_id == selected), None)
        if chosen is not None:
            _selection(painter, scale, chosen)
    if preview is not None:
        _highlight(painter, scale, preview.rects, preview.color)
        if preview.stroke:
            _stroke(painter, scale, preview.stroke, preview.color, preview.width)
        if preview.eraser is not None:
            x, y = preview.eraser
            painter.setPen(QPen(QColor(theme.MUTED), 2, Qt.PenStyle.DashLine))
            painter.setBrush(QColor(255, 255, 255, 90))
            painter.drawEllipse(QPointF(x * scale, y * scale), ERASER_PX, ERASER_PX)
    painter.restore()


def note_icon_rect(annotation: Annotation, scale: float) -> QRectF:
    x0, y0, _, _ = annotation.rects[0]
    return QRectF(x0 * scale, y0 * scale, NOTE_ICON_PX, NOTE_ICON_PX)


def note_at(annotations: Sequence[Annotation], x: float, y: float, scale: float) -> Annotation | None:
    """The note whose icon is under pixel (x, y), the one drawn last when they overlap."""
    for annotation in reversed(annotations):
        if annotation.kind == "note" and note_icon_rect(annotation, scale).adjusted(-6, -6, 6, 6).contains(x, y):
            return annotation
    return None


def _highlight(painter: QPainter, scale: float, rects: Sequence[Rect], color: str) -> None:
    if not rects:
        return
    # Multiply, as a highlighter pen does: the paper takes the colour, the letters stay black.
    painter.save()
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
    for x0, y0, x1, y1 in rects:
        painter.fillRect(QRectF(x0 * scale, y0 * scale, (x1 - x0) * scale, (y1 - y0) * scale), QColor(color))
    painter.restore()


def _stroke(painter: QPainter, scale: float, points: Sequence[tuple[float, float]], color: str, width: float) -> None:
    pen = QPen(QColor(color), max(1.0, width * scale))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if len(points) == 1:
        x, y = points[0]
        painter.drawPoint(QPointF(x * scale, y * scale))
        return
    painter.drawPolyline(QPolygonF([QPointF(x * scale, y * scale) for x, y in points]))


def _note_icon(painter: QPainter, box: QRectF, color: str) -> None:
    """A sticky note with a folded corner and three lines of 'writing'."""
    fold = box.width() / 4
    path = QPainterPath()
    path.moveTo(box.topLeft())
    path.lineTo(box.right(), box.top())
    path.lineTo(box.right(), box.bottom() - fold)
    path.lineTo(box.right() - fold, box.bottom())
    path.lineTo(box.left(), box.bottom())
    path.closeSubpath()
    painter.setPen(QPen(QColor("#7a4f00"), 2))
    painter.setBrush(QColor(color))
    painter.drawPath(path)
    painter.setPen(QPen(QColor("#5c3b00"), 2))
    for n in range(3):
        y = box.top() + box.height() * (0.3 + 0.2 * n)
        painter.drawLine(QPointF(box.left() + 7, y), QPointF(box.right() - 7 - (fold if n == 2 else 0), y))


def _selection(painter: QPainter, scale: float, annotation: Annotation) -> None:
    if annotation.kind == "note":
        box = note_icon_rect(annotation, scale)
    else:
        x0, y0, x1, y1 = bounds(annotation)
        box = QRectF(x0 * scale, y0 * scale, (x1 - x0) * scale, (y1 - y0) * scale)
    painter.setPen(QPen(QColor(theme.ACCENT), 3, Qt.PenStyle.DashLine))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(box.adjusted(-6, -6, 6, 6), 6, 6)
