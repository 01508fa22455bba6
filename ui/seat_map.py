"""The synoptic seat map: the hall as the technician laid it out, every seat coloured by its delegate's state."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.attendance import Status, status_of
from app.model import SPEECH_KIND_LABELS, MeetingState, Seat, SpeechRequest
from ui import theme
from ui.chair_attendance import (
    STATUS_COLORS,
    AbsenceDialog,
    absence_refusal,
    action_notes,
    make_primary,
    send,
    short_group,
    status_label,
)
from ui.chair_messages import MessageDialog

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
LEGEND: Final = (
    ("absent", QT_TRANSLATE_NOOP("SeatMap", "Vắng / chưa điểm danh")),
    ("present", QT_TRANSLATE_NOOP("SeatMap", "Có mặt")),
    ("waiting", QT_TRANSLATE_NOOP("SeatMap", "Xin phát biểu (số thứ tự)")),
    ("speaking", QT_TRANSLATE_NOOP("SeatMap", "Đang phát biểu")),
)

MAX_TILE_W: Final = 150.0
MAX_TILE_H: Final = 84.0
TILE_RATIO: Final = 1.75  # width : height; two short lines of text
MARGIN: Final = 8.0
DETAILS_MAX_W: Final = 330
DETAILS_MIN_W: Final = 250
DETAILS_MIN_H: Final = 200
NARROW_W: Final = 760
"""Below this width the delegate's card goes under the hall instead of beside it."""
QT_MAX_SIZE: Final = 16_777_215  # QWIDGETSIZE_MAX


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


