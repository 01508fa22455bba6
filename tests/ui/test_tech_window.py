"""The technician's console over a real room server: it opens on the only meeting, creates a meeting,
copies one as a template, edits the agenda; every change is read back from the server's log."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.demo import DEMO_MEETING_ID
from app.errors import DomainError
from sync.client.connection import Connection
from sync.client.status import Backoff
from tests.support import ServerProcess, enrolled_client, wait_until
from tests.ui.conftest import SCREENS
from tests.ui.pdfs import make_pdf
from tests.ui.room import publish_pdf
from ui.tech_model import TechViewModel
from ui.tech_window import TechWindow

pytestmark = pytest.mark.slow


@pytest.fixture
def console(server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop) -> Iterator[TechWindow]:
    async def make() -> TechViewModel:
        device = await enrolled_client(tmp_path / "tech", server.card("technician")["link"], "Máy kỹ thuật",
                                       start=False)
        connection = Connection(device.identity, device.keys, device.replica, backoff=Backoff(base_s=0.05, cap_s=0.5))
        return TechViewModel(device.identity, device.keys, connection, tmp_path / "tech")

    model = qloop.run_until_complete(make())
    window = TechWindow(model)
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    async def start() -> None:
        model.server.start()

    qloop.run_until_complete(start())
    yield window
    qloop.run_until_complete(model.stop())
    model.server.replica.close()


def run(qloop: qasync.QEventLoop, coro: object) -> object:
    return qloop.run_until_complete(coro)  # type: ignore[arg-type]


def await_ack(qloop: qasync.QEventLoop, model: TechViewModel, name: str, args: dict[str, object]) -> bool:
    answer = qloop.run_until_complete(model.command(name, args))
    return answer.get("type") == "ack"


def test_the_console_opens_on_the_only_meeting_and_edits_its_agenda(
    console: TechWindow, qloop: qasync.QEventLoop, server: ServerProcess, tmp_path: Path
) -> None:
    model = console.model
    run(qloop, wait_until(lambda: model.meeting_id == DEMO_MEETING_ID and model.state.meeting is not None
                          and model.status.kind == "online", what="the demo meeting chosen"))
    assert "Đang chuẩn bị:" in console.header.text()
    meetings = console.panels["Kỳ họp"]
    assert meetings.table.rowCount() == 1  # type: ignore[attr-defined]
    agenda = console.panels["Chương trình"]
    before = len(model.state.agenda)
    agenda.title.setText("Báo cáo kết quả giám sát chuyên đề năm 2026")  # type: ignore[attr-defined]
    agenda.minutes.setValue(45)  # type: ignore[attr-defined]
    agenda.presenter.setText("Trưởng Ban Pháp chế")  # type: ignore[attr-defined]
    assert run(qloop, agenda.add()) is True  # type: ignore[attr-defined]
    run(qloop, wait_until(lambda: len(model.state.agenda) == before + 1, what="the item in the log"))
    last = model.state.agenda_in_order()[-1]
    assert (last.title, last.planned_min, last.presenter, last.position) == (
        "Báo cáo kết quả giám sát chuyên đề năm 2026", 45, "Trưởng Ban Pháp chế", before + 1)

    agenda.table.selectRow(before)  # type: ignore[attr-defined]
    assert run(qloop, agenda.move(-1)) is True  # type: ignore[attr-defined]
    run(qloop, wait_until(lambda: model.state.agenda[last.item_id].position == before, what="moved up"))

    agenda.confirm = lambda question: True  # type: ignore[attr-defined]
    agenda.table.selectRow(before - 1)  # type: ignore[attr-defined]
    assert agenda.selected().item_id == last.item_id  # type: ignore[attr-defined]
    assert run(qloop, agenda.remove()) is True  # type: ignore[attr-defined]
    run(qloop, wait_until(lambda: last.item_id not in model.state.agenda, what="removed"))

    with_documents = model.state.agenda_in_order()[0]
    assert model.meeting is not None
    run(qloop, publish_pdf(model.meeting, model.server, server, make_pdf(2), document_id="doc-tt", title="Tờ trình",
                           pages=2, item_id=with_documents.item_id))
    run(qloop, wait_until(lambda: "doc-tt" in model.state.documents, what="the document in the console"))
    agenda.table.selectRow(with_documents.position - 1)  # type: ignore[attr-defined]
    assert run(qloop, agenda.remove()) is False  # type: ignore[attr-defined]
    assert "thu hồi tài liệu" in agenda.message.text()  # type: ignore[attr-defined]
    assert with_documents.item_id in model.state.agenda
    SCREENS.mkdir(parents=True, exist_ok=True)
    console.tabs.setCurrentWidget(agenda)
    console.grab().save(str(SCREENS / "tech-agenda.png"))


def test_a_meeting_is_created_and_another_copied_from_it(console: TechWindow, qloop: qasync.QEventLoop,
                                                         tmp_path: Path) -> None:
    model = console.model
    run(qloop, wait_until(lambda: model.state.meeting is not None and model.status.kind == "online",
                          what="the demo meeting chosen"))
    panel = console.panels["Kỳ họp"]
    source = model.state
    panel.title.setText("Kỳ họp thứ Mười ba (chuyên đề)")  # type: ignore[attr-defined]
    copied_id = run(qloop, panel.copy())  # type: ignore[attr-defined]
    assert isinstance(copied_id, str) and copied_id != DEMO_MEETING_ID
    run(qloop, wait_until(lambda: model.meeting_id == copied_id and len(model.state.delegates) == len(source.delegates)
                          and len(model.state.seats) == len(source.seats)
                          and len(model.state.agenda) == len(source.agenda), what="the copy in the new log"))
    assert model.state.meeting is not None and model.state.meeting.title == "Kỳ họp thứ Mười ba (chuyên đề)"
    assert model.state.documents == {} and model.state.votes == {}
    assert model.state.meeting.settings == source.meeting.settings  # type: ignore[union-attr]

    panel.title.setText("")  # type: ignore[attr-defined]
    assert run(qloop, panel.create()) is None  # type: ignore[attr-defined]
    assert "tên kỳ họp" in panel.message.text()  # type: ignore[attr-defined]
    panel.title.setText("Phiên họp Thường trực HĐND tháng 12")  # type: ignore[attr-defined]
    panel.kind.setCurrentIndex(panel.kind.findData("standing_committee"))  # type: ignore[attr-defined]
    panel.n_total.setValue(9)  # type: ignore[attr-defined]
    created = run(qloop, panel.create())  # type: ignore[attr-defined]
    run(qloop, wait_until(lambda: model.meeting_id == created and model.state.meeting is not None,
                          what="the new meeting chosen"))
    assert model.state.meeting is not None
    assert (model.state.meeting.kind, model.state.meeting.n_total) == ("standing_committee", 9)
    run(qloop, wait_until(lambda: panel.table.rowCount() == 3, what="three meetings listed"))  # type: ignore[attr-defined]

    panel.n_total.setValue(11)  # type: ignore[attr-defined]
    panel.quorum_num.setValue(1)  # type: ignore[attr-defined]
    panel.quorum_den.setValue(2)  # type: ignore[attr-defined]
    assert run(qloop, panel.save()) is True  # type: ignore[attr-defined]
    run(qloop, wait_until(lambda: model.state.meeting is not None and model.state.meeting.n_total == 11,
                          what="saved"))
    assert (model.state.meeting.settings.quorum_num, model.state.meeting.settings.quorum_den) == (1, 2)

    panel.committees.setPlainText("Ban Pháp chế\n  Ban Kinh tế –  Ngân sách \n\nBan Pháp chế")  # type: ignore[attr-defined]
    panel.lease.setValue(6)  # type: ignore[attr-defined]
    assert run(qloop, panel.save()) is True  # type: ignore[attr-defined]
    run(qloop, wait_until(lambda: model.state.meeting is not None and len(model.state.meeting.committees) == 2,
                          what="the committees saved"))
    assert dict(model.state.meeting.committees) == {"ban-phap-che": "Ban Pháp chế",
                                                    "ban-kinh-te-ngan-sach": "Ban Kinh tế – Ngân sách"}
    assert model.state.meeting.settings.offline_lease_h == 6
    # A renamed committee is a new one; the server refuses to drop one a delegate belongs to.
    delegate = await_ack(qloop, model, "delegate.add", {"name": "Nguyễn Văn An", "title": "Đại biểu", "group_id": "to-1",
                                                        "group_name": "Tổ 1", "gender": "male",
                                                        "committees": ["ban-phap-che"]})
    assert delegate
    panel.committees.setPlainText("Ban Kinh tế – Ngân sách")  # type: ignore[attr-defined]
    assert run(qloop, panel.save()) is False  # type: ignore[attr-defined]
    assert "Máy chủ không lưu" in panel.message.text()  # type: ignore[attr-defined]
    assert "ban-phap-che" in model.state.meeting.committees

    # The next start lands on the meeting chosen last.
    assert (tmp_path / "tech" / "meetings" / "last-chosen").read_text(encoding="utf-8") == created
    console.tabs.setCurrentIndex(0)
    console.grab().save(str(SCREENS / "tech-meetings.png"))


def test_the_end_of_the_meeting_purges_documents_after_a_confirmation(
    console: TechWindow, qloop: qasync.QEventLoop, server: ServerProcess
) -> None:
    model = console.model
    run(qloop, wait_until(lambda: model.state.meeting is not None and model.status.kind == "online",
                          what="the demo meeting chosen"))
    assert model.meeting is not None
    run(qloop, publish_pdf(model.meeting, model.server, server, make_pdf(2), document_id="doc-end", title="Tờ trình",
                           pages=2, item_id="item-01"))
    run(qloop, wait_until(lambda: "doc-end" in model.state.documents, what="the document published"))
    panel = console.panels["Kỳ họp"]
    asked: list[str] = []
    panel.confirm = lambda question: asked.append(question) or False  # type: ignore[attr-defined]
    assert run(qloop, panel.purge()) is False  # type: ignore[attr-defined]
    assert "Không hoàn tác được" in asked[0] and model.state.purged_at is None
    panel.confirm = lambda question: True  # type: ignore[attr-defined]
    assert run(qloop, panel.purge()) is True  # type: ignore[attr-defined]
    run(qloop, wait_until(lambda: model.state.purged_at is not None, what="the purge in the log"))
    assert model.state.documents == {}
    assert not panel.purge_button.isEnabled()  # type: ignore[attr-defined]
    assert "đã được xóa khỏi mọi thiết bị" in panel.purged.text()  # type: ignore[attr-defined]


def test_the_meeting_kinds_are_the_domain_s_in_the_interface_language() -> None:
    from app.model import KIND_LABELS
    from ui.tech_meetings import KIND_WORDS

    assert KIND_WORDS == KIND_LABELS


def test_run_technician_opens_the_only_meeting_and_stops_when_closed(server: ServerProcess, tmp_path: Path,
                                                                     qapp: QApplication) -> None:
    """`phonghop technician`'s path: an enrolled technician's folder, the console shown, online on
    the server's log and on the only meeting, everything stopped once it is closed; a seat's
    folder is refused before any window."""
    import asyncio

    from PySide6.QtCore import QTimer

    from phonghop.technician import run_enrolled_technician
    from sync.client.device import enroll_device
    from tests.support import patience

    folder = tmp_path / "technician"
    asyncio.run(enroll_device(folder, server.card("technician")["link"], "Máy kỹ thuật viên", "mật khẩu"))
    seen: dict[str, object] = {}

    def poll(tries: list[int] = [0]) -> None:  # noqa: B006 - a counter across timer shots
        tries[0] += 1
        found = [w for w in qapp.topLevelWidgets() if isinstance(w, TechWindow) and w.isVisible()]
        window = found[0] if found else None
        if window is not None and ((window.model.meeting_id == DEMO_MEETING_ID and window.model.status.kind == "online"
                                    and window.model.state.meeting is not None) or tries[0] > patience(20) * 10):
            seen.update(title=window.windowTitle(), meeting=window.model.meeting_id, status=window.model.status.kind,
                        tabs=window.tabs.count())
            window.close()
            return
        QTimer.singleShot(100, poll)

    QTimer.singleShot(100, poll)
    assert run_enrolled_technician(folder, "mật khẩu") == 0
    assert seen == {"title": "PhòngHọp – Kỹ thuật viên", "meeting": DEMO_MEETING_ID, "status": "online", "tabs": 9}

    seat = tmp_path / "seat"
    asyncio.run(enroll_device(seat, server.card("delegate", "db-033")["link"], "Ghế", "x"))
    with pytest.raises(DomainError) as refused:
        run_enrolled_technician(seat, "x")
    assert refused.value.code == "forbidden" and "«Kỹ thuật viên»" in refused.value.message
