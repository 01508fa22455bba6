"""The technician's view-model: the server's own log (meetings, devices) and the meeting being prepared."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.keys import DeviceKeys
from app.model import MeetingState, ServerState, meeting_or_empty
from app.storage.replica import Replica
from sync.client.connection import Changes, Connection
from sync.client.enroll import Identity
from sync.client.status import ConnectionStatus
from ui.chair_model import spawn

log = logging.getLogger(__name__)

ANSWER_TIMEOUT_S = 30.0
"""Preparation sends batches (85 delegates, 500 seats): the server may take a while to answer."""

MEETINGS_DIR = "meetings"
LAST_FILE = "last-chosen"


class TechViewModel(QObject):
    """The technician's console over two connections of one technician device.

    `server` follows the server's own log (meetings, enrollments, devices; it carries the device
    monitor's `devices` messages); `meeting` follows the log of the meeting being prepared, chosen
    with `choose(meeting_id)`; each keeps its own replica under the device's folder, so the
    console opens on what it last knew, offline too.

    Attributes: identity, keys, server (Connection), meeting (Connection | None), meeting_id,
    busy (how many commands are waiting for their answer).
    Methods: server_state, state (the chosen meeting's MeetingState, empty if none),
    choose(meeting_id), async command(name, args, to_server=False) -> answer,
    async commands([(name, args)...], to_server=False) -> answers in order, stop().
    Signals (none carries state; read it from the properties):
      server_did_change: the server's log moved (meetings, devices, enrollments)
      state_did_change: the chosen meeting's log moved, or another meeting was chosen
      meeting_did_switch: another meeting was chosen
      status_did_change: either connection's status changed
      devices_did_change: the server sent device statuses (the monitor)
      refusal_did_arrive(text): a notice from a connection (a command sent earlier was refused), in Vietnamese
      busy_did_change: a command was sent or answered
    """

    server_did_change = Signal()
    state_did_change = Signal()
    meeting_did_switch = Signal()
    status_did_change = Signal()
    devices_did_change = Signal()
    refusal_did_arrive = Signal(str)
    busy_did_change = Signal()

    def __init__(
        self,
        identity: Identity,
        keys: DeviceKeys,
        server: Connection,
        folder: Path,
        parent: QObject | None = None,
        connect: Callable[[Identity, DeviceKeys, Replica, str], Connection] | None = None,
    ):
        super().__init__(parent)
        self.identity = identity
        self.keys = keys
        self.server = server
        self.folder = folder
        self.meeting: Connection | None = None
        self.busy = 0
        self._connect = connect or _meeting_connection
        self._auto = True  # until a meeting is chosen
        server.subscribe(self._on_server)

    # -- what the console reads ----------------------------------------------------------------

    @property
    def server_state(self) -> ServerState:
        state = self.server.state
        return state if isinstance(state, ServerState) else ServerState()

    @property
    def state(self) -> MeetingState:
        return MeetingState() if self.meeting is None else meeting_or_empty(self.meeting.state)

    @property
    def meeting_id(self) -> str | None:
        return None if self.meeting is None else self.meeting.log_id

    @property
    def status(self) -> ConnectionStatus:
        """The worse of the two connections: the console is online only when both are."""
        if self.meeting is not None and self.meeting.status.kind != "online":
            return self.meeting.status
        return self.server.status

    def reconnect_now(self) -> None:
        """For the connection banner's "Thử lại"."""
        self.server.reconnect_now()
        if self.meeting is not None:
            self.meeting.reconnect_now()

    # -- choosing the meeting ------------------------------------------------------------------

    async def choose(self, meeting_id: str | None) -> None:
        """Follows `meeting_id`'s log (None: none); the previous meeting's connection stops."""
        if meeting_id == self.meeting_id:
            return
        old, self.meeting = self.meeting, None
        if old is not None:
            await old.stop()
            old.replica.close()
        if meeting_id is not None:
            self._auto = False
            (self.folder / MEETINGS_DIR).mkdir(parents=True, exist_ok=True)
            (self.folder / MEETINGS_DIR / LAST_FILE).write_text(meeting_id, encoding="utf-8")
            replica = Replica(self.folder / MEETINGS_DIR / f"{meeting_id}.db")
            self.meeting = self._connect(self.identity, self.keys, replica, meeting_id)
            self.meeting.subscribe(self._on_meeting)
            self.meeting.start()
        self.meeting_did_switch.emit()
        self.state_did_change.emit()
        self.status_did_change.emit()

    async def caught_up(self, timeout: float = ANSWER_TIMEOUT_S) -> bool:
        """Until the chosen meeting's connection is online with the whole log the server had at its
        welcome (a meeting just created is sent its first commands only then); False on timeout."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (c := self.meeting) is not None and not (
            c.status.kind == "online" and c.head_seq is not None and c.state.seq >= c.head_seq
        ):
            if loop.time() > deadline:
                return False
            await asyncio.sleep(0.05)
        return self.meeting is not None

    async def stop(self) -> None:
        await self.choose(None)
        await self.server.stop()

    # -- what the console does -----------------------------------------------------------------

    async def command(self, name: str, args: dict[str, Any], to_server: bool = False) -> dict[str, Any]:
        [answer] = await self.commands([(name, args)], to_server=to_server)
        return answer

    async def commands(self, batch: Sequence[tuple[str, dict[str, Any]]], to_server: bool = False) -> list[dict[str, Any]]:
        """Sends every command in order and returns every answer in order (the panel that sent
        them shows the refusals, in its own words). Nothing is sent while offline: a technician must see
        that the room did not take a change, not find it applied an hour later."""
        connection = self.server if to_server else self.meeting
        if connection is None:
            return self._refused(len(batch), "bad_request", self.tr("Hãy chọn kỳ họp trước."))
        if connection.status.kind != "online":
            return self._refused(len(batch), "offline", self.tr(
                "Chưa kết nối với máy chủ phòng họp nên thay đổi chưa được gửi. Vui lòng thử lại."))
        self.busy += 1
        self.busy_did_change.emit()
        try:
            ids = [await connection.submit(name, args) for name, args in batch]
            answers = []
            for command_id in ids:
                try:
                    answers.append(await connection.answer(command_id, ANSWER_TIMEOUT_S))
                except TimeoutError:
                    answers.append({"type": "error", "code": "timeout",
                                    "message": self.tr("Máy chủ chưa trả lời; thay đổi sẽ được gửi lại khi "
                                                       "kết nối ổn định.")})
        finally:
            self.busy -= 1
            self.busy_did_change.emit()
        return answers

    def _refused(self, count: int, code: str, message: str) -> list[dict[str, Any]]:
        return [{"type": "error", "code": code, "message": message}] * count

    # -- refresh -------------------------------------------------------------------------------

    def _on_server(self, changes: Changes) -> None:
        if changes.events or changes.reset:
            self.server_did_change.emit()
            self._choose_at_start()
        if changes.status:
            self.status_did_change.emit()
        if changes.devices:
            self.devices_did_change.emit()
        for notice in changes.notices:
            self.refusal_did_arrive.emit(notice.message)

    def _on_meeting(self, changes: Changes) -> None:
        if changes.events or changes.reset:
            self.state_did_change.emit()
        if changes.status:
            self.status_did_change.emit()
        for notice in changes.notices:
            self.refusal_did_arrive.emit(notice.message)


    def _choose_at_start(self) -> None:
        """At the first start the console works on the meeting chosen last time, or on the only
        meeting on the server: the technician lands where the work is."""
        if self.meeting is not None or not self._auto:
            return
        meetings = self.server_state.meetings
        remembered = self.folder / MEETINGS_DIR / LAST_FILE
        last = remembered.read_text(encoding="utf-8").strip() if remembered.is_file() else ""
        chosen = last if last in meetings else next(iter(meetings)) if len(meetings) == 1 else None
        if chosen is not None:
            self._auto = False
            spawn(self.choose(chosen))


def _meeting_connection(identity: Identity, keys: DeviceKeys, replica: Replica, meeting_id: str) -> Connection:
    return Connection(identity, keys, replica, log_id=meeting_id)
