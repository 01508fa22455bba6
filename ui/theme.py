"""A large, high-contrast, touch-friendly look for delegates who are not computer people.

Two settings change it (ui.settings_dialog): the text size, 100 to 200 % (pt() scales every size a
sheet names, BASE_PT and MIN_TOUCH_PX follow), and a high-contrast palette (pure black on white,
a yellow focus mark with a thick black frame: every text at least 7:1, WCAG AAA). set_look
changes this module's values; widgets take them when they are built, so the seat window is
rebuilt after a change (ui.run)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

# Fonts known to carry every Vietnamese glyph (ă ơ ư đ with all five tone marks).
FAMILIES = ("Noto Sans", "DejaVu Sans", "Segoe UI", "Arial")
SCALES = (100, 125, 150, 175, 200)
_BASE_PT = 15
_MIN_TOUCH_PX = 48


@dataclass(frozen=True)
class Look:
    """scale: the text size in percent (one of SCALES); high_contrast: the black, white and yellow palette."""

    scale: int = 100
    high_contrast: bool = False


STANDARD_COLOURS = {
    "INK": "#111111",
    "MUTED": "#5a5a5a",
    "PAPER": "#ffffff",
    "PANEL": "#f1f3f5",
    "ACCENT": "#0b4f9c",  # links, selection, focus
    "ON_ACCENT": "#ffffff",  # words on a filled ACCENT button
    "LIVE": "#0b6b2e",  # the item under discussion, "connected"
    "LIVE_BG": "#e3f4e8",
    "WARN": "#8a5a00",
    "WARN_BG": "#fff1c9",
    "DANGER": "#a30d0d",
    "DANGER_BG": "#fde2e2",
    "INTERNAL": "#a30d0d",
    "FOCUS_BG": "#e8f0fb",  # behind whatever has the keyboard focus
    "LINE": "#c9ced4",
}
# Contrast on white (and of white on the dark ones): INK 21:1, MUTED 12.6:1, ACCENT 21:1,
# LIVE 8.9:1, WARN 10.4:1, DANGER 10.4:1; the yellow focus carries black words (19.6:1).
HIGH_CONTRAST_COLOURS = {
    "INK": "#000000",
    "MUTED": "#333333",
    "PAPER": "#ffffff",
    "PANEL": "#ffffff",
    "ACCENT": "#000000",
    "ON_ACCENT": "#ffffff",
    "LIVE": "#005a1e",
    "LIVE_BG": "#ffffff",
    "WARN": "#5c3a00",
    "WARN_BG": "#ffffff",
    "DANGER": "#8b0000",
    "DANGER_BG": "#ffffff",
    "INTERNAL": "#8b0000",
    "FOCUS_BG": "#ffe600",
    "LINE": "#000000",
}

LOOK = Look()
BASE_PT = _BASE_PT
MIN_TOUCH_PX = _MIN_TOUCH_PX
INK = MUTED = PAPER = PANEL = ACCENT = ON_ACCENT = LIVE = LIVE_BG = ""
WARN = WARN_BG = DANGER = DANGER_BG = INTERNAL = FOCUS_BG = LINE = ""


def set_look(look: Look) -> None:
    """Makes `look` the one every widget built from now on takes (sizes and colours)."""
    global LOOK, BASE_PT, MIN_TOUCH_PX
    LOOK = look if look.scale in SCALES else Look(100, look.high_contrast)
    BASE_PT = pt(_BASE_PT)
    MIN_TOUCH_PX = px(_MIN_TOUCH_PX)
    colours = HIGH_CONTRAST_COLOURS if LOOK.high_contrast else STANDARD_COLOURS
    globals().update(colours)


def pt(size: float) -> int:
    """A type size of the 100 % look, at the chosen text size."""
    return round(size * LOOK.scale / 100)


def px(size: float) -> int:
    """A height that holds a line of text (a button, a row), grown with the text; a scale of
    200 % grows it by half, since padding and borders do not grow."""
    return round(size * (1 + (LOOK.scale - 100) / 200))


def stylesheet() -> str:
    """The application's sheet in the current look."""
    focus_border = 4 if LOOK.high_contrast else 3
    focus_ink = f"color: {INK};" if LOOK.high_contrast else ""
    return f"""
QWidget {{ color: {INK}; background: {PAPER}; }}
QMainWindow, QWidget#seatHeader {{ background: {PANEL}; }}
QLabel {{ background: transparent; }}
QPushButton {{
    min-height: {MIN_TOUCH_PX}px; padding: 4px 14px; border: 2px solid {ACCENT};
    border-radius: 8px; background: {PAPER}; color: {ACCENT}; font-weight: bold;
}}
QPushButton:hover {{ background: #e8f0fb; }}
QPushButton:pressed {{ background: #cfe0f7; }}
QPushButton:focus {{ border: {focus_border}px solid {INK if LOOK.high_contrast else ACCENT};
    background: {FOCUS_BG}; {focus_ink} }}
QPushButton:disabled {{ border-color: #9aa3ad; color: #4d545b; background: #eceff2; }}
QPushButton#checkIn {{ background: {ACCENT}; color: {ON_ACCENT}; padding: 4px 28px; }}
QPushButton#checkIn:focus {{ background: {FOCUS_BG}; color: {INK}; border: {focus_border + 1}px solid {INK}; }}
QPushButton#checkIn:disabled {{ background: {LIVE_BG}; color: {LIVE}; border-color: {LIVE}; }}
QComboBox, QLineEdit {{ min-height: {MIN_TOUCH_PX}px; border: 2px solid {MUTED}; border-radius: 6px; padding: 2px 8px; }}
QComboBox:focus, QLineEdit:focus, QCheckBox:focus {{ border: {focus_border}px solid {ACCENT}; background: {FOCUS_BG}; }}
QCheckBox {{ min-height: {MIN_TOUCH_PX}px; spacing: 12px; }}
QCheckBox::indicator {{ width: {px(26)}px; height: {px(26)}px; }}
QScrollBar:vertical {{ width: 22px; }}
QScrollBar:horizontal {{ height: 22px; }}
QSplitter::handle {{ background: {LINE}; width: 6px; }}
QToolTip {{ color: {INK}; background: #ffffe8; border: 1px solid {MUTED}; }}
"""


set_look(LOOK)
STYLESHEET = stylesheet()  # the 100 % standard look, for whoever reads it as a constant


def restyle(widget: QWidget, css: str) -> None:
    """Sets a style sheet only when it changes: each setStyleSheet re-polishes the widget and
    relayouts around it, which panels refreshed on every event cannot afford."""
    if widget.styleSheet() != css:
        widget.setStyleSheet(css)


def vietnamese_family() -> str:
    """The first installed family of FAMILIES, or Qt's default when none is installed."""
    installed = set(QFontDatabase.families())
    return next((f for f in FAMILIES if f in installed), QApplication.font().family())


def apply_theme(app: QApplication, look: Look | None = None) -> None:
    """The font and sheet of `look` (None: the one set last) on the whole application."""
    if look is not None:
        set_look(look)
    font = QFont(vietnamese_family())
    font.setPointSize(BASE_PT)
    app.setFont(font)
    app.setStyleSheet(stylesheet())
