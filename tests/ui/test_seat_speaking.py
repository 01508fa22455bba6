"""The delegate asks for the floor: the header button and the choice of kind over a stand-in
connection (countdown colours by an injected clock, pending, refusals, lapses, withdrawal), then
a whole round against the real room server with the hall's network cut and restored."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.clock import iso
from app.events import Event
from app.model import MeetingState, SpeakingQueue, SpeechRequest
from app.storage.replica import OutboxEntry
from sync.client.connection import Changes, Connection
from tests.netproxy import CuttableProxy
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.ui.room import seat_window
from tests.ui.test_seat_layout import clipped_buttons
from tests.ui.test_seat_parts import StandInConnection, StandInFetcher, meeting_state
from ui import theme
from ui.seat_model import SeatViewModel
from ui.seat_speaking import LOOKS, SpeakButton, SpeakDialog
from ui.seat_window import SeatWindow

ME = "db-001"  # the stand-in seat's delegate


class Outbox(StandInConnection):
    """The stand-in with an outbox: what the seat stored, and what a restart finds in it."""

    def __init__(self, state: MeetingState, pending: tuple[OutboxEntry, ...] = ()):
        super().__init__(state)
        self.sent: list[tuple[str, dict[str, Any], str | None]] = []
        self.replica = SimpleNamespace(pending=lambda: list(pending))

    async def submit(self, name: str, args: dict[str, Any], command_id: str | None = None) -> str:
        self.sent.append((name, args, command_id))
        return command_id or ""

    def change(self, state: MeetingState, *events: Event, answers: tuple[tuple[str, dict[str, Any]], ...] = ()) -> None:
        """What the connection does with a batch: the state first, then the listeners."""
        self.state = state
        self.emit(Changes(events=events, answers=answers))


def request(request_id: str, kind: str = "discussion", delegate_id: str = ME, status: str = "waiting",
            position: int | None = 1, **more: Any) -> SpeechRequest:
    return SpeechRequest(request_id, delegate_id, "i2", kind, "2026-12-01T08:00:00.000Z", status=status,
                         position=position if status == "waiting" else None, **more)


def with_queue(state: MeetingState, *requests: SpeechRequest, speaker: str | None = None, seq: int = 0,
               **more: Any) -> MeetingState:
    queue = SpeakingQueue({r.request_id: r for r in requests}, speaker)
    return replace(state, speaking=queue, seq=seq or state.seq, **more)


def event(name: str, data: dict[str, Any], seq: int) -> Event:
    return Event("m", seq, "2026-12-01T08:00:00.000Z", None, name, data, "0" * 64, "1" * 64)


def speaking_state(conn: StandInConnection, limit_s: int = 120) -> MeetingState:
    """The delegate has the floor from the clock's now, with `limit_s`."""
    mine = request("req-9", status="speaking", granted_at=iso(conn.clock.now()), limit_s=limit_s)
    return with_queue(meeting_state(), mine, speaker="req-9", seq=9)


def make_button(qtbot: QtBot, conn: StandInConnection) -> tuple[SeatViewModel, SpeakButton]:
    model = SeatViewModel(conn, StandInFetcher())  # type: ignore[arg-type]
    button = SpeakButton(model.speaking)
    qtbot.addWidget(button)
    button.show()
    return model, button


