"""Following a room server restored from an older backup: forgetting the log held, knowing when it
is held again, and settling what the rollback cost. Apart from sync/client/connection.py, which
notices the rollback and decides when to resync (the story is told in `Connection`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from app.errors import DomainError
from app.events import Event
from app.model import MeetingState, ServerState
from app.reducer import replay
from app.storage.replica import Replica, RollbackOutcome

log = logging.getLogger(__name__)

ROLLBACK_NOTICE = "Máy chủ phòng họp đã được khôi phục từ một bản sao lưu cũ hơn; thiết bị đã đồng bộ lại theo máy chủ."
LOST_PART = "{n} thao tác đã được ghi nhận trước đó nay không còn trên máy chủ"
UNSENT_PART = "{n} thao tác chưa gửi đã bị hủy vì dựa trên dữ liệu máy chủ không còn"
CHECK_AGAIN = "Vui lòng kiểm tra lại và thực hiện lại nếu cần."


class ServerBehind(Exception):
    """The welcome's head is below this device's cursor: the server lost events it sent."""

    def __init__(self, head_seq: int):
        self.head_seq = head_seq
        super().__init__(head_seq)


@dataclass(frozen=True, slots=True)
class Rebuilt:
    """A resync finished: the state replayed from the log now held (`events`, all of it), the
    local answers the rollback cost and the notice saying so (none when it cost nothing)."""

    state: MeetingState | ServerState
    events: tuple[Event, ...]
    answers: tuple[tuple[str, dict[str, Any]], ...]
    notices: tuple[DomainError, ...]


class Resync:
    """Whether one connection's log is being downloaded again, and the steps of it.

    Attributes: rebuilding (a forgotten log is being downloaded again, from before a restart
    too: the old state stays shown), settled (set while not rebuilding: the outbox waits for it).
    `in_db` runs replica work on the connection's own replica thread."""

    def __init__(self, replica: Replica, in_db: Callable[..., Awaitable[Any]], log_id: str | None):
        self.replica = replica
        self._in_db = in_db
        self._log_id = log_id
        # A forgotten log being downloaded again (from before a restart too): the outbox waits.
        self.rebuilding = replica.resyncing()
        self.settled = asyncio.Event()
        if not self.rebuilding:
            self.settled.set()

    async def forget(self, at: str) -> bool:
        """Forgets the log held (the old state stays on screen until the new one is whole)."""
        try:
            count = await self._in_db(self.replica.forget_log, at)
        except Exception:
            log.exception("the replica could not forget its log")
            return False
        log.info("forgot %d events; downloading the log again", count)
        self.rebuilding = True
        self.settled.clear()
        return True

    async def done(self, head_seq: int | None) -> bool:
        """While downloading a forgotten log again: is it held up to the welcome's head?"""
        if not self.rebuilding or head_seq is None:
            return False
        cursor: int = await self._in_db(self.replica.cursor)
        return cursor >= head_seq

    async def finish(self) -> Rebuilt:
        """The log is held again up to the welcome's head: settle, replay it from scratch."""
        empty: MeetingState | ServerState = ServerState() if self._log_id is None else MeetingState()

        def rebuild() -> tuple[RollbackOutcome | None, list[Event], MeetingState | ServerState]:
            outcome = self.replica.settle_rollback()
            events = self.replica.events()
            return outcome, events, replay(empty, events)

        outcome, events, state = await self._in_db(rebuild)
        self.rebuilding = False
        self.settled.set()
        answers = outcome.answers if outcome is not None else ()
        notices: tuple[DomainError, ...] = ()
        if outcome is not None:
            log.warning(
                "resynced with the room server: its log and the forgotten one agree up to #%d "
                "(this device held #%d); %d acknowledged commands lost, %d outbox commands not sent",
                outcome.common_seq, outcome.forgotten_seq, outcome.lost, outcome.unsent,
            )
            if outcome.common_seq < outcome.forgotten_seq or answers:
                parts = [p.format(n=n) for p, n in ((LOST_PART, outcome.lost), (UNSENT_PART, outcome.unsent)) if n]
                text = ROLLBACK_NOTICE + (" " + "; ".join(parts) + ". " + CHECK_AGAIN if parts else "")
                detail = {"reason": "rolled_back", "common_seq": outcome.common_seq,
                          "lost": outcome.lost, "unsent": outcome.unsent}
                notices = (DomainError("rolled_back", text, detail),)
        return Rebuilt(state, tuple(events), tuple(answers), notices)
