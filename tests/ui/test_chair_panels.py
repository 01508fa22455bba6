"""The chair console's panels (attendance, seat map, messages) over real meeting states: a stand-in
view-model decides every command through the domain (tests/domain_log MemoryRoom), and one test
goes through the real room server. Screens go to /tmp/phonghop-screens/ to be looked at."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.attendance import status_of
from app.errors import DomainError
from app.model import CHAIR, SECRETARY, Delegate, MeetingState, Seat
from app.permissions import allowed
from tests.domain_log import CHAIR_ACTOR, SECRETARY_ACTOR, MemoryRoom, seat_of
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from ui.chair_absence import REASON_MAX
from ui.chair_attendance import AttendancePanel
from ui.chair_attendance_words import fold
from ui.chair_messages import MAX_CHARS, MessagePanel
from ui.seat_map import SeatMap
from ui.seat_map_canvas import LOOKS, short_name

ITEM = "item-07"


class StandInChair(QObject):
    """ChairViewModel's interface over a MemoryRoom: commands are decided by the real domain,
    recorded in `commands`, and answered as the server would (ack, or the refusal)."""

    state_did_change = Signal()
    refusal_did_arrive = Signal(str)
    presence_did_change = Signal()
    online: frozenset[str] | None = None  # like a console that has not heard from the server

    def __init__(self, room: MemoryRoom, role: str = SECRETARY):
        super().__init__()
        self.room = room
        self.role = role
        self.commands: list[tuple[str, dict[str, Any]]] = []
        self.refuse_next: dict[str, Any] | None = None

    @property
    def state(self) -> MeetingState:
        return self.room.meeting

    def now(self) -> datetime:
        return self.room.now

    def offline_seats(self) -> frozenset[str] | None:
        return None

    def can(self, name: str) -> bool:
        return allowed(self.role, name)

    async def command(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        self.commands.append((name, args))
        await asyncio.sleep(0)
        if self.refuse_next is not None:
            answer, self.refuse_next = self.refuse_next, None
            self.refusal_did_arrive.emit(answer["message"])
            return answer
        actor = CHAIR_ACTOR if self.role == CHAIR else SECRETARY_ACTOR
        try:
            events = self.room.cmd(actor, name, args)
        except DomainError as error:
            self.refusal_did_arrive.emit(error.message)
            return {"type": "error", **error.to_dict()}
        self.changed()
        return {"type": "ack", "seq": events[-1].seq}

    def changed(self) -> None:
        self.state_did_change.emit()


def sitting(present: int = 60) -> tuple[MemoryRoom, dict[str, str]]:
    """The demo meeting at item 7: `present` delegates checked in (db-001..), one excused and one
    unexcused absence, three requests for the floor and the first of them speaking."""
    room = MemoryRoom()
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": ITEM})
    for n in range(1, present + 1):
        room.cmd(seat_of(f"db-{n:03d}"), "attendance.check_in", {})
    room.cmd(SECRETARY_ACTOR, "attendance.absence",
             {"delegate_id": "db-080", "excused": True, "reason": "Đi công tác nước ngoài"})
    room.cmd(SECRETARY_ACTOR, "attendance.absence", {"delegate_id": "db-081", "excused": False})
    requests = {}
    for delegate_id, kind in (("db-030", "discussion"), ("db-040", "question"), ("db-050", "discussion")):
        [event] = room.cmd(seat_of(delegate_id), "speak.request", {"kind": kind})
        requests[delegate_id] = event.data["request_id"]
    return room, requests


def grant(room: MemoryRoom, request_id: str) -> None:
    room.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": request_id})


def settle(loop: qasync.QEventLoop, seconds: float = 0.05) -> None:
    """Lets the buttons' command tasks run and their answers arrive."""
    loop.run_until_complete(asyncio.sleep(seconds))


def shown(widget: QWidget, qtbot: QtBot, width: int, height: int) -> None:
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(20)  # layouts settle (a scroll bar shown for the first guess of a size goes away)


def click(qtbot: QtBot, widget: QWidget, at: QPoint | None = None) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=at if at is not None else widget.rect().center())


# -- attendance ----------------------------------------------------------------------------------


