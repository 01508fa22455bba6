"""The synoptic seat map: the hall as the technician laid it out, every seat coloured by its delegate's state."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Final

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.model import MeetingState, SpeechRequest
from ui import theme
from ui.seat_map_canvas import LOOKS, OFFLINE_COLOR, HallCanvas, Look, Tile, seat_state
from ui.seat_map_details import SeatDetails

LEGEND: Final = (
    ("absent", QT_TRANSLATE_NOOP("SeatMap", "Vắng / chưa điểm danh")),
    ("present", QT_TRANSLATE_NOOP("SeatMap", "Có mặt")),
    ("waiting", QT_TRANSLATE_NOOP("SeatMap", "Xin phát biểu (số thứ tự)")),
    ("speaking", QT_TRANSLATE_NOOP("SeatMap", "Đang phát biểu")),
)
DETAILS_MAX_W: Final = 330
DETAILS_MIN_W: Final = 250
DETAILS_MIN_H: Final = 200
NARROW_W: Final = 760
QT_MAX_SIZE: Final = 16_777_215  # QWIDGETSIZE_MAX


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
