"""The seat's screen when the technician looks for it: its seat label, huge, flashing (docs/devices.md)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from app.model import DELEGATE
from sync.client.connection import Changes, Connection
from ui import theme

# Two looks swapped twice a second: one full flash per second stays far below the three a
# second that photosensitivity guidance warns about, and still catches the eye across a hall.
FLASH_MS = 500
LOOKS = (("#ffd400", "#000000"), ("#000000", "#ffd400"))  # (background, text)


class LocateOverlay(QWidget):
    """Covers its window (a child of it, following its size) with one label, for `seconds`.

    Made hidden by `follow(connection, window)`, which shows it when the connection gets a
    `locate` (Changes.locate). A click or Escape closes it early. Attributes: text (the big
    label), flashing_look (0 or 1), remaining_ms (the time left, as last shown).
    Methods: show_seat(text, seconds), dismiss(). Signals: overlay_did_close.
    """

    overlay_did_close = Signal()

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.text = ""
        self.flashing_look = 0
        self._previous_focus: QWidget | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._flash = QTimer(self)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(self._toggle)
        self._end = QTimer(self)
        self._end.setSingleShot(True)
        self._end.timeout.connect(self.dismiss)
        window.installEventFilter(self)
        self.hide()

    @classmethod
    def follow(cls, connection: Connection, window: QWidget) -> LocateOverlay:
        """An overlay over `window` shown whenever `connection` is located; a seat's device says
        "Ghế A-12", any other device its own name as the server sent it."""
        overlay = cls(window)

        def on_changes(changes: Changes) -> None:
            if changes.locate is None or not shiboken6.isValid(overlay):
                return
            label, seconds = changes.locate
            seat = connection.identity.role == DELEGATE
            overlay.show_seat(overlay.tr("Ghế {0}").format(label) if seat else label, seconds)

        connection.subscribe(on_changes)
        return overlay

    @property
    def remaining_ms(self) -> int:
        return self._end.remainingTime() if self._end.isActive() else 0

    def show_seat(self, text: str, seconds: int) -> None:
        self.text = text
        self.flashing_look = 0
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        if not self.isVisible():
            self._previous_focus = self.window().focusWidget()
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._flash.start()
        self._end.start(max(1, seconds) * 1000)
        self.update()

    def dismiss(self) -> None:
        if not self.isVisible():
            return
        self._flash.stop()
        self._end.stop()
        self.hide()
        if self._previous_focus is not None and shiboken6.isValid(self._previous_focus):
            self._previous_focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._previous_focus = None
        self.overlay_did_close.emit()

    def _toggle(self) -> None:
        self.flashing_look = 1 - self.flashing_look
        self.update()

    # -- Qt ------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        parent = self.parentWidget()
        if watched is parent and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(parent.rect())
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.dismiss()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.dismiss()
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        background, ink = LOOKS[self.flashing_look]
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(background))
        painter.setPen(QColor(ink))
        area = self.rect().adjusted(24, 24, -24, -24)
        family = theme.vietnamese_family()
        small = QFont(family)
        small.setPixelSize(max(18, area.height() // 18))
        small.setBold(True)
        painter.setFont(small)
        line = small.pixelSize() * 2
        painter.drawText(QRect(area.left(), area.top(), area.width(), line), Qt.AlignmentFlag.AlignCenter,
                         self.tr("Kỹ thuật viên đang tìm thiết bị này"))
        painter.drawText(QRect(area.left(), area.bottom() - line, area.width(), line), Qt.AlignmentFlag.AlignCenter,
                         self.tr("Chạm vào màn hình hoặc nhấn Esc để đóng"))
        big = QFont(family)
        big.setBold(True)
        middle = area.adjusted(0, line, 0, -line)
        # As large as fits: a third of the height, narrowed until the label fits the width.
        size = max(24, middle.height() // 3)
        big.setPixelSize(size)
        while size > 24 and QFontMetrics(big).horizontalAdvance(self.text) > middle.width():
            size = int(size * 0.9)
            big.setPixelSize(size)
        painter.setFont(big)
        painter.drawText(middle, Qt.AlignmentFlag.AlignCenter, self.text)
        painter.end()
