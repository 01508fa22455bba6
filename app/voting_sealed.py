"""Sealed votes, before the ballots: the committee's devices, the key ceremony and whether the
vote can open (docs/sealed.md). The cryptography is app.tally's; this is the rules around it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Annotated, Any

import msgspec

from app.ballots import find_vote
from app.commands import Args, CommandSpec
from app.errors import DomainError
from app.events import Event, NewEvent
from app.fields import Id
from app.model import DELEGATE, Actor, Ceremony, Device, MeetingState, Vote
from app.tally.dkg import check_deal, ready_data, threshold

Ids = Annotated[list[Id], msgspec.Meta(max_length=50)]


class KeyDeal(Args, frozen=True):
    vote_id: Id
    commitments: Annotated[list[str], msgspec.Meta(max_length=50)]
    pok: Annotated[list[str], msgspec.Meta(max_length=2)]
    shares: Annotated[dict[Id, str], msgspec.Meta(max_length=50)]


class KeyCheck(Args, frozen=True):
    vote_id: Id
    dealers: Ids
    complaints: Ids


class KeyFinish(Args, frozen=True):
    vote_id: Id


# -- what the consoles show --------------------------------------------------------------------


def members(vote: Vote) -> tuple[str, ...]:
    return () if vote.committee is None else vote.committee.members


def threshold_of(vote: Vote) -> int:
    return threshold(len(members(vote)))


def current_checks(vote: Vote) -> dict[str, Mapping[str, Any]]:
    """The checks that cover every deal so far: a later deal makes the earlier ones stale."""
    dealers = set(vote.ceremony.deals)
    return {m: c for m, c in vote.ceremony.checks.items() if set(c["dealers"]) == dealers}


def holders(vote: Vote) -> tuple[str, ...]:
    ready = vote.ceremony.ready
    if ready is not None:
        return tuple(ready["holders"])
    checked = current_checks(vote)
    return tuple(m for m in members(vote) if m in checked)


@dataclass(frozen=True, slots=True)
class KeyStatus:
    members: int
    dealt: int
    checked: int
    threshold: int
    ready: bool
    failed: str
    holders_present: int
    can_open: bool
    can_finish: bool
    reason: str  # Vietnamese, empty when the vote can open


def key_status(vote: Vote, present: frozenset[str]) -> KeyStatus:
    m, t = len(members(vote)), threshold_of(vote)
    ceremony = vote.ceremony
    dealt, checked = len(ceremony.deals), len(current_checks(vote))
    here = sum(1 for h in holders(vote) if h in present)
    ready = ceremony.ready is not None
    can_finish = vote.status == "created" and not ready and not ceremony.failed and dealt >= t and checked >= t
    if ceremony.failed:
        reason = f"Ban kiểm phiếu tạo khóa không thành công. {ceremony.failed} Hãy hủy và tạo lại cuộc bỏ phiếu."
    elif not ready:
        reason = (f"Ban kiểm phiếu đang tạo khóa: {dealt}/{m} thành viên đã tạo phần khóa, "
                  f"{checked}/{m} đã kiểm tra.")
    elif here < t:
        reason = (f"Mới có {here}/{t} thành viên giữ khóa của Ban kiểm phiếu có mặt: cần ít nhất {t} "
                  "người để kiểm phiếu.")
    else:
        reason = ""
    return KeyStatus(m, dealt, checked, t, ready, ceremony.failed, here, ready and not ceremony.failed and here >= t,
                     can_finish, reason)


# -- the committee's devices, filled in by the room ------------------------------------------------


def seat_device(state: MeetingState, devices: Mapping[str, Device], delegate_id: str) -> Device | None:
    """The member's own seat device; the latest enrolled if a lost one was replaced."""
    meeting_id = state.meeting.meeting_id if state.meeting is not None else None
    found = [d for d in devices.values()
             if d.role == DELEGATE and d.delegate_id == delegate_id and d.meeting_id == meeting_id and not d.revoked]
    return found[-1] if found else None


