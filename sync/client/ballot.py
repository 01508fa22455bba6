"""A seat's ballot: the arguments of `vote.cast`, signed with the device key (PROTOCOL.md)."""

from __future__ import annotations

import base64
import os
from typing import Any

from app.ballots import ballot_message, receipt_for
from app.keys import DeviceKeys


def cast_args(keys: DeviceKeys, vote_id: str, choice: Any) -> dict[str, Any]:
    """A fresh nonce per ballot: the server refuses a nonce it has seen (a replayed ballot)."""
    nonce = base64.b64encode(os.urandom(18)).decode("ascii")
    sig = base64.b64encode(keys.sign(ballot_message(vote_id, choice, nonce))).decode("ascii")
    return {"vote_id": vote_id, "choice": choice, "nonce": nonce, "sig": sig}


def expected_receipt(args: dict[str, Any]) -> str:
    """The receipt the server should answer for these arguments: the seat checks it."""
    return receipt_for(str(args["vote_id"]), str(args["sig"]))
