"""What the seat plan editor shows, read from the meeting: tiles, unseated delegates by group, the
hall as drawn, and the drag payloads (a delegate from the list, a seat from the hall)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QMimeData

from app.model import MeetingState, Seat
from app.seat_plan import (
    PRESIDIUM,
    PRESIDIUM_PREFIX,
    Block,
    Hall,
    block_of,
    blocks_in,
    group_colours,
    groups_in,
    name_order_key,
    unseated,
)

DELEGATE_MIME: Final = "application/x-phonghop-delegate"
SEAT_MIME: Final = "application/x-phonghop-seat"
EMPTY_COLOUR: Final = "#ffffff"


@dataclass(frozen=True, slots=True)
class PlanTile:
    """One seat as the editor paints it; `colour` is its delegate's group colour."""

    seat: Seat
    name: str
    group: str
    colour: str


def tiles(state: MeetingState) -> dict[str, PlanTile]:
    colours = group_colours(state)
    out = {}
    for seat in state.seats.values():
        delegate = state.delegates.get(seat.delegate_id or "")
        out[seat.seat_id] = PlanTile(seat, delegate.name if delegate else "", delegate.group_name if delegate else "",
                                     colours.get(delegate.group_id, EMPTY_COLOUR) if delegate else EMPTY_COLOUR)
    return out


def unseated_by_group(state: MeetingState) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(group id, group name, [(delegate id, name) in name order]) for groups with someone unseated."""
    waiting: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for delegate in unseated(state):
        waiting[delegate.group_id].append((delegate.delegate_id, delegate.name))
    return [(gid, name, sorted(waiting[gid], key=lambda d: name_order_key(d[1])))
            for gid, name in groups_in(state) if waiting.get(gid)]


def current_hall(state: MeetingState) -> Hall | None:
    """The hall as a plan drew it (blocks from their seats), to start the dialog from; None when
    the meeting has no planned blocks."""
    blocks = []
    previous_end: int | None = None
    aisle = 1
    for name in blocks_in(state):
        seats = [s for s in state.seats.values() if block_of(s) == name]
        rows = {s.row for s in seats}
        cols = {s.col for s in seats}
        if previous_end is not None:
            aisle = max(0, min(cols) - previous_end - 1)
        previous_end = max(cols)
        blocks.append(Block(name, len(rows), max(1, len(seats) // max(1, len(rows)))))
    if not blocks:
        return None
    presidium = sum(1 for s in state.seats.values() if s.zone == PRESIDIUM
                    and s.label.startswith(PRESIDIUM_PREFIX + "-"))
    return Hall(tuple(blocks), presidium, min(aisle, 5))


def delegate_mime(delegate_id: str) -> QMimeData:
    data = QMimeData()
    data.setData(DELEGATE_MIME, delegate_id.encode())
    return data


def seat_mime(seat_id: str) -> QMimeData:
    data = QMimeData()
    data.setData(SEAT_MIME, seat_id.encode())
    return data


def dropped(data: QMimeData) -> tuple[str, str] | None:
    """("delegate", id) or ("seat", id) from a drag, or None for anything else."""
    for kind, mime in (("delegate", DELEGATE_MIME), ("seat", SEAT_MIME)):
        if data.hasFormat(mime):
            return kind, bytes(data.data(mime).data()).decode()
    return None
