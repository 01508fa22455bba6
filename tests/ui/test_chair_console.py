"""The chair's console over an in-memory meeting: timer colours at an injected clock, the
secretary's console, confirmations before irreversible acts, and the screens rendered to PNG."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import qasync
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.domain_log import CHAIR_ACTOR
from tests.ui.chair_standin import StandInConnection, busy_sitting, clock_at_speech, with_documents
from ui.chair_model import ChairViewModel
from ui.chair_window import ChairWindow
from ui.seat_map import SeatMap


def console(qtbot: QtBot, role: str = "chair", seconds_in: float = 100) -> tuple[ChairWindow, StandInConnection]:
    state = with_documents(busy_sitting().meeting)
    conn = StandInConnection(state, role)
    model = ChairViewModel(conn, clock_at_speech(state, seconds_in))  # type: ignore[arg-type]
    window = ChairWindow(model)
    qtbot.addWidget(window)
    return window, conn


def test_the_timer_warns_at_30_seconds_and_turns_red_when_over(qtbot: QtBot) -> None:
    window, _ = console(qtbot)
    clock = window.model.clock
    speech = window.model.state.speaking.current()
    assert speech is not None and speech.limit_s == 420
    timer = window.speaker
    timer.tick()
    assert (timer.clock_label.text(), timer.level, timer.warning_label.text()) == ("05:20", "normal", "")
    clock.advance(420 - 100 - 30)  # type: ignore[attr-defined]
    timer.tick()
    assert (timer.clock_label.text(), timer.level, timer.warning_label.text()) == ("00:30", "warn", "Còn 30 giây")
    assert "#ffd970" in timer.styleSheet()  # amber
    clock.advance(30)  # type: ignore[attr-defined]
    timer.tick()
    assert (timer.clock_label.text(), timer.level) == ("00:00", "warn")
    clock.advance(0.5)  # type: ignore[attr-defined]
    timer.tick()
    assert (timer.clock_label.text(), timer.level, timer.warning_label.text()) == ("+00:01", "over", "Quá giờ")
    assert "#b00020" in timer.styleSheet()  # red


def test_ending_early_asks_in_words_and_the_safe_answer_keeps_the_speaker(
    qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    window, conn = console(qtbot)
    answers = [False, True]
    window.confirm = lambda title, question, yes, no: answers.pop(0)
    window.end_speech()
    assert "còn 05:20" in window.asked[-1] and conn.sent == []
    window.end_speech()
    qloop.run_until_complete(asyncio.sleep(0.05))
    assert conn.sent == [("speak.end", {"request_id": window.model.state.speaking.speaker})]


def test_no_confirmation_once_the_time_is_up(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    window, conn = console(qtbot, seconds_in=425)
    window.confirm = lambda *_: pytest.fail("asked")  # type: ignore[assignment,return-value]
    window.end_speech()
    qloop.run_until_complete(asyncio.sleep(0.05))
    assert [name for name, _ in conn.sent] == ["speak.end"]


def test_the_secretary_has_the_chair_only_actions_disabled(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    window, conn = console(qtbot, role="secretary")
    window.show()
    queue, speaker = window.queue, window.speaker
    queue.list.setCurrentRow(2)
    for button in (queue.next_button, queue.grant_button, queue.remove_button, speaker.end_button,
                   speaker.extend_1_button, speaker.extend_3_button):
        assert not button.isEnabled(), button.text()
        assert button.toolTip().startswith("Chỉ chủ tọa"), button.text()
    # What the working rules give the secretary stays: reordering, the agenda, presenting.
    assert queue.up_button.isEnabled() and queue.list.dragEnabled()
    assert window.presenting.present_button.isEnabled() and window.agenda.next_button.isEnabled()
    assert window.role_label.text() == "Thư ký kỳ họp"
    # The shortcut does not get round it: it says why instead.
    window.grant_next()
    assert window.refusal_label.text() == "Chỉ chủ tọa được mời đại biểu phát biểu." and conn.sent == []


def test_moving_on_with_people_waiting_asks_first(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    window, conn = console(qtbot)
    window.confirm = lambda *_: False
    window.activate_next_item()
    assert "7 yêu cầu đang chờ sẽ hết hiệu lực" in window.asked[-1]
    assert "lượt phát biểu của đại biểu" in window.asked[-1]
    window.queue.list.setCurrentRow(0)
    window.queue.remove_button.click()
    assert window.asked[-1].startswith("Xóa yêu cầu phát biểu của đại biểu")
    window.agenda.complete_button.click()
    assert window.asked[-1].startswith("Kết thúc nội dung «")
    qloop.run_until_complete(asyncio.sleep(0.05))
    assert conn.sent == []


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
@pytest.mark.parametrize("moment", [100, 400, 440])
def test_render_the_console(qtbot: QtBot, qapp: QApplication, screens: Path, size: tuple[int, int],
                            moment: int) -> None:
    window, _ = console(qtbot, seconds_in=moment)
    window.resize(*size)
    window.show()
    window.queue.list.setCurrentRow(1)
    qtbot.waitExposed(window)
    window.tick()
    qapp.processEvents()
    window.grab().save(str(screens / f"chair_{size[0]}x{size[1]}_{moment}s.png"))


def test_render_the_secretarys_console(qtbot: QtBot, qapp: QApplication, screens: Path) -> None:
    window, _ = console(qtbot, role="secretary", seconds_in=200)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(2)  # attendance, the secretary's own work
    qapp.processEvents()
    window.grab().save(str(screens / "chair_secretary_1366x768.png"))


def test_the_seat_map_on_a_hidden_tab_catches_up_when_shown(qtbot: QtBot) -> None:
    room = busy_sitting()
    window, conn = console(qtbot)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    seat_map = window.findChild(SeatMap)
    assert seat_map is not None and not seat_map.isVisible()  # the presenting tab is in front
    speaking = room.meeting.speaking.current()
    assert speaking is not None
    room.cmd(CHAIR_ACTOR, "speak.end", {"request_id": speaking.request_id})
    conn.show(room.meeting)
    assert seat_map._stale  # not rebuilt while nobody looks at it
    tab = next(i for i in range(window.tabs.count()) if window.tabs.widget(i).isAncestorOf(seat_map))
    window.tabs.setCurrentIndex(tab)
    qtbot.waitUntil(lambda: seat_map.isVisible() and not seat_map._stale, timeout=5_000)
    assert all(tile.state != "speaking" for tile in seat_map.canvas.tiles.values())