def with_committee_keys(
    state: MeetingState, devices: Mapping[str, Device], decided: Iterable[NewEvent]
) -> list[NewEvent]:
    """The room's step after `vote.create`: a sealed vote names each member's device and its
    key-agreement key, to which the other members seal their shares."""
    out = []
    for new in decided:
        if new.name == "vote.created" and new.data.get("sealed"):
            keys: dict[str, dict[str, str]] = {}
            for member in new.data["committee"]["members"]:
                device = seat_device(state, devices, member)
                if device is None:
                    delegate = state.delegates.get(member)
                    name = delegate.name if delegate is not None else member
                    raise DomainError(
                        "bad_request",
                        f"Thành viên Ban kiểm phiếu {name} chưa có thiết bị tại ghế được đăng ký: chưa thể bỏ "
                        "phiếu kín mã hóa. Hãy đăng ký thiết bị cho đại biểu hoặc chọn người khác.",
                        {"field": "committee", "delegate_id": member},
                    )
                keys[member] = {"device_id": device.device_id, "kex_pub": device.kex_pub}
            new = NewEvent(new.name, {**new.data, "committee_keys": keys}, new.private, new.anonymous)
        out.append(new)
    return out


# -- the ceremony ----------------------------------------------------------------------------------


def committee_member(vote: Vote, actor: Actor) -> str:
    """The member whose own device sends this: only it can open the shares sealed to it."""
    member = actor.delegate_id
    if not vote.sealed or vote.committee is None:
        raise DomainError("bad_request", "Cuộc biểu quyết này không bỏ phiếu kín mã hóa.", {"vote_id": vote.vote_id})
    if member is None or member not in vote.committee.members:
        raise DomainError("forbidden", "Chỉ thành viên Ban kiểm phiếu làm được việc này.", {"vote_id": vote.vote_id})
    if vote.committee_keys.get(member, ("", ""))[0] != actor.device_id:
        raise DomainError("forbidden", "Chỉ thiết bị tại ghế của thành viên Ban kiểm phiếu làm được việc này.",
                          {"vote_id": vote.vote_id, "delegate_id": member})
    return member


def _in_ceremony(vote: Vote) -> None:
    if vote.ceremony.ready is not None or vote.ceremony.failed or vote.status != "created":
        raise DomainError("conflict", "Ban kiểm phiếu đã kết thúc việc tạo khóa của cuộc bỏ phiếu này.",
                          {"vote_id": vote.vote_id, "reason": "ceremony_over"})


def decide_key_deal(state: MeetingState, actor: Actor, cmd: KeyDeal, now: datetime) -> list[NewEvent]:
    vote = find_vote(state, cmd.vote_id)
    member = committee_member(vote, actor)
    _in_ceremony(vote)
    if member in vote.ceremony.deals:
        raise DomainError("conflict", "Thành viên này đã gửi phần chia khóa.", {"vote_id": vote.vote_id,
                                                                              "reason": "dealt"})
    deal = {"commitments": list(cmd.commitments), "pok": list(cmd.pok), "shares": dict(cmd.shares)}
    check_deal(vote.vote_id, member, members(vote), threshold_of(vote), deal)
    return [NewEvent("vote.key_dealt", {"vote_id": vote.vote_id, "member": member, **deal})]


def _settled(vote: Vote, checks: Mapping[str, Mapping[str, Any]]) -> NewEvent:
    """`vote.key_ready`, or `vote.key_failed` when fewer than t dealers are beyond complaint."""
    t, deals = threshold_of(vote), vote.ceremony.deals
    complained = {d for c in checks.values() for d in c["complaints"]}
    qualified = [m for m in members(vote) if m in deals and m not in complained]
    if len(qualified) < t:
        reason = (f"Chỉ {len(qualified)} thành viên có phần khóa được các thành viên khác xác nhận là đúng, "
                  f"cần ít nhất {t}.")
        return NewEvent("vote.key_failed", {"vote_id": vote.vote_id, "reason": reason})
    holding = [m for m in members(vote) if m in checks]
    return NewEvent("vote.key_ready", ready_data(vote.vote_id, members(vote), t, deals, qualified, holding))


