"""The voting tab of the chair's console: creating a vote from a template, checking and opening it
(with the warning when nothing can pass), the progress while open, closing and cancelling with a
confirmation, a show of hands entered by the secretary, the results and their PDFs, and the open
vote confirming a secret ballot. Fast tests decide every command through the real domain in
memory; one test goes through the real room server with seats casting signed ballots. Screens go
to /tmp/phonghop-screens/ to be looked at."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pymupdf
import pytest
import qasync
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.clock import FixedClock, parse_iso
from app.errors import DomainError
from app.keys import DeviceKeys
from app.model import CHAIR, SECRETARY
from sync.client.ballot import cast_args
from sync.client.connection import Connection
from tests.domain_log import CHAIR_ACTOR, SECRETARY_ACTOR, MemoryRoom, seat_of
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.ui.chair_standin import StandInConnection
from ui.chair_model import ChairViewModel
from ui.chair_vote_create import VoteCreateDialog
from ui.chair_vote_words import confirming_title
from ui.chair_window import ChairWindow

ITEM = "item-07"
KEYS = DeviceKeys.generate()
COMMITTEE = {"head": "db-004", "secretary": "db-015",
             "members": ["db-004", "db-015", "db-016", "db-017", "db-018", "db-019", "db-020"]}
RESOLUTION = ["tan_thanh", "khong_tan_thanh", "khong_bieu_quyet"]


# -- a console over a meeting decided in memory ---------------------------------------------------


class RoomConnection(StandInConnection):
    """A Connection stand-in whose commands are decided by the real domain (tests/domain_log):
    acknowledged with the event's number, or refused with the domain's Vietnamese message."""

    def __init__(self, room: MemoryRoom, role: str = CHAIR):
        super().__init__(room.meeting, role)
        self.room = room
        self.online: frozenset[str] | None = None

    async def request(self, name: str, args: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
        self.sent.append((name, args))
        await asyncio.sleep(0)
        try:
            events = self.room.cmd(CHAIR_ACTOR if self.identity.role == CHAIR else SECRETARY_ACTOR, name, args)
        except DomainError as error:
            return {"type": "error", "id": "x", "code": error.code, "message": error.message}
        self.show(self.room.meeting)
        return {"type": "ack", "id": "x", "seq": events[-1].seq}

    def update(self) -> None:
        """After the test changed the room directly (a seat voted, a delegate checked in)."""
        self.show(self.room.meeting)


def sitting(present: int) -> MemoryRoom:
    room = MemoryRoom()
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": ITEM})
    for n in range(1, present + 1):
        room.cmd(seat_of(f"db-{n:03d}"), "attendance.check_in", {})
    room.tick(60)
    return room


def console(qtbot: QtBot, room: MemoryRoom, role: str = CHAIR, size: tuple[int, int] = (1366, 768)
            ) -> tuple[ChairWindow, RoomConnection, list[str]]:
    """The console with the voting tab shown; its confirmations always go ahead and are listed."""
    connection = RoomConnection(room, role)
    clock = FixedClock(room.now)
    model = ChairViewModel(connection, clock)  # type: ignore[arg-type]
    window = ChairWindow(model)
    asked: list[str] = []
    window.confirm = lambda title, question, yes, no: asked.append(question) is None
    qtbot.addWidget(window)
    window.resize(*size)
    window.tabs.setCurrentWidget(window.votes)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # window-wide keys need it
    return window, connection, asked


def settle(loop: qasync.QEventLoop, seconds: float = 0.05) -> None:
    loop.run_until_complete(asyncio.sleep(seconds))


def vote_args(kind: str = "open", rule: str = "majority_of_all", **more: Any) -> dict[str, Any]:
    args: dict[str, Any] = {"item_id": ITEM, "kind": kind, "rule": rule, "duration_s": 60,
                            "title": "Thông qua Nghị quyết về kế hoạch phát triển kinh tế – xã hội năm 2027",
                            "options": RESOLUTION}
    args.update(more)
    return args


def create(room: MemoryRoom, **args: Any) -> str:
    [event] = room.cmd(CHAIR_ACTOR, "vote.create", vote_args(**args))
    return str(event.data["vote_id"])


def cast(room: MemoryRoom, vote_id: str, choices: dict[str, Any]) -> None:
    for delegate_id, choice in choices.items():
        room.cmd(seat_of(delegate_id), "vote.cast", cast_args(KEYS, vote_id, choice))


def delegates(first: int, last: int) -> list[str]:
    return [f"db-{n:03d}" for n in range(first, last + 1)]


def save(window: ChairWindow, qtbot: QtBot, screens: Path, name: str) -> None:
    qtbot.wait(30)
    window.grab().save(str(screens / name))


def pdf_text(path: Path) -> str:
    with pymupdf.open(path) as doc:
        return "\n".join(page.get_text() for page in doc)


# -- the form ---------------------------------------------------------------------------------------


def test_the_form_creates_a_resolution_vote_on_the_active_item(
    qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    room = sitting(60)
    window, connection, _ = console(qtbot, room, size=(1920, 1080))
    votes = window.votes
    assert votes.list_empty.isVisible() and votes.new_button.toolTip() == "Phím tắt: Ctrl+Shift+N"
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = votes.create_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.item_box.currentData() == ITEM
    item_title = room.meeting.agenda[ITEM].title
    assert dialog.title_edit.text() == item_title  # the question starts as the item's title
    assert dialog.n_label.text() == "N = 85 (tổng số đại biểu đang giữ quyền)"
    assert dialog.rule_label.text() == "Quá nửa tổng số đại biểu: cần ít nhất 43/85 đại biểu tán thành"
    assert dialog.duration_box.value() == 60 and dialog.allow_change_box.isEnabled()
    assert not dialog.allow_change_box.isChecked()  # the meeting's setting
    assert not dialog.people_column.isVisible()
    qtbot.wait(30)
    dialog.grab().save(str(screens / "votes_create_open_1920.png"))

    dialog.choose("recall")
    assert dialog.title_edit.text() == "" and "Ví dụ" in dialog.title_edit.placeholderText()
    assert dialog.rule_label.text().startswith("Ít nhất hai phần ba tổng số đại biểu: cần ít nhất 57/85")
    assert not dialog.create_button.isEnabled() and dialog.hint_label.text() == "Nhập câu hỏi biểu quyết."
    dialog.choose("resolution")
    assert dialog.title_edit.text() == item_title
    dialog.title_edit.setText("Thông qua Nghị quyết về kế hoạch đầu tư công năm 2027")
    dialog.duration_box.setValue(5)
    assert not dialog.create_button.isEnabled() and "ít nhất 10 giây" in dialog.hint_label.text()
    dialog.duration_box.setValue(90)
    dialog.create_button.click()
    settle(qloop)
    assert votes.create_dialog is None
    name, args = connection.sent[-1]
    assert name == "vote.create" and args == {
        "item_id": ITEM, "title": "Thông qua Nghị quyết về kế hoạch đầu tư công năm 2027", "kind": "open",
        "rule": "majority_of_all", "duration_s": 90, "options": RESOLUTION, "allow_change": False}
    [vote] = room.meeting.votes.values()
    assert votes.selected_vote() == vote and votes.detail.currentWidget() is votes.summary
    summary = votes.summary
    assert summary.kind_label.text() == "Biểu quyết công khai"
    assert summary.duration_label.text() == "1 phút 30 giây"
    assert summary.present_label.text() == "60/85 đại biểu" and not summary.hopeless_label.isVisible()
    assert votes.vote_actions.open_button.isEnabled() and "Ctrl+Shift+O" in votes.vote_actions.open_button.toolTip()
    save(window, qtbot, screens, "votes_check_1920x1080.png")


def test_secret_kinds_need_a_committee_and_the_server_refuses_a_subject_in_it(
    qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    room = sitting(70)
    window, _, _ = console(qtbot, room)
    window.votes.new_vote()
    dialog = window.votes.create_dialog
    assert dialog is not None
    dialog.choose("confidence")
    assert dialog.people_column.isVisible() and dialog.people.heading_label.text() == "Người được lấy phiếu"
    assert not dialog.allow_change_box.isEnabled() and dialog.title_edit.text().startswith("Lấy phiếu tín nhiệm")
    assert dialog.hint_label.text() == "Chọn người được lấy phiếu."
    # Delegates with their titles, searched without diacritics.
    dialog.people.search_edit.setText("hoang nam")
    shown = [dialog.people.list.item(n).text() for n in range(dialog.people.list.count())
             if not dialog.people.list.isRowHidden(n)]
    assert shown == ["Lê Hoàng Nam – Chủ tịch UBND tỉnh"]
    dialog.people.set_chosen(["db-022", "db-023"])
    # A member of the UBND who is not a delegate, typed in.
    assert dialog.people.name_edit is not None and dialog.people.position_edit is not None
    dialog.people.name_edit.setText("Trần Quốc Bảo")
    dialog.people.position_edit.setText("Ủy viên UBND tỉnh, Giám đốc Sở Tài chính")
    assert dialog.people.add_button is not None
    dialog.people.add_button.click()
    assert [p["name"] for p in dialog.people.chosen()] == ["Lê Hoàng Nam", "Nguyễn Thị Thanh Bình", "Trần Quốc Bảo"]
    # The committee: five members warn but do not block; below three blocks.
    committee = dialog.committee
    committee.set_committee("db-004", "db-015", ["db-004", "db-015", "db-016"])
    assert committee.warning_label.isVisible() and "ít nhất 7" in committee.warning_label.text()
    assert dialog.create_button.isEnabled()
    committee.set_committee("db-004", "db-015", ["db-004", "db-015"])
    assert not dialog.create_button.isEnabled() and "ít nhất 3" in dialog.hint_label.text()
    # A subject in the committee: the server's words, in the dialog.
    committee.set_committee("db-004", "db-015", [*COMMITTEE["members"][:6], "db-022"])
    assert not committee.warning_label.isVisible()
    assert committee.head_box.currentData() == "db-004" and committee.secretary_box.currentData() == "db-015"
    qtbot.wait(30)
    dialog.grab().save(str(screens / "votes_create_confidence_1366.png"))
    dialog.create_button.click()
    settle(qloop)
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == ("Thành viên Ban kiểm phiếu không được là người ứng cử hoặc "
                                         "người được lấy phiếu.")
    assert room.meeting.votes == {}
    committee.set_committee("db-004", "db-015", COMMITTEE["members"])
    dialog.create_button.click()
    settle(qloop)
    [vote] = room.meeting.votes.values()
    assert vote.kind == "confidence" and vote.rule == "confidence" and vote.committee is not None
    assert [p.person_id for p in vote.subjects] == ["db-022", "db-023", "ngoai-1"]
    assert vote.subjects[2].position == "Ủy viên UBND tỉnh, Giám đốc Sở Tài chính"

    # The next secret ballot starts with the same committee (elected once per session).
    window.votes.new_vote()
    dialog = window.votes.create_dialog
    assert dialog is not None
    dialog.choose("election")
    assert dialog.committee.committee() == COMMITTEE
    assert dialog.people.heading_label.text() == "Ứng cử viên" and dialog.seats_box.isVisible()
    dialog.people.set_chosen(["db-001", "db-002", "db-003"])
    dialog.seats_box.setValue(2)
    dialog.title_edit.setText("Bầu Phó Chủ tịch HĐND tỉnh")
    dialog.create_button.click()
    settle(qloop)
    election = window.votes.selected_vote()
    assert election is not None and election.kind == "election" and election.seats == 2
    assert [c.person_id for c in election.candidates] == ["db-001", "db-002", "db-003"]
    summary = window.votes.summary
    assert summary.committee_label.text() == "Trưởng ban Phạm Ngọc Sơn, Thư ký Vũ Thị Thu Hà và 5 ủy viên"
    assert "Số người được bầu: 2" in summary.people_label.text()
    save(window, qtbot, screens, "votes_check_election_1366x768.png")


# -- opening, progress, closing ---------------------------------------------------------------------


def test_opening_warns_when_nothing_can_pass_and_the_safe_answer_keeps_it_closed(
    qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    room = sitting(40)
    create(room)
    window, connection, asked = console(qtbot, room)
    votes = window.votes
    assert votes.summary.hopeless_label.isVisible()
    assert votes.summary.hopeless_label.text().startswith("⚠ Số đại biểu có mặt (40) không quá nửa tổng số (85)")
    save(window, qtbot, screens, "votes_hopeless_1366x768.png")
    window.confirm = lambda title, question, yes, no: asked.append(question) is not None  # says no
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    settle(qloop)
    assert asked == ["Số đại biểu có mặt (40) không quá nửa tổng số (85): không nghị quyết nào có thể "
                     "được thông qua. Vẫn mở?"]
    assert connection.sent == [] and room.meeting.open_vote() is None
    # With a majority present, the question is the plain one.
    for delegate_id in delegates(41, 50):
        room.cmd(seat_of(delegate_id), "attendance.check_in", {})
    connection.update()
    assert not votes.summary.hopeless_label.isVisible()
    window.confirm = lambda title, question, yes, no: asked.append(question) is None
    votes.vote_actions.open_button.click()
    settle(qloop)
    assert asked[-1] == "Mở biểu quyết «Thông qua Nghị quyết về kế hoạch phát triển kinh tế – xã hội năm 2027»? " \
                        "Có mặt 50/85 đại biểu; thời gian: 1 phút."
    assert room.meeting.open_vote() is not None


def test_progress_counts_names_who_has_not_voted_and_counts_down(
    qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    room = sitting(50)
    vote_id = create(room, duration_s=120)
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    cast(room, vote_id, {d: "tan_thanh" for d in delegates(1, 44)} | {"db-045": "khong_tan_thanh"})
    room.tick(75)
    window, connection, asked = console(qtbot, room)
    progress = window.votes.progress
    assert window.votes.detail.currentWidget() is progress
    assert progress.count_label.text() == "Đã bỏ phiếu: 45 / 50 có mặt"
    assert progress.not_voted_label.text() == "Có mặt, chưa bỏ phiếu (5):"
    names = [progress.not_voted_list.item(n).text() for n in range(progress.not_voted_list.count())]
    seats = {s.delegate_id: s.label for s in room.meeting.seats.values()}
    assert sorted(names) == sorted(f"{room.meeting.delegates[d].name} ({seats[d]})" for d in delegates(46, 50))
    assert progress.clock_caption.text() == "Còn lại" and progress.clock_label.text() == "00:45"
    assert not progress.secret_label.isVisible() and not progress.hands.isVisible()
    save(window, qtbot, screens, "votes_open_1366x768.png")
    window.resize(1920, 1080)
    save(window, qtbot, screens, "votes_open_1920x1080.png")
    window.model.clock.advance(40)  # type: ignore[attr-defined]
    window.votes.tick()
    assert progress.clock_label.text() == "00:05" and "#a30d0d" in progress.clock_label.styleSheet()

    # Only one vote open at a time: another stays closed, saying why.
    other = create(room, title="Thông qua Nghị quyết về biên chế năm 2027")
    connection.update()
    window.votes.select(other)
    assert not window.votes.vote_actions.open_button.isEnabled()
    assert window.votes.vote_actions.why_label.text().startswith("Đang biểu quyết «Thông qua Nghị quyết về kế hoạch")

    # Ctrl+Shift+K closes the open vote (whatever is selected), after a confirmation.
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    settle(qloop)
    assert asked[-1].startswith("Kết thúc biểu quyết? Đại biểu chưa bỏ phiếu sẽ tính là Chưa biểu quyết.")
    assert "Đã bỏ phiếu: 45 / 50 có mặt." in asked[-1]
    result = window.votes.result
    assert window.votes.selected_vote().status == "closed"  # type: ignore[union-attr]
    assert result.lines[:7] == [
        "Tổng số đại biểu HĐND: 85", "Số đại biểu có mặt: 50", "Số đại biểu tham gia biểu quyết: 45 (52,94%)",
        "Tán thành: 44 (51,76%)", "Không tán thành: 1 (1,18%)", "Không biểu quyết: 0 (0,00%)",
        "Chưa biểu quyết: 5 (5,88%)"]
    assert result.verdict_label is not None and result.verdict_label.text() == "THÔNG QUA"
    assert result.ballots_table is not None and result.ballots_table.rowCount() == 85
    assert not window.votes.vote_actions.confirm_button.isVisible() and not window.votes.vote_actions.counting_button.isVisible()
    save(window, qtbot, screens, "votes_closed_open_1920x1080.png")
    window.resize(1366, 768)
    save(window, qtbot, screens, "votes_closed_open_1366x768.png")


def test_the_secretary_prepares_but_cannot_open_close_or_cancel(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    room = sitting(60)
    vote_id = create(room)
    window, connection, asked = console(qtbot, room, role=SECRETARY)
    votes = window.votes
    assert votes.new_button.isEnabled()
    assert votes.vote_actions.open_button.isVisible() and not votes.vote_actions.open_button.isEnabled()
    assert votes.vote_actions.open_button.toolTip() == "Chỉ chủ tọa được mở, kết thúc hoặc hủy biểu quyết.\nPhím tắt: Ctrl+Shift+O"
    assert votes.vote_actions.why_label.text() == "Chỉ chủ tọa được mở, kết thúc hoặc hủy biểu quyết."
    assert not votes.vote_actions.cancel_button.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    settle(qloop)
    assert asked == [] and connection.sent == [] and votes.vote_actions.error_label.text().startswith("Chỉ chủ tọa")
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    connection.update()
    assert votes.vote_actions.close_button.isVisible() and not votes.vote_actions.close_button.isEnabled()
    assert votes.vote_actions.close_button.toolTip().startswith("Chỉ chủ tọa được mở, kết thúc hoặc hủy biểu quyết.")
    assert "Ctrl+Shift+K" in votes.vote_actions.close_button.toolTip()


def test_a_show_of_hands_is_entered_by_the_secretary(qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path) -> None:
    room = sitting(50)
    vote_id = create(room, kind="hands", duration_s=0)
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    window, connection, asked = console(qtbot, room, role=SECRETARY)
    progress = window.votes.progress
    assert progress.hands.isVisible() and not window.votes.vote_actions.close_button.isVisible()
    assert progress.count_label.text() == "Giơ tay: 50 đại biểu có mặt"
    assert progress.clock_label.text() == ""  # the count ends it, not the time
    assert window.votes.vote_actions.why_label.isHidden()
    boxes = progress.hands.boxes
    boxes["tan_thanh"].setValue(45)
    boxes["khong_tan_thanh"].setValue(4)
    assert progress.hands.total_label.text() == "Tổng: 49 / 50 có mặt · Chưa biểu quyết: 1"
    boxes["khong_bieu_quyet"].setValue(2)
    assert not progress.hands.record_button.isEnabled()
    assert progress.hands.total_label.text() == "Tổng 51 lớn hơn số đại biểu có mặt (50): kiểm tra lại số đếm."
    boxes["khong_bieu_quyet"].setValue(1)
    save(window, qtbot, screens, "votes_hands_1366x768.png")
    progress.hands.record_button.click()
    settle(qloop)
    assert asked == ["Ghi kết quả giơ tay: Tán thành 45, Không tán thành 4, Không biểu quyết 1 (có mặt 50)? "
                     "Biểu quyết kết thúc với số đếm này."]
    assert connection.sent[-1] == ("vote.count_hands", {"vote_id": vote_id, "tally": {
        "tan_thanh": 45, "khong_tan_thanh": 4, "khong_bieu_quyet": 1}})
    result = window.votes.result
    assert "Tán thành: 45 (52,94%)" in result.lines and result.lines[-1] == "THÔNG QUA"


def test_cancelling_asks_for_a_reason(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    room = sitting(60)
    vote_id = create(room)
    window, connection, _ = console(qtbot, room)
    window.votes.vote_actions.cancel_button.click()
    dialog = window.votes.vote_actions.cancel_dialog
    assert dialog is not None and not dialog.ok_button.isEnabled()
    dialog.reason_edit.setText("   ")
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setText("Sai nội dung câu hỏi")
    dialog.ok_button.click()
    settle(qloop)
    assert connection.sent == [("vote.cancel", {"vote_id": vote_id, "reason": "Sai nội dung câu hỏi"})]
    assert window.votes.cancelled_label.text().endswith("Lý do: Sai nội dung câu hỏi")
    assert not window.votes.vote_actions.open_button.isVisible() and not window.votes.vote_actions.cancel_button.isVisible()


# -- results -------------------------------------------------------------------------------------------


def closed_secret(room: MemoryRoom) -> str:
    vote_id = create(room, kind="secret", committee=COMMITTEE, duration_s=0,
                     title="Miễn nhiệm chức vụ Phó Trưởng Ban Pháp chế HĐND tỉnh đối với ông Đỗ Mạnh Cường")
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    cast(room, vote_id, {d: "tan_thanh" for d in delegates(1, 55)} | {d: "khong_tan_thanh" for d in delegates(56, 60)}
         | {"db-061": "khong_bieu_quyet"})
    room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": vote_id})
    return vote_id


def test_a_secret_ballot_shows_no_names_and_its_confirming_vote_takes_one_click(
    qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path, tmp_path: Path
) -> None:
    room = sitting(70)
    vote_id = closed_secret(room)
    window, _, _ = console(qtbot, room, size=(1920, 1080))
    votes = window.votes
    result = votes.result
    assert votes.selected_vote().vote_id == vote_id  # type: ignore[union-attr]
    assert result.ballots_table is None and result.receipts_label is not None
    assert result.receipts_label.text().startswith("Mã biên nhận đã công bố: 61.")
    assert "Tán thành: 55 (64,71%)" in result.lines and result.lines[-1] == "THÔNG QUA"
    assert votes.vote_actions.counting_button.isVisible() and votes.vote_actions.confirm_button.isVisible()
    save(window, qtbot, screens, "votes_closed_secret_1920x1080.png")
    window.resize(1366, 768)
    save(window, qtbot, screens, "votes_closed_secret_1366x768.png")

    votes.vote_actions.choose_path = lambda title, name: str(tmp_path / name)
    votes.vote_actions.counting_button.click()
    qloop.run_until_complete(wait_until(lambda: votes.vote_actions.saved_label.text().startswith("Đã lưu"), what="saved"))
    text = pdf_text(tmp_path / f"bien-ban-kiem-phieu-{vote_id}.pdf")
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "Phạm Ngọc Sơn" in text and "Số phiếu thu về: 61" in text

    votes.vote_actions.confirm_button.click()
    settle(qloop)
    confirming = votes.selected_vote()
    assert confirming is not None and confirming.vote_id != vote_id and confirming.status == "created"
    assert confirming.title == ("Thông qua Nghị quyết xác nhận kết quả bỏ phiếu kín: Miễn nhiệm chức vụ Phó Trưởng "
                                "Ban Pháp chế HĐND tỉnh đối với ông Đỗ Mạnh Cường")
    assert (confirming.kind, confirming.rule, confirming.item_id) == ("open", "majority_of_all", ITEM)
    assert votes.vote_actions.open_button.isEnabled()  # the chair just opens it
    # A second click does not make a second vote: it goes to the first.
    votes.select(vote_id)
    assert votes.vote_actions.confirm_button.text() == "Đến biểu quyết xác nhận kết quả"
    votes.vote_actions.confirm_button.click()
    settle(qloop)
    assert len(room.meeting.votes) == 2 and votes.selected_vote() == confirming


def test_confidence_and_election_results_per_person(
    qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path, tmp_path: Path
) -> None:
    room = sitting(80)
    subjects = [{"id": "db-022", "name": "Lê Hoàng Nam", "position": "Chủ tịch UBND tỉnh"},
                {"id": "db-023", "name": "Nguyễn Thị Thanh Bình", "position": "Phó Chủ tịch UBND tỉnh"},
                {"id": "ngoai-1", "name": "Trần Quốc Bảo", "position": "Ủy viên UBND tỉnh"}]
    confidence = create(room, kind="confidence", rule="confidence", duration_s=0, committee=COMMITTEE,
                        options=["tin_nhiem_cao", "tin_nhiem", "tin_nhiem_thap"], subjects=subjects,
                        title="Lấy phiếu tín nhiệm đối với người giữ chức vụ do HĐND tỉnh bầu")
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": confidence})
    ballots = {}
    for n, d in enumerate(delegates(1, 80)):
        ballots[d] = {"db-022": "tin_nhiem_cao" if n < 60 else "tin_nhiem",
                      "db-023": "tin_nhiem_thap" if n < 45 else "tin_nhiem",
                      "ngoai-1": "tin_nhiem_thap" if n < 60 else "tin_nhiem_cao"}
    cast(room, confidence, ballots)
    room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": confidence})
    window, connection, _ = console(qtbot, room, size=(1920, 1080))
    votes = window.votes
    lines = votes.result.lines
    assert lines[:4] == ["Tổng số đại biểu HĐND: 85", "Số đại biểu có mặt: 80", "Số phiếu phát ra: 80",
                         "Số phiếu thu về: 80"]
    assert lines[4:9] == ["Lê Hoàng Nam – Chủ tịch UBND tỉnh", "Tín nhiệm cao: 60 (75,00%)",
                          "Tín nhiệm: 20 (25,00%)", "Tín nhiệm thấp: 0 (0,00%)", "Hệ quả: Không"]
    assert "Hệ quả: Có thể xin từ chức" in lines and "Hệ quả: Trình miễn nhiệm, bãi nhiệm" in lines
    save(window, qtbot, screens, "votes_closed_confidence_1920x1080.png")
    window.resize(1366, 768)
    save(window, qtbot, screens, "votes_closed_confidence_1366x768.png")
    votes.vote_actions.confirm_button.click()
    settle(qloop)
    assert votes.selected_vote().title == ("Thông qua Nghị quyết xác nhận kết quả lấy phiếu tín nhiệm đối với "  # type: ignore[union-attr]
                                           "người giữ chức vụ do HĐND tỉnh bầu")

    candidates = [{"id": "db-002", "name": "Trần Thị Minh Hạnh", "position": "Phó Chủ tịch HĐND tỉnh"},
                  {"id": "db-003", "name": "Lương Văn Thịnh", "position": "Phó Chủ tịch HĐND tỉnh"},
                  {"id": "db-005", "name": "Hà Thị Thu Trang", "position": "Phó Trưởng Ban Pháp chế HĐND tỉnh"}]
    election = create(room, kind="election", rule="election", duration_s=0, committee=COMMITTEE,
                      options=["db-002", "db-003", "db-005"], candidates=candidates, seats=2,
                      title="Bầu Phó Chủ tịch HĐND tỉnh Ninh Bình khóa XVI")
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": election})
    choices: dict[str, Any] = {}
    for n, d in enumerate(delegates(1, 80)):
        choices[d] = ["db-002", "db-003"] if n < 50 else ["db-002", "db-005"] if n < 78 else ["db-002", "db-003", "db-005"]
    cast(room, election, choices)
    room.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": election})
    connection.update()
    votes.select(election)
    lines = votes.result.lines
    assert "Số phiếu hợp lệ: 78" in lines and "Số phiếu không hợp lệ: 2" in lines
    assert lines[-9:] == ["Trần Thị Minh Hạnh – Phó Chủ tịch HĐND tỉnh", "Số phiếu bầu: 78 (91,76%)", "Trúng cử",
                          "Lương Văn Thịnh – Phó Chủ tịch HĐND tỉnh", "Số phiếu bầu: 50 (58,82%)", "Trúng cử",
                          "Hà Thị Thu Trang – Phó Trưởng Ban Pháp chế HĐND tỉnh", "Số phiếu bầu: 28 (32,94%)",
                          "Không trúng cử"]
    window.resize(1920, 1080)
    save(window, qtbot, screens, "votes_closed_election_1920x1080.png")
    window.resize(1366, 768)
    save(window, qtbot, screens, "votes_closed_election_1366x768.png")
    votes.vote_actions.choose_path = lambda title, name: str(tmp_path / name)
    votes.vote_actions.sheet_button.click()
    qloop.run_until_complete(wait_until(lambda: votes.vote_actions.saved_label.text().startswith("Đã lưu"), what="saved"))
    text = pdf_text(tmp_path / f"phieu-ket-qua-{election}.pdf")
    assert "KẾT QUẢ BẦU CHỨC DANH" in text and "Trần Thị Minh Hạnh" in text and "Trúng cử" in text
    votes.vote_actions.confirm_button.click()
    settle(qloop)
    assert votes.selected_vote().title == ("Thông qua Nghị quyết xác nhận kết quả bầu Phó Chủ tịch HĐND tỉnh "  # type: ignore[union-attr]
                                           "Ninh Bình khóa XVI")


# -- through the real room server ----------------------------------------------------------------------


@pytest.mark.slow
def test_votes_through_the_room_server(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    qloop.run_until_complete(asyncio.wait_for(scenario(server, tmp_path, qtbot, screens), patience(240)))


async def real_console(server: ServerProcess, tmp_path: Path, qtbot: QtBot, role: str) -> tuple[ChairWindow, list[str]]:
    """A console enrolled as `role`; its confirmations answer from `answers` (yes when empty) and are listed."""
    connection = await enrolled_client(tmp_path / role, server.card(role)["link"], f"Bàn {role}", start=False)
    window = ChairWindow(ChairViewModel(connection))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.tabs.setCurrentWidget(window.votes)
    window.show()
    connection.start()
    asked: list[str] = []
    window.confirm = lambda title, question, yes, no: asked.append(question) is None
    return window, asked


def fill_form(window: ChairWindow, template: str, title: str, duration_s: int = 300) -> VoteCreateDialog:
    window.votes.new_button.click()
    dialog = window.votes.create_dialog
    assert dialog is not None
    dialog.choose(template)
    dialog.title_edit.setText(title)
    dialog.duration_box.setValue(duration_s)
    return dialog


async def scenario(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    chair, asked = await real_console(server, tmp_path, qtbot, "chair")
    secretary, secretary_asked = await real_console(server, tmp_path, qtbot, "secretary")
    voters = delegates(30, 73)  # 44 seats that vote
    listeners = delegates(74, 79)  # 6 checked in by the secretary, whose seats never vote
    seats: list[Connection] = list(await asyncio.gather(*(
        enrolled_client(tmp_path / d, server.card("delegate", d)["link"], f"Ghế {d}") for d in voters)))
    model, votes = chair.model, chair.votes
    connections = [model.connection, secretary.model.connection, *seats]
    try:
        await wait_until(lambda: all(c.status.kind == "online" for c in connections), what="online", timeout=30)
        await wait_until(lambda: len(model.state.agenda) > 0, what="agenda")
        assert (await model.command("agenda.activate", {"item_id": ITEM}))["type"] == "ack"
        await wait_until(lambda: model.state.active_item == ITEM, what="item active")

        # The chair creates an open vote from the template through the form.
        dialog = fill_form(chair, "resolution", "Thông qua Nghị quyết về kế hoạch đầu tư công năm 2027")
        dialog.create_button.click()
        await wait_until(lambda: len(model.state.votes) == 1 and votes.create_dialog is None, what="created")
        [vote_id] = model.state.votes
        assert votes.selected_vote() == model.state.votes[vote_id] and votes.detail.currentWidget() is votes.summary

        # The secretary sees it with opening disabled, saying why.
        await wait_until(lambda: secretary.votes.selected_vote() is not None, what="the secretary sees it")
        assert not secretary.votes.vote_actions.open_button.isEnabled()
        assert secretary.votes.vote_actions.open_button.toolTip().startswith("Chỉ chủ tọa được mở, kết thúc hoặc hủy biểu quyết.")

        # Nobody present yet: opening warns, and "no" keeps it closed.
        chair.confirm = lambda title, question, yes, no: asked.append(question) is not None
        votes.vote_actions.open_button.click()
        assert asked == ["Số đại biểu có mặt (0) không quá nửa tổng số (85): không nghị quyết nào có thể được "
                         "thông qua. Vẫn mở?"]
        await asyncio.sleep(0.2)
        assert model.state.votes[vote_id].status == "created"
        chair.confirm = lambda title, question, yes, no: asked.append(question) is None

        # 44 seats check themselves in, the secretary checks in 6 more.
        answers = await asyncio.gather(*(s.request("attendance.check_in", {}, timeout=patience(20)) for s in seats))
        assert {a["type"] for a in answers} == {"ack"}
        for delegate_id in listeners:
            answer = await secretary.model.command("attendance.check_in", {"delegate_id": delegate_id})
            assert answer["type"] == "ack", answer
        await wait_until(lambda: len(model.state.present) == 50, what="50 present")
        await wait_until(lambda: votes.summary.present_label.text() == "50/85 đại biểu", what="present shown")

        # Open with the key: the plain question this time.
        chair.activateWindow()
        await wait_until(chair.isActiveWindow, what="the console active")
        qtbot.keyClick(chair, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        await wait_until(lambda: model.state.votes[vote_id].status == "open", what="opened")
        assert asked[-1].startswith("Mở biểu quyết «Thông qua Nghị quyết về kế hoạch đầu tư công năm 2027»? "
                                    "Có mặt 50/85 đại biểu; thời gian: 5 phút.")
        await wait_until(lambda: secretary.votes.vote_actions.close_button.isVisible(), what="the secretary's progress")
        assert not secretary.votes.vote_actions.close_button.isEnabled() and not secretary.votes.vote_actions.cancel_button.isEnabled()

        # The seats vote: 43 in favour, 1 against; the six listeners press nothing.
        choices = ["tan_thanh"] * 43 + ["khong_tan_thanh"]
        answers = await asyncio.gather(*(s.request("vote.cast", cast_args(s.keys, vote_id, c), timeout=patience(20))
                                         for s, c in zip(seats, choices, strict=True)))
        assert {a["type"] for a in answers} == {"ack"}, answers
        progress = votes.progress
        await wait_until(lambda: progress.count_label.text() == "Đã bỏ phiếu: 44 / 50 có mặt", what="progress")
        assert progress.not_voted_label.text() == "Có mặt, chưa bỏ phiếu (6):"
        names = {progress.not_voted_list.item(n).text().rsplit(" (", 1)[0] for n in range(progress.not_voted_list.count())}
        assert names == {model.delegate_name(d) for d in listeners}
        closes_at = model.state.votes[vote_id].closes_at
        assert closes_at is not None
        votes.tick()
        assert re.fullmatch(r"0[45]:\d\d", progress.clock_label.text()), progress.clock_label.text()
        left = (parse_iso(closes_at) - model.now()).total_seconds()
        assert 200 < left <= 300
        chair.grab().save(str(screens / "votes_live_open_1366x768.png"))

        # Close with the key, after the confirmation: the result as the law words it.
        qtbot.keyClick(chair, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        await wait_until(lambda: model.state.votes[vote_id].status == "closed", what="closed")
        assert asked[-1] == ("Kết thúc biểu quyết? Đại biểu chưa bỏ phiếu sẽ tính là Chưa biểu quyết.\n"
                             "Đã bỏ phiếu: 44 / 50 có mặt.")
        await wait_until(lambda: votes.detail.currentWidget() is votes.result, what="result shown")
        expected = ["Tổng số đại biểu HĐND: 85", "Số đại biểu có mặt: 50", "Số đại biểu tham gia biểu quyết: 44 (51,76%)",
                    "Tán thành: 43 (50,59%)", "Không tán thành: 1 (1,18%)", "Không biểu quyết: 0 (0,00%)",
                    "Chưa biểu quyết: 6 (7,06%)", "THÔNG QUA"]
        assert votes.result.lines == expected
        chair.grab().save(str(screens / "votes_live_closed_1366x768.png"))
        votes.vote_actions.choose_path = lambda title, name: str(tmp_path / name)
        votes.vote_actions.sheet_button.click()
        await wait_until(lambda: votes.vote_actions.saved_label.text().startswith("Đã lưu"), what="sheet saved")
        text = pdf_text(tmp_path / f"phieu-ket-qua-{vote_id}.pdf")
        for line in [*expected[:-1], "Kết quả: THÔNG QUA"]:
            assert line in text, line

        # A show of hands: the secretary creates it and enters the counts; the chair opens it.
        dialog = fill_form(secretary, "hands", "Thông qua Nghị quyết về chương trình giám sát năm 2027")
        dialog.create_button.click()
        await wait_until(lambda: len(model.state.votes) == 2, what="hands created")
        hands_id = next(v for v in model.state.votes if v != vote_id)
        # The chair, reading the last result out, is not taken away from it: the new vote waits in the list.
        await wait_until(lambda: hands_id in votes.vote_ids(), what="the chair sees the new vote")
        assert votes.selected_vote().vote_id == vote_id  # type: ignore[union-attr]
        votes.list.setCurrentRow(votes.vote_ids().index(hands_id))
        assert votes.selected_vote().vote_id == hands_id  # type: ignore[union-attr]
        votes.vote_actions.open_button.click()
        await wait_until(lambda: secretary.votes.progress.hands.isVisible(), what="the secretary's count")
        boxes = secretary.votes.progress.hands.boxes
        boxes["tan_thanh"].setValue(40)
        boxes["khong_tan_thanh"].setValue(5)
        boxes["khong_bieu_quyet"].setValue(3)
        secretary.votes.progress.hands.record_button.click()
        await wait_until(lambda: model.state.votes[hands_id].status == "closed", what="hands counted")
        assert secretary_asked[-1].startswith("Ghi kết quả giơ tay: Tán thành 40, Không tán thành 5, Không biểu quyết 3")
        await wait_until(lambda: secretary.votes.detail.currentWidget() is secretary.votes.result, what="shown")
        assert "Tán thành: 40 (47,06%)" in secretary.votes.result.lines
        assert secretary.votes.result.lines[-1] == "KHÔNG THÔNG QUA"

        # A secret ballot with its Ban kiểm phiếu, then the confirming open vote in one click. The form
        # creates it sealed, which the room refuses while a member has no seat device enrolled
        # (tests/ui/test_chair_sealed.py goes through with them); a client written against
        # PROTOCOL.md still creates the plain secret ballot followed here.
        secret_title = "Miễn nhiệm Phó Trưởng Ban Pháp chế HĐND tỉnh đối với ông Đỗ Mạnh Cường"
        dialog = fill_form(chair, "secret", secret_title, duration_s=0)
        dialog.committee.set_committee(COMMITTEE["head"], COMMITTEE["secretary"], COMMITTEE["members"])
        dialog.create_button.click()
        await wait_until(dialog.error_label.isVisible, what="sealed refused")
        assert "Phạm Ngọc Sơn chưa có thiết bị tại ghế" in dialog.error_label.text()
        dialog.close_button.click()
        answer = await model.command("vote.create", vote_args("secret", title=secret_title, duration_s=0,
                                                              committee=COMMITTEE))
        assert answer["type"] == "ack", answer
        await wait_until(lambda: len(model.state.votes) == 3, what="secret created")
        secret_id = max(model.state.votes, key=lambda v: int(v.rsplit("-", 1)[1]))
        votes.select(secret_id)
        await wait_until(lambda: votes.selected_vote() is not None and votes.selected_vote().vote_id == secret_id,  # type: ignore[union-attr]
                         what="secret selected")
        assert "Trưởng ban Phạm Ngọc Sơn" in votes.summary.committee_label.text()
        votes.vote_actions.open_button.click()
        await wait_until(lambda: model.state.votes[secret_id].status == "open", what="secret open")
        assert not votes.progress.not_voted_list.isVisible() and votes.progress.secret_label.isVisible()
        assert votes.progress.clock_label.text() == "Không giới hạn"
        answers = await asyncio.gather(*(s.request("vote.cast", cast_args(s.keys, secret_id, "tan_thanh"),
                                                   timeout=patience(20)) for s in seats[:30]))
        assert {a["type"] for a in answers} == {"ack"}
        await wait_until(lambda: votes.progress.count_label.text() == "Đã bỏ phiếu: 30 / 50 có mặt", what="counted")
        votes.vote_actions.close_button.click()
        await wait_until(lambda: model.state.votes[secret_id].status == "closed", what="secret closed")
        await wait_until(lambda: votes.result.receipts_label is not None, what="secret result")
        assert votes.result.receipts_label.text().startswith("Mã biên nhận đã công bố: 30.")  # type: ignore[union-attr]
        assert votes.result.ballots_table is None and votes.result.lines[-1] == "KHÔNG THÔNG QUA"
        votes.vote_actions.counting_button.click()
        await wait_until(lambda: votes.vote_actions.saved_label.text().startswith("Đã lưu"), what="record saved")
        text = pdf_text(tmp_path / f"bien-ban-kiem-phieu-{secret_id}.pdf")
        for line in ("BIÊN BẢN KIỂM PHIẾU", "Phạm Ngọc Sơn", "Vũ Thị Thu Hà", "Số phiếu thu về: 30", "KHÔNG THÔNG QUA"):
            assert line in text, line
        votes.vote_actions.confirm_button.click()
        await wait_until(lambda: len(model.state.votes) == 4, what="confirming vote created")
        await wait_until(lambda: votes.selected_vote() is not None and votes.selected_vote().status == "created",  # type: ignore[union-attr]
                         what="confirming vote selected")
        confirming = votes.selected_vote()
        assert confirming is not None
        assert confirming.title == ("Thông qua Nghị quyết xác nhận kết quả bỏ phiếu kín: Miễn nhiệm Phó Trưởng Ban "
                                    "Pháp chế HĐND tỉnh đối với ông Đỗ Mạnh Cường")
        assert (confirming.kind, confirming.rule, confirming.item_id) == ("open", "majority_of_all", ITEM)
        assert votes.vote_actions.open_button.isEnabled()
    finally:
        for window in (chair, secretary):
            window.close()
        for connection in connections:
            await connection.stop()


def test_the_confirming_title_reads_as_the_resolution_does() -> None:
    room = sitting(60)
    confidence = create(room, kind="confidence", rule="no_confidence", duration_s=0, committee=COMMITTEE,
                        options=["tin_nhiem", "khong_tin_nhiem"], title="Bỏ phiếu tín nhiệm đối với ông Lê Hoàng Nam",
                        subjects=[{"id": "db-022", "name": "Lê Hoàng Nam", "position": "Chủ tịch UBND tỉnh"}])
    election = create(room, kind="election", rule="election", duration_s=0, committee=COMMITTEE, options=["db-002"],
                      candidates=[{"id": "db-002", "name": "Trần Thị Minh Hạnh"}], title="Bầu Chủ tịch HĐND tỉnh")
    votes = room.meeting.votes
    assert confirming_title(votes[confidence]) == ("Thông qua Nghị quyết xác nhận kết quả bỏ phiếu tín nhiệm "
                                                   "đối với ông Lê Hoàng Nam")
    assert confirming_title(votes[election]) == "Thông qua Nghị quyết xác nhận kết quả bầu Chủ tịch HĐND tỉnh"
