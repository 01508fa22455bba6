"""A sealed secret ballot on the chair's console and the hall display, through the real room server
(docs/sealed.md): the form creates it sealed; before its committee's devices have made the key
the console says why it cannot open; the devices (the real sealed agent) deal and check; with two
members missing the chair goes on without them, after a question; with too few key holders
checked in opening stays refused, here and at the server; then the vote opens, seats cast
encrypted ballots, the close shows the counting line with whom it waits for (the hall: ĐANG KIỂM
PHIẾU), and the result comes once enough members' devices have decrypted. Last, a ceremony that
fails (members' devices complaining, sent through the crypto API) says what to do.
Screens go to /tmp/phonghop-screens/ to be looked at."""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path
from typing import Any

import pytest
import qasync
from pytestqt.qtbot import QtBot

from app.tally import dkg
from app.voting_sealed import key_status
from sync.client.ballot import seal_choice, sealed_cast_args
from sync.client.blobs import BlobCache
from sync.client.connection import Connection
from sync.client.documents import DocumentFetcher
from sync.client.sealed_agent import SealedAgent
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.ui.test_chair_votes import pdf_text
from tests.ui.test_display_window import texts_fit
from ui.chair_model import ChairViewModel
from ui.chair_window import ChairWindow
from ui.display_model import DisplayViewModel
from ui.display_window import DisplayWindow

ITEM = "item-07"
HEAD, SECRETARY = "db-004", "db-015"
MEMBERS = [HEAD, SECRETARY, "db-016", "db-017", "db-018", "db-019", "db-020"]
VOTERS = [f"db-{n:03d}" for n in range(30, 40)]
TITLE = "Miễn nhiệm Phó Trưởng Ban Pháp chế HĐND tỉnh đối với ông Đỗ Mạnh Cường"
SIZES = ((1920, 1080), (1280, 720))


