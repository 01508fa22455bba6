"""The banner, the agenda panel and the view-model against a stand-in connection (states the
real server is slow or awkward to reach: refused, mid-download, a refused check-in)."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.clock import FixedClock
from app.errors import DomainError
from app.events import Event
from app.model import AgendaItem, Delegate, Document, MeetingState, Seat
from sync.client.connection import Changes
from sync.client.status import ConnectionStatus
from ui.agenda_panel import AgendaPanel
from ui.banner import ConnectionBanner
from ui.seat_model import SeatViewModel


class StandInConnection:
    """Just what SeatViewModel reads of a Connection."""

    def __init__(self, state: MeetingState):
        self.identity = SimpleNamespace(delegate_id="db-001", seat="A01", device_id="dev-a01")
        self.state = state
        self.status = ConnectionStatus("online")
        self.listeners: list[Any] = []
        self.head_seq: int | None = None  # set at welcome; events up to it are history
        self.kicks = 0
        self.clock = FixedClock()
        self.room_clock = self.clock
        self.replica = SimpleNamespace(pending=lambda: [])  # an empty outbox

    def subscribe(self, listener: Any) -> None:
        self.listeners.append(listener)

    def reconnect_now(self) -> None:
        self.kicks += 1

    def emit(self, changes: Changes) -> None:
        for listener in self.listeners:
            listener(changes)


class StandInLease:
    """The documents' lease of a seat that keeps them (sync.client.lease.DocumentLease)."""

    locked = None
    hours = 12

    def subscribe(self, listener: Any) -> None:
        pass


class StandInFetcher:
    def __init__(self) -> None:
        self.lease = StandInLease()
        self.progress: dict[str, tuple[int, int]] = {}
        self.errors: dict[str, DomainError] = {}
        self.done: set[str] = set()
        self.listeners: list[Any] = []

    def subscribe(self, listener: Any) -> None:
        self.listeners.append(listener)

    def ready(self, document: Document) -> bool:
        return document.document_id in self.done


def doc(document_id: str, item_id: str | None, title: str, classification: str = "public", version: int = 1) -> Document:
    # Wrapped for this seat's device: a document without its key is not the seat's (app.catalog.may_read).
    return Document(document_id, item_id, title, version, 3, classification, "a" * 64, 1000, 900, 65536,
                    keys={"dev-a01": "k" * 16})


def meeting_state() -> MeetingState:
    return MeetingState(
        delegates={"db-001": Delegate("db-001", "Trần Văn Bình", "Đại biểu", "t1", "Tổ 1", "nam", ("delegate",), False)},
        seats={"A01": Seat("A01", "A01", 1, 1, "hall", "db-001")},
        agenda={
            "i1": AgendaItem("i1", "Khai mạc kỳ họp", 1, 10, "Chủ tọa", status="done"),
            "i2": AgendaItem("i2", "Thảo luận kinh tế – xã hội", 2, 60, "UBND tỉnh", status="active"),
            "i3": AgendaItem("i3", "Bế mạc", 3, 10, ""),
        },
        active_item="i2",
        documents={
            "d1": doc("d1", "i2", "Báo cáo kinh tế – xã hội", version=2),
            "d2": doc("d2", "i2", "Dự thảo nghị quyết", classification="internal"),
            "d3": doc("d3", None, "Quy chế làm việc"),
        },
    )


def event(name: str, data: dict[str, Any]) -> Event:
    return Event("m", 1, "2026-01-01T00:00:00Z", None, name, data, "0" * 64, "1" * 64)


