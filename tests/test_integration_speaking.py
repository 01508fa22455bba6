"""A speaking round through the real server: a delegate asks, the chair grants and ends, the hall
display sees it and may send nothing; an outbox request for a closed item is refused in words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.events import Event
from app.model import MeetingState, SpeechRequest
from tests.support import ServerProcess, enrolled_client, patience, wait_until

pytestmark = pytest.mark.slow

ITEM = "item-07"


def request_of(state: object, request_id: str) -> SpeechRequest | None:
    return state.speaking.requests.get(request_id) if isinstance(state, MeetingState) else None


def speaker_of(state: object) -> str | None:
    return state.speaking.speaker if isinstance(state, MeetingState) else None


async def test_a_speaking_round_through_the_server(server: ServerProcess, tmp_path: Path) -> None:
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    seat = await enrolled_client(tmp_path / "seat", server.card("delegate", "db-020")["link"], "Ghế")
    display = await enrolled_client(tmp_path / "display", server.card("display")["link"], "Màn hình")
    heard: list[Event] = []
    display.subscribe(lambda changes: heard.extend(e for e in changes.events if e.name.startswith("speak.")))
    try:
        await wait_until(lambda: all(c.status.kind == "online" for c in (chair, seat, display)), what="online")
        activated = await chair.request("agenda.activate", {"item_id": ITEM}, timeout=patience(5))
        assert activated["type"] == "ack", activated

        asked = await seat.request("speak.request", {"kind": "discussion", "item_id": ITEM}, timeout=patience(5))
        assert asked["type"] == "ack", asked
        request_id = f"req-{asked['seq']}"  # the id derives from the seq of the event that made it
        await wait_until(lambda: request_of(display.state, request_id) is not None, what="the display sees the request")
        assert request_of(display.state, request_id) == request_of(seat.state, request_id)
        assert request_of(display.state, request_id).position == 1  # type: ignore[union-attr]

        # A delegate cannot give themselves the floor; the refusal is coded and in Vietnamese.
        forbidden = await seat.request("speak.grant", {"request_id": request_id}, timeout=patience(5))
        assert forbidden["type"] == "error" and forbidden["code"] == "forbidden", forbidden
        assert forbidden["message"] == "Vai trò Đại biểu không được thực hiện lệnh này."

        granted = await chair.request("speak.grant", {"request_id": request_id, "limit_s": 120}, timeout=patience(5))
        assert granted["type"] == "ack", granted
        await wait_until(lambda: speaker_of(seat.state) == request_id, what="the seat sees itself speaking")
        taken = await chair.request("speak.grant", {"request_id": request_id}, timeout=patience(5))
        assert taken["code"] == "conflict", taken

        ended = await chair.request("speak.end", {"request_id": request_id}, timeout=patience(5))
        assert ended["type"] == "ack", ended
        await wait_until(lambda: getattr(request_of(display.state, request_id), "status", "") == "done",
                         what="the display sees the end")
        done = request_of(display.state, request_id)
        assert done is not None and done.limit_s == 120 and speaker_of(display.state) is None
        assert done.duration_s is not None and 0 <= done.duration_s < patience(30)
        assert [e.name for e in heard] == ["speak.requested", "speak.granted", "speak.ended"]
        assert heard[1].actor == chair.identity.device_id and heard[0].actor == seat.identity.device_id

        # The hall display is read only: every command it tries is refused and changes nothing.
        head = display.state.seq
        attempts: list[tuple[str, dict[str, Any]]] = [
            ("speak.request", {"kind": "discussion"}),
            ("speak.grant", {"request_id": request_id}),
            ("attendance.check_in", {"delegate_id": "db-030"}),
            ("attendance.absence", {"delegate_id": "db-030", "excused": False}),
            ("agenda.activate", {"item_id": "item-08"}),
            ("message.send", {"to": "all", "text": "Thử"}),
        ]
        for name, args in attempts:
            answer = await display.request(name, args, timeout=patience(5))
            assert answer["type"] == "error" and answer["code"] == "forbidden", (name, answer)
            assert answer["message"] == "Vai trò Màn hình hội trường không được thực hiện lệnh này."
        # Nothing was appended: the chair's next event follows straight on the last one the display saw.
        after = await chair.request("message.send", {"to": "all", "text": "Mời đại biểu tiếp tục."},
                                    timeout=patience(5))
        assert after["type"] == "ack" and after["seq"] == head + 1, (after, head)
    finally:
        for conn in (display, seat, chair):
            await conn.stop()


async def test_an_outbox_request_for_a_closed_item_is_refused_in_words(server: ServerProcess, tmp_path: Path) -> None:
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    # The seat is offline: its request waits in the outbox while the chair moves on.
    seat = await enrolled_client(tmp_path / "seat", server.card("delegate", "db-021")["link"], "Ghế", start=False)
    try:
        await wait_until(lambda: chair.status.kind == "online", what="chair online")
        assert (await chair.request("agenda.activate", {"item_id": ITEM}, timeout=patience(5)))["type"] == "ack"
        command_id = await seat.submit("speak.request", {"kind": "question", "item_id": ITEM})
        assert (await chair.request("agenda.complete", {"item_id": ITEM}, timeout=patience(5)))["type"] == "ack"
        assert (await chair.request("agenda.activate", {"item_id": "item-08"}, timeout=patience(5)))["type"] == "ack"
        seat.start()
        answer = await seat.answer(command_id, timeout=patience(10))
        assert answer["type"] == "error" and answer["code"] == "conflict", answer
        assert answer["message"].startswith("Nội dung «Thảo luận và thông qua các nghị quyết")
        assert "đã kết thúc nên không còn nhận đăng ký phát biểu" in answer["message"]
        assert answer["detail"] == {"reason": "item_closed", "item_id": ITEM, "active_item": "item-08"}
        await wait_until(lambda: seat.state.seq >= chair.state.seq, what="the seat caught up")
        assert isinstance(seat.state, MeetingState) and seat.state.speaking.requests == {}
    finally:
        await seat.stop()
        await chair.stop()
