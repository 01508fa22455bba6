"""A ballot this seat cast, kept in memory only: its record, the ballots found again in the outbox
when the seat starts, and what a ballot tells the delegate (the choice in words, whether its receipt
holds, whether it is on the board, why the room refused it). The words keep the "SeatVoteModel" context."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final, Literal

from PySide6.QtCore import QCoreApplication

from app.model import Vote
from app.storage.replica import OutboxEntry
from sync.client.ballot import CAST_SEALED, expected_receipt
from ui.seat_vote_results import option_label
from ui.seat_vote_sealed import codes_of, on_board

CAST: Final = "vote.cast"
# Refusals after which pressing again cannot help: the vote is over, or a ballot is already in.
FINAL_REFUSALS: Final = ("vote_closed", "already_voted")

BallotStatus = Literal["pending", "recorded", "refused"]


@dataclass(slots=True)
class Ballot:
    """One ballot of this seat, in memory only: a secret choice is never written to a file of
    ours (the outbox holds the signed command until the server answers, as for any command).

    status: pending (in the outbox), recorded (acknowledged), refused (code and message are the
    server's). receipt: the code the seat computed from its own signature; server_receipt: the
    one the ack carried (secret kinds). choice is None for a ballot the seat only knows was cast.
    A sealed ballot's receipt is its tracking code, and `tracking` the hex the public board lists
    (both empty while it is being encrypted).
    """

    vote_id: str
    choice: Any
    command_id: str
    receipt: str
    status: BallotStatus = "pending"
    code: str = ""
    message: str = ""
    server_receipt: str | None = None
    tracking: str = ""


def found_in_outbox(entries: Iterable[OutboxEntry]) -> dict[str, Ballot]:
    """The ballots left in the outbox (still pending), by vote id: a seat that starts again finds them."""
    ballots: dict[str, Ballot] = {}
    for entry in entries:
        if entry.name == CAST:
            args = entry.args
            ballots[str(args["vote_id"])] = Ballot(
                str(args["vote_id"]), args.get("choice"), entry.command_id, expected_receipt(args))
        elif entry.name == CAST_SEALED:
            code, tracking = codes_of(entry.args)
            ballots[str(entry.args["vote_id"])] = Ballot(
                str(entry.args["vote_id"]), None, entry.command_id, code, tracking=tracking)
    return ballots


def choice_lines(vote: Vote | None, choice: Any) -> list[tuple[str, str]]:
    """A choice on this vote as the delegate reads it: (who or "", what) per line."""
    if vote is None or choice is None:
        return []
    if vote.kind == "confidence" and isinstance(choice, dict):
        return [(p.name, option_label(choice[p.person_id])) for p in vote.subjects if p.person_id in choice]
    if vote.kind == "election" and isinstance(choice, list):
        names = [p.name for p in vote.candidates if p.person_id in choice]
        if not names:
            return [("", QCoreApplication.translate("SeatVoteModel", "Không chọn người nào"))]
        return [(name, QCoreApplication.translate("SeatVoteModel", "Đồng ý bầu")) for name in names]
    return [("", option_label(str(choice)))]


def receipt_problem(vote: Vote | None, ballot: Ballot | None) -> str:
    """Why the ack's receipt cannot be trusted, or empty: the seat computes its own."""
    if ballot is None or vote is None or not vote.secret or ballot.status != "recorded":
        return ""
    if ballot.server_receipt is None or ballot.choice is None:
        return ""
    if ballot.server_receipt != ballot.receipt:
        return QCoreApplication.translate(
            "SeatVoteModel", "Mã máy chủ gửi về ({server}) khác mã thiết bị tính được ({mine}). "
            "Xin báo ngay Ban kiểm phiếu.").format(server=ballot.server_receipt, mine=ballot.receipt)
    return ""


def receipt_listed(vote: Vote | None, ballot: Ballot | None) -> bool | None:
    """After a secret vote closed: whether my receipt is on the published list (None: no
    receipt of mine to look for)."""
    if vote is None or vote.result is None or not vote.secret or ballot is None or ballot.status != "recorded":
        return None
    if vote.sealed:
        return None  # no list of receipts: the ballot itself is on the board (ballot_on_board)
    return ballot.receipt in vote.result.get("receipts", ())


def ballot_on_board(vote: Vote | None, ballot: Ballot | None) -> bool | None:
    """A sealed ballot of mine, recorded: whether the replica's public board lists its
    tracking (None: no such ballot to look for)."""
    if vote is None or not vote.sealed or ballot is None or ballot.status != "recorded":
        return None
    return on_board(vote, ballot.tracking)


def recorded_option(vote: Vote | None, delegate_id: str | None) -> str | None:
    """The open kind's published choice of this delegate once closed (None: not voted)."""
    if vote is None or vote.result is None or vote.kind != "open":
        return None
    choice = vote.result.get("ballots", {}).get(delegate_id or "")
    return str(choice) if choice is not None else None


def refusal_text(code: str, message: str) -> str:
    """The room's refusal of a ballot in the delegate's words (the server's message otherwise)."""
    if code == "vote_closed":
        return QCoreApplication.translate(
            "SeatVoteModel", "Biểu quyết đã kết thúc trước khi phiếu của bạn đến máy chủ; phiếu không được ghi nhận.")
    if code == "not_eligible":
        return QCoreApplication.translate(
            "SeatVoteModel", "Bạn chưa điểm danh nên phiếu chưa được ghi nhận. Xin bấm «Điểm danh» rồi biểu quyết lại.")
    if code == "already_voted":
        return QCoreApplication.translate("SeatVoteModel", "Bạn đã biểu quyết nội dung này trước đó. Phiếu trước vẫn được tính; "
                                          "lần bấm vừa rồi không được ghi nhận.")
    if code == "unauthorized":
        return QCoreApplication.translate("SeatVoteModel", "Máy chủ không nhận chữ ký của thiết bị này; phiếu không được ghi nhận. "
                                          "Xin báo kỹ thuật viên.")
    return message or QCoreApplication.translate("SeatVoteModel", "Máy chủ không nhận phiếu này.")
