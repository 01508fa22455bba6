"""The chair presents a page through the real server: the seats hear it, a delegate may not do it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.events import Event
from app.model import MeetingState, Presentation
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.ui.pdfs import make_pdf
from tests.ui.room import publish_pdf, technician

pytestmark = pytest.mark.slow


def presenting(state: object) -> Presentation | None:
    return state.presenting if isinstance(state, MeetingState) else None


async def test_the_chair_presents_and_the_seat_hears_it(server: ServerProcess, tmp_path: Path) -> None:
    tech, devices = await technician(server, tmp_path)
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    seat = await enrolled_client(tmp_path / "seat", server.card("delegate", "db-020")["link"], "Ghế")
    heard: list[Event] = []
    seat.subscribe(lambda changes: heard.extend(e for e in changes.events if e.name.startswith("present.")))
    try:
        await wait_until(lambda: all(c.status.kind == "online" for c in (tech, devices, chair, seat)), what="online")
        await publish_pdf(tech, devices, server, make_pdf(pages=5, title="Tờ trình"), document_id="doc-tt",
                          title="Tờ trình dự toán", pages=5, item_id="item-03")

        answer = await chair.request("present.page", {"document_id": "doc-tt", "page": 3}, timeout=patience(5))
        assert answer["type"] == "ack", answer
        await wait_until(lambda: presenting(seat.state) == Presentation("doc-tt", 3), what="the seat follows")
        assert [(e.name, e.data) for e in heard] == [("present.paged", {"document_id": "doc-tt", "page": 3})]
        assert heard[0].seq == answer["seq"] and heard[0].actor == chair.identity.device_id

        # A delegate may not move the hall; the refusal is coded and in Vietnamese.
        refused = await seat.request("present.page", {"document_id": "doc-tt", "page": 1}, timeout=patience(5))
        assert refused["type"] == "error" and refused["code"] == "forbidden", refused
        assert refused["message"].startswith("Vai trò Đại biểu")
        beyond = await chair.request("present.page", {"document_id": "doc-tt", "page": 6}, timeout=patience(5))
        assert beyond["code"] == "bad_request" and beyond["detail"] == {"field": "page", "page": 6, "pages": 5}
        assert presenting(chair.state) == Presentation("doc-tt", 3)

        stop = await chair.request("present.stop", {}, timeout=patience(5))
        assert stop["type"] == "ack", stop
        await wait_until(lambda: presenting(seat.state) is None, what="the seat sees the stop")
        again = await chair.request("present.stop", {}, timeout=patience(5))
        assert again["code"] == "conflict"

        # Withdrawing the shown document ends the presentation on every replica, with no event of its own.
        await chair.request("present.page", {"document_id": "doc-tt", "page": 5}, timeout=patience(5))
        await wait_until(lambda: presenting(seat.state) == Presentation("doc-tt", 5), what="page 5")
        removed = await tech.request("document.remove", {"document_id": "doc-tt"}, timeout=patience(5))
        assert removed["type"] == "ack", removed
        await wait_until(lambda: presenting(seat.state) is None, what="the presentation ends with the document")
        assert [e.name for e in heard] == ["present.paged", "present.stopped", "present.paged"]
    finally:
        for conn in (seat, chair, tech, devices):
            await conn.stop()

