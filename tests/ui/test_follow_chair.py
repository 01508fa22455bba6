"""Following the chair at the seat, against a real room server: the chair presents a page and the
seat window turns to it; switched off, it stays put and offers to go there; screens under /tmp."""

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

pytestmark = pytest.mark.slow

BUDGET = "Tờ trình về dự toán ngân sách năm 2027"
SHOTS = Path("/tmp")


def test_the_seat_follows_the_chair(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    qloop.run_until_complete(asyncio.wait_for(scenario(server, tmp_path, qtbot), patience(90)))


async def present(chair: Connection, document_id: str, page: int) -> None:
    answer = await chair.request("present.page", {"document_id": document_id, "page": page}, timeout=patience(5))
    assert answer["type"] == "ack", answer


async def scenario(server: ServerProcess, tmp_path: Path, qtbot: QtBot) -> None:
    tech, devices = await technician(server, tmp_path)
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    made = await seat_window(server, tmp_path, qtbot, "db-010")
    seat, fetcher, model, window = made.connection, made.fetcher, made.model, made.window
    view = window.reader

    def shows(document_id: str, index: int) -> bool:
        return (window.open_document_id == document_id and view.page_count > 0
                and view.current_page == index and view.is_rendered(index))

    try:
        await wait_until(lambda: tech.status.kind == "online" and window.banner.kind == "online", what="online")
        await wait_until(lambda: seat.identity.device_id in getattr(devices.state, "devices", {}), what="devices known")
        # Following is on before anything is presented; nothing to show yet.
        assert window.follow_button.isChecked() and window.follow_button.text() == "✓ Theo chủ tọa"
        assert window.follow_button.minimumHeight() >= 48
        assert not window.presenting_label.isVisible() and not window.go_to_presented_button.isVisible()

        await publish_pdf(tech, devices, server, make_pdf(pages=8, title=BUDGET), document_id="doc-budget",
                          title=BUDGET, pages=8, item_id="item-03")
        await publish_pdf(tech, devices, server, make_pdf(pages=3, title="Báo cáo thẩm tra"),
                          document_id="doc-report", title="Báo cáo thẩm tra", pages=3, item_id="item-03")
        await wait_until(lambda: all(fetcher.ready(d) for d in model.state.documents.values()) and
                         len(model.state.documents) == 2, what="downloads")

        # The chair presents page 3 (1-based on the wire): the seat shows page index 2.
        await present(chair, "doc-budget", 3)
        await wait_until(lambda: shows("doc-budget", 2), what="page 3 of the budget shown")
        assert window.presenting_label.text() == f"Chủ tọa đang trình chiếu: {BUDGET}, trang 3"
        assert window.presenting_label.isVisible() and not window.go_to_presented_button.isVisible()
        assert view.page_label.text() == "Trang 3/8"
        assert window.agenda.selected == "doc-budget"
        await asyncio.sleep(0.3)
        window.grab().save(str(SHOTS / "follow_on.png"))

        # Turning pages by hand does not stop following: the chair's next page moves the seat again.
        view.go_to_page(0)
        await present(chair, "doc-budget", 5)
        await wait_until(lambda: shows("doc-budget", 4), what="page 5 while following")
        view.go_to_page(1)
        await present(chair, "doc-budget", 5)  # the same page again calls the seat back
        await wait_until(lambda: shows("doc-budget", 4), what="back to page 5")

        # Switched off: the chair's next page leaves the view alone, and the seat offers to go there.
        qtbot.mouseClick(window.follow_button, Qt.MouseButton.LeftButton)
        assert not window.follow_button.isChecked() and window.follow_button.text() == "Theo chủ tọa"
        assert window.go_to_presented_button.isVisible()
        await present(chair, "doc-report", 2)
        await wait_until(lambda: window.presenting_label.text().endswith("Báo cáo thẩm tra, trang 2"),
                         what="the live line follows even when the view does not")
        await asyncio.sleep(0.3)
        assert shows("doc-budget", 4) and window.agenda.selected == "doc-budget"
        window.grab().save(str(SHOTS / "follow_off.png"))
        qtbot.mouseClick(window.go_to_presented_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: shows("doc-report", 1), what="the go-to button moves the view")
        assert not window.follow_button.isChecked()

        # Switched back on, the seat goes to the page shown now.
        view.go_to_page(0)
        qtbot.mouseClick(window.follow_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: shows("doc-report", 1), what="back to the chair's page when switched on")
        assert not window.go_to_presented_button.isVisible()

        # The chair stops: the line goes, the view stays where it is.
        stop = await chair.request("present.stop", {}, timeout=patience(5))
        assert stop["type"] == "ack", stop
        await wait_until(lambda: not window.presenting_label.isVisible(), what="the line cleared")
        assert window.presenting_label.text() == "" and not window.go_to_presented_button.isVisible()
        assert shows("doc-report", 1)

        # A document presented as soon as it is published may still be downloading: it opens at
        # the chair's page once it is here.
        await publish_pdf(tech, devices, server, make_pdf(pages=4, title="Phụ lục"), document_id="doc-late",
                          title="Phụ lục", pages=4, item_id="item-03")
        await present(chair, "doc-late", 3)
        await wait_until(lambda: shows("doc-late", 2), timeout=20, what="the late document at page 3")

        # A new version that still has the page: the seat reopens it at the chair's page, not at page 1.
        await publish_pdf(tech, devices, server, make_pdf(pages=5, title="Phụ lục (bản sửa)"), document_id="doc-late",
                          title="Phụ lục", pages=5, item_id="item-03", version=2)
        await wait_until(lambda: view.page_count == 5 and shows("doc-late", 2), timeout=20,
                         what="version 2 at page 3")
        assert model.presenting is not None and model.presenting.page == 3
    finally:
        window.close()
        await fetcher.stop()
        for conn in (seat, chair, tech, devices):
            await conn.stop()
