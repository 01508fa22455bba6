"""The seat map's drawing: every seat a tile coloured by its delegate's state, in the hall's zones."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import (
    QSizePolicy,
    QWidget,
)

from app.model import SPEECH_KIND_LABELS, MeetingState, Seat, SpeechRequest
from ui import theme

# SPEECH_KIND_LABELS (app.model) as lupdate sees them, so the kind reads in the interface language.
KIND_NAMES = (
    QT_TRANSLATE_NOOP("SeatMap", "Phát biểu"),
    QT_TRANSLATE_NOOP("SeatMap", "Tranh luận"),
    QT_TRANSLATE_NOOP("SeatMap", "Chất vấn"),
    QT_TRANSLATE_NOOP("SeatMap", "Ý kiến về trình tự, thủ tục"),
)
ZONE_NAMES: Final = {
    "presidium": QT_TRANSLATE_NOOP("SeatMap", "Chủ tọa kỳ họp"),
    "hall": QT_TRANSLATE_NOOP("SeatMap", "Hội trường"),
}


def kind_label(kind: str) -> str:
    return QCoreApplication.translate("SeatMap", SPEECH_KIND_LABELS.get(kind, kind))


def zone_label(zone: str) -> str:
    name = ZONE_NAMES.get(zone)
    return QCoreApplication.translate("SeatMap", name) if name else zone


@dataclass(frozen=True, slots=True)
class Look:
    """How a tile is painted: fill, border and text colours, border width."""

    fill: str
    border: str
    ink: str
    width: float = 1.5


# The tile's state, most telling first: who speaks, who waits, who is here, who is not.
LOOKS: Final[dict[str, Look]] = {
    "speaking": Look(theme.ACCENT, "#062a55", "#ffffff", 3),
    "waiting": Look("#ffd766", theme.WARN, theme.INK, 3),
    "present": Look(theme.LIVE_BG, theme.LIVE, theme.INK, 2),
    "absent": Look("#e4e7ea", "#aab1b8", "#4a4f55", 1.5),
    "empty": Look(theme.PAPER, "#c9ced4", theme.MUTED, 1),
}
OFFLINE_COLOR: Final = theme.DANGER

MAX_TILE_W: Final = 150.0
MAX_TILE_H: Final = 84.0
TILE_RATIO: Final = 1.75  # width : height; two short lines of text
MARGIN: Final = 8.0
"""Below this width the delegate's card goes under the hall instead of beside it."""


def short_name(name: str, fits: Any) -> str:
    """The end of a Vietnamese name, as long as it fits: "Đình Khiêm", else "Khiêm", else elided.

    Vietnamese call people by the given name, the last word; the middle name tells apart two
    "Hà"s when there is room for it."""
    words = name.split()
    for n in (2, 1):
        candidate = " ".join(words[-n:])
        if fits(candidate):
            return candidate
    return words[-1] if words else ""


@dataclass(frozen=True, slots=True)
class Tile:
    seat_id: str
    label: str
    delegate_id: str | None
    name: str
    state: str  # a key of LOOKS
    position: int | None  # in the queue, for a waiting delegate
    offline: bool


def seat_state(state: MeetingState, delegate_id: str | None, waiting: dict[str, list[SpeechRequest]],
               speaker: str | None) -> str:
    if delegate_id is None or delegate_id not in state.delegates:
        return "empty"
    if delegate_id == speaker:
        return "speaking"
    if waiting.get(delegate_id):
        return "waiting"
    return "present" if delegate_id in state.present else "absent"


def zone_order(seats: Iterable[Seat]) -> list[str]:
    """The presidium first (it faces the hall), then the other zones from the front row back."""
    first_row: dict[str, int] = {}
    for seat in seats:
        first_row[seat.zone] = min(first_row.get(seat.zone, seat.row), seat.row)
    return sorted(first_row, key=lambda z: (z != "presidium", first_row[z], z))


