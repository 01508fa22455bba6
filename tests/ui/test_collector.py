"""Cycles are collected on the GUI thread while the seat runs, with Python's own thresholds."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QApplication

from ui.collector import GuiThreadCollector


class Cycle:
    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        died.append(threading.current_thread().name)


died: list[str] = []
kept: list[list[int]] = []


def test_automatic_collection_is_off_and_comes_back(qapp: QApplication) -> None:
    gc.enable()
    collector = GuiThreadCollector(qapp, interval_ms=10_000)
    try:
        assert not gc.isenabled()
    finally:
        collector.stop()
    assert gc.isenabled()


def test_cycles_made_on_a_worker_die_on_the_gui_thread(qapp: QApplication) -> None:
    collector = GuiThreadCollector(qapp, interval_ms=10_000)
    try:
        died.clear()

        def work() -> None:
            for _ in range(50):
                Cycle()
            # Enough new containers that an enabled collector would have run on this thread.
            kept.extend([i] for i in range(100_000))

        worker = threading.Thread(target=work, name="pdf-worker")
        worker.start()
        worker.join()
        assert died == []  # nothing collected on the worker
        assert collector.collect_due() >= 0
        gc.collect()
        assert died and set(died) == {threading.current_thread().name}
    finally:
        kept.clear()
        collector.stop()


def test_nothing_due_means_no_collection(qapp: QApplication) -> None:
    collector = GuiThreadCollector(qapp, interval_ms=10_000)
    try:
        gc.collect()
        assert collector.collect_due() == -1
    finally:
        collector.stop()
