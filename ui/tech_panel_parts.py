"""What the technician's panels share: files dragged from the desktop, one redraw for a burst of log
events, the look of the leading button and of a list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QHeaderView, QPushButton, QTableWidget, QWidget

from ui import theme

BURST_MS: Final = 50


def dropped_files(event: QDragEnterEvent | QDropEvent, suffixes: tuple[str, ...]) -> list[Path]:
    """The local files of a drag whose names end with one of `suffixes`."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in suffixes]


def refresh_on(owner: QWidget, refresh: Callable[[], None], *signals: Any) -> QTimer:
    """Calls `refresh` once after a burst of `signals`: importing 85 delegates or printing 85
    cards moves a log a hundred times in a few seconds, and each redraw walks every row."""
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.setInterval(BURST_MS)
    timer.timeout.connect(refresh)
    for signal in signals:
        signal.connect(timer.start)
    return timer


def primary(button: QPushButton) -> QPushButton:
    """The one action a panel leads to, filled; grey when it cannot be used (the theme's filled
    button stays green when disabled, which reads as «ready»)."""
    button.setStyleSheet(
        f"QPushButton {{ background: {theme.ACCENT}; color: white; padding: 4px 28px; }}"
        "QPushButton:disabled { background: #eceff2; color: #6b737c; border-color: #9aa3ad; }")
    return button


def list_table(parent: QWidget, headers: list[str], stretch: int) -> QTableWidget:
    """A read-only list, one row selected at a time, the `stretch` column taking the width left."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    return table
