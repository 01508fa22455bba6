"""The seat window when the meeting's documents leave the device: the purge after the meeting and
an expired offline lease, against a real room server; screens saved under /tmp/phonghop-screens."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.storage.search_index import SearchIndex
from tests.support import ServerProcess, patience, wait_until
from tests.ui.pdfs import make_pdf
from tests.ui.room import Seat, publish_pdf, seat_window, technician
from ui import theme

pytestmark = pytest.mark.slow

DELEGATE = "db-010"
TITLE = "Tờ trình số 12 về dự toán ngân sách năm 2027"
PURGED = "Kỳ họp đã kết thúc. Tài liệu đã được xóa khỏi máy này."


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


async def reading(server: ServerProcess, tmp_path: Path, qtbot: QtBot, search: SearchIndex | None = None):  # type: ignore[no-untyped-def]
    """A seat reading a published document, and the technician who published it."""
    tech, devices = await technician(server, tmp_path)
    made = await seat_window(server, tmp_path, qtbot, DELEGATE, search=search)
    await wait_until(lambda: tech.status.kind == "online" and made.connection.status.kind == "online", what="online")
    await wait_until(lambda: made.connection.identity.device_id in getattr(devices.state, "devices", {}),
                     what="devices known")
    await publish_pdf(tech, devices, server, make_pdf(pages=3, title="Dự toán ngân sách nhà nước"),
                      document_id="tt-12", title=TITLE, pages=3, item_id="item-03")
    await wait_until(lambda: made.window.agenda.row("tt-12") is not None, what="document listed")
    await wait_until(lambda: made.fetcher.ready(made.model.state.documents["tt-12"]), what="downloaded")
    qtbot.mouseClick(made.window.agenda.row("tt-12"), Qt.MouseButton.LeftButton)
    await wait_until(lambda: made.window.reader.page_count == 3 and made.window.reader.is_rendered(0), what="PDF shown")
    return tech, devices, made


async def close(made: Seat, *connections) -> None:  # type: ignore[no-untyped-def]
    made.window.close()
    await made.fetcher.stop()
    for conn in (made.connection, *connections):
        await conn.stop()


def test_after_the_purge_the_seat_shows_the_notice_instead_of_documents(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    qloop.run_until_complete(asyncio.wait_for(purge_scenario(server, tmp_path, qtbot, screens), patience(90)))


async def purge_scenario(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    index = SearchIndex(Path(":memory:"))
    tech, devices, made = await reading(server, tmp_path, qtbot, index)
    window = made.window
    try:
        assert window.search_panel is not None and window.indexer is not None
        await wait_until(lambda: index.indexed_version("tt-12") == 1, what="indexed")
        window.search_panel.box.setText("du toan")
        window.search_panel.refresh()
        assert [h.document_id for h in window.search_panel.hits][:1] == ["tt-12"]

        answer = await tech.request("meeting.purge", {"confirm": True}, timeout=patience(5))
        assert answer["type"] == "ack", answer
        await wait_until(lambda: window.reader.message_label.text() == PURGED, what="the notice in the reader")
        assert window.reader.page_count == 0 and window.open_document_id is None
        assert window.agenda.row("tt-12") is None
        assert window.message_label.text() == PURGED and theme.ACCENT in window.message_label.styleSheet()
        # Nothing of the text stays to be found, nor of the file on disk.
        assert window.search_panel.hits == [] and index.indexed_version("tt-12") is None
        assert files_under(tmp_path / "seat-blobs") == []
        # Searching again finds nothing; a tap on a search result or a presented page opens nothing.
        window.search_panel.refresh()
        assert window.search_panel.hits == []
        window.open_document("tt-12")
        assert window.reader.message_label.text() == PURGED
        window.search_panel.box.setText("")
        await asyncio.sleep(0.3)
        window.grab().save(str(screens / "seat-purged.png"))
    finally:
        await close(made, tech, devices)
        index.close()


def test_an_expired_lease_locks_the_open_document(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    qloop.run_until_complete(asyncio.wait_for(lease_scenario(server, tmp_path, qtbot, screens), patience(90)))


async def lease_scenario(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    tech, devices, made = await reading(server, tmp_path, qtbot)
    window, lease = made.window, made.fetcher.lease
    clock = FixedClock(datetime.now(UTC))
    made.connection.clock = clock  # the lease reads the connection's clock
    try:
        server.kill9()
        await wait_until(lambda: window.banner.kind != "online", what="offline")
        assert window.reader.page_count == 3  # still readable within the lease
        clock.advance(12 * 3600 + 1)
        lease.check()  # what the lease's minute timer does while offline
        text = ("Tài liệu đã bị khóa vì máy mất kết nối quá 12 giờ. "
                "Hãy kết nối lại với phòng họp để tải lại.")
        await wait_until(lambda: window.reader.message_label.text() == text, what="the lock in the reader")
        assert window.reader.page_count == 0 and files_under(tmp_path / "seat-blobs") == []
        assert window.message_label.text() == text and theme.DANGER in window.message_label.styleSheet()
        # Still listed (the meeting goes on), no longer ready, and it opens to the same explanation.
        row = window.agenda.row("tt-12")
        assert row is not None and row.state_label.text() == "chờ tải"
        assert "Chương trình kỳ họp trên máy vẫn xem được" in window.banner.text_label.text()
        assert "Tài liệu và chương trình" not in window.banner.text_label.text()
        window.open_document("tt-12")
        assert window.reader.message_label.text() == text
        await asyncio.sleep(0.3)
        window.grab().save(str(screens / "seat-lease-locked.png"))
    finally:
        await close(made, tech, devices)
