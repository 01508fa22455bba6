"""The client's connection manager: pinned TLS, handshake, resync, outbox replay, reconnect."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from app.clock import Clock, RoomClock, SystemClock, iso, parse_iso
from app.errors import DomainError
from app.events import Event
from app.keys import DeviceKeys
from app.model import TECHNICIAN, MeetingState, ServerState
from app.reducer import replay
from app.storage.errors import ReplicaError
from app.storage.replica import Replica
from sync.client.enroll import Identity
from sync.client.status import Backoff, ConnectionStatus
from sync.protocol.handshake import (
    AckReceived,
    ChallengeReceived,
    ClientSession,
    ErrorReceived,
    EventReceived,
    PresenceReceived,
    Violation,
    Welcomed,
)
from sync.protocol.messages import MAX_FRAME
from sync.tls import client_ssl_context_pinned

# aiohttp takes ~150 ms to import: it is imported where it is used, so a seat paints its
# agenda (from the replica) before anything touches the network.
if TYPE_CHECKING:
    import aiohttp

log = logging.getLogger(__name__)

HANDSHAKE_TIMEOUT_S = 15.0
HEARTBEAT_S = 10.0


@dataclass(frozen=True, slots=True)
class Changes:
    """What one step changed, so a view refreshes only what it shows."""

    events: tuple[Event, ...] = ()
    answers: tuple[tuple[str, dict[str, Any]], ...] = ()
    status: bool = False
    notices: tuple[DomainError, ...] = ()
    presence: bool = False


def revoked(error: DomainError | None) -> bool:
    """The server's refusal says this device was revoked (not merely unknown to this server)."""
    return error is not None and error.code == "unauthorized" and (error.detail or {}).get("reason") == "revoked"


class Refused(Exception):
    """The server ended the handshake with a coded error."""

    def __init__(self, error: DomainError):
        self.error = error
        super().__init__(error.code)


