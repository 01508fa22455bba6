"""The technician's preparation of a meeting: its settings, delegates and seats."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Annotated, Any, Final, Literal

import msgspec

from app.commands import Args, CommandSpec, fields_set
from app.errors import DomainError
from app.events import Event, NewEvent
from app.fields import Count, Date, Id, Name, Seconds, ShortText
from app.model import Actor, Delegate, Meeting, MeetingState, Seat, Settings

Gender = Literal["female", "male"]
DelegateRole = Literal["delegate", "chair", "secretary"]
Mandate = Literal["active", "suspended", "ended"]  # app.model.MANDATES
Small = Annotated[int, msgspec.Meta(ge=0, le=10_000)]
Posts = Annotated[tuple[Name, ...], msgspec.Meta(max_length=20)]
CommitteeIds = Annotated[tuple[Id, ...], msgspec.Meta(max_length=50)]
# A meeting's committees (Ban): id → name.
Committees = Annotated[dict[Id, Name], msgspec.Meta(max_length=50)]


class SettingsArgs(Args, frozen=True):
    quorum_num: Annotated[int, msgspec.Meta(ge=0, le=100)] = 2
    quorum_den: Annotated[int, msgspec.Meta(ge=1, le=100)] = 3
    allow_change: bool = False
    speak_first_s: Seconds = 420
    speak_second_s: Seconds = 180
    debate_s: Seconds = 180
    question_s: Seconds = 180
    point_of_order_s: Seconds = 60
    offline_lease_h: Annotated[int, msgspec.Meta(ge=1, le=24 * 30)] = 12


class UpdateMeeting(Args, frozen=True):
    title: Name | msgspec.UnsetType = msgspec.UNSET
    date: Date | msgspec.UnsetType = msgspec.UNSET
    venue: ShortText | msgspec.UnsetType = msgspec.UNSET
    n_total: Count | msgspec.UnsetType = msgspec.UNSET
    settings: SettingsArgs | msgspec.UnsetType = msgspec.UNSET
    committees: Committees | msgspec.UnsetType = msgspec.UNSET
    n_from_mandates: bool | msgspec.UnsetType = msgspec.UNSET


class AddDelegate(Args, frozen=True):
    name: Name
    title: ShortText
    group_id: Id
    group_name: ShortText
    gender: Gender
    delegate_id: Id | None = None
    roles: tuple[DelegateRole, ...] = ("delegate",)
    full_time: bool = False
    posts: Posts = ()
    committees: CommitteeIds = ()
    standing: bool = False
    mandate: Mandate = "active"


class UpdateDelegate(Args, frozen=True):
    delegate_id: Id
    name: Name | msgspec.UnsetType = msgspec.UNSET
    title: ShortText | msgspec.UnsetType = msgspec.UNSET
    group_id: Id | msgspec.UnsetType = msgspec.UNSET
    group_name: ShortText | msgspec.UnsetType = msgspec.UNSET
    gender: Gender | msgspec.UnsetType = msgspec.UNSET
    roles: tuple[DelegateRole, ...] | msgspec.UnsetType = msgspec.UNSET
    full_time: bool | msgspec.UnsetType = msgspec.UNSET
    posts: Posts | msgspec.UnsetType = msgspec.UNSET
    committees: CommitteeIds | msgspec.UnsetType = msgspec.UNSET
    standing: bool | msgspec.UnsetType = msgspec.UNSET
    mandate: Mandate | msgspec.UnsetType = msgspec.UNSET


class DelegateRef(Args, frozen=True):
    delegate_id: Id


class AddSeat(Args, frozen=True):
    seat_id: Id
    label: ShortText
    row: Small
    col: Small
    zone: ShortText = "hall"
    delegate_id: Id | None = None


class UpdateSeat(Args, frozen=True):
    seat_id: Id
    label: ShortText | msgspec.UnsetType = msgspec.UNSET
    row: Small | msgspec.UnsetType = msgspec.UNSET
    col: Small | msgspec.UnsetType = msgspec.UNSET
    zone: ShortText | msgspec.UnsetType = msgspec.UNSET
    delegate_id: Id | msgspec.UnsetType | None = msgspec.UNSET


class SeatRef(Args, frozen=True):
    seat_id: Id


def _plain(args: dict[str, Any]) -> dict[str, Any]:
    """Event data holds JSON values only: tuples become lists, nested Structs dicts."""
    return msgspec.to_builtins(args)  # type: ignore[no-any-return]


def holders(state: MeetingState) -> int:
    """The delegates N counts when it follows the mandates."""
    return sum(d.holds_mandate for d in state.delegates.values())


def decide_update_meeting(
    state: MeetingState, actor: Actor, cmd: UpdateMeeting, now: datetime
) -> list[NewEvent]:
    changes = fields_set(cmd)
    if not changes:
        raise DomainError("bad_request", "Không có thông tin nào cần sửa.")
    meeting = state.meeting
    following = bool(changes.get("n_from_mandates", meeting is not None and meeting.n_from_mandates))
    if "n_total" in changes and following:
        raise DomainError(
            "conflict",
            "Tổng số đại biểu HĐND (N) đang được tính theo danh sách đại biểu (số đại biểu chưa thôi nhiệm vụ): "
            "hãy sửa tình trạng của đại biểu, hoặc tắt cách tính này.",
            {"field": "n_total"},
        )
    if "committees" in changes:
        _check_committees_kept(state, changes["committees"])
    if changes.get("n_from_mandates") and not (meeting is not None and meeting.n_from_mandates):
        # Turned on: N is set from the list in the same event, so the log says what it became.
        n = holders(state)
        if n < 1:
            raise DomainError("conflict", "Kỳ họp chưa có đại biểu nào (chưa thôi nhiệm vụ) để tính Tổng số đại "
                              "biểu HĐND (N).", {"field": "n_from_mandates"})
        changes["n_total"] = n
    return [NewEvent("meeting.updated", _plain(changes))]


def _check_committees_kept(state: MeetingState, committees: dict[str, str]) -> None:
    """A committee that delegates or documents still name cannot be taken out of the meeting."""
    for gone in sorted(set(state.meeting.committees if state.meeting else {}) - set(committees)):
        members = sum(gone in d.committees for d in state.delegates.values())
        documents = sum(d.audience == f"committee:{gone}" for d in state.documents.values())
        if members or documents:
            raise DomainError(
                "conflict",
                f"Ban «{gone}» còn {members} đại biểu và {documents} tài liệu; hãy chuyển các đại biểu và tài liệu đó "
                "sang ban khác trước khi bỏ ban.",
                {"committee": gone, "delegates": members, "documents": documents},
            )


def _check_committees(state: MeetingState, ids: tuple[str, ...]) -> tuple[str, ...]:
    """The ids once each, in order; each a committee of the meeting."""
    known = state.meeting.committees if state.meeting is not None else {}
    for committee in ids:
        if committee not in known:
            raise DomainError("not_found", f"Không có ban «{committee}» trong kỳ họp.", {"committee": committee})
    return tuple(dict.fromkeys(ids))


def _n_follows(state: MeetingState, lost: bool, gained: bool) -> list[NewEvent]:
    """N kept in step with a change of the list, as its own event after the delegate's."""
    meeting = state.meeting
    if meeting is None or not meeting.n_from_mandates:
        return []
    n = holders(state) - lost + gained
    if n == meeting.n_total or n < 1:
        return []
    return [NewEvent("meeting.updated", {"n_total": n})]


