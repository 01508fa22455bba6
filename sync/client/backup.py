"""Backs up the delegate's annotations to the room server, sealed for the delegate's devices
alone, and restores them into an empty store (a reinstalled seat)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from app.annotation_backup import open_backup, seal_backup
from app.errors import DomainError
from app.keys import b64d
from app.model import DELEGATE
from sync.client.connection import Changes, Connection
from sync.tls import client_ssl_context_pinned

# aiohttp takes ~150 ms to import: it is imported where it is used, so a seat paints its
# agenda (from the replica) before anything touches the network.
if TYPE_CHECKING:
    import aiohttp

log = logging.getLogger(__name__)

PATH = "/v1/backup/annotations"
DEBOUNCE_S = 5.0
"""Quiet time after the last change before a backup: a stroke of ink is many changes."""
MIN_INTERVAL_S = 30.0
"""At most one backup per this many seconds, however busy the delegate's pen."""
RETRY_S = 5.0
"""Wait after a failed attempt (network gone, session replaced) before the next one."""
CLOSE_TIMEOUT_S = 10.0
"""How long closing the seat may wait for the last backup."""
HTTP_TIMEOUT_S = 60.0


class AnnotationSource(Protocol):
    """What the backup needs of the local annotation store (app/storage/annotation_store.py)."""

    def export_records(self) -> bytes: ...

    def import_records(self, data: bytes) -> int: ...

    def is_empty(self) -> bool: ...

    def revision(self) -> int: ...

    def subscribe(self, listener: Callable[[], None]) -> None: ...

    def close(self) -> None: ...


class _StaleToken(Exception):
    """401: the session the token belonged to has ended; the next one brings a new token."""


async def _raise_for(resp: aiohttp.ClientResponse) -> None:
    import aiohttp  # here, not at the top: see above TYPE_CHECKING

    if resp.status < 300:
        return
    if resp.status == 401:
        raise _StaleToken()
    try:
        body = await resp.json(content_type=None)
    except (ValueError, aiohttp.ContentTypeError):
        body = {}
    if not isinstance(body, dict):
        body = {}
    raise DomainError(str(body.get("code", "bad_request")), body.get("message"), body.get("detail"))


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def fetch_recipients(http: aiohttp.ClientSession, base_url: str, token: str, ssl: Any) -> dict[str, bytes]:
    """The delegate's current devices: device id -> raw X25519 public key."""
    async with http.get(f"{base_url}{PATH}/recipients", headers=_auth(token), ssl=ssl) as resp:
        await _raise_for(resp)
        body = await resp.json(content_type=None)
    try:
        return {str(d["device_id"]): b64d(d["kex_pub"]) for d in body["devices"]}
    except (KeyError, TypeError, ValueError):
        raise DomainError("bad_request", "Máy chủ trả lời danh sách thiết bị không hợp lệ.") from None


async def store_backup(
    http: aiohttp.ClientSession, base_url: str, token: str, ssl: Any, blob: bytes
) -> dict[str, Any]:
    """PUTs a sealed backup; the answer {"sha256", "size"} means it is on the server's disk."""
    headers = {**_auth(token), "Content-Type": "application/octet-stream"}
    async with http.put(f"{base_url}{PATH}", data=blob, headers=headers, ssl=ssl) as resp:
        await _raise_for(resp)
        answer: dict[str, Any] = await resp.json(content_type=None)
    return answer


async def fetch_backup(http: aiohttp.ClientSession, base_url: str, token: str, ssl: Any) -> bytes | None:
    """The delegate's latest sealed backup, or None when the server has none."""
    async with http.get(f"{base_url}{PATH}", headers=_auth(token), ssl=ssl) as resp:
        if resp.status == 404:
            return None
        await _raise_for(resp)
        return await resp.read()


