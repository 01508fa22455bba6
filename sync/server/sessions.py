"""One WebSocket session of a device: handshake, catch-up, live events, commands."""

from __future__ import annotations

import asyncio
import base64
import logging
import os
import random
import time
from typing import TYPE_CHECKING, Any

import msgspec
from aiohttp import WSMsgType, web

from app.clock import iso
from app.errors import DomainError
from app.keys import new_token
from app.model import CHAIR, DISPLAY, SECRETARY, TECHNICIAN, Device
from sync.protocol.errors import ProtocolError
from sync.protocol.handshake import (
    CLOSE_POLICY,
    AuthReceived,
    CommandReceived,
    HelloReceived,
    LocateRequested,
    ServerSession,
    StatusReceived,
    Violation,
)
from sync.protocol.messages import MAX_FRAME
from sync.server.device_status import locate
from sync.server.room import Room
from sync.server.security import refused
from sync.server.wsframes import text_frame

if TYPE_CHECKING:
    from sync.server.session_registry import SessionRegistry

log = logging.getLogger(__name__)


CLOSE_TRY_AGAIN = 1013
# A seat that stops reading is cut off once this much waits for it; it resyncs on reconnect.
# Tunable for small rooms or tests through the environment.
SEND_BACKLOG_LIMIT = int(os.environ.get("PHONGHOP_SEND_BACKLOG_BYTES", 4 * 1024 * 1024))
# Catch-up writes this much, then lets the socket drain: a thousand seats joining at once
# must not each hold their whole backlog in memory.
CATCH_UP_CHUNK = 16 * 1024
CATCH_UP_HIGH_WATER = 32 * 1024
# Under a burst a seat gets at most one fan-out write per interval (more frames per TLS
# record, fewer writes for 500 seats); a quiet seat is written at once, an answer always.
# 100 ms, not 40: in 500 ballots a second the writes were most of the server's work (docs/backbone.md).
FANOUT_INTERVAL_S = 0.1
# Tunable so that the attack drills see an idle connection dropped without waiting 15 s.
HANDSHAKE_TIMEOUT_S = float(os.environ.get("PHONGHOP_HANDSHAKE_TIMEOUT_S", 15.0))
# Commands per session: a burst for the offline outbox, then a steady trickle. A technician
# prepares a 500-seat hall by script, so that role gets far more room.
COMMAND_BURST = 500
COMMANDS_PER_S = 20.0
TECHNICIAN_BURST = 20_000
TECHNICIAN_PER_S = 2_000.0
# Written at once on every delivery, ahead of the hall's coalesced writes: the hall display
# (the whole room watches it) and the presidium's consoles. A handful of sessions: no cost to speak of.
PROMPT_ROLES = frozenset({DISPLAY, CHAIR, SECRETARY})
REVOKED_MESSAGE = "Thiết bị này đã bị thu hồi: khóa và tài liệu của kỳ họp trên thiết bị được xóa."
REVOKED: dict[str, Any] = {"reason": "revoked"}


