"""The short tone that tells a delegate, eyes on the chair, that the room recorded the ballot.

PySide6's wheels here carry no QtMultimedia, so the tone is the system's own beep
(QApplication.beep); `requested` counts the tones asked for, which is what a test can see."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication


class ConfirmSound(QObject):
    """Attributes: enabled (the seat's "Âm báo" setting), requested (tones asked for so far)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.enabled = True
        self.requested = 0

    def play(self) -> bool:
        """Sounds the tone unless the delegate turned it off; True when it was asked for."""
        if not self.enabled:
            return False
        self.requested += 1
        QApplication.beep()
        return True
