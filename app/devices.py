"""The server's own log: meetings created, devices enrolled with one-time codes, and revoked."""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

import msgspec

from app.clock import iso, parse_iso
from app.commands import Args, CommandSpec
from app.errors import DomainError
from app.events import Event, NewEvent
from app.fields import Count, Date, Hex64, Id, Name, ShortText
from app.model import (
    DELEGATE,
    DISPLAY,
    TECHNICIAN,
    Actor,
    Device,
    Enrollment,
    MeetingState,
    ServerState,
)
from app.preparation import Committees, SettingsArgs, meeting_from

ENROLL_TTL = timedelta(minutes=10)
Kind = Literal["regular", "thematic", "extraordinary", "standing_committee"]
Role = Literal["delegate", "chair", "secretary", "technician", "display"]


@dataclass(frozen=True, slots=True)
class RoomView:
    """What server-log commands decide on: the server's log and every meeting's state."""

    server: ServerState
    meetings: Mapping[str, MeetingState] = field(default_factory=dict)


class CreateMeeting(Args, frozen=True):
    kind: Kind
    title: Name
    n_total: Count
    meeting_id: Id | None = None
    council: ShortText = ""
    term: ShortText = ""
    date: Date | None = None
    venue: ShortText = ""
    settings: SettingsArgs = SettingsArgs()
    committees: Committees = msgspec.field(default_factory=dict)
    # N then follows the delegates' mandates from their first change (docs/events.md).
    n_from_mandates: bool = False


class EnrollDevice(Args, frozen=True):
    code_hash: Hex64
    role: Role
    meeting_id: Id | None = None
    delegate_id: Id | None = None
    seat: Id | None = None
    # Seat cards printed the day before need longer than the 10 minutes a code gets by default.
    ttl_s: Annotated[int, msgspec.Meta(ge=1, le=7 * 24 * 3600)] = int(ENROLL_TTL.total_seconds())


class DeviceRef(Args, frozen=True):
    device_id: Id


class EnrollmentRef(Args, frozen=True):
    code_hash: Hex64


def decide_create_meeting(view: RoomView, actor: Actor, cmd: CreateMeeting, now: datetime) -> list[NewEvent]:
    meeting_id = cmd.meeting_id or f"mtg-{view.server.seq + 1}"
    if meeting_id in view.server.meetings:
        raise DomainError("conflict", "Mã cuộc họp đã tồn tại.", {"meeting_id": meeting_id})
    data: dict[str, Any] = msgspec.to_builtins(cmd)
    data.update(meeting_id=meeting_id, date=cmd.date or now.date().isoformat())
    # Left out at their defaults, so a meeting.created reads as it did before they existed.
    for key in ("committees", "n_from_mandates"):
        if not data[key]:
            del data[key]
    return [NewEvent("meeting.created", data)]


def decide_enroll_device(view: RoomView, actor: Actor, cmd: EnrollDevice, now: datetime) -> list[NewEvent]:
    if cmd.code_hash in view.server.enrollments:
        raise DomainError("conflict", "Mã đăng ký thiết bị đã được dùng, hãy tạo mã mới.")
    seat = cmd.seat
    if cmd.role == TECHNICIAN:
        if cmd.meeting_id is not None or cmd.delegate_id is not None:
            raise DomainError(
                "bad_request",
                "Thiết bị kỹ thuật viên được đăng ký cho máy chủ, không cho một cuộc họp.",
            )
    else:
        meeting = view.meetings.get(cmd.meeting_id or "")
        if meeting is None:
            raise DomainError(
                "not_found", "Không có cuộc họp này trên máy chủ.", {"meeting_id": cmd.meeting_id}
            )
        if cmd.role == DELEGATE and cmd.delegate_id is None:
            raise DomainError("bad_request", "Thiết bị tại ghế đại biểu phải gắn với một đại biểu.")
        if cmd.role == DISPLAY and cmd.delegate_id is not None:
            raise DomainError("bad_request", "Màn hình hội trường không gắn với đại biểu nào.")
        if cmd.delegate_id is not None:
            if cmd.delegate_id not in meeting.delegates:
                raise DomainError(
                    "not_found",
                    "Không có đại biểu này trong cuộc họp.",
                    {"delegate_id": cmd.delegate_id},
                )
            if seat is None and (own := meeting.seat_of(cmd.delegate_id)) is not None:
                seat = own.seat_id
        if seat is not None and seat not in meeting.seats:
            raise DomainError("not_found", "Không có ghế này trong hội trường.", {"seat": seat})
    data = {
        "code_hash": cmd.code_hash,
        "role": cmd.role,
        "meeting_id": cmd.meeting_id,
        "delegate_id": cmd.delegate_id,
        "seat": seat,
        "expires_at": iso(now + timedelta(seconds=cmd.ttl_s)),
    }
    return [NewEvent("device.enrollment_created", data)]


def decide_cancel_enrollment(view: RoomView, actor: Actor, cmd: EnrollmentRef, now: datetime) -> list[NewEvent]:
    """A lost card's code dies: an addition to PROTOCOL.md (docs/events.md). A used code made a
    device, which is revoked instead; an expired one is dead already and cancelled all the same."""
    enrollment = view.server.enrollments.get(cmd.code_hash)
    if enrollment is None:
        raise DomainError("not_found", "Không có mã đăng ký này.", {"code_hash": cmd.code_hash})
    if enrollment.used_by is not None:
        raise DomainError("conflict", "Mã này đã được dùng để đăng ký một thiết bị: hãy thu hồi thiết bị đó.",
                          {"device_id": enrollment.used_by})
    if enrollment.cancelled:
        raise DomainError("conflict", "Mã đăng ký này đã bị hủy.", {"code_hash": cmd.code_hash})
    return [NewEvent("device.enrollment_cancelled", {"code_hash": cmd.code_hash})]


