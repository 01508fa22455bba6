"""What a finger (or the mouse) does on a page of the document reader, read by the tool chosen:
reading pans the page and opens notes, the others draw the delegate's annotations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF
from PySide6.QtGui import QMouseEvent

from app.documents_annotate import snap_to_lines
from ui.annotation_overlay import ERASER_PX, NOTE_ICON_PX, Preview, note_at
from ui.pdf_page import PageWidget

if TYPE_CHECKING:
    from ui.pdf_view import PdfView

PEN_WIDTH = 2.5  # points: a felt-tip line, easy to see at the zoom that fits the column
PAN_SLOP_PX = 8  # a finger moving less than this is a tap, not a drag
MAX_STROKE_POINTS = 4000


class PageGestures:
    """Reads the gestures on the reader's pages and tells the reader's signals what they drew.

    Attributes: press (the gesture under way: page, start in points, start on screen, scroll
    bars at start; None between gestures), dragged (it moved further than a tap).
    """

    def __init__(self, view: PdfView):
        self.view = view
        self.press: tuple[int, tuple[float, float], QPointF, int, int] | None = None
        self.dragged = False

    def pressed_page(self) -> int:
        """The page under a finger (its widget must stay until the gesture is over), or -1."""
        return self.press[0] if self.press is not None else -1

    def on_input(self, widget: PageWidget, phase: str, event: QMouseEvent) -> None:
        """One finger (or mouse) gesture on a page, read by the tool chosen."""
        point = widget.to_points(event.position())
        bars = self.view.scroll.horizontalScrollBar(), self.view.scroll.verticalScrollBar()
        if phase == "press":
            self.press = (widget.index, point, event.globalPosition(), bars[0].value(), bars[1].value())
            self.dragged = False
        if self.press is None or self.press[0] != widget.index:
            return
        _, start, screen_start, h0, v0 = self.press
        moved = event.globalPosition() - screen_start
        self.dragged = self.dragged or abs(moved.x()) + abs(moved.y()) > PAN_SLOP_PX
        tapped = phase == "release" and not self.dragged
        if self.view.tool == "read":
            if phase == "move":  # the page follows the finger
                bars[0].setValue(h0 - int(moved.x()))
                bars[1].setValue(v0 - int(moved.y()))
            elif tapped:
                self._tap_note(widget, event.position())
        elif self.view.tool == "highlight":
            self._highlight_gesture(widget, phase, start, point)
        elif self.view.tool == "pen":
            self._pen_gesture(widget, phase, point)
        elif self.view.tool == "eraser":
            widget.preview = Preview(eraser=point) if phase != "release" else None
            widget.update()
            if phase != "release":
                self.view.eraser_did_touch.emit(widget.index, point[0], point[1], ERASER_PX / widget.scale)
        elif self.view.tool == "note" and tapped and not self._tap_note(widget, event.position()):
            # The icon's middle where the finger was: the note sits where it was asked for.
            half = NOTE_ICON_PX / 2 / widget.scale
            x = min(max(point[0] - half, 0.0), max(widget.points[0] - 2 * half, 0.0))
            y = min(max(point[1] - half, 0.0), max(widget.points[1] - 2 * half, 0.0))
            self.view.note_did_request.emit(widget.index, x, y)
        if phase == "release":
            self.press = None

    def _tap_note(self, widget: PageWidget, pos: QPointF) -> bool:
        note = note_at(widget.annotations, pos.x(), pos.y(), widget.scale)
        if note is not None:
            self.view.note_did_get_tapped.emit(note.annotation_id)
        return note is not None

    def _highlight_gesture(self, widget: PageWidget, phase: str, start: tuple[float, float],
                           point: tuple[float, float]) -> None:
        if self.view.pages is None:
            return
        # Snapped while dragging, so the delegate sees which lines it will take before letting go.
        snapped = snap_to_lines(self.view.pages.words(widget.index), (*start, *point))
        if phase == "release":
            widget.preview = None
            if snapped.rects:
                self.view.highlight_did_draw.emit(widget.index, snapped)
        else:
            widget.preview = Preview(color=self.view.highlight_color, rects=snapped.rects)
        widget.update()

    def _pen_gesture(self, widget: PageWidget, phase: str, point: tuple[float, float]) -> None:
        if phase == "press" or widget.preview is None:
            widget.preview = Preview(color=self.view.pen_color, width=PEN_WIDTH, stroke=[point])
        elif phase == "move":
            stroke = widget.preview.stroke
            last = stroke[-1]
            # Points closer than a pixel add nothing but weight to the stored stroke.
            if len(stroke) < MAX_STROKE_POINTS and abs(point[0] - last[0]) + abs(point[1] - last[1]) >= 1 / widget.scale:
                stroke.append(point)
        else:
            stroke = widget.preview.stroke
            widget.preview = None
            self.view.ink_did_draw.emit(widget.index, tuple(stroke))
        widget.update()