def make_window(qtbot: QtBot, conn: StandInConnection, width: int = 1366) -> SeatWindow:
    model = SeatViewModel(conn, StandInFetcher())  # type: ignore[arg-type]
    window = SeatWindow(model, lambda document: b"")
    qtbot.addWidget(window)
    window.resize(width, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


# -- the countdown and its colours, by an injected clock ------------------------------------------


def test_the_countdown_warns_at_30_seconds_and_turns_red_when_over(qtbot: QtBot, screens: Path) -> None:
    conn = Outbox(meeting_state())
    conn.state = speaking_state(conn, limit_s=120)
    _, button = make_button(qtbot, conn)
    clock = conn.clock
    assert button.headline.text() == "Đang phát biểu – còn 02:00" and button.detail.text() == "Phát biểu"
    assert button.look == "normal" and button.timer.isActive()

    clock.advance(89.5)  # 30.5 s left: rounded up, and not yet a warning
    button.refresh()
    assert button.headline.text() == "Đang phát biểu – còn 00:31" and button.look == "normal"
    clock.advance(0.5)  # 30 s left: amber
    button.refresh()
    assert button.headline.text() == "Đang phát biểu – còn 00:30" and button.look == "warn"
    assert LOOKS["warn"][0] in button.styleSheet()
    clock.advance(30)  # the limit itself is not yet over
    button.refresh()
    assert button.headline.text() == "Đang phát biểu – còn 00:00" and button.look == "warn"
    clock.advance(12)
    button.refresh()
    assert button.headline.text() == "Quá giờ 00:12" and button.detail.text() == "Đang phát biểu"
    assert button.look == "over" and LOOKS["over"][0] in button.styleSheet()
    button.grab().save(str(screens / "seat-speak-over.png"))

    # The QTimer, not a change in the room, moves the countdown every second.
    clock.advance(3)
    qtbot.waitUntil(lambda: button.headline.text() == "Quá giờ 00:15", timeout=2500)

    # The chair ends the speech: back to asking, and the timer stops.
    ended = replace(conn.state.speaking.requests["req-9"], status="done", ended_at=iso(clock.now()), duration_s=135)
    conn.change(with_queue(meeting_state(), ended, seq=10),
                event("speak.ended", {"request_id": "req-9", "delegate_id": ME, "duration_s": 135}, 10))
    assert button.headline.text() == "Đăng ký phát biểu" and button.look == "idle"
    assert not button.timer.isActive() and button.isEnabled()


def test_an_extension_shows_at_once(qtbot: QtBot) -> None:
    conn = Outbox(meeting_state())
    conn.state = speaking_state(conn, limit_s=60)
    _, button = make_button(qtbot, conn)
    conn.clock.advance(50)
    button.refresh()
    assert button.look == "warn"
    longer = replace(conn.state.speaking.requests["req-9"], limit_s=120, extended_s=60)
    conn.change(with_queue(meeting_state(), longer, speaker="req-9", seq=10),
                event("speak.extended", {"request_id": "req-9", "add_s": 60, "limit_s": 120}, 10))
    assert button.headline.text() == "Đang phát biểu – còn 01:10" and button.look == "normal"


def test_someone_else_speaking_is_not_my_countdown(qtbot: QtBot) -> None:
    conn = Outbox(meeting_state())
    other = request("req-8", delegate_id="db-002", status="speaking", granted_at=iso(conn.clock.now()), limit_s=60)
    mine = request("req-9", position=1)
    conn.state = with_queue(meeting_state(), other, mine, speaker="req-8", seq=9)
    model, button = make_button(qtbot, conn)
    assert model.speaking.remaining_s() is None and not button.timer.isActive()
    assert button.headline.text() == "Đã đăng ký – thứ tự 1" and button.look == "waiting"


# -- asking, pending, answers -------------------------------------------------------------------


def test_nothing_to_ask_for_without_an_active_item(qtbot: QtBot) -> None:
    conn = Outbox(replace(meeting_state(), active_item=None))
    _, button = make_button(qtbot, conn)
    assert not button.isEnabled() and button.look == "closed"
    assert button.text_shown() == "Đăng ký phát biểu – Chưa mở nội dung nào để đăng ký"
    dialog = SpeakDialog(button.model)
    qtbot.addWidget(dialog)
    assert dialog.reason_label.text() == "Chưa mở nội dung nào để đăng ký"
    assert not any(b.isEnabled() for b in dialog.kind_buttons.values())


def test_a_request_is_pending_until_acknowledged_then_shows_its_place(
    qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    ahead = request("req-5", delegate_id="db-002", position=1)
    conn = Outbox(with_queue(meeting_state(), ahead, seq=5))
    model, button = make_button(qtbot, conn)
    assert button.headline.text() == "Đăng ký phát biểu" and button.look == "idle"

    dialog = button.open_dialog()
    assert dialog.item_label.text() == "Nội dung đang thảo luận: «Thảo luận kinh tế – xã hội»"
    assert [b.headline.text() for b in dialog.kind_buttons.values()] == [
        "Phát biểu", "Tranh luận", "Chất vấn", "Ý kiến về trình tự, thủ tục"]
    assert all(b.detail.text() for b in dialog.kind_buttons.values())  # one line on what it is for
    assert not any(w.isVisible() for w in dialog.withdraw_buttons.values())
    qtbot.mouseClick(dialog.kind_buttons["question"], Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    # Pending at once, before the outbox has even stored it.
    assert button.headline.text() == "Đang chờ gửi" and button.detail.text() == "Chất vấn" and button.look == "pending"
    qloop.run_until_complete(asyncio.sleep(0.01))
    [(name, args, command_id)] = conn.sent
    assert name == "speak.request" and args == {"kind": "question", "item_id": "i2"} and command_id
    # A second press of the same kind while pending sends nothing more.
    model.speaking.request("question")
    qloop.run_until_complete(asyncio.sleep(0.01))
    assert len(conn.sent) == 1
    assert dialog.kind_buttons["question"].detail.text().startswith("Đang chờ gửi")
    assert not dialog.kind_buttons["question"].isEnabled()

    # The ack can come before its event: still pending, never a flash of "idle".
    conn.change(conn.state, answers=((command_id, {"type": "ack", "id": command_id, "seq": 6}),))
    assert button.headline.text() == "Đang chờ gửi"
    mine = request("req-6", "question", position=2)
    conn.change(with_queue(meeting_state(), ahead, mine, seq=6),
                event("speak.requested", {"request_id": "req-6", "delegate_id": ME, "item_id": "i2",
                                          "kind": "question", "position": 2, "answer_to": None}, 6))
    assert button.headline.text() == "Đã đăng ký – thứ tự 2" and button.detail.text() == "Chất vấn"
    assert button.look == "waiting"

    # Live as the queue moves: the one ahead is called.
    called = replace(ahead, status="speaking", position=None, granted_at="2026-12-01T08:01:00.000Z", limit_s=60)
    conn.change(with_queue(meeting_state(), called, replace(mine, position=1), speaker="req-5", seq=7),
                event("speak.granted", {"request_id": "req-5"}, 7))
    assert button.headline.text() == "Đã đăng ký – thứ tự 1"


def test_a_refusal_is_red_in_the_servers_words_and_a_lapse_is_blue(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    conn = Outbox(meeting_state())
    window = make_window(qtbot, conn)
    window.model.speaking.request("discussion")
    qloop.run_until_complete(asyncio.sleep(0.01))
    [(_, _, command_id)] = conn.sent
    refusal = "Mỗi đại biểu phát biểu không quá 2 lần về một nội dung."
    conn.change(conn.state, answers=((command_id, {"type": "error", "id": command_id, "code": "conflict",
                                                   "message": refusal}),))
    assert window.message_label.text() == refusal and theme.DANGER in window.message_label.styleSheet()
    assert window.speak_button.headline.text() == "Đăng ký phát biểu"

    # The chair moves to another item while the request waits: it lapses, and the seat says so calmly.
    conn.change(with_queue(meeting_state(), request("req-7", position=1), seq=7),
                event("speak.requested", {"request_id": "req-7"}, 7))
    assert window.speak_button.headline.text() == "Đã đăng ký – thứ tự 1"
    moved = with_queue(meeting_state(), request("req-7", status="lapsed"), seq=8, active_item="i3")
    conn.change(moved, event("agenda.activated", {"item_id": "i3"}, 8))
    assert window.message_label.text() == "Nội dung đã chuyển: đăng ký phát biểu của bạn không còn hiệu lực."
    assert theme.ACCENT in window.message_label.styleSheet()
    assert window.speak_button.headline.text() == "Đăng ký phát biểu"


def test_the_chair_withdrawing_my_request_is_told(qtbot: QtBot) -> None:
    conn = Outbox(with_queue(meeting_state(), request("req-7", "debate"), seq=7))
    window = make_window(qtbot, conn)
    conn.change(with_queue(meeting_state(), request("req-7", "debate", status="withdrawn"), seq=8),
                event("speak.withdrawn", {"request_id": "req-7", "delegate_id": ME, "by": "chair"}, 8))
    assert window.message_label.text() == "Chủ tọa đã rút đăng ký tranh luận của bạn."


def test_withdrawing_asks_first(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    conn = Outbox(with_queue(meeting_state(), request("req-7", position=1), seq=7))
    _, button = make_button(qtbot, conn)
    dialog = button.open_dialog()
    assert dialog.kind_buttons["discussion"].detail.text() == "Đã đăng ký – thứ tự 1"
    assert not dialog.kind_buttons["discussion"].isEnabled() and dialog.kind_buttons["debate"].isEnabled()
    withdraw = dialog.withdraw_buttons["discussion"]
    assert withdraw.isVisible() and not dialog.withdraw_buttons["debate"].isVisible()

    qtbot.mouseClick(withdraw, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert box is not None and "thứ tự 1" in box.text()
    keep = next(b for b in box.buttons() if b.text() == "Không rút")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    qloop.run_until_complete(asyncio.sleep(0.01))
    assert conn.sent == [] and dialog.confirm_box is None

    qtbot.mouseClick(withdraw, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert isinstance(box, QMessageBox)
    qtbot.mouseClick(next(b for b in box.buttons() if b.text() == "Rút đăng ký"), Qt.MouseButton.LeftButton)
    qloop.run_until_complete(asyncio.sleep(0.01))
    [(name, args, _)] = conn.sent
    assert name == "speak.withdraw" and args == {"request_id": "req-7"}
    assert button.detail.text() == "Đang rút đăng ký…" and not withdraw.isEnabled()


def test_a_request_left_in_the_outbox_is_still_pending_after_a_restart(qtbot: QtBot) -> None:
    left = OutboxEntry("c-1", "speak.request", {"kind": "point_of_order", "item_id": "i2"}, "2026-12-01T08:00:00.000Z")
    conn = Outbox(meeting_state(), pending=(left,))
    _, button = make_button(qtbot, conn)
    assert button.headline.text() == "Đang chờ gửi" and button.detail.text() == "Ý kiến về trình tự, thủ tục"
    refusal = "Nội dung «Thảo luận kinh tế – xã hội» đã kết thúc nên không còn nhận đăng ký phát biểu."
    conn.change(conn.state, answers=(("c-1", {"type": "error", "id": "c-1", "code": "conflict", "message": refusal}),))
    assert button.headline.text() == "Đăng ký phát biểu"


# -- screens ----------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [1366, 1024])
def test_the_seat_asking_and_speaking_rendered(qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path,
                                               width: int) -> None:
    conn = Outbox(meeting_state())
    window = make_window(qtbot, conn, width)
    assert window.width() == width, "the header must still fit the screen"
    window.model.speaking.request("discussion")
    qloop.run_until_complete(asyncio.sleep(0.01))
    assert window.speak_button.isVisible() and clipped_buttons(window) == []
    window.grab().save(str(screens / f"seat-speak-pending-{width}.png"))

    conn.state = speaking_state(conn, limit_s=420)
    conn.clock.advance(400)  # 20 s left: amber
    conn.change(conn.state, event("speak.granted", {"request_id": "req-9"}, 9))
    assert window.speak_button.look == "warn"
    if window.is_compact:
        assert window.speak_button.text_shown() == "Còn 00:20 – Đang phát biểu"
    else:
        assert window.speak_button.text_shown() == "Đang phát biểu – còn 00:20 – Phát biểu"
    headline = window.speak_button.headline
    qtbot.waitUntil(lambda: headline.width() >= headline.sizeHint().width(), timeout=2000)  # not cut
    assert clipped_buttons(window) == []
    window.grab().save(str(screens / f"seat-speak-live-{width}.png"))
    if window.is_compact:
        # The other column of a narrow screen keeps the header, so the countdown stays in view.
        qtbot.mouseClick(window.agenda_button, Qt.MouseButton.LeftButton)
        assert window.agenda.isVisible() and window.speak_button.isVisible()
        window.grab().save(str(screens / f"seat-speak-live-{width}-agenda.png"))


def test_the_choice_of_kind_rendered(qtbot: QtBot, screens: Path) -> None:
    conn = Outbox(with_queue(meeting_state(), request("req-5", delegate_id="db-002", position=1),
                             request("req-7", position=2), seq=7))
    _, button = make_button(qtbot, conn)
    dialog = button.open_dialog()
    qtbot.waitExposed(dialog)
    for kind, choice in dialog.kind_buttons.items():
        assert choice.width() >= choice.sizeHint().width(), f"{kind} is cut"
    dialog.grab().save(str(screens / "seat-speak-choice.png"))


# -- a whole round against the real room server ---------------------------------------------------

SEAT = "db-010"
OTHER = "db-011"


def waiting_of(conn: Connection, delegate_id: str) -> list[SpeechRequest]:
    state = conn.state
    return [r for r in state.speaking.waiting() if r.delegate_id == delegate_id] if isinstance(state, MeetingState) else []


@pytest.mark.slow
def test_a_speaking_round_from_the_seat(server: ServerProcess, tmp_path: Path, qtbot: QtBot,
                                        qloop: qasync.QEventLoop, screens: Path) -> None:
    qloop.run_until_complete(asyncio.wait_for(round_from_the_seat(server, tmp_path, qtbot, screens), patience(90)))


async def round_from_the_seat(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    proxy = CuttableProxy("127.0.0.1", server.port)
    await proxy.start()
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    other = await enrolled_client(tmp_path / "other", server.card("delegate", OTHER)["link"], "Ghế bên")
    made = await seat_window(server, tmp_path, qtbot, SEAT, url=proxy.url)
    seat, window, button = made.connection, made.window, made.window.speak_button

    async def ask(kind: str) -> None:
        dialog = button.open_dialog()
        qtbot.mouseClick(dialog.kind_buttons[kind], Qt.MouseButton.LeftButton)
        await asyncio.sleep(0)

    async def chair_does(name: str, args: dict[str, Any]) -> dict[str, Any]:
        answer = await chair.request(name, args, timeout=patience(5))
        assert answer["type"] == "ack", (name, answer)
        return answer

    try:
        await wait_until(lambda: window.banner.kind == "online" and len(window.agenda.cards) == 9, what="seat online")
        await wait_until(lambda: chair.status.kind == "online" and other.status.kind == "online", what="others online")
        assert not button.isEnabled() and "Chưa mở nội dung nào để đăng ký" in button.text_shown()

        await chair_does("agenda.activate", {"item_id": "item-03"})
        await wait_until(lambda: button.isEnabled() and button.headline.text() == "Đăng ký phát biểu", what="open")
        first = await other.request("speak.request", {"kind": "discussion", "item_id": "item-03"}, timeout=patience(5))
        assert first["type"] == "ack", first

        # Asked from the seat: the chair has it waiting, the seat shows its place.
        await ask("discussion")
        await wait_until(lambda: len(waiting_of(chair, SEAT)) == 1, what="the chair sees the request")
        [mine] = waiting_of(chair, SEAT)
        assert mine.kind == "discussion" and mine.item_id == "item-03" and mine.position == 2
        await wait_until(lambda: button.headline.text() == "Đã đăng ký – thứ tự 2", what="the seat's place")
        await asyncio.sleep(0.2)
        window.grab().save(str(screens / "seat-speak-waiting.png"))

        # The one ahead is called and ends; then the seat's turn, with a countdown; then idle.
        await chair_does("speak.grant", {"request_id": f"req-{first['seq']}"})
        await wait_until(lambda: button.headline.text() == "Đã đăng ký – thứ tự 1", what="moved up")
        await chair_does("speak.end", {"request_id": f"req-{first['seq']}"})
        await chair_does("speak.grant", {"request_id": mine.request_id, "limit_s": 120})
        await wait_until(lambda: button.look == "normal", what="the seat speaking")
        assert re.fullmatch(r"Đang phát biểu – còn 0[12]:\d\d", button.headline.text()), button.headline.text()
        assert button.timer.isActive()
        shown = button.headline.text()
        await wait_until(lambda: button.headline.text() != shown, timeout=3, what="the countdown ticks")
        window.grab().save(str(screens / "seat-speak-speaking.png"))
        await chair_does("speak.end", {"request_id": mine.request_id})
        await wait_until(lambda: button.look == "idle", what="back to idle")
        assert button.headline.text() == "Đăng ký phát biểu" and not button.timer.isActive()

        # A message from the chair to this delegate only shows; one to another delegate does not.
        await chair_does("message.send", {"to": SEAT, "text": "Đề nghị đại biểu chuẩn bị phát biểu tiếp."})
        await wait_until(lambda: window.message_label.text()
                         == "Thông báo của Chủ tọa: Đề nghị đại biểu chuẩn bị phát biểu tiếp.", what="private notice")
        sent = await chair_does("message.send", {"to": OTHER, "text": "Tin riêng cho đại biểu khác."})
        await wait_until(lambda: seat.state.seq >= sent["seq"], what="the seat has the other message")
        assert "Tin riêng" not in window.message_label.text()

        # Offline: the request waits in the outbox as "Đang chờ gửi", and is sent on reconnect.
        proxy.cut()
        await wait_until(lambda: window.banner.kind != "online", what="seat offline")
        await ask("debate")
        assert button.headline.text() == "Đang chờ gửi" and button.detail.text() == "Tranh luận"
        await asyncio.sleep(0.5)
        assert waiting_of(chair, SEAT) == [] and button.headline.text() == "Đang chờ gửi"
        window.grab().save(str(screens / "seat-speak-offline-pending.png"))
        proxy.restore()
        await wait_until(lambda: button.headline.text() == "Đã đăng ký – thứ tự 1", what="acknowledged on reconnect")
        # The seat learns of its ack before the chair's replica hears the broadcast.
        await wait_until(lambda: len(waiting_of(chair, SEAT)) == 1, what="the chair sees the debate request")
        [debate] = waiting_of(chair, SEAT)
        assert debate.kind == "debate" and seat.replica.pending() == []

        # Withdrawn from the seat, after the confirmation.
        dialog = button.open_dialog()
        qtbot.mouseClick(dialog.withdraw_buttons["debate"], Qt.MouseButton.LeftButton)
        box = dialog.confirm_box
        assert box is not None
        qtbot.mouseClick(next(b for b in box.buttons() if b.text() == "Rút đăng ký"), Qt.MouseButton.LeftButton)
        await wait_until(lambda: waiting_of(chair, SEAT) == [], what="the chair sees it withdrawn")
        assert chair.state.speaking.requests[debate.request_id].status == "withdrawn"  # type: ignore[union-attr]
        await wait_until(lambda: button.look == "idle", what="the seat idle again")

        # Asked offline for item 3 while the chair moved on to item 4: refused, in red, in words.
        proxy.cut()
        await wait_until(lambda: window.banner.kind != "online", what="seat offline again")
        await ask("question")
        assert button.headline.text() == "Đang chờ gửi"
        await chair_does("agenda.activate", {"item_id": "item-04"})
        proxy.restore()
        await wait_until(lambda: "không được ghi nhận" in window.message_label.text(), what="the refusal")
        assert window.message_label.text().startswith("Nội dung «")
        assert theme.DANGER in window.message_label.styleSheet()
        await wait_until(lambda: button.headline.text() == "Đăng ký phát biểu", what="idle after the refusal")
        assert waiting_of(chair, SEAT) == [] and seat.replica.pending() == []
        window.grab().save(str(screens / "seat-speak-refused.png"))

        # A waiting request lapses when the chair moves on: said briefly, in blue.
        await ask("discussion")
        await wait_until(lambda: button.look == "waiting", what="waiting on item 4")
        await chair_does("agenda.activate", {"item_id": "item-05"})
        await wait_until(lambda: "không còn hiệu lực" in window.message_label.text(), what="the lapse notice")
        assert theme.ACCENT in window.message_label.styleSheet() and button.look == "idle"
    finally:
        window.close()
        await made.fetcher.stop()
        for conn in (seat, chair, other):
            await conn.stop()
        await proxy.close()
