"""Sealed votes from the first ballot to the result: casting, the encrypted tally, the
committee's decryptions and the signed `vote.closed` (docs/sealed.md).

The proofs cost a millisecond or so per option, so the room checks them in a worker thread
before the writer decides (app.voting_sealed_checks) and passes the outcome as `checked`;
called through the command table, as in the domain tests, every decider checks for itself."""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Annotated, Any

import msgspec

from app.ballots import CastRecord, Nonce, Signature, again, find_vote, voter
from app.commands import Args, CommandSpec
from app.errors import DomainError
from app.events import Event, NewEvent
from app.fields import Id
from app.model import Actor, MeetingState, Vote
from app.tally.ballot import Question, check_ballot, tracking, tracking_code, vote_questions
from app.tally.decrypt import check_decryption, combine
from app.tally.elgamal import Tally, add_ct, tally_from_json, tally_of, tally_to_json
from app.tally.group import point_from_b64
from app.vote_results import sealed_result
from app.voting_sealed import committee_member, holders, threshold_of


class CastSealed(Args, frozen=True):
    vote_id: Id
    ballot: dict[str, Any]
    nonce: Nonce
    sig: Signature


class Decrypt(Args, frozen=True):
    vote_id: Id
    shares: Annotated[list[Any], msgspec.Meta(max_length=200)]


@dataclass(frozen=True, slots=True)
class Checked:
    """A command's proofs, checked against `key` (the vote's public key for a ballot, the
    member's verification key for a decryption): the points they yield, or why they fail.
    For the decryption that completes t, also the counts from the decryptions `combined`."""

    vote_id: str
    key: bytes
    points: Any = None
    error: DomainError | None = None
    combined: tuple[str, ...] = ()
    counts: list[list[int]] | None = None
    # The room's way to the vote's `A` points so far, kept ballot by ballot (sync/server/
    # sealed_checks.py); without it the writer gathers them from the board (seen_points).
    seen: Callable[[Vote], AbstractSet[bytes]] | None = None


@dataclass(frozen=True, slots=True)
class CountingStatus:
    decrypted: int
    threshold: int
    waiting_for: tuple[str, ...]  # holders that have not decrypted yet


def counting_status(vote: Vote) -> CountingStatus:
    waiting = tuple(h for h in holders(vote) if h not in vote.decryptions)
    return CountingStatus(len(vote.decryptions), threshold_of(vote), waiting)


def _sealed(vote: Vote) -> None:
    if not vote.sealed:
        raise DomainError("bad_request", "Cuộc biểu quyết này không bỏ phiếu kín mã hóa.", {"vote_id": vote.vote_id})


def _public_key(vote: Vote) -> bytes:
    ready = vote.ceremony.ready
    if ready is None:
        raise DomainError("conflict", "Ban kiểm phiếu chưa tạo xong khóa của cuộc bỏ phiếu.",
                          {"vote_id": vote.vote_id, "reason": "key_not_ready"})
    return point_from_b64(ready["public_key"], "public_key")


# -- casting ---------------------------------------------------------------------------------------


BallotCheck = Callable[[str, bytes, tuple[Question, ...], Any], list[bytes]]


def check_cast(vote: Vote, ballot: Mapping[str, Any], check: BallotCheck = check_ballot) -> Checked:
    """`check`: app.tally.ballot.check_ballot, or the room's way of running it in another process."""
    key = _public_key(vote)
    try:
        return Checked(vote.vote_id, key, check(vote.vote_id, key, vote_questions(vote), ballot))
    except DomainError as exc:
        return Checked(vote.vote_id, key, error=exc)


def seen_points(vote: Vote) -> frozenset[bytes]:
    """Every option's `A` on the vote's board: a ballot that repeats one is a copy."""
    return frozenset(point for entry in vote.ballots for point in a_points(entry["ballot"]))


def a_points(ballot: Mapping[str, Any]) -> list[bytes]:
    # Plain decoding: the log's points were checked when they came in.
    return [base64.b64decode(o["a"]) for q in ballot["questions"] for o in q["options"]]