@pytest.mark.slow
def test_a_sealed_ballot_on_the_console_and_the_hall(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    qloop.run_until_complete(asyncio.wait_for(scenario(server, tmp_path, qtbot, screens), patience(240)))


class Room:
    """The chair's console, the hall display and the seats, all on the real server."""

    def __init__(self, chair: ChairWindow, asked: list[str], display: DisplayWindow, fetcher: DocumentFetcher,
                 members: dict[str, Connection], voters: list[Connection]):
        self.chair, self.asked, self.display, self.fetcher = chair, asked, display, fetcher
        self.members, self.voters = members, voters
        self.agents: dict[str, SealedAgent] = {}
        self.answer_yes = True

    @property
    def model(self) -> ChairViewModel:
        model: ChairViewModel = self.chair.model
        return model

    def start_agents(self, *members: str) -> None:
        """The sealed agent as a member's seat runs it (a stopped one cannot start again: a new one)."""
        for member in members:
            agent = SealedAgent(self.members[member])
            agent.start()
            self.agents[member] = agent

    async def stop_agents(self) -> None:
        for agent in self.agents.values():
            await agent.stop()
        self.agents.clear()

    def connections(self) -> list[Connection]:
        return [self.model.connection, self.display.model.connection, *self.members.values(), *self.voters]


async def compose(server: ServerProcess, tmp_path: Path, qtbot: QtBot) -> Room:
    link = server.card("chair")["link"]
    connection = await enrolled_client(tmp_path / "chair", link, "Bàn chủ tọa", start=False)
    chair = ChairWindow(ChairViewModel(connection))
    qtbot.addWidget(chair)
    chair.resize(1366, 768)
    chair.tabs.setCurrentWidget(chair.votes)
    chair.show()
    connection.start()
    asked: list[str] = []
    # The hall display composed as `phonghop display` does it.
    hall = await enrolled_client(tmp_path / "display", server.card("display")["link"], "Màn hình", start=False)
    fetcher = DocumentFetcher(hall, BlobCache(tmp_path / "display-blobs"))
    display = DisplayWindow(DisplayViewModel(hall, fetcher), lambda document: b"")
    qtbot.addWidget(display)
    display.resize(*SIZES[0])
    display.show()
    hall.start()
    fetcher.start()
    members = dict(zip(MEMBERS, await asyncio.gather(*(
        enrolled_client(tmp_path / d, server.card("delegate", d)["link"], f"Ghế {d}") for d in MEMBERS)), strict=True))
    voters = list(await asyncio.gather(*(
        enrolled_client(tmp_path / d, server.card("delegate", d)["link"], f"Ghế {d}") for d in VOTERS)))
    room = Room(chair, asked, display, fetcher, members, voters)

    def confirm(title: str, question: str, yes: str, no: str) -> bool:
        asked.append(f"{question} [{yes} | {no}]")
        return room.answer_yes

    chair.confirm = confirm
    return room


async def ok(client: Connection, name: str, args: dict[str, Any]) -> dict[str, Any]:
    answer = await client.request(name, args, timeout=patience(20))
    assert answer["type"] == "ack", answer
    return answer


async def pause(qtbot: QtBot) -> None:
    await asyncio.sleep(0.05)  # a paint, before a grab


async def scenario(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    room = await compose(server, tmp_path, qtbot)
    chair, model, votes = room.chair, room.model, room.chair.votes
    key, actions = votes.summary.key, votes.vote_actions
    try:
        await wait_until(lambda: all(c.status.kind == "online" for c in room.connections()), what="online", timeout=30)
        await wait_until(lambda: len(model.state.agenda) > 0, what="agenda")
        assert (await model.command("agenda.activate", {"item_id": ITEM}))["type"] == "ack"
        # Ten seats and three of the committee check in; the other four members are not here yet.
        here = [*room.voters, *(room.members[m] for m in MEMBERS[:3])]
        for seat in here:
            await ok(seat, "attendance.check_in", {})
        await wait_until(lambda: len(model.state.present) == 13, what="13 present")

        # The form: a secret ballot is sealed, said in a plain line rather than offered as an option.
        chair.votes.new_button.click()
        dialog = votes.create_dialog
        assert dialog is not None
        dialog.choose("secret")
        dialog.title_edit.setText(TITLE)
        dialog.duration_box.setValue(0)
        dialog.committee.set_committee(HEAD, SECRETARY, MEMBERS)
        assert dialog.sealed_label.isVisible()
        assert dialog.sealed_label.text().startswith(
            "Phiếu kín được mã hóa: chỉ Ban kiểm phiếu cùng nhau mới mở được kết quả.")
        assert dialog.args()["sealed"] is True
        dialog.choose("resolution")
        assert not dialog.sealed_label.isVisible() and "sealed" not in dialog.args()
        dialog.choose("secret")
        dialog.title_edit.setText(TITLE)
        await pause(qtbot)
        dialog.grab().save(str(screens / "sealed_create_1366.png"))
        dialog.create_button.click()
        await wait_until(lambda: len(model.state.votes) == 1 and votes.create_dialog is None, what="created")
        [vote_id] = model.state.votes
        vote = model.state.votes[vote_id]
        assert vote.sealed and set(vote.committee_keys) == set(MEMBERS)

        # Before any member's device has dealt: opening is disabled, saying why.
        await wait_until(lambda: votes.detail.currentWidget() is votes.summary, what="the summary")
        assert key.isVisible()
        assert key.joined_label.text() == "Ban kiểm phiếu tạo khóa: 0/7 thành viên đã tham gia"
        assert not actions.open_button.isEnabled() and not actions.finish_button.isVisible()
        reason = key_status(vote, frozenset(model.state.present)).reason
        assert reason.startswith("Ban kiểm phiếu đang tạo khóa: 0/7")
        assert actions.why_label.text() == reason and actions.open_button.toolTip().startswith(reason)
        actions.open_selected()  # the key does no more than the button
        assert actions.error_label.text() == reason and room.asked == []
        await pause(qtbot)
        chair.grab().save(str(screens / "sealed_key_waiting_1366x768.png"))

        # Five members' devices deal and check by themselves; two never do.
        room.start_agents(*MEMBERS[:5])
        await wait_until(lambda: key.status is not None and key.status.checked == 5, what="five dealt and checked",
                         timeout=60)
        assert actions.finish_button.isVisible()
        assert key.joined_label.text() == "Ban kiểm phiếu tạo khóa: 5/7 thành viên đã tham gia"
        missing = [model.delegate_name(m) for m in MEMBERS[5:]]
        assert key.missing_label.text().startswith(f"Chưa tham gia: {', '.join(missing)}.")
        assert key.holders_label.text() == "Có mặt 3 thành viên giữ khóa, cần ít nhất 4 để kiểm phiếu"
        assert not actions.open_button.isEnabled()
        assert not actions.error_label.isVisible()  # the refusal said 0/7: gone with it
        await pause(qtbot)
        chair.grab().save(str(screens / "sealed_key_missing_1366x768.png"))
        chair.resize(1920, 1080)
        await pause(qtbot)
        chair.grab().save(str(screens / "sealed_key_missing_1920x1080.png"))
        chair.resize(1366, 768)

        # Going on without them asks first; "Chờ thêm" keeps waiting.
        room.answer_yes = False
        actions.finish_button.click()
        assert room.asked[-1] == (f"Tạo khóa với 5/7 thành viên đã tham gia, không chờ {', '.join(missing)}? Những "
                                  "thành viên này sẽ không giữ khóa của biểu quyết này. [Tiếp tục với 5 thành viên | "
                                  "Chờ thêm]")
        await asyncio.sleep(0.3)
        assert model.state.votes[vote_id].ceremony.ready is None
        room.answer_yes = True
        actions.finish_button.click()
        await wait_until(lambda: model.state.votes[vote_id].ceremony.ready is not None, what="key ready")
        await wait_until(lambda: key.joined_label.text().startswith("✓"), what="ready shown")
        assert key.joined_label.text() == "✓ Ban kiểm phiếu đã tạo xong khóa (5/7 thành viên tham gia)"
        assert not actions.finish_button.isVisible()

        # Three of the five key holders are here: still not enough to count, so it cannot open.
        assert key.holders_label.text() == "Có mặt 3 thành viên giữ khóa, cần ít nhất 4 để kiểm phiếu"
        assert key.absent_label.text() == "Thành viên giữ khóa chưa điểm danh: " + ", ".join(
            model.delegate_name(m) for m in MEMBERS[3:5])
        assert not actions.open_button.isEnabled() and "cần ít nhất 4" in actions.why_label.text()
        # Nor does the server let it (sent around the console, which would not send it).
        refused = await model.connection.request("vote.open", {"vote_id": vote_id}, timeout=patience(10))
        assert refused["type"] == "error" and "cần ít nhất 4" in refused["message"]
        await pause(qtbot)
        chair.grab().save(str(screens / "sealed_key_ready_short_1366x768.png"))

        # A fourth holder checks in: the vote opens.
        await ok(room.members[MEMBERS[3]], "attendance.check_in", {})
        await wait_until(actions.open_button.isEnabled, what="open enabled")
        assert key.holders_label.text() == "Có mặt 4 thành viên giữ khóa, cần ít nhất 4 để kiểm phiếu"
        assert actions.why_label.text() == ""
        await pause(qtbot)
        chair.grab().save(str(screens / "sealed_key_ready_1366x768.png"))
        actions.open_button.click()
        await wait_until(lambda: model.state.votes[vote_id].status == "open", what="opened")

        # Fourteen seats cast encrypted ballots: 8 for, 4 against, 2 abstaining.
        casting = [*room.voters, *(room.members[m] for m in MEMBERS[:4])]
        choices = ["tan_thanh"] * 8 + ["khong_tan_thanh"] * 4 + ["khong_bieu_quyet"] * 2
        await wait_until(lambda: all(s.state is not None and s.state.votes[vote_id].status == "open" for s in casting),
                         what="the seats see it open")

        async def cast(seat: Connection, choice: str) -> None:
            assert seat.state is not None
            ballot = await asyncio.to_thread(seal_choice, seat.state.votes[vote_id], choice)
            await ok(seat, "vote.cast_sealed", sealed_cast_args(seat.keys, vote_id, ballot))

        await asyncio.gather(*(cast(s, c) for s, c in zip(casting, choices, strict=True)))
        await wait_until(lambda: votes.progress.count_label.text() == "Đã bỏ phiếu: 14 / 14 có mặt", what="counted")

        # Closing: the committee's devices are away for now, so the count waits for them; one of
        # them is even switched off (the console says so beside the name).
        await room.stop_agents()
        await room.members[MEMBERS[4]].stop()
        await wait_until(lambda: model.online is not None and MEMBERS[4] not in model.online, what="a seat off")
        actions.close_button.click()
        await wait_until(lambda: model.state.votes[vote_id].status == "counting", what="counting")
        counting = votes.counting
        await wait_until(lambda: votes.detail.currentWidget() is counting, what="counting shown")
        assert counting.count_label.text() == "Đang kiểm phiếu: Ban kiểm phiếu đã giải mã 0/4…"
        assert counting.collected_label.text() == "Số phiếu thu về: 14 / 14 đại biểu có mặt"
        holders = ", ".join([*(model.delegate_name(m) for m in MEMBERS[:4]),
                             f"{model.delegate_name(MEMBERS[4])} (máy chưa kết nối)"])
        assert counting.waiting_label.text() == f"Cần thêm 4 thành viên giải mã; đang chờ máy của: {holders}"
        assert actions.cancel_button.isVisible() and not actions.close_button.isVisible()
        assert votes.list.item(0).text().startswith("● Đang kiểm phiếu · ")
        await pause(qtbot)
        chair.grab().save(str(screens / "sealed_counting_0_1366x768.png"))
        display = room.display
        await wait_until(lambda: display.layout_shown == "counting", what="the hall: counting")
        page = display.counting_page
        assert page.status_text.text() == "ĐANG KIỂM PHIẾU"
        assert page.collected_text.text() == "Số phiếu thu về: 14 / 14 đại biểu có mặt"
        for width, height in SIZES:
            display.resize(width, height)
            await pause(qtbot)
            assert texts_fit(display) == [], (width, height)
            display.grab().save(str(screens / f"sealed_display_counting_{width}x{height}.png"))

        # Two devices come back and decrypt: the console says whom it still waits for.
        room.start_agents(*MEMBERS[:2])
        await wait_until(lambda: len(model.state.votes[vote_id].decryptions) == 2, what="two decrypted")
        await wait_until(lambda: "2/4" in counting.count_label.text(), what="2/4 shown")
        assert counting.count_label.text() == "Đang kiểm phiếu: Ban kiểm phiếu đã giải mã 2/4…"
        rest = ", ".join([*(model.delegate_name(m) for m in MEMBERS[2:4]),
                          f"{model.delegate_name(MEMBERS[4])} (máy chưa kết nối)"])
        assert counting.waiting_label.text() == f"Cần thêm 2 thành viên giải mã; đang chờ máy của: {rest}"
        await pause(qtbot)
        chair.grab().save(str(screens / "sealed_counting_2_1366x768.png"))

        # Two more: the result, as for any secret ballot, and that anyone can check it.
        room.start_agents(*MEMBERS[2:4])
        await wait_until(lambda: model.state.votes[vote_id].status == "closed", what="closed")
        await wait_until(lambda: votes.result.sealed_label is not None, what="result shown")
        assert votes.result.lines == [
            "Tổng số đại biểu HĐND: 85", "Số đại biểu có mặt: 14", "Số đại biểu tham gia biểu quyết: 14 (16,47%)",
            "Tán thành: 8 (9,41%)", "Không tán thành: 4 (4,71%)", "Không biểu quyết: 2 (2,35%)",
            "Chưa biểu quyết: 0 (0,00%)", "KHÔNG THÔNG QUA"]
        assert votes.result.sealed_label.text() == ("Kết quả kiểm chứng được: mọi phiếu mã hóa và bằng chứng "  # type: ignore[union-attr]
                                                    "đều công khai")
        receipts = votes.result.receipts_label
        assert receipts is not None and receipts.text().startswith("Mã theo dõi phiếu trên bảng công khai: 14.")
        assert "ElGamal" not in receipts.text()
        await pause(qtbot)
        chair.grab().save(str(screens / "sealed_result_1366x768.png"))
        votes.result.grab().save(str(screens / "sealed_result_panel.png"))
        # Its records, as for any secret ballot.
        actions.choose_path = lambda title, name: str(tmp_path / name)
        records = ((actions.sheet_button, "phieu-ket-qua", ("Tán thành: 8 (9,41%)", "Kết quả: KHÔNG THÔNG QUA")),
                   (actions.counting_button, "bien-ban-kiem-phieu", ("Số phiếu thu về: 14", "Tán thành: 8 (9,41%)")))
        for button, name, lines in records:
            actions.saved_label.setText("")
            button.click()
            await wait_until(lambda: actions.saved_label.text().startswith("Đã lưu"), what=f"{name} saved")
            text = pdf_text(tmp_path / f"{name}-{vote_id}.pdf")
            assert all(line in text for line in lines), (name, text)
        await wait_until(lambda: display.layout_shown == "result", what="the hall: result")
        assert display.result_page.verdict_text.text() == "KHÔNG THÔNG QUA"
        display.grab().save(str(screens / "sealed_display_result_1280x720.png"))

        await failed_ceremony(room, screens)
    finally:
        await room.stop_agents()
        room.chair.close()
        room.display.close()
        await room.fetcher.stop()
        for connection in room.connections():
            await connection.stop()


async def failed_ceremony(room: Room, screens: Path) -> None:
    """Every member deals (through the crypto API, over the members' own connections), and the
    checks complain about four dealers: fewer than four are beyond complaint, the key fails."""
    model, votes = room.model, room.chair.votes
    await room.stop_agents()  # the devices are driven by hand here
    # The member whose seat is switched off gives way to a delegate whose seat is on.
    committee = [*MEMBERS[:4], VOTERS[0], *MEMBERS[5:]]
    seats = {**room.members, VOTERS[0]: room.voters[0]}
    before = set(model.state.votes)
    answer = await model.command("vote.create", {
        "item_id": ITEM, "title": "Bầu bổ sung Ủy viên Thường trực HĐND tỉnh", "kind": "secret",
        "rule": "majority_of_all", "options": ["tan_thanh", "khong_tan_thanh", "khong_bieu_quyet"], "duration_s": 0,
        "committee": {"head": HEAD, "secretary": SECRETARY, "members": committee}, "sealed": True})
    assert answer["type"] == "ack", answer
    vote_id = f"vote-{answer['seq']}"
    await wait_until(lambda: set(model.state.votes) - before == {vote_id}, what="second vote")
    votes.select(vote_id)
    vote = model.state.votes[vote_id]
    members = [(m, base64.b64decode(vote.committee_keys[m][1])) for m in committee]
    for member in committee:
        deal = await asyncio.to_thread(dkg.make_deal, vote_id, member, members, dkg.threshold(len(committee)))
        await ok(seats[member], "vote.key_deal", {"vote_id": vote_id, **deal})
    for member in committee:
        await ok(seats[member], "vote.key_check", {"vote_id": vote_id, "dealers": committee, "complaints": committee[:4]})
    await wait_until(lambda: model.state.votes[vote_id].ceremony.failed != "", what="key failed")
    key = votes.summary.key
    await wait_until(key.failed_label.isVisible, what="failure shown")
    assert key.failed_label.text().startswith("Không tạo được khóa: ")
    assert key.failed_label.text().endswith("Hãy hủy biểu quyết này và tạo lại (nếu cần, với Ban kiểm phiếu khác).")
    assert not votes.vote_actions.open_button.isEnabled() and votes.vote_actions.cancel_button.isEnabled()
    assert not votes.vote_actions.finish_button.isVisible() and not key.holders_label.isVisible()
    await asyncio.sleep(0.05)
    room.chair.grab().save(str(screens / "sealed_key_failed_1366x768.png"))
