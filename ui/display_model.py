"""The hall display's view-model: what the big screen shows, read only, refreshed from Changes."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Final, Literal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal

from app.attendance import Quorum, quorum
from app.clock import Clock, parse_iso
from app.events import Event
from app.model import (
    SPEECH_KIND_LABELS,
    AgendaItem,
    Document,
    MeetingState,
    SpeechRequest,
    Vote,
    meeting_or_empty,
)
from app.speaking_time import WarningLevel, remaining_s, warning_level
from app.vote_labels import (
    kind_label,
)
from sync.client.connection import Changes, Connection
from sync.client.documents import DocumentFetcher
from sync.client.status import ConnectionStatus
from ui.banner import status_label
from ui.display_results import (
    PeopleResult,
    ResolutionResult,
    confidence_result,
    election_result,
    resolution_result,
)
from ui.vote_words import label

Layout = Literal["vote", "counting", "result", "cancelled", "document", "speaker", "agenda"]
NEXT_SPEAKERS = 3

# A result stays on the hall screen until the chair moves on: another item activated, another
# vote opened, a page presented; or RESULT_HOLD_S after it closed. Five minutes: the chair reads
# it out and the press photographs it with time to spare, yet a speaker called meanwhile (their
# name and time show in the footer) is not kept off the screen for long. A cancelled vote is
# only a short notice. Completing the item does not dismiss: its result belongs to it.
RESULT_HOLD_S: Final = 300
CANCELLED_HOLD_S: Final = 60
DISMISSING: Final = frozenset({"agenda.activated", "present.paged", "vote.opened"})

# SPEECH_KIND_LABELS (app.model) as lupdate sees them, so the kind reads in the interface language.
KIND_NAMES = (
    QT_TRANSLATE_NOOP("DisplayViewModel", "Phát biểu"),
    QT_TRANSLATE_NOOP("DisplayViewModel", "Tranh luận"),
    QT_TRANSLATE_NOOP("DisplayViewModel", "Chất vấn"),
    QT_TRANSLATE_NOOP("DisplayViewModel", "Ý kiến về trình tự, thủ tục"),
)
@dataclass(frozen=True, slots=True)
class SpeakerLine:
    """One delegate on the floor or in the queue, as the hall reads it."""

    request_id: str
    name: str
    group: str
    kind: str
    title: str = ""  # chức vụ, as the delegate list gives it


@dataclass(frozen=True, slots=True)
class Countdown:
    """The speaker's time: `text` is mm:ss left, or +mm:ss past the limit; level as app.speaking_time."""

    text: str
    level: WarningLevel
    limit_text: str


@dataclass(frozen=True, slots=True)
class RunningVote:
    """An open vote as the hall may see it: what is asked and how many have voted, never who
    voted or how. electronic is False for a show of hands (nobody presses anything)."""

    vote_id: str
    kind: str
    kind_label: str
    title: str
    item_text: str
    electronic: bool
    voted: int
    present: int


@dataclass(frozen=True, slots=True)
class VoteCountdown:
    """The time left of an open vote: mm:ss (00:00 once due, until the room closes it)."""

    text: str
    remaining_s: float


@dataclass(frozen=True, slots=True)
class CountingVote:
    """A sealed vote closed and not yet decrypted by the Ban kiểm phiếu (docs/sealed.md)."""

    vote_id: str
    kind_label: str
    title: str
    item_text: str
    collected: int
    present: int


@dataclass(frozen=True, slots=True)
class CancelledVote:
    vote_id: str
    kind_label: str
    title: str
    item_text: str
    notice: str


def countdown_text(remaining: float) -> str:
    """mm:ss of what is left, rounded up (a 7-minute speech starts at 07:00 and shows 00:01
    until the limit is really reached); past it, +mm:ss over, rounded up as well."""
    seconds = math.ceil(remaining) if remaining >= 0 else math.ceil(-remaining)
    minutes, rest = divmod(seconds, 60)
    return f"{'+' if remaining < 0 else ''}{minutes:02d}:{rest:02d}"


