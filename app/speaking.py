"""The speaking queue: delegates ask for the floor on the active item, the chair calls them (rules: docs/events.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Annotated, Any, Final, Literal

import msgspec

from app.clock import iso
from app.commands import Args, CommandSpec
from app.errors import DomainError
from app.events import Event, NewEvent
from app.fields import Id, Position
from app.model import (
    CHAIR,
    SPEECH_KIND_LABELS,
    Actor,
    MeetingState,
    Settings,
    SpeechRequest,
)
from app.speaking_time import elapsed_s

Kind = Literal["discussion", "debate", "question", "point_of_order"]
LimitSeconds = Annotated[int, msgspec.Meta(ge=10, le=3600)]

MAX_DISCUSSION_SPEECHES: Final = 2
MIN_LIMIT_S: Final = 10
MAX_LIMIT_S: Final = 3600
# A request has had the floor once it reaches these; it counts toward the speech limits.
HAD_THE_FLOOR: Final = ("speaking", "done")


class RequestFloor(Args, frozen=True):
    kind: Kind
    # An addition to PROTOCOL.md: the item the seat showed when the delegate asked. A request
    # that waited in an offline outbox must not be filed under an item the delegate never saw.
    item_id: Id | None = None


class RequestRef(Args, frozen=True):
    request_id: Id


class Reorder(Args, frozen=True):
    request_id: Id
    position: Position


class Grant(Args, frozen=True):
    request_id: Id
    # Left out, the limit of the request's kind from the meeting settings.
    limit_s: LimitSeconds | None = None


class Extend(Args, frozen=True):
    request_id: Id
    add_s: LimitSeconds


def _label(kind: str) -> str:
    return SPEECH_KIND_LABELS.get(kind, kind).lower()


def _request(state: MeetingState, request_id: str) -> SpeechRequest:
    found = state.speaking.requests.get(request_id)
    if found is None:
        raise DomainError("not_found", "Không có yêu cầu phát biểu này.", {"request_id": request_id})
    return found


def _open_item(state: MeetingState, item_id: str | None) -> str:
    """The item a new request is for: the active one, and the one the seat saw if it says so."""
    active = state.active_item
    if item_id is not None and item_id != active:
        item = state.agenda.get(item_id)
        if item is None:
            raise DomainError(
                "not_found", "Không có nội dung này trong chương trình kỳ họp.", {"item_id": item_id}
            )
        if item.status == "done":
            message = f"Nội dung «{item.title}» đã kết thúc nên không còn nhận đăng ký phát biểu."
        else:
            message = f"Nội dung «{item.title}» hiện không được thảo luận nên không nhận đăng ký phát biểu."
        raise DomainError(
            "conflict",
            message + " Yêu cầu này không được ghi nhận.",
            {"reason": "item_closed", "item_id": item_id, "active_item": active},
        )
    if active is None:
        raise DomainError(
            "conflict",
            "Chưa có nội dung nào đang được thảo luận nên chưa thể đăng ký phát biểu.",
            {"reason": "item_closed", "item_id": None, "active_item": None},
        )
    return active


def _waiting(request: SpeechRequest) -> None:
    if request.status != "waiting":
        messages = {
            "speaking": "Đại biểu đang phát biểu theo yêu cầu này.",
            "done": "Lượt phát biểu theo yêu cầu này đã kết thúc.",
            "withdrawn": "Yêu cầu phát biểu này đã được rút.",
            "lapsed": "Yêu cầu phát biểu này đã hết hiệu lực vì nội dung đã chuyển.",
        }
        raise DomainError(
            "conflict",
            messages.get(request.status, "Yêu cầu phát biểu này không còn chờ."),
            {"request_id": request.request_id, "status": request.status},
        )


def _speaking(state: MeetingState, request: SpeechRequest) -> None:
    if state.speaking.speaker != request.request_id:
        raise DomainError(
            "conflict",
            "Đại biểu này hiện không phát biểu.",
            {"request_id": request.request_id, "status": request.status},
        )


def _answer_to(mine: list[SpeechRequest]) -> str | None:
    """The delegate's latest question on the item that has had the floor and whose answer they
    have not yet debated with priority; a debate request about it goes ahead (LGS Đ.60)."""
    used = {r.answer_to for r in mine if r.kind == "debate" and r.status in HAD_THE_FLOOR}
    asked = [r for r in mine if r.kind == "question" and r.status in HAD_THE_FLOOR and r.request_id not in used]
    return asked[-1].request_id if asked else None


def _position_for(queue: list[SpeechRequest], kind: str, answer_to: str | None) -> int:
    """Registration order, but a point of order goes before the first request of another kind,
    and a priority debate before the first debate request without priority."""
    def first(match: Iterable[bool]) -> int | None:
        return next((n for n, hit in enumerate(match, start=1) if hit), None)

    if kind == "point_of_order":
        ahead = first(r.kind != "point_of_order" for r in queue)
    elif kind == "debate" and answer_to is not None:
        ahead = first(r.kind == "debate" and r.answer_to is None for r in queue)
    else:
        ahead = None
    return ahead if ahead is not None else len(queue) + 1


def decide_request(state: MeetingState, actor: Actor, cmd: RequestFloor, now: datetime) -> list[NewEvent]:
    delegate_id = actor.delegate_id
    if delegate_id is None or delegate_id not in state.delegates:
        raise DomainError(
            "not_found", "Thiết bị này không gắn với đại biểu nào của kỳ họp.", {"delegate_id": delegate_id}
        )
    item_id = _open_item(state, cmd.item_id)
    # The mapping keeps registration order (a replaced entry keeps its place), so `mine` does too.
    mine = [r for r in state.speaking.requests.values() if r.delegate_id == delegate_id and r.item_id == item_id]
    if any(r.kind == cmd.kind and r.status == "waiting" for r in mine):
        raise DomainError(
            "conflict",
            f"Đại biểu đã đăng ký {_label(cmd.kind)} về nội dung này và đang chờ đến lượt.",
            {"reason": "already_waiting", "kind": cmd.kind},
        )
    spoken = sum(r.kind == "discussion" and r.status in HAD_THE_FLOOR for r in mine)
    if cmd.kind == "discussion" and spoken >= MAX_DISCUSSION_SPEECHES:
        raise DomainError(
            "conflict",
            f"Mỗi đại biểu phát biểu không quá {MAX_DISCUSSION_SPEECHES} lần về một nội dung.",
            {"reason": "speech_limit", "kind": cmd.kind, "spoken": spoken},
        )
    answer_to = _answer_to(mine) if cmd.kind == "debate" else None
    data = {
        "request_id": f"req-{state.seq + 1}",
        "delegate_id": delegate_id,
        "item_id": item_id,
        "kind": cmd.kind,
        "position": _position_for(state.speaking.waiting(), cmd.kind, answer_to),
        "answer_to": answer_to,
    }
    return [NewEvent("speak.requested", data)]


def decide_withdraw(state: MeetingState, actor: Actor, cmd: RequestRef, now: datetime) -> list[NewEvent]:
    request = _request(state, cmd.request_id)
    if actor.role != CHAIR and request.delegate_id != actor.delegate_id:
        raise DomainError("forbidden", "Đại biểu chỉ rút được yêu cầu phát biểu của chính mình.")
    _waiting(request)
    data = {"request_id": request.request_id, "delegate_id": request.delegate_id, "by": actor.role}
    return [NewEvent("speak.withdrawn", data)]


def decide_reorder(state: MeetingState, actor: Actor, cmd: Reorder, now: datetime) -> list[NewEvent]:
    request = _request(state, cmd.request_id)
    _waiting(request)
    # A drop past the end lands at the end, as agenda positions do.
    position = min(cmd.position, len(state.speaking.waiting()))
    if position == request.position:
        raise DomainError(
            "conflict", f"Yêu cầu đã ở vị trí {position} trong danh sách.", {"position": position}
        )
    data = {"request_id": request.request_id, "position": position, "from": request.position}
    return [NewEvent("speak.reordered", data)]


def default_limit_s(state: MeetingState, request: SpeechRequest) -> int:
    """The limit of the request's kind from the meeting settings (DOMAIN.md's defaults), kept
    within what a grant may carry."""
    settings = state.meeting.settings if state.meeting is not None else Settings()
    if request.kind == "discussion":
        before = sum(
            r.kind == "discussion" and r.status in HAD_THE_FLOOR
            for r in state.speaking.requests.values()
            if r.delegate_id == request.delegate_id and r.item_id == request.item_id
        )
        limit = settings.speak_first_s if before == 0 else settings.speak_second_s
    else:
        limit = {
            "debate": settings.debate_s,
            "question": settings.question_s,
            "point_of_order": settings.point_of_order_s,
        }.get(request.kind, settings.debate_s)
    return min(max(limit, MIN_LIMIT_S), MAX_LIMIT_S)


def decide_grant(state: MeetingState, actor: Actor, cmd: Grant, now: datetime) -> list[NewEvent]:
    request = _request(state, cmd.request_id)
    _waiting(request)
    current = state.speaking.current()
    if current is not None:
        # Never cut a speaker as a side effect: ending a speech is its own logged act.
        raise DomainError(
            "conflict",
            "Đang có đại biểu phát biểu; cần kết thúc lượt phát biểu đó trước khi mời đại biểu khác.",
            {"reason": "floor_taken", "speaker": current.request_id},
        )
    data = {
        "request_id": request.request_id,
        "delegate_id": request.delegate_id,
        "kind": request.kind,
        "limit_s": cmd.limit_s if cmd.limit_s is not None else default_limit_s(state, request),
        # Logged so a call out of registration order shows in the record.
        "position": request.position,
    }
    return [NewEvent("speak.granted", data)]


def decide_end(state: MeetingState, actor: Actor, cmd: RequestRef, now: datetime) -> list[NewEvent]:
    request = _request(state, cmd.request_id)
    _speaking(state, request)
    assert request.granted_at is not None
    data = {
        "request_id": request.request_id,
        "delegate_id": request.delegate_id,
        # From the two event times, so the figure is the one a replay would compute.
        "duration_s": elapsed_s(request.granted_at, iso(now)),
    }
    return [NewEvent("speak.ended", data)]


def decide_extend(state: MeetingState, actor: Actor, cmd: Extend, now: datetime) -> list[NewEvent]:
    request = _request(state, cmd.request_id)
    _speaking(state, request)
    assert request.limit_s is not None
    data = {"request_id": request.request_id, "add_s": cmd.add_s, "limit_s": request.limit_s + cmd.add_s}
    return [NewEvent("speak.extended", data)]


def _renumbered(
    requests: dict[str, SpeechRequest], moving: str | None = None, position: int | None = None
) -> dict[str, SpeechRequest]:
    """Waiting positions stay 1..n without gaps; `moving` lands at `position`, the rest keep
    their order. Only requests whose position changes are replaced."""
    queue = sorted(
        (r for r in requests.values() if r.status == "waiting" and r.request_id != moving),
        key=lambda r: (r.position or 0, r.request_id),
    )
    if moving is not None and position is not None:
        queue.insert(position - 1, requests[moving])
    for n, request in enumerate(queue, start=1):
        if request.position != n:
            requests[request.request_id] = replace(request, position=n)
    return requests


def _with(state: MeetingState, requests: Mapping[str, SpeechRequest], **changes: Any) -> MeetingState:
    return replace(state, speaking=replace(state.speaking, requests=requests, **changes))


def apply_requested(state: MeetingState, event: Event) -> MeetingState:
    d = event.data
    request = SpeechRequest(
        request_id=d["request_id"],
        delegate_id=d["delegate_id"],
        item_id=d["item_id"],
        kind=d["kind"],
        requested_at=event.at,
        position=d["position"],
        answer_to=d["answer_to"],
    )
    requests = {**state.speaking.requests, request.request_id: request}
    return _with(state, _renumbered(requests, request.request_id, request.position))


def apply_withdrawn(state: MeetingState, event: Event) -> MeetingState:
    request_id = event.data["request_id"]
    gone = replace(state.speaking.requests[request_id], status="withdrawn", position=None)
    return _with(state, _renumbered({**state.speaking.requests, request_id: gone}))


def apply_reordered(state: MeetingState, event: Event) -> MeetingState:
    requests = dict(state.speaking.requests)
    return _with(state, _renumbered(requests, event.data["request_id"], event.data["position"]))


def apply_granted(state: MeetingState, event: Event) -> MeetingState:
    d = event.data
    speaking = replace(
        state.speaking.requests[d["request_id"]],
        status="speaking",
        position=None,
        granted_at=event.at,
        limit_s=d["limit_s"],
    )
    requests = _renumbered({**state.speaking.requests, speaking.request_id: speaking})
    return _with(state, requests, speaker=speaking.request_id)


def apply_ended(state: MeetingState, event: Event) -> MeetingState:
    d = event.data
    done = replace(
        state.speaking.requests[d["request_id"]], status="done", ended_at=event.at, duration_s=d["duration_s"]
    )
    return _with(state, {**state.speaking.requests, done.request_id: done}, speaker=None)


def apply_extended(state: MeetingState, event: Event) -> MeetingState:
    d = event.data
    request = state.speaking.requests[d["request_id"]]
    longer = replace(request, limit_s=d["limit_s"], extended_s=request.extended_s + d["add_s"])
    return _with(state, {**state.speaking.requests, longer.request_id: longer})


def settle(state: MeetingState, at: str) -> MeetingState:
    """Closes what the agenda closed, at the time `at` of the event that closed it: waiting
    requests of an item no longer active lapse (as do those of a removed delegate), and a speech
    on such an item ends with its duration up to `at`. Pure over the events, so no extra event
    is needed and a replay lands in the same place."""
    changed: dict[str, SpeechRequest] = {}
    for request in state.speaking.requests.values():
        if request.status == "waiting" and (
            request.item_id != state.active_item or request.delegate_id not in state.delegates
        ):
            changed[request.request_id] = replace(request, status="lapsed", position=None)
        elif request.status == "speaking" and request.item_id != state.active_item:
            assert request.granted_at is not None
            changed[request.request_id] = replace(
                request, status="done", ended_at=at, duration_s=elapsed_s(request.granted_at, at)
            )
    if not changed:
        return state
    speaker = None if state.speaking.speaker in changed else state.speaking.speaker
    return _with(state, _renumbered({**state.speaking.requests, **changed}), speaker=speaker)


COMMANDS = {
    "speak.request": CommandSpec("speak.request", RequestFloor, decide_request),
    "speak.withdraw": CommandSpec("speak.withdraw", RequestRef, decide_withdraw),
    "speak.reorder": CommandSpec("speak.reorder", Reorder, decide_reorder),
    "speak.grant": CommandSpec("speak.grant", Grant, decide_grant),
    "speak.end": CommandSpec("speak.end", RequestRef, decide_end),
    "speak.extend": CommandSpec("speak.extend", Extend, decide_extend),
}
APPLIERS = {
    "speak.requested": apply_requested,
    "speak.withdrawn": apply_withdrawn,
    "speak.reordered": apply_reordered,
    "speak.granted": apply_granted,
    "speak.ended": apply_ended,
    "speak.extended": apply_extended,
}
