"""Which page the seat's vote screen shows (its phase): from the vote's status, this seat's ballot,
the delegate's presence and what they are doing; and the kinds voted with the three buttons."""

from __future__ import annotations

from typing import Final, Literal

from app.model import Vote
from ui.seat_vote_cast import Ballot

BUTTON_KINDS: Final = ("open", "secret")  # the resolutions voted with the three buttons

Phase = Literal[
    "none", "hands", "check_in", "choosing", "confirming", "pending", "recorded", "refused", "counting", "closed",
    "cancelled",
]


def phase_of(vote: Vote | None, ballot: Ballot | None, delegate_id: str | None, *, changing: bool,
             confirming: bool, present: bool) -> Phase:
    """The phase of `vote` at a seat with this ballot (None: none of its own), while the delegate
    changes a recorded choice (`changing`) or confirms one (`confirming`), present or not."""
    if vote is None:
        return "none"
    if vote.status == "cancelled":
        return "cancelled"
    if vote.status == "closed":
        return "closed"
    if vote.status == "counting":
        return "counting"
    if vote.status != "open":
        return "none"
    if vote.kind == "hands":
        return "hands"
    if not changing:
        if ballot is not None:
            return ballot.status
        if delegate_id in vote.voted:
            return "recorded"  # cast before this seat started; the open kind's log says so
    if confirming:
        return "confirming"
    if not present:
        return "check_in"
    return "choosing"