class SeatDetails(QFrame):
    """The clicked seat's delegate: name, title, group, status, requests, and the actions that make
    sense for them and for this console's role (each shown disabled with the reason when refused).

    Attributes: name_label, title_label, group_label, status_label, requests_label, grant_buttons
    (request id -> button), absence_button, message_button, why_label, error_label.
    """

    def __init__(self, model: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.seat_id: str | None = None
        self.grant_buttons: dict[str, QPushButton] = {}
        self.absence_dialog: AbsenceDialog | None = None
        self.message_dialog: MessageDialog | None = None
        self.setObjectName("seatDetails")
        self.setStyleSheet(f"QFrame#seatDetails {{ background: {theme.PANEL}; border-radius: 8px; }}")
        self.seat_label = QLabel(self)
        self.seat_label.setStyleSheet(f"color: {theme.MUTED}; font-size: 13pt; font-weight: bold;")
        self.name_label = QLabel(self)
        self.name_label.setWordWrap(True)
        self.name_label.setStyleSheet("font-size: 17pt; font-weight: bold;")
        self.title_label = QLabel(self)
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("font-size: 13pt;")
        self.group_label = QLabel(self)
        self.group_label.setWordWrap(True)
        self.group_label.setStyleSheet(f"color: {theme.MUTED}; font-size: 13pt;")
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.requests_label = QLabel(self)
        self.requests_label.setWordWrap(True)
        self.requests_label.setStyleSheet("font-size: 13pt;")
        self.grant_box = QVBoxLayout()
        self.grant_box.setSpacing(6)
        self.absence_button = QPushButton(self.tr("Ghi vắng mặt…"), self)
        self.message_button = QPushButton(self.tr("Gửi tin nhắn…"), self)
        self.why_label, self.error_label = action_notes(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        for widget in (self.seat_label, self.name_label, self.title_label, self.group_label, self.status_label,
                       self.requests_label):
            layout.addWidget(widget)
        layout.addLayout(self.grant_box)
        layout.addWidget(self.absence_button)
        layout.addWidget(self.message_button)
        layout.addWidget(self.why_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.absence_button.clicked.connect(self.record_absence)
        self.message_button.clicked.connect(self.write_message)
        self.show_seat(None)

    def delegate_id(self) -> str | None:
        seat = None if self.seat_id is None else self.model.state.seats.get(self.seat_id)
        return None if seat is None else seat.delegate_id

    def show_seat(self, seat_id: str | None) -> None:
        if seat_id != self.seat_id:
            self.error_label.hide()
        self.seat_id = seat_id
        self.refresh()

    def refresh(self) -> None:
        state: MeetingState = self.model.state
        seat = None if self.seat_id is None else state.seats.get(self.seat_id)
        delegate = None if seat is None or seat.delegate_id is None else state.delegates.get(seat.delegate_id)
        for button in self.grant_buttons.values():
            button.hide()
            button.deleteLater()
        self.grant_buttons = {}
        why: list[str] = []
        if seat is None:
            self.seat_label.setText("")
            self.name_label.setText(self.tr("Chọn một ghế trên sơ đồ để xem đại biểu."))
            self.name_label.setStyleSheet(f"font-size: 14pt; color: {theme.MUTED};")
        else:
            self.seat_label.setText(self.tr("Ghế {seat} · {zone}").format(seat=seat.label, zone=zone_label(seat.zone)))
            self.name_label.setStyleSheet("font-size: 17pt; font-weight: bold;")
            self.name_label.setText(delegate.name if delegate is not None else self.tr("Ghế trống"))
        for label in (self.title_label, self.group_label, self.status_label, self.requests_label):
            label.setVisible(delegate is not None)
        self.absence_button.setVisible(False)
        self.message_button.setVisible(False)
        if delegate is None:
            self.why_label.hide()
            return
        self.title_label.setText(delegate.title)
        self.group_label.setText(short_group(delegate.group_name))
        status: Status = status_of(state, delegate.delegate_id)
        text = status_label(status)
        absence = state.absences.get(delegate.delegate_id)
        if absence is not None and absence.reason:
            text += ": " + absence.reason
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {STATUS_COLORS[status]}; font-size: 14pt; font-weight: bold;")
        self._requests(state, delegate.delegate_id, why)
        if status != "present":
            refusal = absence_refusal(self.model, delegate.delegate_id)
            self.absence_button.setVisible(True)
            self.absence_button.setEnabled(refusal is None)
            if refusal:
                why.append(refusal)
        if self.model.can("message.send"):
            self.message_button.setVisible(True)
        self.why_label.setText("\n".join(why))
        self.why_label.setVisible(bool(why))

    def _requests(self, state: MeetingState, delegate_id: str, why: list[str]) -> None:
        speaking = state.speaking
        mine = [r for r in speaking.requests.values() if r.delegate_id == delegate_id and r.item_id == state.active_item]
        waiting = sorted((r for r in mine if r.status == "waiting"), key=lambda r: r.position or 0)
        lines: list[str] = []
        current = speaking.current()
        if current is not None and current.delegate_id == delegate_id:
            lines.append(self.tr("▶ Đang phát biểu ({kind})").format(kind=kind_label(current.kind)))
        for request in waiting:
            lines.append(self.tr("Xin {kind}: thứ {position} trong danh sách").format(
                kind=kind_label(request.kind).lower(), position=request.position))
        done = sum(1 for r in mine if r.status == "done")
        if done:
            lines.append(self.tr("Đã phát biểu {n} lượt ở nội dung này").format(n=done))
        self.requests_label.setText("\n".join(lines) or self.tr("Không có yêu cầu phát biểu."))
        can_grant = self.model.can("speak.grant")
        for request in waiting:
            button = QPushButton(self.tr("Mời phát biểu: {kind}").format(kind=kind_label(request.kind)), self)
            make_primary(button)
            busy = current is not None
            button.setEnabled(can_grant and not busy)
            button.clicked.connect(lambda _=False, rid=request.request_id: self.grant(rid))
            self.grant_box.addWidget(button)
            self.grant_buttons[request.request_id] = button
        if waiting and not can_grant:
            why.append(self.tr("Chỉ chủ tọa được mời đại biểu phát biểu."))
        elif waiting and current is not None:
            name = state.delegates[current.delegate_id].name if current.delegate_id in state.delegates else ""
            why.append(self.tr("{name} đang phát biểu: hãy kết thúc lượt đó trước.").format(name=name))

    def grant(self, request_id: str) -> None:
        button = self.grant_buttons.get(request_id)
        if button is None or not button.isEnabled():
            return
        self.error_label.hide()
        button.setEnabled(False)
        send(self, self.model, "speak.grant", {"request_id": request_id}, self._answered)

    def _answered(self, answer: dict[str, Any]) -> None:
        if answer.get("type") == "error":
            self.error_label.setText(str(answer.get("message") or self.tr("Máy chủ từ chối thao tác.")))
            self.error_label.show()
        self.refresh()

    def record_absence(self) -> None:
        delegate_id = self.delegate_id()
        if delegate_id is None or not self.absence_button.isEnabled():
            return
        dialog = AbsenceDialog(self.model, delegate_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "absence_dialog", None))
        self.absence_dialog = dialog
        dialog.open()

    def write_message(self) -> None:
        delegate_id = self.delegate_id()
        if delegate_id is None:
            return
        dialog = MessageDialog(self.model, delegate_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "message_dialog", None))
        self.message_dialog = dialog
        dialog.open()


class SeatMap(QWidget):
    """The synoptic for the chair: a legend, the hall's seats coloured by state (absent, present,
    asking to speak with their place in the queue, speaking, and a device offline once the console
    knows it: see set_offline), and the clicked seat's delegate with its actions beside it.

    Attributes: model, canvas (HallCanvas), details (SeatDetails), details_scroll, legend_label,
    narrow (the card under the hall, shown only while a seat is chosen, instead of beside it).
    Methods: select(seat_id), clear_selection(), tile(seat_id) -> Tile, set_offline(seat ids or None).
    Signals: seat_did_get_selected(seat_id).
    """

    seat_did_get_selected = Signal(str)

    def __init__(self, model: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.offline: frozenset[str] | None = None
        self._seen: tuple[Any, ...] = ()
        self.legend_label = QLabel(self)
        self.legend_label.setWordWrap(True)
        self.legend_label.setTextFormat(Qt.TextFormat.RichText)
        self.legend_label.setStyleSheet("font-size: 13pt;")
        self.canvas = HallCanvas(self)
        self.details = SeatDetails(model, self)
        scroll = QScrollArea(self)
        scroll.setWidget(self.details)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Its size follows the panel's (resizeEvent): fixed here, it would hold the panel wide.
        self.details_scroll = scroll
        body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        body.setSpacing(10)
        body.addWidget(self.canvas, 1)
        body.addWidget(scroll)
        self.body = body
        self.narrow = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(6)
        layout.addWidget(self.legend_label)
        layout.addLayout(body, 1)
        self.canvas.seat_did_get_clicked.connect(self.select)
        self.canvas.background_did_get_clicked.connect(self.clear_selection)
        self._stale = False
        model.state_did_change.connect(self._on_state)
        model.presence_did_change.connect(lambda: self.set_offline(model.offline_seats()))
        self._legend()
        self.refresh()

    def _on_state(self) -> None:
        # On a tab the chair is not looking at, 85 tiles rebuilt on every event cost the
        # console's other panels about 2 ms each time: the map catches up when shown.
        if self.window().isVisible() and not self.isVisible():
            self._stale = True
            return
        self.refresh()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    def resizeEvent(self, event: Any) -> None:
        # Wide: the delegate's card beside the hall, narrower in a smaller panel. Narrow (a tab
        # of the console): the hall takes the whole width and the card opens under it while a
        # seat is chosen.
        width, height = event.size().width(), event.size().height()
        self.narrow = width < NARROW_W
        scroll = self.details_scroll
        if self.narrow:
            self.body.setDirection(QBoxLayout.Direction.TopToBottom)
            scroll.setMinimumWidth(0)
            scroll.setMaximumWidth(QT_MAX_SIZE)
            scroll.setFixedHeight(max(DETAILS_MIN_H, int(height * 0.38)))
        else:
            self.body.setDirection(QBoxLayout.Direction.LeftToRight)
            scroll.setMinimumHeight(0)
            scroll.setMaximumHeight(QT_MAX_SIZE)
            scroll.setFixedWidth(max(DETAILS_MIN_W, min(DETAILS_MAX_W, int(width * 0.25))))
        self._place_details()
        layout = self.layout()
        if layout is not None:
            layout.activate()  # now, not after the hall was drawn once at the old size
        super().resizeEvent(event)

    def _place_details(self) -> None:
        self.details_scroll.setVisible(not self.narrow or self.canvas.selected is not None)

    def set_offline(self, seat_ids: Iterable[str] | None) -> None:
        """The seats whose device is not connected (docs/presence.md); None while the console
        cannot know (itself offline, or before the server's first presence message)."""
        self.offline = None if seat_ids is None else frozenset(seat_ids)
        self._legend()
        self._seen = ()
        self.refresh()

    def _legend(self) -> None:
        def swatch(look: Look) -> str:
            return (f"<span style='background:{look.fill}; color:{look.fill}; border: 1px solid {look.border};'>"
                    "&nbsp;&nbsp;&nbsp;&nbsp;</span>")

        parts = [
            f"<span style='white-space:nowrap'>{swatch(LOOKS[key])}&nbsp;"
            f"{QCoreApplication.translate('SeatMap', text)}</span>"
            for key, text in LEGEND
        ]
        # The words outside the f-strings, where lupdate finds them.
        if self.offline is not None:
            words = self.tr("Thiết bị mất kết nối (viền đỏ)")
            parts.append(f"<span style='white-space:nowrap'><span style='color:{OFFLINE_COLOR}; font-weight:bold'>"
                         f"▭</span>&nbsp;{words}</span>")
        else:
            words = self.tr("Kết nối của thiết bị: chưa có dữ liệu")
            parts.append(f"<span style='white-space:nowrap; color:{theme.MUTED}'>{words}</span>")
        self.legend_label.setText(" &nbsp;&nbsp; ".join(parts))

    def tile(self, seat_id: str) -> Tile | None:
        return self.canvas.tiles.get(seat_id)

    def select(self, seat_id: str) -> None:
        self.canvas.selected = seat_id
        self.canvas.update()
        self.details.show_seat(seat_id)
        self._place_details()
        self.seat_did_get_selected.emit(seat_id)

    def clear_selection(self) -> None:
        self.canvas.selected = None
        self.canvas.update()
        self.details.show_seat(None)
        self._place_details()

    def refresh(self) -> None:
        state: MeetingState = self.model.state
        seen = (state.delegates, state.seats, state.present, state.absences, state.speaking, state.active_item,
                self.offline)
        if len(seen) == len(self._seen) and all(a is b for a, b in zip(seen, self._seen, strict=True)):
            return
        self._seen = seen
        waiting: dict[str, list[SpeechRequest]] = defaultdict(list)
        for request in state.speaking.waiting():
            waiting[request.delegate_id].append(request)
        current = state.speaking.current()
        speaker = None if current is None else current.delegate_id
        seats = sorted(state.seats.values(), key=lambda s: (s.zone, s.row, s.col, s.seat_id))
        tiles = {}
        for seat in seats:
            delegate = None if seat.delegate_id is None else state.delegates.get(seat.delegate_id)
            mine = waiting.get(seat.delegate_id or "", [])
            tiles[seat.seat_id] = Tile(
                seat_id=seat.seat_id,
                label=seat.label,
                delegate_id=seat.delegate_id,
                name=delegate.name if delegate is not None else "",
                state=seat_state(state, seat.delegate_id, waiting, speaker),
                position=min((r.position or 0 for r in mine), default=None) if mine else None,
                offline=self.offline is not None and seat.seat_id in self.offline,
            )
        self.canvas.set_tiles(seats, tiles)
        self.details.refresh()
