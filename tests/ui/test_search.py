"""Search at the seat against a real room server: encrypted documents are indexed off the GUI
thread, found without diacritics, and a result opens its document at its page."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pymupdf
import pytest
import qasync
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.storage.search_index import SearchHit, SearchIndex
from phonghop.seat import IN_MEMORY
from sync.client.connection import Connection
from tests.support import ServerProcess, patience, wait_until
from tests.ui.pdfs import A4, DEJAVU
from tests.ui.room import publish_pdf, seat_window, technician
from ui.search_panel import snippet_html

DELEGATE = "db-010"

LAND = "Tờ trình về quản lý đất đai"
LAND_PAGES = [
    ["Báo cáo tình hình kinh tế – xã hội sáu tháng đầu năm.", "Tăng trưởng đạt 7,2 phần trăm."],
    ["Dự thảo Nghị quyết về quản lý, sử dụng đất đai.", "Điều 1. Phạm vi điều chỉnh của nghị quyết."],
    ["Phụ lục: danh mục dự án thu hồi đất.", "Ủy ban nhân dân tỉnh tổ chức thực hiện."],
]
SCHOOL = "Kế hoạch xây dựng trường học"
SCHOOL_PAGES = [
    ["Tờ trình xây dựng trường học vùng cao.", "Tổng mức đầu tư 120 tỷ đồng."],
    ["Báo cáo đầu tư công trường mầm non.", "Hoàn thành trước tháng 9 năm 2027."],
]


def vietnamese_pdf(title: str, pages: list[list[str]]) -> bytes:
    doc = pymupdf.open()
    for lines in pages:
        page = doc.new_page(width=A4[0], height=A4[1])
        page.insert_font(fontname="dejavu", fontfile=str(DEJAVU))
        page.insert_text((60, 90), title, fontname="dejavu", fontsize=16)
        for number, line in enumerate(lines):
            page.insert_text((60, 150 + 30 * number), line, fontname="dejavu", fontsize=12)
    data: bytes = doc.tobytes()
    doc.close()
    return data


async def publish(tech: Connection, devices: Connection, server: ServerProcess, document_id: str, title: str,
                  pages: list[list[str]]) -> None:
    await publish_pdf(tech, devices, server, vietnamese_pdf(title, pages), document_id=document_id, title=title,
                      pages=len(pages), item_id="item-03")


def test_snippet_html_bolds_the_matches_and_escapes_the_rest() -> None:
    hit = SearchHit("d", 1, 1, "a <b> Nghị quyết & x", -1.0, ((6, 16),))
    assert snippet_html(hit).startswith("a &lt;b&gt; <b")
    assert ">Nghị quyết</b> &amp; x" in snippet_html(hit)


@pytest.mark.slow
def test_seat_search_finds_pages_and_opens_them(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    qloop.run_until_complete(asyncio.wait_for(scenario(server, tmp_path, qtbot, screens), patience(90)))


async def scenario(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    tech, devices = await technician(server, tmp_path)
    search = SearchIndex(IN_MEMORY)  # as the seat keeps it: nothing decrypted on disk
    made = await seat_window(server, tmp_path, qtbot, DELEGATE, search=search)
    seat, fetcher, model, window = made.connection, made.fetcher, made.model, made.window
    panel = window.search_panel
    indexer = window.indexer
    assert panel is not None and indexer is not None
    try:
        assert panel.box.placeholderText() == "Tìm trong tài liệu…"
        assert "nghi quyet" in panel.box.toolTip()
        await wait_until(lambda: tech.status.kind == "online" and tech.token is not None, what="technician online")
        await wait_until(lambda: seat.identity.device_id in getattr(devices.state, "devices", {}), what="devices known")
        await wait_until(lambda: window.banner.kind == "online", what="seat online")
        await publish(tech, devices, server, "doc-land", LAND, LAND_PAGES)
        await publish(tech, devices, server, "doc-school", SCHOOL, SCHOOL_PAGES)
        await wait_until(lambda: len(model.state.documents) == 2, what="documents listed")
        await wait_until(lambda: all(indexer.is_indexed(d) for d in model.state.documents.values()),
                         timeout=30, what="documents indexed")

        # Typed without diacritics, found with them, in the right document and page.
        qtbot.keyClicks(panel.box, "nghi quyet")
        assert not window.agenda.isVisible() and panel.results.isVisible()
        await wait_until(lambda: len(panel.rows) > 0, what="results")
        assert {h.document_id for h in panel.hits} == {"doc-land"}
        assert [h.page for h in panel.hits] == [2]
        row = panel.rows[0]
        assert row.title_label.text() == LAND and row.page_label.text() == "Trang 2"
        assert "<b" in row.snippet_label.text() and "Nghị quyết</b>" in row.snippet_label.text()

        # Tapping it opens that document at that page.
        qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
        await wait_until(lambda: window.reader.page_count == 3 and window.open_document_id == "doc-land",
                         what="document opened")
        await wait_until(lambda: window.reader.current_page == 1, what="page 2 shown")
        assert window.document_title.text() == LAND and window.agenda.selected == "doc-land"
        assert window.reader.page_label.text() == "Trang 2/3" and panel.rows[0].current
        await wait_until(lambda: window.reader.is_rendered(1), what="page 2 rendered")
        await asyncio.sleep(0.3)
        window.grab().save(str(screens / "seat-search.png"))

        # The scope: both documents hold "báo cáo"; only the open one when asked.
        panel.box.setText("bao cao")
        await wait_until(lambda: {h.document_id for h in panel.hits} == {"doc-land", "doc-school"},
                         what="results from both documents")
        assert panel.open_button.isEnabled()
        qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
        assert {h.document_id for h in panel.hits} == {"doc-land"}
        qtbot.mouseClick(panel.all_button, Qt.MouseButton.LeftButton)
        assert {h.document_id for h in panel.hits} == {"doc-land", "doc-school"}

        # A result in another document, on the same open window.
        school = next(r for r in panel.rows if r.hit.document_id == "doc-school")
        qtbot.mouseClick(school, Qt.MouseButton.LeftButton)
        await wait_until(lambda: window.open_document_id == "doc-school" and window.reader.page_count == 2
                         and window.reader.current_page == 1, what="school page 2")
        # A result in the document already open only moves the page.
        panel.box.setText("truong hoc vung cao")
        await wait_until(lambda: [h.page for h in panel.hits] == [1], what="school page 1 result")
        qtbot.mouseClick(panel.rows[0], Qt.MouseButton.LeftButton)
        await wait_until(lambda: window.reader.current_page == 0, what="back to page 1")

        # Text that would be FTS5 syntax is just text.
        for hostile in ['"', "(", "*", "AND", '"nghi', "nghi AND (", "NEAR(a b)", "-x", "^", ":", "'"]:
            panel.box.setText(hostile)
            panel.refresh()
            assert panel.status_label.text(), hostile
        panel.box.setText("khong co tu nay")
        panel.refresh()
        assert panel.rows == [] and panel.status_label.text() == "Không tìm thấy kết quả cho «khong co tu nay»"

        # Clearing brings the agenda back.
        qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
        assert window.agenda.isVisible() and not panel.results.isVisible()
    finally:
        window.close()
        await fetcher.stop()
        for conn in (seat, tech, devices):
            await conn.stop()
        search.close()
