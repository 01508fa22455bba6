"""Attendance: delegates check in and out of a sitting."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from app.commands import Args, CommandSpec
from app.errors import DomainError
from app.events import Event, NewEvent
from app.fields import Id
from app.model import SECRETARY, Actor, MeetingState


class CheckIn(Args, frozen=True):
    delegate_id: Id | None = None


class CheckOut(CheckIn, frozen=True):
    pass


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


def apply_checked_in(state: MeetingState, event: Event) -> MeetingState:
    return replace(state, present=state.present | {event.data["delegate_id"]})


def apply_checked_out(state: MeetingState, event: Event) -> MeetingState:
    return replace(state, present=state.present - {event.data["delegate_id"]})


COMMANDS = {
    "attendance.check_in": CommandSpec("attendance.check_in", CheckIn, decide_check_in),
    "attendance.check_out": CommandSpec("attendance.check_out", CheckOut, decide_check_out),
}
APPLIERS = {
    "attendance.checked_in": apply_checked_in,
    "attendance.checked_out": apply_checked_out,
}
