"""Qt tests run offscreen, fail on any Qt warning, and can run the asyncio loop inside Qt's."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import qasync
from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from ui.collector import GuiThreadCollector
from ui.theme import apply_theme

SCREENS = Path("/tmp/phonghop-screens")
# What the offscreen test platform itself says about features it lacks; not our code.
PLATFORM_NOISE = [re.compile(r"This plugin does not support")]
FAILING = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)


@pytest.fixture(autouse=True)
def fail_on_qt_warnings(qapp: QApplication) -> Iterator[None]:
    """Any Qt warning during the test fails it (qutebrowser's qt_log_level_fail = WARNING)."""
    apply_theme(qapp)
    seen: list[str] = []

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if kind in FAILING and not any(p.search(message) for p in PLATFORM_NOISE):
            seen.append(f"{kind.name}: {message}")
        if previous is not None:
            previous(kind, context, message)

    previous = qInstallMessageHandler(handler)
    yield
    qInstallMessageHandler(previous)
    if seen:
        pytest.fail("Qt warnings:\n" + "\n".join(seen))


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread(qapp: QApplication) -> Iterator[None]:
    """As the seat runs (ui.run): cycles of Qt objects are collected on the GUI thread, never
    on a PDF worker that happened to allocate."""
    collector = GuiThreadCollector(qapp)
    yield
    collector.stop()
    collector.deleteLater()


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    """An asyncio loop that is Qt's: awaiting in a test also paints and delivers Qt events."""
    # As in ui.run: the loop, not Qt, decides when the program ends.
    qapp.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture
def screens() -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    return SCREENS
