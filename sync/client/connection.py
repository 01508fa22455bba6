"""The client's connection manager: pinned TLS, handshake, resync, outbox replay, reconnect."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from app.clock import Clock, RoomClock, SystemClock, iso, parse_iso
from app.device_status import DeviceStatus, merged
from app.errors import DomainError
from app.events import Event
from app.keys import DeviceKeys
from app.model import TECHNICIAN, MeetingState, ServerState
from app.reducer import replay
from app.storage.errors import ReplicaError
from app.storage.replica import LogForked, Replica, RollbackOutcome
from sync.client.device_report import DeviceReporter
from sync.client.enroll import Identity
from sync.client.status import Backoff, ConnectionStatus, Kind
from sync.protocol.handshake import (
    AckReceived,
    ChallengeReceived,
    ClientSession,
    DevicesReceived,
    ErrorReceived,
    EventReceived,
    LocateReceived,
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
# Failed attempts between two looks for the room on the LAN (sync/client/finder.py).
FIND_EVERY = 3


@dataclass(frozen=True, slots=True)
class Changes:
    """What one step changed, so a view refreshes only what it shows.

    `reset`: the state was rebuilt from scratch (the room server's log went back, see
    `Connection`): `events` then holds the whole log now held, and a view redraws everything
    from `connection.state` instead of updating what it showed."""

    events: tuple[Event, ...] = ()
    answers: tuple[tuple[str, dict[str, Any]], ...] = ()
    status: bool = False
    notices: tuple[DomainError, ...] = ()
    presence: bool = False
    reset: bool = False
    devices: bool = False  # `connection.devices` changed (technician, docs/devices.md)
    locate: tuple[str, int] | None = None  # flash (seat label, seconds) on this device's screen


def revoked(error: DomainError | None) -> bool:
    """The server's refusal says this device was revoked (not merely unknown to this server)."""
    return error is not None and error.code == "unauthorized" and (error.detail or {}).get("reason") == "revoked"


def ahead(error: DomainError | None) -> bool:
    """The server's refusal says this device holds more of the log than the server does."""
    return error is not None and error.code == "conflict" and (error.detail or {}).get("reason") == "ahead"


ROLLBACK_NOTICE = "Máy chủ phòng họp đã được khôi phục từ một bản sao lưu cũ hơn; thiết bị đã đồng bộ lại theo máy chủ."
LOST_PART = "{n} thao tác đã được ghi nhận trước đó nay không còn trên máy chủ"
UNSENT_PART = "{n} thao tác chưa gửi đã bị hủy vì dựa trên dữ liệu máy chủ không còn"
CHECK_AGAIN = "Vui lòng kiểm tra lại và thực hiện lại nếu cần."