class Connection:
    """Keeps the replica of one log in step with the room server, whatever the network does.

    Attributes: identity, replica, state (the reduced log), status (ConnectionStatus),
    head_seq (the server's head at welcome), token (for HTTP blob requests).
    Listeners get a Changes after every step; commands go through the durable outbox first.
    """

    def __init__(
        self,
        identity: Identity,
        keys: DeviceKeys,
        replica: Replica,
        *,
        clock: Clock | None = None,
        backoff: Backoff | None = None,
        log_id: str | None = None,
    ):
        self.identity = identity
        self.keys = keys
        self.replica = replica
        self.clock = clock or SystemClock()
        self.room_clock = RoomClock(self.clock)  # the server's time, set at each welcome
        self.backoff = backoff or Backoff()
        # A technician follows the meeting it works on, or the server's own log.
        self.log_id = log_id if identity.role == TECHNICIAN else identity.meeting_id
        empty: MeetingState | ServerState = ServerState() if self.log_id is None else MeetingState()
        self.state = replay(empty, replica.events())
        self.status = ConnectionStatus("offline", offline_since=None)
        self.head_seq: int | None = None
        self.token: str | None = None
        # Delegates whose seat is connected (presidium and technician only); None while unknown.
        self.online: frozenset[str] | None = None
        self._listeners: list[Callable[[Changes], None]] = []
        self._revoked_actions: list[Callable[[], Any]] = []
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._protocol: ClientSession | None = None
        self._waiters: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._inbox: list[tuple[str, Any]] = []
        self._inbox_ready = asyncio.Event()
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="replica")
        self._kick = asyncio.Event()
        self._outbox_changed = asyncio.Event()

    # -- public --------------------------------------------------------------------------------

    def subscribe(self, listener: Callable[[Changes], None]) -> None:
        self._listeners.append(listener)

    def start(self) -> None:
        self._stop.clear()
        self._task = asyncio.create_task(self._run(), name=f"connection-{self.identity.device_id}")

    async def stop(self) -> None:
        """Ends the session task wherever it is. Online, the socket is closed and what already
        arrived is applied; connecting, in the handshake or waiting to retry, the task is
        cancelled: nothing is lost, the outbox is in the replica and replayed on the next start."""
        self._stop.set()
        task = self._task
        if task is not None and not task.done():
            if self._ws is None:
                task.cancel()
            else:
                await self._ws.close()
            await asyncio.gather(task, return_exceptions=True)
        self._set_status(replace(self.status, kind="stopped"))
        self._db.shutdown(wait=True)

    def on_revoked(self, action: Callable[[], Any]) -> None:
        """`action` runs once the server says this device is revoked (after the connection stopped
        retrying): the seat wipes the meeting's keys and cached documents there."""
        self._revoked_actions.append(action)

    def _revoked(self) -> None:
        for action in self._revoked_actions:
            try:
                action()
            except Exception:
                log.exception("a revocation action failed")

    def reconnect_now(self) -> None:
        """Skip the backoff wait (a person pressed 'Thử lại')."""
        self._kick.set()

    async def submit(self, name: str, args: dict[str, Any], command_id: str | None = None) -> str:
        """Stores the command in the outbox (durable before anything is sent), sends it if
        online, and returns its id; the answer arrives as a Changes and through `answer`."""
        command_id = command_id or str(uuid.uuid4())
        await self._in_db(self.replica.enqueue, command_id, name, args, iso(self.clock.now()))
        self._waiters.setdefault(command_id, asyncio.get_running_loop().create_future())
        self._outbox_changed.set()
        return command_id

    async def answer(self, command_id: str, timeout: float | None = None) -> dict[str, Any]:
        known: dict[str, Any] | None = await self._in_db(self.replica.answer, command_id)
        if known is not None:
            return known
        future = self._waiters.setdefault(command_id, asyncio.get_running_loop().create_future())
        answer: dict[str, Any] = await asyncio.wait_for(asyncio.shield(future), timeout)
        return answer

    async def request(self, name: str, args: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
        return await self.answer(await self.submit(name, args), timeout)

    # -- the loop ------------------------------------------------------------------------------

    async def _run(self) -> None:
        import aiohttp  # here, not at the top: see above TYPE_CHECKING

        attempt = 0
        ssl_ctx = client_ssl_context_pinned(self.identity.fingerprint)
        async with aiohttp.ClientSession() as http:
            while not self._stop.is_set():
                self._set_status(replace(self.status, kind="connecting"))
                try:
                    if await self._session(http, ssl_ctx):
                        attempt = 0
                except Refused as exc:
                    log.warning("server refused the session: %s", exc.error.code)
                    self._set_status(replace(self.status, kind="refused", error=exc.error))
                    if revoked(exc.error):
                        # Nothing will change the server's mind: stop knocking, let the owner wipe.
                        self._revoked()
                        break
                except aiohttp.ClientConnectorCertificateError:
                    error = DomainError(
                        "unauthorized", "Chứng chỉ máy chủ không khớp với thẻ đăng ký thiết bị."
                    )
                    self._set_status(replace(self.status, kind="refused", error=error))
                except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                    log.info("connection lost: %s", type(exc).__name__)
                except ReplicaError as exc:
                    log.error("replica refused the server's events: %s", exc)
                    error = DomainError(
                        "conflict", "Dữ liệu nhận từ máy chủ không khớp với bản trên thiết bị."
                    )
                    self._set_status(replace(self.status, kind="refused", error=error))
                finally:
                    self._ws = None
                    self._protocol = None
                if self._stop.is_set():
                    break
                since = self.status.offline_since or self.clock.now()
                refused = self.status.kind == "refused"
                self._set_status(
                    ConnectionStatus("refused" if refused else "offline", since, self.status.error)
                )
                await self._pause(self.backoff.delay(attempt))
                attempt += 1

    async def _pause(self, seconds: float) -> None:
        self._kick.clear()
        waits = [asyncio.ensure_future(self._stop.wait()), asyncio.ensure_future(self._kick.wait())]
        try:
            await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waits:
                waiter.cancel()

    def _set_room_time(self, server_time: str) -> None:
        try:
            moment = parse_iso(server_time)
        except ValueError:
            log.warning("the welcome's server_time is not a time; countdowns keep the local clock")
            return
        if moment.tzinfo is None:
            return  # a naive time says nothing about the server's zone
        self.room_clock.set_server_time(moment)

    async def _session(self, http: aiohttp.ClientSession, ssl_ctx: Any) -> bool:
        """One connection from handshake to loss; True if it got as far as the welcome."""
        import aiohttp  # here, not at the top: see above TYPE_CHECKING

        url = f"{self.identity.url}/v1/ws"
        async with http.ws_connect(
            url,
            ssl=ssl_ctx,
            heartbeat=HEARTBEAT_S,
            max_msg_size=4 * MAX_FRAME,
            autoping=True,
            timeout=aiohttp.ClientWSTimeout(ws_close=5.0),
            compress=0,
        ) as ws:
            protocol = ClientSession()
            cursor = await self._in_db(self.replica.cursor)
            await ws.send_str(protocol.hello(self.identity.device_id, self.log_id, cursor))
            async with asyncio.timeout(HANDSHAKE_TIMEOUT_S):
                while self.token is None or self._protocol is None:
                    msg = await ws.receive()
                    if msg.type != aiohttp.WSMsgType.TEXT:
                        raise aiohttp.ClientConnectionError("closed during handshake")
                    if await self._handshake_step(ws, protocol, msg.data):
                        break
            if self._stop.is_set():  # stopped during the handshake: never go online
                self.token = None
                return True
            self._ws = ws
            self._set_status(ConnectionStatus("online"))
            applier = asyncio.create_task(self._apply_loop())
            sender = asyncio.create_task(self._send_outbox(ws, protocol))
            try:
                async for msg in ws:
                    if msg.type != aiohttp.WSMsgType.TEXT:
                        continue
                    for item in protocol.receive(msg.data):
                        self._inbox.append(("item", item))
                    self._inbox_ready.set()
            finally:
                sender.cancel()
                self._inbox.append(("end", None))
                self._inbox_ready.set()
                await asyncio.gather(applier, sender, return_exceptions=True)
                self.token = None
            return True

    async def _send_outbox(self, ws: aiohttp.ClientWebSocketResponse, protocol: ClientSession) -> None:
        """The only sender of commands: the outbox in the order it was filled, each command
        once per connection, so a command made during a replay never overtakes older ones."""
        sent: set[str] = set()
        self._outbox_changed.set()
        while True:
            await self._outbox_changed.wait()
            self._outbox_changed.clear()
            for entry in await self._in_db(self.replica.pending):
                if entry.command_id not in sent:
                    sent.add(entry.command_id)
                    # a send that fails is no loss: the next connection replays the outbox
                    with contextlib.suppress(ConnectionError, RuntimeError):
                        await ws.send_str(protocol.command(entry.command_id, entry.name, entry.args))

    async def _handshake_step(
        self, ws: aiohttp.ClientWebSocketResponse, protocol: ClientSession, frame: str
    ) -> bool:
        import aiohttp  # here, not at the top: see above TYPE_CHECKING

        for item in protocol.receive(frame):
            if isinstance(item, ChallengeReceived):
                await ws.send_str(protocol.auth(self.keys.sign))
            elif isinstance(item, Welcomed):
                self.token = item.welcome.token
                self.head_seq = item.welcome.head_seq
                self._set_room_time(item.welcome.server_time)
                self._protocol = protocol
                return True
            elif isinstance(item, ErrorReceived):
                err = item.error
                raise Refused(DomainError(err.code, err.message, err.detail))
            elif isinstance(item, Violation):
                raise aiohttp.ClientConnectionError(item.error.code)
        return False

    async def _apply_loop(self) -> None:
        """Applies what arrived in batches: under load one transaction takes many events."""
        while True:
            await self._inbox_ready.wait()
            self._inbox_ready.clear()
            items, self._inbox = self._inbox, []
            ended = any(kind == "end" for kind, _ in items)
            events: list[Event] = []
            answers: list[tuple[str, dict[str, Any]]] = []
            notices: list[DomainError] = []
            presence = False
            for kind, item in items:
                if kind != "item":
                    continue
                if isinstance(item, EventReceived):
                    events.append(item.event)
                elif isinstance(item, AckReceived):
                    ack: dict[str, Any] = {"type": "ack", "id": item.id, "seq": item.seq}
                    if item.receipt is not None:
                        ack["receipt"] = item.receipt
                    answers.append((item.id, ack))
                elif isinstance(item, ErrorReceived):
                    err = item.error
                    body: dict[str, Any] = {
                        "type": "error",
                        "id": err.id,
                        "code": err.code,
                        "message": err.message,
                    }
                    if err.detail is not None:
                        body["detail"] = err.detail
                    if err.id is None:
                        notices.append(DomainError(err.code, err.message, err.detail))
                    else:
                        answers.append((err.id, body))
                elif isinstance(item, PresenceReceived):
                    self.online, presence = item.online, True
                elif isinstance(item, Violation):
                    log.warning("server sent a bad frame: %s", item.error.code)
            if events or answers:
                result = await self._in_db(self.replica.apply_and_settle, events, answers)
                self.state = replay(self.state, result.applied)
                for command_id, answer in answers:
                    waiter = self._waiters.pop(command_id, None)
                    if waiter is not None and not waiter.done():
                        waiter.set_result(answer)
                self._emit(Changes(events=result.applied, answers=tuple(answers), notices=tuple(notices)))
                if result.gap and self._ws is not None:
                    log.info("gap in the event stream; resyncing")
                    await self._ws.close()
            elif notices:
                self._emit(Changes(notices=tuple(notices)))
            if presence:
                self._emit(Changes(presence=True))
            if ended:
                return

    # -- helpers -------------------------------------------------------------------------------

    async def _in_db(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Replica work runs on one thread of its own: an fsync never blocks the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self._db, fn, *args)

    def _set_status(self, status: ConnectionStatus) -> None:
        if status != self.status:
            self.status = status
            if status.kind != "online":
                self.online = None  # what the server last said may no longer hold
            self._emit(Changes(status=True))

    def _emit(self, changes: Changes) -> None:
        for listener in tuple(self._listeners):
            try:
                listener(changes)
            except Exception:
                log.exception("a listener failed")
