"""The hall display's view-model: what the big screen shows, read only, refreshed from Changes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal

from app.attendance import Quorum, quorum
from app.clock import Clock
from app.model import SPEECH_KIND_LABELS, AgendaItem, Document, MeetingState, SpeechRequest, meeting_or_empty
from app.speaking_time import WarningLevel, remaining_s, warning_level
from sync.client.connection import Changes, Connection
from sync.client.documents import DocumentFetcher
from sync.client.status import ConnectionStatus
from ui.banner import status_label

Layout = Literal["document", "speaker", "agenda"]
NEXT_SPEAKERS = 3

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

    def __init__(self, connection: Connection, fetcher: DocumentFetcher, clock: Clock | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.connection = connection
        self.fetcher = fetcher
        self.clock = clock or connection.room_clock
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
        """By priority: a presented page, then the speaker, then the session and its item."""
        return self._layout

    def _current_layout(self) -> Layout:
        state = self.state
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
        layout = self._current_layout()
        if layout != self._layout:
            self._layout = layout
            self.layout_did_change.emit()
