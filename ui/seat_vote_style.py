"""The look of the seat's voting panel: the options' colours, the panel's and the buttons' sheets,
and the labels and buttons its pages are made of."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ui import theme

OPTION_HEIGHT = 170
OPTION_MIN_WIDTH = 220
# "Không / biểu quyết" on a third of a 1366-pixel screen, at the 200 % text size.
OPTION_MAX_PT = 44
LEVEL_PT = 15
# Distinct without relying on red against green: blue, dark orange, slate. The words are the key.
def option_colour(key: str) -> str:
    """The colour of an option's button in the current look (theme.set_look)."""
    return {
        "tan_thanh": theme.ACCENT,
        "khong_tan_thanh": "#9c4300",
        "khong_bieu_quyet": "#4a525a",
        "tin_nhiem_cao": theme.ACCENT,
        "tin_nhiem": "#4a525a",
        "tin_nhiem_thap": "#9c4300",
        "khong_tin_nhiem": "#9c4300",
    }.get(key, theme.ACCENT)


BAND = "#0b2f5c"


def panel_css() -> str:
    """Each page's sheet: one place for the sizes (the theme's QPushButton would otherwise win)."""
    return f"""
QFrame#votePanel {{ background: {theme.PAPER}; }}
QWidget#voteBand {{ background: {theme.INK if theme.LOOK.high_contrast else BAND}; }}
QWidget#voteBand QLabel {{ color: white; font-weight: bold; }}
QLabel#voteTitle {{ font-size: {theme.pt(22)}pt; font-weight: bold; }}
QLabel#voteNote {{ font-size: {theme.pt(17)}pt; font-weight: bold; color: {theme.ACCENT}; }}
QLabel#voteNotice {{ font-size: {theme.pt(16)}pt; font-weight: bold; color: {theme.DANGER};
    background: {theme.DANGER_BG}; border: 2px solid {theme.DANGER}; border-radius: 8px; padding: 8px 12px; }}
QLabel#voteHint {{ font-size: {theme.pt(15)}pt; color: {theme.MUTED}; }}
QLabel#voteBig {{ font-size: {theme.pt(22)}pt; font-weight: bold; }}
QPushButton#votePrimary {{ background: {theme.ACCENT}; color: {theme.ON_ACCENT}; font-size: {theme.pt(20)}pt; min-height: {theme.px(84)}px;
    padding: 4px 36px; }}
QPushButton#votePrimary:focus, QPushButton#voteCheckIn:focus {{ background: {theme.FOCUS_BG}; color: {theme.INK};
    border: 5px solid {theme.INK}; }}
QPushButton#votePrimary:disabled {{ background: #eceff2; color: #4d545b; border-color: #9aa3ad; }}
QPushButton#voteSecondary {{ font-size: {theme.pt(18)}pt; min-height: {theme.px(84)}px; padding: 4px 30px; }}
QPushButton#voteCheckIn {{ background: {theme.ACCENT}; color: {theme.ON_ACCENT}; font-size: {theme.pt(22)}pt;
    min-height: {theme.px(96)}px;
    padding: 4px 48px; }}
QPushButton#voteCheckIn:disabled {{ background: {theme.LIVE_BG}; color: {theme.LIVE}; border-color: {theme.LIVE}; }}
QScrollArea#voteScroll, QWidget#voteRows {{ background: {theme.PAPER}; border: none; }}
QFrame#voteRow {{ border-bottom: 1px solid {theme.LINE}; }}
"""


def option_css(name: str, colour: str, *, filled: bool, size_pt: int, height: int, max_pt: int = 99) -> str:
    """A choice button: filled with its colour when it is the one (or, on a list, the one ticked),
    white with a border of that colour otherwise; the focus frame stays visible on both."""
    paper, ink = (colour, theme.ON_ACCENT) if filled else (theme.PAPER, colour)
    # The standard look keeps a filled button's colour under the focus frame; high contrast
    # turns whatever has the focus yellow, as everywhere else.
    focus = theme.FOCUS_BG if theme.LOOK.high_contrast else paper
    return (
        f"QPushButton#{name} {{ background: {paper}; color: {ink}; border: 3px solid {colour};"
        f" border-radius: 10px; font-size: {min(theme.pt(size_pt), max_pt)}pt; font-weight: bold; padding: 4px 12px;"
        f" min-height: {theme.px(height)}px; }}"
        f"QPushButton#{name}:focus {{ border: 6px solid {theme.INK}; background: {focus}; color: {theme.INK}; }}"
        f"QPushButton#{name}:disabled {{ background: #eceff2; color: #4d545b; border-color: #9aa3ad; }}"
    )


def vote_label(parent: QWidget, name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def vote_button(text: str, name: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAutoDefault(True)  # Enter presses the button that has the focus
    return button


def page_layout(page: QWidget) -> QVBoxLayout:
    """One of the panel's pages: a column under the question."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 8, 0, 0)
    layout.setSpacing(16)
    return layout


def lines_html(lines: list[tuple[str, str]]) -> str:
    """A ballot's choices as a table: who (empty on a resolution), then what."""
    rows = "".join(
        f"<tr><td style='padding: 4px 24px 4px 0'>{who}</td><td style='padding: 4px 0'><b>{what}</b></td></tr>"
        if who else f"<tr><td colspan='2' style='padding: 4px 0'><b>{what}</b></td></tr>"
        for who, what in lines
    )
    return f"<table>{rows}</table>"