def test_attendance_counts_against_n_and_shows_the_quorum(qtbot: QtBot, screens: Path) -> None:
    room, _ = sitting(present=60)
    model = StandInChair(room)
    panel = AttendancePanel(model)
    shown(panel, qtbot, 720, 760)
    assert panel.count_label.text() == "Có mặt: 60/85"
    assert panel.rule_label.text() == "Túc số: 2/3 tổng số đại biểu, cần 57 đại biểu có mặt."
    assert panel.quorum_label.text() == "✓ Đã đủ túc số."
    assert panel.cannot_pass_label.isHidden()
    assert "Vắng có lý do: 1" in panel.breakdown_label.text()
    assert "Vắng không có lý do: 1" in panel.breakdown_label.text()
    assert "Chưa điểm danh: 23" in panel.breakdown_label.text()
    assert panel.table.rowCount() == 85
    assert panel.status_text("db-080") == "Vắng có lý do: Đi công tác nước ngoài"
    assert panel.status_text("db-081") == "Vắng không có lý do"
    assert panel.status_text("db-001") == "Có mặt" and panel.status_text("db-070") == "Chưa điểm danh"
    panel.grab().save(str(screens / "chair-attendance.png"))

    # Delegates leave until nothing can pass: 42 present, 2 * 42 <= 85.
    for n in range(43, 61):
        room.cmd(seat_of(f"db-{n:03d}"), "attendance.check_out", {})
    model.changed()
    assert panel.count_label.text() == "Có mặt: 42/85"
    assert panel.quorum_label.text() == "Chưa đủ túc số: còn thiếu 15."
    assert panel.cannot_pass_label.isVisible()
    assert panel.cannot_pass_label.text().endswith(
        "Không đủ đại biểu để thông qua: cần hơn một nửa tổng số đại biểu")
    qtbot.wait(20)
    panel.grab().save(str(screens / "chair-attendance-cannot-pass.png"))

    # One more (43): a majority of all is possible again, the quorum still is not met.
    room.cmd(seat_of("db-043"), "attendance.check_in", {})
    model.changed()
    assert panel.cannot_pass_label.isHidden() and "còn thiếu 14" in panel.quorum_label.text()


def test_attendance_filters_by_status_and_searches_without_diacritics(qtbot: QtBot) -> None:
    room, _ = sitting(present=60)
    panel = AttendancePanel(StandInChair(room))
    shown(panel, qtbot, 720, 760)
    state = room.meeting
    names = {d.delegate_id: d.name for d in state.delegates.values()}

    for index, status in enumerate(("present", "excused", "unexcused", "not_checked_in"), start=1):
        panel.filter_box.setCurrentIndex(index)
        expected = [d for d in sorted(state.delegates) if status_of(state, d) == status]
        assert panel.visible_delegates() == expected, status
    assert panel.filter_box.itemText(2) == "Vắng có lý do (1)"
    panel.filter_box.setCurrentIndex(0)
    assert panel.filter_box.itemText(0) == "Tất cả (85)" and len(panel.visible_delegates()) == 85

    panel.search_edit.setText("nguyen")
    found = panel.visible_delegates()
    assert found == sorted(d for d, name in names.items() if name.startswith("Nguyễn")) and len(found) >= 5
    panel.search_edit.setText("dinh")  # Đinh, Đình
    assert {names[d].split()[0] for d in panel.visible_delegates()} >= {"Đinh"}
    assert all("dinh" in fold(names[d]) for d in panel.visible_delegates())
    assert "db-014" in panel.visible_delegates()  # Nguyễn Đình Phúc
    # Both at once: not checked in and named Nguyễn.
    panel.search_edit.setText("NGUYỄN")
    panel.filter_box.setCurrentIndex(4)
    assert panel.visible_delegates() == [d for d in found if status_of(state, d) == "not_checked_in"]
    panel.search_edit.setText("không có ai tên này")
    assert panel.visible_delegates() == [] and panel.empty_label.isVisible()


