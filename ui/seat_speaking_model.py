"""The delegate's own requests for the floor: asking by kind, waiting, speaking, withdrawing."""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from typing import Any, Final, Literal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal

from app.clock import Clock
from app.model import MeetingState, SpeechRequest, meeting_or_empty
from app.speaking_time import WarningLevel, remaining_s, warning_level
from sync.client.connection import Changes, Connection

log = logging.getLogger(__name__)

REQUEST: Final = "speak.request"
WITHDRAW: Final = "speak.withdraw"
KINDS: Final = ("discussion", "debate", "question", "point_of_order")
# The seat's words for the kinds (those of app.model.SPEECH_KIND_LABELS, so the seat, the
# console and the hall name a request alike), with one line each on what it is for.
KIND_TITLES: Final = {
    "discussion": "Phát biểu",
    "debate": "Tranh luận",
    "question": "Chất vấn",
    "point_of_order": "Ý kiến về trình tự, thủ tục",
}
KIND_PURPOSES: Final = {
    "discussion": "Nêu ý kiến về nội dung đang thảo luận (tối đa 2 lần)",
    "debate": "Đối đáp lại ý kiến của đại biểu khác",
    "question": "Hỏi người có trách nhiệm trả lời về nội dung này",
    "point_of_order": "Về trình tự, thủ tục phiên họp; được mời trước",
}
# The same words as lupdate sees them, so they read in the interface language.
_WORDS = (
    QT_TRANSLATE_NOOP("SeatSpeaking", "Phát biểu"),
    QT_TRANSLATE_NOOP("SeatSpeaking", "Tranh luận"),
    QT_TRANSLATE_NOOP("SeatSpeaking", "Chất vấn"),
    QT_TRANSLATE_NOOP("SeatSpeaking", "Ý kiến về trình tự, thủ tục"),
    QT_TRANSLATE_NOOP("SeatSpeaking", "Nêu ý kiến về nội dung đang thảo luận (tối đa 2 lần)"),
    QT_TRANSLATE_NOOP("SeatSpeaking", "Đối đáp lại ý kiến của đại biểu khác"),
    QT_TRANSLATE_NOOP("SeatSpeaking", "Hỏi người có trách nhiệm trả lời về nội dung này"),
    QT_TRANSLATE_NOOP("SeatSpeaking", "Về trình tự, thủ tục phiên họp; được mời trước"),
)

FloorState = Literal["closed", "idle", "pending", "waiting", "speaking"]


def kind_title(kind: str) -> str:
    return QCoreApplication.translate("SeatSpeaking", KIND_TITLES.get(kind, kind))


def kind_purpose(kind: str) -> str:
    return QCoreApplication.translate("SeatSpeaking", KIND_PURPOSES.get(kind, ""))


@dataclass(frozen=True, slots=True)
class FloorStatus:
    """Where one of the delegate's requests stands, or the seat as a whole (see `status`).

    state: closed (no item open for requests), idle, pending (in the outbox, not acknowledged),
    waiting (position is its 1-based place among the item's waiting requests), speaking.
    withdrawing: a withdrawal of this waiting request is in the outbox.
    """

    state: FloorState
    kind: str | None = None
    position: int | None = None
    request_id: str | None = None
    withdrawing: bool = False


@dataclass(slots=True)
class _Sent:
    """A command of ours the server has not answered yet, or answered with a seq the replica
    has not reached (the ack and its event may arrive in different batches)."""

    name: str
    kind: str | None = None
    item_id: str | None = None
    request_id: str | None = None  # the target of a withdrawal; a request's own id once acked
    seq: int | None = None


