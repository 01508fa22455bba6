"""The delegate seat's view-model: what the seat shows, refreshed from the connection's Changes."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal

from app.events import Event
from app.model import (
    ROLE_LABELS,
    AgendaItem,
    Delegate,
    Document,
    MeetingState,
    Presentation,
    Seat,
    meeting_or_empty,
)
from sync.client.connection import Changes, Connection
from sync.client.documents import DocumentFetcher
from sync.client.status import ConnectionStatus
from ui.seat_speaking_model import SeatSpeakingModel
from ui.seat_vote_model import SeatVoteModel

log = logging.getLogger(__name__)

INTERNAL = "internal"
# ROLE_LABELS (app.model) as lupdate sees them, so a message's sender reads in the interface language.
ROLE_NAMES = (
    QT_TRANSLATE_NOOP("SeatViewModel", "Đại biểu"),
    QT_TRANSLATE_NOOP("SeatViewModel", "Chủ tọa"),
    QT_TRANSLATE_NOOP("SeatViewModel", "Thư ký kỳ họp"),
    QT_TRANSLATE_NOOP("SeatViewModel", "Kỹ thuật viên"),
    QT_TRANSLATE_NOOP("SeatViewModel", "Màn hình hội trường"),
)


class SeatViewModel(QObject):
    """One delegate's seat.

    Attributes: connection, fetcher, delegate_id, check_in_pending, speaking (the delegate's
    requests for the floor; its refusals and notices come out of message_did_arrive and
    notice_did_arrive like the seat's own), voting (the open vote and this seat's ballot, signed
    with the connection's device keys; its refusals show on the voting panel itself).
    Signals (none carries state; read it from the properties):
      meeting_did_change: title, delegate or seat changed
      agenda_did_change: items added, moved, activated, completed
      documents_did_change: documents added, updated, removed
      download_did_progress(document_id): a document's progress or error changed
      attendance_did_change: this delegate checked in or out, or a check-in is under way
      status_did_change: the connection's status changed
      message_did_arrive(text): something that went wrong the person must read (a refusal)
      notice_did_arrive(text): news as it happens (a new version, the chair to the hall)
      presenting_did_change: the presidium shows a page (the same one again included), a new
        version of the shown document, or nothing any more
      documents_did_lock: the documents were wiped from this device (the meeting purged, the
        offline lease expired: see locked_text) or may be read again
    """

    meeting_did_change = Signal()
    agenda_did_change = Signal()
    documents_did_change = Signal()
    download_did_progress = Signal(str)
    attendance_did_change = Signal()
    status_did_change = Signal()
    message_did_arrive = Signal(str)
    notice_did_arrive = Signal(str)
    presenting_did_change = Signal()
    documents_did_lock = Signal()

    def __init__(self, connection: Connection, fetcher: DocumentFetcher, parent: QObject | None = None):
        super().__init__(parent)
        self.connection = connection
        self.fetcher = fetcher
        self.delegate_id: str | None = connection.identity.delegate_id
        self.check_in_pending = False
        self._tasks: set[asyncio.Task[None]] = set()
        self._shown = self._presenting_key()
        self.speaking = SeatSpeakingModel(connection, parent=self)
        self.speaking.refusal_did_arrive.connect(self.message_did_arrive)
        self.speaking.notice_did_arrive.connect(self.notice_did_arrive)
        self.voting = SeatVoteModel(connection, parent=self)
        connection.subscribe(self._on_changes)
        fetcher.subscribe(self._on_download)
        fetcher.lease.subscribe(self.documents_did_lock.emit)

    # -- what the seat shows -------------------------------------------------------------------

    @property
    def state(self) -> MeetingState:
        return meeting_or_empty(self.connection.state)

    @property
    def status(self) -> ConnectionStatus:
        return self.connection.status

    @property
    def meeting_title(self) -> str:
        meeting = self.state.meeting
        return meeting.title if meeting is not None else ""

    @property
    def delegate(self) -> Delegate | None:
        return self.state.delegates.get(self.delegate_id) if self.delegate_id else None

    @property
    def seat(self) -> Seat | None:
        return self.state.seat_of(self.delegate_id) if self.delegate_id else None

    @property
    def seat_label(self) -> str:
        seat = self.seat
        return seat.label if seat is not None else (self.connection.identity.seat or "")

    @property
    def is_present(self) -> bool:
        return self.delegate_id is not None and self.delegate_id in self.state.present

    def agenda(self) -> list[AgendaItem]:
        return self.state.agenda_in_order()

    @property
    def active_item_id(self) -> str | None:
        return self.state.active_item

    def documents_of(self, item_id: str | None) -> list[Document]:
        """An item's documents by title; item None gives the documents of no item."""
        docs = [d for d in self.state.documents.values() if d.item_id == item_id and self._readable(d)]
        return sorted(docs, key=lambda d: (d.title, d.document_id))

    def document(self, document_id: str) -> Document | None:
        found = self.state.documents.get(document_id)
        return found if found is not None and self._readable(found) else None

    def _readable(self, document: Document) -> bool:
        """A document for another committee (no key for this device) is not the seat's at all:
        not listed, not followed when presented, no news of its versions."""
        return self.connection.identity.device_id in document.keys

    def is_ready(self, document: Document) -> bool:
        return self.fetcher.ready(document)

    def progress(self, document_id: str) -> float | None:
        """0.0 to 1.0 while a download has started, None before."""
        done, total = self.fetcher.progress.get(document_id, (0, 0))
        if total <= 0:
            return None
        return min(1.0, done / total)

    def download_error(self, document_id: str) -> str | None:
        error = self.fetcher.errors.get(document_id)
        return error.message if error is not None else None

    @property
    def locked_text(self) -> str:
        """Why the documents cannot be read on this device, or "" while they can."""
        lease = self.fetcher.lease
        if lease.locked == "purged":
            return self.tr("Kỳ họp đã kết thúc. Tài liệu đã được xóa khỏi máy này.")
        if lease.locked == "lease":
            return self.tr("Tài liệu đã bị khóa vì máy mất kết nối quá {0} giờ. "
                           "Hãy kết nối lại với phòng họp để tải lại.").format(lease.hours)
        return ""

    @staticmethod
    def is_internal(document: Document) -> bool:
        return document.classification == INTERNAL

    def watermark(self) -> str:
        """Who reads an internal document, for the mark on every page."""
        delegate = self.delegate
        name = delegate.name if delegate is not None else (self.delegate_id or "")
        seat = self.seat_label
        return self.tr("{name} – Ghế {seat}").format(name=name, seat=seat) if seat else name

    @property
    def presenting(self) -> Presentation | None:
        """The page the chair shows the hall (1-based), or None."""
        return self.state.presenting

    def presenting_text(self) -> str:
        """The live line under the header; empty when nothing is shown."""
        shown = self.presenting
        if shown is None:
            return ""
        document = self.document(shown.document_id)
        title = document.title if document is not None else shown.document_id
        return self.tr("Chủ tọa đang trình chiếu: {title}, trang {page}").format(title=title, page=shown.page)

    def _presenting_key(self) -> tuple[str, int, int] | None:
        # The version counts: a seat that follows reopens the new version at the shown page.
        shown = self.presenting
        if shown is None:
            return None
        document = self.document(shown.document_id)
        return shown.document_id, shown.page, document.version if document is not None else 0

    # -- what the delegate does ----------------------------------------------------------------

    def check_in(self) -> None:
        """Sends `attendance.check_in`; a refusal arrives as message_did_arrive."""
        if self.is_present or self.check_in_pending:
            return
        self.check_in_pending = True
        self.attendance_did_change.emit()
        task = asyncio.ensure_future(self._check_in())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def reconnect_now(self) -> None:
        self.connection.reconnect_now()

    async def _check_in(self) -> None:
        try:
            answer: dict[str, Any] = await self.connection.request("attendance.check_in", {})
        except Exception:  # the outbox keeps the command; the person may press again
            log.exception("check-in failed")
            answer = {"type": "error", "message": self.tr("Chưa gửi được điểm danh, vui lòng thử lại.")}
        finally:
            self.check_in_pending = False
        if answer.get("type") == "error" and answer.get("code") != "conflict":
            # "conflict" is "already present": the state shows that better than a message.
            self.message_did_arrive.emit(str(answer.get("message", "")))
        self.attendance_did_change.emit()

    # -- refresh -------------------------------------------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        names = {event.name.split(".")[0] for event in changes.events}
        if changes.reset:  # the log was downloaded again: anything shown may have gone
            names |= {"meeting", "agenda", "document"}
        if any(event.name == "meeting.purged" for event in changes.events):
            names.add("document")  # every document went with it
        if names & {"meeting", "delegate", "seat"}:
            self.meeting_did_change.emit()
        if "agenda" in names:
            self.agenda_did_change.emit()
        if "document" in names:
            self.documents_did_change.emit()
        shown = self._presenting_key()
        # The same page presented again is news too: it calls back the seats that looked elsewhere
        # (not the pages of a log downloaded again).
        again = not changes.reset and any(e.name == "present.paged" for e in changes.events)
        if shown != self._shown or again:
            self._shown = shown
            self.presenting_did_change.emit()
        if changes.reset or any(
            e.name.startswith("attendance.") and e.data.get("delegate_id") == self.delegate_id
            for e in changes.events
        ):
            self.attendance_did_change.emit()
        if changes.status:
            self.status_did_change.emit()
        for notice in changes.notices:
            self.message_did_arrive.emit(notice.message)
        for event in changes.events:
            text = self._live_notice(event)
            if text:
                self.notice_did_arrive.emit(text)

    def _live_notice(self, event: Event) -> str | None:
        """What the delegate must be told as it happens; history replayed at connect stays quiet."""
        head = self.connection.head_seq
        if head is None or event.seq <= head:
            return None
        data = event.data
        if event.name == "document.updated":
            document = self.document(data["document_id"])
            if document is None:
                return None
            title = document.title
            note = f": {data['change_note']}" if data.get("change_note") else "."
            return self.tr("Tài liệu «{0}» đã cập nhật lên bản {1}{2}").format(title, data["version"], note)
        if event.name == "message.sent" and data["to"] in ("all", self.delegate_id):
            sender = ROLE_LABELS.get(data["from_role"], "")
            sender = self.tr(sender) if sender else sender  # one of ROLE_NAMES below
            return self.tr("Thông báo của {0}: {1}").format(sender, data["text"])
        return None

    def _on_download(self, document_id: str) -> None:
        self.download_did_progress.emit(document_id)
