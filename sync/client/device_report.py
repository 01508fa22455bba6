"""What this device tells the room server about itself (C→S `status`, docs/devices.md)."""

from __future__ import annotations

import asyncio
import importlib.metadata
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from app.clock import RoomClock
from app.device_status import DeviceReport, document_tag
from app.model import MeetingState, ServerState
from sync.protocol.messages import MAX_REPORTED_DOCUMENTS

log = logging.getLogger(__name__)

# A report goes out after the welcome, then at most this often, and only when it changed.
REPORT_EVERY_S = 2.0


def app_version() -> str:
    """The installed package's version (the same on every device of a well-kept room)."""
    try:
        return importlib.metadata.version("phonghop")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


APP_VERSION = app_version()


class _Followed(Protocol):
    state: MeetingState | ServerState
    room_clock: RoomClock


def held_documents(state: MeetingState | ServerState, holds: Callable[[str], bool] | None) -> tuple[str, ...]:
    """Tags of the current versions whose blob this device holds whole and verified."""
    if holds is None or not isinstance(state, MeetingState):
        return ()
    tags = sorted(document_tag(d.document_id, d.version) for d in state.documents.values() if holds(d.blob))
    return tuple(tags[:MAX_REPORTED_DOCUMENTS])


class DeviceReporter:
    """Composes and sends one connection's report.

    Attributes: holds (blob sha → held whole and verified; set by whoever keeps the blobs, see
    sync.client.documents.DocumentFetcher; None: this device keeps no documents), last (the
    report last sent in this session, None before the first).
    """

    def __init__(self, followed: _Followed):
        self.followed = followed
        self.holds: Callable[[str], bool] | None = None
        self.last: DeviceReport | None = None

    def report(self) -> DeviceReport:
        # The room clock holds server time minus local time, measured at the welcome.
        offset_ms = -round(self.followed.room_clock.offset.total_seconds() * 1000)
        return DeviceReport(APP_VERSION, held_documents(self.followed.state, self.holds), offset_ms)

    async def run(self, send: Callable[[DeviceReport], Awaitable[None]]) -> None:
        """For one session, from its welcome: the first report at once, then whenever it changed
        (a download finished, a new version published), checked every REPORT_EVERY_S."""
        self.last = None
        while True:
            try:
                report = self.report()
            except OSError:
                log.warning("could not look at the documents held; reporting later", exc_info=True)
            else:
                if report != self.last:
                    await send(report)
                    self.last = report
            await asyncio.sleep(REPORT_EVERY_S)