def unused_enrollments(state: ServerState, meeting_id: str, role: str, delegate_id: str | None,
                       seat: str | None) -> list[Enrollment]:
    """The live codes printed for a seat or a delegate's device: what a re-issued card replaces."""
    return [
        e for e in state.enrollments.values()
        if e.used_by is None and not e.cancelled and e.meeting_id == meeting_id and e.role == role
        and (e.delegate_id == delegate_id if delegate_id is not None else e.seat == seat)
    ]


def decide_revoke_device(view: RoomView, actor: Actor, cmd: DeviceRef, now: datetime) -> list[NewEvent]:
    device = view.server.devices.get(cmd.device_id)
    if device is None:
        raise DomainError("not_found", "Không có thiết bị này.", {"device_id": cmd.device_id})
    if device.revoked:
        raise DomainError("conflict", "Thiết bị này đã bị thu hồi.", {"device_id": cmd.device_id})
    if device.device_id == actor.device_id:
        raise DomainError("conflict", "Không thể tự thu hồi thiết bị đang dùng.")
    return [NewEvent("device.revoked", {"device_id": cmd.device_id})]


def _public_key(text: str, field_name: str) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise DomainError("bad_request", "Khóa công khai của thiết bị không hợp lệ.", {"field": field_name})
    return raw


def device_id_for(sign_pub: bytes) -> str:
    """A device's id names its signing key, so the same key can never hold two identities."""
    return "dev-" + hashlib.sha256(sign_pub).hexdigest()[:20]


def decide_enroll(
    state: ServerState, code_hash: str, device_name: str, sign_pub: str, kex_pub: str, now: datetime
) -> NewEvent:
    """POST /v1/enroll: a used, expired or unknown code are all the same refusal to the caller."""
    refusal = DomainError("forbidden", "Mã đăng ký không hợp lệ, đã dùng hoặc đã hết hạn.")
    enrollment = state.enrollments.get(code_hash)
    if enrollment is None or enrollment.used_by is not None or enrollment.cancelled:
        raise refusal
    if parse_iso(enrollment.expires_at) <= now:
        raise refusal
    name = device_name.strip()
    if not 1 <= len(name) <= 100:
        raise DomainError("bad_request", "Tên thiết bị phải có từ 1 đến 100 ký tự.", {"field": "device_name"})
    device_id = device_id_for(_public_key(sign_pub, "sign_pub"))
    _public_key(kex_pub, "kex_pub")
    if device_id in state.devices:
        raise DomainError("conflict", "Khóa của thiết bị này đã được đăng ký.")
    data = {
        "device_id": device_id,
        "code_hash": code_hash,
        "role": enrollment.role,
        "meeting_id": enrollment.meeting_id,
        "delegate_id": enrollment.delegate_id,
        "seat": enrollment.seat,
        "device_name": name,
        "sign_pub": sign_pub,
        "kex_pub": kex_pub,
    }
    return NewEvent("device.enrolled", data)


def apply_meeting_created(state: ServerState, event: Event) -> ServerState:
    meeting = meeting_from(event.data)
    return replace(state, meetings={**state.meetings, meeting.meeting_id: meeting})


def apply_enrollment_created(state: ServerState, event: Event) -> ServerState:
    enrollment = Enrollment(**event.data)
    return replace(state, enrollments={**state.enrollments, enrollment.code_hash: enrollment})


def apply_enrollment_cancelled(state: ServerState, event: Event) -> ServerState:
    code_hash = event.data["code_hash"]
    cancelled = replace(state.enrollments[code_hash], cancelled=True)
    return replace(state, enrollments={**state.enrollments, code_hash: cancelled})


def apply_enrolled(state: ServerState, event: Event) -> ServerState:
    d = dict(event.data)
    code_hash = d.pop("code_hash")
    device = Device(**d)
    used = replace(state.enrollments[code_hash], used_by=device.device_id)
    return replace(
        state,
        enrollments={**state.enrollments, code_hash: used},
        devices={**state.devices, device.device_id: device},
    )


def apply_revoked(state: ServerState, event: Event) -> ServerState:
    device_id = event.data["device_id"]
    devices = {**state.devices, device_id: replace(state.devices[device_id], revoked=True)}
    return replace(state, devices=devices)


COMMANDS = {
    "meeting.create": CommandSpec("meeting.create", CreateMeeting, decide_create_meeting),
    "device.enroll": CommandSpec("device.enroll", EnrollDevice, decide_enroll_device),
    "device.revoke": CommandSpec("device.revoke", DeviceRef, decide_revoke_device),
    "device.cancel_enrollment": CommandSpec("device.cancel_enrollment", EnrollmentRef, decide_cancel_enrollment),
}
APPLIERS = {
    "meeting.created": apply_meeting_created,
    "device.enrollment_created": apply_enrollment_created,
    "device.enrolled": apply_enrolled,
    "device.revoked": apply_revoked,
    "device.enrollment_cancelled": apply_enrollment_cancelled,
}
