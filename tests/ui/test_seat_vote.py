"""The delegate votes at the seat: the panel over the documents, the confirmation, a signed ballot
through the outbox (pending offline), refusals in words, results, the receipt of a secret ballot.

First against the domain in memory behind a stand-in connection (every screen, rendered to PNG),
then whole rounds against the real room server with the hall's network cut and restored."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from app.ballots import ballot_message, receipt_for
from app.canonical import canonical_json
from app.clock import FixedClock
from app.errors import DomainError
from app.events import Event
from app.keys import DeviceKeys, verify
from app.model import MeetingState
from app.storage.replica import OutboxEntry
from app.vote_rules import CONFIDENCE_LEVELS, RESOLUTION_OPTIONS
from sync.client.ballot import cast_args, expected_receipt
from sync.client.connection import Changes, Connection
from sync.client.status import ConnectionStatus
from tests.domain_log import CHAIR_ACTOR, SECRETARY_ACTOR, MemoryRoom, seat_of
from tests.netproxy import CuttableProxy
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.ui.room import seat_window
from tests.ui.test_seat_layout import clipped_buttons
from tests.ui.test_seat_parts import StandInFetcher
from ui.seat_model import SeatViewModel
from ui.seat_vote import SeatVotePanel
from ui.seat_vote_style import option_colour
from ui.seat_window import SeatWindow

ME = "db-010"
ITEM = "item-06"
SHOTS = Path("/tmp")
HEIGHT = 768  # the seats' laptops and tablets: 1366x768, 1024x768
COMMITTEE = {"head": "db-020", "secretary": "db-021", "members": ["db-020", "db-021", "db-022"]}
SUBJECTS = [
    {"id": "ubnd-ct", "name": "Phạm Quang Minh", "position": "Chủ tịch UBND tỉnh"},
    {"id": "ubnd-pct", "name": "Lê Thị Thanh Huyền", "position": "Phó Chủ tịch UBND tỉnh"},
    {"id": "so-tc", "name": "Đoàn Văn Hòa", "position": "Ủy viên UBND tỉnh, Giám đốc Sở Tài chính"},
]
CANDIDATES = [
    {"id": "uv-1", "name": "Nguyễn Thị Mai Phương", "position": "Trưởng Ban Văn hóa – Xã hội"},
    {"id": "uv-2", "name": "Hoàng Đức Long", "position": "Phó Chánh Văn phòng"},
    {"id": "uv-3", "name": "Vương Thị Ngọc Lan", "position": "Đại biểu Tổ 7"},
]
TITLE = "Dự thảo Nghị quyết về dự toán ngân sách địa phương năm 2027"


def resolution(kind: str = "open", duration_s: int = 120, title: str = TITLE, **more: Any) -> dict[str, Any]:
    args = {"item_id": ITEM, "title": title, "kind": kind, "options": list(RESOLUTION_OPTIONS),
            "rule": "majority_of_all", "duration_s": duration_s, **more}
    if kind == "secret":
        args["committee"] = COMMITTEE
    return args


def confidence(duration_s: int = 0) -> dict[str, Any]:
    return {"item_id": ITEM, "title": "Lấy phiếu tín nhiệm đối với người giữ chức vụ do HĐND tỉnh bầu",
            "kind": "confidence", "options": list(CONFIDENCE_LEVELS), "rule": "confidence",
            "duration_s": duration_s, "subjects": SUBJECTS, "committee": COMMITTEE}


def election(seats: int = 2, duration_s: int = 0) -> dict[str, Any]:
    return {"item_id": ITEM, "title": "Bầu Ủy viên Thường trực HĐND tỉnh", "kind": "election",
            "options": [c["id"] for c in CANDIDATES], "rule": "election", "duration_s": duration_s,
            "candidates": CANDIDATES, "seats": seats, "committee": COMMITTEE}


# -- the domain in memory behind a stand-in connection ---------------------------------------------


class SeatConnection:
    """Just what the seat's view-models read of a Connection: the state, an outbox, the keys."""

    def __init__(self, state: MeetingState, clock: FixedClock, pending: tuple[OutboxEntry, ...] = ()):
        self.identity = SimpleNamespace(delegate_id=ME, seat=None, device_id="dev-db-010")
        self.keys = DeviceKeys.generate()
        self.state = state
        self.status = ConnectionStatus("online")
        self.listeners: list[Any] = []
        self.head_seq: int | None = None
        self.clock = clock
        self.room_clock = clock
        self.sent: list[tuple[str, dict[str, Any], str]] = []
        self.replica = SimpleNamespace(pending=lambda: list(pending))

    def subscribe(self, listener: Any) -> None:
        self.listeners.append(listener)

    def reconnect_now(self) -> None:
        pass

    def emit(self, changes: Changes) -> None:
        for listener in self.listeners:
            listener(changes)

    async def submit(self, name: str, args: dict[str, Any], command_id: str | None = None) -> str:
        assert command_id is not None
        self.sent.append((name, args, command_id))
        return command_id

    async def request(self, name: str, args: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
        self.sent.append((name, args, "request"))
        return {"type": "ack", "id": "request", "seq": 1}


class Hall:
    """The demo meeting in memory (tests/domain_log.py), item 6 under discussion, and one seat.

    `chair` runs a presidium command and shows its events to the seat; `deliver` hands the
    seat's outbox to the room and answers as the server does (an ack with the receipt of a
    secret ballot, or the error's code and message)."""

    def __init__(self, present: bool = True, pending: tuple[OutboxEntry, ...] = ()):
        self.room = MemoryRoom()
        self.room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": ITEM})
        for n in range(20, 70):
            self.room.cmd(seat_of(f"db-{n:03d}"), "attendance.check_in", {})
        if present:
            self.room.cmd(seat_of(ME), "attendance.check_in", {})
        self.clock = FixedClock(self.room.now)
        self.conn = SeatConnection(self.room.meeting, self.clock, pending)
        self.answered: set[str] = set()

    def show(self, events: list[Event], answers: tuple[tuple[str, dict[str, Any]], ...] = ()) -> None:
        self.conn.state = self.room.meeting
        self.conn.emit(Changes(events=tuple(events), answers=answers))

    def chair(self, name: str, args: dict[str, Any]) -> list[Event]:
        events = self.room.cmd(CHAIR_ACTOR, name, args)
        self.show(events)
        return events

    def open(self, args: dict[str, Any]) -> str:
        vote_id: str = self.chair("vote.create", args)[0].data["vote_id"]
        self.chair("vote.open", {"vote_id": vote_id})
        return vote_id

    def others_vote(self, vote_id: str, choices: dict[str, Any]) -> None:
        keys = DeviceKeys.generate()
        for delegate_id, choice in choices.items():
            self.show(self.room.cmd(seat_of(delegate_id), "vote.cast", cast_args(keys, vote_id, choice)))

    def deliver(self) -> list[dict[str, Any]]:
        answers = []
        for name, args, command_id in self.conn.sent:
            if command_id in self.answered or name != "vote.cast":
                continue
            self.answered.add(command_id)
            try:
                events = self.room.cmd(seat_of(ME), name, args)
            except DomainError as error:
                answer = {"type": "error", "id": command_id, **error.to_dict()}
                self.show([], ((command_id, answer),))
            else:
                answer = {"type": "ack", "id": command_id, "seq": events[-1].seq}
                if self.room.meeting.votes[args["vote_id"]].secret:
                    answer["receipt"] = receipt_for(args["vote_id"], args["sig"])
                self.show(events, ((command_id, answer),))
            answers.append(answer)
        return answers

    def casts(self) -> list[dict[str, Any]]:
        return [args for name, args, _ in self.conn.sent if name == "vote.cast"]


def make_window(qtbot: QtBot, hall: Hall, width: int = 1366) -> SeatWindow:
    model = SeatViewModel(hall.conn, StandInFetcher())  # type: ignore[arg-type]
    window = SeatWindow(model, lambda document: b"")
    qtbot.addWidget(window)
    window.resize(width, HEIGHT)
    window.show()
    qtbot.waitExposed(window)
    return window


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def settle(qloop: qasync.QEventLoop) -> None:
    """Lets the outbox store what was confirmed (a task on the loop)."""
    qloop.run_until_complete(asyncio.sleep(0.01))


def shot(window: SeatWindow, name: str) -> None:
    """The window as the delegate sees it, once laid out; it must still fit a 768-pixel screen."""
    QApplication.processEvents()
    assert window.minimumSizeHint().height() <= HEIGHT, f"{name}: the panel needs more than {HEIGHT} pixels"
    assert window.height() == HEIGHT and clipped_buttons(window) == []
    window.grab().save(str(SHOTS / f"seat_vote_{name}.png"))


def table(panel: SeatVotePanel) -> list[list[str]]:
    """The result table as the delegate reads it, row by row ("" for an empty cell)."""
    grid = panel.result_grid
    cells: list[list[str]] = []
    for row in range(grid.rowCount()):
        line = []
        for column in range(grid.columnCount()):
            item = grid.itemAtPosition(row, column)
            widget = item.widget() if item is not None else None
            line.append(widget.text() if isinstance(widget, QLabel) else "")
        if any(line):
            cells.append(line)
    return cells


def visible_texts(panel: SeatVotePanel) -> str:
    shown = [w.text() for w in panel.findChildren(QLabel) if w.isVisible()]
    shown += [w.text() for w in panel.findChildren(QPushButton) if w.isVisible()]
    return "\n".join(shown)


def test_an_open_vote_covers_the_seat_and_a_confirmed_choice_is_signed_sent_and_recorded(
    qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    hall = Hall()
    window = make_window(qtbot, hall)
    panel = window.vote_panel
    assert not panel.isVisible() and window.reader.isVisible()

    vote_id = hall.open(resolution("open", duration_s=120))
    assert panel.isVisible() and not window.reader.isVisible()
    assert window.check_in_button.isVisible() and window.banner.isVisible()  # the header stays
    assert panel.kind_label.text() == "BIỂU QUYẾT CÔNG KHAI"
    assert panel.title_label.text() == TITLE
    assert panel.clock_label.text() == "Còn 02:00"
    assert [b.text() for b in panel.option_buttons.values()] == ["Tán thành", "Không tán thành", "Không biểu quyết"]
    assert window.focusWidget() is panel  # not a button: a framed one would look suggested
    assert "Số đại biểu tham gia" not in visible_texts(panel)  # no progress for delegates
    hall.clock.advance(45.5)
    qtbot.waitUntil(lambda: panel.clock_label.text() == "Còn 01:15", timeout=2500)  # ticks by the room clock
    assert clipped_buttons(window) == []

    # A press asks first; "Chọn lại" goes back without sending anything.
    click(qtbot, panel.option_buttons["khong_tan_thanh"])
    assert panel.confirm_heading.text() == "Bạn chọn:" and panel.choice_label.text() == "KHÔNG TÁN THÀNH"
    click(qtbot, panel.back_button)
    settle(qloop)
    assert hall.casts() == [] and panel.option_buttons["tan_thanh"].isVisible()

    click(qtbot, panel.option_buttons["tan_thanh"])
    assert panel.choice_label.text() == "TÁN THÀNH" and window.focusWidget() is panel.confirm_button
    click(qtbot, panel.confirm_button)
    assert panel.status_label.text() == "Đang gửi phiếu…"
    settle(qloop)
    [args] = hall.casts()
    assert args["vote_id"] == vote_id and args["choice"] == "tan_thanh"
    message = ballot_message(vote_id, "tan_thanh", args["nonce"])
    assert verify(hall.conn.keys.sign_pub_b64, message, args["sig"]), "signed with the device key"

    [answer] = hall.deliver()
    assert answer["type"] == "ack"
    assert panel.status_label.text() == "✓ Đã ghi nhận: Tán thành"
    assert panel.final_label.text() == "Phiếu đã ghi nhận không thay đổi được. Xin chờ chủ tọa công bố kết quả."
    assert not panel.change_button.isVisible() and not panel.receipt_label.isVisible()
    assert ME in hall.room.meeting.votes[vote_id].voted

    # Closed: the result for the rest of the item, then back to the documents.
    hall.others_vote(vote_id, {"db-020": "tan_thanh", "db-021": "khong_tan_thanh", "db-022": "khong_bieu_quyet"})
    hall.chair("vote.close", {"vote_id": vote_id})
    assert panel.isVisible() and panel.pages.currentIndex() == 6
    # 2 of N = 85 delegates: 2,35%; 51 present, 4 voted, 47 pressed nothing.
    assert table(panel) == [["", "Số đại biểu", "Tỷ lệ", ""], ["Tán thành", "2", "2,35%", ""],
                            ["Không tán thành", "1", "1,18%", ""], ["Không biểu quyết", "1", "1,18%", ""],
                            ["Chưa biểu quyết", "47", "55,29%", ""]]
    assert panel.outcome_label.text() == "KHÔNG THÔNG QUA"
    assert "Tổng số đại biểu HĐND: 85 · Số đại biểu có mặt: 51" in panel.summary_label.text()
    assert "Lựa chọn của bạn đã được tính: <b>Tán thành</b>" in panel.own_label.text()
    assert window.focusWidget() is panel.close_button
    click(qtbot, panel.close_button)
    assert not panel.isVisible() and window.reader.isVisible()


def test_a_result_leaves_by_itself_when_the_chair_moves_on_and_a_cancel_says_why(qtbot: QtBot) -> None:
    hall = Hall()
    window = make_window(qtbot, hall)
    vote_id = hall.open(resolution("open"))
    hall.chair("vote.close", {"vote_id": vote_id})
    assert window.vote_panel.isVisible() and window.vote_panel.outcome_label.text() == "KHÔNG THÔNG QUA"
    assert "Bạn không biểu quyết nội dung này." in window.vote_panel.own_label.text()
    hall.chair("agenda.activate", {"item_id": "item-07"})
    assert not window.vote_panel.isVisible()

    vote_id = hall.open({**resolution("open"), "item_id": "item-07"})
    assert window.vote_panel.isVisible()
    hall.chair("vote.cancel", {"vote_id": vote_id, "reason": "Sai nội dung dự thảo"})
    panel = window.vote_panel
    assert panel.message_label.text() == "Cuộc biểu quyết đã bị hủy: Sai nội dung dự thảo"
    assert panel.kind_label.text() == "BIỂU QUYẾT CÔNG KHAI – ĐÃ HỦY"
    shot(window, "cancelled")
    click(qtbot, panel.message_close)
    assert not panel.isVisible()


def test_a_secret_ballot_shows_its_receipt_and_finds_it_in_the_result(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    hall = Hall()
    window = make_window(qtbot, hall)
    panel = window.vote_panel
    vote_id = hall.open(resolution("secret", duration_s=0))
    assert panel.kind_label.text() == "BỎ PHIẾU KÍN"
    assert panel.note_label.text() == "Bỏ phiếu kín: không ai biết bạn chọn gì."
    assert panel.clock_label.text() == ""  # no time limit: no countdown
    shot(window, "secret_buttons")
    click(qtbot, panel.option_buttons["khong_bieu_quyet"])
    click(qtbot, panel.confirm_button)
    settle(qloop)
    [args] = hall.casts()
    [answer] = hall.deliver()
    assert answer["receipt"] == expected_receipt(args)
    code = expected_receipt(args)
    assert panel.status_label.text() == "✓ Đã ghi nhận: Không biểu quyết"
    assert f"{code[:5]} {code[5:]}" in panel.receipt_label.text()
    assert panel.receipt_label.accessibleName() == f"Mã biên nhận: {code}"
    shot(window, "recorded_receipt")

    hall.others_vote(vote_id, {"db-030": "tan_thanh"})
    hall.chair("vote.close", {"vote_id": vote_id})
    assert code in hall.room.meeting.votes[vote_id].result["receipts"]  # type: ignore[index]
    assert window.vote_panel.model.receipt_listed() is True
    assert f"{code[:5]} {code[5:]}" in panel.own_label.text() and "có trong danh sách" in panel.own_label.text()
    shot(window, "result_secret")


def test_a_receipt_that_does_not_match_is_flagged(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    hall = Hall()
    window = make_window(qtbot, hall)
    hall.open(resolution("secret"))
    click(qtbot, window.vote_panel.option_buttons["tan_thanh"])
    click(qtbot, window.vote_panel.confirm_button)
    settle(qloop)
    [(_, args, command_id)] = hall.conn.sent
    hall.answered.add(command_id)
    events = hall.room.cmd(seat_of(ME), "vote.cast", args)
    hall.show(events, ((command_id, {"type": "ack", "id": command_id, "seq": events[-1].seq,
                                     "receipt": "AAAAAAAAAA"}),))
    assert "AAAAAAAAAA" in window.vote_panel.receipt_label.text()
    assert "Xin báo ngay Ban kiểm phiếu" in window.vote_panel.receipt_label.text()


def test_offline_the_ballot_is_pending_and_not_sent_after_closing(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    hall = Hall()
    window = make_window(qtbot, hall)
    panel = window.vote_panel
    vote_id = hall.open(resolution("open"))
    hall.conn.status = ConnectionStatus("offline", hall.clock.now())
    hall.conn.emit(Changes(status=True))
    click(qtbot, panel.option_buttons["tan_thanh"])
    click(qtbot, panel.confirm_button)
    settle(qloop)
    assert panel.status_label.text() == "Chưa gửi – sẽ tự gửi khi có mạng"
    assert panel.detail_label.text() == "Bạn chọn: <b>Tán thành</b>"
    shot(window, "offline_pending")

    # The chair closes before the seat is back: the server refuses, and the delegate is told.
    hall.chair("vote.close", {"vote_id": vote_id})
    assert "chưa đến máy chủ" in panel.own_label.text()
    hall.conn.status = ConnectionStatus("online")
    hall.conn.emit(Changes(status=True))
    [answer] = hall.deliver()
    assert answer["code"] == "vote_closed"
    assert panel.own_label.text().endswith(
        "Biểu quyết đã kết thúc trước khi phiếu của bạn đến máy chủ; phiếu không được ghi nhận.</span>")
    assert ME not in hall.room.meeting.votes[vote_id].result["ballots"]  # type: ignore[index]


def test_a_refusal_while_the_vote_is_open_is_said_on_the_panel(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    hall = Hall()
    window = make_window(qtbot, hall)
    panel = window.vote_panel
    vote_id = hall.open(resolution("open", duration_s=30))
    click(qtbot, panel.option_buttons["tan_thanh"])
    click(qtbot, panel.confirm_button)
    settle(qloop)
    hall.room.tick(31)  # the ballot reaches the room after closes_at, before the room's timer closed it
    [answer] = hall.deliver()
    assert answer["code"] == "vote_closed"
    assert panel.status_label.text() == (
        "Biểu quyết đã kết thúc trước khi phiếu của bạn đến máy chủ; phiếu không được ghi nhận.")
    assert not panel.retry_button.isVisible()
    shot(window, "refused_closed")
    hall.chair("vote.close", {"vote_id": vote_id})
    assert "phiếu không được ghi nhận" in panel.own_label.text()
    shot(window, "result_refused")

    # The server refuses the signature: said, and pressing again is offered.
    hall.open(resolution("secret", title="Nghị quyết thứ hai"))
    click(qtbot, panel.option_buttons["tan_thanh"])
    click(qtbot, panel.confirm_button)
    settle(qloop)
    _, args, command_id = hall.conn.sent[-1]
    hall.answered.add(command_id)
    error = {"type": "error", "id": command_id, "code": "unauthorized", "message": "Chữ ký của phiếu không hợp lệ"}
    hall.show([], ((command_id, error),))
    assert "Xin báo kỹ thuật viên" in panel.status_label.text()
    click(qtbot, panel.retry_button)
    assert panel.option_buttons["tan_thanh"].isVisible()

    # A ballot of this delegate is already in (cast before the seat restarted): the first one counts.
    hall.room.cmd(seat_of(ME), "vote.cast", cast_args(DeviceKeys.generate(), args["vote_id"], "tan_thanh"))
    click(qtbot, panel.option_buttons["khong_tan_thanh"])
    click(qtbot, panel.confirm_button)
    settle(qloop)
    [answer] = hall.deliver()
    assert answer["code"] == "already_voted"
    assert panel.status_label.text().startswith("Bạn đã biểu quyết nội dung này trước đó. Phiếu trước vẫn được tính")
    assert not panel.retry_button.isVisible()


def test_not_checked_in_the_panel_offers_check_in_and_not_eligible_brings_it_back(
    qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    hall = Hall(present=False)
    window = make_window(qtbot, hall)
    panel = window.vote_panel
    vote_id = hall.open(resolution("open"))
    assert panel.check_in_text.isVisible() and "chưa điểm danh" in panel.check_in_text.text()
    assert panel.check_in_button.text() == "Điểm danh" and window.focusWidget() is panel.check_in_button
    assert not panel.option_buttons["tan_thanh"].isVisible()
    shot(window, "check_in")
    click(qtbot, panel.check_in_button)
    settle(qloop)
    assert ("attendance.check_in", {}, "request") in hall.conn.sent
    hall.show(hall.room.cmd(seat_of(ME), "attendance.check_in", {}))
    assert panel.option_buttons["tan_thanh"].isVisible()

    # Checked out by the secretary while the ballot was on its way: refused, and told to check in.
    click(qtbot, panel.option_buttons["tan_thanh"])
    click(qtbot, panel.confirm_button)
    settle(qloop)
    out = hall.room.cmd(SECRETARY_ACTOR, "attendance.check_out", {"delegate_id": ME})
    [answer] = hall.deliver()
    assert answer["code"] == "not_eligible"
    hall.show(out)
    assert panel.check_in_button.isVisible() and panel.check_in_button.isEnabled()
    assert panel.notice_label.isVisible() and panel.notice_label.text().startswith("Bạn chưa điểm danh")
    assert ME not in hall.room.meeting.votes[vote_id].voted
    shot(window, "not_eligible")


def test_allow_change_offers_a_new_choice_until_closing(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    hall = Hall()
    window = make_window(qtbot, hall)
    panel = window.vote_panel
    vote_id = hall.open(resolution("open", allow_change=True))
    click(qtbot, panel.option_buttons["tan_thanh"])
    click(qtbot, panel.confirm_button)
    settle(qloop)
    hall.deliver()
    assert panel.change_button.isVisible()
    assert panel.final_label.text() == "Bạn có thể đổi lựa chọn cho đến khi biểu quyết kết thúc."
    shot(window, "recorded_change")
    click(qtbot, panel.change_button)
    assert panel.keep_button.text() == "Giữ lựa chọn đã ghi nhận: Tán thành"
    shot(window, "changing")
    click(qtbot, panel.keep_button)  # changed their mind: the recorded choice stands, nothing sent
    assert panel.status_label.text() == "✓ Đã ghi nhận: Tán thành"
    click(qtbot, panel.change_button)
    click(qtbot, panel.option_buttons["khong_bieu_quyet"])
    click(qtbot, panel.confirm_button)
    settle(qloop)
    hall.deliver()
    assert panel.status_label.text() == "✓ Đã ghi nhận: Không biểu quyết"
    hall.chair("vote.close", {"vote_id": vote_id})
    assert hall.room.meeting.votes[vote_id].result["ballots"][ME] == "khong_bieu_quyet"  # type: ignore[index]
    assert not panel.change_button.isVisible()


def test_a_show_of_hands_has_no_buttons(qtbot: QtBot) -> None:
    hall = Hall()
    window = make_window(qtbot, hall)
    hall.open(resolution("hands"))
    panel = window.vote_panel
    assert panel.message_label.text() == "Biểu quyết giơ tay: xin giơ tay theo hướng dẫn của chủ tọa."
    assert not any(b.isVisible() for b in panel.option_buttons.values()) and not panel.message_close.isVisible()
    shot(window, "hands")


def test_the_keyboard_alone_can_vote(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    hall = Hall()
    window = make_window(qtbot, hall)
    panel = window.vote_panel
    hall.open(resolution("open"))
    assert window.focusWidget() is panel
    qtbot.keyClick(panel, Qt.Key.Key_Tab)
    assert window.focusWidget() is panel.option_buttons["tan_thanh"]
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    assert window.focusWidget() is panel.option_buttons["khong_tan_thanh"]
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    assert panel.choice_label.text() == "KHÔNG TÁN THÀNH" and window.focusWidget() is panel.confirm_button
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Escape)  # back, nothing sent
    assert panel.option_buttons["tan_thanh"].isVisible()
    qtbot.keyClick(panel, Qt.Key.Key_Tab)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Space)
    assert panel.choice_label.text() == "TÁN THÀNH"
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    settle(qloop)
    assert [args["choice"] for args in hall.casts()] == ["tan_thanh"]


def test_a_confidence_ballot_needs_a_mark_per_person(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    hall = Hall()
    window = make_window(qtbot, hall)
    panel = window.vote_panel
    vote_id = hall.open(confidence())
    assert panel.kind_label.text() == "LẤY PHIẾU TÍN NHIỆM"
    rows = panel.confidence_rows
    assert [r.name_label.text() for r in rows.values()] == [s["name"] for s in SUBJECTS]
    assert [b.text() for b in rows["ubnd-ct"].buttons.values()] == ["Tín nhiệm cao", "Tín nhiệm", "Tín nhiệm thấp"]
    assert panel.remaining_label.text() == "Còn 3 người chưa đánh giá" and not panel.review_button.isEnabled()
    click(qtbot, rows["ubnd-ct"].buttons["tin_nhiem_cao"])
    click(qtbot, rows["ubnd-pct"].buttons["tin_nhiem"])
    click(qtbot, rows["ubnd-pct"].buttons["tin_nhiem_thap"])  # one mark per person: the last one counts
    assert rows["ubnd-pct"].buttons["tin_nhiem_thap"].text() == "✓ Tín nhiệm thấp"
    assert not rows["ubnd-pct"].buttons["tin_nhiem"].isChecked()
    assert panel.remaining_label.text() == "Còn 1 người chưa đánh giá" and not panel.review_button.isEnabled()
    # The mark shows as a filled button, the others of the row stay white: read from the pixels.
    marked = rows["ubnd-pct"].buttons["tin_nhiem_thap"].grab().toImage()
    unmarked = rows["ubnd-pct"].buttons["tin_nhiem"].grab().toImage()
    inside = (12, marked.height() // 2)
    assert marked.pixelColor(*inside).name() == option_colour("tin_nhiem_thap")
    assert unmarked.pixelColor(*inside).lightness() > 240
    click(qtbot, rows["so-tc"].buttons["tin_nhiem"])
    assert panel.remaining_label.text() == "Đã đánh giá đủ 3 người" and panel.review_button.isEnabled()
    shot(window, "confidence")
    assert clipped_buttons(window) == []

    click(qtbot, panel.review_button)
    assert "Phạm Quang Minh" in panel.choice_list.text() and "Tín nhiệm thấp" in panel.choice_list.text()
    shot(window, "confidence_confirm")
    click(qtbot, panel.back_button)  # the marks stay
    assert panel.review_button.isEnabled()
    click(qtbot, panel.review_button)
    click(qtbot, panel.confirm_button)
    settle(qloop)
    [args] = hall.casts()
    assert args["choice"] == {"ubnd-ct": "tin_nhiem_cao", "ubnd-pct": "tin_nhiem_thap", "so-tc": "tin_nhiem"}
    hall.deliver()
    assert panel.status_label.text() == "✓ Phiếu của bạn đã được ghi nhận"
    hall.chair("vote.close", {"vote_id": vote_id})
    result = hall.room.meeting.votes[vote_id].result
    assert result is not None and result["counted"] == [canonical_json(args["choice"]).decode()]
    rows = table(panel)
    assert rows[0] == ["", "Tín nhiệm cao", "Tín nhiệm", "Tín nhiệm thấp", ""]
    assert rows[1][0].startswith("Phạm Quang Minh<br>") and rows[1][1:] == ["1 (100,00%)", "0 (0,00%)", "0 (0,00%)", ""]
    # 1 of B = 1 ballots "Tín nhiệm thấp": NQ 96 asks for a dismissal to be proposed.
    assert rows[2][1:] == ["0 (0,00%)", "0 (0,00%)", "1 (100,00%)", "Trình miễn nhiệm, bãi nhiệm"]
    assert panel.summary_label.text() == "Số phiếu phát ra: 51 · Số phiếu thu về: 1"
    shot(window, "result_confidence")


def test_an_election_takes_at_most_k_names(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    hall = Hall()
    window = make_window(qtbot, hall)
    panel = window.vote_panel
    vote_id = hall.open(election(seats=2))
    assert panel.list_hint.text() == "Chọn tối đa 2 người"
    buttons = panel.candidate_buttons
    click(qtbot, buttons["uv-3"])
    click(qtbot, buttons["uv-1"])
    assert panel.remaining_label.text() == "Đã chọn 2/2 người"
    click(qtbot, buttons["uv-2"])  # a third is refused, with a note
    assert not buttons["uv-2"].isChecked() and panel.limit_label.isVisible()
    assert "Bạn đã chọn đủ 2 người" in panel.limit_label.text()
    assert buttons["uv-1"].headline.text() == "✓ Nguyễn Thị Mai Phương"
    shot(window, "election")
    click(qtbot, buttons["uv-3"])  # untick, then the third fits
    click(qtbot, buttons["uv-2"])
    assert not panel.limit_label.isVisible()
    click(qtbot, panel.review_button)
    click(qtbot, panel.confirm_button)
    settle(qloop)
    [args] = hall.casts()
    assert args["choice"] == ["uv-1", "uv-2"]  # in the ballot's order
    hall.deliver()
    hall.others_vote(vote_id, {f"db-0{n}": ["uv-1"] for n in range(20, 62)})
    hall.chair("vote.close", {"vote_id": vote_id})
    result = hall.room.meeting.votes[vote_id].result
    assert result is not None and result["elected"] == ["uv-1"]
    # 43 of N = 85 is a majority of all: elected; a single vote is not.
    assert [row[1:] for row in table(panel)] == [["Số phiếu", "Tỷ lệ", ""], ["43", "50,59%", "Trúng cử"],
                                                 ["1", "1,18%", ""], ["0", "0,00%", ""]]
    shot(window, "result_election")


def test_a_ballot_left_in_the_outbox_is_pending_after_a_restart(qtbot: QtBot) -> None:
    first = Hall()
    vote_id = first.open(resolution("secret"))
    args = cast_args(first.conn.keys, vote_id, "tan_thanh")
    hall = Hall(pending=(OutboxEntry("c-1", "vote.cast", args, "2026-12-10T07:30:00.000Z"),))
    hall.room, hall.conn.state = first.room, first.room.meeting
    window = make_window(qtbot, hall)
    panel = window.vote_panel
    assert panel.isVisible() and panel.status_label.text() == "Đang gửi phiếu…"
    assert not window.reader.isVisible()  # the seat restarted mid-vote: the panel covers it at once
    hall.conn.sent.append(("vote.cast", args, "c-1"))
    hall.deliver()
    assert panel.status_label.text() == "✓ Đã ghi nhận: Tán thành"
    assert panel.model.ballot is not None and panel.model.ballot.receipt == expected_receipt(args)


@pytest.mark.parametrize("width", [1366, 1024])
def test_the_panel_fits_a_small_screen(qtbot: QtBot, qloop: qasync.QEventLoop, width: int) -> None:
    hall = Hall()
    window = make_window(qtbot, hall, width)
    hall.open(resolution("open", title="Dự thảo Nghị quyết về việc thông qua danh mục các dự án cần thu hồi "
                                       "đất và chuyển mục đích sử dụng đất trồng lúa năm 2027 trên địa bàn tỉnh"))
    assert window.width() == width and clipped_buttons(window) == []
    shot(window, f"open_buttons_{width}")
    click(qtbot, window.vote_panel.option_buttons["tan_thanh"])
    assert clipped_buttons(window) == []
    shot(window, f"confirm_{width}")


# -- whole rounds against the real room server ----------------------------------------------------


async def _chair_does(chair: Connection, name: str, args: dict[str, Any]) -> dict[str, Any]:
    answer = await chair.request(name, args, timeout=patience(5))
    assert answer["type"] == "ack", (name, answer)
    return answer


def _vote(conn: Connection, vote_id: str) -> Any:
    state = conn.state
    return state.votes.get(vote_id) if isinstance(state, MeetingState) else None


@pytest.mark.slow
def test_votes_from_the_seat_against_the_room(server: ServerProcess, tmp_path: Path, qtbot: QtBot,
                                              qloop: qasync.QEventLoop) -> None:
    qloop.run_until_complete(asyncio.wait_for(round_in_the_room(server, tmp_path, qtbot), patience(120)))


async def round_in_the_room(server: ServerProcess, tmp_path: Path, qtbot: QtBot) -> None:
    proxy = CuttableProxy("127.0.0.1", server.port)
    await proxy.start()
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    made = await seat_window(server, tmp_path, qtbot, ME, url=proxy.url)
    seat, window = made.connection, made.window
    panel = window.vote_panel

    async def cast(option: str) -> None:
        await wait_until(lambda: panel.option_buttons[option].isVisible(), what="the buttons")
        qtbot.mouseClick(panel.option_buttons[option], Qt.MouseButton.LeftButton)
        assert panel.choice_label.isVisible()
        qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
        await asyncio.sleep(0)

    def shown(vote_id: str) -> bool:
        vote = panel.model.vote
        return vote is not None and vote.vote_id == vote_id and panel.option_buttons["tan_thanh"].isVisible()

    async def open_vote(args: dict[str, Any]) -> str:
        vote_id = f"vote-{(await _chair_does(chair, 'vote.create', args))['seq']}"  # named by its event
        await _chair_does(chair, "vote.open", {"vote_id": vote_id})
        return vote_id

    try:
        await wait_until(lambda: window.banner.kind == "online" and chair.status.kind == "online", what="online")
        await _chair_does(chair, "agenda.activate", {"item_id": ITEM})

        # Not checked in when the vote opens: the panel asks first, right there.
        vote_id = await open_vote(resolution("open", duration_s=0))
        await wait_until(lambda: panel.isVisible() and panel.check_in_button.isVisible(), what="check-in prompt")
        qtbot.mouseClick(panel.check_in_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: panel.option_buttons["tan_thanh"].isVisible(), what="checked in, the buttons")

        # Tán thành, confirmed: acknowledged, the room has the ballot.
        await cast("tan_thanh")
        await wait_until(lambda: panel.status_label.text() == "✓ Đã ghi nhận: Tán thành", what="recorded")
        await wait_until(lambda: ME in _vote(chair, vote_id).voted, what="the chair sees the ballot")
        await _chair_does(chair, "vote.close", {"vote_id": vote_id})
        await wait_until(lambda: panel.outcome_label.isVisible(), what="the result")
        assert _vote(chair, vote_id).result["ballots"] == {ME: "tan_thanh"}
        assert "Tán thành" in panel.own_label.text()
        window.grab().save(str(SHOTS / "seat_vote_room_result.png"))

        # Secret: the receipt shown is the one the seat computed and the one published.
        vote_id = await open_vote(resolution("secret", duration_s=0))
        await cast("khong_tan_thanh")
        await wait_until(lambda: panel.receipt_label.isVisible(), what="the receipt")
        ballot = panel.model.ballot
        assert ballot is not None and ballot.server_receipt == ballot.receipt
        assert panel.model.receipt_problem() == ""
        await _chair_does(chair, "vote.close", {"vote_id": vote_id})
        await wait_until(lambda: panel.outcome_label.isVisible(), what="the secret result")
        assert ballot.receipt in _vote(chair, vote_id).result["receipts"]
        assert panel.model.receipt_listed() is True and ballot.receipt[:5] in panel.own_label.text()

        # Offline: pending, then recorded once the hall's network is back.
        vote_id = await open_vote(resolution("open", duration_s=0))
        await wait_until(lambda: shown(vote_id), what="the vote on the seat")  # then the network goes
        proxy.cut()
        await wait_until(lambda: window.banner.kind != "online", what="seat offline")
        await cast("khong_bieu_quyet")
        assert panel.status_label.text() == "Chưa gửi – sẽ tự gửi khi có mạng"
        await asyncio.sleep(0.5)
        assert ME not in _vote(chair, vote_id).voted
        window.grab().save(str(SHOTS / "seat_vote_room_offline.png"))
        proxy.restore()
        await wait_until(lambda: panel.status_label.text() == "✓ Đã ghi nhận: Không biểu quyết",
                         timeout=15, what="recorded on reconnect")
        await wait_until(lambda: ME in _vote(chair, vote_id).voted, what="the chair sees the ballot")
        assert seat.replica.pending() == []
        await _chair_does(chair, "vote.close", {"vote_id": vote_id})

        # Offline until the chair closed the vote: refused, and the delegate is told so.
        vote_id = await open_vote(resolution("open", duration_s=0))
        await wait_until(lambda: shown(vote_id), what="a new vote")
        proxy.cut()
        await wait_until(lambda: window.banner.kind != "online", what="seat offline again")
        await cast("tan_thanh")
        await _chair_does(chair, "vote.close", {"vote_id": vote_id})
        proxy.restore()
        await wait_until(lambda: "phiếu không được ghi nhận" in panel.own_label.text(), timeout=15,
                         what="the vote_closed refusal")
        assert "Biểu quyết đã kết thúc trước khi phiếu của bạn đến máy chủ" in panel.own_label.text()
        assert _vote(chair, vote_id).result["ballots"] == {} and seat.replica.pending() == []

        # Confidence and election: the shapes the room counts.
        vote_id = await open_vote(confidence())
        await wait_until(lambda: len(panel.confidence_rows) == 3 and panel.review_button.isVisible(),
                         what="the confidence ballot")
        marks = {"ubnd-ct": "tin_nhiem", "ubnd-pct": "tin_nhiem_cao", "so-tc": "tin_nhiem_thap"}
        for subject, level in marks.items():
            qtbot.mouseClick(panel.confidence_rows[subject].buttons[level], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(panel.review_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: panel.status_label.text() == "✓ Phiếu của bạn đã được ghi nhận", what="recorded")
        await _chair_does(chair, "vote.close", {"vote_id": vote_id})
        await wait_until(lambda: _vote(chair, vote_id).result is not None, what="confidence result")
        assert _vote(chair, vote_id).result["counted"] == [canonical_json(marks).decode()]

        vote_id = await open_vote(election(seats=2))
        await wait_until(lambda: len(panel.candidate_buttons) == 3 and panel.review_button.isVisible(),
                         what="the election ballot")
        for candidate in ("uv-2", "uv-3", "uv-1"):
            qtbot.mouseClick(panel.candidate_buttons[candidate], Qt.MouseButton.LeftButton)
        assert panel.limit_label.isVisible()
        qtbot.mouseClick(panel.review_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: panel.status_label.text() == "✓ Phiếu của bạn đã được ghi nhận", what="recorded")
        await _chair_does(chair, "vote.close", {"vote_id": vote_id})
        await wait_until(lambda: _vote(chair, vote_id).result is not None, what="election result")
        assert _vote(chair, vote_id).result["counted"] == [canonical_json(["uv-2", "uv-3"]).decode()]
        await wait_until(lambda: panel.outcome_label.isVisible() is False and panel.close_button.isVisible(),
                         what="the election result on the seat")
    finally:
        window.close()
        await made.fetcher.stop()
        for conn in (seat, chair):
            await conn.stop()
        await proxy.close()