def test_recording_an_absence_sends_the_command_and_shows_it(qtbot: QtBot, qloop: qasync.QEventLoop,
                                                             screens: Path) -> None:
    room, _ = sitting(present=60)
    model = StandInChair(room)
    panel = AttendancePanel(model)
    shown(panel, qtbot, 720, 760)

    # A delegate checked in cannot be recorded absent: the button says why.
    panel.select("db-005")
    assert not panel.absence_button.isEnabled()
    assert panel.why_label.isVisible() and "đã điểm danh có mặt" in panel.why_label.text()
    panel.search_edit.setText("nguyen")
    qtbot.wait(20)
    panel.grab().save(str(screens / "chair-attendance-search.png"))
    panel.search_edit.clear()

    panel.select("db-070")
    assert panel.absence_button.isEnabled() and panel.why_label.isHidden()
    click(qtbot, panel.absence_button)
    dialog = panel.absence_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.excused_button.isChecked() and not dialog.ok_button.isEnabled()  # a reason first
    assert "cần ghi rõ lý do" in dialog.hint_label.text()
    # (QTest types Latin-1 only: Vietnamese goes in as an input method would commit it.)
    dialog.reason_edit.insert("Ốm, có giấy của bệnh viện")
    assert dialog.ok_button.isEnabled() and dialog.count_label.text() == f"25/{REASON_MAX}"
    dialog.grab().save(str(screens / "chair-absence-dialog.png"))
    click(qtbot, dialog.ok_button)
    settle(qloop)
    assert model.commands == [("attendance.absence",
                               {"delegate_id": "db-070", "excused": True, "reason": "Ốm, có giấy của bệnh viện"})]
    assert panel.absence_dialog is None
    assert room.meeting.absences["db-070"].reason == "Ốm, có giấy của bệnh viện"
    assert panel.status_text("db-070") == "Vắng có lý do: Ốm, có giấy của bệnh viện"
    assert panel.selected_delegate() == "db-070"  # the list kept its place

    # Without a reason; and a refusal stays in the dialog, in red, with the dialog open.
    panel.select("db-071")
    click(qtbot, panel.absence_button)
    dialog = panel.absence_dialog
    assert dialog is not None
    dialog.unexcused_button.setChecked(True)
    assert dialog.ok_button.isEnabled()
    model.refuse_next = {"type": "error", "code": "offline",
                         "message": "Chưa kết nối với máy chủ nên thao tác chưa được gửi. Vui lòng thử lại."}
    click(qtbot, dialog.ok_button)
    settle(qloop)
    assert dialog.isVisible() and dialog.error_label.isVisible()
    assert "Chưa kết nối" in dialog.error_label.text() and "#a30d0d" in dialog.error_label.styleSheet()
    click(qtbot, dialog.ok_button)
    settle(qloop)
    assert model.commands[-1] == ("attendance.absence", {"delegate_id": "db-071", "excused": False, "reason": ""})
    assert panel.status_text("db-071") == "Vắng không có lý do" and panel.absence_dialog is None

    # The same record again is refused by the dialog itself, before the server.
    click(qtbot, panel.absence_button)
    dialog = panel.absence_dialog
    assert dialog is not None and dialog.unexcused_button.isChecked()
    assert not dialog.ok_button.isEnabled() and "đã được ghi nhận" in dialog.hint_label.text()
    click(qtbot, dialog.cancel_button)
    assert panel.absence_dialog is None


def test_in_a_narrow_column_names_and_statuses_stay_whole(qtbot: QtBot, screens: Path) -> None:
    room, _ = sitting(present=60)
    panel = AttendancePanel(StandInChair(room))
    shown(panel, qtbot, 500, 615)
    assert panel.table.isColumnHidden(1)
    for column in (0, 3):
        assert panel.table.columnWidth(column) >= panel.table.fontMetrics().horizontalAdvance(
            "Nguyễn Thị Thanh Bình" if column == 0 else "Chưa điểm danh"), column
    panel.grab().save(str(screens / "chair-attendance-narrow.png"))
    panel.resize(900, 615)
    qtbot.wait(20)
    assert not panel.table.isColumnHidden(1)


def test_a_console_without_the_right_cannot_record_absences(qtbot: QtBot) -> None:
    room, _ = sitting()
    model = StandInChair(room, role="delegate")
    panel = AttendancePanel(model)
    shown(panel, qtbot, 720, 760)
    panel.select("db-070")
    assert not panel.absence_button.isEnabled() and "Chỉ chủ tọa và thư ký" in panel.why_label.text()


