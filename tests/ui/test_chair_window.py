"""The chair's console against a real room server: the agenda moves the seats, requests reach the
queue, the floor is granted, extended, reordered and ended, a page presented reaches a following
seat, the secretary cannot grant, and a refusal reads in Vietnamese."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pymupdf
import pytest
import qasync
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sync.client.connection import Connection
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.ui.pdfs import make_pdf
from tests.ui.room import publish_pdf, seat_window, technician
from ui.chair_agenda import ITEM_ID
from ui.chair_model import ChairViewModel
from ui.chair_window import ChairWindow

pytestmark = pytest.mark.slow

ITEM = "item-03"
BUDGET = "Tờ trình về dự toán ngân sách năm 2027"


def test_the_chair_runs_a_speaking_round(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    qloop.run_until_complete(asyncio.wait_for(scenario(server, tmp_path, qtbot, screens), patience(120)))


async def console(server: ServerProcess, tmp_path: Path, qtbot: QtBot, role: str) -> ChairWindow:
    connection = await enrolled_client(tmp_path / role, server.card(role)["link"], f"Bàn {role}", start=False)
    window = ChairWindow(ChairViewModel(connection))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    connection.start()
    return window


async def ask(delegate: Connection, kind: str = "discussion") -> str:
    answer = await delegate.request("speak.request", {"kind": kind, "item_id": ITEM}, timeout=patience(5))
    assert answer["type"] == "ack", answer
    return f"req-{answer['seq']}"


async def scenario(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    tech, devices = await technician(server, tmp_path)
    chair = await console(server, tmp_path, qtbot, "chair")
    secretary = await console(server, tmp_path, qtbot, "secretary")
    seat = await seat_window(server, tmp_path, qtbot, "db-010")
    delegates = [
        await enrolled_client(tmp_path / d, server.card("delegate", d)["link"], f"Ghế {d}")
        for d in ("db-011", "db-012", "db-013")
    ]
    model = chair.model
    connections = [tech, devices, model.connection, secretary.model.connection, seat.connection, *delegates]
    asked: list[str] = []
    chair.confirm = lambda title, question, yes, no: asked.append(yes) is None  # always goes ahead
    try:
        await wait_until(lambda: all(c.status.kind == "online" for c in connections), what="online")
        await wait_until(lambda: chair.banner.kind == "online" and len(model.state.agenda) > 0, what="agenda")
        await wait_until(lambda: seat.connection.identity.device_id in getattr(devices.state, "devices", {}),
                         what="seat known to the technician")
        await publish_pdf(tech, devices, server, make_pdf(pages=6, title=BUDGET), document_id="doc-budget",
                          title=BUDGET, pages=6, item_id=ITEM)
        await wait_until(lambda: seat.fetcher.ready(seat.model.state.documents["doc-budget"])
                         if "doc-budget" in seat.model.state.documents else False, what="seat has the budget")

        # Activate an item from the console: the seat's model follows.
        row = next(n for n in range(chair.agenda.list.count()) if chair.agenda.list.item(n).data(ITEM_ID) == ITEM)
        chair.agenda.list.setCurrentRow(row)
        chair.agenda.activate_button.click()
        await wait_until(lambda: seat.model.active_item_id == ITEM, what="the seat follows the item")
        assert asked == []  # nothing was waiting or speaking: no question to ask

        # Delegates ask for the floor: the console's queue shows them in order.
        first = await ask(delegates[0])
        second = await ask(delegates[1])
        third = await ask(delegates[2], "question")
        await wait_until(lambda: chair.queue.list.request_ids() == [first, second, third], what="queue shown")
        assert chair.queue.count_label.text() == "3 người chờ"

        # Reorder by drag and drop: the third moves to the top; speak.reorder changes the order.
        queue = chair.queue.list
        # A synthetic QDropEvent has no source, and an InternalMove list refuses drops from
        # elsewhere: so the row is moved as Qt's drop moves it, then the hook dropEvent calls.
        queue.setCurrentRow(2)
        moved = queue.takeItem(2)
        queue.insertItem(0, moved)
        queue.setCurrentItem(moved)
        queue.dropped(third, 2)
        await wait_until(lambda: [r.request_id for r in model.state.speaking.waiting()] == [third, first, second],
                         what="reordered by the server")
        await wait_until(lambda: queue.request_ids() == [third, first, second], what="reorder shown")
        # The ▼ button is the keyboard's way to the same command.
        queue.setCurrentRow(0)
        chair.queue.down_button.click()
        await wait_until(lambda: [r.request_id for r in model.state.speaking.waiting()] == [first, third, second],
                         what="moved down")

        # The secretary sees the same queue, with granting disabled and saying why.
        await wait_until(lambda: secretary.queue.list.count() == 3, what="secretary's queue")
        assert not secretary.queue.next_button.isEnabled()
        assert secretary.queue.next_button.toolTip() == "Chỉ chủ tọa được mời phát biểu hoặc xóa yêu cầu."

        # The shortcut grants the first waiting: the timer runs at the kind's limit.
        chair.activateWindow()
        await wait_until(chair.isActiveWindow, what="the console active")  # window-wide keys need it
        qtbot.keyClick(chair, Qt.Key.Key_F5)
        await wait_until(lambda: model.state.speaking.speaker == first, what="first speaking")
        await wait_until(lambda: chair.speaker.name_label.text() == model.delegate_name("db-011"), what="shown")
        assert "Thời gian: 7 phút" in chair.speaker.detail_label.text()
        chair.speaker.tick()
        assert chair.speaker.clock_label.text() in ("07:00", "06:59") and chair.speaker.level == "normal"
        assert queue.request_ids() == [third, second]

        # Extend by a minute.
        chair.speaker.extend_1_button.click()
        await wait_until(lambda: model.state.speaking.requests[first].limit_s == 480, what="extended")
        await wait_until(lambda: "đã thêm 1 phút" in chair.speaker.detail_label.text(), what="extension shown")

        # Granting another while someone speaks asks first, then ends and grants.
        queue.setCurrentRow(1)
        chair.queue.grant_button.click()
        await wait_until(lambda: model.state.speaking.speaker == second, what="second speaking")
        assert asked == [f"Kết thúc và mời {model.delegate_name('db-012')}"]
        assert model.state.speaking.requests[first].status == "done"

        # End (early, confirmed).
        qtbot.keyClick(chair, Qt.Key.Key_F6)
        await wait_until(lambda: model.state.speaking.speaker is None, what="ended")
        assert asked[-1] == "Kết thúc phát biểu"
        assert chair.speaker.clock_label.text() == "--:--"
        chair.tabs.setCurrentWidget(chair.stats)
        chair.stats.item_button.setChecked(True)
        await wait_until(lambda: chair.stats.table.rowCount() == 2, what="statistics")
        # The minutes of the sitting, from the console's replica of the log.
        minutes = tmp_path / "bien-ban.pdf"
        chair.stats.choose_path = lambda: str(minutes)
        chair.stats.minutes_button.click()
        await wait_until(lambda: chair.stats.minutes_label.text().startswith("Đã lưu"), what="minutes saved")
        with pymupdf.open(minutes) as pdf:
            text = " ".join(" ".join(page.get_text().split()) for page in pdf)
        assert "BIÊN BẢN" in text and model.delegate_name("db-011") in text and model.delegate_name("db-012") in text

        # Present a page: the seat, following the chair, opens it.
        chair.tabs.setCurrentWidget(chair.presenting)
        await wait_until(lambda: chair.presenting.document_box.count() == 1, what="documents to present")
        chair.presenting.page_box.setValue(4)
        chair.presenting.present_button.click()
        await wait_until(lambda: seat.window.open_document_id == "doc-budget"
                         and seat.window.reader.current_page == 3, what="the seat shows page 4")
        await wait_until(lambda: "trang 4/6" in chair.presenting.now_label.text(), what="presenting shown")
        chair.presenting.next_button.click()  # while presenting, ▶ moves the hall with it
        await wait_until(lambda: seat.window.reader.current_page == 4, what="the seat shows page 5")
        await asyncio.sleep(0.2)
        chair.grab().save(str(screens / "chair_live_1366x768.png"))
        chair.presenting.stop_button.click()
        await wait_until(lambda: model.state.presenting is None, what="stopped")

        # A refusal reads in Vietnamese: the secretary ends nothing, and the server refuses a
        # reorder to the place the request already has.
        refusals: list[str] = []
        model.refusal_did_arrive.connect(refusals.append)
        answer = await model.command("speak.reorder", {"request_id": third, "position": 1})
        assert answer["type"] == "error" and answer["code"] == "conflict"
        await wait_until(lambda: chair.refusal_label.isVisible(), what="refusal shown")
        assert chair.refusal_label.text() == answer["message"] == refusals[-1]
        assert any(ch in refusals[-1] for ch in "ịứầ"), refusals[-1]
        secretary_answer = await secretary.model.command("speak.grant", {"request_id": third})
        assert secretary_answer["code"] == "forbidden" and secretary.refusal_label.text().startswith("Chỉ chủ tọa")

        # Next item with people waiting: confirmed, the queue lapses and empties.
        qtbot.keyClick(chair, Qt.Key.Key_F8)
        await wait_until(lambda: model.state.active_item == "item-04", what="next item")
        assert asked[-1] == "Chuyển sang nội dung 4"
        await wait_until(lambda: queue.count() == 0 and chair.queue.empty_label.isVisible(), what="queue empty")
    finally:
        seat.window.close()
        await seat.fetcher.stop()
        for connection in connections:
            await connection.stop()