def decide_cast_sealed(
    state: MeetingState, actor: Actor, cmd: CastSealed, now: datetime, checked: Checked | None = None
) -> list[NewEvent]:
    """The device signature is checked by the room before this, as for `vote.cast`."""
    vote = find_vote(state, cmd.vote_id)
    _sealed(vote)
    delegate_id = voter(state, actor, vote, now)
    again(state, vote, delegate_id, cmd.nonce)
    if checked is None or checked.vote_id != vote.vote_id or checked.key != _public_key(vote):
        checked = check_cast(vote, cmd.ballot)
    if checked.error is not None:
        raise checked.error
    points: list[bytes] = checked.points
    seen = checked.seen or seen_points
    if len(set(points)) != len(points) or not seen(vote).isdisjoint(points):
        raise DomainError("conflict", "Phiếu này trùng với một phiếu đã có trên bảng công khai; không được ghi nhận.",
                          {"vote_id": vote.vote_id, "reason": "duplicate"})
    digest = tracking(cmd.ballot)
    record = CastRecord(vote.vote_id, delegate_id, actor.device_id or "", True, "", cmd.nonce, cmd.sig,
                        tracking_code(digest), sealed=True)
    data = {"vote_id": vote.vote_id, "count": vote.count + 1, "ballot": cmd.ballot, "tracking": digest}
    return [NewEvent("vote.ballot_recorded", data, private=record, anonymous=True)]


# -- counting --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PreTally:
    """The sum of a vote's first `count` ballots, made off the event loop before closing."""

    vote_id: str
    count: int
    tally: Tally


def pretally(state: MeetingState, vote_id: str, pre: PreTally | None = None) -> PreTally | None:
    """The sum of an open sealed vote's ballots so far, from `pre` (an earlier sum) onwards."""
    vote = state.votes.get(vote_id)
    if vote is None or not vote.sealed or vote.status != "open":
        return None
    return PreTally(vote_id, len(vote.ballots), _sum(vote, pre))


def _sum(vote: Vote, pre: PreTally | None) -> Tally:
    questions = vote_questions(vote)
    if pre is None or pre.vote_id != vote.vote_id or pre.count > len(vote.ballots):
        return tally_of(questions, vote.ballots)
    rest = tally_of(questions, vote.ballots[pre.count:])
    return [[add_ct(x, y) for x, y in zip(row, more, strict=True)] for row, more in zip(pre.tally, rest, strict=True)]


def counting(state: MeetingState, vote: Vote, closed_by: str, pre: PreTally | None = None) -> list[NewEvent]:
    """`vote.counting` for an open sealed vote: the ballots' sum, which the committee decrypts."""
    total = _sum(vote, pre)
    data = {"vote_id": vote.vote_id, "closed_by": closed_by, "present": len(state.present),
            "collected": len(vote.ballots), "tally": tally_to_json(total)}
    return [NewEvent("vote.counting", data)]


def _tally(vote: Vote) -> Tally:
    assert vote.counting is not None
    return tally_from_json(vote.counting["tally"], vote_questions(vote))


def _verification_key(vote: Vote, member: str) -> bytes:
    assert vote.ceremony.ready is not None
    return point_from_b64(vote.ceremony.ready["verification_keys"][member], "verification_keys")


def decrypting(vote: Vote, actor: Actor) -> str:
    _sealed(vote)
    member = committee_member(vote, actor)
    if vote.status != "counting":
        raise DomainError("conflict", "Cuộc bỏ phiếu này không đang chờ kiểm phiếu.",
                          {"vote_id": vote.vote_id, "reason": "not_counting"})
    if member not in holders(vote):
        raise DomainError("forbidden", "Thành viên này không giữ phần khóa của cuộc bỏ phiếu.",
                          {"vote_id": vote.vote_id, "delegate_id": member})
    if member in vote.decryptions:
        raise DomainError("conflict", "Thành viên này đã gửi phần giải mã.",
                          {"vote_id": vote.vote_id, "reason": "decrypted"})
    return member


