"""The client's connection manager: pinned TLS, sessions, resync, outbox replay, reconnect.

The handshake, the outbox, the resync steps and the sorting of received frames live in
sibling modules (handshake, outbox, resync, inbound); this one runs them."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from app.clock import Clock, RoomClock, SystemClock, iso
from app.device_status import DeviceStatus
from app.errors import DomainError
from app.events import Event
from app.keys import DeviceKeys
from app.model import TECHNICIAN, MeetingState, ServerState
from app.reducer import replay
from app.storage.errors import ReplicaError
from app.storage.replica import LogForked, Replica
from sync.client.device_report import DeviceReporter
from sync.client.enroll import Identity
from sync.client.handshake import Refused, handshake, server_moment
from sync.client.inbound import sort_batch
from sync.client.outbox import Outbox
from sync.client.resync import Resync, ServerBehind
from sync.client.status import Backoff, ConnectionStatus, Kind
from sync.protocol.handshake import ClientSession
from sync.protocol.messages import MAX_FRAME
from sync.tls import client_ssl_context_pinned

# aiohttp takes ~150 ms to import: it is imported where it is used, so a seat paints its
# agenda (from the replica) before anything touches the network.
if TYPE_CHECKING:
    import aiohttp

log = logging.getLogger(__name__)

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
        # Whether a forgotten log is being downloaded again (see above), from before a restart too.
        self._resync = Resync(replica, self._in_db, self.log_id)
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
        self._outbox = Outbox(replica, self._in_db)
        self._inbox: list[tuple[str, Any]] = []
        self._inbox_ready = asyncio.Event()
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="replica")
        self._kick = asyncio.Event()

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
        return await self._outbox.submit(name, args, command_id, iso(self.clock.now()))

    async def answer(self, command_id: str, timeout: float | None = None) -> dict[str, Any]:
        return await self._outbox.answer(command_id, timeout)

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
                except ServerBehind as exc:
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
                    repeated = streak > 0 or self._resync.rebuilding
                    streak += 1
                    log.warning("%s: resyncing from the start (%s%s)", rollback, why,
                                "; again, so after the backoff" if repeated else "")
                    if await self._resync.forget(iso(self.clock.now())):
                        self.head_seq = None
                        if not repeated:
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

    async def _finish_resync(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """The log is held again up to the welcome's head: settle, swap the state, go online."""
        rebuilt = await self._resync.finish()
        self.state = rebuilt.state
        self._outbox.settle(rebuilt.answers)
        self._emit(Changes(events=rebuilt.events, answers=rebuilt.answers, notices=rebuilt.notices, reset=True))
        if self._ws is ws and not ws.closed:
            self._set_status(ConnectionStatus("online"))

    async def _pause(self, seconds: float) -> None:
        self._kick.clear()
        waits = [asyncio.ensure_future(self._stop.wait()), asyncio.ensure_future(self._kick.wait())]
        try:
            await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waits:
                waiter.cancel()

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
            welcome = await handshake(ws, protocol, self.keys.sign)
            self.token = welcome.token
            self.head_seq = welcome.head_seq
            moment = server_moment(welcome.server_time)
            if moment is not None:
                self.room_clock.set_server_time(moment)
            self._protocol = protocol
            if self._stop.is_set():  # stopped during the handshake: never go online
                self.token = None
                return True
            if self.head_seq is not None and self.head_seq < cursor:
                self.token = self._protocol = None
                raise ServerBehind(self.head_seq)
            self._ws = ws
            if not self._resync.rebuilding:  # else online once the log is whole again
                self._set_status(ConnectionStatus("online"))
            applier = asyncio.create_task(self._apply_loop(ws))
            sender = asyncio.create_task(self._outbox.send(ws, protocol, self._resync.settled))
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
        if await self._resync.done(self.head_seq):
            await self._finish_resync(ws)
        while True:
            await self._inbox_ready.wait()
            self._inbox_ready.clear()
            items, self._inbox = self._inbox, []
            batch = sort_batch(items, self.devices)
            events, answers, notices = batch.events, batch.answers, batch.notices
            presence, devices, locate = batch.online is not None, batch.devices is not None, batch.locate
            if batch.online is not None:
                self.online = batch.online
            if batch.devices is not None:
                self.devices = batch.devices
            if events or answers:
                result = await self._in_db(self.replica.apply_and_settle, events, answers)
                rebuilding = self._resync.rebuilding
                if not rebuilding:  # else the old state stays shown until the log is whole
                    self.state = replay(self.state, result.applied)
                self._outbox.settle(answers)
                if not rebuilding:
                    self._emit(Changes(events=result.applied, answers=tuple(answers), notices=tuple(notices)))
                elif answers or notices:
                    self._emit(Changes(answers=tuple(answers), notices=tuple(notices)))
                if result.gap and not ws.closed:
                    log.info("gap in the event stream; resyncing")
                    await ws.close()
                elif rebuilding and await self._resync.done(self.head_seq):
                    await self._finish_resync(ws)
            elif notices:
                self._emit(Changes(notices=tuple(notices)))
            if presence or devices or locate:
                self._emit(Changes(presence=presence, devices=devices, locate=locate))
            if batch.ended:
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
