"""The seat plan editor's hall canvas (seats as tiles, drag and drop) and its list of unseated delegates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from app.model import Seat
from app.seat_plan import (
    PRESIDIUM,
    block_of,
)
from ui import theme
from ui.chair_attendance_words import short_group
from ui.seat_map_canvas import short_name, zone_order
from ui.tech_seat_plan_model import (
    DELEGATE_MIME,
    SEAT_MIME,
    PlanTile,
    delegate_mime,
    dropped,
    seat_mime,
)

MIN_TILE: Final = QSize(36, 40)
MAX_TILE: Final = QSize(130, 72)
GAP: Final = 4.0
TITLE_H: Final = 24.0


class PlanCanvas(QWidget):
    """The hall's seats as tiles (zones stacked from the presidium down, aisles kept), wide enough
    to read: a big hall scrolls rather than shrinks below MIN_TILE.

    Attributes: tiles (seat id -> PlanTile), rects (seat id -> QRectF), target (the seat under a drag).
    Signals: drop_did_happen(kind, id, seat_id): a delegate ("delegate", delegate id) or a seat
    ("seat", seat id) was dropped on seat_id; free_did_get_asked(seat_id): "Bỏ xếp ghế" chosen.
    """

    drop_did_happen = Signal(str, str, str)
    free_did_get_asked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.tiles: dict[str, PlanTile] = {}
        self.rects: dict[str, QRectF] = {}
        self.titles: list[tuple[QRectF, str]] = []
        self.target: str | None = None
        self.menu: QMenu | None = None
        self._press: tuple[QPointF, str] | None = None
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_tiles(self, new: dict[str, PlanTile]) -> None:
        self.tiles = new
        self._layout()
        self.update()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._layout()

    def _grid(self) -> tuple[list[str], dict[str, list[Seat]], int, int]:
        seats = [t.seat for t in self.tiles.values()]
        zones = zone_order(seats)
        by_zone = {z: [s for s in seats if s.zone == z] for z in zones}
        c0 = min((s.col for s in seats), default=0)
        columns = max((s.col for s in seats), default=0) - c0 + 1
        return zones, by_zone, c0, columns

    def _layout(self) -> None:
        self.rects, self.titles = {}, []
        if not self.tiles:
            return
        zones, by_zone, c0, columns = self._grid()
        rows = sum(max(s.row for s in ss) - min(s.row for s in ss) + 1 for ss in by_zone.values())
        # The scroll area's view, not this widget's size: that only grows with the minimum set below.
        view = self.parentWidget().size() if self.parentWidget() is not None else self.size()
        tile_w = max(MIN_TILE.width(), min(MAX_TILE.width(), (view.width() - 16) / columns - GAP))
        height_for_rows = (view.height() - 16 - len(zones) * TITLE_H) / max(1, rows) - GAP
        tile_h = max(MIN_TILE.height(), min(MAX_TILE.height(), height_for_rows, tile_w * 1.3))
        step_x, step_y = tile_w + GAP, tile_h + GAP
        grid_w = columns * step_x
        grid_h = len(zones) * (TITLE_H + 2 * GAP) + rows * step_y
        x0 = 8 + max(0.0, (view.width() - 16 - grid_w) / 2)
        y = 8 + max(0.0, (view.height() - 16 - grid_h) / 3)  # a little above the middle, as a page
        for zone in zones:
            seats = by_zone[zone]
            r0 = min(s.row for s in seats)
            blocks: dict[str, list[int]] = {}
            for seat in seats:
                blocks.setdefault(block_of(seat) or "", []).append(seat.col)
            if zone == PRESIDIUM or "" in blocks:
                cols = [s.col for s in seats]
                title = self.tr("Đoàn Chủ tọa") if zone == PRESIDIUM else self.tr("Hội trường")
                self.titles.append((QRectF(x0 + (min(cols) - c0) * step_x, y, (max(cols) - min(cols) + 1) * step_x,
                                           TITLE_H), title))
            for name, cols in blocks.items():
                if name:
                    self.titles.append((QRectF(x0 + (min(cols) - c0) * step_x, y,
                                               (max(cols) - min(cols) + 1) * step_x, TITLE_H),
                                        self.tr("Khối {0}").format(name)))
            y += TITLE_H
            for seat in seats:
                self.rects[seat.seat_id] = QRectF(x0 + (seat.col - c0) * step_x, y + (seat.row - r0) * step_y,
                                                  tile_w, tile_h)
            y += (max(s.row for s in seats) - r0 + 1) * step_y + GAP * 2
        self.setMinimumSize(int(grid_w + 16), int(grid_h + 16))

    def seat_at(self, point: QPointF) -> str | None:
        return next((seat_id for seat_id, rect in self.rects.items() if rect.contains(point)), None)

    def centre_of(self, seat_id: str) -> QPoint:
        return self.rects[seat_id].center().toPoint()

    # -- dragging a seated delegate, freeing a seat --------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        seat_id = self.seat_at(event.position())
        held = seat_id is not None and bool(self.tiles[seat_id].name)
        self._press = (event.position(), seat_id) if held and event.button() == Qt.MouseButton.LeftButton \
            and seat_id else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            over = self.seat_at(event.position())
            tile = self.tiles.get(over or "")
            self.setToolTip(f"{tile.seat.label}: {tile.name}" if tile and tile.name else "")
            return
        start, seat_id = self._press
        if (event.position() - start).manhattanLength() < QApplication.startDragDistance():
            return
        self._press = None
        drag = QDrag(self)
        drag.setMimeData(seat_mime(seat_id))
        drag.exec(Qt.DropAction.MoveAction)

    def contextMenuEvent(self, event: Any) -> None:
        seat_id = self.seat_at(QPointF(event.pos()))
        if seat_id is None or not self.tiles[seat_id].name:
            return
        tile = self.tiles[seat_id]
        self.menu = QMenu(self)
        action = self.menu.addAction(self.tr("Bỏ xếp ghế {0} ({1})").format(tile.seat.label, tile.name))
        action.triggered.connect(lambda: self.free_did_get_asked.emit(seat_id))
        self.menu.popup(event.globalPos())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        seat_id = self.seat_at(event.position())
        if seat_id != self.target:
            self.target = seat_id
            self.update()
        if seat_id is not None and dropped(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: Any) -> None:
        self.target = None
        self.update()

    def dropEvent(self, event: QDropEvent) -> None:
        self.target = None
        self.update()
        what = dropped(event.mimeData())
        seat_id = self.seat_at(event.position())
        if what is None or seat_id is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.drop_did_happen.emit(what[0], what[1], seat_id)

    # -- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(theme.PAPER))
        title_font = QFont(self.font())
        title_font.setPixelSize(15)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(QColor(theme.MUTED))
        for rect, text in self.titles:
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
        if not self.rects:
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), self.tr(
                "Chưa có ghế nào. Bấm «Vẽ hội trường…» để tạo các khối ghế."))
        for seat_id, rect in self.rects.items():
            self._paint_tile(painter, self.tiles[seat_id], rect)
        painter.end()

    def _paint_tile(self, painter: QPainter, tile: PlanTile, rect: QRectF) -> None:
        held = bool(tile.name)
        pen = QPen(QColor("#4a4f55" if held else "#aab1b8"), 1.5)
        if not held:
            pen.setStyle(Qt.PenStyle.DashLine)
        if tile.seat.seat_id == self.target:
            pen = QPen(QColor(theme.ACCENT), 4)
        painter.setPen(pen)
        painter.setBrush(QColor(tile.colour))
        painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 6, 6)
        label_font = QFont(self.font())
        label_font.setPixelSize(max(11, min(16, int(rect.height() * 0.3), int(rect.width() * 0.25))))
        label_font.setBold(True)
        name_font = QFont(self.font())
        name_font.setPixelSize(max(10, min(15, int(rect.height() * 0.27), int(rect.width() * 0.24))))
        inner = rect.adjusted(3, 2, -3, -2)
        label_h = QFontMetricsF(label_font).height()
        painter.setFont(label_font)
        painter.setPen(QColor(theme.INK if held else theme.MUTED))
        painter.drawText(QRectF(inner.left(), inner.top(), inner.width(), label_h), int(Qt.AlignmentFlag.AlignCenter),
                         tile.seat.label)
        if held:
            painter.setFont(name_font)
            metrics = QFontMetricsF(name_font)
            room = QRectF(inner.left(), inner.top() + label_h, inner.width(), inner.height() - label_h)
            words = tile.name.split()
            # Tall and narrow: the middle and the given name on two lines, else what fits on one.
            if len(words) >= 2 and room.height() >= 2 * metrics.height() and all(
                    metrics.horizontalAdvance(w) <= room.width() for w in words[-2:]) and \
                    metrics.horizontalAdvance(" ".join(words[-2:])) > room.width():
                name = "\n".join(words[-2:])
            else:
                name = short_name(tile.name, lambda text: metrics.horizontalAdvance(text) <= room.width())
                name = metrics.elidedText(name, Qt.TextElideMode.ElideRight, room.width())
            painter.drawText(room, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), name)


class UnseatedList(QTreeWidget):
    """Delegates without a seat, under their group; a name drags onto a seat, and a seat dragged
    here is freed. Signals: seat_did_get_dropped(seat_id)."""

    seat_did_get_dropped = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QTreeWidget.DragDropMode.DragDrop)
        self.setSelectionMode(QTreeWidget.SelectionMode.SingleSelection)
        self.setStyleSheet("font-size: 13pt;")

    def fill(self, groups: Sequence[tuple[str, str, list[tuple[str, str]]]], colours: dict[str, str]) -> None:
        self.clear()
        for group_id, group_name, people in groups:
            top = QTreeWidgetItem(self, [self.tr("{0} ({1})").format(short_group(group_name), len(people))])
            top.setToolTip(0, group_name)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            top.setBackground(0, QColor(colours.get(group_id, theme.PANEL)))
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for delegate_id, name in people:
                child = QTreeWidgetItem(top, [name])
                child.setToolTip(0, name)
                child.setData(0, Qt.ItemDataRole.UserRole, delegate_id)
                child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled)
        self.expandAll()

    def item_of(self, delegate_id: str) -> QTreeWidgetItem | None:
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            for j in range(top.childCount()):
                if top.child(j).data(0, Qt.ItemDataRole.UserRole) == delegate_id:
                    return top.child(j)
        return None

    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> Any:
        delegate_id = items[0].data(0, Qt.ItemDataRole.UserRole) if items else None
        return delegate_mime(delegate_id) if delegate_id else None

    def mimeTypes(self) -> list[str]:
        return [DELEGATE_MIME, SEAT_MIME]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        what = dropped(event.mimeData())
        if what is not None and what[0] == "seat":
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        what = dropped(event.mimeData())
        if what is None or what[0] != "seat":
            event.ignore()
            return
        event.acceptProposedAction()
        self.seat_did_get_dropped.emit(what[1])
