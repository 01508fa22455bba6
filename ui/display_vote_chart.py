"""The painted bars of the hall display's votes: each option's share of N, the line a resolution must pass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui import theme
from ui.display_look import HEADING, INK, MUTED, SMALLEST_PX

TRACK = "#1f3d66"  # the unfilled part of a bar: the rest of N, seen on the dark field
TRACK_EDGE = "#3b5d8a"


@dataclass(frozen=True, slots=True)
class Bar:
    """One row of the chart: the option's words, its count and share of N (as text), its colour."""

    label: str
    count: int
    percent: str
    color: str


def font(px: float, bold: bool = False) -> QFont:
    result = QFont(theme.vietnamese_family())
    result.setPixelSize(max(SMALLEST_PX, round(px)))
    result.setBold(bold)
    return result


def paint_bar(painter: QPainter, rect: QRectF, fraction: float, color: str, marker: float | None = None,
              marker_width: float = 3.0) -> None:
    """A bar over its track: the whole of `rect` is N, the filled part `fraction` of it; a
    vertical marker at `marker` (a fraction of N) across the bar when given."""
    painter.save()
    painter.setPen(QPen(QColor(TRACK_EDGE), 1.0))
    painter.setBrush(QColor(TRACK))
    painter.drawRect(rect)
    filled = max(0.0, min(1.0, fraction)) * rect.width()
    if filled > 0:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        # At least a sliver for one vote of 85 on a narrow bar: "1" must not look like "0".
        painter.drawRect(QRectF(rect.left(), rect.top(), max(filled, 2.0), rect.height()))
    if marker is not None:
        x = rect.left() + marker * rect.width()
        painter.setPen(QPen(QColor(HEADING), marker_width))
        painter.drawLine(QPointF(x, rect.top() - 2), QPointF(x, rect.bottom() + 2))
    painter.restore()


class ResultBars(QWidget):
    """A resolution's result as horizontal bars, one row per option: the words, the bar, the
    count and its share of N. Every bar's full length is N (the law's denominator), so the
    eye compares each option with all delegates; a marker line crosses the bars at the
    threshold (half of N, or two thirds) with its words under it.

    Attributes: bars, n_total (N: every bar's full length), marker (num, den: the threshold as a
    fraction of N) or None, marker_text, design_px (the text size on a 1080-line screen),
    fitted_px (the size it was last drawn at).
    """

    def __init__(self, parent: QWidget | None = None, *, size: int = 46):
        super().__init__(parent)
        self.bars: tuple[Bar, ...] = ()
        self.n_total = 0
        self.marker: tuple[int, int] | None = None
        self.marker_text = ""
        self.design_px = size
        self.fitted_px = size
        self._scale = 1.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_scale(self, scale: float) -> None:
        if scale != self._scale:
            self._scale = scale
            self.updateGeometry()
            self.update()

    def set_bars(self, bars: Sequence[Bar], n_total: int, marker: tuple[int, int] | None, marker_text: str) -> None:
        new = (tuple(bars), n_total, marker, marker_text)
        if new != (self.bars, self.n_total, self.marker, self.marker_text):
            self.bars, self.n_total, self.marker, self.marker_text = new
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(800, round(self.design_px * self._scale * 2.1 * (len(self.bars) + 1)))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, round(self.design_px * self._scale * 1.2 * (len(self.bars) + 1)))

    def geometry_at(self, px: float) -> tuple[float, float, float, float] | None:
        """(label width, count width, percent width, row height) at `px`, or None when the
        words leave the bars less than a third of the width or the rows do not fit."""
        if not self.bars:
            return None
        plain, bold = QFontMetricsF(font(px)), QFontMetricsF(font(px, bold=True))
        label_w = max(plain.horizontalAdvance(b.label) for b in self.bars)
        count_w = max(bold.horizontalAdvance(str(b.count)) for b in self.bars)
        percent_w = max(plain.horizontalAdvance(b.percent) for b in self.bars)
        gap = px * 0.8
        bar_w = self.width() - label_w - count_w - percent_w - 3 * gap
        row_h = self.height() / (len(self.bars) + (0.9 if self.marker is not None else 0.1))
        if bar_w < self.width() / 3 or row_h < plain.height() * 1.15:
            return None
        return label_w, count_w, percent_w, row_h

    def choose_px(self) -> float:
        px = max(SMALLEST_PX, self.design_px * self._scale)
        while px > SMALLEST_PX and self.geometry_at(px) is None:
            px -= max(1.0, px / 24)
        return max(float(SMALLEST_PX), px)

    def paintEvent(self, event: QPaintEvent) -> None:
        px = self.choose_px()
        self.fitted_px = round(px)
        geometry = self.geometry_at(px)
        if geometry is None:
            return
        label_w, count_w, percent_w, row_h = geometry
        gap = px * 0.8
        bar_x = label_w + gap
        bar_w = self.width() - label_w - count_w - percent_w - 3 * gap
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        thickness = min(row_h * 0.62, px * 1.5)
        left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for row, bar in enumerate(self.bars):
            top = row * row_h
            painter.setFont(font(px))
            painter.setPen(QColor(INK))
            painter.drawText(QRectF(0, top, label_w, row_h), left, bar.label)
            track = QRectF(bar_x, top + (row_h - thickness) / 2, bar_w, thickness)
            paint_bar(painter, track, bar.count / self.n_total if self.n_total else 0.0, bar.color)
            count_x = bar_x + bar_w + gap
            painter.setFont(font(px, bold=True))
            painter.setPen(QColor(INK))
            painter.drawText(QRectF(count_x, top, count_w, row_h), right, str(bar.count))
            painter.setFont(font(px))
            painter.setPen(QColor(MUTED))
            painter.drawText(QRectF(count_x + count_w + gap, top, percent_w, row_h), right, bar.percent)
        if self.marker is not None:
            num, den = self.marker
            x = bar_x + bar_w * num / den
            bottom = len(self.bars) * row_h
            painter.setPen(QPen(QColor(HEADING), max(2.0, px / 10), Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            painter.drawLine(QPointF(x, row_h * 0.1), QPointF(x, bottom + px * 0.1))
            small = font(px * 0.8, bold=True)
            painter.setFont(small)
            text_w = QFontMetricsF(small).horizontalAdvance(self.marker_text)
            # Centred under the line, kept over the bars' room.
            text_x = min(max(bar_x, x - text_w / 2), bar_x + bar_w - text_w)
            painter.setPen(QColor(HEADING))
            painter.drawText(QRectF(text_x, bottom + px * 0.15, text_w + 2, row_h * 0.75), left, self.marker_text)
        painter.end()


class ProgressBar(QWidget):
    """How many have voted of those present, as one bar (no name, no choice: only the count).

    Attributes: done, total, color."""

    def __init__(self, parent: QWidget | None = None, *, color: str = INK, height: int = 36):
        super().__init__(parent)
        self.done = 0
        self.total = 0
        self.color = color
        self.design_h = height
        self._scale = 1.0
        self.setFixedHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_scale(self, scale: float) -> None:
        if scale != self._scale:
            self._scale = scale
            self.setFixedHeight(max(6, round(self.design_h * scale)))

    def set_progress(self, done: int, total: int) -> None:
        if (done, total) != (self.done, self.total):
            self.done, self.total = done, total
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        fraction = self.done / self.total if self.total > 0 else 0.0
        paint_bar(painter, QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), fraction, self.color)
        painter.end()
