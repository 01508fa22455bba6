"""What the presidium's panels share around an action: a command sent from a button, the notes
under an action (why not, and a refusal), and the look of the main button and of an error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from ui import theme
from ui.chair_model import spawn


def send(widget: QObject, model: Any, name: str, args: dict[str, Any],
         on_answer: Callable[[dict[str, Any]], None]) -> None:
    """Sends a command from a button (Qt slots cannot await) and hands the answer to `on_answer`,
    unless the widget was closed and deleted while the server was answering."""

    async def run() -> None:
        answer = await model.command(name, args)
        if shiboken6.isValid(widget):
            on_answer(answer)

    spawn(run())


def error_style() -> str:
    return f"color: {theme.DANGER}; font-weight: bold;"


def action_notes(parent: QWidget) -> tuple[QLabel, QLabel]:
    """The two lines under an action: why it is unavailable (muted), and a refusal (red, hidden
    until there is one)."""
    why = QLabel(parent)
    why.setWordWrap(True)
    why.setStyleSheet(f"color: {theme.MUTED}; font-size: 12pt;")
    error = QLabel(parent)
    error.setWordWrap(True)
    error.setStyleSheet(error_style())
    error.hide()
    return why, error


def make_primary(button: QPushButton) -> QPushButton:
    """The filled look of the main action. Not the theme's #checkIn, whose disabled state is the
    green of "done": a send button waiting for its text must look unavailable, not finished."""
    button.setStyleSheet(
        f"QPushButton {{ background: {theme.ACCENT}; color: white; padding: 4px 22px; }}"
        "QPushButton:hover { background: #0d5db8; }"
        "QPushButton:disabled { background: #eceff2; color: #6b737c; border-color: #9aa3ad; }"
    )
    return button
