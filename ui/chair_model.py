"""The chair's (and the secretary's) view-model: the meeting as the presidium sees it, and its commands."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.clock import Clock
from app.model import CHAIR, Delegate, MeetingState, meeting_or_empty
from app.permissions import allowed
from sync.client.connection import Changes, Connection
from sync.client.status import ConnectionStatus

log = logging.getLogger(__name__)

ANSWER_TIMEOUT_S = 10.0
"""How long the console waits for the server's answer before telling the chair it has none."""


class ChairViewModel(QObject):
    """The presidium's console over one Connection (role chair or secretary).

    Attributes: connection, clock, role ("chair" or "secretary"), state (MeetingState),
    status (ConnectionStatus), busy (command names sent and not yet answered).
    Methods: now() (the injected clock), can(name) (app.permissions for this role),
    async command(name, args) -> the server's answer, delegate_name(delegate_id).
    Signals (none carries state; read it from the properties):
      state_did_change: events were applied (anything in `state` may have changed)
      status_did_change: the connection's status changed
      refusal_did_arrive(text): the server (or the console itself) refused a command, in Vietnamese
      busy_did_change: a command was sent or answered (buttons may show they are waiting)
      presence_did_change: the set of connected seats changed (see `online`)
    """

    state_did_change = Signal()
    status_did_change = Signal()
    refusal_did_arrive = Signal(str)
    busy_did_change = Signal()
    presence_did_change = Signal()

    def __init__(self, connection: Connection, clock: Clock | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.connection = connection
        # The timers' clock; injected in tests so colours can be checked at a given second.
        self.clock: Clock = clock or connection.room_clock
        self.busy: set[str] = set()
        connection.subscribe(self._on_changes)

    # -- what the console reads ----------------------------------------------------------------

    @property
    def state(self) -> MeetingState:
        return meeting_or_empty(self.connection.state)

    @property
    def role(self) -> str:
        return self.connection.identity.role

    @property
    def status(self) -> ConnectionStatus:
        return self.connection.status

    def now(self) -> datetime:
        return self.clock.now()

    @property
    def online(self) -> frozenset[str] | None:
        """Delegates whose seat is connected (docs/presence.md); None while the console cannot know."""
        return self.connection.online

    def offline_seats(self) -> frozenset[str] | None:
        """Seats of checked-in delegates whose device is not connected: they cannot vote or ask
        for the floor. An absent delegate's dark seat is shown as absent, not as a fault."""
        online = self.online
        if online is None:
            return None
        state = self.state
        return frozenset(s.seat_id for s in state.seats.values()
                         if s.delegate_id in state.present and s.delegate_id not in online)

    def can(self, name: str) -> bool:
        return allowed(self.role, name)

    @property
    def is_chair(self) -> bool:
        return self.role == CHAIR

    def delegate(self, delegate_id: str) -> Delegate | None:
        return self.state.delegates.get(delegate_id)

    def delegate_name(self, delegate_id: str) -> str:
        delegate = self.delegate(delegate_id)
        return delegate.name if delegate is not None else delegate_id

    def reconnect_now(self) -> None:
        """For the connection banner's "Thử lại"."""
        self.connection.reconnect_now()

    # -- what the console does -----------------------------------------------------------------

    async def command(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        """Sends one command and returns the server's answer: {"type": "ack", ...} or
        {"type": "error", "code", "message"}. A refusal is also emitted as refusal_did_arrive.

        Unlike a seat, the console sends nothing while offline: a delegate's request may wait
        in the outbox, but a floor granted or an item activated minutes late, after the chair
        has moved on, would do harm. So an offline console answers at once with `offline`."""
        if not self.can(name):
            return self._refuse("forbidden", self.tr("Chỉ chủ tọa được thực hiện thao tác này."))
        if self.status.kind != "online":
            return self._refuse(
                "offline", self.tr("Chưa kết nối với máy chủ nên thao tác chưa được gửi. Vui lòng thử lại.")
            )
        self.busy.add(name)
        self.busy_did_change.emit()
        try:
            answer = await self.connection.request(name, args, timeout=ANSWER_TIMEOUT_S)
        except TimeoutError:
            # The command stays in the outbox and the server deduplicates it by id, so it lands
            # at most once; the chair is told that it has not landed yet.
            return self._refuse(
                "timeout", self.tr("Máy chủ chưa trả lời. Thao tác sẽ được gửi lại khi kết nối ổn định.")
            )
        except Exception:
            log.exception("command %s failed", name)
            return self._refuse("internal", self.tr("Không gửi được thao tác, vui lòng thử lại."))
        finally:
            self.busy.discard(name)
            self.busy_did_change.emit()
        if answer.get("type") == "error":
            self.refusal_did_arrive.emit(str(answer.get("message", "")))
        return answer

    def _refuse(self, code: str, message: str) -> dict[str, Any]:
        self.refusal_did_arrive.emit(message)
        return {"type": "error", "code": code, "message": message}

    # -- refresh -------------------------------------------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        if changes.events or changes.reset:  # reset: the log was downloaded again
            self.state_did_change.emit()
        if changes.status:
            self.status_did_change.emit()
        if changes.presence or changes.status or changes.reset:
            self.presence_did_change.emit()
        for notice in changes.notices:
            self.refusal_did_arrive.emit(notice.message)


def spawn(coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
    """Runs a command from a button: Qt slots cannot await, and a task nobody holds may be
    collected before it finishes, so the tasks are kept until done."""
    task = asyncio.ensure_future(coro)
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)
    return task


_TASKS: set[asyncio.Task[Any]] = set()