class HallCanvas(QWidget):
    """The tiles, painted: laid out by zone, row and column, scaled to the widget (no text ever
    leaves its tile: names shorten, then the name line goes before anything overlaps).

    Attributes: tiles (seat id -> Tile), rects (seat id -> QRectF after the last layout), selected.
    Signals: seat_did_get_clicked(seat_id), background_did_get_clicked (a tap between seats).
    """

    seat_did_get_clicked = Signal(str)
    background_did_get_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.tiles: dict[str, Tile] = {}
        self.seats: list[Seat] = []
        self.rects: dict[str, QRectF] = {}
        self.zone_titles: list[tuple[QRectF, str]] = []
        self.selected: str | None = None
        self.tile_size = QSize()
        self.setMouseTracking(True)
        self.setMinimumSize(320, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def set_tiles(self, seats: list[Seat], tiles: dict[str, Tile]) -> None:
        layout_changed = [(s.seat_id, s.row, s.col, s.zone) for s in seats] != [
            (s.seat_id, s.row, s.col, s.zone) for s in self.seats
        ]
        self.seats = seats
        self.tiles = tiles
        if layout_changed:
            self._layout()
        self.update()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._layout()

    def _fonts(self, tile_h: float, tile_w: float = 1e9) -> tuple[QFont, QFont, QFont]:
        label = QFont(self.font())
        # Two lines of about 1.17 em each, plus a little air, fill the tile's height; across, a
        # given name of six or seven letters must fit (a squarer tile gets smaller type).
        label.setPixelSize(max(10, min(22, int(tile_h * 0.35), int(tile_w * 0.30))))
        label.setBold(True)
        name = QFont(self.font())
        name.setPixelSize(max(10, min(20, int(tile_h * 0.33), int(tile_w * 0.27))))
        zone = QFont(self.font())
        zone.setPixelSize(max(12, min(20, round(tile_h * 0.30))))
        zone.setBold(True)
        return label, name, zone

    def _layout(self) -> None:
        """Zones stacked top to bottom, each under its title; inside a zone, rows and columns
        as the technician numbered them, gaps (aisles, empty rows) kept."""
        self.rects = {}
        self.zone_titles = []
        if not self.seats:
            return
        zones = zone_order(self.seats)
        by_zone: dict[str, list[Seat]] = defaultdict(list)
        for seat in self.seats:
            by_zone[seat.zone].append(seat)
        extent = {
            z: (min(s.row for s in ss), max(s.row for s in ss), min(s.col for s in ss), max(s.col for s in ss))
            for z, ss in by_zone.items()
        }
        columns = max(c1 - c0 + 1 for _, _, c0, c1 in extent.values())
        rows = sum(r1 - r0 + 1 for r0, r1, _, _ in extent.values())
        width = self.width() - 2 * MARGIN
        height = self.height() - 2 * MARGIN
        # A zone's title takes a line of its own (its type never below 12 px), and a third of a
        # row separates zones; the rows share what is left.
        _, _, zone_font = self._fonts(height / max(1, rows))
        title_h = QFontMetricsF(zone_font).height() + 4
        cell_w = width / columns
        cell_h = max(1.0, height - len(zones) * title_h) / (rows + 0.3 * (len(zones) - 1))
        # As tall as the rows allow and as wide as the columns allow, within a sane shape: a
        # narrow panel gets squarer tiles rather than smaller type.
        tile_h = min(cell_h / 1.12, MAX_TILE_H)
        tile_w = min(cell_w / 1.08, tile_h * TILE_RATIO, MAX_TILE_W)
        tile_h = min(tile_h, tile_w * 0.9)
        gap_x = max(3.0, tile_w * 0.08)
        gap_y = max(3.0, tile_h * 0.12)
        step_x, step_y = tile_w + gap_x, tile_h + gap_y
        self.tile_size = QSize(int(tile_w), int(tile_h))
        _, _, zone_font = self._fonts(tile_h)
        title_h = min(title_h, QFontMetricsF(zone_font).height() + 4)
        used_h = sum((extent[z][1] - extent[z][0] + 1) * step_y for z in zones) + len(zones) * title_h \
            + (len(zones) - 1) * step_y * 0.3
        y = MARGIN + max(0.0, (height - used_h) / 2)
        grid_w = columns * step_x - gap_x
        for index, zone in enumerate(zones):
            r0, r1, c0, c1 = extent[zone]
            zone_w = (c1 - c0 + 1) * step_x - gap_x
            # Every zone is centred on the hall's axis: the presidium faces the middle of the hall.
            x0 = MARGIN + (width - grid_w) / 2 + (grid_w - zone_w) / 2
            self.zone_titles.append((QRectF(x0, y, zone_w, title_h), zone))
            y += title_h
            for seat in by_zone[zone]:
                self.rects[seat.seat_id] = QRectF(
                    x0 + (seat.col - c0) * step_x, y + (seat.row - r0) * step_y, tile_w, tile_h
                )
            y += (r1 - r0 + 1) * step_y
            if index < len(zones) - 1:
                y += step_y * 0.3

    def seat_at(self, point: QPointF) -> str | None:
        return next((seat_id for seat_id, rect in self.rects.items() if rect.contains(point)), None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.seat_at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        seat_id = self.seat_at(event.position())
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if seat_id is not None:
            self.seat_did_get_clicked.emit(seat_id)
        else:
            self.background_did_get_clicked.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(theme.PAPER))
        tile_h = float(self.tile_size.height() or 40)
        label_font, name_font, zone_font = self._fonts(tile_h, float(self.tile_size.width() or 70))
        painter.setFont(zone_font)
        painter.setPen(QColor(theme.MUTED))
        for rect, zone in self.zone_titles:
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), zone_label(zone))
        label_metrics = QFontMetricsF(label_font)
        name_metrics = QFontMetricsF(name_font)
        two_lines = label_metrics.height() + name_metrics.height() + 4 <= tile_h
        for seat_id, rect in self.rects.items():
            tile = self.tiles.get(seat_id)
            if tile is not None:
                self._paint_tile(painter, tile, rect, label_font, name_font, two_lines)
        painter.end()

    def _paint_tile(self, painter: QPainter, tile: Tile, rect: QRectF, label_font: QFont, name_font: QFont,
                    two_lines: bool) -> None:
        look = LOOKS[tile.state]
        radius = min(8.0, rect.height() * 0.15)
        pen = QPen(QColor(look.border), look.width)
        if tile.state == "empty":
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor(look.fill))
        inner = rect.adjusted(look.width / 2, look.width / 2, -look.width / 2, -look.width / 2)
        painter.drawRoundedRect(inner, radius, radius)
        if tile.offline:
            dashed = QPen(QColor(OFFLINE_COLOR), 3, Qt.PenStyle.DashLine)
            painter.setPen(dashed)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1.5, 1.5, -1.5, -1.5), radius, radius)
            corner = min(rect.width(), rect.height()) * 0.28
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(OFFLINE_COLOR))
            painter.drawPolygon(QPolygonF([rect.bottomRight(), rect.bottomRight() - QPointF(corner, 0),
                                           rect.bottomRight() - QPointF(0, corner)]))
        if tile.seat_id == self.selected:
            painter.setPen(QPen(QColor(theme.ACCENT), 4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-3, -3, 3, 3), radius + 2, radius + 2)

        pad = max(3.0, rect.width() * 0.05)
        text_rect = rect.adjusted(pad, 2, -pad, -2)
        label = tile.label
        badge = ""
        if tile.state == "speaking":
            badge = "▶"
        elif tile.position is not None:
            badge = str(tile.position)
        painter.setPen(QColor(look.ink))
        painter.setFont(label_font)
        label_metrics = QFontMetricsF(label_font)
        if two_lines:
            label_rect = QRectF(text_rect.left(), text_rect.top(), text_rect.width(), label_metrics.height())
            name_rect = QRectF(text_rect.left(), label_rect.bottom(), text_rect.width(),
                               text_rect.bottom() - label_rect.bottom())
        else:
            label_rect, name_rect = text_rect, QRectF()
        # The badge (queue number, or ▶ for the speaker) sits beside the seat label when both fit,
        # else at the start of the name line, else (one line only) it is left to the colour.
        badge_rect = QRectF()
        if badge:
            badge_w = label_metrics.horizontalAdvance(badge) + 8
            label_w = label_metrics.horizontalAdvance(label)
            if label_w + badge_w + 2 <= label_rect.width():
                badge_rect = QRectF(label_rect.right() - badge_w, label_rect.top() + 1, badge_w,
                                    label_metrics.height() - 2)
                label_rect.setRight(badge_rect.left() - 2)
            elif two_lines:
                badge_rect = QRectF(name_rect.left(), name_rect.top() + 1, badge_w,
                                    min(name_rect.height(), label_metrics.height()) - 2)
                name_rect.setLeft(badge_rect.right() + 2)
        if not badge_rect.isEmpty():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#ffffff" if tile.state == "speaking" else theme.WARN))
            painter.drawRoundedRect(badge_rect, 4, 4)
            painter.setPen(QColor(theme.ACCENT if tile.state == "speaking" else "#ffffff"))
            painter.drawText(badge_rect, int(Qt.AlignmentFlag.AlignCenter), badge)
            painter.setPen(QColor(look.ink))
        beside = not badge_rect.isEmpty() and badge_rect.top() < label_rect.bottom() - 2
        align = Qt.AlignmentFlag.AlignLeft if beside else Qt.AlignmentFlag.AlignHCenter
        painter.drawText(label_rect, int(align | Qt.AlignmentFlag.AlignVCenter),
                         label_metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_rect.width()))
        if two_lines and tile.name and name_rect.width() > 8:
            painter.setFont(name_font)
            metrics = QFontMetricsF(name_font)
            name = short_name(tile.name, lambda text: metrics.horizontalAdvance(text) <= name_rect.width())
            name = metrics.elidedText(name, Qt.TextElideMode.ElideRight, name_rect.width())
            painter.drawText(name_rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), name)
