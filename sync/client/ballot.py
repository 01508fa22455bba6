"""A seat's ballot: the arguments of `vote.cast` (PROTOCOL.md) and of `vote.cast_sealed`
(docs/sealed.md), signed with the device key."""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from typing import Any, Final

from app.ballots import ballot_message, receipt_for
from app.keys import DeviceKeys
from app.model import Vote
from app.tally.ballot import marks_for, seal_ballot, tracking, tracking_code, vote_questions
from app.tally.group import TallyError, point_from_b64

CAST_SEALED: Final = "vote.cast_sealed"


def _signed(keys: DeviceKeys, vote_id: str, body: Any) -> tuple[str, str]:
    """A fresh nonce per ballot: the server refuses a nonce it has seen (a replayed ballot)."""
    nonce = base64.b64encode(os.urandom(18)).decode("ascii")
    sig = base64.b64encode(keys.sign(ballot_message(vote_id, body, nonce))).decode("ascii")
    return nonce, sig


def cast_args(keys: DeviceKeys, vote_id: str, choice: Any) -> dict[str, Any]:
    nonce, sig = _signed(keys, vote_id, choice)
    return {"vote_id": vote_id, "choice": choice, "nonce": nonce, "sig": sig}


def expected_receipt(args: dict[str, Any]) -> str:
    """The receipt the server should answer for these arguments: the seat checks it."""
    return receipt_for(str(args["vote_id"]), str(args["sig"]))


def seal_choice(vote: Vote, choice: Any) -> dict[str, Any]:
    """The choice as an encrypted ballot under the vote's key, with its proofs (tens of ms: call
    it off the GUI thread). A choice no valid ballot can hold (more names than posts) raises
    TallyError with a Vietnamese message before anything is made, let alone sent."""
    ready = vote.ceremony.ready
    if not vote.sealed or ready is None:
        raise TallyError("Khóa của cuộc bỏ phiếu kín chưa sẵn sàng; chưa thể bỏ phiếu.", {"reason": "key_not_ready"})
    marks = marks_for(vote, choice)
    public_key = point_from_b64(ready.get("public_key"), "public_key")
    return seal_ballot(vote.vote_id, public_key, vote_questions(vote), marks)


def sealed_cast_args(keys: DeviceKeys, vote_id: str, ballot: Mapping[str, Any]) -> dict[str, Any]:
    """`vote.cast_sealed`: the signature covers the ballot exactly as the log will hold it."""
    body = dict(ballot)
    nonce, sig = _signed(keys, vote_id, body)
    return {"vote_id": vote_id, "ballot": body, "nonce": nonce, "sig": sig}


def tracking_of(args: Mapping[str, Any]) -> str:
    """The hex tracking of the ballot in `vote.cast_sealed` args: what the board will list."""
    return tracking(args["ballot"])


def expected_tracking_code(args: Mapping[str, Any]) -> str:
    """The code the ack's receipt must equal; the seat knows it before sending."""
    return tracking_code(tracking_of(args))
