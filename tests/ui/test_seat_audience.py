"""A committee's document against a real room server: the member's seat gets the key, fetches,
decrypts and opens it; another delegate's seat gets no key, never fetches it and does not list
it; the room refuses a key wrapped for that outsider, and gives it once they join the committee."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import pytest
import qasync
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.doccrypto import unwrap_key
from app.model import MeetingState
from sync.client.publish import publish_document, wrap_for
from sync.tls import client_ssl_context_pinned
from tests.support import ServerProcess, patience, wait_until
from tests.ui.pdfs import make_pdf
from tests.ui.room import publish_pdf, seat_window, technician

pytestmark = pytest.mark.slow

MEMBER, OUTSIDER = "db-004", "db-040"  # the Trưởng Ban Pháp chế of the demo, and a delegate of Tổ 10
COMMITTEE = "ban-phap-che"
ITEM = "item-06"


def test_a_committee_document_reaches_only_its_members(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    qloop.run_until_complete(asyncio.wait_for(scenario(server, tmp_path, qtbot, screens), patience(90)))


async def scenario(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    tech, devices = await technician(server, tmp_path)
    member = await seat_window(server, tmp_path / "member", qtbot, MEMBER)
    outsider = await seat_window(server, tmp_path / "outsider", qtbot, OUTSIDER)
    pdf = make_pdf(pages=3, title="Báo cáo thẩm tra của Ban Pháp chế về dự thảo Nghị quyết")
    try:
        await wait_until(lambda: tech.status.kind == "online" and tech.token is not None, what="technician online")
        known = lambda: getattr(devices.state, "devices", {})  # noqa: E731
        await wait_until(lambda: {member.connection.identity.device_id, outsider.connection.identity.device_id}
                         <= set(known()), what="both seats known to the technician")
        answer = await tech.request("delegate.update", {"delegate_id": MEMBER, "committees": [COMMITTEE]},
                                    timeout=patience(5))
        assert answer["type"] == "ack", answer
        await wait_until(lambda: isinstance(tech.state, MeetingState)
                         and tech.state.delegates[MEMBER].committees == (COMMITTEE,), what="the member in the committee")

        ssl = client_ssl_context_pinned(server.fingerprint)
        async with aiohttp.ClientSession() as http:
            answer = await publish_document(tech, devices, http, ssl, pdf, document_id="bc-phap-che",
                                            title="Báo cáo thẩm tra của Ban Pháp chế", pages=3, item_id=ITEM,
                                            audience=f"committee:{COMMITTEE}")
        assert answer["type"] == "ack", answer
        await publish_pdf(tech, devices, server, make_pdf(pages=2), document_id="qc-lam-viec",
                          title="Dự thảo Quy chế làm việc", pages=2, item_id=ITEM)

        # The member: listed, fetched, decrypted and shown.
        window = member.window
        await wait_until(lambda: window.agenda.row("bc-phap-che") is not None, what="listed on the member's seat")
        document = member.model.state.documents["bc-phap-che"]
        assert member.connection.identity.device_id in document.keys
        await wait_until(lambda: member.fetcher.ready(member.model.state.documents["bc-phap-che"]), timeout=20,
                         what="fetched by the member")
        qtbot.mouseClick(window.agenda.row("bc-phap-che"), Qt.MouseButton.LeftButton)
        await wait_until(lambda: window.reader.page_count == 3 and window.reader.is_rendered(0), what="opened")
        assert member.opened == ["bc-phap-che"]

        # The outsider: the same log, no key, nothing listed or fetched for it; the public one is there.
        other = outsider.window
        await wait_until(lambda: other.agenda.row("qc-lam-viec") is not None, what="the public document listed")
        await wait_until(lambda: outsider.fetcher.ready(outsider.model.state.documents["qc-lam-viec"]), timeout=20,
                         what="the public document fetched")
        state = outsider.model.state
        assert "bc-phap-che" in state.documents
        assert outsider.connection.identity.device_id not in state.documents["bc-phap-che"].keys
        assert other.agenda.row("bc-phap-che") is None and outsider.model.document("bc-phap-che") is None
        assert [d.document_id for d in outsider.model.documents_of(ITEM)] == ["qc-lam-viec"]
        assert "bc-phap-che" not in outsider.fetcher.progress and not outsider.fetcher.ready(state.documents["bc-phap-che"])
        for seat in (other, window):  # the item's documents in view
            seat.agenda.ensureWidgetVisible(seat.agenda.cards[ITEM], 0, 0)
        await asyncio.sleep(0.2)
        other.grab().save(str(screens / "seat-committee-document-hidden.png"))
        window.grab().save(str(screens / "seat-committee-document-member.png"))

        # The room refuses a key wrapped for the outsider (a faulty publisher cannot leak)…
        assert isinstance(tech.state, MeetingState)
        key = unwrap_key(tech.state.documents["bc-phap-che"].keys[tech.identity.device_id], tech.keys, "bc-phap-che", 1)
        outsider_device = known()[outsider.connection.identity.device_id]
        share = {"document_id": "bc-phap-che", "keys": wrap_for([outsider_device], key, "bc-phap-che", 1)}
        refused = await tech.request("document.share", share, timeout=patience(5))
        assert refused["type"] == "error" and refused["code"] == "forbidden", refused
        assert refused["message"] == (f"Tài liệu chỉ dành cho Ban Pháp chế: thiết bị {outsider_device.device_name} "
                                      "không được nhận khóa của tài liệu.")
        assert outsider.connection.identity.device_id not in tech.state.documents["bc-phap-che"].keys

        # … until the delegate joins the committee: then the same share is taken and the seat lists it.
        answer = await tech.request("delegate.update", {"delegate_id": OUTSIDER, "committees": [COMMITTEE]},
                                    timeout=patience(5))
        assert answer["type"] == "ack", answer
        shared = await tech.request("document.share", share, timeout=patience(5))
        assert shared["type"] == "ack", shared
        await wait_until(lambda: other.agenda.row("bc-phap-che") is not None, what="listed once shared")
        await wait_until(lambda: outsider.fetcher.ready(outsider.model.state.documents["bc-phap-che"]), timeout=20,
                         what="fetched once shared")
    finally:
        for seat in (member, outsider):
            seat.window.close()
            await seat.fetcher.stop()
            await seat.connection.stop()
        for conn in (tech, devices):
            await conn.stop()