class DisplayViewModel(QObject):
    """The hall display of one meeting. It sends nothing: the display role may not.

    Attributes: connection, fetcher, clock (the countdown's and the footer's time; injected in tests).
    Signals (none carries state; read it from the properties):
      layout_did_change: what the screen shows first changed (see `layout`)
      meeting_did_change: title, council, delegates or N changed
      agenda_did_change: items added, moved, activated, completed
      speaking_did_change: the speaker, their limit or the queue changed
      presenting_did_change: a page shown (the same one again included), a new version, or none
      documents_did_change: documents added, updated, removed
      download_did_progress(document_id): a document's download moved on or failed
      attendance_did_change: someone checked in or out, or N changed
      status_did_change: the connection's status changed
      vote_did_change: a vote was created, opened, voted in, closed or cancelled, or what its
        screens show beside it changed (attendance, the item)
    """

    layout_did_change = Signal()
    meeting_did_change = Signal()
    agenda_did_change = Signal()
    speaking_did_change = Signal()
    presenting_did_change = Signal()
    documents_did_change = Signal()
    download_did_progress = Signal(str)
    attendance_did_change = Signal()
    status_did_change = Signal()
    vote_did_change = Signal()

    def __init__(self, connection: Connection, fetcher: DocumentFetcher, clock: Clock | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.connection = connection
        self.fetcher = fetcher
        self.clock = clock or connection.room_clock
        self._fresh = self._fresh_from_state()  # the vote whose result or cancellation may show
        self._layout = self._current_layout()
        connection.subscribe(self._on_changes)
        fetcher.subscribe(self.download_did_progress.emit)

    # -- the state -----------------------------------------------------------------------------

    @property
    def state(self) -> MeetingState:
        return meeting_or_empty(self.connection.state)

    @property
    def status(self) -> ConnectionStatus:
        return self.connection.status

    @property
    def layout(self) -> Layout:
        """By priority: an open vote, a sealed vote being counted, a fresh result (or
        cancellation), a presented page, the speaker, then the session and its item."""
        return self._layout

    def _current_layout(self) -> Layout:
        state = self.state
        if state.open_vote() is not None:
            return "vote"
        if self.counting_vote() is not None:
            return "counting"
        shown = self.shown_vote()
        if shown is not None:
            return "result" if shown.status == "closed" else "cancelled"
        if state.presenting is not None:
            return "document"
        if state.speaking.current() is not None:
            return "speaker"
        return "agenda"

    # -- the session and the agenda ------------------------------------------------------------

    @property
    def meeting_title(self) -> str:
        meeting = self.state.meeting
        return meeting.title if meeting is not None else self.tr("Đang tải thông tin kỳ họp…")

    @property
    def council_line(self) -> str:
        """The council and its term, above the title."""
        meeting = self.state.meeting
        if meeting is None:
            return ""
        return self.tr("{council} · Nhiệm kỳ {term}").format(council=meeting.council, term=meeting.term)

    def active_item(self) -> AgendaItem | None:
        active = self.state.active_item
        return self.state.agenda.get(active) if active is not None else None

    def position_text(self, item: AgendaItem) -> str:
        """The item's place in the agenda for the hall: "Nội dung 3/9"."""
        order = self.state.agenda_in_order()
        number = next((n for n, i in enumerate(order, start=1) if i.item_id == item.item_id), item.position)
        return self.tr("Nội dung {n}/{total}").format(n=number, total=len(order))

    def next_item(self) -> AgendaItem | None:
        """The first item still to come after the active one (or the first one not done)."""
        order = self.state.agenda_in_order()
        active = self.state.active_item
        start = next((n + 1 for n, i in enumerate(order) if i.item_id == active), 0)
        return next((i for i in order[start:] if i.status == "pending"), None)

    def agenda_done(self) -> bool:
        order = self.state.agenda_in_order()
        return bool(order) and all(i.status == "done" for i in order)

    # -- the floor -----------------------------------------------------------------------------

    def _line(self, request: SpeechRequest) -> SpeakerLine:
        delegate = self.state.delegates.get(request.delegate_id)
        name = delegate.name if delegate is not None else request.delegate_id
        group = delegate.group_name if delegate is not None else ""
        title = delegate.title if delegate is not None else ""
        label = SPEECH_KIND_LABELS.get(request.kind, request.kind)
        return SpeakerLine(request.request_id, name, group, self.tr(label), title)  # one of KIND_NAMES

    def speaker(self) -> SpeakerLine | None:
        current = self.state.speaking.current()
        return self._line(current) if current is not None else None

    def next_speakers(self) -> list[SpeakerLine]:
        return [self._line(r) for r in self.state.speaking.waiting()[:NEXT_SPEAKERS]]

    def waiting_count(self) -> int:
        return len(self.state.speaking.waiting())

    def countdown(self) -> Countdown | None:
        """The speaker's time at the clock's now, or None when nobody has the floor."""
        state = self.state
        remaining = remaining_s(state, self.clock.now())
        current = state.speaking.current()
        if remaining is None or current is None or current.limit_s is None:
            return None
        return Countdown(countdown_text(remaining), warning_level(remaining), countdown_text(current.limit_s))

    # -- the presented page --------------------------------------------------------------------

    def presented(self) -> tuple[Document | None, int] | None:
        """The presented document (None if this replica does not know it) and its 1-based page."""
        shown = self.state.presenting
        if shown is None:
            return None
        return self.state.documents.get(shown.document_id), shown.page

    def is_ready(self, document: Document) -> bool:
        return self.fetcher.ready(document)

    def progress(self, document_id: str) -> float | None:
        done, total = self.fetcher.progress.get(document_id, (0, 0))
        return min(1.0, done / total) if total > 0 else None

    def download_error(self, document_id: str) -> str | None:
        error = self.fetcher.errors.get(document_id)
        return error.message if error is not None else None

    # -- votes ---------------------------------------------------------------------------------

    def running_vote(self) -> RunningVote | None:
        vote = self.state.open_vote()
        if vote is None:
            return None
        return RunningVote(vote.vote_id, vote.kind, self._kind_label(vote), vote.title, self._item_text(vote),
                           vote.kind != "hands", vote.count, len(self.state.present))

    def progress_text(self, running: RunningVote) -> str:
        return self.tr("Đã bỏ phiếu: {voted} / {present} đại biểu có mặt").format(
            voted=running.voted, present=running.present)

    def vote_countdown(self) -> VoteCountdown | None:
        """The open vote's time left on the room clock; None without a time limit."""
        vote = self.state.open_vote()
        if vote is None or vote.closes_at is None:
            return None
        left = (parse_iso(vote.closes_at) - self.clock.now()).total_seconds()
        # A clock trailing the room's by a few milliseconds must not read 01:01 for a minute.
        left = max(0.0, min(float(vote.duration_s or left), left))
        return VoteCountdown(countdown_text(left), left)

    def shown_vote(self) -> Vote | None:
        """The closed or cancelled vote the hall still sees (see RESULT_HOLD_S), if any."""
        vote = self.state.votes.get(self._fresh) if self._fresh is not None else None
        if vote is None or vote.status not in ("closed", "cancelled") or vote.closed_at is None:
            return None
        hold = RESULT_HOLD_S if vote.status == "closed" else CANCELLED_HOLD_S
        if self.clock.now() >= parse_iso(vote.closed_at) + timedelta(seconds=hold):
            return None
        return vote

    def vote_result(self) -> ResolutionResult | PeopleResult | None:
        vote = self.shown_vote()
        if vote is None or vote.status != "closed" or vote.result is None:
            return None
        if vote.kind == "confidence":
            return confidence_result(vote, vote.result, self._kind_label(vote), self._item_text(vote))
        if vote.kind == "election":
            return election_result(vote, vote.result, self._kind_label(vote), self._item_text(vote))
        return resolution_result(vote, vote.result, self._kind_label(vote), self._item_text(vote))

    def counting_vote(self) -> CountingVote | None:
        vote = next((v for v in self.state.votes.values() if v.status == "counting"), None)
        if vote is None:
            return None
        counting = vote.counting or {}
        return CountingVote(vote.vote_id, self._kind_label(vote), vote.title, self._item_text(vote),
                            int(counting.get("collected", vote.count)), int(counting.get("present", 0)))

    def cancelled_vote(self) -> CancelledVote | None:
        vote = self.shown_vote()
        if vote is None or vote.status != "cancelled":
            return None
        if vote.cancel_reason:
            notice = self.tr("Đã hủy biểu quyết: {reason}").format(reason=vote.cancel_reason)
        else:
            notice = self.tr("Đã hủy biểu quyết")
        return CancelledVote(vote.vote_id, self._kind_label(vote), vote.title, self._item_text(vote), notice)

    def tick(self) -> None:
        """A result's time on screen may have run out (the window calls it with its clock tick)."""
        self._update_layout()

    def _kind_label(self, vote: Vote) -> str:
        return label(kind_label(vote.kind, vote.rule))

    def _item_text(self, vote: Vote) -> str:
        item = self.state.agenda.get(vote.item_id)
        return self.position_text(item) if item is not None else ""

    def _fresh_from_state(self) -> str | None:
        """On starting (a replica already full): the latest vote ended, unless an item was
        activated after it; its time on screen still counts from its close."""
        ended = [v for v in self.state.votes.values() if v.status in ("closed", "cancelled") and v.closed_at]
        if not ended:
            return None
        latest = max(ended, key=lambda v: parse_iso(v.closed_at or ""))
        active = self.active_item()
        if (active is not None and active.started_at is not None
                and parse_iso(active.started_at) > parse_iso(latest.closed_at or "")):
            return None
        return latest.vote_id

    def _follow_votes(self, events: Iterable[Event]) -> None:
        for event in events:
            if event.name in ("vote.closed", "vote.cancelled"):
                self._fresh = str(event.data.get("vote_id"))
            elif event.name in DISMISSING:
                self._fresh = None

    # -- the footer ----------------------------------------------------------------------------

    def quorum(self) -> Quorum:
        return quorum(self.state)

    def attendance_text(self) -> str:
        q = self.quorum()
        return self.tr("Có mặt: {present}/{total}").format(present=q.present, total=q.n_total)

    def quorum_text(self) -> str:
        q = self.quorum()
        if self.state.meeting is None:
            return ""
        if q.met:
            return self.tr("Đủ túc số")
        return self.tr("Chưa đủ túc số (cần {required})").format(required=q.required)

    def clock_text(self) -> str:
        return f"{self.clock.now().astimezone():%H:%M}"

    def connection_text(self) -> str:
        status = self.status
        if status.kind == "refused":
            reason = status.error.message if status.error is not None else ""
            return self.tr("Máy chủ từ chối kết nối: {reason}").format(reason=reason)
        if status.kind == "stopped":
            return self.tr("Đã ngắt kết nối")
        return status_label(status)

    # -- refresh -------------------------------------------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        names = {event.name for event in changes.events}
        families = {name.split(".")[0] for name in names}
        if changes.reset:  # the log was downloaded again: anything shown may have gone
            families |= {"meeting", "delegate", "agenda", "speak", "present", "document", "attendance", "vote"}
        if families & {"meeting", "delegate"}:
            self.meeting_did_change.emit()
        if families & {"agenda", "delegate"}:
            # An activated or completed item also closes the floor (app.speaking.settle).
            self.agenda_did_change.emit()
        if families & {"speak", "agenda", "delegate", "meeting"}:
            self.speaking_did_change.emit()
        if families & {"present", "document"}:
            self.presenting_did_change.emit()
        if "document" in families:
            self.documents_did_change.emit()
        if families & {"attendance", "meeting", "delegate"}:
            self.attendance_did_change.emit()
        if changes.status:
            self.status_did_change.emit()
        if changes.reset:
            self._fresh = self._fresh_from_state()  # as on starting with a full replica
        else:
            self._follow_votes(changes.events)
        if families & {"vote", "attendance", "agenda", "meeting", "delegate"}:
            self.vote_did_change.emit()
        self._update_layout()

    def _update_layout(self) -> None:
        layout = self._current_layout()
        if layout != self._layout:
            self._layout = layout
            self.layout_did_change.emit()
