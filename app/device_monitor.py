"""The technician's device monitor as rows, problems first (docs/devices.md); Qt-free."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from app.device_status import DeviceStatus, document_tag
from app.model import DELEGATE, ROLE_LABELS, TECHNICIAN, Device, MeetingState, ServerState

# A clock further off than this makes countdowns and ballots' times visibly wrong at the seat.
CLOCK_TOLERANCE_MS = 1000

# Problems in the order a technician should look at them; the worst first, revoked at the end
# (nothing to fix there, they only stay listed so the technician sees the revocation took).
OFFLINE, NEVER, UNSYNCED, CLOCK, OLD_VERSION, NO_REPORT, OK, REVOKED = (
    "offline", "never", "unsynced", "clock", "old_version", "no_report", "ok", "revoked")
RANK = {OFFLINE: 0, NEVER: 0, UNSYNCED: 1, CLOCK: 2, OLD_VERSION: 3, NO_REPORT: 4, OK: 5, REVOKED: 6}
PROBLEM_TEXT = {
    OFFLINE: "Mất kết nối",
    NEVER: "Chưa kết nối",
    UNSYNCED: "Thiếu tài liệu",
    CLOCK: "Lệch giờ",
    OLD_VERSION: "Phiên bản cũ",
    NO_REPORT: "Chưa báo trạng thái",
    OK: "Bình thường",
    REVOKED: "Đã thu hồi",
}


@dataclass(frozen=True, slots=True)
class DeviceRow:
    """One device as the monitor shows it.

    name: the delegate's name for a seat, else the device's name; held/readable: current
    versions the device holds / may read (its id among the document's keys); synced: held over
    readable, None when it may read nothing; problem: one of RANK's keys (the worst one).
    """

    device_id: str
    seat_label: str
    name: str
    device_name: str
    role: str
    role_label: str
    online: bool
    since: str | None
    last_seen: str | None
    version: str | None
    held: int
    readable: int
    clock_offset_ms: int | None
    revoked: bool
    problem: str

    @property
    def synced(self) -> float | None:
        return None if self.readable == 0 else self.held / self.readable

    @property
    def problem_text(self) -> str:
        return PROBLEM_TEXT[self.problem]


def version_key(version: str) -> tuple[int, ...] | None:
    """"0.10.2" → (0, 10, 2); None when it is not dotted numbers (then never called old)."""
    parts = version.split("+", 1)[0].split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


@functools.lru_cache(maxsize=8192)
def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """"A-2" before "A-12": digits compare as numbers."""
    return tuple((0, int(p)) if p.isdigit() else (1, p.casefold()) for p in re.split(r"(\d+)", text) if p)


def problem_of(device: Device, status: DeviceStatus | None, held: int, readable: int,
               current: tuple[int, ...] | None) -> str:
    if device.revoked:
        return REVOKED
    if status is None or (not status.online and status.since is None):
        return NEVER
    if not status.online:
        return OFFLINE
    report = status.report
    if report is None:
        return NO_REPORT
    if held < readable:
        return UNSYNCED
    if report.clock_offset_ms is not None and abs(report.clock_offset_ms) > CLOCK_TOLERANCE_MS:
        return CLOCK
    mine = version_key(report.version)
    if current is not None and mine is not None and mine < current:
        return OLD_VERSION
    return OK


def sort_key(row: DeviceRow) -> tuple[object, ...]:
    # Seats with no label (technicians, the display) after the seats of the same rank.
    return (RANK[row.problem], row.seat_label == "", natural_key(row.seat_label), row.name.casefold(), row.device_id)


_Cached = tuple[Device, DeviceStatus | None, DeviceRow, tuple[object, ...]]


class DeviceMonitor:
    """Turns the logs and the server's statuses into sorted rows; cheap enough to run several
    times a second for 500 devices: what depends only on a log is kept per state object, and a
    device whose entry and status are the very same objects as last time keeps its row.

    `current_version`: the console's own app version; a device reporting an older one is flagged.
    """

    def __init__(self, current_version: str | None = None):
        self.current = None if current_version is None else version_key(current_version)
        self._meeting: MeetingState | None = None
        self._readable: dict[str, frozenset[str]] = {}
        self._seat_labels: dict[str, str] = {}  # seat id → label
        self._delegate_seats: dict[str, str] = {}  # delegate id → their seat's label
        self._cache: dict[str, _Cached] = {}

    def rows(self, server: ServerState, meeting: MeetingState | None,
             statuses: Mapping[str, DeviceStatus]) -> list[DeviceRow]:
        """Every device of `meeting` and every technician (all devices when no meeting is
        followed), problems first, then by seat."""
        meeting_id = meeting.meeting.meeting_id if meeting is not None and meeting.meeting is not None else None
        self._learn(meeting)
        cache, fresh = self._cache, {}
        for device in server.devices.values():
            if meeting_id is not None and device.meeting_id not in (meeting_id, None):
                continue
            status = statuses.get(device.device_id)
            known = cache.get(device.device_id)
            if known is None or known[0] is not device or known[1] is not status:
                row = self.row(device, status, meeting)
                known = (device, status, row, sort_key(row))
            fresh[device.device_id] = known
        self._cache = fresh
        return [known[2] for known in sorted(fresh.values(), key=lambda known: known[3])]

    def row(self, device: Device, status: DeviceStatus | None, meeting: MeetingState | None) -> DeviceRow:
        report = status.report if status is not None else None
        # A technician may open every document but need not hold them: only the room's own
        # devices (seats, presidium, display) are judged on what they hold.
        readable = frozenset() if device.role == TECHNICIAN else self._readable.get(device.device_id, frozenset())
        held = len(readable.intersection(report.documents)) if report is not None and readable else 0
        delegate = meeting.delegates.get(device.delegate_id) if meeting is not None and device.delegate_id else None
        seat = self._seat_labels.get(device.seat or "") or self._delegate_seats.get(device.delegate_id or "", "")
        return DeviceRow(
            device_id=device.device_id,
            seat_label=seat,
            name=delegate.name if delegate is not None and device.role == DELEGATE else device.device_name,
            device_name=device.device_name,
            role=device.role,
            role_label=ROLE_LABELS.get(device.role, device.role),
            online=status is not None and status.online,
            since=None if status is None else status.since,
            last_seen=None if status is None else status.last_seen,
            version=None if report is None else report.version,
            held=held,
            readable=len(readable),
            clock_offset_ms=None if report is None else report.clock_offset_ms,
            revoked=device.revoked,
            problem=problem_of(device, status, held, len(readable), self.current),
        )

    def _learn(self, meeting: MeetingState | None) -> None:
        if meeting is self._meeting:
            return
        self._meeting = meeting
        self._cache = {}
        readable: dict[str, set[str]] = {}
        labels: dict[str, str] = {}
        delegates: dict[str, str] = {}
        if meeting is not None:
            for document in meeting.documents.values():
                tag = document_tag(document.document_id, document.version)
                for device_id in document.keys:
                    readable.setdefault(device_id, set()).add(tag)
            for seat in meeting.seats.values():
                labels[seat.seat_id] = seat.label
                if seat.delegate_id is not None:
                    delegates[seat.delegate_id] = seat.label
        self._readable = {d: frozenset(tags) for d, tags in readable.items()}
        self._seat_labels, self._delegate_seats = labels, delegates


def summary(rows: list[DeviceRow]) -> tuple[int, int, int]:
    """(devices, online, needing attention): revoked ones count in none of them."""
    live = [r for r in rows if not r.revoked]
    return len(live), sum(r.online for r in live), sum(r.problem not in (OK, REVOKED) for r in live)
