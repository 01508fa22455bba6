"""The live sessions of the room by device and bearer token: for revocation, the HTTP routes'
authorization, the device monitor and presence (which seats are connected, for the consoles)."""

from __future__ import annotations

import asyncio

import msgspec

from app.clock import Clock, SystemClock
from app.errors import DomainError
from app.model import CHAIR, DELEGATE, SECRETARY, TECHNICIAN
from sync.server.device_status import DeviceBoard
from sync.server.sessions import REVOKED, REVOKED_MESSAGE, Session, error_answer

# Who learns which seats are connected: the consoles that act on it (docs/presence.md).
PRESENCE_WATCHERS = frozenset({CHAIR, SECRETARY, TECHNICIAN})
PRESENCE_SETTLE_S = 0.25


class SessionRegistry:
    """Live sessions by device and bearer token, for revocation, HTTP authorization and presence."""

    def __init__(self, room_key_b64: str, clock: Clock | None = None):
        self.room_key_b64 = room_key_b64
        self.by_device: dict[str, set[Session]] = {}
        self.devices = DeviceBoard(clock or SystemClock())  # the device monitor (docs/devices.md)
        self.tokens: dict[str, str] = {}
        self._presence_due: dict[str, asyncio.TimerHandle] = {}
        self.closed = 0  # sessions finished, handshake or not: the idle collector frees their cycles

    def add(self, session: Session) -> None:
        assert session.device is not None and session.token is not None
        device = session.device
        group = self.by_device.setdefault(device.device_id, set())
        group.add(session)
        self.tokens[session.token] = device.device_id
        self._presence_changed(session)
        if len(group) == 1:
            self.devices.connected(device.device_id)
        if device.role == TECHNICIAN and session.log_id is None:
            # send_presence: any message the server composes, queued behind the catch-up.
            self.devices.watch(session, session.send_presence)

    def discard(self, session: Session) -> None:
        self.closed += 1
        if session.device is None:
            return
        group = self.by_device.get(session.device.device_id, set())
        if session in group:
            group.discard(session)
            self._presence_changed(session)
            if not group:
                self.devices.disconnected(session.device.device_id)
        self.devices.unwatch(session)
        if session.token is not None:
            self.tokens.pop(session.token, None)

    # -- presence (docs/presence.md) ---------------------------------------------------------------

    def _presence_changed(self, session: Session) -> None:
        """A seat came or went, or a watcher joined: tell the watchers once things settle (a
        hall whose access point rebooted reconnects 85 seats in a second: one message, not 85)."""
        device = session.device
        meeting_id = device.meeting_id if device is not None else None
        if meeting_id is None or meeting_id in self._presence_due:
            return
        loop = asyncio.get_running_loop()
        self._presence_due[meeting_id] = loop.call_later(PRESENCE_SETTLE_S, self._send_presence, meeting_id)

    def online(self, meeting_id: str) -> list[str]:
        return sorted({
            s.device.delegate_id
            for group in self.by_device.values() for s in group
            if s.device is not None and s.device.role == DELEGATE and s.device.meeting_id == meeting_id
            and s.device.delegate_id is not None
        })

    def _send_presence(self, meeting_id: str) -> None:
        self._presence_due.pop(meeting_id, None)
        watchers = [s for s in self.all() if s.device is not None and s.device.meeting_id == meeting_id
                    and s.device.role in PRESENCE_WATCHERS and s.log_id == meeting_id]
        if not watchers:
            return
        frame = msgspec.json.encode({"type": "presence", "meeting_id": meeting_id, "online": self.online(meeting_id)})
        for watcher in watchers:
            watcher.send_presence(frame)

    def revoke(self, device_id: str) -> None:
        for session in tuple(self.by_device.get(device_id, ())):
            error = error_answer(None, DomainError("unauthorized", REVOKED_MESSAGE, REVOKED))
            session.expel(msgspec.json.encode(error).decode())
        self.tokens = {t: d for t, d in self.tokens.items() if d != device_id}

    def all(self) -> list[Session]:
        return [s for group in self.by_device.values() for s in group]