# Left out of `delegate.added` at these values: a log written before these fields reads the same.
_QUIET: Final = {"posts": [], "committees": [], "standing": False, "mandate": "active"}


def _delegate(state: MeetingState, delegate_id: str) -> Delegate:
    found = state.delegates.get(delegate_id)
    if found is None:
        raise DomainError("not_found", "Không có đại biểu này trong kỳ họp.", {"delegate_id": delegate_id})
    return found


def decide_add_delegate(state: MeetingState, actor: Actor, cmd: AddDelegate, now: datetime) -> list[NewEvent]:
    delegate_id = cmd.delegate_id or f"db-{state.seq + 1}"
    if delegate_id in state.delegates:
        raise DomainError("conflict", "Mã đại biểu đã tồn tại.", {"delegate_id": delegate_id})
    committees = _check_committees(state, cmd.committees)
    data = _plain({f: getattr(cmd, f) for f in cmd.__struct_fields__})
    data.update(delegate_id=delegate_id, committees=list(committees))
    data = {k: v for k, v in data.items() if k not in _QUIET or _QUIET[k] != (list(v) if isinstance(v, tuple) else v)}
    gained = cmd.mandate != "ended"
    return [NewEvent("delegate.added", data), *_n_follows(state, False, gained)]


def decide_update_delegate(
    state: MeetingState, actor: Actor, cmd: UpdateDelegate, now: datetime
) -> list[NewEvent]:
    before = _delegate(state, cmd.delegate_id)
    changes = fields_set(cmd)
    if "committees" in changes:
        changes["committees"] = _check_committees(state, changes["committees"])
    after = changes.get("mandate", before.mandate) != "ended"
    return [NewEvent("delegate.updated", _plain(changes)), *_n_follows(state, before.holds_mandate, after)]


def decide_remove_delegate(
    state: MeetingState, actor: Actor, cmd: DelegateRef, now: datetime
) -> list[NewEvent]:
    gone = _delegate(state, cmd.delegate_id)
    if cmd.delegate_id in state.present:
        raise DomainError("conflict", "Đại biểu đang có mặt, không thể xóa khỏi danh sách.")
    return [NewEvent("delegate.removed", {"delegate_id": cmd.delegate_id}), *_n_follows(state, gone.holds_mandate, False)]


def _check_seat_holder(state: MeetingState, seat_id: str, delegate_id: str | None) -> None:
    if delegate_id is None:
        return
    _delegate(state, delegate_id)
    other = state.seat_of(delegate_id)
    if other is not None and other.seat_id != seat_id:
        raise DomainError("conflict", f"Đại biểu đã được xếp ghế {other.label}.", {"seat_id": other.seat_id})


