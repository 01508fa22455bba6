"""The technician's device monitor ("Thiết bị") against a real room server: rows problems first,
filter, locate and revoke; the table model tells the view as little as it can."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import qasync
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QTableView
from pytestqt.qtbot import QtBot

from app.device_monitor import NEVER, OFFLINE, OK, RANK, REVOKED, UNSYNCED, DeviceRow
from app.device_status import DeviceReport, DeviceStatus
from app.keys import DeviceKeys
from app.model import Device, MeetingState, ServerState
from app.storage.replica import Replica
from sync.client.blobs import BlobCache
from sync.client.connection import Connection
from sync.client.documents import DocumentFetcher
from sync.client.enroll import Identity
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.ui.pdfs import make_pdf
from tests.ui.room import publish_pdf, technician
from ui.tech_devices import DevicePanel
from ui.tech_devices_model import DeviceTableModel

TIME = "2026-12-01T08:00:00.000Z"
ROW = DeviceRow("dev-1", "A-1", "Đại biểu 1", "Máy 1", "delegate", "Đại biểu", True, None, None, "0.1.0",
                1, 1, 0, False, OK)


def rows(*ids: str, problem: str = OK) -> list[DeviceRow]:
    return [replace(ROW, device_id=i, seat_label=f"K-{i}", problem=problem) for i in ids]


def test_the_table_model_resets_only_when_the_devices_change(qtbot: QtBot) -> None:
    model = DeviceTableModel()
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    told: list[str] = []
    model.modelReset.connect(lambda: told.append("reset"))
    model.dataChanged.connect(lambda a, b: told.append(f"data {a.row()}-{b.row()}"))
    assert model.apply(rows("a", "b", "c", "d")) == "reset"
    assert model.apply(rows("a", "b", "c", "d")) == "none"
    changed = rows("a", "b", "c", "d")
    changed[1] = replace(changed[1], version="0.0.9")
    changed[2] = replace(changed[2], version="0.0.9")
    assert model.apply(changed) == "data"
    assert told == ["reset", "data 1-2"]
    assert model.data(model.index(1, 6)) == "0.0.9"
    # "c" goes offline and moves to the top: the positions whose row changed are told, "d" is not.
    told.clear()
    moved = [replace(changed[2], online=False, problem=OFFLINE), changed[0], changed[1], changed[3]]
    assert model.apply(moved) == "moved"
    assert told == ["data 0-2"]
    assert model.data(model.index(0, 4)).startswith("Chưa kết nối")
    assert model.data(model.index(1, 1)) == "K-a" and model.data(model.index(3, 1)) == "K-d"
    assert model.apply([*moved, *rows("e")]) == "reset"
    model.set_filter("  k-B ")
    assert [r.device_id for r in model.rows] == ["b"]
    assert model.rowCount(QModelIndex()) == 1 and model.columnCount(QModelIndex()) == 9
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Tình trạng"


def test_the_selection_stays_on_its_device_when_rows_move(qtbot: QtBot, tmp_path: Path) -> None:
    identity = Identity("dev-tech", "technician", None, None, None, "https://127.0.0.1:1", "0" * 64, "Kỹ thuật")
    connection = Connection(identity, DeviceKeys.generate(), Replica(tmp_path / "tech.db"), log_id=None)
    devices = {f"dev-{n}": Device(f"dev-{n}", "display", "m", None, None, f"Màn hình {n}", "p", "k") for n in range(3)}
    connection.state = ServerState(devices=devices)
    connection.devices = {d: DeviceStatus(d, True, TIME, TIME, DeviceReport("0.1.0", (), 0)) for d in devices}
    panel = DevicePanel(connection, lambda: None)
    qtbot.addWidget(panel)
    assert [r.device_id for r in panel.table_model.rows] == ["dev-0", "dev-1", "dev-2"]
    assert panel.select_device("dev-2")
    connection.devices = {**connection.devices, "dev-2": DeviceStatus("dev-2", False, TIME, TIME, None)}
    panel.refresh()
    assert [r.device_id for r in panel.table_model.rows] == ["dev-2", "dev-0", "dev-1"]
    chosen = panel.selected_row()
    assert chosen is not None and chosen.device_id == "dev-2" and chosen.problem == OFFLINE
    assert not panel.locate_button.isEnabled()  # offline, and the console itself is not online
    assert panel.note_label.isVisibleTo(panel)  # says the statuses may be old
    connection.replica.close()


def test_the_panel_over_a_real_room(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    qloop.run_until_complete(asyncio.wait_for(scenario(server, tmp_path, qtbot, screens), patience(90)))


def problems(panel: DevicePanel) -> dict[str, str]:
    return {r.device_id: r.problem for r in panel.table_model.rows}


async def scenario(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    meeting, tech = await technician(server, tmp_path)  # tech follows the server's own log
    panel = DevicePanel(tech, lambda: meeting.state if isinstance(meeting.state, MeetingState) else None)
    qtbot.addWidget(panel)
    panel.resize(1500, 800)
    panel.show()
    # db-020 fetches its documents, db-021 has no fetcher (holds nothing), db-022 comes and goes.
    fine = await enrolled_client(tmp_path / "s20", server.card("delegate", "db-020")["link"], "Ghế 20")
    fetcher = DocumentFetcher(fine, BlobCache(tmp_path / "s20" / "blobs"))
    fetcher.start()
    lacking = await enrolled_client(tmp_path / "s21", server.card("delegate", "db-021")["link"], "Ghế 21")
    gone = await enrolled_client(tmp_path / "s22", server.card("delegate", "db-022")["link"], "Ghế 22")
    located: list[tuple[str, int]] = []
    lacking.subscribe(lambda changes: located.append(changes.locate) if changes.locate else None)
    ids = {c.identity.device_id: c for c in (fine, lacking, gone)}
    try:
        await wait_until(lambda: all(i in tech.devices and tech.devices[i].online for i in ids), what="seats online")
        await wait_until(lambda: all(i in tech.state.devices for i in ids), what="the seats enrolled")  # type: ignore[union-attr]
        await publish_pdf(meeting, tech, server, make_pdf(pages=2), document_id="nq-01", title="Dự thảo Nghị quyết",
                          pages=2, item_id="item-07")
        await gone.stop()
        fine_id, lacking_id, gone_id = (c.identity.device_id for c in (fine, lacking, gone))

        def fine_row() -> DeviceRow | None:
            return next((r for r in panel.table_model.rows if r.device_id == fine_id), None)

        await wait_until(lambda: (r := fine_row()) is not None and r.readable == r.held == 1 and r.problem == OK,
                         timeout=20, what="the fetching seat holds the document")
        await wait_until(lambda: problems(panel).get(lacking_id) == UNSYNCED, what="the other lacks the document")
        await wait_until(lambda: problems(panel).get(gone_id) == OFFLINE, what="the third is offline")

        shown = panel.table_model.rows
        assert [RANK[r.problem] for r in shown] == sorted(RANK[r.problem] for r in shown)  # problems first
        assert shown[0].problem in (OFFLINE, NEVER) and shown[-1].problem == OK
        model = panel.table_model
        at = {r.device_id: n for n, r in enumerate(shown)}
        assert model.data(model.index(at[gone_id], 0)) == "Mất kết nối"
        assert model.data(model.index(at[gone_id], 4)).startswith("Ngoại tuyến từ ")
        assert model.data(model.index(at[lacking_id], 7)) == "0 % (0/1)"
        assert model.data(model.index(at[fine_id], 7)) == "100 % (1/1)"
        assert model.data(model.index(at[fine_id], 6)) == fine.reporter.last.version  # type: ignore[union-attr]
        assert panel.summary_label.text().endswith("cần xem")
        await asyncio.sleep(0.1)
        panel.grab().save(str(screens / "tech-devices.png"))

        # The filter keeps the rows a technician names.
        seat_label = meeting.state.seat_of("db-021").label  # type: ignore[union-attr]
        panel.filter_edit.setText(seat_label)
        assert lacking_id in [r.device_id for r in panel.table_model.rows]
        assert len(panel.table_model.rows) < len(shown)
        panel.filter_edit.clear()

        # Locate: the seat is told, the panel says so; an offline one cannot be chosen.
        assert panel.select_device(gone_id)
        assert not panel.locate_button.isEnabled()
        assert panel.select_device(lacking_id)
        assert panel.locate_button.isEnabled()
        panel.locate_button.click()
        await wait_until(lambda: located == [(seat_label, 10)], what="the seat located")
        assert seat_label in panel.message_label.text()

        # Revoke asks first; "Không thu hồi" changes nothing, "Thu hồi thiết bị" revokes.
        panel.revoke_button.click()
        box = panel.confirmation
        assert isinstance(box, QMessageBox) and seat_label in box.text()
        box.grab().save(str(screens / "tech-devices-revoke.png"))
        no = next(b for b in box.buttons() if b.text() == "Không thu hồi")
        no.click()
        await asyncio.sleep(0.3)
        assert problems(panel)[lacking_id] != REVOKED
        revoked: list[str] = []
        panel.device_did_get_revoked.connect(revoked.append)
        assert panel.select_device(lacking_id)
        panel.revoke_button.click()
        box = panel.confirmation
        assert box is not None
        next(b for b in box.buttons() if b.text() == "Thu hồi thiết bị").click()
        await wait_until(lambda: revoked == [lacking_id], what="the revocation acknowledged")
        await wait_until(lambda: problems(panel).get(lacking_id) == REVOKED, what="the row says revoked")
        assert panel.table_model.rows[-1].device_id == lacking_id  # revoked ones last
        # Its own device cannot be revoked from here.
        assert panel.select_device(tech.identity.device_id)
        assert not panel.revoke_button.isEnabled()
        QApplication.processEvents()
    finally:
        await fetcher.stop()
        for conn in (fine, lacking, gone, meeting, tech):
            await conn.stop()