def test_banner_shows_every_status_and_retries(qtbot: QtBot) -> None:
    conn = StandInConnection(meeting_state())
    model = SeatViewModel(conn, StandInFetcher())  # type: ignore[arg-type]
    banner = ConnectionBanner(model)
    qtbot.addWidget(banner)
    banner.show()
    assert "Đã kết nối" in banner.text_label.text() and not banner.retry_button.isVisible()

    conn.status = ConnectionStatus("connecting")
    conn.emit(Changes(status=True))
    assert "Đang kết nối" in banner.text_label.text()

    since = datetime(2026, 1, 5, 8, 30, tzinfo=UTC)
    conn.status = ConnectionStatus("offline", since)
    conn.emit(Changes(status=True))
    assert f"Mất kết nối từ {since.astimezone():%H:%M}" in banner.text_label.text()
    assert banner.retry_button.isVisible()
    qtbot.mouseClick(banner.retry_button, Qt.MouseButton.LeftButton)
    assert conn.kicks == 1

    conn.status = ConnectionStatus("refused", since, DomainError("unauthorized", "Thiết bị đã bị thu hồi."))
    conn.emit(Changes(status=True))
    assert "Thiết bị đã bị thu hồi." in banner.text_label.text() and banner.retry_button.isVisible()


def test_agenda_panel_marks_items_and_shows_download_state(qtbot: QtBot) -> None:
    conn = StandInConnection(meeting_state())
    fetcher = StandInFetcher()
    model = SeatViewModel(conn, fetcher)  # type: ignore[arg-type]
    panel = AgendaPanel(model)
    qtbot.addWidget(panel)
    panel.resize(420, 900)
    panel.show()
    assert list(panel.cards) == ["i1", "i2", "i3", None]
    assert "Đang thảo luận" in panel.cards["i2"].status_label.text()
    assert "Đã xong" in panel.cards["i1"].status_label.text()
    assert panel.cards["i3"].status_label.isHidden()
    row = panel.row("d1")
    assert row is not None and row.title_label.text() == "Báo cáo kinh tế – xã hội (bản 2)"
    assert row.state_label.text() == "chờ tải" and not row.badge.isVisible()
    assert panel.row("d2").badge.isVisible()  # type: ignore[union-attr]
    assert panel.cards[None].rows.keys() == {"d3"}

    fetcher.progress["d1"] = (450, 1000)
    for listener in fetcher.listeners:
        listener("d1")
    assert row.state_label.text() == "đang tải 45%"
    fetcher.done.add("d1")
    for listener in fetcher.listeners:
        listener("d1")
    assert row.state_label.text() == "sẵn sàng"

    with qtbot.waitSignal(panel.document_did_get_chosen) as chosen:
        qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    assert chosen.args == ["d1"]

    # The chair moves on: only the agenda is rebuilt, from the state.
    agenda = dict(conn.state.agenda)
    agenda["i2"] = AgendaItem("i2", "Thảo luận kinh tế – xã hội", 2, 60, "UBND tỉnh", status="done")
    agenda["i3"] = AgendaItem("i3", "Bế mạc", 3, 10, "", status="active")
    from dataclasses import replace

    conn.state = replace(conn.state, agenda=agenda, active_item="i3")
    with qtbot.waitSignal(model.agenda_did_change):
        conn.emit(Changes(events=(event("agenda.activated", {"item_id": "i3"}),)))
    assert panel.cards["i3"].status == "active" and panel.cards["i2"].status == "done"


def test_view_model_signals_only_what_changed(qtbot: QtBot) -> None:
    conn = StandInConnection(meeting_state())
    model = SeatViewModel(conn, StandInFetcher())  # type: ignore[arg-type]
    fired: list[str] = []
    for name in ("meeting_did_change", "agenda_did_change", "documents_did_change", "attendance_did_change",
                 "status_did_change"):
        getattr(model, name).connect(lambda name=name: fired.append(name))
    messages: list[str] = []
    model.message_did_arrive.connect(messages.append)
    conn.emit(Changes(events=(event("attendance.checked_in", {"delegate_id": "db-999"}),)))
    assert fired == []  # someone else
    conn.emit(Changes(events=(event("attendance.checked_in", {"delegate_id": "db-001"}),)))
    conn.emit(Changes(events=(event("document.added", {"document_id": "x"}),)))
    conn.emit(Changes(status=True, notices=(DomainError("conflict", "Phiên họp đã tạm dừng."),)))
    assert fired == ["attendance_did_change", "documents_did_change", "status_did_change"]
    assert messages == ["Phiên họp đã tạm dừng."]
    assert model.watermark() == "Trần Văn Bình – Ghế A01"
    assert model.documents_of("i2")[0].title == "Báo cáo kinh tế – xã hội"