def decide_key_check(state: MeetingState, actor: Actor, cmd: KeyCheck, now: datetime) -> list[NewEvent]:
    vote = find_vote(state, cmd.vote_id)
    member = committee_member(vote, actor)
    _in_ceremony(vote)
    dealers = set(vote.ceremony.deals)
    if set(cmd.dealers) != dealers or len(set(cmd.dealers)) != len(cmd.dealers):
        raise DomainError("conflict", "Đã có phần chia khóa mới: thiết bị cần kiểm tra lại.",
                          {"vote_id": vote.vote_id, "reason": "stale"})
    if not set(cmd.complaints) <= dealers or len(set(cmd.complaints)) != len(cmd.complaints):
        raise DomainError("bad_request", "Khiếu nại phải nêu người đã gửi phần chia khóa.",
                          {"vote_id": vote.vote_id, "field": "complaints"})
    if member in current_checks(vote):
        raise DomainError("conflict", "Thành viên này đã kiểm tra các phần chia khóa.",
                          {"vote_id": vote.vote_id, "reason": "checked"})
    order = members(vote)
    check = {"dealers": _ordered(cmd.dealers, order), "complaints": _ordered(cmd.complaints, order)}
    decided = [NewEvent("vote.key_checked", {"vote_id": vote.vote_id, "member": member, **check})]
    checks = {**current_checks(vote), member: check}
    if len(dealers) == len(order) and len(checks) == len(order):
        decided.append(_settled(vote, checks))
    return decided


def _ordered(ids: Sequence[str], order: Sequence[str]) -> list[str]:
    return [m for m in order if m in set(ids)]


def decide_key_finish(state: MeetingState, actor: Actor, cmd: KeyFinish, now: datetime) -> list[NewEvent]:
    """The chair goes on without the members who have not taken part, when enough have."""
    vote = find_vote(state, cmd.vote_id)
    if not vote.sealed:
        raise DomainError("bad_request", "Cuộc biểu quyết này không bỏ phiếu kín mã hóa.", {"vote_id": vote.vote_id})
    _in_ceremony(vote)
    status = key_status(vote, state.present)
    if not status.can_finish:
        raise DomainError(
            "conflict",
            f"Cần ít nhất {status.threshold} thành viên Ban kiểm phiếu tạo và kiểm tra phần khóa; mới có "
            f"{status.dealt} tạo, {status.checked} kiểm tra.",
            {"vote_id": vote.vote_id, "reason": "too_few", "dealt": status.dealt, "checked": status.checked,
             "threshold": status.threshold},
        )
    return [_settled(vote, current_checks(vote))]


def check_can_open(state: MeetingState, vote: Vote) -> None:
    """`vote.open` of a sealed vote: the key is ready and enough of its holders are here to count."""
    status = key_status(vote, state.present)
    if status.can_open:
        return
    if not status.ready or status.failed:
        raise DomainError("conflict", status.reason, {"vote_id": vote.vote_id, "reason": "key_not_ready"})
    raise DomainError("conflict", status.reason, {
        "vote_id": vote.vote_id, "reason": "committee_absent", "holders_present": status.holders_present,
        "threshold": status.threshold,
    })


# -- appliers --------------------------------------------------------------------------------------


def _with_ceremony(state: MeetingState, vote_id: str, **changes: Any) -> MeetingState:
    vote = state.votes[vote_id]
    ceremony: Ceremony = replace(vote.ceremony, **changes)
    return replace(state, votes={**state.votes, vote_id: replace(vote, ceremony=ceremony)})


def apply_key_dealt(state: MeetingState, event: Event) -> MeetingState:
    d = event.data
    deal = {k: v for k, v in d.items() if k not in ("vote_id", "member")}
    deals = state.votes[d["vote_id"]].ceremony.deals
    return _with_ceremony(state, d["vote_id"], deals={**deals, d["member"]: deal})


def apply_key_checked(state: MeetingState, event: Event) -> MeetingState:
    d = event.data
    checks = state.votes[d["vote_id"]].ceremony.checks
    check = {"dealers": d["dealers"], "complaints": d["complaints"]}
    return _with_ceremony(state, d["vote_id"], checks={**checks, d["member"]: check})


def apply_key_ready(state: MeetingState, event: Event) -> MeetingState:
    return _with_ceremony(state, event.data["vote_id"], ready=event.data)


def apply_key_failed(state: MeetingState, event: Event) -> MeetingState:
    return _with_ceremony(state, event.data["vote_id"], failed=event.data["reason"])


COMMANDS = {
    "vote.key_deal": CommandSpec("vote.key_deal", KeyDeal, decide_key_deal),
    "vote.key_check": CommandSpec("vote.key_check", KeyCheck, decide_key_check),
    "vote.key_finish": CommandSpec("vote.key_finish", KeyFinish, decide_key_finish),
}
APPLIERS = {
    "vote.key_dealt": apply_key_dealt,
    "vote.key_checked": apply_key_checked,
    "vote.key_ready": apply_key_ready,
    "vote.key_failed": apply_key_failed,
}
