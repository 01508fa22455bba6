"""Is the room ready to sit? What is still missing, seat by seat, before the chair opens the sitting.

The technician's checklist: every seat has an enrolled device that is connected; every device
that may read a published document holds its current version whole; clocks agree with the room
server within a second; the chair's console and the hall display are there. The statuses come
from the devices' own reports (app/device_status.py); nothing here talks to a network.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final, Literal

from app.device_status import DeviceStatus, document_tag
from app.model import CHAIR, DELEGATE, DISPLAY, SECRETARY, Device, Document, MeetingState, Seat, ServerState

Severity = Literal["blocker", "warning"]
CLOCK_TOLERANCE_MS: Final = 1000
_SEVERITY_ORDER: Final = {"blocker": 0, "warning": 1}
# The room's own devices come before the seats, in this order.
_ROOM_ROLES: Final = (CHAIR, SECRETARY, DISPLAY)
_ROOM_LABELS: Final = {CHAIR: "Máy chủ tọa", SECRETARY: "Máy thư ký kỳ họp", DISPLAY: "Màn hình hội trường"}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing missing. code: stable and lowercase; seat: the seat's label ("" for the room's
    own devices); delegate: the delegate's name (""); text: the whole sentence for a person;
    device_id and document_id say what it is about, when it is about one."""

    code: str
    severity: Severity
    seat: str
    delegate: str
    text: str
    device_id: str | None = None
    document_id: str | None = None


@dataclass(frozen=True, slots=True)
class Readiness:
    """The checklist's answer: problems in the order to work through them (blockers first, then
    the room's devices, then the seats front to back), and the seats ready out of those with a
    delegate."""

    problems: tuple[Problem, ...]
    seats_ready: int
    seats_total: int

    @property
    def ready(self) -> bool:
        return not any(p.severity == "blocker" for p in self.problems)

    @property
    def blockers(self) -> int:
        return sum(p.severity == "blocker" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)

    def summary(self) -> str:
        return f"Sẵn sàng: {self.seats_ready}/{self.seats_total} ghế"

    def verdict(self) -> str:
        if self.ready:
            tail = f" ({self.warnings} cảnh báo)" if self.warnings else ""
            return f"Phòng họp đã sẵn sàng{tail}."
        tail = f", {self.warnings} cảnh báo" if self.warnings else ""
        return f"Chưa sẵn sàng: {self.blockers} việc cần xử lý{tail}."


def check(meeting: MeetingState, server: ServerState, statuses: Mapping[str, DeviceStatus]) -> Readiness:
    """The room's readiness for `meeting` from the server's devices and their last statuses (a
    device without a status counts as not connected)."""
    meeting_id = meeting.meeting.meeting_id if meeting.meeting is not None else None
    devices = [d for d in server.devices.values() if d.meeting_id == meeting_id and not d.revoked]
    documents = sorted(meeting.documents.values(), key=lambda d: (d.title, d.document_id))
    found: list[tuple[int, Problem]] = []
    for rank, role in enumerate(_ROOM_ROLES):
        found += [(rank, p) for p in _room_role(role, [d for d in devices if d.role == role], documents, statuses)]
    seats = sorted((s for s in meeting.seats.values() if s.delegate_id is not None),
                   key=lambda s: (s.row, s.col, s.label))
    ready = 0
    for seat in seats:
        delegate = meeting.delegates.get(seat.delegate_id or "")
        name = delegate.name if delegate is not None else ""
        own = [d for d in devices if d.role == DELEGATE and d.delegate_id == seat.delegate_id]
        problems = _seat(seat, name, own, documents, statuses)
        if not any(p.severity == "blocker" for p in problems):
            ready += 1
        found += [(len(_ROOM_ROLES), p) for p in problems]
    # A stable sort: within a severity the room's devices, then the seats in the order checked.
    ordered = sorted(enumerate(found), key=lambda x: (_SEVERITY_ORDER[x[1][1].severity], x[1][0], x[0]))
    return Readiness(tuple(p for _, (_, p) in ordered), ready, len(seats))


def _seat(seat: Seat, name: str, own: list[Device], documents: list[Document],
          statuses: Mapping[str, DeviceStatus]) -> list[Problem]:
    who = f"Ghế {seat.label} ({name})" if name else f"Ghế {seat.label}"

    def problem(code: str, text: str, device: str | None = None, document: str | None = None) -> Problem:
        return Problem(code, "blocker", seat.label, name, f"{who}: {text}", device, document)

    if not own:
        return [problem("no_device", "chưa có thiết bị nào được đăng ký cho đại biểu.")]
    online = [d for d in own if _online(statuses, d)]
    if not online:
        return [problem("offline", "thiết bị chưa kết nối với phòng họp.", own[0].device_id)]
    # A delegate with a spare device is ready when one of the connected ones is.
    candidates = [list(_device(d, documents, statuses)) for d in sorted(online, key=lambda d: d.device_id)]
    best = min(candidates, key=len)
    return [problem(code, text, device, document) for code, text, device, document in best]


def _room_role(role: str, devices: list[Device], documents: list[Document],
               statuses: Mapping[str, DeviceStatus]) -> list[Problem]:
    severity: Severity = "warning" if role == DISPLAY else "blocker"
    label = _ROOM_LABELS[role]
    online = [d for d in devices if _online(statuses, d)]
    if role == CHAIR and not devices:
        return [Problem("no_chair_device", "blocker", "", "",
                        "Chưa có thiết bị nào của chủ tọa được đăng ký cho kỳ họp.")]
    if role == DISPLAY and not devices:
        return [Problem("no_display", "warning", "", "",
                        "Chưa có màn hình hội trường nào được đăng ký cho kỳ họp.")]
    if role in (CHAIR, DISPLAY) and not online:
        code = "chair_offline" if role == CHAIR else "display_offline"
        return [Problem(code, severity, "", "", f"{label}: thiết bị chưa kết nối với phòng họp.", devices[0].device_id)]
    out: list[Problem] = []
    for device in sorted(online, key=lambda d: d.device_id):
        who = f"{label} ({device.device_name})"
        out += [Problem(code, severity, "", "", f"{who}: {text}", dev, doc)
                for code, text, dev, doc in _device(device, documents, statuses)]
    return out


def _device(device: Device, documents: Iterable[Document],
            statuses: Mapping[str, DeviceStatus]) -> Iterable[tuple[str, str, str | None, str | None]]:
    """(code, text, device id, document id) of what one connected device lacks."""
    report = statuses[device.device_id].report
    if report is None:
        yield "no_report", "thiết bị chưa báo tình trạng tài liệu (cần cập nhật phần mềm?).", device.device_id, None
        return
    held = set(report.documents)
    for doc in documents:
        if device.device_id in doc.keys and document_tag(doc.document_id, doc.version) not in held:
            text = f"chưa có tài liệu «{doc.title}» (phiên bản {doc.version})."
            yield "missing_document", text, device.device_id, doc.document_id
    offset = report.clock_offset_ms
    if offset is not None and abs(offset) > CLOCK_TOLERANCE_MS:
        way = "nhanh" if offset > 0 else "chậm"
        yield "clock", f"đồng hồ {way} {_seconds(abs(offset))} giây so với máy chủ phòng họp.", device.device_id, None


def _online(statuses: Mapping[str, DeviceStatus], device: Device) -> bool:
    status = statuses.get(device.device_id)
    return status is not None and status.online


def _seconds(ms: int) -> str:
    """Tenths of a second, rounded half up, with the Vietnamese decimal comma: 1450 -> "1,5"."""
    tenths = (ms + 50) // 100
    return f"{tenths // 10},{tenths % 10}"
