"""A large, high-contrast, touch-friendly look for delegates who are not computer people."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

BASE_PT = 15
# Fonts known to carry every Vietnamese glyph (ă ơ ư đ with all five tone marks).
FAMILIES = ("Noto Sans", "DejaVu Sans", "Segoe UI", "Arial")
MIN_TOUCH_PX = 48

INK = "#111111"
MUTED = "#5a5a5a"
PAPER = "#ffffff"
PANEL = "#f1f3f5"
ACCENT = "#0b4f9c"  # links, selection, focus
LIVE = "#0b6b2e"  # the item under discussion, "connected"
LIVE_BG = "#e3f4e8"
WARN = "#8a5a00"
WARN_BG = "#fff1c9"
DANGER = "#a30d0d"
DANGER_BG = "#fde2e2"
INTERNAL = "#a30d0d"

STYLESHEET = f"""
QWidget {{ color: {INK}; background: {PAPER}; }}
QMainWindow, QWidget#seatHeader {{ background: {PANEL}; }}
QLabel {{ background: transparent; }}
QPushButton {{
    min-height: {MIN_TOUCH_PX}px; padding: 4px 14px; border: 2px solid {ACCENT};
    border-radius: 8px; background: {PAPER}; color: {ACCENT}; font-weight: bold;
}}
QPushButton:hover {{ background: #e8f0fb; }}
QPushButton:pressed {{ background: #cfe0f7; }}
QPushButton:focus {{ border: 3px solid {ACCENT}; }}
QPushButton:disabled {{ border-color: #9aa3ad; color: #6b737c; background: #eceff2; }}
QPushButton#checkIn {{ background: {ACCENT}; color: white; padding: 4px 28px; }}
QPushButton#checkIn:disabled {{ background: {LIVE_BG}; color: {LIVE}; border-color: {LIVE}; }}
QScrollBar:vertical {{ width: 22px; }}
QScrollBar:horizontal {{ height: 22px; }}
QSplitter::handle {{ background: #c9ced4; width: 6px; }}
QToolTip {{ color: {INK}; background: #ffffe8; border: 1px solid {MUTED}; }}
"""


def restyle(widget: QWidget, css: str) -> None:
    """Sets a style sheet only when it changes: each setStyleSheet re-polishes the widget and
    relayouts around it, which panels refreshed on every event cannot afford."""
    if widget.styleSheet() != css:
        widget.setStyleSheet(css)


def vietnamese_family() -> str:
    """The first installed family of FAMILIES, or Qt's default when none is installed."""
    installed = set(QFontDatabase.families())
    return next((f for f in FAMILIES if f in installed), QApplication.font().family())


def apply_theme(app: QApplication) -> None:
    font = QFont(vietnamese_family())
    font.setPointSize(BASE_PT)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)
