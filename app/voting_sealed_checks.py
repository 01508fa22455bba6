"""The room's two steps for the sealed-vote commands that cost CPU (docs/sealed.md): their
proofs or the encrypted tally, worked out in a worker thread on the state the room had when the
command came in, then the writer's decision, which trusts that work instead of redoing it.

A vote's public key, its members' verification keys and its tally never change once set, and
its ballots only grow while it is open, so what was worked out stays right; each decider still
makes every check of the rules itself, on the writer's state."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Final

from app.commands import parse_args
from app.errors import DomainError
from app.events import NewEvent
from app.model import ROLE_LABELS, Actor, MeetingState
from app.permissions import allowed
from app.tally.ballot import check_ballot
from app.voting import VoteRef, decide_close
from app.voting_sealed_count import (
    BallotCheck,
    CastSealed,
    Decrypt,
    PreTally,
    check_cast,
    check_decrypt,
    decide_cast_sealed,
    decide_decrypt,
    decrypting,
    pretally,
)


def _ballot(state: MeetingState, actor: Actor, cmd: CastSealed, earlier: Any, check: BallotCheck = check_ballot) -> Any:
    vote = state.votes.get(cmd.vote_id)
    box = state.boxes.get(cmd.vote_id)
    # Refused anyway by the writer: no need to spend the proofs' time on it.
    if vote is None or not vote.sealed or vote.status != "open" or (box is not None and actor.delegate_id in box.voters):
        return None
    return check_cast(vote, cmd.ballot, check)


def _decryption(state: MeetingState, actor: Actor, cmd: Decrypt, earlier: Any) -> Any:
    vote = state.votes.get(cmd.vote_id)
    if vote is None:
        return None
    return check_decrypt(vote, decrypting(vote, actor), cmd.shares)


def _tally(state: MeetingState, actor: Actor, cmd: VoteRef, earlier: Any) -> Any:
    return pretally(state, cmd.vote_id, earlier if isinstance(earlier, PreTally) else None)


Work = Callable[[MeetingState, Actor, Any, Any], Any]
Decide = Callable[[MeetingState, Actor, Any, datetime, Any], list[NewEvent]]
PRECHECKED: Final[Mapping[str, tuple[type[Any], Work, Decide]]] = {
    "vote.cast_sealed": (CastSealed, _ballot, decide_cast_sealed),
    "vote.decrypt": (Decrypt, _decryption, decide_decrypt),
    "vote.close": (VoteRef, _tally, decide_close),
}


def precheck(state: MeetingState, actor: Actor, name: str, args: Mapping[str, Any], earlier: Any = None,
             ballot_check: BallotCheck = check_ballot) -> Any:
    """The costly part of a command in PRECHECKED (in a worker thread), or None when there is
    nothing worth doing: the writer then refuses the command or does the work itself.
    `earlier`: work done before that this may go on from (a vote's running tally);
    `ballot_check`: how a ballot's proofs are checked (the room runs them in other processes)."""
    if not allowed(actor.role, name):
        return None
    args_type, work, _decide = PRECHECKED[name]
    try:
        cmd = parse_args(args_type, args)
        if name == "vote.cast_sealed":
            return _ballot(state, actor, cmd, earlier, ballot_check)
        return work(state, actor, cmd, earlier)
    except DomainError:
        return None


def decide_checked(
    state: MeetingState, actor: Actor, name: str, args: Mapping[str, Any], now: datetime, checked: Any
) -> list[NewEvent]:
    """As the command table decides `name`, with the work `precheck` did."""
    if not allowed(actor.role, name):
        label = ROLE_LABELS.get(actor.role, actor.role)
        raise DomainError("forbidden", f"Vai trò {label} không được thực hiện lệnh này.", {"name": name})
    args_type, _work, decide = PRECHECKED[name]
    return decide(state, actor, parse_args(args_type, args), now, checked)