class TokenBucket:
    def __init__(self, burst: int, rate: float):
        self.burst, self.rate = burst, rate
        self.tokens = float(burst)
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class Session:
    """A device's live session.

    Outgoing frames are written straight to the TLS transport, coalesced: everything
    delivered in one turn of the event loop (a batch's events, then this device's acks) goes
    out in one write. Nothing waits on a slow seat: its transport buffer grows, and past
    SEND_BACKLOG_LIMIT the seat is disconnected and resyncs from its cursor later.
    """

    def __init__(
        self, request: web.Request, ws: web.WebSocketResponse, room: Room, registry: SessionRegistry
    ):
        self.ws = ws
        self.transport = request.transport
        self.address = request.remote
        self.claimed: str | None = None  # the device id a hello named, known or not
        self.room = room
        self.registry = registry
        self.protocol = ServerSession()
        self.device: Device | None = None
        self.log_id: str | None = None
        self.token: str | None = None
        self._last_seq = 0
        self._pending: list[bytes] = []
        self._catching_up = True
        self._pending_bytes = 0  # counted only while catching up
        self._flush_handle: asyncio.Handle | None = None
        self._last_write = 0.0
        self._prompt = False  # set at auth for PROMPT_ROLES
        self._closing = False
        self._bucket = TokenBucket(COMMAND_BURST, COMMANDS_PER_S)
        self._tasks: set[asyncio.Task[Any]] = set()

    # -- outgoing ------------------------------------------------------------------------------

    @property
    def device_id(self) -> str | None:
        return self.device.device_id if self.device is not None else None

    def deliver(self, frames: bytes, urgent: bool = False) -> None:
        """Queue ready WebSocket frames (one or more) for the next write; an urgent delivery
        (an answer), or any delivery to a prompt session (display, chair, secretary), writes at
        once, ahead of the fan-out to the rest of the hall, which is written from call_soon."""
        if self._closing:
            return
        self._pending.append(frames)
        if self._catching_up:
            # Live events wait behind the catch-up; a seat too slow to finish it is let go.
            self._pending_bytes += len(frames)
            if self._pending_bytes > SEND_BACKLOG_LIMIT:
                log.warning("device %s does not read its catch-up; disconnecting it",
                            self.device and self.device.device_id)
                self.close(CLOSE_TRY_AGAIN, b"slow consumer")
            return
        if urgent or self._prompt:
            self._flush()
        elif self._flush_handle is None:
            loop = asyncio.get_running_loop()
            # Jitter keeps 500 seats from flushing in one block that would delay the next commands.
            wait = self._last_write + FANOUT_INTERVAL_S * (0.5 + random.random()) - loop.time()
            self._flush_handle = (
                loop.call_soon(self._flush) if wait <= 0 else loop.call_later(wait, self._flush)
            )

    def send_presence(self, message: bytes) -> None:
        # Through deliver: during the catch-up it waits behind the welcome and the backlog.
        self.deliver(text_frame(message), urgent=True)

    def send_dict(self, message: dict[str, Any]) -> None:
        self.deliver(text_frame(msgspec.json.encode(message)), urgent=True)

    def _flush(self) -> None:
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None
        if self._closing or not self._pending:
            return
        transport = self.transport
        if transport is None or transport.is_closing():
            self.close(CLOSE_TRY_AGAIN, b"")
            return
        if transport.get_write_buffer_size() > SEND_BACKLOG_LIMIT:
            log.warning("device %s does not read; disconnecting it", self.device and self.device.device_id)
            self.close(CLOSE_TRY_AGAIN, b"slow consumer")
            return
        data = self._pending[0] if len(self._pending) == 1 else b"".join(self._pending)
        self._pending.clear()
        transport.write(data)
        self._last_write = asyncio.get_running_loop().time()

    async def _catch_up(self, welcome: str, after: int, upto: int) -> None:
        """Welcome, then the events the device lacks, then whatever arrived live meanwhile."""
        transport = self.transport
        assert transport is not None
        transport.write(text_frame(welcome.encode()))
        chunk: list[bytes] = []
        size = 0
        whole = self.room.whole_ballots(self.log_id, self.device_id)
        async for frame in self.room.frames(self.log_id, after, upto, whole):
            chunk.append(frame)
            size += len(frame)
            if size >= CATCH_UP_CHUNK:
                transport.write(b"".join(chunk))
                chunk, size = [], 0
                while transport.get_write_buffer_size() > CATCH_UP_HIGH_WATER:
                    if self._closing or transport.is_closing():
                        return
                    await asyncio.sleep(0.005)
        if chunk:
            transport.write(b"".join(chunk))
        self._catching_up = False
        self._pending_bytes = 0
        self._flush()

    def close(self, code: int, reason: bytes) -> None:
        if self._closing:
            return
        self._closing = True
        self._pending.clear()
        self.room.unsubscribe(self.log_id, self)
        self._spawn(self.ws.close(code=code, message=reason))

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def reject(self, code: str, message: str | None = None, detail: dict[str, Any] | None = None) -> None:
        """A handshake refusal: one error with id null, then close with 1008."""
        reason = detail.get("reason") if detail else None
        # The id a hello names is only a claim until the signature: the address is the source.
        refused("handshake", code, address=self.address, claimed=self.claimed, reason=reason)
        self.expel(self.protocol.reject(code, message, detail))

    def expel(self, frame: str) -> None:
        """Sends one last frame ahead of anything queued, then closes with 1008."""
        if self._closing:
            return
        self._closing = True
        self._pending.clear()
        self.room.unsubscribe(self.log_id, self)
        self._spawn(self._send_then_close(frame))

    async def _send_then_close(self, frame: str) -> None:
        try:
            await self.ws.send_str(frame)
        finally:
            await self.ws.close(code=CLOSE_POLICY, message=b"policy")

    # -- incoming ------------------------------------------------------------------------------

    async def run(self) -> None:
        try:
            async with asyncio.timeout(HANDSHAKE_TIMEOUT_S):
                while self.token is None:
                    if self._closing:
                        return
                    msg = await self.ws.receive()
                    if not self._handle_handshake(msg):
                        return
        except TimeoutError:
            self.reject("unauthorized", "Hết thời gian xác thực thiết bị.")
            return
        async for msg in self.ws:
            if self._closing:
                break
            self._handle_open(msg)

    @staticmethod
    def _frame_of(msg: Any) -> str | bytes | None:
        if msg.type in (WSMsgType.TEXT, WSMsgType.BINARY):
            return msg.data  # type: ignore[no-any-return]
        return None

    def _handle_handshake(self, msg: Any) -> bool:
        frame = self._frame_of(msg)
        if frame is None:
            self._log_broken(msg)
            return False
        for event in self.protocol.receive(frame):
            if isinstance(event, Violation):
                self.reject(event.error.code, event.error.message)
                return False
            if isinstance(event, HelloReceived):
                if not self._on_hello(event):
                    return False
            elif isinstance(event, AuthReceived) and not self._on_auth():
                return False
        return True

    def _on_hello(self, event: HelloReceived) -> bool:
        hello = event.hello
        self.claimed = hello.device_id
        if hello.v != 1:
            self.reject("unsupported_version")
            return False
        device = self.room.device(hello.device_id)
        if device is not None and device.revoked:
            # The reason tells the device to wipe the meeting's keys and documents (docs/events.md).
            self.reject("unauthorized", REVOKED_MESSAGE, REVOKED)
            return False
        if device is None:
            self.reject("unauthorized", "Thiết bị chưa được đăng ký trên máy chủ này.")
            return False
        if device.role == TECHNICIAN:
            if hello.meeting_id is not None and hello.meeting_id not in self.room.meetings:
                self.reject("not_found", "Không có cuộc họp này trên máy chủ.")
                return False
        elif hello.meeting_id != device.meeting_id:
            self.reject("forbidden", "Thiết bị được đăng ký cho một cuộc họp khác.")
            return False
        head = self.room.head(hello.meeting_id)
        if hello.last_seq > head:
            # The reason tells the device to forget its log and resync from the start (docs/events.md).
            self.reject(
                "conflict",
                "Dữ liệu trên thiết bị mới hơn máy chủ; cần đồng bộ lại từ đầu.",
                {"reason": "ahead", "head_seq": head},
            )
            return False
        self.device, self.log_id = device, hello.meeting_id
        self._last_seq = hello.last_seq
        if device.role == TECHNICIAN:
            self._bucket = TokenBucket(TECHNICIAN_BURST, TECHNICIAN_PER_S)
        nonce = base64.b64encode(os.urandom(32)).decode("ascii")
        self._spawn(self.ws.send_str(self.protocol.challenge(nonce)))
        return True

    def _on_auth(self) -> bool:
        assert self.device is not None
        if not self.protocol.verify(base64.b64decode(self.device.sign_pub)):
            self.reject("unauthorized", "Chữ ký của thiết bị không đúng.")
            return False
        device = self.room.device(self.device.device_id)
        if device is None or device.revoked:
            self.reject("unauthorized", REVOKED_MESSAGE, REVOKED)
            return False
        self.token = new_token()
        self._prompt = device.role in PROMPT_ROLES
        # Subscribing and reading the head in one step: every later event arrives live.
        head = self.room.subscribe(self.log_id, self)
        self.registry.add(self)
        welcome = self.protocol.welcome(
            role=device.role,  # type: ignore[arg-type]
            delegate_id=device.delegate_id,
            server_time=iso(self.room.clock.now()),
            head_seq=head,
            token=self.token,
            room_key_b64=self.registry.room_key_b64,
        )
        self._spawn(self._catch_up(welcome, self._last_seq, head))
        return True

    def _handle_open(self, msg: Any) -> None:
        frame = self._frame_of(msg)
        if frame is None:
            if msg.type == WSMsgType.ERROR:
                self._log_broken(msg)
                self.close(CLOSE_TRY_AGAIN, b"")
            return
        assert self.device is not None
        self.registry.devices.seen(self.device.device_id)  # a timestamp only (docs/devices.md)
        for event in self.protocol.receive(frame):
            if isinstance(event, Violation):
                reason = event.error.detail.get("reason") if event.error.detail else None
                refused("frame", event.error.code, address=self.address, device_id=self.device.device_id, reason=reason)
                self.send_dict(error_answer(None, event.error))
                if event.fatal:
                    self.close(CLOSE_POLICY, b"policy")
            elif isinstance(event, CommandReceived):
                self._on_command(event)
            elif not self._bucket.take():
                refused("frame", "rate_limited", address=self.address, device_id=self.device.device_id)
                self.send_dict(error_answer(None, DomainError("rate_limited")))
            elif isinstance(event, StatusReceived):
                # A session on the server's own log holds no documents: its empty list says nothing.
                self.registry.devices.reported(self.device.device_id, event.report, self.log_id is not None)
            elif isinstance(event, LocateRequested):
                target = self.room.device(event.device_id)
                sends = [s.send_presence for s in self.registry.by_device.get(event.device_id, ())]
                refusal = locate(self.device, event.device_id, target, sends, self.room.meetings)
                if refusal is not None:
                    refused("locate", refusal.code, address=self.address, device_id=self.device.device_id)
                    self.send_dict(error_answer(None, refusal))

    def _log_broken(self, msg: Any) -> None:
        """A message the WebSocket layer itself refused (past 4 MiB: 1009, or broken framing)."""
        if msg.type == WSMsgType.ERROR:
            code = "too_large" if getattr(msg.data, "code", None) == 1009 else "bad_request"
            device_id = self.device.device_id if self.device is not None and self.token else None
            refused("frame", code, address=self.address, device_id=device_id, claimed=None if device_id else self.claimed)

    def _on_command(self, event: CommandReceived) -> None:
        assert self.device is not None
        command = event.command
        device_id = self.device.device_id

        def reply(answer: dict[str, Any]) -> None:
            if answer.get("type") == "error":
                refused("command", str(answer.get("code")), address=self.address, device_id=device_id,
                        command=command.name)
            self.send_dict(answer)

        if not self._bucket.take():
            reply(error_answer(command.id, DomainError("rate_limited")))
            return
        self.room.command(self.device, self.log_id, command.id, command.name, command.args, reply)

    async def finish(self) -> None:
        """Lets a last refusal reach the device before the socket goes."""
        self._closing = True
        self._pending.clear()
        self.room.unsubscribe(self.log_id, self)
        self.registry.discard(self)
        pending = [t for t in self._tasks if not t.done()]
        if pending:
            await asyncio.wait(pending, timeout=5.0)


def error_answer(command_id: str | None, error: ProtocolError | DomainError) -> dict[str, Any]:
    body: dict[str, Any] = {"type": "error", "id": command_id, "code": error.code, "message": error.message}
    if error.detail is not None:
        body["detail"] = error.detail
    return body


async def websocket_handler(request: web.Request) -> web.StreamResponse:
    ws = web.WebSocketResponse(max_msg_size=4 * MAX_FRAME, compress=False, heartbeat=20.0)
    await ws.prepare(request)
    room: Room = request.app["room"]
    registry: SessionRegistry = request.app["sessions"]
    session = Session(request, ws, room, registry)
    try:
        await session.run()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        await session.finish()
        if not ws.closed:
            await ws.close()
    return ws
