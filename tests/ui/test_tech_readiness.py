"""The readiness tab over a real room server: a seat that lacks a published document is named with the
document, the list empties of it once the seat has downloaded it, and "Nháy màn hình" flashes that seat."""

from __future__ import annotations

from pathlib import Path

import pytest
import qasync
from pytestqt.qtbot import QtBot

from app.demo import DEMO_MEETING_ID
from tests.support import ServerProcess, wait_until
from tests.ui.conftest import SCREENS
from tests.ui.pdfs import make_pdf
from tests.ui.room import publish_pdf, seat_window
from tests.ui.tech_room import close, tech_model
from ui.tech_readiness import ReadinessPanel

pytestmark = pytest.mark.slow

DELEGATE = "db-001"


def test_a_seat_missing_a_document_is_listed_until_it_has_it(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    model = qloop.run_until_complete(tech_model(server, tmp_path / "tech", DEMO_MEETING_ID))
    panel = ReadinessPanel(model)
    qtbot.addWidget(panel)
    panel.resize(1200, 700)
    panel.show()
    seat = qloop.run_until_complete(seat_window(server, tmp_path, qtbot, DELEGATE))
    label = model.state.seat_of(DELEGATE).label  # type: ignore[union-attr]
    try:
        qloop.run_until_complete(seat.fetcher.stop())  # the seat's downloads held back
        qloop.run_until_complete(wait_until(
            lambda: seat.connection.identity.device_id in model.server.devices
            and model.server.devices[seat.connection.identity.device_id].online, what="the seat online"))
        assert model.meeting is not None
        qloop.run_until_complete(publish_pdf(model.meeting, model.server, server, make_pdf(2), document_id="doc-rd",
                                             title="Tờ trình số 12", pages=2, item_id="item-01"))

        def missing() -> list[str]:
            return [p.text for p in (panel.result.problems if panel.result else ()) if p.code == "missing_document"
                    and p.seat == label]

        qloop.run_until_complete(wait_until(lambda: len(missing()) == 1, what="the missing document listed"))
        [text] = missing()
        assert "Tờ trình số 12" in text and label in text
        assert panel.result is not None and not panel.result.ready
        assert panel.verdict.text().startswith("Chưa sẵn sàng")
        # Other seats have no device at all: a blocker each, the summary counts seats ready.
        assert any(p.code == "no_device" for p in panel.result.problems)
        SCREENS.mkdir(parents=True, exist_ok=True)
        panel.grab().save(str(SCREENS / "tech-readiness.png"))

        row = next(i for i, p in enumerate(panel.result.problems) if p.code == "missing_document" and p.seat == label)
        panel.table.selectRow(row)
        assert panel.locate_button.isEnabled()
        assert qloop.run_until_complete(panel.locate()) is True
        overlay = seat.window.locate_overlay
        qloop.run_until_complete(wait_until(lambda: overlay.isVisible(), what="the seat flashing"))
        assert label in overlay.text

        async def resume() -> None:
            seat.fetcher.start()

        qloop.run_until_complete(resume())
        qloop.run_until_complete(wait_until(lambda: not missing(), timeout=20, what="the document held"))
    finally:
        qloop.run_until_complete(seat.fetcher.stop())
        qloop.run_until_complete(seat.connection.stop())
        qloop.run_until_complete(close(model))
