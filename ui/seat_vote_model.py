"""The delegate's ballot: the vote the seat shows, a choice confirmed and signed, and what became of it."""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.clock import Clock, parse_iso
from app.keys import DeviceKeys
from app.model import MeetingState, Person, Vote, meeting_or_empty
from app.vote_labels import kind_label
from sync.client.ballot import CAST_SEALED, cast_args, expected_receipt
from sync.client.connection import Changes, Connection
from sync.client.sealed_agent import SealedAgent
from ui import seat_vote_cast as cast
from ui import seat_vote_results as results
from ui.seat_vote_cast import CAST, FINAL_REFUSALS, Ballot
from ui.seat_vote_phase import BUTTON_KINDS, Phase, phase_of
from ui.seat_vote_results import ResultRow
from ui.seat_vote_sealed import codes_of, sealed_args, seat_refusal
from ui.vote_words import label

log = logging.getLogger(__name__)


class SeatVoteModel(QObject):
    """The vote as one delegate sees it, over the connection's durable outbox.

    A vote that opens is shown until it closes, and its result until the delegate closes it, a
    new vote opens or the chair moves to another item. A choice is confirmed before it is signed
    with the device key and stored in the outbox, so it is cast offline too and stays "pending"
    until the server answers; a ballot left in the outbox when the seat starts is found again.

    Attributes: connection, clock (the room's time), delegate_id, draft (the choice being made:
    an option key, {subject_id: level}, or a list of candidate ids), confirming, over_limit (a
    candidate refused because the ballot is full), notice (a refusal to read on the choice).
    committee: this device's agent for the counting committee (sync.client.sealed_agent): it
    deals, checks and decrypts by itself when the delegate is a member, and does nothing otherwise.
    Signals (none carries state; read it from the methods):
      vote_did_change: the vote shown, its phase, the draft or the ballot changed
      committee_did_change: the committee agent's status changed (committee.status)
    """

    vote_did_change = Signal()
    committee_did_change = Signal()

    def __init__(self, connection: Connection, clock: Clock | None = None, keys: DeviceKeys | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.connection = connection
        self.clock: Clock = clock or connection.room_clock
        self._keys = keys  # else the connection's, read when a ballot is signed
        self.delegate_id: str | None = connection.identity.delegate_id
        self.draft: Any = None
        self.confirming = False
        self.over_limit = False
        self.notice = ""
        self._ballots: dict[str, Ballot] = cast.found_in_outbox(connection.replica.pending())
        self._previous: Ballot | None = None  # a recorded ballot being changed (allow_change)
        self._changing = False
        self._shown_id: str | None = None
        self._shown_item: str | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._follow()
        connection.subscribe(self._on_changes)
        # Wherever a seat follows a meeting, its device does its committee work (if any) by itself.
        self.committee = SealedAgent(connection)
        self.committee.subscribe(lambda _status: self.committee_did_change.emit())
        self.committee.start()

    # -- what the seat shows -------------------------------------------------------------------

    @property
    def state(self) -> MeetingState:
        return meeting_or_empty(self.connection.state)

    @property
    def vote(self) -> Vote | None:
        return self.state.votes.get(self._shown_id) if self._shown_id else None

    @property
    def ballot(self) -> Ballot | None:
        vote = self.vote
        return self._ballots.get(vote.vote_id) if vote is not None else None

    @property
    def is_present(self) -> bool:
        return self.delegate_id is not None and self.delegate_id in self.state.present

    @property
    def online(self) -> bool:
        return self.connection.status.kind == "online"

    def phase(self) -> Phase:
        return phase_of(self.vote, self.ballot, self.delegate_id, changing=self._changing,
                        confirming=self.confirming, present=self.is_present)

    def kind_text(self) -> str:
        vote = self.vote
        return label(kind_label(vote.kind, vote.rule)) if vote is not None else ""

    def remaining_s(self) -> float | None:
        """Seconds left by the room's clock (never negative), or None without a time limit."""
        vote = self.vote
        if vote is None or vote.status != "open" or vote.closes_at is None:
            return None
        return max(0.0, (parse_iso(vote.closes_at) - self.clock.now()).total_seconds())

    def people(self) -> tuple[Person, ...]:
        """The subjects of a confidence vote or the candidates of an election."""
        vote = self.vote
        if vote is None:
            return ()
        return vote.subjects if vote.kind == "confidence" else vote.candidates

    def missing_marks(self) -> int:
        """Subjects of a confidence ballot still without a mark."""
        marks = self.draft if isinstance(self.draft, dict) else {}
        return sum(1 for p in self.people() if p.person_id not in marks)

    def seats(self) -> int:
        vote = self.vote
        return vote.seats if vote is not None else 1

    def chosen(self) -> list[str]:
        """The candidates ticked on an election ballot, in the ballot's order."""
        picked = self.draft if isinstance(self.draft, list) else []
        return [p.person_id for p in self.people() if p.person_id in picked]

    def can_review(self) -> bool:
        vote = self.vote
        if vote is None:
            return False
        if vote.kind == "confidence":
            return self.missing_marks() == 0
        if vote.kind == "election":
            return len(self.chosen()) <= vote.seats
        return isinstance(self.draft, str)

    def choice_lines(self, choice: Any = None) -> list[tuple[str, str]]:
        """The draft (or `choice`) as the delegate reads it: (who or "", what) per line."""
        return cast.choice_lines(self.vote, self.draft if choice is None else choice)

    def receipt_problem(self) -> str:
        """Why the ack's receipt cannot be trusted, or empty: the seat computes its own."""
        return cast.receipt_problem(self.vote, self.ballot)

    def receipt_listed(self) -> bool | None:
        """After a secret vote closed: whether my receipt is on the published list (None: no
        receipt of mine to look for)."""
        return cast.receipt_listed(self.vote, self.ballot)

    def on_board(self) -> bool | None:
        """A sealed ballot of mine, recorded: whether the replica's public board lists its
        tracking (None: no such ballot to look for)."""
        return cast.ballot_on_board(self.vote, self.ballot)

    def my_recorded_option(self) -> str | None:
        """The open kind's published choice of this delegate once closed (None: not voted)."""
        return cast.recorded_option(self.vote, self.delegate_id)

    # -- results (ui/seat_vote_results.py) ------------------------------------------------------

    def result_summary(self) -> str:
        return results.summary(self.vote)

    def result_header(self) -> list[str]:
        return results.header(self.vote)

    def result_rows(self) -> list[ResultRow]:
        return results.rows(self.vote)

    def outcome_text(self) -> str:
        return results.outcome(self.vote)

    # -- what the delegate does ----------------------------------------------------------------

    def choose(self, option: str) -> None:
        """A button of a resolution: the choice to confirm."""
        vote = self.vote
        if vote is None or self.phase() != "choosing" or option not in vote.options:
            return
        self.draft = option
        self.confirming = True
        self.notice = ""
        self.vote_did_change.emit()

    def mark(self, subject_id: str, level: str) -> None:
        """One mark per person on a confidence ballot; the same level again takes it off."""
        vote = self.vote
        if vote is None or vote.kind != "confidence" or self.phase() != "choosing" or level not in vote.options:
            return
        marks = dict(self.draft) if isinstance(self.draft, dict) else {}
        if marks.get(subject_id) == level:
            del marks[subject_id]
        else:
            marks[subject_id] = level
        self.draft = marks
        self.vote_did_change.emit()

    def toggle(self, candidate_id: str) -> bool:
        """Ticks or unticks a candidate; False when the ballot already holds `seats` names."""
        vote = self.vote
        if vote is None or vote.kind != "election" or self.phase() != "choosing":
            return False
        picked = self.chosen()
        if candidate_id in picked:
            picked.remove(candidate_id)
        elif len(picked) >= vote.seats:
            self.over_limit = True
            self.vote_did_change.emit()
            return False
        else:
            picked.append(candidate_id)
        self.draft = picked
        self.over_limit = False
        self.vote_did_change.emit()
        return True

    def review(self) -> None:
        """A confidence or election ballot filled in: show it whole before it is sent."""
        if self.phase() == "choosing" and self.can_review():
            self.confirming = True
            self.notice = ""
            self.vote_did_change.emit()

    def back(self) -> None:
        """"Chọn lại": back to the choice, the draft kept for a list, dropped for three buttons."""
        vote = self.vote
        if self.phase() != "confirming" or vote is None:
            return
        self.confirming = False
        if vote.kind in BUTTON_KINDS:
            self.draft = None
        self.vote_did_change.emit()

    def confirm(self) -> None:
        """Signs the confirmed choice with the device key and stores it in the outbox; pending
        until the server answers (at once online, on reconnection offline)."""
        vote = self.vote
        if vote is None or self.phase() != "confirming" or not self.can_review():
            return
        choice: Any = self.chosen() if vote.kind == "election" else self.draft
        keys = self._keys if self._keys is not None else self.connection.keys
        if vote.sealed:
            self._confirm_sealed(vote, choice, keys)
            return
        args = cast_args(keys, vote.vote_id, choice)
        command_id = str(uuid.uuid4())
        recorded = self._ballots.get(vote.vote_id)
        self._previous = recorded if self._changing and recorded is not None else None
        # Recorded before the command is stored, so the answer can never arrive unexpected.
        self._ballots[vote.vote_id] = Ballot(vote.vote_id, choice, command_id, expected_receipt(args))
        self.confirming = self._changing = self.over_limit = False
        self.draft = None
        self.notice = ""
        self.vote_did_change.emit()
        task = asyncio.ensure_future(self._store(vote.vote_id, command_id, args))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _confirm_sealed(self, vote: Vote, choice: Any, keys: DeviceKeys) -> None:
        """Refused here when no valid sealed ballot can hold the choice; else pending at once
        while the ballot is encrypted on a worker thread, then stored in the outbox."""
        problem = seat_refusal(vote, choice)
        if problem:
            self.confirming = False
            self.notice = problem
            self.vote_did_change.emit()
            return
        command_id = str(uuid.uuid4())
        self._ballots[vote.vote_id] = Ballot(vote.vote_id, choice, command_id, "")
        self.confirming = self._changing = self.over_limit = False
        self.draft = None
        self.notice = ""
        self.vote_did_change.emit()
        task = asyncio.ensure_future(self._seal_and_store(vote, choice, keys, command_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _seal_and_store(self, vote: Vote, choice: Any, keys: DeviceKeys, command_id: str) -> None:
        try:
            args = await asyncio.to_thread(sealed_args, keys, vote, choice)
        except Exception:
            log.exception("a sealed ballot could not be made")
            self._drop(vote.vote_id, command_id)
            return
        ballot = self._ballots.get(vote.vote_id)
        if ballot is None or ballot.command_id != command_id:
            return
        # Known before it is sent: the ack's receipt must be this code (receipt_problem).
        ballot.receipt, ballot.tracking = codes_of(args)
        self.vote_did_change.emit()
        await self._store(vote.vote_id, command_id, args, CAST_SEALED)

    def change(self) -> None:
        """"Đổi lựa chọn": only for an open vote that allows it, while it is open."""
        vote = self.vote
        if vote is None or not vote.allow_change or self.phase() != "recorded":
            return
        self._changing = True
        self.confirming = False
        self.draft = None
        self.vote_did_change.emit()

    def keep(self) -> None:
        """Leaves a change unmade: the recorded ballot stands."""
        if self._changing:
            self._changing = self.confirming = False
            self.draft = None
            self.vote_did_change.emit()

    @property
    def changing(self) -> bool:
        return self._changing

    def try_again(self) -> None:
        """After a refusal that pressing again may cure (a signature the server refused): the
        choice comes back."""
        vote, ballot = self.vote, self.ballot
        if vote is None or ballot is None or ballot.status != "refused" or ballot.code in FINAL_REFUSALS:
            return
        del self._ballots[vote.vote_id]
        self.vote_did_change.emit()

    def dismiss(self) -> None:
        """"Đóng" on a result or a cancelled vote: back to the documents."""
        if self.phase() in ("closed", "cancelled"):
            self._hide()
            self.vote_did_change.emit()

    async def _store(self, vote_id: str, command_id: str, args: dict[str, Any], name: str = CAST) -> None:
        try:
            await self.connection.submit(name, args, command_id)
        except Exception:  # not even in the outbox: say so, the delegate may press again
            log.exception("a ballot could not be stored")
            self._drop(vote_id, command_id)

    def _drop(self, vote_id: str, command_id: str) -> None:
        ballot = self._ballots.get(vote_id)
        if ballot is not None and ballot.command_id == command_id:
            del self._ballots[vote_id]
            self.notice = self.tr("Chưa gửi được phiếu, xin bấm lại.")
            self.vote_did_change.emit()

    # -- refresh -------------------------------------------------------------------------------

    def _hide(self) -> None:
        vote = self.vote
        if vote is not None and vote.secret:
            ballot = self._ballots.get(vote.vote_id)
            if ballot is not None:
                ballot.choice = None  # a secret choice is not kept a moment longer than shown
        self._shown_id = self._shown_item = None
        self._reset()

    def _reset(self) -> None:
        self.draft = None
        self.confirming = self._changing = self.over_limit = False
        self.notice = ""
        self._previous = None

    def _follow(self) -> None:
        """Which vote to show: a vote that opens, else the one shown until its item is over."""
        state = self.state
        running = state.open_vote()
        if running is not None and running.vote_id != self._shown_id:
            self._reset()
            self._shown_id, self._shown_item = running.vote_id, state.active_item
            return
        if self._shown_id is None:
            pending = next((b.vote_id for b in self._ballots.values() if b.status == "pending"), None)
            if pending is not None and pending in state.votes:
                # A ballot still in the outbox: its fate is what the delegate wants to see.
                self._shown_id, self._shown_item = pending, state.active_item
            return
        vote = self.vote
        over = vote is not None and vote.status in ("closed", "cancelled")
        if vote is None or (over and state.active_item != self._shown_item):
            self._hide()
        elif over:
            self.confirming = self._changing = False

    def _on_changes(self, changes: Changes) -> None:
        changed = changes.status
        for command_id, answer in changes.answers:
            ballot = next((b for b in self._ballots.values() if b.command_id == command_id), None)
            if ballot is None:
                continue
            changed = True
            if answer.get("type") == "ack":
                ballot.status = "recorded"
                receipt = answer.get("receipt")
                ballot.server_receipt = str(receipt) if receipt is not None else None
                if self._previous is not None and self._previous.vote_id == ballot.vote_id:
                    self._previous = None
            else:
                self._refused(ballot, str(answer.get("code", "")), str(answer.get("message", "")))
        if changes.events:
            names = {e.name for e in changes.events}
            mine = any(e.name.startswith("attendance.") and e.data.get("delegate_id") == self.delegate_id
                       for e in changes.events)
            if mine or any(n.startswith("vote.") or n.startswith("agenda.") for n in names):
                changed = True
                self._follow()
        if changed:
            self.vote_did_change.emit()

    def _refused(self, ballot: Ballot, code: str, message: str) -> None:
        previous = self._previous if self._previous is not None and self._previous.vote_id == ballot.vote_id else None
        self._previous = None
        text = cast.refusal_text(code, message)
        if code == "not_eligible" or (previous is not None and code not in FINAL_REFUSALS):
            # Nothing was counted: back to the choice (or the recorded ballot being changed),
            # with the reason above it.
            if previous is not None:
                self._ballots[ballot.vote_id] = previous
            else:
                del self._ballots[ballot.vote_id]
            self.notice = text
            return
        if previous is not None:  # a change the server refused: the first ballot still counts
            self._ballots[ballot.vote_id] = previous
            self.notice = text
            return
        ballot.status, ballot.code, ballot.message = "refused", code, text

