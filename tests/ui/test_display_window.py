"""The hall display: layouts that switch by themselves, the countdown on an injected clock, the
presented page rendered, and the real room server driving it (the display may send nothing).
Screens at 1920×1080 and 1280×720 go to /tmp/phonghop-screens/ to be looked at."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import qasync
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from app.clock import FixedClock, SystemClock
from app.errors import DomainError
from app.events import Event
from app.model import MeetingState
from phonghop.display import run_enrolled_display
from sync.client.blobs import BlobCache
from sync.client.connection import Changes, Connection
from sync.client.device import enroll_device
from sync.client.documents import DocumentFetcher
from sync.client.reader import DocumentReader
from sync.client.status import ConnectionStatus
from tests.domain_log import CHAIR_ACTOR, T0, TECH_ACTOR, MemoryRoom, seat_of
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.ui.pdfs import make_pdf
from tests.ui.room import publish_pdf, technician
from tests.ui.test_seat_parts import StandInFetcher
from ui.display_look import AMBER, OVER, FitText
from ui.display_model import DisplayViewModel, countdown_text
from ui.display_window import DisplayWindow

SIZES = ((1920, 1080), (1280, 720))
# As long as an item's title may be (200 characters), with the letters that stack two marks.
LONG_ITEM = ("Thảo luận, biểu quyết thông qua Nghị quyết về điều chỉnh, bổ sung kế hoạch đầu tư công trung "
             "hạn giai đoạn 2026–2030 và phân bổ chi tiết kế hoạch vốn năm 2027 sau sắp xếp ĐƠN VỊ HÀNH CHÍNH")


class StandInConnection:
    """What DisplayViewModel reads of a Connection, fed from a MemoryRoom."""

    def __init__(self, room: MemoryRoom):
        self.room = room
        self.identity = SimpleNamespace(delegate_id=None, seat=None, role="display")
        self.status = ConnectionStatus("online")
        self.head_seq: int | None = 0
        self.listeners: list[Any] = []
        self.room_clock = SystemClock()

    @property
    def state(self) -> MeetingState:
        return self.room.meeting

    def subscribe(self, listener: Any) -> None:
        self.listeners.append(listener)

    def emit(self, events: list[Event], status: bool = False) -> None:
        for listener in self.listeners:
            listener(Changes(events=tuple(events), status=status))

    def cmd(self, actor: Any, name: str, args: dict[str, Any]) -> list[Event]:
        events = self.room.cmd(actor, name, args)
        self.emit(events)
        return events


def display(qtbot: QtBot, clock: FixedClock | None = None, pdf: bytes | None = None,
            size: tuple[int, int] = (1920, 1080)) -> tuple[StandInConnection, StandInFetcher, DisplayWindow]:
    room = MemoryRoom()
    room.now = T0
    conn = StandInConnection(room)
    fetcher = StandInFetcher()
    model = DisplayViewModel(conn, fetcher, clock or FixedClock(T0))  # type: ignore[arg-type]
    window = DisplayWindow(model, lambda document: pdf or make_pdf(pages=8))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return conn, fetcher, window


def add_document(conn: StandInConnection, document_id: str, title: str, pages: int, item_id: str) -> None:
    args = {"document_id": document_id, "item_id": item_id, "title": title, "version": 1, "pages": pages,
            "classification": "public", "blob": "a" * 64, "size": 1000, "plain_size": 900,
            "chunk_size": 65536, "keys": {}}
    conn.cmd(TECH_ACTOR, "document.add", args)


def texts_fit(window: DisplayWindow) -> list[str]:
    """Every visible FitText whose words do not fit its box at the size it drew (a clipped title)."""
    bad = []
    for text in window.findChildren(FitText):
        if not text.isVisible() or not text.text():
            continue
        px = text.fitted_px()
        box = text.box(px, text.width(), text.wrapped)
        if box.height() > text.height() + 1 or box.width() > text.width() + 1:
            bad.append(f"{text.text()!r}: {box.width()}x{box.height()} in {text.width()}x{text.height()}")
    return bad


def ink_share(image: QImage, color: str, tolerance: int = 40) -> float:
    """The share of pixels (sampled) close to `color`."""
    target = QColor(color)
    hits = total = 0
    for y in range(0, image.height(), 7):
        for x in range(0, image.width(), 7):
            c = image.pixelColor(x, y)
            total += 1
            if (abs(c.red() - target.red()) + abs(c.green() - target.green())
                    + abs(c.blue() - target.blue())) <= tolerance:
                hits += 1
    return hits / max(total, 1)


def save(window: DisplayWindow, screens: Path, name: str) -> None:
    QApplication.processEvents()  # the layouts settle as they would before the next frame
    window.grab().save(str(screens / f"display-{name}-{window.width()}x{window.height()}.png"))


# -- stand-in tests: what the screen shows, by layout ---------------------------------------------


def test_countdown_text_rounds_up_and_counts_past_the_limit() -> None:
    assert countdown_text(420) == "07:00"
    assert countdown_text(419.2) == "07:00"
    assert countdown_text(0.2) == "00:01"
    assert countdown_text(0) == "00:00"
    assert countdown_text(-0.3) == "+00:01"
    assert countdown_text(-75) == "+01:15"
    assert countdown_text(3600) == "60:00"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_agenda_layout_follows_the_item_and_wraps_long_titles(
    qtbot: QtBot, screens: Path, size: tuple[int, int]
) -> None:
    conn, _, window = display(qtbot, size=size)
    assert window.layout_shown == "agenda"
    assert window.meeting_text.text() == conn.state.meeting.title  # type: ignore[union-attr]
    assert window.item_heading.text() == "Sắp tới · Nội dung 1/9"
    assert window.attendance_text.text() == "Có mặt: 0/85"
    assert window.quorum_text.text() == "Chưa đủ túc số (cần 57)"
    assert window.connection_text.text() == "Đã kết nối"

    conn.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": "item-03"})
    item = conn.state.agenda["item-03"]
    assert window.item_heading.text() == "Đang thảo luận · Nội dung 3/9"
    assert window.item_text.text() == item.title
    assert window.next_item_text.text().startswith("Tiếp theo: 4. ")
    save(window, screens, "agenda")

    # The longest title a council writes: wrapped onto several lines, smaller, but all of it.
    conn.cmd(TECH_ACTOR, "agenda.update", {"item_id": "item-03", "title": LONG_ITEM})
    qtbot.wait(50)
    assert window.item_text.text() == LONG_ITEM
    assert texts_fit(window) == []
    assert window.item_text.pixel_size >= 40 * window.scale  # still read from the back of the hall
    save(window, screens, "agenda-long")

    # Check-ins move the footer; two thirds of 85 (57) meet the quorum.
    for n in range(1, 58):
        conn.cmd(seat_of(f"db-{n:03d}"), "attendance.check_in", {})
    assert window.attendance_text.text() == "Có mặt: 57/85"
    assert window.quorum_text.text() == "Đủ túc số"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_speaker_layout_counts_down_on_the_injected_clock(
    qtbot: QtBot, screens: Path, size: tuple[int, int]
) -> None:
    clock = FixedClock(T0)
    conn, _, window = display(qtbot, clock=clock, size=size)
    conn.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": "item-06"})
    for delegate, kind in (("db-020", "discussion"), ("db-031", "question"), ("db-042", "debate"),
                           ("db-053", "discussion"), ("db-064", "discussion")):
        conn.cmd(seat_of(delegate), "speak.request", {"kind": kind})
    assert window.layout_shown == "agenda"
    first = next(iter(conn.state.speaking.waiting()))
    conn.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": first.request_id})
    assert window.layout_shown == "speaker"
    speaker = conn.state.delegates["db-020"]
    assert window.speaker_name_text.text() == speaker.name
    assert window.speaker_group_text.text() == speaker.group_name
    assert window.speech_kind_text.text() == "PHÁT BIỂU"
    assert window.countdown_text.text() == "07:00"
    assert window.queue_heading.text() == "Tiếp theo (4 đại biểu đăng ký)"
    lines = [t.text() for t in window.queue_texts]
    assert lines[0].startswith("1.  " + conn.state.delegates["db-031"].name) and lines[0].endswith("· Chất vấn")
    assert lines[2].startswith("3.  ") and len([line for line in lines if line]) == 3
    assert texts_fit(window) == []
    save(window, screens, "speaker")

    clock.advance(6 * 60 + 29.5)  # 30.5 s left: still calm
    window.tick()
    assert window.countdown_text.text() == "00:31" and window.countdown_label.text() == "Thời gian còn lại"
    clock.advance(0.5)  # 30 s left: amber
    window.tick()
    assert window.countdown_text.text() == "00:30" and window.countdown_label.text() == "Sắp hết giờ"
    qtbot.wait(20)
    assert ink_share(window.countdown_panel.grab().toImage(), AMBER) > 0.4
    save(window, screens, "speaker-warn")

    clock.advance(45)  # 15 s past the limit: red, "HẾT GIỜ"
    window.tick()
    assert window.countdown_text.text() == "+00:15" and window.countdown_label.text() == "HẾT GIỜ"
    qtbot.wait(20)
    assert ink_share(window.countdown_panel.grab().toImage(), OVER) > 0.4
    assert texts_fit(window) == []
    save(window, screens, "speaker-over")

    # The chair extends by a minute: 45 s left, calm again.
    conn.room.now = T0 + (clock.now() - T0)
    conn.cmd(CHAIR_ACTOR, "speak.extend", {"request_id": first.request_id, "add_s": 60})
    window.tick()
    assert window.countdown_text.text() == "00:45" and window.countdown_label.text() == "Thời gian còn lại"

    conn.cmd(CHAIR_ACTOR, "speak.end", {"request_id": first.request_id})
    assert window.layout_shown == "agenda"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_presented_page_comes_first_and_stopping_goes_back(
    qtbot: QtBot, screens: Path, size: tuple[int, int]
) -> None:
    conn, fetcher, window = display(qtbot, size=size)
    conn.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": "item-06"})
    add_document(conn, "doc-budget", "Tờ trình về dự toán ngân sách nhà nước và phân bổ ngân sách tỉnh năm 2027",
                 8, "item-06")
    conn.cmd(CHAIR_ACTOR, "present.page", {"document_id": "doc-budget", "page": 2})
    assert window.layout_shown == "document"
    assert window.page_number_text.text() == "Trang 2/8"
    assert window.page_view.message.startswith("Đang chờ tải")  # not downloaded yet
    fetcher.done.add("doc-budget")
    for listener in fetcher.listeners:
        listener("doc-budget")
    qtbot.waitUntil(lambda: window.presented.rendered is not None, timeout=5000)
    assert window.presented.rendered[0] == 1  # type: ignore[index]
    # Rendered to fit the room it has, not scaled up from a small image.
    page = window.page_view.page_rect()
    assert page.height() >= window.page_view.height() - 2 or page.width() >= window.page_view.width() - 2

    # A speaker while the page stays up: one line over the page, the page keeps its place.
    conn.cmd(seat_of("db-020"), "speak.request", {"kind": "discussion"})
    conn.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": conn.state.speaking.waiting()[0].request_id})
    window.tick()
    assert window.layout_shown == "document"
    assert window.document_speaker_text.text().startswith("Đang phát biểu: ")
    qtbot.wait(100)
    assert texts_fit(window) == []
    save(window, screens, "document")

    conn.cmd(CHAIR_ACTOR, "present.stop", {})
    assert window.layout_shown == "speaker"
    assert window.presented.key is None and window.page_view.pixmap is None


def test_nothing_on_the_display_takes_a_click_and_keys_toggle_full_screen(qtbot: QtBot) -> None:
    _, _, window = display(qtbot, size=(1280, 720))
    assert window.findChildren(QAbstractButton) == [] and window.findChildren(QLineEdit) == []
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())


# -- against the real room server -----------------------------------------------------------------


@pytest.mark.slow
def test_the_display_follows_the_room(server: ServerProcess, tmp_path: Path, qtbot: QtBot,
                                      qloop: qasync.QEventLoop, screens: Path) -> None:
    qloop.run_until_complete(asyncio.wait_for(scenario(server, tmp_path, qtbot, screens), patience(90)))


async def scenario(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    tech, devices = await technician(server, tmp_path)
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    seat = await enrolled_client(tmp_path / "seat", server.card("delegate", "db-030")["link"], "Ghế")
    # The display composed as `phonghop display` does it: connection, fetcher, decrypting reader.
    connection = await enrolled_client(tmp_path / "display", server.card("display")["link"], "Màn hình",
                                       start=False)
    cache = BlobCache(tmp_path / "display-blobs")
    fetcher = DocumentFetcher(connection, cache)
    reader = DocumentReader(connection.identity.device_id, connection.keys, cache)
    model = DisplayViewModel(connection, fetcher)
    window = DisplayWindow(model, lambda document: reader.plaintext(document))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    connection.start()
    fetcher.start()

    async def ok(client: Connection, name: str, args: dict[str, Any]) -> None:
        answer = await client.request(name, args, timeout=patience(5))
        assert answer["type"] == "ack", answer

    try:
        await wait_until(lambda: connection.status.kind == "online" and tech.status.kind == "online",
                         what="online")
        await wait_until(lambda: len(model.state.agenda) == 9 and model.state.meeting is not None
                         and window.meeting_text.text() == model.state.meeting.title, what="the meeting shown")
        assert window.connection_text.text() == "Đã kết nối"
        await wait_until(lambda: connection.identity.device_id in getattr(devices.state, "devices", {}),
                         what="the display known to the technician")

        # The display follows the active item.
        await ok(chair, "agenda.activate", {"item_id": "item-02"})
        await wait_until(lambda: window.item_heading.text() == "Đang thảo luận · Nội dung 2/9", what="item 2")
        assert window.item_text.text() == model.state.agenda["item-02"].title
        assert window.layout_shown == "agenda"

        # A delegate checks in: the count moves.
        before = len(model.state.present)
        await ok(seat, "attendance.check_in", {})
        await wait_until(lambda: window.attendance_text.text() == f"Có mặt: {before + 1}/85", what="check-in")

        # The chair presents page 2 of a published document: the display decrypts and renders it.
        title = "Tờ trình về dự toán ngân sách năm 2027"
        await publish_pdf(tech, devices, server, make_pdf(pages=4, title=title), document_id="doc-budget",
                          title=title, pages=4, item_id="item-02")
        await ok(chair, "present.page", {"document_id": "doc-budget", "page": 2})
        await wait_until(lambda: window.layout_shown == "document", what="the document layout")
        await wait_until(lambda: window.presented.rendered is not None and window.presented.rendered[0] == 1,
                         timeout=20, what="page 2 rendered")
        assert window.document_title_text.text() == title and window.page_number_text.text() == "Trang 2/4"
        await asyncio.sleep(0.2)
        page = window.page_view.grab(window.page_view.page_rect()).toImage()
        assert ink_share(page, "#ffffff") > 0.5, "a page is mostly paper"
        assert 0.0 < ink_share(page, "#1a3399", tolerance=90) < 0.5, "with the dark block of the test PDF"
        save(window, screens, "live-document")

        # Stop: back to the item.
        await ok(chair, "present.stop", {})
        await wait_until(lambda: window.layout_shown == "agenda", what="back to the agenda layout")
        assert window.page_view.pixmap is None

        # The display may send nothing: the server refuses whatever it tries.
        for name, args in (("attendance.check_in", {"delegate_id": "db-040"}),
                           ("agenda.activate", {"item_id": "item-03"}),
                           ("present.page", {"document_id": "doc-budget", "page": 1}),
                           ("message.send", {"to": "all", "text": "Xin chào"}),
                           ("speak.request", {"kind": "discussion"})):
            answer = await connection.request(name, args, timeout=patience(5))
            assert answer["type"] == "error" and answer["code"] == "forbidden", (name, answer)
        assert model.state.active_item == "item-02" and "db-040" not in model.state.present
    finally:
        window.close()
        await fetcher.stop()
        for conn in (connection, seat, chair, tech, devices):
            await conn.stop()


@pytest.mark.slow
def test_run_display_goes_online_and_stops_when_closed(server: ServerProcess, tmp_path: Path, qapp: QApplication) -> None:
    """`phonghop display`'s path: an enrolled display device's folder, the window shown (windowed
    here), online after its first frame, everything stopped once it is closed."""
    folder = tmp_path / "display"
    asyncio.run(enroll_device(folder, server.card("display")["link"], "Màn hình", "mật khẩu"))
    seen: dict[str, object] = {}

    def poll(tries: list[int] = [0]) -> None:  # noqa: B006 - a counter across timer shots
        tries[0] += 1
        found = [w for w in qapp.topLevelWidgets() if isinstance(w, DisplayWindow) and w.isVisible()]
        window = found[0] if found else None
        if window is not None and (window.item_heading.text() or tries[0] > patience(20) * 10):
            seen.update(title=window.windowTitle(), heading=window.item_heading.text(),
                        connection=window.connection_text.text(), full=window.isFullScreen())
            window.close()
            return
        QTimer.singleShot(100, poll)

    QTimer.singleShot(100, poll)
    assert run_enrolled_display(folder, "mật khẩu", full_screen=False) == 0
    assert seen == {"title": "PhòngHọp – Màn hình hội trường", "heading": "Sắp tới · Nội dung 1/9",
                    "connection": "Đã kết nối", "full": False}


@pytest.mark.slow
def test_a_seat_folder_is_not_opened_as_the_hall_display(server: ServerProcess, tmp_path: Path) -> None:
    folder = tmp_path / "seat"
    asyncio.run(enroll_device(folder, server.card("delegate", "db-033")["link"], "Ghế", "x"))
    with pytest.raises(DomainError) as refused:
        run_enrolled_display(folder, "x", full_screen=False)
    assert refused.value.code == "forbidden" and "«Đại biểu»" in refused.value.message
