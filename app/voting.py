"""Votes: the presidium creates, opens, closes or cancels them; delegates cast ballots (docs/votes.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Annotated, Any, Final, Literal

import msgspec

from app.ballots import Cast, decide_cast, find_vote
from app.clock import iso
from app.commands import Args, CommandSpec
from app.errors import DomainError
from app.events import Event, NewEvent
from app.fields import Id, Name, ShortText
from app.model import RESOLUTION_KINDS, SECRET_KINDS, Actor, BallotBox, Committee, MeetingState, Person, Vote
from app.vote_results import resolution_result, result
from app.vote_rules import CONFIDENCE_LEVELS, NO_CONFIDENCE_OPTIONS, RESOLUTION_OPTIONS, RESOLUTION_RULES
from app.voting_sealed import check_can_open
from app.voting_sealed_count import PreTally, counting

Kind = Literal["open", "hands", "secret", "confidence", "election"]
Rule = Literal["majority_of_all", "two_thirds_of_all", "confidence", "no_confidence", "election"]
Duration = Annotated[int, msgspec.Meta(ge=0, le=3600)]
MIN_DURATION_S: Final = 10
MIN_COMMITTEE: Final = 3
Count = Annotated[int, msgspec.Meta(ge=0, le=10_000)]


class PersonArgs(Args, frozen=True):
    id: Id
    name: Name
    position: ShortText = ""


class CommitteeArgs(Args, frozen=True):
    head: Id
    secretary: Id
    members: Annotated[list[Id], msgspec.Meta(max_length=50)]


class Create(Args, frozen=True):
    item_id: Id
    title: Name
    kind: Kind
    options: Annotated[list[Id], msgspec.Meta(min_length=1, max_length=100)]
    rule: Rule
    duration_s: Duration
    allow_change: bool | None = None
    subjects: Annotated[list[PersonArgs], msgspec.Meta(max_length=100)] = msgspec.field(default_factory=list)
    candidates: Annotated[list[PersonArgs], msgspec.Meta(max_length=100)] = msgspec.field(default_factory=list)
    seats: Annotated[int, msgspec.Meta(ge=1, le=100)] = 1
    committee: CommitteeArgs | None = None
    # docs/sealed.md: the ballots encrypted under the committee's key.
    sealed: bool = False


class VoteRef(Args, frozen=True):
    vote_id: Id


class Cancel(Args, frozen=True):
    vote_id: Id
    # PROTOCOL.md's cancel names only the vote; the consoles always ask for the reason.
    reason: ShortText = ""


class CountHands(Args, frozen=True):
    vote_id: Id
    tally: dict[Id, Count]


def _bad(message: str, field: str) -> DomainError:
    return DomainError("bad_request", message, {"field": field})


def _check_kind(cmd: Create) -> None:
    options = tuple(cmd.options)
    if len(set(options)) != len(options):
        raise _bad("Các lựa chọn của phiếu không được trùng nhau.", "options")
    if cmd.kind in RESOLUTION_KINDS:
        if options != RESOLUTION_OPTIONS or cmd.rule not in RESOLUTION_RULES:
            raise _bad("Biểu quyết nghị quyết dùng ba lựa chọn Tán thành, Không tán thành, "
                       "Không biểu quyết và quy tắc quá nửa hoặc hai phần ba tổng số đại biểu.", "rule")
    elif cmd.kind == "confidence":
        levels = {"confidence": CONFIDENCE_LEVELS, "no_confidence": NO_CONFIDENCE_OPTIONS}.get(cmd.rule)
        if levels is None or options != levels:
            raise _bad("Phiếu tín nhiệm dùng các mức tín nhiệm của Nghị quyết 96.", "rule")
        if not cmd.subjects:
            raise _bad("Phiếu tín nhiệm phải có danh sách người được lấy phiếu.", "subjects")
    else:
        if cmd.rule != "election" or [c.id for c in cmd.candidates] != list(options):
            raise _bad("Phiếu bầu phải liệt kê đúng các ứng cử viên.", "candidates")
        if cmd.seats > len(options):
            raise _bad("Số người được bầu không thể nhiều hơn số ứng cử viên.", "seats")
    if (cmd.kind != "confidence" and cmd.subjects) or (cmd.kind != "election" and cmd.candidates):
        raise _bad("Danh sách người chỉ dùng cho lấy phiếu tín nhiệm hoặc bầu chức danh.", "subjects")


def _check_committee(state: MeetingState, cmd: Create) -> None:
    if cmd.kind not in SECRET_KINDS:
        if cmd.committee is not None:
            raise _bad("Ban kiểm phiếu chỉ có ở các cuộc bỏ phiếu kín.", "committee")
        return
    committee = cmd.committee
    if committee is None:
        raise _bad("Bỏ phiếu kín cần có Ban kiểm phiếu.", "committee")
    members = set(committee.members)
    if len(members) != len(committee.members) or not {committee.head, committee.secretary} <= members:
        raise _bad("Ban kiểm phiếu phải gồm Trưởng ban, Thư ký và các ủy viên, không trùng tên.", "committee")
    if committee.head == committee.secretary or len(members) < MIN_COMMITTEE:
        raise _bad(f"Ban kiểm phiếu cần ít nhất {MIN_COMMITTEE} người, Trưởng ban khác Thư ký.", "committee")
    unknown = members - set(state.delegates)
    if unknown:
        raise _bad("Thành viên Ban kiểm phiếu phải là đại biểu của kỳ họp.", "committee")
    named = {p.id for p in (*cmd.subjects, *cmd.candidates)}
    if members & named:
        raise _bad("Thành viên Ban kiểm phiếu không được là người ứng cử hoặc người được lấy phiếu.", "committee")


def decide_create(state: MeetingState, actor: Actor, cmd: Create, now: datetime) -> list[NewEvent]:
    if state.meeting is None:
        raise DomainError("not_found", "Chưa có cuộc họp.")
    if cmd.item_id not in state.agenda:
        raise DomainError("not_found", "Không có nội dung này trong chương trình.", {"item_id": cmd.item_id})
    if 0 < cmd.duration_s < MIN_DURATION_S:
        raise _bad(f"Thời gian biểu quyết ít nhất {MIN_DURATION_S} giây (0 là không giới hạn).", "duration_s")
    _check_kind(cmd)
    _check_committee(state, cmd)
    if cmd.sealed and cmd.kind not in SECRET_KINDS:
        raise _bad("Chỉ bỏ phiếu kín mới mã hóa được phiếu.", "sealed")
    allow_change = state.meeting.settings.allow_change if cmd.allow_change is None else cmd.allow_change
    if cmd.kind in SECRET_KINDS:
        if cmd.allow_change:
            raise _bad("Bỏ phiếu kín không cho sửa phiếu: phiếu đã bỏ không gắn với người bỏ.", "allow_change")
        allow_change = False
    data: dict[str, Any] = {
        "vote_id": f"vote-{state.seq + 1}",
        "item_id": cmd.item_id,
        "title": cmd.title.strip(),
        "kind": cmd.kind,
        "options": list(cmd.options),
        "rule": cmd.rule,
        "n_total": state.meeting.n_total,
        "duration_s": cmd.duration_s,
        "allow_change": allow_change,
    }
    if cmd.kind == "confidence":
        data["subjects"] = [msgspec.to_builtins(p) for p in cmd.subjects]
    if cmd.kind == "election":
        data["candidates"] = [msgspec.to_builtins(p) for p in cmd.candidates]
        data["seats"] = cmd.seats
    if cmd.committee is not None:
        data["committee"] = msgspec.to_builtins(cmd.committee)
    if cmd.sealed:
        # The room adds "committee_keys" (app.voting_sealed.with_committee_keys).
        data["sealed"] = True
    return [NewEvent("vote.created", data)]


def decide_open(state: MeetingState, actor: Actor, cmd: VoteRef, now: datetime) -> list[NewEvent]:
    vote = find_vote(state, cmd.vote_id)
    if vote.status != "created":
        raise DomainError("conflict", "Chỉ mở được biểu quyết chưa bắt đầu.", {"vote_id": vote.vote_id})
    running = state.open_vote()
    if running is not None:
        raise DomainError("conflict", f"Đang biểu quyết «{running.title}»: kết thúc trước khi mở cuộc khác.",
                          {"vote_id": running.vote_id})
    if vote.sealed:
        check_can_open(state, vote)
    closes_at = iso(now + timedelta(seconds=vote.duration_s)) if vote.duration_s and vote.kind != "hands" else None
    return [NewEvent("vote.opened", {"vote_id": vote.vote_id, "closes_at": closes_at})]


def closing(state: MeetingState, vote_id: str, closed_by: str, pre: PreTally | None = None) -> list[NewEvent]:
    """`vote.closed` for an open electronic vote (the room signs it when it appends it), or
    `vote.counting` for a sealed one, whose tally `pre` may hold in part."""
    vote = find_vote(state, vote_id)
    if vote.status != "open":
        raise DomainError("vote_closed", "Biểu quyết này không đang mở.", {"vote_id": vote_id})
    if vote.kind == "hands":
        raise _bad("Biểu quyết giơ tay kết thúc khi thư ký nhập kết quả kiểm đếm.", "vote_id")
    if vote.sealed:
        return counting(state, vote, closed_by, pre)
    return [NewEvent("vote.closed", result(vote, state, state.boxes.get(vote_id, BallotBox()), closed_by))]


def decide_close(
    state: MeetingState, actor: Actor, cmd: VoteRef, now: datetime, pre: PreTally | None = None
) -> list[NewEvent]:
    return closing(state, cmd.vote_id, "chair", pre)


def decide_count_hands(state: MeetingState, actor: Actor, cmd: CountHands, now: datetime) -> list[NewEvent]:
    vote = find_vote(state, cmd.vote_id)
    if vote.kind != "hands":
        raise _bad("Chỉ nhập số đếm cho biểu quyết giơ tay.", "vote_id")
    if vote.status != "open":
        raise DomainError("vote_closed", "Biểu quyết này không đang mở.", {"vote_id": vote.vote_id})
    if set(cmd.tally) != set(vote.options):
        raise _bad("Cần nhập số đếm cho đủ ba lựa chọn.", "tally")
    if sum(cmd.tally.values()) > len(state.present):
        raise _bad(f"Tổng số đếm ({sum(cmd.tally.values())}) lớn hơn số đại biểu có mặt ({len(state.present)}).",
                   "tally")
    return [NewEvent("vote.closed", resolution_result(vote, state, cmd.tally, "hands"))]


def decide_cancel(state: MeetingState, actor: Actor, cmd: Cancel, now: datetime) -> list[NewEvent]:
    vote = find_vote(state, cmd.vote_id)
    if vote.status in ("closed", "cancelled"):
        raise DomainError("conflict", "Biểu quyết đã kết thúc hoặc đã hủy.", {"vote_id": vote.vote_id})
    reason = cmd.reason.strip()
    return [NewEvent("vote.cancelled", {"vote_id": vote.vote_id, "reason": reason})]


def _people(items: Any) -> tuple[Person, ...]:
    return tuple(Person(p["id"], p["name"], p.get("position", "")) for p in items or ())


def apply_created(state: MeetingState, event: Event) -> MeetingState:
    d = event.data
    committee = d.get("committee")
    keys = d.get("committee_keys", {})
    vote = Vote(
        vote_id=d["vote_id"], item_id=d["item_id"], title=d["title"], kind=d["kind"],
        options=tuple(d["options"]), rule=d["rule"], n_total=d["n_total"], duration_s=d["duration_s"],
        allow_change=d["allow_change"], created_at=event.at, subjects=_people(d.get("subjects")),
        candidates=_people(d.get("candidates")), seats=d.get("seats", 1),
        committee=None if committee is None else Committee(
            committee["head"], committee["secretary"], tuple(committee["members"])
        ),
        sealed=d.get("sealed", False),
        committee_keys={m: (k["device_id"], k["kex_pub"]) for m, k in keys.items()},
    )
    return _with(state, vote)


def _with(state: MeetingState, vote: Vote) -> MeetingState:
    return replace(state, votes={**state.votes, vote.vote_id: vote})


def apply_opened(state: MeetingState, event: Event) -> MeetingState:
    vote = state.votes[event.data["vote_id"]]
    return _with(state, replace(vote, status="open", opened_at=event.at, closes_at=event.data["closes_at"]))


def apply_ballot(state: MeetingState, event: Event) -> MeetingState:
    d = event.data
    vote = state.votes[d["vote_id"]]
    voted = vote.voted | {d["delegate_id"]} if "delegate_id" in d else vote.voted
    # A sealed ballot is on the board itself (docs/sealed.md); most devices receive it without
    # its body, its tracking hash standing for it.
    ballots = (*vote.ballots, d) if "tracking" in d else vote.ballots
    return _with(state, replace(vote, count=d["count"], voted=voted, ballots=ballots))


def apply_closed(state: MeetingState, event: Event) -> MeetingState:
    vote = state.votes[event.data["vote_id"]]
    closed = replace(vote, status="closed", closed_at=event.at, result=event.data)
    # The box has served: what it held is now in the result.
    boxes: Mapping[str, BallotBox] = {k: v for k, v in state.boxes.items() if k != vote.vote_id}
    return replace(_with(state, closed), boxes=boxes)


def apply_cancelled(state: MeetingState, event: Event) -> MeetingState:
    vote = state.votes[event.data["vote_id"]]
    boxes = {k: v for k, v in state.boxes.items() if k != vote.vote_id}
    cancelled = replace(vote, status="cancelled", closed_at=event.at, cancel_reason=event.data["reason"])
    return replace(_with(state, cancelled), boxes=boxes)


COMMANDS = {
    "vote.create": CommandSpec("vote.create", Create, decide_create),
    "vote.open": CommandSpec("vote.open", VoteRef, decide_open),
    "vote.close": CommandSpec("vote.close", VoteRef, decide_close),
    "vote.cancel": CommandSpec("vote.cancel", Cancel, decide_cancel),
    "vote.count_hands": CommandSpec("vote.count_hands", CountHands, decide_count_hands),
    "vote.cast": CommandSpec("vote.cast", Cast, decide_cast),
}
APPLIERS = {
    "vote.created": apply_created,
    "vote.opened": apply_opened,
    "vote.ballot_recorded": apply_ballot,
    "vote.closed": apply_closed,
    "vote.cancelled": apply_cancelled,
}