# -- seat map ------------------------------------------------------------------------------------


def tile_color(seat_map: SeatMap, seat_id: str) -> QColor:
    """The fill just inside the tile's left edge, at mid height (the text is centred, away from it)."""
    rect = seat_map.canvas.rects[seat_id]
    image = seat_map.canvas.grab().toImage()
    return image.pixelColor(int(rect.left() + 5), int(rect.center().y()))


def test_the_seat_map_colours_every_seat_by_state(qtbot: QtBot, screens: Path) -> None:
    room, requests = sitting(present=60)
    grant(room, requests["db-030"])
    model = StandInChair(room, role=CHAIR)
    seat_map = SeatMap(model)
    shown(seat_map, qtbot, 1366, 768)
    state = room.meeting
    seat = {s.delegate_id: s.seat_id for s in state.seats.values()}
    assert len(seat_map.canvas.rects) == 85

    expected = {"db-030": "speaking", "db-040": "waiting", "db-050": "waiting", "db-005": "present",
                "db-070": "absent", "db-080": "absent", "db-001": "present"}
    for delegate_id, look in expected.items():
        tile = seat_map.tile(seat[delegate_id])
        assert tile is not None and tile.state == look, delegate_id
        assert tile_color(seat_map, seat[delegate_id]) == QColor(LOOKS[look].fill), delegate_id
    assert seat_map.tile(seat["db-040"]).position == 1  # type: ignore[union-attr]
    assert seat_map.tile(seat["db-050"]).position == 2  # type: ignore[union-attr]
    assert "chưa có dữ liệu" in seat_map.legend_label.text()
    seat_map.grab().save(str(screens / "chair-seat-map-1366.png"))

    # The floor moves on: the map follows the state.
    room.cmd(CHAIR_ACTOR, "speak.end", {"request_id": requests["db-030"]})
    grant(room, requests["db-040"])
    model.changed()
    assert seat_map.tile(seat["db-030"]).state == "present"  # type: ignore[union-attr]
    assert seat_map.tile(seat["db-040"]).state == "speaking"  # type: ignore[union-attr]
    assert seat_map.tile(seat["db-050"]).position == 1  # type: ignore[union-attr]

    # Once the console knows which devices are offline, they are marked and the legend says so.
    seat_map.set_offline({seat["db-005"]})
    assert seat_map.tile(seat["db-005"]).offline  # type: ignore[union-attr]
    assert "mất kết nối" in seat_map.legend_label.text()
    rect = seat_map.canvas.rects[seat["db-005"]]
    corner = seat_map.canvas.grab().toImage().pixelColor(int(rect.right() - 3), int(rect.bottom() - 3))
    assert corner == QColor("#a30d0d")


def test_85_seats_fit_legibly_in_a_console_panel(qtbot: QtBot, screens: Path) -> None:
    room, requests = sitting(present=60)
    grant(room, requests["db-030"])
    seat_map = SeatMap(StandInChair(room, role=CHAIR))
    for width, height, least in ((1366, 768, QSize(80, 46)), (1000, 600, QSize(60, 38)), (880, 520, QSize(52, 32))):
        shown(seat_map, qtbot, width, height)
        qtbot.waitUntil(lambda w=width: seat_map.width() == w)
        canvas = seat_map.canvas
        rects = list(canvas.rects.values())
        assert len(rects) == 85
        for i, a in enumerate(rects):
            assert canvas.rect().toRectF().contains(a), (width, a)
            assert not any(a.intersects(b) for b in rects[i + 1:]), (width, a)
        # Tiles large enough for the seat label and a short name in type a chair reads at a glance.
        assert canvas.tile_size.height() >= least.height() and canvas.tile_size.width() >= least.width(), (
            width, canvas.tile_size)
        seat_map.grab().save(str(screens / f"chair-seat-map-{width}x{height}.png"))


