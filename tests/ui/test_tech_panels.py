"""The technician's preparation panels over a real room server and an enrolled technician device:
a delegate list imported through its preview, PDFs published and shared per agenda item, seat
cards printed whose QR codes enroll a device, and the backup panel. Screens go to
/tmp/phonghop-screens/ to be looked at."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import qasync
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.demo import DEMO_MEETING_ID, demo_delegates
from app.errors import DomainError
from app.keys import DeviceKeys
from sync.client.enroll import enroll
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.ui.pdfs import make_pdf
from tests.ui.tech_room import close, tech_model
from ui.tech_backup import BackupPanel
from ui.tech_cards import CardsPanel
from ui.tech_delegates import DelegatesPanel
from ui.tech_documents import DocumentsPanel

pytestmark = pytest.mark.slow


def run(loop: qasync.QEventLoop, scenario: Coroutine[Any, Any, None], seconds: float = 90) -> None:
    loop.run_until_complete(asyncio.wait_for(scenario, patience(seconds)))


def shown(qtbot: QtBot, widget: QWidget, width: int = 1280, height: int = 800) -> None:
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()


def drop(target: QWidget, paths: list[Path], at: QPoint | None = None) -> None:
    """A file drag from the desktop, delivered as Qt delivers it: enter, then drop."""
    from PySide6.QtGui import QDragEnterEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = at or target.rect().center()
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(point, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted(), "the drag was not accepted"
    dropped = QDropEvent(QPointF(point), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, dropped)


# -- delegates ----------------------------------------------------------------------------------

HEADER = ["STT", "Họ và tên", "Chức vụ", "Mã tổ", "Tổ đại biểu", "Giới tính", "Vai trò", "Chuyên trách"]


def list_rows() -> list[list[str]]:
    rows = []
    for number, d in enumerate(demo_delegates(), start=1):
        roles = ", ".join({"delegate": "Đại biểu", "chair": "Chủ tọa", "secretary": "Thư ký kỳ họp"}[r]
                          for r in d["roles"])
        rows.append([str(number), d["name"], d["title"], d["group_id"], d["group_name"],
                     "Nam" if d["gender"] == "male" else "Nữ", roles, "Có" if d["full_time"] else "Không"])
    return rows


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(["DANH SÁCH ĐẠI BIỂU HĐND TỈNH KHÓA XVI"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[str]]) -> bytes:
    lines = [",".join(HEADER)] + [",".join(f'"{c}"' for c in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def test_a_delegate_list_is_previewed_with_its_errors_then_imported(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    run(qloop, delegates_scenario(server, tmp_path, qtbot, screens))


async def delegates_scenario(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    model = await tech_model(server, tmp_path / "tech", None)
    try:
        made = await model.command("meeting.create", {"meeting_id": "ky-hop-2", "kind": "thematic", "n_total": 85,
                                                      "title": "Kỳ họp chuyên đề lần thứ hai"}, to_server=True)
        assert made["type"] == "ack", made
        await model.choose("ky-hop-2")
        panel = DelegatesPanel(model)
        shown(qtbot, panel)
        await wait_until(lambda: panel.import_button.isEnabled(), what="the meeting chosen")
        assert panel.hint_label.isVisible() and not panel.table.isVisible()

        # A CSV with three mistakes: the preview names each with its line; nothing can be sent.
        rows = list_rows()
        bad = [list(r) for r in rows]
        bad[4][5] = "Không rõ"          # line 6: gender
        bad[9][1] = ""                  # line 11: no name
        bad[20] = list(bad[19])         # line 22: the same person as line 21
        wrong = tmp_path / "danh-sach-loi.csv"
        wrong.write_bytes(csv_bytes(bad))
        panel.choose_file = lambda: str(wrong)
        qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
        view = panel.preview_view
        await wait_until(lambda: panel.stack.currentWidget() is view, what="the preview")
        assert view.error_texts() == [
            "Dòng 6: giới tính «Không rõ» không rõ; ghi Nam hoặc Nữ.",
            "Dòng 11: thiếu họ và tên.",
            f"Dòng 22: trùng với dòng 21 ({rows[19][1]}, {rows[19][4]}).",
        ]
        assert view.errors_list.isVisible() and not view.apply_button.isEnabled()
        assert "3 lỗi" in view.counts_label.text()
        panel.grab().save(str(screens / "tech-delegates-errors.png"))
        qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
        assert panel.stack.currentIndex() == 0

        # The whole list as Excel, dropped on the panel: 85 to add, then applied.
        good = tmp_path / "danh-sach.xlsx"
        rows[3][6] = "Đại biểu, Trưởng Ban"  # Phạm Ngọc Sơn, Trưởng Ban Pháp chế: a council post
        good.write_bytes(xlsx_bytes(rows))
        drop(panel, [good])
        await wait_until(lambda: panel.stack.currentWidget() is view and view.preview is not None
                         and view.preview.table.filename == "danh-sach.xlsx", what="the Excel preview")
        assert not view.errors_list.isVisible() and view.apply_button.isEnabled()
        assert view.counts_label.text().startswith("Thêm: <b>85</b> · Cập nhật: <b>0</b> · Không đổi: <b>0</b>")
        assert view.action_rows()[0] == ["3", "Thêm", rows[0][1], "Tổ 1 (Hoa Lư)", rows[0][2]]
        panel.grab().save(str(screens / "tech-delegates-preview.png"))
        qtbot.mouseClick(view.apply_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: panel.result_label.isVisible(), timeout=30, what="the import's result")
        assert panel.result_label.text() == "Đã nhập 85 đại biểu."
        await wait_until(lambda: panel.table.rowCount() == 85, what="the delegates from the log")
        assert panel.stack.currentIndex() == 0 and len(model.state.delegates) == 85
        names = {panel.table.item(r, 0).text() for r in range(85)}
        assert names == {r[1] for r in rows}
        headers = [panel.table.horizontalHeaderItem(c).text() for c in range(panel.table.columnCount())]
        posts = {panel.table.item(r, 0).text(): panel.table.item(r, headers.index("Chức danh HĐND")).text()
                 for r in range(85)}
        assert posts[rows[3][1]] == "Trưởng Ban" and sum(bool(p) for p in posts.values()) == 1
        panel.search_edit.setText("nguyen thi ngoc han")
        assert [model.state.delegates[d].name for d in panel.visible_ids()] == ["Nguyễn Thị Ngọc Hân"]
        panel.search_edit.clear()
        panel.grab().save(str(screens / "tech-delegates-list.png"))

        # The same file again changes nothing.
        await panel.load(good)
        assert view.preview is not None and view.preview.count("unchanged") == 85
        assert not view.apply_button.isEnabled()
        panel.close()
    finally:
        await close(model)


def test_the_demo_meetings_delegates_are_listed_with_their_seats(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    async def scenario() -> None:
        model = await tech_model(server, tmp_path / "tech", DEMO_MEETING_ID)
        try:
            panel = DelegatesPanel(model)
            shown(qtbot, panel)
            await wait_until(lambda: panel.table.rowCount() == 85, what="the demo delegates")
            headers = [panel.table.horizontalHeaderItem(c).text() for c in range(panel.table.columnCount())]
            assert headers[:5] == ["Họ và tên", "Chức vụ", "Tổ", "Vai trò", "Ghế"]
            chair = model.state.delegates["db-001"]
            row = next(r for r in range(85) if panel.table.item(r, 0).text() == chair.name)
            assert [panel.table.item(row, c).text() for c in (3, 4)] == ["Chủ tọa", "CT-1"]
            panel.grab().save(str(screens / "tech-delegates-demo.png"))
            panel.close()
        finally:
            await close(model)

    run(qloop, scenario())


# -- documents ----------------------------------------------------------------------------------


def item_point(panel: DocumentsPanel, item_id: str) -> QPoint:
    panel.select_item(item_id)
    item = panel.tree.currentItem()
    return panel.tree.visualItemRect(item).center()


def test_pdfs_dropped_on_an_item_are_checked_published_shared_replaced_and_retracted(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    run(qloop, documents_scenario(server, tmp_path, qtbot, screens))


async def documents_scenario(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    model = await tech_model(server, tmp_path / "tech", DEMO_MEETING_ID)
    seat = None
    try:
        panel = DocumentsPanel(model)
        shown(qtbot, panel, 1280, 860)
        await wait_until(lambda: panel.tree.topLevelItemCount() == 9, what="the agenda")
        files = {
            "to-trinh-ngan-sach.pdf": make_pdf(4, "Tờ trình về dự toán ngân sách năm 2027"),
            "du-thao-nghi-quyet.pdf": make_pdf(2, "Dự thảo Nghị quyết phân bổ ngân sách"),
            "bao-cao-mat.pdf": make_pdf(2, "MẬT"),
            "ghi-chu.pdf": b"{\\rtf1 day la tep Word}",
        }
        for name, data in files.items():
            (tmp_path / name).write_bytes(data)
        item = "item-08"
        drop(panel.tree.viewport(), [tmp_path / n for n in files], at=item_point(panel, item))
        batch = panel.batch
        assert batch.isVisible() and len(batch.files) == 4
        await wait_until(lambda: all(p.state in ("ready", "refused") for p in batch.files), what="the checks")
        statuses = batch.statuses()
        assert statuses["to-trinh-ngan-sach.pdf"] == "Sẵn sàng: 4 trang"
        assert statuses["bao-cao-mat.pdf"].startswith("Không đăng: Tài liệu mật – phát bản giấy. Tài liệu mang dấu độ "
                                                      "mật «MẬT»")
        assert "Word" in statuses["ghi-chu.pdf"] and statuses["ghi-chu.pdf"].startswith("Không đăng: ")
        assert batch.publish_button.text() == "Đăng 2 tệp"
        batch._class_box(1).setCurrentIndex(1)  # the draft resolution: Lưu hành nội bộ
        batch.grab().save(str(screens / "tech-documents-batch.png"))
        qtbot.mouseClick(batch.publish_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: sum(p.state == "published" for p in batch.files) == 2, timeout=30,
                         what="two files published")
        await wait_until(lambda: len(model.state.documents) == 2, what="the documents in the log")
        assert panel.result_label.text() == "Đã đăng 2/2 tệp."
        by_title = {d.title: d for d in model.state.documents.values()}
        budget = by_title["Tờ trình về dự toán ngân sách năm 2027"]
        draft = by_title["Dự thảo Nghị quyết phân bổ ngân sách"]
        assert (budget.item_id, budget.pages, budget.classification, draft.classification) == (
            item, 4, "public", "internal")
        await wait_until(lambda: panel.document_row(budget.document_id) == [
            "Tờ trình về dự toán ngân sách năm 2027", "1", "4", "Công khai", "1/1"], what="the budget listed")
        await wait_until(lambda: panel.document_row(draft.document_id)[3:] == ["Lưu hành nội bộ", "1/1"],
                         what="the draft listed")
        assert not panel.share_button.isEnabled()

        # A seat enrolled afterwards has no key until the technician shares them.
        seat = await enrolled_client(tmp_path / "seat", server.card("delegate", "db-030")["link"], "Ghế A01")
        await wait_until(lambda: panel.document_row(budget.document_id)[4] == "1/2", what="the new device counted")
        assert panel.share_button.isEnabled()
        panel.grab().save(str(screens / "tech-documents-missing-keys.png"))
        qtbot.mouseClick(panel.share_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: panel.document_row(budget.document_id)[4] == "2/2"
                         and panel.document_row(draft.document_id)[4] == "2/2", what="the keys shared")
        await wait_until(lambda: panel.result_label.text() == "Đã chia sẻ khóa của 2 tài liệu cho thiết bị mới.",
                         what="the share reported")
        assert seat.identity.device_id in model.state.documents[budget.document_id].keys

        # A new version with its change note.
        newer = tmp_path / "to-trinh-ngan-sach-v2.pdf"
        newer.write_bytes(make_pdf(5, "Tờ trình về dự toán ngân sách năm 2027 (sửa đổi)"))
        panel.select_document(budget.document_id)
        panel.choose_pdfs = lambda many: [str(newer)]
        qtbot.mouseClick(panel.replace_button, Qt.MouseButton.LeftButton)
        dialog = panel.replace_dialog
        assert dialog is not None
        dialog.note_edit.setText("Đã cập nhật số liệu quý IV")
        dialog.grab().save(str(screens / "tech-documents-replace.png"))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: panel.replace_dialog is None, timeout=30, what="the new version published")
        replaced = model.state.documents[budget.document_id]
        assert (replaced.version, replaced.pages, replaced.change_note) == (2, 5, "Đã cập nhật số liệu quý IV")
        await wait_until(lambda: panel.document_row(budget.document_id)[1:] == ["2", "5", "Công khai", "2/2"],
                         what="version 2 listed")
        assert panel.result_label.text() == "Đã thay «Tờ trình về dự toán ngân sách năm 2027» bằng phiên bản 2."
        panel.grab().save(str(screens / "tech-documents.png"))

        # Retracting asks first; "Không thu hồi" keeps it.
        panel.select_document(draft.document_id)
        qtbot.mouseClick(panel.retract_button, Qt.MouseButton.LeftButton)
        box = panel.confirmation
        assert box is not None and "Dự thảo Nghị quyết phân bổ ngân sách" in box.text()
        keep = next(b for b in box.buttons() if b.text() == "Không thu hồi")
        keep.click()
        await asyncio.sleep(0.1)
        assert draft.document_id in model.state.documents
        qtbot.mouseClick(panel.retract_button, Qt.MouseButton.LeftButton)
        box = panel.confirmation
        assert box is not None
        next(b for b in box.buttons() if b.text() == "Thu hồi").click()
        await wait_until(lambda: draft.document_id not in model.state.documents, what="the draft retracted")
        await wait_until(lambda: panel.document_row(draft.document_id) == [], what="the draft gone from the list")
        panel.close()
    finally:
        if seat is not None:
            await seat.stop()
        await close(model)


# -- cards --------------------------------------------------------------------------------------


def qr_links(pdf: Path) -> list[str]:
    """Every card's QR code on every page, decoded from the rendered PDF, in card order."""
    import pymupdf
    import zxingcpp

    from app.seat_cards import CARDS_PER_PAGE, qr_box

    links = []
    with pymupdf.open(pdf) as doc:
        for page in doc:
            for slot in range(CARDS_PER_PAGE):
                pix = page.get_pixmap(dpi=150, clip=pymupdf.Rect(qr_box(slot)), colorspace=pymupdf.csGRAY)
                image = memoryview(pix.samples).cast("B", (pix.height, pix.width))
                links += [b.text for b in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
    return links


def test_seat_cards_are_printed_for_unenrolled_seats_and_their_qr_codes_enroll(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    run(qloop, cards_scenario(server, tmp_path, qtbot, screens))


async def cards_scenario(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    model = await tech_model(server, tmp_path / "tech", DEMO_MEETING_ID)
    seats: list[Any] = []
    try:
        panel = CardsPanel(model)
        panel.open_box.setChecked(False)  # no PDF viewer on the test machine
        shown(qtbot, panel, 1100, 800)
        await wait_until(lambda: len(panel.rows) == 3 + 85, what="the seats")
        # The seeded cards are printed and unused; one seat enrolls with its own.
        assert panel.row_texts("A01")[2].startswith("Đã in thẻ, chờ đăng ký (hạn ")
        seats.append(await enrolled_client(tmp_path / "a01", server.card("delegate", model.state.seats["A01"].delegate_id)
                                           ["link"], "Máy tính bảng A01"))
        await wait_until(lambda: panel.row_texts("A01")[2] == "Đã đăng ký: Máy tính bảng A01", what="A01 enrolled")
        assert panel.summary_label.text() == "1/85 ghế đã đăng ký thiết bị; 84 ghế chưa."
        assert panel.all_button.text() == "In thẻ cho 84 ghế chưa đăng ký…"

        out = tmp_path / "the-dang-ky.pdf"
        panel.choose_save_path = lambda suggested: str(out)
        qtbot.mouseClick(panel.all_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: panel.result_label.text().startswith("Đã in"), timeout=30, what="the cards printed")
        lines = panel.result_label.text().splitlines()
        assert lines[0].startswith(f"Đã in 84 thẻ (11 trang) vào {out}. Mã dùng được một lần, đến ")
        assert lines[1] == "Đã hủy 84 mã của thẻ in trước đó: thẻ cũ không còn dùng được."
        assert out.stat().st_mode & 0o077 == 0
        links = await asyncio.to_thread(qr_links, out)
        assert len(links) == 84 and len(set(links)) == 84
        await wait_until(lambda: panel.row_texts("B01")[2].startswith("Đã in thẻ"), what="the new codes listed")
        panel.grab().save(str(screens / "tech-cards.png"))
        panel.only_missing_box.setChecked(True)
        assert not panel.table.isRowHidden(panel.rows.index(next(r for r in panel.rows if r.key == "B01")))
        assert panel.table.isRowHidden(panel.rows.index(next(r for r in panel.rows if r.key == "A01")))
        panel.only_missing_box.setChecked(False)

        # A new card's QR code enrolls its seat; the lost card's code is dead.
        b01 = model.state.seats["B01"].delegate_id
        with pytest.raises(DomainError) as dead:
            await enroll(server.card("delegate", b01)["link"], "Thẻ cũ", DeviceKeys.generate())
        assert dead.value.code == "forbidden", dead.value
        hall = [s for s in sorted(model.state.seats.values(), key=lambda s: (s.row, s.col)) if s.seat_id != "A01"]
        first = hall[0]
        identity = await enroll(links[0], "Máy tính bảng mới", DeviceKeys.generate())
        assert (identity.role, identity.delegate_id) == ("delegate", first.delegate_id)
        await wait_until(lambda: panel.row_texts(first.seat_id)[2] == "Đã đăng ký: Máy tính bảng mới",
                         what="the new card's seat enrolled")

        # The hall display's card, re-issued from its line.
        panel.select("display")
        assert panel.one_button.text() == "Cấp lại thẻ…"
        display_pdf = tmp_path / "the-man-hinh.pdf"
        panel.choose_save_path = lambda suggested: str(display_pdf)
        qtbot.mouseClick(panel.one_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: panel.result_label.text().startswith("Đã in 1 thẻ"), what="the display's card")
        assert "Đã hủy 1 mã" in panel.result_label.text()
        [link] = await asyncio.to_thread(qr_links, display_pdf)
        shown_identity = await enroll(link, "Màn hình hội trường", DeviceKeys.generate())
        assert shown_identity.role == "display"
        await wait_until(lambda: panel.row_texts("display")[2] == "Đã đăng ký: Màn hình hội trường",
                         what="the display enrolled")
        panel.close()
    finally:
        for seat in seats:
            await seat.stop()
        await close(model)


# -- backup -------------------------------------------------------------------------------------


def test_the_backup_panel_backs_up_only_the_connected_rooms_data_folder(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    async def scenario() -> None:
        model = await tech_model(server, tmp_path / "tech", DEMO_MEETING_ID)
        try:
            panel = BackupPanel(model)
            shown(qtbot, panel, 1100, 720)
            assert panel.backup_edit.text().startswith("phonghop admin backup --data THU_MUC_DU_LIEU --out ")
            assert panel.last_label.text() == "Chưa sao lưu từ máy này."
            qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
            assert QApplication.clipboard().text() == panel.backup_edit.text()

            # Another room's folder (a copy of the data without this room's certificate) is refused.
            other = tmp_path / "khac"
            (other / "tls").mkdir(parents=True)
            out = tmp_path / "sao-luu" / "phonghop.tar"
            panel.choose_data_dir = lambda: str(other)
            panel.choose_out = lambda suggested: str(out)
            qtbot.mouseClick(panel.now_button, Qt.MouseButton.LeftButton)
            await wait_until(lambda: "chứng chỉ không khớp" in panel.result_label.text(), what="the refusal")
            assert not out.exists()

            panel.choose_data_dir = lambda: str(server.data_dir)
            qtbot.mouseClick(panel.now_button, Qt.MouseButton.LeftButton)
            await wait_until(lambda: panel.result_label.text() == f"Đã sao lưu vào {out}.", timeout=30,
                             what="the backup")
            assert out.is_file()
            from app.storage.room_backup import restore

            restored = await asyncio.to_thread(restore, out, tmp_path / "khoi-phuc")
            assert restored.manifest.fingerprint == server.fingerprint
            assert {h.log for h in restored.manifest.logs} >= {None, DEMO_MEETING_ID}
            assert panel.last_label.text().startswith("Lần sao lưu gần nhất từ máy này: ")
            panel.grab().save(str(screens / "tech-backup.png"))
            again = BackupPanel(model)  # the console reopened: the last result is kept in the device folder
            qtbot.addWidget(again)
            assert again.last_label.text() == panel.last_label.text()
            panel.close()
        finally:
            await close(model)

    run(qloop, scenario())


# -- documents for one committee ------------------------------------------------------------------

MEMBER, NEWCOMER, OUTSIDER = "db-040", "db-041", "db-050"
NEW_COMMITTEE = "ban-dan-toc"


def test_a_committee_document_is_published_counted_and_shared_only_for_its_audience(
    server: ServerProcess, tmp_path: Path, qtbot: QtBot, qloop: qasync.QEventLoop, screens: Path
) -> None:
    run(qloop, committee_documents_scenario(server, tmp_path, qtbot, screens))


async def committee_documents_scenario(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    model = await tech_model(server, tmp_path / "tech", DEMO_MEETING_ID)
    seats: list[Any] = []
    try:
        assert model.state.meeting is not None
        committees = {**model.state.meeting.committees, NEW_COMMITTEE: "Ban Dân tộc"}
        answer = await model.command("meeting.update", {"committees": committees})
        assert answer["type"] == "ack", answer
        answer = await model.command("delegate.update", {"delegate_id": MEMBER, "committees": [NEW_COMMITTEE]})
        assert answer["type"] == "ack", answer
        await wait_until(lambda: model.state.delegates[MEMBER].committees == (NEW_COMMITTEE,)
                         and model.state.meeting is not None and NEW_COMMITTEE in model.state.meeting.committees,
                         what="the committee and its member")
        for delegate_id in (MEMBER, OUTSIDER):
            seats.append(await enrolled_client(tmp_path / delegate_id, server.card("delegate", delegate_id)["link"],
                                               f"Ghế {delegate_id}"))
        member, outsider = (s.identity.device_id for s in seats)
        await wait_until(lambda: {member, outsider} <= set(model.server_state.devices), what="both seats known")

        panel = DocumentsPanel(model)
        shown(qtbot, panel, 1280, 860)
        await wait_until(lambda: panel.tree.topLevelItemCount() == 9, what="the agenda")
        for name, pages, title in (("bao-cao-dan-toc.pdf", 3, "Báo cáo thẩm tra của Ban Dân tộc"),
                                   ("to-trinh-chung.pdf", 2, "Tờ trình về chương trình giám sát năm 2027")):
            (tmp_path / name).write_bytes(make_pdf(pages, title))
        panel.add_files("item-06", [tmp_path / "bao-cao-dan-toc.pdf", tmp_path / "to-trinh-chung.pdf"])
        batch = panel.batch
        await wait_until(lambda: all(p.state == "ready" for p in batch.files), what="the checks")
        # Every file offers every delegate (the default), the Standing Committee and each committee.
        box = batch.audience_box(0)
        assert [box.itemText(i) for i in range(box.count())] == [
            "Tất cả đại biểu", "Thường trực HĐND", "Ban Pháp chế", "Ban Kinh tế – Ngân sách", "Ban Văn hóa – Xã hội",
            "Ban Dân tộc"]
        assert box.currentData() == batch.audience_box(1).currentData() == "all"
        box.setCurrentIndex(box.findData(f"committee:{NEW_COMMITTEE}"))
        batch.grab().save(str(screens / "tech-documents-batch-audience.png"))
        qtbot.mouseClick(batch.publish_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: all(p.state == "published" for p in batch.files), timeout=30, what="both published")
        assert batch.statuses()["bao-cao-dan-toc.pdf"] == "Đã đăng (3 trang). Dành cho Ban Dân tộc."
        assert batch.statuses()["to-trinh-chung.pdf"] == "Đã đăng (2 trang)."
        await wait_until(lambda: len(model.state.documents) == 2, what="the documents in the log")
        by_title = {d.title: d for d in model.state.documents.values()}
        paper = by_title["Báo cáo thẩm tra của Ban Dân tộc"]
        common = by_title["Tờ trình về chương trình giám sát năm 2027"]
        assert (paper.audience, common.audience) == (f"committee:{NEW_COMMITTEE}", "all")
        assert member in paper.keys and outsider not in paper.keys
        assert {member, outsider} <= set(common.keys)

        # The tree: the audience beside the classification, keys counted among those who may read.
        await wait_until(lambda: panel.document_row(paper.document_id) == [
            "Báo cáo thẩm tra của Ban Dân tộc", "1", "3", "Công khai · Ban Dân tộc", "2/2"], what="the paper listed")
        await wait_until(lambda: panel.document_row(common.document_id)[3:] == ["Công khai", "3/3"],
                         what="the common document listed")
        assert not panel.share_button.isEnabled()
        panel.select_document(paper.document_id)
        panel.grab().save(str(screens / "tech-documents-committee.png"))

        # A delegate joins the committee and their seat enrolls: one key missing for each document…
        answer = await model.command("delegate.update", {"delegate_id": NEWCOMER, "committees": [NEW_COMMITTEE]})
        assert answer["type"] == "ack", answer
        seats.append(await enrolled_client(tmp_path / NEWCOMER, server.card("delegate", NEWCOMER)["link"],
                                           f"Ghế {NEWCOMER}"))
        newcomer = seats[-1].identity.device_id
        await wait_until(lambda: panel.document_row(paper.document_id)[4] == "2/3"
                         and panel.document_row(common.document_id)[4] == "3/4", what="the newcomer counted")
        assert panel.share_button.isEnabled()
        # … shared for the newcomer only: the outsider's seat still gets no key of the paper.
        qtbot.mouseClick(panel.share_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: panel.result_label.text() == "Đã chia sẻ khóa của 2 tài liệu cho thiết bị mới.",
                         what="the share reported")
        await wait_until(lambda: panel.document_row(paper.document_id)[4] == "3/3"
                         and panel.document_row(common.document_id)[4] == "4/4", what="the keys shared")
        keys = model.state.documents[paper.document_id].keys
        assert newcomer in keys and member in keys and outsider not in keys
        assert not panel.share_button.isEnabled()

        # A new version keeps the audience unless changed: here it opens the paper to every delegate.
        newer = tmp_path / "bao-cao-dan-toc-v2.pdf"
        newer.write_bytes(make_pdf(4, "Báo cáo thẩm tra của Ban Dân tộc (bổ sung)"))
        panel.select_document(paper.document_id)
        panel.choose_pdfs = lambda many: [str(newer)]
        qtbot.mouseClick(panel.replace_button, Qt.MouseButton.LeftButton)
        dialog = panel.replace_dialog
        assert dialog is not None and dialog.audience_box.currentText() == "Ban Dân tộc"
        dialog.grab().save(str(screens / "tech-documents-replace-audience.png"))
        dialog.audience_box.setCurrentIndex(dialog.audience_box.findData("all"))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: panel.replace_dialog is None, timeout=30, what="the new version published")
        assert panel.result_label.text() == ("Đã thay «Báo cáo thẩm tra của Ban Dân tộc» bằng phiên bản 2. "
                                             "Từ phiên bản này, tài liệu dành cho: Tất cả đại biểu.")
        replaced = model.state.documents[paper.document_id]
        assert (replaced.version, replaced.audience) == (2, "all")
        assert {member, newcomer, outsider} <= set(replaced.keys)
        await wait_until(lambda: panel.document_row(paper.document_id)[1:] == ["2", "4", "Công khai", "4/4"],
                         what="version 2 listed for every delegate")
        panel.close()
    finally:
        for seat in seats:
            await seat.stop()
        await close(model)