class SeatSpeakingModel(QObject):
    """The floor as one delegate sees it, over the connection's durable outbox.

    A request goes into the outbox first, so it is made offline too and is "pending" until the
    server answers; the ack names the request (req-<seq>) and the replicated state takes over.
    Commands still in the outbox when the seat starts are found again in the replica.

    Attributes: connection, clock, delegate_id.
    Signals (none carries state; read it from the methods):
      speaking_did_change: the active item, one of my requests, its position, or what is pending
      refusal_did_arrive(text): the server refused a request or withdrawal (its own words)
      notice_did_arrive(text): a waiting request lapsed or the chair withdrew it
    """

    speaking_did_change = Signal()
    refusal_did_arrive = Signal(str)
    notice_did_arrive = Signal(str)

    def __init__(self, connection: Connection, clock: Clock | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.connection = connection
        self.clock: Clock = clock or connection.room_clock
        self.delegate_id: str | None = connection.identity.delegate_id
        self._sent: dict[str, _Sent] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        for entry in connection.replica.pending():
            if entry.name == REQUEST:
                self._sent[entry.command_id] = _Sent(REQUEST, entry.args.get("kind"), entry.args.get("item_id"))
            elif entry.name == WITHDRAW:
                self._sent[entry.command_id] = _Sent(WITHDRAW, request_id=entry.args.get("request_id"))
        self._waiting = self._my_waiting()
        self._shown = self._key()
        connection.subscribe(self._on_changes)

    # -- what the seat shows -------------------------------------------------------------------

    @property
    def state(self) -> MeetingState:
        return meeting_or_empty(self.connection.state)

    @property
    def active_item_id(self) -> str | None:
        return self.state.active_item

    @property
    def active_item_title(self) -> str:
        item = self.state.agenda.get(self.active_item_id) if self.active_item_id else None
        return item.title if item is not None else ""

    @property
    def can_request(self) -> bool:
        return self.delegate_id is not None and self.active_item_id is not None

    def closed_reason(self) -> str:
        """Why nothing can be asked now; empty when a request can be made."""
        if self.delegate_id is None:
            return self.tr("Thiết bị này không gắn với đại biểu nào")
        if self.active_item_id is None:
            return self.tr("Chưa mở nội dung nào để đăng ký")
        return ""

    def mine(self) -> list[SpeechRequest]:
        """My requests on the active item that still wait or have the floor, in calling order."""
        item = self.active_item_id
        found = [
            r
            for r in self.state.speaking.requests.values()
            if r.delegate_id == self.delegate_id and r.item_id == item and r.status in ("waiting", "speaking")
        ]
        return sorted(found, key=lambda r: (r.status != "speaking", r.position or 0, r.request_id))

    def kind_status(self, kind: str) -> FloorStatus:
        """One kind of request: what the delegate sees on its button in the choice."""
        if not self.can_request:
            return FloorStatus("closed", kind)
        withdrawing = {s.request_id for s in self._sent.values() if s.name == WITHDRAW}
        for request in self.mine():
            if request.kind == kind:
                return self._status_of(request, withdrawing)
        if any(s.name == REQUEST and s.kind == kind for s in self._sent.values()):
            return FloorStatus("pending", kind)
        return FloorStatus("idle", kind)

    def status(self) -> FloorStatus:
        """The one line for the header: speaking first, then the nearest place in the queue,
        then a request still on its way; closed or idle when there is none."""
        withdrawing = {s.request_id for s in self._sent.values() if s.name == WITHDRAW}
        mine = self.mine()
        if mine:
            return self._status_of(mine[0], withdrawing)
        pending = [s for s in self._sent.values() if s.name == REQUEST]
        if pending:
            # Shown even when the item has moved on since: it is still on its way and its
            # answer (most likely a refusal) is what the delegate will want to read.
            return FloorStatus("pending", pending[0].kind)
        return FloorStatus("idle") if self.can_request else FloorStatus("closed")

    def remaining_s(self) -> float | None:
        """Seconds left of my speech by the model's clock (negative once over), or None."""
        current = self.state.speaking.current()
        if current is None or current.delegate_id != self.delegate_id:
            return None
        return remaining_s(current, self.clock.now())

    def warning_level(self) -> WarningLevel | None:
        left = self.remaining_s()
        return None if left is None else warning_level(left)

    # -- what the delegate does ----------------------------------------------------------------

    def request(self, kind: str) -> None:
        """Asks for the floor on the item shown now; pending until the server answers, and a
        refusal arrives as refusal_did_arrive. Works offline: the outbox sends it later."""
        if kind not in KINDS or not self.can_request or self.kind_status(kind).state != "idle":
            return
        command_id = str(uuid.uuid4())
        item_id = self.active_item_id
        # Recorded before the command is stored, so the answer can never arrive unexpected.
        self._sent[command_id] = _Sent(REQUEST, kind, item_id)
        self._submit(command_id, REQUEST, {"kind": kind, "item_id": item_id})

    def withdraw(self, request_id: str) -> None:
        """Withdraws one of my waiting requests (the window asked for confirmation first)."""
        request = self.state.speaking.requests.get(request_id)
        if request is None or request.delegate_id != self.delegate_id or request.status != "waiting":
            return
        if any(s.name == WITHDRAW and s.request_id == request_id for s in self._sent.values()):
            return
        command_id = str(uuid.uuid4())
        self._sent[command_id] = _Sent(WITHDRAW, request.kind, request.item_id, request_id)
        self._submit(command_id, WITHDRAW, {"request_id": request_id})

    def _submit(self, command_id: str, name: str, args: dict[str, Any]) -> None:
        self._refresh()
        task = asyncio.ensure_future(self._store(command_id, name, args))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _store(self, command_id: str, name: str, args: dict[str, Any]) -> None:
        try:
            await self.connection.submit(name, args, command_id)
        except Exception:  # not even in the outbox: say so, the delegate may press again
            log.exception("%s could not be stored", name)
            self._sent.pop(command_id, None)
            self.refusal_did_arrive.emit(self.tr("Chưa gửi được yêu cầu, vui lòng thử lại."))
            self._refresh()

    # -- refresh -------------------------------------------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        refusals: list[str] = []
        for command_id, answer in changes.answers:
            sent = self._sent.get(command_id)
            if sent is None:
                continue
            if answer.get("type") == "ack":
                sent.seq = int(answer.get("seq", 0))
                if sent.name == REQUEST:
                    sent.request_id = f"req-{sent.seq}"  # docs/events.md: req- + the event's seq
            else:
                del self._sent[command_id]
                refusals.append(str(answer.get("message", "")))
        seq = self.state.seq
        for command_id, sent in list(self._sent.items()):
            if sent.seq is not None and seq >= sent.seq:
                del self._sent[command_id]
        if changes.events:
            self._tell_what_closed(changes)
        self._refresh()
        # After the calm notices: a refusal in red must be the line left showing.
        for text in refusals:
            self.refusal_did_arrive.emit(text)

    def _tell_what_closed(self, changes: Changes) -> None:
        """A waiting request that ended without the delegate's doing is told once, calmly: the
        chair moved to another item (lapsed) or withdrew it."""
        before, self._waiting = self._waiting, self._my_waiting()
        by_chair = {
            e.data.get("request_id")
            for e in changes.events
            if e.name == "speak.withdrawn" and e.data.get("by") == "chair"
        }
        for request_id, kind in before.items():
            now = self.state.speaking.requests.get(request_id)
            label = kind_title(kind).lower()
            if now is not None and now.status == "lapsed":
                self.notice_did_arrive.emit(
                    self.tr("Nội dung đã chuyển: đăng ký {kind} của bạn không còn hiệu lực.").format(kind=label)
                )
            elif now is not None and now.status == "withdrawn" and request_id in by_chair:
                self.notice_did_arrive.emit(self.tr("Chủ tọa đã rút đăng ký {kind} của bạn.").format(kind=label))

    def _my_waiting(self) -> dict[str, str]:
        return {r.request_id: r.kind for r in self.mine() if r.status == "waiting"}

    def _key(self) -> tuple[Any, ...]:
        mine = tuple((r.request_id, r.status, r.position, r.limit_s) for r in self.mine())
        sent = tuple((s.name, s.kind, s.request_id) for s in self._sent.values())
        return self.active_item_id, self.state.speaking.speaker, mine, sent

    def _refresh(self) -> None:
        key = self._key()
        if key != self._shown:
            self._shown = key
            self.speaking_did_change.emit()

    @staticmethod
    def _status_of(request: SpeechRequest, withdrawing: set[str | None]) -> FloorStatus:
        if request.status == "speaking":
            return FloorStatus("speaking", request.kind, request_id=request.request_id)
        return FloorStatus(
            "waiting", request.kind, request.position, request.request_id, request.request_id in withdrawing
        )
