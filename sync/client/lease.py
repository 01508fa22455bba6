"""Takes the meeting's documents off the device when it may no longer keep them (docs/lifecycle.md):
the technician purged them after the meeting, or the device has been out of touch with the room
server for longer than the meeting's offline lease."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Literal

from app.clock import iso, parse_iso
from app.lease import Lease, lease_hours
from app.model import MeetingState
from app.purge import PURGED_NOTICE
from sync.client.blobs import BlobCache
from sync.client.connection import Changes, Connection
from sync.client.device import remove_notes

log = logging.getLogger(__name__)

LAST_CONTACT = "last_contact"
"""Replica meta key: when the room server last welcomed this device, or last heard from it."""
CHECK_EVERY_S = 60.0

Locked = Literal["purged", "lease"]


class DocumentLease:
    """Whether this device may keep the meeting's documents, and their wipe when it may not.

    Checked at once when made (before a window shows anything), then every CHECK_EVERY_S by
    `start`'s task: online, it renews the last contact; offline, it checks the lease. A purge wipes
    the blobs and the delegate's notes for good; an expired lease wipes the blobs only, until the
    next welcome, after which the fetcher downloads them again.

    Attributes: connection, cache, notes (the delegate's notes file, wiped by a purge; None: none
    kept here), locked (None, "purged" or "lease"), last_contact. Listeners are called with no
    argument after every wipe and whenever `locked` changes.
    """

    def __init__(self, connection: Connection, cache: BlobCache, notes: Path | None = None):
        self.connection = connection
        self.cache = cache
        self.notes = notes
        self.locked: Locked | None = None
        self.last_contact: datetime | None = _stamp(connection.replica.get_meta(LAST_CONTACT))
        self._listeners: list[Callable[[], None]] = []
        self._task: asyncio.Task[None] | None = None
        self._saving: set[asyncio.Future[None]] = set()
        connection.subscribe(self._on_changes)
        self.check()

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def message(self) -> str:
        """What the device shows in the documents' place, or "" while they may be read."""
        if self.locked == "purged":
            return PURGED_NOTICE
        if self.locked == "lease":
            return Lease(self.last_contact or self.connection.clock.now(), self.hours).message()
        return ""

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="document-lease")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._saving:
            await asyncio.gather(*self._saving, return_exceptions=True)

    def check(self) -> None:
        """Wipes what may no longer stay: on start, every minute, and when the log says so."""
        state = self.connection.state
        if isinstance(state, MeetingState) and state.purged_at is not None:
            self._wipe("purged")
            return
        if self.connection.status.kind == "online" or self.locked is not None:
            return
        now = self.connection.clock.now()
        if self.last_contact is None:
            # A replica from before the lease (or never welcomed, so holding nothing yet): the
            # lease starts now rather than locking out a device that has done nothing wrong.
            self._remember(now)
            return
        if Lease(self.last_contact, self.hours).expired(now):
            log.warning("offline lease of %d h ran out (last contact %s): documents wiped",
                        self.hours, iso(self.last_contact))
            self._wipe("lease")

    # -- internals -------------------------------------------------------------------------------

    @property
    def hours(self) -> int:
        """The meeting's offline lease, in hours."""
        return lease_hours(self.connection.state)

    def _on_changes(self, changes: Changes) -> None:
        if any(e.name == "meeting.purged" for e in changes.events) or changes.reset:
            self.check()
        if changes.status and self.connection.status.kind == "online":
            self._remember(self.connection.clock.now())
            if self.locked == "lease":  # welcomed again: the fetcher brings the documents back
                self.locked = None
                self._emit()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(CHECK_EVERY_S)
            if self.connection.status.kind == "online":
                self._remember(self.connection.clock.now())
            else:
                self.check()

    def _remember(self, now: datetime) -> None:
        self.last_contact = now
        replica, text = self.connection.replica, iso(now)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # made outside the loop (a script, a test): write it here
            replica.set_meta(LAST_CONTACT, text)
            return
        # An fsync per minute stays off the event loop; the value in memory is the one checked.
        saving = loop.run_in_executor(None, replica.set_meta, LAST_CONTACT, text)
        self._saving.add(saving)
        saving.add_done_callback(self._saved)

    def _saved(self, future: asyncio.Future[None]) -> None:
        self._saving.discard(future)
        if not future.cancelled() and future.exception() is not None:
            log.warning("the last contact was not saved: %s", future.exception())

    def _wipe(self, reason: Locked) -> None:
        removed = self.cache.clear()
        if reason == "purged" and self.notes is not None:
            # The notes are the delegate's, but on documents that are gone (docs/lifecycle.md).
            remove_notes(self.notes)
        if removed:
            log.info("wiped %d document files (%s)", removed, reason)
        if removed or self.locked != reason:
            self.locked = reason
            self._emit()

    def _emit(self) -> None:
        for listener in tuple(self._listeners):
            try:
                listener()
            except Exception:
                log.exception("a lease listener failed")


def _stamp(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return parse_iso(text)
    except ValueError:
        return None
