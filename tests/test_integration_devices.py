"""The device monitor through the real server (docs/devices.md): a technician's console learns every
device's health, a seat reports what it holds, and a technician can flash a seat's screen."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from app.device_status import document_tag
from app.model import MeetingState
from app.storage.replica import Replica
from sync.client.blobs import BlobCache
from sync.client.connection import Changes, Connection
from sync.client.device_report import APP_VERSION
from sync.client.documents import DocumentFetcher
from sync.client.publish import publish_document
from sync.tls import client_ssl_context_pinned
from tests.support import ServerProcess, enrolled_client, wait_until
from tests.ui.pdfs import make_pdf

pytestmark = pytest.mark.slow

MEETING = "ninhbinh-2026-k1"


async def test_the_technician_watches_a_seat_come_report_be_located_and_go(server: ServerProcess, tmp_path: Path) -> None:
    tech = await enrolled_client(tmp_path / "tech", server.card("technician")["link"], "Kỹ thuật")
    tech_id = tech.identity.device_id
    heard: list[Changes] = []
    tech.subscribe(lambda changes: heard.append(changes) if changes.devices else None)
    # The snapshot right after the welcome holds the technician's own device, online.
    await wait_until(lambda: tech_id in tech.devices and tech.devices[tech_id].online, what="the snapshot")
    await wait_until(lambda: bool(heard), what="the console told of it")  # after the log's events are stored
    assert tech.devices[tech_id].since is not None

    meeting = Connection(tech.identity, tech.keys, Replica(tmp_path / "tech-meeting.db"), log_id=MEETING)
    meeting.start()
    seat = await enrolled_client(tmp_path / "s40", server.card("delegate", "db-040")["link"], "Ghế 40")
    seat_id = seat.identity.device_id
    fetcher = DocumentFetcher(seat, BlobCache(tmp_path / "s40" / "blobs"))
    fetcher.start()
    located: list[tuple[str, int]] = []
    notices: list[str] = []

    def on_seat(changes: Changes) -> None:
        if changes.locate is not None:
            located.append(changes.locate)
        notices.extend(n.code for n in changes.notices)

    seat.subscribe(on_seat)
    try:
        await wait_until(lambda: seat_id in tech.devices and tech.devices[seat_id].online, what="the seat online")
        await wait_until(lambda: tech.devices[seat_id].report is not None, what="the seat's first report")
        report = tech.devices[seat_id].report
        assert report is not None and report.version == APP_VERSION and report.documents == ()
        # Same machine, same clock: the offset measured at the welcome is small.
        assert report.clock_offset_ms is not None and abs(report.clock_offset_ms) < 2000

        await wait_until(lambda: meeting.status.kind == "online" and seat_id in tech.state.devices, what="tech ready")
        ssl = client_ssl_context_pinned(server.fingerprint)
        async with aiohttp.ClientSession() as http:
            answer = await publish_document(meeting, tech, http, ssl, make_pdf(pages=2), document_id="nq-01",
                                            title="Dự thảo Nghị quyết", pages=2, item_id="item-07")
        assert answer["type"] == "ack", answer
        tag = document_tag("nq-01", 1)

        def holds() -> bool:
            r = tech.devices[seat_id].report
            return r is not None and r.documents == (tag,)

        await wait_until(holds, timeout=20, what="the seat reports the document it fetched")

        # Locate: the seat is told its own seat label, for ten seconds.
        assert isinstance(meeting.state, MeetingState)
        seat_of = meeting.state.seat_of("db-040")
        assert seat_of is not None
        assert await tech.locate(seat_id)
        await wait_until(lambda: located == [(seat_of.label, 10)], what="the seat is located")

        # A delegate's seat may not flash another screen: refused, nothing sent.
        assert await seat.locate(tech_id)
        await wait_until(lambda: "forbidden" in notices, what="the seat's locate refused")
        assert len(located) == 1

        before = tech.devices[seat_id]
        await fetcher.stop()
        await seat.stop()
        await wait_until(lambda: not tech.devices[seat_id].online, what="the seat offline")
        gone = tech.devices[seat_id]
        assert gone.since is not None and gone.last_seen is not None
        assert before.since is not None and gone.since >= before.since
        assert gone.report == before.report  # what it last reported stays known

        # An offline device cannot be located: the technician hears why.
        tech_notices: list[str] = []
        tech.subscribe(lambda changes: tech_notices.extend(n.code for n in changes.notices))
        assert await tech.locate(seat_id)
        await wait_until(lambda: "not_found" in tech_notices, what="not_found for an offline seat")
    finally:
        await fetcher.stop()
        for conn in (seat, meeting, tech):
            await conn.stop()


async def test_a_second_console_gets_the_whole_picture_and_seats_hear_nothing(server: ServerProcess,
                                                                             tmp_path: Path) -> None:
    seat = await enrolled_client(tmp_path / "s11", server.card("delegate", "db-011")["link"], "Ghế 11")
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    heard: list[Changes] = []
    seat.subscribe(lambda changes: heard.append(changes) if changes.devices else None)
    chair.subscribe(lambda changes: heard.append(changes) if changes.devices else None)
    try:
        await wait_until(lambda: seat.status.kind == "online" and chair.status.kind == "online", what="online")
        await wait_until(lambda: seat.reporter.last is not None, what="the seat reported")
        tech = await enrolled_client(tmp_path / "tech", server.card("technician")["link"], "Kỹ thuật")
        try:
            ids = {seat.identity.device_id, chair.identity.device_id, tech.identity.device_id}
            await wait_until(lambda: ids <= set(tech.devices) and all(tech.devices[i].online for i in ids),
                             what="one snapshot with everyone online")
            assert tech.devices[seat.identity.device_id].report == seat.reporter.last
        finally:
            await tech.stop()
        assert heard == [] and seat.devices == {} and chair.devices == {}  # only technicians are told
    finally:
        for conn in (seat, chair):
            await conn.stop()
