"""Python's cycle collector, run on the GUI thread only.

The collector runs on whichever thread happens to allocate when a generation fills up. The
seat renders and indexes PDFs on worker threads, so left alone it would now and then destroy
a cycle of Qt widgets there, and Qt objects must die on the thread that owns them ("Timers
cannot be stopped from another thread", or a crash). Automatic collection is therefore off
while the window runs, and a timer on the GUI thread collects instead, with Python's own
generation thresholds: the same work, on the right thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250


class GuiThreadCollector(QObject):
    """Turns automatic collection off until `stop()`; collects from a GUI-thread timer."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> int:
        """Collects the oldest generation whose count passed its threshold, as Python would;
        returns the generation collected, or -1 for none."""
        counts, limits = gc.get_count(), self._thresholds
        generation = -1
        for level in range(3):
            if limits[level] and counts[level] > limits[level]:
                generation = level
            else:
                break
        if generation >= 0:
            gc.collect(generation)
        return generation

    def stop(self) -> None:
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