class _ServerBehind(Exception):
    """The welcome's head is below this device's cursor: the server lost events it sent."""

    def __init__(self, head_seq: int):
        self.head_seq = head_seq
        super().__init__(head_seq)


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

    A room server restored from an older backup no longer has the end of the log this device
    holds, and may have gone on with other events. The device learns it from the server's
    refusal (`conflict`, reason "ahead"), from a welcome whose head is below its cursor, or from
    an event that contradicts the log held (LogForked; every hello asks for the last event held
    again, so a fork shows at once). It then forgets the log (identity, outbox and answers stay),
    downloads it again from seq 0 while still showing the old state with status "connecting",
    settles what the rollback cost (`Replica.settle_rollback`: acknowledged commands the server
    no longer has, and outbox commands naming what is gone, get a local `rolled_back` answer),
    swaps in the new state (Changes with reset), goes online and sends its outbox. A second
    rollback before a session ends normally waits for the backoff like any failure.
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
        finder: Callable[[Identity], Awaitable[Identity | None]] | None = None,
    ):
        self.identity = identity
        self.keys = keys
        self.replica = replica
        self.clock = clock or SystemClock()
        self.room_clock = RoomClock(self.clock)  # the server's time, set at each welcome
        self.backoff = backoff or Backoff()
        self.finder = finder  # where the room server went when its address stops answering
        # A technician follows the meeting it works on, or the server's own log.
        self.log_id = log_id if identity.role == TECHNICIAN else identity.meeting_id
        empty: MeetingState | ServerState = ServerState() if self.log_id is None else MeetingState()
        self.state = replay(empty, replica.events())
        # A forgotten log being downloaded again (from before a restart too): the outbox waits.
        self._rebuilding = replica.resyncing()
        self._settled = asyncio.Event()
        if not self._rebuilding:
            self._settled.set()
        self.status = ConnectionStatus("offline", offline_since=None)
        self.head_seq: int | None = None
        self.token: str | None = None
        # Delegates whose seat is connected (presidium and technician only); None while unknown.
        self.online: frozenset[str] | None = None
        # Every device's health as the server last told it (technician on the server's log).
        self.devices: dict[str, DeviceStatus] = {}
        self.reporter = DeviceReporter(self)
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

    async def locate(self, device_id: str) -> bool:
        """Asks the server to flash that device's screen (technician); False while offline. Not
        a command: nothing is kept to send later, and a refusal arrives as a notice."""
        ws, protocol = self._ws, self._protocol
        if ws is None or protocol is None or ws.closed:
            return False
        await ws.send_str(protocol.locate(device_id))
        return True

    # -- the loop ------------------------------------------------------------------------------

    async def _run(self) -> None:
        import aiohttp  # here, not at the top: see above TYPE_CHECKING

        attempt = 0
        streak = 0  # rollbacks since a session last ended normally
        ssl_ctx = client_ssl_context_pinned(self.identity.fingerprint)
        async with aiohttp.ClientSession() as http:
            while not self._stop.is_set():
                self._set_status(replace(self.status, kind="connecting"))
                rollback: str | None = None  # what the server's log did, when it went back
                why = ""
                try:
                    if await self._session(http, ssl_ctx):
                        attempt = streak = 0
                except Refused as exc:
                    if ahead(exc.error):
                        rollback = "the room server's log is behind this device's"
                        why = f"its head is #{(exc.error.detail or {}).get('head_seq')}"
                    else:
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
                except _ServerBehind as exc:
                    rollback, why = "the room server's log is behind this device's", f"its head is #{exc.head_seq}"
                except LogForked as exc:
                    rollback, why = "the room server's log is not this device's", f"they differ at #{exc.seq}"
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
                if rollback is not None:
                    repeated = streak > 0 or self._rebuilding
                    streak += 1
                    log.warning("%s: resyncing from the start (%s%s)", rollback, why,
                                "; again, so after the backoff" if repeated else "")
                    if await self._forget() and not repeated:
                        continue  # at once, from seq 0
                since = self.status.offline_since or self.clock.now()
                refused = self.status.kind == "refused"
                kind: Kind = "refused" if refused else "connecting" if rollback is not None else "offline"
                self._set_status(ConnectionStatus(kind, since, self.status.error))
                if self.finder is not None and attempt % FIND_EVERY == FIND_EVERY - 1:
                    moved = await self.finder(self.identity)  # a new address, the same pinned certificate
                    if moved is not None:
                        self.identity, attempt = moved, 0
                        await self._in_db(self.replica.set_identity, moved.to_dict())
                        continue
                await self._pause(self.backoff.delay(attempt))
                attempt += 1

    async def _forget(self) -> bool:
        """Forgets the log held (the old state stays on screen until the new one is whole)."""
        try:
            count = await self._in_db(self.replica.forget_log, iso(self.clock.now()))
        except Exception:
            log.exception("the replica could not forget its log")
            return False
        log.info("forgot %d events; downloading the log again", count)
        self._rebuilding = True
        self._settled.clear()
        self.head_seq = None
        return True

    async def _finish_resync(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """The log is held again up to the welcome's head: settle, swap the state, go online."""
        empty: MeetingState | ServerState = ServerState() if self.log_id is None else MeetingState()

        def rebuild() -> tuple[RollbackOutcome | None, list[Event], MeetingState | ServerState]:
            outcome = self.replica.settle_rollback()
            events = self.replica.events()
            return outcome, events, replay(empty, events)

        outcome, events, state = await self._in_db(rebuild)
        self.state = state
        self._rebuilding = False
        self._settled.set()
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
        for command_id, answer in answers:
            waiter = self._waiters.pop(command_id, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(answer)
        self._emit(Changes(events=tuple(events), answers=tuple(answers), notices=notices, reset=True))
        if self._ws is ws and not ws.closed:
            self._set_status(ConnectionStatus("online"))

    async def _resync_done(self) -> bool:
        """While downloading a forgotten log again: is it held up to the welcome's head?"""
        if not self._rebuilding or self.head_seq is None:
            return False
        cursor: int = await self._in_db(self.replica.cursor)
        return cursor >= self.head_seq

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
            self._inbox = []  # what a failed session left unapplied is sent again
            self._inbox_ready.clear()
            cursor = await self._in_db(self.replica.cursor)
            # One event of overlap: the server sends the last event held again and the replica
            # compares it with its own, so a server restored from an older backup that went on
            # without this device shows at once, even when its head is where ours is.
            await ws.send_str(protocol.hello(self.identity.device_id, self.log_id, max(cursor - 1, 0)))
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
            if self.head_seq is not None and self.head_seq < cursor:
                self.token = self._protocol = None
                raise _ServerBehind(self.head_seq)
            self._ws = ws
            if not self._rebuilding:  # else online once the log is whole again
                self._set_status(ConnectionStatus("online"))
            applier = asyncio.create_task(self._apply_loop(ws))
            sender = asyncio.create_task(self._send_outbox(ws, protocol))
            reporter = asyncio.create_task(self.reporter.run(lambda r: ws.send_str(protocol.status(r))))
            try:
                async for msg in ws:
                    if msg.type != aiohttp.WSMsgType.TEXT:
                        continue
                    for item in protocol.receive(msg.data):
                        self._inbox.append(("item", item))
                    self._inbox_ready.set()
            finally:
                sender.cancel()
                reporter.cancel()
                self._inbox.append(("end", None))
                self._inbox_ready.set()
                outcome = await asyncio.gather(applier, sender, reporter, return_exceptions=True)
                self.token = None
            failure = outcome[0]
            if isinstance(failure, ReplicaError):  # the replica refused what the server sent
                raise failure
            if isinstance(failure, Exception):
                log.error("applying what the server sent failed", exc_info=failure)
                raise aiohttp.ClientConnectionError("apply failed") from failure
            return True

    async def _send_outbox(self, ws: aiohttp.ClientWebSocketResponse, protocol: ClientSession) -> None:
        """The only sender of commands: the outbox in the order it was filled, each command
        once per connection, so a command made during a replay never overtakes older ones."""
        sent: set[str] = set()
        self._outbox_changed.set()
        await self._settled.wait()  # after a rollback: once settled, so nothing gone is sent
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

    async def _apply_loop(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """Applies what arrived in batches: under load one transaction takes many events.
        A batch the replica refuses ends the session (the error is raised again by it)."""
        try:
            await self._apply_batches(ws)
        except Exception:
            with contextlib.suppress(Exception):
                await ws.close()
            raise

    async def _apply_batches(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        if await self._resync_done():
            await self._finish_resync(ws)
        while True:
            await self._inbox_ready.wait()
            self._inbox_ready.clear()
            items, self._inbox = self._inbox, []
            ended = any(kind == "end" for kind, _ in items)
            events: list[Event] = []
            answers: list[tuple[str, dict[str, Any]]] = []
            notices: list[DomainError] = []
            presence = devices = False
            locate: tuple[str, int] | None = None
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
                elif isinstance(item, DevicesReceived):
                    self.devices, devices = merged(self.devices, item.devices, item.full), True
                elif isinstance(item, LocateReceived):
                    locate = (item.seat, item.seconds)
                elif isinstance(item, Violation):
                    log.warning("server sent a bad frame: %s", item.error.code)
            if events or answers:
                result = await self._in_db(self.replica.apply_and_settle, events, answers)
                rebuilding = self._rebuilding
                if not rebuilding:  # else the old state stays shown until the log is whole
                    self.state = replay(self.state, result.applied)
                for command_id, answer in answers:
                    waiter = self._waiters.pop(command_id, None)
                    if waiter is not None and not waiter.done():
                        waiter.set_result(answer)
                if not rebuilding:
                    self._emit(Changes(events=result.applied, answers=tuple(answers), notices=tuple(notices)))
                elif answers or notices:
                    self._emit(Changes(answers=tuple(answers), notices=tuple(notices)))
                if result.gap and not ws.closed:
                    log.info("gap in the event stream; resyncing")
                    await ws.close()
                elif rebuilding and await self._resync_done():
                    await self._finish_resync(ws)
            elif notices:
                self._emit(Changes(notices=tuple(notices)))
            if presence or devices or locate:
                self._emit(Changes(presence=presence, devices=devices, locate=locate))
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
