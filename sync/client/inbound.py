"""What one batch of the room server's frames holds, sorted for the connection's apply loop.

Pure (no socket, no replica): `Connection._apply_batches` does the replica work, wakes the
waiters and tells the listeners; this only says which events, answers and news a batch brought."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from app.device_status import DeviceStatus, merged
from app.errors import DomainError
from app.events import Event
from sync.protocol.handshake import (
    AckReceived,
    DevicesReceived,
    ErrorReceived,
    EventReceived,
    LocateReceived,
    PresenceReceived,
    Violation,
)

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Batch:
    """What arrived since the apply loop last looked.

    `online`: the last presence sent (None: none came); `devices`: the statuses known before,
    with every `devices` message of the batch merged in, in order (None: none came);
    `ended`: the session is over once this batch is applied."""

    events: list[Event] = field(default_factory=list)
    answers: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    notices: list[DomainError] = field(default_factory=list)
    online: frozenset[str] | None = None
    devices: dict[str, DeviceStatus] | None = None
    locate: tuple[str, int] | None = None
    ended: bool = False


def sort_batch(items: Sequence[tuple[str, Any]], devices: dict[str, DeviceStatus]) -> Batch:
    """Sorts the inbox's items (("item", a received protocol event) or ("end", None)); `devices`
    is what the connection knows of every device's health before this batch."""
    batch = Batch(ended=any(kind == "end" for kind, _ in items))
    for kind, item in items:
        if kind != "item":
            continue
        if isinstance(item, EventReceived):
            batch.events.append(item.event)
        elif isinstance(item, AckReceived):
            ack: dict[str, Any] = {"type": "ack", "id": item.id, "seq": item.seq}
            if item.receipt is not None:
                ack["receipt"] = item.receipt
            batch.answers.append((item.id, ack))
        elif isinstance(item, ErrorReceived):
            err = item.error
            body: dict[str, Any] = {
                "type": "error",
                "id": err.id,
                "code": err.code,
                "message": err.message,
            }
            if err.detail is not None:
                body["detail"] = err.detail
            if err.id is None:
                batch.notices.append(DomainError(err.code, err.message, err.detail))
            else:
                batch.answers.append((err.id, body))
        elif isinstance(item, PresenceReceived):
            batch.online = item.online
        elif isinstance(item, DevicesReceived):
            known = devices if batch.devices is None else batch.devices
            batch.devices = merged(known, item.devices, item.full)
        elif isinstance(item, LocateReceived):
            batch.locate = (item.seat, item.seconds)
        elif isinstance(item, Violation):
            log.warning("server sent a bad frame: %s", item.error.code)
    return batch
