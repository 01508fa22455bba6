"""A sealed ballot at the seat (docs/sealed.md): refused at the seat when no valid ballot can hold
the choice, encrypted and signed off the GUI thread, then followed by its tracking code onto the
meeting's public board. Words keep the "SeatVoteModel" context the ballot's other words use."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.keys import DeviceKeys
from app.model import Vote
from app.tally.ballot import marks_for
from app.tally.group import TallyError
from sync.client.ballot import expected_tracking_code, seal_choice, sealed_cast_args, tracking_of


def seat_refusal(vote: Vote, choice: Any) -> str:
    """Why this choice cannot go into a sealed ballot, in the delegate's words; "" when it can.
    Checked before anything is encrypted or sent: the room could only refuse it."""
    try:
        marks_for(vote, choice)
    except TallyError as exc:
        if (exc.detail or {}).get("reason") == "too_many":
            return QCoreApplication.translate(
                "SeatVoteModel", "Chỉ được bầu tối đa {0} người. Xin bỏ bớt tên rồi gửi phiếu.").format(vote.seats)
        return QCoreApplication.translate("SeatVoteModel", "Phiếu này không hợp lệ nên chưa được gửi: {0}").format(
            exc.message)
    return ""


def sealed_args(keys: DeviceKeys, vote: Vote, choice: Any) -> dict[str, Any]:
    """The `vote.cast_sealed` args: encrypted, proved and signed (on a worker thread: up to a
    few hundred milliseconds for a long confidence ballot)."""
    return sealed_cast_args(keys, vote.vote_id, seal_choice(vote, choice))


def codes_of(args: Mapping[str, Any]) -> tuple[str, str]:
    """(tracking code for people, hex tracking the board lists) of `vote.cast_sealed` args."""
    return expected_tracking_code(args), tracking_of(args)


def on_board(vote: Vote, tracking: str) -> bool:
    """Whether the ballot with this tracking is in the replica's copy of the public board."""
    return bool(tracking) and any(entry.get("tracking") == tracking for entry in vote.ballots)


def spaced(code: str) -> str:
    """A code as people copy it down: the receipt's 10 characters in two groups, a tracking
    code's already grouped."""
    return code if "-" in code else f"{code[:5]} {code[5:]}"