def decide_add_seat(state: MeetingState, actor: Actor, cmd: AddSeat, now: datetime) -> list[NewEvent]:
    if cmd.seat_id in state.seats:
        raise DomainError("conflict", "Mã ghế đã tồn tại.", {"seat_id": cmd.seat_id})
    _check_seat_holder(state, cmd.seat_id, cmd.delegate_id)
    return [NewEvent("seat.added", _plain({f: getattr(cmd, f) for f in cmd.__struct_fields__}))]


def decide_update_seat(state: MeetingState, actor: Actor, cmd: UpdateSeat, now: datetime) -> list[NewEvent]:
    if cmd.seat_id not in state.seats:
        raise DomainError("not_found", "Không có ghế này trong hội trường.", {"seat_id": cmd.seat_id})
    changes = fields_set(cmd)
    if "delegate_id" in changes:
        _check_seat_holder(state, cmd.seat_id, changes["delegate_id"])
    return [NewEvent("seat.updated", _plain(changes))]


def decide_remove_seat(state: MeetingState, actor: Actor, cmd: SeatRef, now: datetime) -> list[NewEvent]:
    if cmd.seat_id not in state.seats:
        raise DomainError("not_found", "Không có ghế này trong hội trường.", {"seat_id": cmd.seat_id})
    return [NewEvent("seat.removed", {"seat_id": cmd.seat_id})]


def meeting_from(data: dict[str, Any]) -> Meeting:
    fields = {k: v for k, v in data.items() if k != "settings"}
    return Meeting(**fields, settings=Settings(**data.get("settings", {})))


def apply_meeting_created(state: MeetingState, event: Event) -> MeetingState:
    return replace(state, meeting=meeting_from(event.data))


def apply_meeting_updated(state: MeetingState, event: Event) -> MeetingState:
    assert state.meeting is not None
    changes = dict(event.data)
    if "settings" in changes:
        changes["settings"] = Settings(**changes["settings"])
    return replace(state, meeting=replace(state.meeting, **changes))


_LISTS: Final = ("roles", "posts", "committees")


def apply_delegate_added(state: MeetingState, event: Event) -> MeetingState:
    d = dict(event.data)
    d.update({k: tuple(d[k]) for k in _LISTS if k in d})
    delegate = Delegate(**d)
    return replace(state, delegates={**state.delegates, delegate.delegate_id: delegate})


def apply_delegate_updated(state: MeetingState, event: Event) -> MeetingState:
    d = dict(event.data)
    delegate_id = d.pop("delegate_id")
    d.update({k: tuple(d[k]) for k in _LISTS if k in d})
    updated = replace(state.delegates[delegate_id], **d)
    return replace(state, delegates={**state.delegates, delegate_id: updated})


def apply_delegate_removed(state: MeetingState, event: Event) -> MeetingState:
    gone = event.data["delegate_id"]
    seats = {k: replace(s, delegate_id=None) if s.delegate_id == gone else s for k, s in state.seats.items()}
    delegates = {k: v for k, v in state.delegates.items() if k != gone}
    return replace(state, delegates=delegates, seats=seats)


def apply_seat_added(state: MeetingState, event: Event) -> MeetingState:
    seat = Seat(**event.data)
    return replace(state, seats={**state.seats, seat.seat_id: seat})


def apply_seat_updated(state: MeetingState, event: Event) -> MeetingState:
    d = dict(event.data)
    seat_id = d.pop("seat_id")
    return replace(state, seats={**state.seats, seat_id: replace(state.seats[seat_id], **d)})


def apply_seat_removed(state: MeetingState, event: Event) -> MeetingState:
    return replace(state, seats={k: v for k, v in state.seats.items() if k != event.data["seat_id"]})


COMMANDS = {
    "meeting.update": CommandSpec("meeting.update", UpdateMeeting, decide_update_meeting),
    "delegate.add": CommandSpec("delegate.add", AddDelegate, decide_add_delegate),
    "delegate.update": CommandSpec("delegate.update", UpdateDelegate, decide_update_delegate),
    "delegate.remove": CommandSpec("delegate.remove", DelegateRef, decide_remove_delegate),
    "seat.add": CommandSpec("seat.add", AddSeat, decide_add_seat),
    "seat.update": CommandSpec("seat.update", UpdateSeat, decide_update_seat),
    "seat.remove": CommandSpec("seat.remove", SeatRef, decide_remove_seat),
}
APPLIERS = {
    "meeting.created": apply_meeting_created,
    "meeting.updated": apply_meeting_updated,
    "delegate.added": apply_delegate_added,
    "delegate.updated": apply_delegate_updated,
    "delegate.removed": apply_delegate_removed,
    "seat.added": apply_seat_added,
    "seat.updated": apply_seat_updated,
    "seat.removed": apply_seat_removed,
}
