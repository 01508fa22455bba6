"""Casting a ballot: who may, what a valid choice is, and what the room keeps of it apart from the log."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Annotated, Any, Final

import msgspec

from app.canonical import canonical_json
from app.clock import parse_iso
from app.commands import Args
from app.errors import DomainError
from app.events import NewEvent
from app.fields import Id
from app.model import Actor, BallotBox, MeetingState, Vote

BALLOT_CONTEXT: Final = "phonghop/v1/ballot|"
RECEIPT_CONTEXT: Final = "phonghop/v1/receipt|"
RECEIPT_LENGTH: Final = 10

Nonce = Annotated[str, msgspec.Meta(min_length=8, max_length=128, pattern=r"^[A-Za-z0-9+/=_-]+$")]
Signature = Annotated[str, msgspec.Meta(min_length=80, max_length=100, pattern=r"^[A-Za-z0-9+/=]+$")]
Choice = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Marks = Annotated[dict[Id, Choice], msgspec.Meta(max_length=200)]
Names = Annotated[list[Id], msgspec.Meta(max_length=200)]


class Cast(Args, frozen=True):
    vote_id: Id
    choice: Choice | Marks | Names
    nonce: Nonce
    sig: Signature


@dataclass(frozen=True, slots=True)
class CastRecord:
    """A ballot as the room keeps it apart from the log (`NewEvent.private`).

    For secret kinds the store splits it: the delegate into the voters, the receipt into the
    receipts, the choice alone into the choices; nothing ties the three together on disk."""

    vote_id: str
    delegate_id: str
    device_id: str
    secret: bool
    choice: str  # canonical JSON
    nonce: str
    sig: str
    receipt: str
    # A sealed ballot (docs/sealed.md) is in the log itself: the room keeps only who voted.
    sealed: bool = False


def ballot_message(vote_id: str, choice: Any, nonce: str) -> bytes:
    """What a seat signs (PROTOCOL.md): `canonical_json` of a string keeps its quotes."""
    return (BALLOT_CONTEXT + vote_id + "|").encode() + canonical_json(choice) + ("|" + nonce).encode()


def receipt_for(vote_id: str, sig: str) -> str:
    """Known to the seat (it made the signature) and, for secret kinds, published only in a
    sorted list: it proves a ballot was counted without saying which one was."""
    digest = hashlib.sha256((RECEIPT_CONTEXT + vote_id + "|" + sig).encode()).digest()
    return base64.b32encode(digest).decode()[:RECEIPT_LENGTH]


def find_vote(state: MeetingState, vote_id: str) -> Vote:
    vote = state.votes.get(vote_id)
    if vote is None:
        raise DomainError("not_found", "Không có cuộc biểu quyết này.", {"vote_id": vote_id})
    return vote


def _canonical_choice(vote: Vote, choice: str | dict[str, str] | list[str]) -> str:
    """Refuses what no person could have marked; keeps what the law counts as invalid."""
    if vote.kind == "confidence":
        if not isinstance(choice, dict):
            raise DomainError("bad_request", "Phiếu tín nhiệm phải đánh giá từng người.", {"field": "choice"})
        subjects = {p.person_id for p in vote.subjects}
        for subject, level in choice.items():
            if subject not in subjects or level not in vote.options:
                raise DomainError(
                    "bad_request", "Phiếu có người hoặc mức tín nhiệm không có trong danh sách.",
                    {"field": "choice", "subject": subject},
                )
    elif vote.kind == "election":
        if not isinstance(choice, list):
            raise DomainError("bad_request", "Phiếu bầu phải là danh sách người được chọn.", {"field": "choice"})
        if len(set(choice)) != len(choice) or not set(choice) <= set(vote.options):
            raise DomainError(
                "bad_request", "Phiếu bầu có tên trùng hoặc không có trong danh sách ứng cử viên.",
                {"field": "choice"},
            )
        # More names than posts is a marking a person can make: counted as an invalid ballot.
    elif not isinstance(choice, str) or choice not in vote.options:
        raise DomainError("bad_request", "Lựa chọn không có trong phiếu biểu quyết.", {"field": "choice"})
    return canonical_json(choice).decode()


def voter(state: MeetingState, actor: Actor, vote: Vote, now: datetime) -> str:
    """The delegate who may cast in this vote now (PROTOCOL.md), for `vote.cast` and
    `vote.cast_sealed` alike."""
    if vote.status != "open" or (vote.closes_at is not None and now >= parse_iso(vote.closes_at)):
        raise DomainError("vote_closed", "Biểu quyết đã kết thúc, phiếu không được ghi nhận.", {"vote_id": vote.vote_id})
    if vote.kind == "hands":
        raise DomainError("bad_request", "Biểu quyết giơ tay không nhận phiếu điện tử.", {"vote_id": vote.vote_id})
    delegate_id = actor.delegate_id
    if delegate_id is None or delegate_id not in state.delegates:
        raise DomainError("not_eligible", "Chỉ đại biểu được biểu quyết.", {"vote_id": vote.vote_id})
    if delegate_id not in state.present:
        raise DomainError("not_eligible", "Đại biểu chưa điểm danh nên chưa thể biểu quyết.", {"vote_id": vote.vote_id})
    return delegate_id


def again(state: MeetingState, vote: Vote, delegate_id: str, nonce: str) -> bool:
    """Whether the delegate has voted already; a replayed nonce or a second ballot where the vote
    allows no change is refused."""
    box = state.boxes.get(vote.vote_id, BallotBox())
    if f"{delegate_id}|{nonce}" in box.nonces:
        raise DomainError("conflict", "Phiếu này đã được gửi trước đó.", {"vote_id": vote.vote_id})
    voted = delegate_id in box.voters or delegate_id in vote.voted
    if voted and not vote.allow_change:
        raise DomainError("already_voted", "Đại biểu đã biểu quyết; phiếu đã ghi nhận không thay đổi được.",
                          {"vote_id": vote.vote_id})
    return voted


def decide_cast(state: MeetingState, actor: Actor, cmd: Cast, now: datetime) -> list[NewEvent]:
    """The device signature is checked by the room before this (it holds the device keys)."""
    vote = find_vote(state, cmd.vote_id)
    delegate_id = voter(state, actor, vote, now)
    if vote.sealed:
        raise DomainError("bad_request", "Cuộc bỏ phiếu này chỉ nhận phiếu đã mã hóa (vote.cast_sealed).",
                          {"vote_id": vote.vote_id, "reason": "sealed"})
    choice = _canonical_choice(vote, cmd.choice)
    again_ = again(state, vote, delegate_id, cmd.nonce)
    record = CastRecord(
        vote.vote_id, delegate_id, actor.device_id or "", vote.secret, choice, cmd.nonce, cmd.sig,
        receipt_for(vote.vote_id, cmd.sig),
    )
    count = vote.count if again_ else vote.count + 1
    if vote.secret:
        return [NewEvent("vote.ballot_recorded", {"vote_id": vote.vote_id, "count": count},
                         private=record, anonymous=True)]
    data = {"vote_id": vote.vote_id, "delegate_id": delegate_id, "count": count}
    return [NewEvent("vote.ballot_recorded", data, private=record)]


def keep(state: MeetingState, record: CastRecord) -> MeetingState:
    """The room server's own step for a ballot (seats never see one)."""
    box = state.boxes.get(record.vote_id, BallotBox())
    if record.sealed:
        box = replace(box, voters=box.voters | {record.delegate_id})
    elif record.secret:
        box = replace(
            box, voters=box.voters | {record.delegate_id}, secret=(*box.secret, record.choice),
            receipts=box.receipts | {record.receipt},
        )
    else:
        box = replace(
            box, voters=box.voters | {record.delegate_id}, named={**box.named, record.delegate_id: record.choice},
        )
    box = replace(box, nonces=box.nonces | {f"{record.delegate_id}|{record.nonce}"})
    return replace(state, boxes={**state.boxes, record.vote_id: box})


RESULT_CONTEXT: Final = "phonghop/v1/result|"


def result_message(data: dict[str, Any], prev: str) -> bytes:
    """What the room key signs for `vote.closed` (PROTOCOL.md): the data without its signature
    and the log's head when the vote closed, so a result cannot be moved to another log."""
    unsigned = {k: v for k, v in data.items() if k != "signature"}
    return RESULT_CONTEXT.encode() + canonical_json(unsigned) + ("|" + prev).encode()