class AnnotationBackup:
    """Keeps the server's copy of the delegate's annotations current.

    After a change it waits `debounce_s` of quiet, and backs up at most once per
    `min_interval_s`; offline it waits for the connection and tries again; `stop` backs up what
    is still unsaved. On start, once online, an empty local store is filled from the server's
    backup (restore after a reinstall). Only a delegate's seat backs up; on other devices this
    does nothing.

    Attributes: enabled (a delegate's seat), checked (the server's backup was looked at this
    run), restored (records imported at start, or None), sent (backups the server acknowledged
    this run), last_backup (the server's last answer {"sha256", "size"}), last_error (the last
    DomainError, cleared by a success).
    """

    def __init__(
        self,
        connection: Connection,
        store: AnnotationSource,
        *,
        debounce_s: float = DEBOUNCE_S,
        min_interval_s: float = MIN_INTERVAL_S,
        retry_s: float = RETRY_S,
        close_timeout_s: float = CLOSE_TIMEOUT_S,
    ):
        self.connection = connection
        self.store = store
        self.debounce_s, self.min_interval_s, self.retry_s = debounce_s, min_interval_s, retry_s
        self.close_timeout_s = close_timeout_s
        identity = connection.identity
        self.enabled = identity.role == DELEGATE and bool(identity.delegate_id) and bool(identity.meeting_id)
        self.restored: int | None = None
        self.sent = 0
        self.last_backup: dict[str, Any] | None = None
        self.last_error: DomainError | None = None
        # What the server is known to hold: None until this run has checked or uploaded.
        self._uploaded: int | None = None
        self.checked = False
        self._refused: int | None = None  # a revision the server refused for good (403, 413)
        self._changed_at = float("-inf")
        self._uploaded_at = float("-inf")
        self._retry_at = float("-inf")
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._running = False

    # -- public --------------------------------------------------------------------------------

    def start(self) -> None:
        if not self.enabled:
            log.info("annotation backup off: %s is not a delegate's seat", self.connection.identity.device_id)
            return
        self._loop = asyncio.get_running_loop()
        self._running = True
        self.store.subscribe(self._store_changed)
        self.connection.subscribe(self._connection_changed)
        self._task = asyncio.create_task(self._run(), name="annotation-backup")

    async def stop(self) -> None:
        """Stops, then backs up once more what is unsaved, if the connection is still online."""
        self._running = False
        if self._task is None:
            return
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        self._task = None
        token = self._token()
        if token is None or not self.checked or not self._dirty():
            return
        import aiohttp  # here, not at the top: see above TYPE_CHECKING

        try:
            async with asyncio.timeout(self.close_timeout_s), self._session() as http:
                await self._upload(http, client_ssl_context_pinned(self.connection.identity.fingerprint), token)
        except (aiohttp.ClientError, OSError, TimeoutError, _StaleToken) as exc:
            log.warning("the last annotation backup did not reach the server: %s", type(exc).__name__)
        except DomainError as exc:
            self.last_error = exc
            log.warning("the last annotation backup was refused: %s", exc.code)

    # -- listeners (the store may call from any thread) ----------------------------------------

    def _store_changed(self) -> None:
        loop = self._loop
        if loop is None or not self._running or loop.is_closed():
            return
        loop.call_soon_threadsafe(self._note_change)

    def _note_change(self) -> None:
        assert self._loop is not None
        self._changed_at = self._loop.time()
        self._wake.set()

    def _connection_changed(self, changes: Changes) -> None:
        if changes.status and self._running:
            self._wake.set()

    # -- the loop ------------------------------------------------------------------------------

    def _session(self) -> aiohttp.ClientSession:
        import aiohttp  # here, not at the top: see above TYPE_CHECKING

        return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=HTTP_TIMEOUT_S))

    def _token(self) -> str | None:
        connection = self.connection
        return connection.token if connection.status.kind == "online" else None

    def _dirty(self) -> bool:
        revision = self.store.revision()
        if revision == self._refused:
            return False
        if self._uploaded is None:
            # Unknown what the server holds: back up once if there is anything, but never send
            # an empty store that nobody emptied here; it would replace a real backup.
            return not self.store.is_empty()
        return revision != self._uploaded

    def _delay(self) -> float | None:
        """Seconds until the next step is due; None: nothing to do until woken."""
        now = asyncio.get_running_loop().time()
        if not self.checked:
            return max(0.0, self._retry_at - now)
        if not self._dirty():
            return None
        due = max(self._changed_at + self.debounce_s, self._uploaded_at + self.min_interval_s, self._retry_at)
        return max(0.0, due - now)

    async def _run(self) -> None:
        # Nothing to restore or back up before the first session: no HTTP session before either.
        while self._token() is None:
            self._wake.clear()
            await self._wake.wait()
        ssl = client_ssl_context_pinned(self.connection.identity.fingerprint)
        async with self._session() as http:
            while True:
                self._wake.clear()
                delay = self._delay()
                token = self._token()
                if delay is None or token is None:
                    await self._wake.wait()  # a change, or the connection came (back) online
                    continue
                if delay > 0:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), delay)
                    continue
                await self._step(http, ssl, token)

    async def _step(self, http: aiohttp.ClientSession, ssl: Any, token: str) -> None:
        import aiohttp  # here, not at the top: see above TYPE_CHECKING

        loop = asyncio.get_running_loop()
        try:
            if not self.checked:
                await self._restore(http, ssl, token)
            else:
                await self._upload(http, ssl, token)
        except (aiohttp.ClientError, OSError, TimeoutError, _StaleToken) as exc:
            log.info("annotation backup will retry: %s", type(exc).__name__)
            self._retry_at = loop.time() + self.retry_s
        except DomainError as exc:
            self.last_error = exc
            log.warning("annotation backup refused: %s", exc.code)
            if self.checked:
                # Sending the same again gets the same answer (too large, not allowed): wait
                # for the next change instead of knocking every few seconds.
                self._refused = self.store.revision()
            else:
                self._retry_at = loop.time() + self.min_interval_s
        except Exception:
            # A bug here must not end the task for the rest of the session without a trace:
            # the delegate's notes would silently stop being backed up.
            log.exception("annotation backup failed")
            self._retry_at = loop.time() + self.min_interval_s

    async def _restore(self, http: aiohttp.ClientSession, ssl: Any, token: str) -> None:
        identity = self.connection.identity
        blob = await fetch_backup(http, identity.url, token, ssl)
        if blob is not None and self.store.is_empty():
            assert identity.delegate_id is not None and identity.meeting_id is not None
            try:
                payload = await asyncio.get_running_loop().run_in_executor(
                    None,
                    open_backup,
                    blob,
                    identity.device_id,
                    self.connection.keys,
                    identity.delegate_id,
                    identity.meeting_id,
                )
            except DomainError as exc:
                # Sealed before this device existed, or damaged: nothing to restore; the local
                # store stays as it is and the backup stays on the server for other devices.
                self.last_error = exc
                log.warning("annotation backup not restored: %s", exc.code)
            else:
                await self._import(payload)
        self.checked = True

    async def _import(self, payload: bytes) -> None:
        loop = asyncio.get_running_loop()
        try:
            self.restored = await loop.run_in_executor(None, self.store.import_records, payload)
        except DomainError as exc:
            # Opened, so it is the delegate's own, but the store refuses its records (a newer
            # program's format, say): keep it on the server, change nothing here.
            self.last_error = exc
            log.warning("annotation backup not imported: %s", exc.code)
            return
        # Exactly the server's copy is here now: nothing to send back.
        self._uploaded = self.store.revision()
        log.info("restored %d annotation records from the server", self.restored)

    async def _upload(self, http: aiohttp.ClientSession, ssl: Any, token: str) -> None:
        identity = self.connection.identity
        assert identity.delegate_id is not None and identity.meeting_id is not None
        loop = asyncio.get_running_loop()
        # The revision is read before the export: a change in between is in the export and
        # still counts as unsaved, so at worst it is sent twice, never lost.
        revision = self.store.revision()
        started = loop.time()
        payload = await loop.run_in_executor(None, self.store.export_records)
        recipients = await fetch_recipients(http, identity.url, token, ssl)
        # This device can always open its own backup, whatever the server's list says.
        recipients[identity.device_id] = b64d(self.connection.keys.kex_pub_b64)
        blob = await loop.run_in_executor(
            None, seal_backup, payload, identity.meeting_id, identity.delegate_id, recipients
        )
        self.last_backup = await store_backup(http, identity.url, token, ssl, blob)
        self._uploaded = revision
        # Only a success starts the interval: a failed attempt is paced by retry_s instead.
        self._uploaded_at = started
        self.sent += 1
        self.last_error = None
        log.info("annotations backed up (%d bytes, %d devices)", len(blob), len(recipients))

