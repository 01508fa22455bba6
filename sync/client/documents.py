"""Fetches the meeting's documents in the background as soon as they are published."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.errors import DomainError
from app.model import Document, MeetingState
from app.storage.annotation_store import ANNOTATIONS_FILE
from sync.client.blobs import BlobCache
from sync.client.connection import Changes, Connection
from sync.client.lease import DocumentLease
from sync.tls import client_ssl_context_pinned

# aiohttp takes ~150 ms to import: it is imported where it is used, so a seat paints its
# agenda (from the replica) before anything touches the network.
if TYPE_CHECKING:
    import aiohttp

log = logging.getLogger(__name__)


class DocumentFetcher:
    """Keeps every current document's blob on the device, as long as its lease allows.

    Attributes: progress (document id -> (bytes done, bytes total)), errors (document id ->
    the last DomainError), lease (sync.client.lease: the purge and the offline lease, checked
    at once; the delegate's notes file sits beside the blobs, as sync.client.device lays out a
    device's folder). Listeners are called with a document id whenever either changes.
    """

    def __init__(self, connection: Connection, cache: BlobCache):
        self.connection = connection
        self.cache = cache
        self.lease = DocumentLease(connection, cache, notes=cache.root.parent / ANNOTATIONS_FILE)
        self.progress: dict[str, tuple[int, int]] = {}
        self.errors: dict[str, DomainError] = {}
        self._listeners: list[Callable[[str], None]] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        connection.subscribe(self._on_changes)
        self.lease.subscribe(self._on_wipe)
        connection.reporter.holds = cache.has  # what the device reports it holds (docs/devices.md)

    def subscribe(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)

    def start(self) -> None:
        self._wake.set()
        self._task = asyncio.create_task(self._run(), name="document-fetcher")
        self.lease.start()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self.lease.stop()

    def missing(self) -> list[Document]:
        state = self.connection.state
        if not isinstance(state, MeetingState):
            return []
        # A document without a key for this device (another committee's) is not its to hold.
        mine = self.connection.identity.device_id
        return [d for d in state.documents.values() if mine in d.keys and not self.cache.has(d.blob)]

    def ready(self, document: Document) -> bool:
        return self.cache.has(document.blob)

    def _on_changes(self, changes: Changes) -> None:
        if changes.status or any(e.name.startswith("document.") for e in changes.events):
            # Online again after an expired lease too: what it wiped is missing, so fetched again.
            self._wake.set()

    def _on_wipe(self) -> None:
        # What was downloaded is gone: every document is waiting again (or gone for good).
        self.progress.clear()
        self.errors.clear()
        state = self.connection.state
        for document_id in list(state.documents) if isinstance(state, MeetingState) else []:
            self._emit(document_id)

    def _emit(self, document_id: str) -> None:
        for listener in tuple(self._listeners):
            listener(document_id)

    async def _run(self) -> None:
        import aiohttp  # here, not at the top: see above TYPE_CHECKING

        ssl = client_ssl_context_pinned(self.connection.identity.fingerprint)
        async with aiohttp.ClientSession() as http:
            while True:
                await self._wake.wait()
                self._wake.clear()
                for document in self.missing():
                    token = self.connection.token
                    if token is None or self.connection.status.kind != "online":
                        break  # fetched when the connection is back
                    await self._fetch(http, ssl, token, document)

    async def _fetch(self, http: aiohttp.ClientSession, ssl: object, token: str, document: Document) -> None:
        import aiohttp  # here, not at the top: see above TYPE_CHECKING

        doc_id = document.document_id

        def progress(done: int, total: int) -> None:
            self.progress[doc_id] = (done, total)
            self._emit(doc_id)

        try:
            await self.cache.fetch(
                http, self.connection.identity.url, token, ssl, document.blob, document.size, progress
            )
        except DomainError as exc:
            self.errors[doc_id] = exc
            log.warning("document %s not fetched: %s", doc_id, exc.code)
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            log.info("document %s fetch interrupted: %s", doc_id, type(exc).__name__)
            await asyncio.sleep(1.0)
            self._wake.set()  # resumes from the partial file
        else:
            self.errors.pop(doc_id, None)
            self.progress[doc_id] = (document.size, document.size)
        self._emit(doc_id)