def test_in_a_narrow_column_the_card_opens_under_the_hall(qtbot: QtBot, screens: Path) -> None:
    room, requests = sitting(present=60)
    grant(room, requests["db-030"])
    seat_map = SeatMap(StandInChair(room, role=CHAIR))
    shown(seat_map, qtbot, 500, 615)
    assert seat_map.narrow and seat_map.details_scroll.isHidden()
    canvas = seat_map.canvas
    assert canvas.width() >= 470 and canvas.tile_size.height() >= 30, canvas.tile_size
    seat_map.grab().save(str(screens / "chair-seat-map-narrow.png"))
    seat = {s.delegate_id: s.seat_id for s in room.meeting.seats.values()}
    click(qtbot, canvas, canvas.rects[seat["db-040"]].center().toPoint())
    qtbot.wait(20)
    assert seat_map.details_scroll.isVisible() and seat_map.details.grant_buttons
    rects = list(canvas.rects.values())
    assert all(canvas.rect().toRectF().contains(r) for r in rects)
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])
    seat_map.grab().save(str(screens / "chair-seat-map-narrow-details.png"))
    click(qtbot, canvas, QPoint(2, 2))  # between seats: the card closes
    assert seat_map.details_scroll.isHidden() and canvas.selected is None


def test_the_map_keeps_the_technicians_layout_aisles_and_empty_seats(qtbot: QtBot) -> None:
    """A commune council's room: an aisle after column 3, an empty seat, a second zone at the back."""
    delegates = {f"x{n}": Delegate(f"x{n}", f"Lê Văn Người{n}", "Đại biểu", "t1", "Tổ 1", "male", ("delegate",), False)
                 for n in range(1, 6)}
    seats = {
        "P1": Seat("P1", "P1", 0, 1, "presidium", "x1"),
        "A1": Seat("A1", "A1", 1, 1, "hall", "x2"),
        "A2": Seat("A2", "A2", 1, 2, "hall", "x3"),
        "A5": Seat("A5", "A5", 1, 5, "hall", "x4"),  # across the aisle (columns 3 and 4 are empty)
        "A6": Seat("A6", "A6", 1, 6, "hall", None),
        "K1": Seat("K1", "K1", 5, 1, "khách mời", "x5"),
    }
    room = MemoryRoom(seed=False)
    room.meeting = MeetingState(delegates=delegates, seats=seats, present=frozenset({"x2"}))
    seat_map = SeatMap(StandInChair(room, role=CHAIR))
    shown(seat_map, qtbot, 1000, 600)
    rects = seat_map.canvas.rects
    step = rects["A2"].left() - rects["A1"].left()
    assert rects["A5"].left() - rects["A1"].left() == pytest.approx(4 * step)  # the aisle kept
    assert rects["P1"].bottom() < rects["A1"].top() < rects["K1"].top()  # presidium, hall, then the back
    assert [zone for _, zone in seat_map.canvas.zone_titles] == ["presidium", "hall", "khách mời"]
    assert seat_map.tile("A6").state == "empty" and seat_map.tile("A1").state == "present"  # type: ignore[union-attr]
    seat_map.select("A6")
    assert seat_map.details.name_label.text() == "Ghế trống" and seat_map.details.message_button.isHidden()


def test_short_names_keep_the_given_name() -> None:
    assert short_name("Vũ Đình Khiêm", lambda text: len(text) <= 10) == "Đình Khiêm"
    assert short_name("Nguyễn Thị Thu Hằng", lambda text: len(text) <= 7) == "Hằng"


