"""Attendance: delegates check in and out of a sitting, absences are recorded, the quorum counted."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Final, Literal

from app.commands import Args, CommandSpec
from app.errors import DomainError
from app.events import Event, NewEvent
from app.fields import Id, ShortText
from app.model import SECRETARY, Absence, Actor, MeetingState, Settings

Status = Literal["present", "excused", "unexcused", "not_checked_in"]

STATUS_LABELS: Final[dict[Status, str]] = {
    "present": "Có mặt",
    "excused": "Vắng có lý do",
    "unexcused": "Vắng không có lý do",
    "not_checked_in": "Chưa điểm danh",
}


class CheckIn(Args, frozen=True):
    delegate_id: Id | None = None


class CheckOut(CheckIn, frozen=True):
    pass


class RecordAbsence(Args, frozen=True):
    """An addition to PROTOCOL.md ("Đăng ký vắng mặt"): see docs/events.md, Attendance."""

    delegate_id: Id
    excused: bool
    reason: ShortText = ""


def _whom(state: MeetingState, actor: Actor, delegate_id: str | None) -> str:
    if delegate_id is None:
        if actor.delegate_id is None:
            raise DomainError(
                "bad_request", "Thư ký phải chọn đại biểu cần điểm danh.", {"field": "delegate_id"}
            )
        delegate_id = actor.delegate_id
    elif delegate_id != actor.delegate_id and actor.role != SECRETARY:
        raise DomainError("forbidden", "Đại biểu chỉ điểm danh cho chính mình.")
    if delegate_id not in state.delegates:
        raise DomainError("not_found", "Không có đại biểu này trong kỳ họp.", {"delegate_id": delegate_id})
    return delegate_id


def decide_check_in(state: MeetingState, actor: Actor, cmd: CheckIn, now: datetime) -> list[NewEvent]:
    who = _whom(state, actor, cmd.delegate_id)
    if who in state.present:
        raise DomainError("conflict", "Đại biểu đã điểm danh có mặt.", {"delegate_id": who})
    return [NewEvent("attendance.checked_in", {"delegate_id": who})]


def decide_check_out(state: MeetingState, actor: Actor, cmd: CheckOut, now: datetime) -> list[NewEvent]:
    who = _whom(state, actor, cmd.delegate_id)
    if who not in state.present:
        raise DomainError(
            "conflict", "Đại biểu chưa điểm danh nên không thể rời phòng họp.", {"delegate_id": who}
        )
    return [NewEvent("attendance.checked_out", {"delegate_id": who})]


def decide_absence(state: MeetingState, actor: Actor, cmd: RecordAbsence, now: datetime) -> list[NewEvent]:
    if cmd.delegate_id not in state.delegates:
        raise DomainError(
            "not_found", "Không có đại biểu này trong kỳ họp.", {"delegate_id": cmd.delegate_id}
        )
    if cmd.delegate_id in state.present:
        raise DomainError(
            "conflict",
            "Đại biểu đã điểm danh có mặt nên không thể ghi vắng mặt.",
            {"delegate_id": cmd.delegate_id},
        )
    reason = cmd.reason.strip()
    if cmd.excused and not reason:
        # "Vắng có lý do" is an absence reported with its reason (LTCCQĐP Đ.33 k2).
        raise DomainError("bad_request", "Vắng có lý do cần ghi rõ lý do.", {"field": "reason"})
    known = state.absences.get(cmd.delegate_id)
    if known is not None and (known.excused, known.reason) == (cmd.excused, reason):
        raise DomainError("conflict", "Vắng mặt này đã được ghi nhận.", {"delegate_id": cmd.delegate_id})
    # A different record replaces the earlier one: a reason that arrives late makes it excused.
    data = {"delegate_id": cmd.delegate_id, "excused": cmd.excused, "reason": reason}
    return [NewEvent("attendance.absence_recorded", data)]


def apply_checked_in(state: MeetingState, event: Event) -> MeetingState:
    delegate_id = event.data["delegate_id"]
    # Whoever is here is no longer absent, whatever was reported in advance.
    absences = {k: v for k, v in state.absences.items() if k != delegate_id}
    return replace(state, present=state.present | {delegate_id}, absences=absences)


def apply_checked_out(state: MeetingState, event: Event) -> MeetingState:
    return replace(state, present=state.present - {event.data["delegate_id"]})


def apply_absence_recorded(state: MeetingState, event: Event) -> MeetingState:
    d = event.data
    absence = Absence(d["delegate_id"], d["excused"], d["reason"], event.at)
    return replace(state, absences={**state.absences, absence.delegate_id: absence})


def status_of(state: MeetingState, delegate_id: str) -> Status:
    """Có mặt, Vắng có lý do, Vắng không có lý do, or not (yet) checked in with nothing recorded."""
    if delegate_id in state.present:
        return "present"
    absence = state.absences.get(delegate_id)
    if absence is None:
        return "not_checked_in"
    return "excused" if absence.excused else "unexcused"


@dataclass(frozen=True, slots=True)
class Quorum:
    """The live count for the chair.

    required: the fewest present that meet the quorum setting (57 of 85 at two thirds);
    met: `quorum_den * present >= quorum_num * n_total` (DOMAIN.md, default 3 * present >= 2 * N);
    cannot_pass: `2 * present <= n_total`, so even a unanimous vote of those present falls short
    of the majority of ALL delegates that a decision needs.
    """

    present: int
    n_total: int
    quorum_num: int
    quorum_den: int
    required: int
    met: bool
    cannot_pass: bool


def quorum(state: MeetingState) -> Quorum:
    settings = state.meeting.settings if state.meeting is not None else Settings()
    n_total = state.meeting.n_total if state.meeting is not None else 0
    present = len(state.present)
    num, den = settings.quorum_num, settings.quorum_den
    return Quorum(
        present=present,
        n_total=n_total,
        quorum_num=num,
        quorum_den=den,
        required=-(-num * n_total // den),  # the ceiling of num * N / den, in integers
        met=state.meeting is not None and den * present >= num * n_total,
        cannot_pass=2 * present <= n_total,
    )


COMMANDS = {
    "attendance.check_in": CommandSpec("attendance.check_in", CheckIn, decide_check_in),
    "attendance.check_out": CommandSpec("attendance.check_out", CheckOut, decide_check_out),
    "attendance.absence": CommandSpec("attendance.absence", RecordAbsence, decide_absence),
}
APPLIERS = {
    "attendance.checked_in": apply_checked_in,
    "attendance.checked_out": apply_checked_out,
    "attendance.absence_recorded": apply_absence_recorded,
}
