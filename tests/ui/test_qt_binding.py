"""The Qt binding itself: what the seat relies on and a release once broke."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication


class Emitter(QObject):
    changed = Signal(int, object)


def test_emitting_a_signal_leaves_the_reference_count_of_true_alone(qapp: QApplication) -> None:
    # PySide6 6.12.0 gave away one reference to True per emit(); the seat emits thousands (one
    # per thumbnail), and Python 3.11 aborts when True's count reaches zero.
    emitter = Emitter()
    emitter.changed.connect(lambda *_: None)
    before = sys.getrefcount(True)
    for i in range(200):
        emitter.changed.emit(i, None)
    assert sys.getrefcount(True) >= before - 10
