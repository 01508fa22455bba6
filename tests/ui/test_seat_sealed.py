"""A sealed secret ballot at the real seat window against the real room server (docs/sealed.md).

The seat is a counting committee member's: its device takes part in making the key by itself
(the quiet line under the header says so), the delegate votes with the usual buttons, the seat
encrypts the ballot off the GUI thread, shows its tracking code large and then "on the board"
once its replica lists it; with too few committee devices at work the vote stays in counting
and the seat says so; when the other devices come back they decrypt, and the result shows."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.model import Ceremony, MeetingState, Vote
from app.tally.ballot import tracking_code
from app.vote_rules import RESOLUTION_OPTIONS
from sync.client.ballot import CAST_SEALED, seal_choice, sealed_cast_args
from sync.client.connection import Connection
from sync.client.sealed_agent import SealedAgent
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.ui.room import seat_window
from ui.seat_vote_sealed import seat_refusal

ITEM = "item-07"
MEMBERS = [f"db-{i:03d}" for i in range(70, 77)]
ME = MEMBERS[-1]  # the seat window's delegate is on the committee
COMMITTEE = {"head": MEMBERS[0], "secretary": MEMBERS[1], "members": MEMBERS}


def _vote(conn: Connection, vote_id: str) -> Vote | None:
    state = conn.state
    return state.votes.get(vote_id) if isinstance(state, MeetingState) else None


async def _member(server: ServerProcess, tmp_path: Path, delegate_id: str) -> Connection:
    conn = await enrolled_client(tmp_path / delegate_id, server.card("delegate", delegate_id)["link"], "Ghế")
    await wait_until(lambda: conn.status.kind == "online", what=f"{delegate_id} online")
    answer = await conn.request("attendance.check_in", {}, timeout=patience(10))
    assert answer["type"] == "ack", answer
    return conn


async def _chair_does(chair: Connection, name: str, args: dict[str, Any]) -> dict[str, Any]:
    answer = await chair.request(name, args, timeout=patience(5))
    assert answer["type"] == "ack", (name, answer)
    return answer


@pytest.mark.slow
def test_a_sealed_ballot_from_the_seat_window(server: ServerProcess, tmp_path: Path, qtbot: QtBot,
                                              qloop: qasync.QEventLoop, screens: Path) -> None:
    qloop.run_until_complete(asyncio.wait_for(sealed_round(server, tmp_path, qtbot, screens), patience(120)))


async def sealed_round(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    others = list(await asyncio.gather(*(_member(server, tmp_path, m) for m in MEMBERS[:-1])))
    agents = [SealedAgent(conn) for conn in others]
    for agent in agents:
        agent.start()
    made = await seat_window(server, tmp_path, qtbot, ME)
    seat, window = made.connection, made.window
    panel, line = window.vote_panel, window.committee_line
    try:
        await wait_until(lambda: window.banner.kind == "online" and chair.status.kind == "online", what="online")
        assert (await seat.request("attendance.check_in", {}, timeout=patience(5)))["type"] == "ack"
        await _chair_does(chair, "agenda.activate", {"item_id": ITEM})
        assert not line.isVisible()  # no sealed vote: nothing about the committee

        created = await _chair_does(chair, "vote.create", {
            "item_id": ITEM, "title": "Bỏ phiếu kín thông qua Nghị quyết về tổ chức bộ máy", "kind": "secret",
            "options": list(RESOLUTION_OPTIONS), "rule": "majority_of_all", "duration_s": 0,
            "committee": COMMITTEE, "sealed": True})
        vote_id = f"vote-{created['seq']}"
        # The seat's own device takes part in the key, started by the seat's view-model itself.
        await wait_until(lambda: getattr(_vote(chair, vote_id), "ceremony", Ceremony()).ready is not None,
                         timeout=30, what="the key made by the seven devices")
        ready = _vote(chair, vote_id)
        assert ready is not None and ME in ready.ceremony.deals and ME in ready.ceremony.ready["holders"]
        await wait_until(lambda: line.isVisible() and "khóa đã sẵn sàng" in line.text(), what="the quiet line")
        assert not panel.isVisible()  # nothing for the delegate to do yet
        await asyncio.sleep(0.1)
        window.grab().save(str(screens / "seat-sealed-committee.png"))

        await _chair_does(chair, "vote.open", {"vote_id": vote_id})
        await wait_until(lambda: panel.isVisible() and panel.option_buttons["tan_thanh"].isVisible(),
                         what="the buttons")
        assert "mã hóa" in panel.note_label.text()
        qtbot.mouseClick(panel.option_buttons["tan_thanh"], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: panel.status_label.text() == "✓ Đã ghi nhận: Tán thành", what="recorded")
        ballot = panel.model.ballot
        assert ballot is not None and ballot.server_receipt == ballot.receipt  # the ack's receipt is the seat's code
        await wait_until(lambda: len(getattr(_vote(chair, vote_id), "ballots", ())) == 1, what="the chair's board")
        mine = _vote(chair, vote_id)
        assert mine is not None and [tracking_code(b["tracking"]) for b in mine.ballots] == [ballot.receipt]
        assert ballot.tracking == mine.ballots[0]["tracking"]
        await wait_until(lambda: "Đã có trên bảng công khai ✓" in panel.receipt_label.text(), what="on the board")
        text = panel.receipt_label.text()
        assert "Mã theo dõi phiếu của bạn:" in text and ballot.receipt in text
        assert panel.receipt_label.accessibleName() == f"Mã theo dõi phiếu: {ballot.receipt}"
        await asyncio.sleep(0.1)
        window.grab().save(str(screens / "seat-sealed-recorded.png"))

        # Others vote too (headless seats of the committee).
        for conn, choice in zip(others[:4], ["tan_thanh", "khong_tan_thanh", "tan_thanh", "khong_bieu_quyet"],
                                strict=True):
            vote = _vote(conn, vote_id)
            assert vote is not None
            args = await asyncio.to_thread(sealed_cast_args, conn.keys, vote_id, seal_choice(vote, choice))
            assert (await conn.request(CAST_SEALED, args, timeout=patience(10)))["type"] == "ack"

        # Only the seat's own device at work when the chair closes: three are too few to count.
        await asyncio.gather(*(agent.stop() for agent in agents))
        await _chair_does(chair, "vote.close", {"vote_id": vote_id})
        await wait_until(lambda: panel.status_label.text().startswith("Đang kiểm phiếu"), what="counting")
        await wait_until(lambda: "đã góp phần giải mã" in line.text(), what="the seat's device decrypted")
        assert "Ban kiểm phiếu đang giải mã kết quả" in panel.status_label.text()
        assert "– ĐANG KIỂM PHIẾU" in panel.kind_label.text()
        assert ballot.receipt in panel.receipt_label.text()
        await asyncio.sleep(0.1)
        window.grab().save(str(screens / "seat-sealed-counting.png"))
        counting = _vote(chair, vote_id)
        assert counting is not None and counting.status == "counting" and list(counting.decryptions) == [ME]

        # The other devices come back (a restart): they read vote.counting and decrypt by themselves.
        agents = [SealedAgent(conn) for conn in others]
        for agent in agents:
            agent.start()
            agent.kick()
        await wait_until(lambda: panel.outcome_label.isVisible(), timeout=20, what="the result")
        closed = _vote(chair, vote_id)
        assert closed is not None and closed.result is not None
        assert closed.result["tally"] == {"tan_thanh": 3, "khong_tan_thanh": 1, "khong_bieu_quyet": 1}
        own = panel.own_label.text()
        assert ballot.receipt in own and "có trên bảng công khai" in own, own
        assert not line.isVisible()  # the vote is over: nothing more about the committee
        await asyncio.sleep(0.1)
        window.grab().save(str(screens / "seat-sealed-result.png"))
    finally:
        await asyncio.gather(*(agent.stop() for agent in agents))
        await made.fetcher.stop()
        await asyncio.gather(*(c.stop() for c in [chair, seat, *others]))


def test_an_election_ballot_with_more_names_than_posts_is_refused_at_the_seat(qapp: Any) -> None:
    vote = Vote(vote_id="vote-3", item_id=ITEM, title="Bầu Phó Chủ tịch", kind="election", options=("c1", "c2", "c3"),
                rule="election", n_total=50, duration_s=0, allow_change=False, created_at="2026-05-04T08:00:00+07:00",
                seats=1, sealed=True)
    assert seat_refusal(vote, ["c1"]) == ""
    words = seat_refusal(vote, ["c1", "c2"])
    assert words == "Chỉ được bầu tối đa 1 người. Xin bỏ bớt tên rồi gửi phiếu."


@pytest.mark.slow
def test_a_sealed_ballot_cast_offline_survives_a_restart_of_the_seat(server: ServerProcess, tmp_path: Path,
                                                                     qloop: qasync.QEventLoop) -> None:
    qloop.run_until_complete(asyncio.wait_for(offline_ballot(server, tmp_path), patience(120)))


async def offline_ballot(server: ServerProcess, tmp_path: Path) -> None:
    """Cast with the room server down, the seat program closed and started again: the ballot,
    encrypted and signed once, waits in the outbox with its tracking code, and goes when the room
    is back; nothing is encrypted twice."""
    from app.storage.replica import Replica
    from sync.client.status import Backoff
    from ui.seat_vote_model import SeatVoteModel

    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    members = list(await asyncio.gather(*(_member(server, tmp_path, m) for m in MEMBERS)))
    agents = [SealedAgent(conn) for conn in members]
    for agent in agents:
        agent.start()
    seat = await _member(server, tmp_path, "db-010")
    model = SeatVoteModel(seat)
    later: Connection | None = None
    try:
        await _chair_does(chair, "agenda.activate", {"item_id": ITEM})
        created = await _chair_does(chair, "vote.create", {
            "item_id": ITEM, "title": "Bỏ phiếu kín", "kind": "secret", "options": list(RESOLUTION_OPTIONS),
            "rule": "majority_of_all", "duration_s": 0, "committee": COMMITTEE, "sealed": True})
        vote_id = f"vote-{created['seq']}"
        await wait_until(lambda: getattr(_vote(chair, vote_id), "ceremony", Ceremony()).ready is not None,
                         timeout=30, what="key ready")
        await _chair_does(chair, "vote.open", {"vote_id": vote_id})
        await wait_until(lambda: model.phase() == "choosing", what="the seat sees the vote open")

        server.kill9()
        await wait_until(lambda: seat.status.kind != "online", what="the seat offline")
        model.choose("khong_tan_thanh")
        model.confirm()
        await wait_until(lambda: model.ballot is not None and bool(model.ballot.receipt), what="sealed and stored")
        before = model.ballot
        assert before is not None and before.status == "pending"
        stored = [e for e in seat.replica.pending() if e.name == CAST_SEALED]
        assert len(stored) == 1

        await model.committee.stop()
        await seat.stop()
        seat.replica.close()
        later = Connection(seat.identity, seat.keys, Replica(tmp_path / "db-010" / "replica.db"),
                           backoff=Backoff(base_s=0.05, cap_s=0.5))
        again = SeatVoteModel(later)
        later.start()
        await wait_until(lambda: again.ballot is not None, what="the restarted seat finds its ballot")
        assert again.ballot is not None and again.ballot.receipt == before.receipt
        assert again.ballot.status == "pending"

        server.start()
        await wait_until(lambda: again.ballot is not None and again.ballot.status == "recorded", timeout=30,
                         what="sent when the room is back")
        assert again.ballot.server_receipt == before.receipt
        await wait_until(lambda: again.on_board() is True, what="on the board")
        vote = _vote(later, vote_id)
        assert vote is not None and len(vote.ballots) == 1
        await again.committee.stop()
    finally:
        await asyncio.gather(*(agent.stop() for agent in agents))
        await model.committee.stop()
        await asyncio.gather(*(c.stop() for c in [chair, seat, *members, *([later] if later else [])]))
