"""The device monitor's server side (docs/devices.md): who is connected since when, last seen,
what each device last reported; told to the technicians' consoles, coalesced."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

import msgspec

from app.clock import Clock, iso
from app.device_status import DeviceReport, DeviceStatus
from app.errors import DomainError
from app.model import TECHNICIAN, Device, MeetingState

log = logging.getLogger(__name__)

# However many devices change, a console gets at most one `devices` message per interval.
SEND_INTERVAL_S = 0.5
# The entries of one message stay far below MAX_FRAME (1 MiB): a snapshot of a big hall whose
# seats each hold many documents goes out as several messages, the first one `full`.
FRAME_BUDGET = 256 * 1024
LOCATE_SECONDS = 10

Send = Callable[[bytes], None]


@dataclass(slots=True)
class _Seen:
    """Mutable on purpose: last_seen moves with every frame a device sends."""

    online: bool = False
    since: datetime | None = None
    last_seen: datetime | None = None
    report: DeviceReport | None = None

    def status(self, device_id: str) -> DeviceStatus:
        return DeviceStatus(
            device_id,
            self.online,
            None if self.since is None else iso(self.since),
            None if self.last_seen is None else iso(self.last_seen),
            self.report,
        )


class DeviceBoard:
    """What the server knows of each device's health since it started, and who watches it.

    Sessions tell it when a device comes online (its first live session) or goes offline (its
    last), each frame it sends (`seen`: a timestamp only, never a message), and its reports.
    Watchers (technician sessions) get a full snapshot when they start watching, then the
    devices that changed, at most one message per SEND_INTERVAL_S.
    """

    def __init__(self, clock: Clock):
        self.clock = clock
        self._seen: dict[str, _Seen] = {}
        self._watchers: dict[object, Send] = {}
        self._dirty: set[str] = set()
        self._due: asyncio.Handle | None = None
        self._last_sent = float("-inf")

    # -- what sessions tell it -----------------------------------------------------------------

    def connected(self, device_id: str) -> None:
        entry = self._seen.setdefault(device_id, _Seen())
        now = self.clock.now()
        entry.last_seen = now
        if not entry.online:
            entry.online, entry.since = True, now
            self._mark(device_id)

    def disconnected(self, device_id: str) -> None:
        entry = self._seen.get(device_id)
        if entry is not None and entry.online:
            entry.online, entry.since = False, self.clock.now()
            self._mark(device_id)

    def seen(self, device_id: str) -> None:
        entry = self._seen.get(device_id)
        if entry is not None:
            entry.last_seen = self.clock.now()

    def reported(self, device_id: str, report: DeviceReport, holds_documents: bool = True) -> None:
        """A device's report; from a session that cannot hold documents (a technician's session
        following the server's own log) the documents known from its other sessions stay."""
        entry = self._seen.setdefault(device_id, _Seen())
        entry.last_seen = self.clock.now()
        if not holds_documents:
            report = replace(report, documents=() if entry.report is None else entry.report.documents)
        if report != entry.report:
            entry.report = report
            self._mark(device_id)

    def status(self, device_id: str) -> DeviceStatus | None:
        entry = self._seen.get(device_id)
        return None if entry is None else entry.status(device_id)

    def statuses(self) -> list[DeviceStatus]:
        return [entry.status(device_id) for device_id, entry in self._seen.items()]

    # -- watchers ------------------------------------------------------------------------------

    def watch(self, watcher: object, send: Send) -> None:
        """`send` delivers one message to the watcher (behind its catch-up): first a snapshot."""
        self._watchers[watcher] = send
        for frame in frames(self.statuses(), full=True):
            send(frame)

    def unwatch(self, watcher: object) -> None:
        self._watchers.pop(watcher, None)

    def _mark(self, device_id: str) -> None:
        if not self._watchers:
            return  # a watcher starts from a snapshot anyway
        self._dirty.add(device_id)
        if self._due is not None:
            return
        loop = asyncio.get_running_loop()
        wait = self._last_sent + SEND_INTERVAL_S - loop.time()
        # A lone change goes out at the next turn of the loop; a burst waits for the interval.
        self._due = loop.call_soon(self._flush) if wait <= 0 else loop.call_later(wait, self._flush)

    def _flush(self) -> None:
        self._due = None
        self._last_sent = asyncio.get_running_loop().time()
        changed, self._dirty = self._dirty, set()
        statuses = [self._seen[d].status(d) for d in changed if d in self._seen]
        if not statuses:
            return
        messages = frames(statuses, full=False)
        for send in tuple(self._watchers.values()):
            for frame in messages:
                send(frame)


def frames(statuses: Iterable[DeviceStatus], full: bool) -> list[bytes]:
    """`devices` messages for these statuses, each under FRAME_BUDGET; a full snapshot marks only
    its first message `full` (the rest add to it), and an empty one is still one message."""
    head = b'{"type":"devices","full":%s,"devices":['
    out: list[bytes] = []
    chunk: list[bytes] = []
    size = 0
    for status in statuses:
        entry = msgspec.json.encode(status.to_wire())
        if chunk and size + len(entry) > FRAME_BUDGET:
            out.append(b",".join(chunk))
            chunk, size = [], 0
        chunk.append(entry)
        size += len(entry) + 1
    if chunk or not out:
        out.append(b",".join(chunk))
    return [
        head % (b"true" if full and i == 0 else b"false") + body + b"]}"
        for i, body in enumerate(out)
    ]


def seat_name(device: Device, meetings: Mapping[str, MeetingState]) -> str:
    """What a located screen shows: its seat's label, else the device's name."""
    meeting = meetings.get(device.meeting_id) if device.meeting_id is not None else None
    if meeting is not None:
        seat = meeting.seats.get(device.seat) if device.seat is not None else None
        if seat is None and device.delegate_id is not None:
            seat = meeting.seat_of(device.delegate_id)
        if seat is not None:
            return seat.label
    return device.device_name or device.device_id


def locate(asker: Device, device_id: str, target: Device | None, targets: Iterable[Send],
           meetings: Mapping[str, MeetingState]) -> DomainError | None:
    """Sends `locate` to every live session of the target; the refusal, if any, to answer."""
    if asker.role != TECHNICIAN:
        return DomainError("forbidden", "Chỉ kỹ thuật viên mới được nháy màn hình của thiết bị.")
    sends = list(targets)
    if target is None or target.revoked or not sends:
        return DomainError("not_found", "Thiết bị này không có hoặc đang ngoại tuyến.", {"device_id": device_id})
    frame = msgspec.json.encode({"type": "locate", "seat": seat_name(target, meetings)[:200],
                                 "seconds": LOCATE_SECONDS})
    for send in sends:
        send(frame)
    log.info("technician %s located device %s", asker.device_id, target.device_id)
    return None