def check_decrypt(vote: Vote, member: str, shares: Sequence[Any]) -> Checked:
    """The proofs of a member's decryption; when it is the t-th, the counts as well."""
    key = _verification_key(vote, member)
    try:
        points = check_decryption(vote.vote_id, member, key, _tally(vote), list(shares))
    except DomainError as exc:
        return Checked(vote.vote_id, key, error=exc)
    if len(vote.decryptions) + 1 < threshold_of(vote):
        return Checked(vote.vote_id, key, points)
    combined = {**_decrypted_points(vote), member: points}
    return Checked(vote.vote_id, key, points, combined=tuple(combined), counts=_counts(vote, combined))


def decide_decrypt(
    state: MeetingState, actor: Actor, cmd: Decrypt, now: datetime, checked: Checked | None = None
) -> list[NewEvent]:
    vote = find_vote(state, cmd.vote_id)
    member = decrypting(vote, actor)
    if checked is None or checked.vote_id != vote.vote_id or checked.key != _verification_key(vote, member):
        checked = check_decrypt(vote, member, cmd.shares)
    if checked.error is not None:
        raise checked.error
    added = NewEvent("vote.decryption_added", {"vote_id": vote.vote_id, "member": member, "shares": cmd.shares})
    if len(vote.decryptions) + 1 < threshold_of(vote):
        return [added]
    combined = {**_decrypted_points(vote), member: checked.points}
    counts = checked.counts if checked.combined == tuple(combined) else None
    return [added, _closed(vote, combined, counts)]


def _decrypted_points(vote: Vote) -> dict[str, list[list[bytes]]]:
    return {m: [[base64.b64decode(item[0]) for item in row] for row in d["shares"]] for m, d in vote.decryptions.items()}


def _counts(vote: Vote, points: Mapping[str, list[list[bytes]]]) -> list[list[int]]:
    """t decryptions give the counts (Lagrange at 0 over the members' indices)."""
    assert vote.counting is not None
    order = list(vote.committee.members if vote.committee is not None else ())
    return combine(_tally(vote), {order.index(m) + 1: p for m, p in points.items()}, vote.counting["collected"])


def _closed(vote: Vote, points: Mapping[str, list[list[bytes]]], counts: list[list[int]] | None) -> NewEvent:
    """The room signs this `vote.closed` as it appends it."""
    assert vote.counting is not None and vote.ceremony.ready is not None
    counting_data = vote.counting
    if counts is None:
        counts = _counts(vote, points)
    data = sealed_result(vote, counts, counting_data["present"], counting_data["collected"], counting_data["closed_by"])
    data["sealed"] = {"public_key": vote.ceremony.ready["public_key"], "threshold": threshold_of(vote),
                      "decrypted_by": list(points)}
    return NewEvent("vote.closed", data)


# -- appliers --------------------------------------------------------------------------------------


def _with(state: MeetingState, vote: Vote) -> MeetingState:
    return replace(state, votes={**state.votes, vote.vote_id: vote})


def apply_counting(state: MeetingState, event: Event) -> MeetingState:
    vote = state.votes[event.data["vote_id"]]
    # Who voted was needed only while ballots came in.
    boxes = {k: v for k, v in state.boxes.items() if k != vote.vote_id}
    return replace(_with(state, replace(vote, status="counting", counting=event.data)), boxes=boxes)


def apply_decryption_added(state: MeetingState, event: Event) -> MeetingState:
    d = event.data
    vote = state.votes[d["vote_id"]]
    return _with(state, replace(vote, decryptions={**vote.decryptions, d["member"]: d}))


COMMANDS = {
    "vote.cast_sealed": CommandSpec("vote.cast_sealed", CastSealed, decide_cast_sealed),
    "vote.decrypt": CommandSpec("vote.decrypt", Decrypt, decide_decrypt),
}
APPLIERS = {
    "vote.counting": apply_counting,
    "vote.decryption_added": apply_decryption_added,
}
