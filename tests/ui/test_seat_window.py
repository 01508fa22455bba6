"""The seat window against a real room server subprocess: agenda, live item, check-in, documents,
offline banner; key screens saved as PNG under /tmp/phonghop-screens."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sync.client.connection import Connection
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.ui.pdfs import make_pdf
from tests.ui.room import publish_pdf, seat_window, technician
from ui import theme

pytestmark = pytest.mark.slow

DELEGATE = "db-010"


async def publish(tech: Connection, devices: Connection, server: ServerProcess, document_id: str, item_id: str,
                  title: str, classification: str, pages: int) -> None:
    """The technician's part: encrypt, wrap the key for every device of the meeting, upload, add."""
    await publish_pdf(tech, devices, server, make_pdf(pages=pages, title=title), document_id=document_id,
                      title=title, pages=pages, item_id=item_id, classification=classification)


def test_seat_window_follows_the_real_room(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    qloop.run_until_complete(asyncio.wait_for(scenario(server, tmp_path, qtbot, screens), patience(90)))


async def scenario(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    tech, devices = await technician(server, tmp_path)
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    made = await seat_window(server, tmp_path, qtbot, DELEGATE)
    seat, fetcher, model, window, opened = made.connection, made.fetcher, made.model, made.window, made.opened
    try:
        await wait_until(lambda: tech.status.kind == "online" and tech.token is not None, what="technician online")
        await wait_until(lambda: seat.identity.device_id in getattr(devices.state, "devices", {}), what="devices known")
        await wait_until(lambda: len(window.agenda.cards) == 9, what="the nine agenda items")
        await wait_until(lambda: window.banner.kind == "online", what="seat online")
        assert window.banner.text_label.text().endswith("Đã kết nối")
        assert not window.banner.retry_button.isVisible()
        assert window.title_label.text() == model.meeting_title != ""
        assert model.delegate is not None and model.delegate.name in window.who_label.text()
        titles = [card.title_label.text() for card in window.agenda.cards.values()]
        assert titles[0].startswith("1. ") and titles[-1].startswith("9. Bế mạc")
        assert "Chọn một tài liệu" in window.reader.message_label.text()
        await asyncio.sleep(0.2)
        window.grab().save(str(screens / "seat-start.png"))

        # The chair activates an item: the seat marks it live.
        await publish(tech, devices, server, "doc-budget", "item-03", "Tờ trình về dự toán ngân sách năm 2027", "public", 6)
        await publish(tech, devices, server, "doc-staff", "item-03", "Báo cáo nhân sự (dự thảo)", "internal", 2)
        answer = await chair.request("agenda.activate", {"item_id": "item-03"}, timeout=patience(5))
        assert answer["type"] == "ack", answer
        await wait_until(lambda: window.agenda.cards["item-03"].status == "active", what="item 3 live")
        live = window.agenda.cards["item-03"]
        assert live.status_label.isVisible() and "Đang thảo luận" in live.status_label.text()
        assert all(c.status == "pending" for k, c in window.agenda.cards.items() if k != "item-03")

        # Check-in goes to the server and comes back as presence.
        assert window.check_in_button.text() == "Điểm danh"
        qtbot.mouseClick(window.check_in_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: model.is_present, what="the delegate present")
        assert window.check_in_button.text() == "✓ Đã điểm danh" and not window.check_in_button.isEnabled()
        assert not window.message_label.isVisible()

        # Documents arrive in the background and open in the reader.
        await wait_until(lambda: window.agenda.row("doc-budget") is not None, what="document listed")
        await wait_until(lambda: all(fetcher.ready(d) for d in model.state.documents.values()), what="downloads")
        await wait_until(lambda: window.agenda.row("doc-budget").state_label.text() == "sẵn sàng",  # type: ignore[union-attr]
                         what="ready label")
        internal_row = window.agenda.row("doc-staff")
        assert internal_row is not None and internal_row.badge.isVisible()
        assert not window.agenda.row("doc-budget").badge.isVisible()  # type: ignore[union-attr]
        qtbot.mouseClick(window.agenda.row("doc-budget"), Qt.MouseButton.LeftButton)
        await wait_until(lambda: window.reader.page_count == 6 and window.reader.is_rendered(0), what="PDF shown")
        assert window.reader.page_label.text() == "Trang 1/6" and opened == ["doc-budget"]
        assert window.reader.page_widget(0).watermark is None
        await asyncio.sleep(0.2)
        window.grab().save(str(screens / "seat-window.png"))

        qtbot.mouseClick(internal_row, Qt.MouseButton.LeftButton)
        await wait_until(lambda: window.reader.page_count == 2 and window.reader.is_rendered(0), what="internal PDF")
        mark = window.reader.page_widget(0).watermark
        assert mark is not None and model.delegate.name in mark and model.seat_label in mark
        await asyncio.sleep(0.2)
        window.grab().save(str(screens / "seat-internal-document.png"))

        # Live notices: a new version of a document, and the chair speaking to the hall.
        await publish_pdf(tech, devices, server, make_pdf(pages=7, title="Tờ trình (bản sửa)"),
                          document_id="doc-budget", title="Tờ trình về dự toán ngân sách năm 2027", pages=7,
                          item_id="item-03", version=2, change_note="Bổ sung phụ lục chi đầu tư")
        await wait_until(lambda: "đã cập nhật lên bản 2: Bổ sung phụ lục chi đầu tư" in window.message_label.text(),
                         what="the update notice")
        await chair.request("message.send", {"to": "all", "text": "Đề nghị các đại biểu về chỗ ngồi."},
                            timeout=patience(5))
        await wait_until(lambda: window.message_label.text() == "Thông báo của Chủ tọa: Đề nghị các đại biểu về chỗ ngồi.",
                         what="the chair's notice")
        # News looks like news, not like the red of a refusal.
        assert theme.ACCENT in window.message_label.styleSheet() and theme.DANGER not in window.message_label.styleSheet()

        # The room server goes away: the seat says so and keeps what it has.
        server.kill9()
        await wait_until(lambda: window.banner.text_label.text().find("Mất kết nối từ") >= 0, what="offline banner")
        assert window.banner.retry_button.isVisible()
        assert len(window.agenda.cards) == 9 and window.agenda.cards["item-03"].status == "active"
        assert window.reader.page_count == 2  # still readable
        qtbot.mouseClick(window.banner.retry_button, Qt.MouseButton.LeftButton)  # no crash while down
        await asyncio.sleep(0.2)
        window.grab().save(str(screens / "seat-offline.png"))
    finally:
        window.close()
        await fetcher.stop()
        for conn in (seat, chair, tech, devices):
            await conn.stop()
