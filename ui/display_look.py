"""The hall display's look: its palette, its sizes and the text that fits the room it is given."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui import theme

# Light on dark: a projector's white washes out in a lit hall, and a dark field keeps the eye on
# the words. Every pair below keeps a contrast ratio of at least 7:1 (WCAG AAA for any size).
BACKGROUND = "#0a1a30"
FOOTER = "#050e1c"
PANEL = "#132a4a"
INK = "#ffffff"
MUTED = "#c9d4e3"
HEADING = "#ffd34d"  # what the hall looks for first: the item, the kind of speech, the page
GOOD = "#7ee2a0"
AMBER = "#ffb020"  # the countdown's last 30 seconds: dark ink on amber
OVER = "#a50f15"  # past the limit: white ink on red
OVER_INK = "#ffffff"
AMBER_INK = "#1a1200"

# Sizes are pixels on a 1920×1080 screen, scaled with the window (see DisplayWindow.scale).
DESIGN_W, DESIGN_H = 1920, 1080
MARGIN = 56
FOOTER_H = 96
SMALLEST_PX = 9  # below this FitText stops shrinking: the layout must give it room


class FitText(QWidget):
    """Words that wrap, then shrink to fit the room they are given, never clipped: a long
    Vietnamese title takes two or three lines at a smaller size rather than losing its end.

    It asks the layout for the height its text takes (height for width), so a short text
    leaves its room to the others. With `one_line` (a fraction of the full size) it first
    shrinks that far to stay on one line: a name broken after its middle name reads badly.
    Attributes: pixel_size and wrapped (how it was last drawn), design_px (the full size on a
    1080-line screen, from `size`; scaled by set_scale), color, background (None: transparent).
    """

    def __init__(self, parent: QWidget | None = None, *, size: int, bold: bool = False, color: str = INK,
                 wrap: bool = True, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
                 one_line: float | None = None):
        super().__init__(parent)
        self.design_px = size  # not `size`: that is QWidget.size()
        self.color = color
        self.background: str | None = None
        self.pixel_size = size
        self.wrapped = wrap
        self._text = ""
        self._scale = 1.0
        self._bold = bold
        self._wrap = wrap
        self._one_line = one_line
        self._align = align
        self._fitted: tuple[str, int, int, int] | None = None  # text, width, height, full size
        self._heights: dict[int, int] = {}  # width -> height for width; layouts ask again and again
        policy = QSizePolicy(QSizePolicy.Policy.Ignored if wrap else QSizePolicy.Policy.Preferred,
                             QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(wrap)
        self.setSizePolicy(policy)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._changed()

    def set_color(self, color: str, background: str | None = None) -> None:
        if (color, background) != (self.color, self.background):
            self.color, self.background = color, background
            self.update()

    def set_scale(self, scale: float) -> None:
        if scale != self._scale:
            self._scale = scale
            self._changed()

    def _changed(self) -> None:
        self._fitted = None
        self._heights.clear()
        self.updateGeometry()
        self.update()

    @property
    def full_px(self) -> int:
        return max(SMALLEST_PX, round(self.design_px * self._scale))

    def _font(self, px: int) -> QFont:
        font = QFont(theme.vietnamese_family())
        font.setPixelSize(px)
        font.setBold(self._bold)
        return font

    def _flags(self, wrap: bool) -> int:
        return int(self._align | Qt.AlignmentFlag.AlignVCenter | (Qt.TextFlag.TextWordWrap if wrap else 0))

    def box(self, px: int, width: int, wrap: bool) -> QRect:
        """What the text takes at `px` pixels within `width` (wrapped or on one line)."""
        metrics = QFontMetrics(self._font(px))
        return metrics.boundingRect(QRect(0, 0, max(1, width), 1_000_000), self._flags(wrap), self._text)

    def choose(self, width: int, height: int | None) -> tuple[int, bool]:
        """The largest size (and whether wrapped) at which the text fits `width` × `height`
        (None: any height): on one line down to `one_line` of the full size, then wrapped."""
        full = self.full_px

        def fits(px: int, wrap: bool) -> bool:
            box = self.box(px, width, wrap)
            return box.width() <= width and (height is None or box.height() <= height)

        def sizes(floor: int) -> list[int]:
            found, px = [], full
            while px > floor:
                found.append(px)
                px -= max(1, px // 24)
            return [*found, floor]

        if self._wrap and self._one_line is not None:
            for px in sizes(max(SMALLEST_PX, round(full * self._one_line))):
                if fits(px, False):
                    return px, False
        for px in sizes(SMALLEST_PX):
            if fits(px, self._wrap):
                return px, self._wrap
        return SMALLEST_PX, self._wrap

    def hasHeightForWidth(self) -> bool:
        return self._wrap

    def heightForWidth(self, width: int) -> int:
        if not self._text:
            return 0
        height = self._heights.get(width)
        if height is None:
            px, wrap = self.choose(width, None)
            height = self._heights[width] = self.box(px, width, wrap).height()
        return height

    def sizeHint(self) -> QSize:
        if not self._text:
            return QSize(0, 0)
        if self._wrap:
            return QSize(self.width(), self.heightForWidth(self.width()))
        box = self.box(self.full_px, 1_000_000, False)
        return QSize(box.width(), box.height())

    def minimumSizeHint(self) -> QSize:
        # One line at a third of the full size: the layout may squeeze it that far, no further.
        if not self._text:
            return QSize(0, 0)
        line = QFontMetrics(self._font(max(SMALLEST_PX, self.full_px // 3))).height()
        return QSize(0, line)

    def fitted_px(self) -> int:
        """The size the text is drawn at in the widget as it is now (see choose)."""
        key = (self._text, self.width(), self.height(), self.full_px)
        if self._fitted != key:
            self.pixel_size, self.wrapped = self.choose(self.width(), self.height())
            self._fitted = key
        return self.pixel_size

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self.background is not None:
            painter.fillRect(self.rect(), QColor(self.background))
        if self._text:
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.setFont(self._font(self.fitted_px()))
            painter.setPen(QColor(self.color))
            painter.drawText(self.rect(), self._flags(self.wrapped), self._text)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fitted = None


def countdown_panel(parent: QWidget, name: str) -> tuple[QWidget, FitText, FitText]:
    """A countdown's panel (styled by `name`, its object name), its heading and its digits, the
    same on the speaker's screen and the vote's."""
    panel = QWidget(parent)
    panel.setObjectName(name)
    panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
    label = FitText(panel, size=40, bold=True, color=MUTED, align=Qt.AlignmentFlag.AlignHCenter)
    digits = FitText(panel, size=250, bold=True, wrap=False, align=Qt.AlignmentFlag.AlignHCenter)
    return panel, label, digits