def test_clicking_a_seat_shows_the_delegate_and_the_actions_for_the_role(
    qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    room, requests = sitting(present=60)
    model = StandInChair(room, role=CHAIR)
    seat_map = SeatMap(model)
    shown(seat_map, qtbot, 1366, 768)
    seat = {s.delegate_id: s.seat_id for s in room.meeting.seats.values()}
    details = seat_map.details

    def click_seat(delegate_id: str) -> None:
        with qtbot.waitSignal(seat_map.seat_did_get_selected):
            click(qtbot, seat_map.canvas, seat_map.canvas.rects[seat[delegate_id]].center().toPoint())

    # A delegate waiting with a question: the chair may call them.
    click_seat("db-040")
    delegate = room.meeting.delegates["db-040"]
    assert details.name_label.text() == delegate.name and details.title_label.text() == delegate.title
    assert details.status_label.text() == "Có mặt"
    assert "Xin chất vấn: thứ 2 trong danh sách" in details.requests_label.text()
    assert list(details.grant_buttons) == [requests["db-040"]]
    button = details.grant_buttons[requests["db-040"]]
    assert button.isEnabled() and button.text() == "Mời phát biểu: Chất vấn"
    assert details.absence_button.isHidden() and details.message_button.isVisible()
    qtbot.wait(20)
    seat_map.grab().save(str(screens / "chair-seat-map-details.png"))
    click(qtbot, button)
    settle(qloop)
    assert model.commands == [("speak.grant", {"request_id": requests["db-040"]})]
    assert seat_map.tile(seat["db-040"]).state == "speaking"  # type: ignore[union-attr]
    assert "Đang phát biểu" in details.requests_label.text() and details.grant_buttons == {}

    # Someone waits while another speaks: the call waits for the end of the speech, and says so.
    click_seat("db-030")
    assert not details.grant_buttons[requests["db-030"]].isEnabled()
    assert f"{delegate.name} đang phát biểu" in details.why_label.text()

    # Not checked in: the absence can be recorded from the map.
    click_seat("db-070")
    assert details.status_label.text() == "Chưa điểm danh" and details.grant_buttons == {}
    assert details.absence_button.isVisible() and details.absence_button.isEnabled()
    click(qtbot, details.absence_button)
    dialog = details.absence_dialog
    assert dialog is not None
    dialog.unexcused_button.setChecked(True)
    click(qtbot, dialog.ok_button)
    settle(qloop)
    assert model.commands[-1] == ("attendance.absence", {"delegate_id": "db-070", "excused": False, "reason": ""})
    assert details.status_label.text() == "Vắng không có lý do"

    # A message to this delegate.
    click(qtbot, details.message_button)
    message = details.message_dialog
    assert message is not None and "Tin nhắn tới" in message.findChildren(type(details.name_label))[0].text()
    message.editor.insertPlainText("Mời đồng chí liên hệ Văn phòng.")
    click(qtbot, message.send_button)
    settle(qloop)
    assert model.commands[-1] == ("message.send", {"to": "db-070", "text": "Mời đồng chí liên hệ Văn phòng."})
    assert details.message_dialog is None

    # The secretary sees the same seat, with the chair's call disabled and why.
    secretary = SeatMap(StandInChair(room, role=SECRETARY))
    shown(secretary, qtbot, 1366, 768)
    secretary.select(seat["db-050"])
    call = secretary.details.grant_buttons[requests["db-050"]]
    assert not call.isEnabled() and "Chỉ chủ tọa" in secretary.details.why_label.text()


# -- messages ------------------------------------------------------------------------------------


def test_a_message_to_one_delegate_goes_at_once(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    room, _ = sitting()
    model = StandInChair(room, role=CHAIR)
    panel = MessagePanel(model)
    shown(panel, qtbot, 620, 720)
    assert panel.delegate_box.count() == 85 and panel.recent_empty.isVisible()
    assert not panel.send_button.isEnabled()  # nothing written yet

    panel.find_edit.setText("khiem")
    assert panel.delegate_box.count() == 1 and panel.delegate_box.currentText() == "Vũ Đình Khiêm – CT-1"
    panel.find_edit.clear()
    panel.choose_delegate("db-045")
    assert panel.one_button.isChecked() and panel.recipient() == "db-045"
    panel.editor.insertPlainText("Đề nghị đồng chí chuẩn bị ý kiến.")
    assert panel.send_button.text() == "Gửi"
    click(qtbot, panel.send_button)
    settle(qloop)
    assert panel.confirmation is None
    assert model.commands == [("message.send", {"to": "db-045", "text": "Đề nghị đồng chí chuẩn bị ý kiến."})]
    assert panel.editor.text() == "" and panel.sent_label.isVisible()
    assert panel.recent.count() == 1
    name = room.meeting.delegates["db-045"].name
    assert f"Tới: {name} · Chủ tọa" in panel.recent.item(0).text()


def test_a_message_to_all_asks_first_and_keeps_to_its_length(
    qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    room, _ = sitting()
    model = StandInChair(room, role=SECRETARY)
    panel = MessagePanel(model)
    shown(panel, qtbot, 620, 720)
    assert panel.all_button.isChecked()

    panel.editor.setPlainText("x" * (MAX_CHARS + 50))
    assert len(panel.editor.text()) == MAX_CHARS and panel.editor.count_label.text() == f"{MAX_CHARS}/{MAX_CHARS} ký tự"
    panel.editor.setPlainText("Kỳ họp tạm nghỉ 15 phút, mời các đại biểu trở lại hội trường lúc 10 giờ.")
    assert panel.send_button.text() == "Gửi tới tất cả…"

    # Declined: nothing is sent and the text stays.
    click(qtbot, panel.send_button)
    box = panel.confirmation
    assert box is not None and box.isVisible() and "tất cả 85 đại biểu" in box.text()
    no = next(b for b in box.buttons() if b.text() == "Không gửi")
    click(qtbot, no)
    settle(qloop)
    assert model.commands == [] and panel.confirmation is None and panel.editor.text()

    click(qtbot, panel.send_button)
    box = panel.confirmation
    assert box is not None
    box.grab().save(str(screens / "chair-message-confirm.png"))
    click(qtbot, next(b for b in box.buttons() if b.text() == "Gửi tới tất cả"))
    settle(qloop)
    assert model.commands == [("message.send", {
        "to": "all", "text": "Kỳ họp tạm nghỉ 15 phút, mời các đại biểu trở lại hội trường lúc 10 giờ."})]
    assert "Tới: Tất cả đại biểu · Thư ký kỳ họp" in panel.recent.item(0).text()

    # A refusal is shown in red under the text, which stays to be sent again.
    room.cmd(CHAIR_ACTOR, "message.send", {"to": "db-010", "text": "Tin thứ hai"})
    model.changed()
    assert panel.recent.count() == 2 and "Tin thứ hai" in panel.recent.item(0).text()
    panel.choose_delegate("db-010")
    panel.editor.setPlainText("Tin sẽ bị từ chối")
    model.refuse_next = {"type": "error", "code": "forbidden", "message": "Không có quyền gửi tin nhắn."}
    click(qtbot, panel.send_button)
    settle(qloop)
    assert panel.error_label.isVisible() and panel.error_label.text() == "Không có quyền gửi tin nhắn."
    assert panel.editor.text() == "Tin sẽ bị từ chối" and panel.send_button.isEnabled()
    qtbot.wait(20)
    panel.grab().save(str(screens / "chair-messages.png"))


# -- against the real room server ----------------------------------------------------------------


@pytest.mark.slow
def test_the_secretary_records_an_absence_through_the_room(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    qloop.run_until_complete(asyncio.wait_for(absence_scenario(server, tmp_path, qtbot), patience(40)))


async def absence_scenario(server: ServerProcess, tmp_path: Path, qtbot: QtBot) -> None:
    from ui.chair_model import ChairViewModel

    connection = await enrolled_client(tmp_path / "secretary", server.card("secretary")["link"], "Thư ký")
    model = ChairViewModel(connection)
    panel = AttendancePanel(model)
    qtbot.addWidget(panel)  # no waiting helpers here: the asyncio loop is Qt's own, running
    panel.resize(720, 760)
    panel.show()
    try:
        await wait_until(lambda: connection.status.kind == "online" and panel.table.rowCount() == 85,
                         what="the delegates listed")
        assert panel.count_label.text() == "Có mặt: 0/85" and panel.cannot_pass_label.isVisible()
        panel.select("db-060")
        click(qtbot, panel.absence_button)
        dialog = panel.absence_dialog
        assert dialog is not None
        dialog.reason_edit.setText("Đi công tác")
        click(qtbot, dialog.ok_button)
        # The event reaches the console before the ack that closes the dialog.
        await wait_until(lambda: panel.status_text("db-060") == "Vắng có lý do: Đi công tác", what="the absence")
        await wait_until(lambda: panel.absence_dialog is None, what="the dialog closed on the ack")
        assert model.state.absences["db-060"].excused

        # Checked in from the secretary's console: the absence is cleared and cannot be recorded.
        answer = await model.command("attendance.check_in", {"delegate_id": "db-060"})
        assert answer["type"] == "ack", answer
        await wait_until(lambda: panel.status_text("db-060") == "Có mặt", what="the check-in")
        assert not panel.absence_button.isEnabled() and panel.count_label.text() == "Có mặt: 1/85"
    finally:
        panel.close()
        await connection.stop()

