"""`phonghop admin meeting|agenda|documents` as subprocesses against one real room server: each step
does what it says, refusals are in Vietnamese with exit 1 or 2, and a refused step appends nothing
to any log (checked through a connection of the same technician device)."""

from __future__ import annotations

import asyncio
import io
import os
import re
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.demo import DEMO_MEETING_ID
from app.doccrypto import unwrap_key
from app.keys import DeviceKeys
from app.model import MeetingState, ServerState, Settings
from app.storage.replica import Replica
from sync.client.blobs import BlobCache
from sync.client.connection import Connection
from sync.client.device import open_device
from sync.client.documents import DocumentFetcher
from sync.client.enroll import Identity
from sync.client.reader import DocumentReader
from sync.client.status import Backoff
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.ui.pdfs import make_pdf

pytestmark = pytest.mark.slow

PASSPHRASE = "mật khẩu kỹ thuật viên"


def phonghop(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PHONGHOP_PASSPHRASE": PASSPHRASE}
    return subprocess.run([sys.executable, "-m", "phonghop", *args], capture_output=True, text=True, env=env,
                          timeout=patience(60), stdin=subprocess.DEVNULL)


@dataclass
class Room:
    """The server, the technician's device folder (enrolled with `phonghop enroll`), and the same
    device's identity and keys for reading the logs from the test."""

    server: ServerProcess
    device: Path
    identity: Identity
    keys: DeviceKeys
    scratch: Path

    async def admin(self, group: str, action: str, *args: str) -> subprocess.CompletedProcess[str]:
        return await asyncio.to_thread(phonghop, "admin", group, action, "--device", str(self.device), *args)

    async def admin_all(self, *commands: tuple[str, ...]) -> list[subprocess.CompletedProcess[str]]:
        """Several refusals at once: they change nothing, so their order does not matter."""
        return list(await asyncio.gather(*(self.admin(*command) for command in commands)))

    async def log(self, log_id: str | None) -> MeetingState | ServerState:
        """The log as the server holds it now."""
        replica = Replica(self.scratch / f"{uuid.uuid4().hex}.db")
        connection = Connection(self.identity, self.keys, replica, backoff=Backoff(base_s=0.05, cap_s=0.5),
                                log_id=log_id)
        connection.start()
        try:
            await wait_until(lambda: connection.status.kind == "online" and connection.head_seq is not None
                             and connection.state.seq >= connection.head_seq, what=f"log {log_id} synced")
            return connection.state
        finally:
            await connection.stop()
            replica.close()

    async def meeting(self, meeting_id: str) -> MeetingState:
        state = await self.log(meeting_id)
        assert isinstance(state, MeetingState)
        return state

    async def server_log(self) -> ServerState:
        state = await self.log(None)
        assert isinstance(state, ServerState)
        return state


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    tmp = tmp_path_factory.mktemp("prepare")
    server = ServerProcess(tmp / "room")
    server.start()
    try:
        device = tmp / "technician"
        enrolled = phonghop("enroll", server.card("technician")["link"], "--data", str(device), "--name", "Máy kỹ thuật")
        assert enrolled.returncode == 0, enrolled.stdout + enrolled.stderr
        identity, keys, replica = open_device(device, PASSPHRASE)
        replica.close()
        (tmp / "logs").mkdir()
        yield Room(server, device, identity, keys, tmp / "logs")
    finally:
        server.kill9()


def refused(result: subprocess.CompletedProcess[str], code: int, message: str) -> None:
    assert result.returncode == code, result.stdout + result.stderr
    assert message in result.stdout + result.stderr, result.stdout + result.stderr


# -- meetings -----------------------------------------------------------------------------------


async def test_create_list_update_and_refusals(room: Room) -> None:
    made = await room.admin(
        "meeting", "create", "--kind", "standing_committee", "--title", "Phiên họp Thường trực HĐND tháng 1/2027",
        "--date", "15/01/2027", "--venue", "Phòng họp Thường trực", "--n-total", "7",
        "--council", "Hội đồng nhân dân tỉnh Ninh Bình", "--term", "2026–2031", "--meeting-id", "tt-2027-01",
        "--quorum", "1/2", "--allow-change", "--speak-first", "5:00", "--point-of-order", "90")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "Đã tạo kỳ họp tt-2027-01." in made.stdout
    assert "Tổng số đại biểu HĐND (N): 7; có mặt tối thiểu 1/2 N: 4 đại biểu" in made.stdout

    standing = (await room.meeting("tt-2027-01")).meeting
    assert standing is not None
    assert (standing.kind, standing.title, standing.date, standing.venue, standing.n_total, standing.council,
            standing.term) == ("standing_committee", "Phiên họp Thường trực HĐND tháng 1/2027", "2027-01-15",
                               "Phòng họp Thường trực", 7, "Hội đồng nhân dân tỉnh Ninh Bình", "2026–2031")
    assert standing.settings == Settings(quorum_num=1, quorum_den=2, allow_change=True, speak_first_s=300,
                                         point_of_order_s=90)
    changed = await room.admin("meeting", "update", "--meeting", "tt-2027-01", "--n-total", "9", "--no-allow-change",
                               "--offline-lease", "4")
    assert changed.returncode == 0, changed.stdout + changed.stderr
    assert "mất kết nối quá 4 giờ" in changed.stdout
    after = (await room.meeting("tt-2027-01")).meeting
    assert after is not None and (after.n_total, after.settings.allow_change, after.settings.speak_first_s,
                                  after.settings.offline_lease_h) == (9, False, 300, 4)

    before, standing_seq = await room.server_log(), (await room.meeting("tt-2027-01")).seq
    create = ("meeting", "create", "--title", "Kỳ họp", "--venue", "Hội trường")
    listed, wrong_kind, zero, bad_date, bad_quorum, short, no_lease, taken, unknown = await room.admin_all(
        ("meeting", "list"),  # reads only: it may run beside the refusals
        (*create, "--kind", "weekly", "--date", "2027-01-01", "--n-total", "5"),
        (*create, "--kind", "regular", "--date", "2027-01-01", "--n-total", "0"),
        (*create, "--kind", "regular", "--date", "2027-02-30", "--n-total", "5"),
        (*create, "--kind", "regular", "--date", "2027-01-01", "--n-total", "5", "--quorum", "3/2"),
        (*create, "--kind", "regular", "--date", "2027-01-01", "--n-total", "5", "--debate", "5"),
        (*create, "--kind", "regular", "--date", "2027-01-01", "--n-total", "5", "--offline-lease", "0"),
        (*create, "--kind", "regular", "--date", "2027-01-01", "--n-total", "5", "--meeting-id", "tt-2027-01"),
        ("meeting", "update", "--meeting", "khong-co", "--n-total", "5"),
    )
    assert listed.returncode == 0, listed.stderr
    assert f"Máy chủ có {len(before.meetings)} kỳ họp:" in listed.stdout
    assert re.search(rf"{DEMO_MEETING_ID}\s+10/12/2026\s+85\s+85\s+85\s+9\s+\d+\s+Kỳ họp thường lệ: ", listed.stdout)
    assert re.search(r"tt-2027-01\s+15/01/2027\s+9\s+0\s+0\s+0\s+0\s+Phiên họp Thường trực HĐND: Phiên họp Thường "
                     r"trực HĐND tháng 1/2027", listed.stdout), listed.stdout
    refused(wrong_kind, 2, "Lỗi: Loại kỳ họp «weekly» không hợp lệ. Chọn một trong: regular (Kỳ họp thường lệ)")
    refused(zero, 2, "Lỗi: Tổng số đại biểu HĐND (N) phải là số nguyên từ 1 đến 10000, không phải «0». [bad_request]")
    refused(bad_date, 2, "Ngày họp «2027-02-30» không hợp lệ")
    refused(bad_quorum, 2, "Số đại biểu có mặt tối thiểu «3/2» không hợp lệ")
    refused(short, 2, "Thời gian tranh luận (--debate) phải từ 10 đến 3600 giây")
    refused(no_lease, 2, "Thời hạn dùng tài liệu khi mất kết nối (--offline-lease, giờ) phải là số nguyên từ 1 đến 720")
    refused(taken, 2, "Lỗi: Mã kỳ họp tt-2027-01 đã có trên máy chủ. [conflict]")
    refused(unknown, 2, "Không có cuộc họp khong-co trên máy chủ. [not_found]")
    after_refusals = await room.server_log()
    assert (after_refusals.seq, set(after_refusals.meetings)) == (before.seq, set(before.meetings))
    assert (await room.meeting("tt-2027-01")).seq == standing_seq


async def test_duplicate_copies_settings_delegates_seats_and_agenda_only(room: Room) -> None:
    tmp = room.scratch.parent / "duplicate"
    chair = await enrolled_client(tmp / "chair", room.server.card("chair")["link"], "Bàn Chủ tọa")
    seat = await enrolled_client(tmp / "seat", room.server.card("delegate", "db-041")["link"], "Ghế db-041")
    try:
        await wait_until(lambda: chair.status.kind == seat.status.kind == "online", what="online")
        for connection, name, args in ((seat, "attendance.check_in", {}),
                                       (chair, "agenda.activate", {"item_id": "item-01"}),
                                       (chair, "message.send", {"to": "all", "text": "Đề nghị đại biểu điểm danh."})):
            answer = await connection.request(name, args, timeout=patience(10))
            assert answer["type"] == "ack", answer
    finally:
        for connection in (chair, seat):
            await connection.stop()
            connection.replica.close()
    pdf = tmp / "chuong-trinh.pdf"
    pdf.write_bytes(make_pdf(pages=1, title="Chương trình kỳ họp"))
    published = await room.admin("documents", "add", "--meeting", DEMO_MEETING_ID, "--item", "item-01",
                                 "--classification", "public", str(pdf))
    assert published.returncode == 0, published.stdout + published.stderr

    copied = await room.admin("meeting", "duplicate", "--from", DEMO_MEETING_ID, "--title", "Kỳ họp thứ hai",
                              "--date", "2027-07-10", "--meeting-id", "nb-k2")
    assert copied.returncode == 0, copied.stdout + copied.stderr
    assert ("Đã tạo kỳ họp nb-k2 theo mẫu ninhbinh-2026-k1: 85 đại biểu, 85 ghế, 9 nội dung chương trình. Không chép "
            "tài liệu, biểu quyết, điểm danh và thiết bị.") in copied.stdout

    source, copy = await room.meeting(DEMO_MEETING_ID), await room.meeting("nb-k2")
    assert source.meeting is not None and copy.meeting is not None
    assert (copy.meeting.title, copy.meeting.date) == ("Kỳ họp thứ hai", "2027-07-10")
    keep = ("kind", "council", "term", "venue", "n_total", "settings")
    assert [getattr(copy.meeting, f) for f in keep] == [getattr(source.meeting, f) for f in keep]
    assert copy.delegates == source.delegates and len(copy.delegates) == 85
    assert copy.seats == source.seats and len(copy.seats) == 85

    def plan(state: MeetingState) -> list[tuple[str, str, int, int, str]]:
        return [(i.item_id, i.title, i.position, i.planned_min, i.presenter) for i in state.agenda_in_order()]

    assert plan(copy) == plan(source) and len(plan(copy)) == 9
    # The source's sitting has begun; the copy has nothing of it.
    assert source.active_item == "item-01" and source.present and source.messages and source.documents
    assert {i.status for i in copy.agenda.values()} == {"pending"} and copy.active_item is None
    assert (copy.documents, copy.present, copy.messages, copy.votes, copy.absences) == ({}, frozenset(), (), {}, {})
    server = await room.server_log()
    assert not [d for d in server.devices.values() if d.meeting_id == "nb-k2"]
    assert not [e for e in server.enrollments.values() if e.meeting_id == "nb-k2"]

    again, unknown = await room.admin_all(
        ("meeting", "duplicate", "--from", DEMO_MEETING_ID, "--title", "X", "--date", "2027-07-11", "--meeting-id", "nb-k2"),
        ("meeting", "duplicate", "--from", "khong-co", "--title", "X", "--date", "2027-07-11"),
    )
    refused(again, 2, "Mã kỳ họp nb-k2 đã có trên máy chủ. [conflict]")
    refused(unknown, 2, "Không có cuộc họp khong-co trên máy chủ. [not_found]")
    assert (await room.server_log()).seq == server.seq
    assert (await room.meeting("nb-k2")).seq == copy.seq


# -- the agenda ---------------------------------------------------------------------------------


async def test_agenda_add_move_update_remove_and_refusals(room: Room) -> None:
    made = await room.admin("meeting", "create", "--kind", "extraordinary", "--title", "Kỳ họp giải quyết công việc "
                            "phát sinh", "--date", "2027-05-02", "--venue", "Hội trường", "--n-total", "85")
    assert made.returncode == 0, made.stdout + made.stderr
    [meeting_id] = re.findall(r"Đã tạo kỳ họp (mtg-\d+)\.", made.stdout)  # the server named it
    created = (await room.meeting(meeting_id)).meeting
    assert created is not None and created.settings == Settings()  # DOMAIN.md's defaults
    on = ("--meeting", meeting_id)
    first = await room.admin("agenda", "add", *on, "--title", "Khai mạc", "--minutes", "15", "--presenter",
                             "Chủ tịch HĐND tỉnh")
    assert first.returncode == 0, first.stdout + first.stderr
    second = await room.admin("agenda", "add", *on, "--title", "Tờ trình về điều chỉnh đầu tư công", "--minutes", "60",
                              "--item-id", "tt-01")
    assert second.returncode == 0, second.stdout + second.stderr
    third = await room.admin("agenda", "add", *on, "--title", "Bế mạc", "--position", "1", "--item-id", "be-mac")
    assert third.returncode == 0, third.stdout + third.stderr
    assert "  1. be-mac       Bế mạc" in third.stdout
    moved = await room.admin("agenda", "move", *on, "--item", "be-mac", "--to", "3")
    assert moved.returncode == 0, moved.stdout + moved.stderr
    assert "Đã chuyển nội dung be-mac từ vị trí 1 sang vị trí 3." in moved.stdout
    updated = await room.admin("agenda", "update", *on, "--item", "tt-01", "--presenter", "Giám đốc Sở Tài chính",
                               "--minutes", "45")
    assert updated.returncode == 0, updated.stdout + updated.stderr

    state = await room.meeting(meeting_id)
    [opening] = [i.item_id for i in state.agenda.values() if i.title == "Khai mạc"]
    assert [(i.item_id, i.position, i.planned_min, i.presenter) for i in state.agenda_in_order()] == [
        (opening, 1, 15, "Chủ tịch HĐND tỉnh"), ("tt-01", 2, 45, "Giám đốc Sở Tài chính"), ("be-mac", 3, 0, "")]

    removed = await room.admin("agenda", "remove", *on, "--item", opening)
    assert removed.returncode == 0, removed.stdout + removed.stderr
    state = await room.meeting(meeting_id)
    assert [i.item_id for i in state.agenda_in_order()] == ["tt-01", "be-mac"]

    nowhere = room.scratch / "khong-co-thiet-bi"
    listed, device, item, far, minutes, meeting, gone, nothing = await room.admin_all(
        ("agenda", "list", *on),  # reads only: it may run beside the refusals
        ("agenda", "add", *on, "--title", "X", "--device", str(nowhere)),  # the last --device wins
        ("agenda", "update", *on, "--item", "khong-co", "--title", "X"),
        ("agenda", "move", *on, "--item", "tt-01", "--to", "9"),
        ("agenda", "add", *on, "--title", "X", "--minutes", "-5"),
        ("agenda", "add", "--meeting", "khong-co", "--title", "X"),
        ("agenda", "remove", *on, "--item", opening),
        ("agenda", "update", *on, "--item", "tt-01"),
    )
    assert listed.returncode == 0
    assert f"Chương trình kỳ họp {meeting_id} (2 nội dung, dự kiến 45 phút):" in listed.stdout
    assert "  1. tt-01        Tờ trình về điều chỉnh đầu tư công (45 phút; Giám đốc Sở Tài chính)" in listed.stdout
    refused(device, 2, f"Lỗi: Thư mục {nowhere} không có thiết bị nào đã đăng ký")
    assert not nowhere.exists()
    refused(item, 2, f"Lỗi: Không có nội dung khong-co trong chương trình kỳ họp {meeting_id}. [not_found]")
    refused(far, 2, "Lỗi: Vị trí phải là số nguyên từ 1 đến 2, không phải «9». [bad_request]")
    refused(minutes, 2, "Thời gian dự kiến (phút) phải là số nguyên từ 0 đến 1440")
    refused(meeting, 2, "Không có cuộc họp khong-co trên máy chủ.")
    refused(gone, 2, f"Không có nội dung {opening} trong chương trình")
    refused(nothing, 2, "Không có thông tin nào cần sửa")
    assert (await room.meeting(meeting_id)).seq == state.seq


# -- documents ----------------------------------------------------------------------------------


def word_file() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return data.getvalue()


async def test_documents_batch_replace_retract_share_and_refusals(room: Room) -> None:
    tmp = room.scratch.parent / "documents"
    tmp.mkdir()
    files = {
        "to-trinh.pdf": make_pdf(pages=3, title="Tờ trình về kế hoạch đầu tư công năm 2027"),
        "du-thao.docx": word_file(),
        "bao-cao.pdf": make_pdf(pages=2, title="Lưu hành nội bộ"),
        "hong.pdf": (whole := make_pdf(pages=2))[: len(whole) // 2],
    }
    for name, data in files.items():
        (tmp / name).write_bytes(data)
    seat = await enrolled_client(tmp / "seat", room.server.card("delegate", "db-040")["link"], "Ghế db-040")
    cache = BlobCache(tmp / "seat-blobs")
    fetcher = DocumentFetcher(seat, cache)
    fetcher.start()
    reader = DocumentReader(seat.identity.device_id, seat.keys, cache)
    display = None
    on = ("--meeting", DEMO_MEETING_ID)
    try:
        await wait_until(lambda: seat.status.kind == "online", what="the seat online")
        added = await room.admin("documents", "add", *on, "--item", "item-07", "--classification", "public",
                                 *(str(tmp / name) for name in files))
        assert added.returncode == 1, added.stdout + added.stderr
        out = added.stdout
        assert ("  du-thao.docx: không đăng: Tệp «du-thao.docx» là tài liệu Word, không phải PDF. Hãy xuất tệp sang PDF "
                "rồi nhập lại. [office_document]") in out
        assert "  hong.pdf: không đăng: Tệp PDF «hong.pdf» bị hỏng hoặc không đầy đủ." in out and "[damaged]" in out
        assert "Lưu ý: tệp có dấu «Lưu hành nội bộ» nên đăng ở mức Lưu hành nội bộ." in out
        assert "Đã đăng 2/4 tệp; 2 tệp bị từ chối." in out

        state = await room.meeting(DEMO_MEETING_ID)
        ours = {d.pages: d for d in state.documents.values() if d.item_id == "item-07"}
        assert sorted(ours) == [2, 3]
        report, plan = ours[2], ours[3]
        assert (plan.title, plan.classification, plan.version) == ("Tờ trình về kế hoạch đầu tư công năm 2027", "public", 1)
        assert report.classification == "internal"
        for document in (report, plan):  # wrapped for every device of the meeting, the publisher included
            assert {seat.identity.device_id, room.identity.device_id} <= set(document.keys)
            assert f"đã đăng {document.document_id} «{document.title}», phiên bản 1" in out
        await wait_until(lambda: fetcher.ready(seat.state.documents[plan.document_id]), timeout=20, what="fetched")  # type: ignore[union-attr]
        assert bytes(reader.plaintext(seat.state.documents[plan.document_id])) == files["to-trinh.pdf"]  # type: ignore[union-attr]

        update = make_pdf(pages=4, title="Báo cáo thẩm tra (đã sửa)")
        (tmp / "bao-cao-v2.pdf").write_bytes(update)
        replaced = await room.admin("documents", "replace", *on, "--document", report.document_id,
                                    str(tmp / "bao-cao-v2.pdf"), "--note", "đã cập nhật số liệu quý IV")
        assert replaced.returncode == 0, replaced.stdout + replaced.stderr
        assert f"{report.document_id} «{report.title}», phiên bản 2, 4 trang, Lưu hành nội bộ" in replaced.stdout
        retracted = await room.admin("documents", "retract", *on, "--document", plan.document_id)
        assert retracted.returncode == 0, retracted.stdout + retracted.stderr
        state = await room.meeting(DEMO_MEETING_ID)
        assert plan.document_id not in state.documents
        v2 = state.documents[report.document_id]
        assert (v2.version, v2.pages, v2.change_note, v2.classification, v2.title) == (
            2, 4, "đã cập nhật số liệu quý IV", "internal", report.title)
        await wait_until(lambda: fetcher.ready(seat.state.documents[report.document_id])  # type: ignore[union-attr]
                         and seat.state.documents[report.document_id].version == 2, timeout=20, what="v2 fetched")  # type: ignore[union-attr]
        assert bytes(reader.plaintext(seat.state.documents[report.document_id])) == update  # type: ignore[union-attr]

        # The hall display enrolls after publishing: the list says so and `share` gives it the key.
        display = await enrolled_client(tmp / "display", room.server.card("display")["link"], "Màn hình", start=False)
        listed = await room.admin("documents", "list", *on)
        assert listed.returncode == 0, listed.stderr
        assert re.search(rf"{report.document_id}\s+v2\s+4 trang\s+Lưu hành nội bộ\s+{re.escape(report.title)} — đã cập "
                         r"nhật số liệu quý IV \[thiếu khóa cho 1 thiết bị\]", listed.stdout), listed.stdout
        shared = await room.admin("documents", "share", *on, "--document", report.document_id)
        assert shared.returncode == 0, shared.stdout + shared.stderr
        assert f"{report.document_id} «{report.title}»: đã chia sẻ khóa cho 1 thiết bị mới." in shared.stdout
        state = await room.meeting(DEMO_MEETING_ID)
        wrapped = state.documents[report.document_id].keys[display.identity.device_id]
        assert len(unwrap_key(wrapped, display.keys, report.document_id, 2)) == 32

        item, missing, secret, unknown, gone, word = await room.admin_all(
            ("documents", "add", *on, "--item", "khong-co", "--classification", "public", str(tmp / "to-trinh.pdf")),
            ("documents", "add", *on, "--item", "item-07", "--classification", "public", str(tmp / "khong-co.pdf")),
            ("documents", "add", *on, "--item", "item-07", "--classification", "mật", str(tmp / "to-trinh.pdf")),
            ("documents", "replace", *on, "--document", "khong-co", str(tmp / "bao-cao-v2.pdf")),
            ("documents", "retract", *on, "--document", plan.document_id),
            ("documents", "replace", *on, "--document", report.document_id, str(tmp / "du-thao.docx")),
        )
        refused(item, 2, "Lỗi: Không có nội dung khong-co trong chương trình kỳ họp ninhbinh-2026-k1. [not_found]")
        refused(missing, 1, f"  khong-co.pdf: không đăng: Không đọc được tệp {tmp / 'khong-co.pdf'}: không có tệp này. "
                            "[no_file]")
        assert "Đã đăng 0/1 tệp; 1 tệp bị từ chối." in missing.stdout
        refused(secret, 2, "Mức phân loại «mật» không hợp lệ")
        refused(unknown, 2, "Lỗi: Không có tài liệu khong-co trong kỳ họp ninhbinh-2026-k1. [not_found]")
        refused(gone, 2, f"Không có tài liệu {plan.document_id} trong kỳ họp")
        refused(word, 2, "là tài liệu Word, không phải PDF. Hãy xuất tệp sang PDF rồi nhập lại. [office_document]")
        assert (await room.meeting(DEMO_MEETING_ID)).seq == state.seq
    finally:
        await fetcher.stop()
        await seat.stop()
        seat.replica.close()
        if display is not None:
            display.replica.close()


# -- committees and documents for one committee -------------------------------------------------


async def test_committees_from_the_list_and_a_document_for_one_committee(room: Room) -> None:
    tmp = room.scratch.parent / "committees"
    tmp.mkdir()
    on = ("--meeting", DEMO_MEETING_ID)
    added = await room.admin("meeting", "update", *on, "--committee", "ban-dan-toc=Ban Dân tộc")
    assert added.returncode == 0, added.stdout + added.stderr
    assert ("Các ban: Ban Pháp chế (ban-phap-che); Ban Kinh tế – Ngân sách (ban-kinh-te-ngan-sach); Ban Văn hóa – "
            "Xã hội (ban-van-hoa-xa-hoi); Ban Dân tộc (ban-dan-toc)") in added.stdout

    async def import_list(*rows: str) -> subprocess.CompletedProcess[str]:
        listing = tmp / f"{uuid.uuid4().hex}.csv"
        listing.write_text("\n".join(["Mã đại biểu,Họ và tên,Tổ đại biểu,Vai trò,Ban", *rows]), encoding="utf-8")
        return await asyncio.to_thread(phonghop, "admin", "delegates", "--device", str(room.device), "--file",
                                       str(listing), *on, "--apply")

    imported = await import_list("db-005,Hà Thị Thu Trang,Tổ 6,Phó Trưởng Ban Pháp chế,Ban Pháp chế")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "Ban: (trống) → Ban Pháp chế" in imported.stdout and "Chức danh: (trống) → Phó Trưởng Ban Pháp chế" in imported.stdout
    unknown = await import_list("db-042,Mai Thị Ngọc Lan,Tổ 10,,Ban Văn hóa")
    assert unknown.returncode == 1
    assert "  Dòng 2: không có ban «Ban Văn hóa» trong kỳ họp. [unknown_committee]" in unknown.stdout

    member = await enrolled_client(tmp / "member", room.server.card("delegate", "db-005")["link"], "Ghế db-005", start=False)
    outsider = await enrolled_client(tmp / "outsider", room.server.card("delegate", "db-042")["link"], "Ghế db-042",
                                     start=False)
    pdf = tmp / "bao-cao-tham-tra.pdf"
    pdf.write_bytes(make_pdf(pages=2, title="Báo cáo thẩm tra của Ban Pháp chế"))
    try:
        published = await room.admin("documents", "add", *on, "--item", "item-06", "--classification", "public",
                                     "--audience", "committee:ban-phap-che", str(pdf))
        assert published.returncode == 0, published.stdout + published.stderr
        assert "Công khai, cho Ban Pháp chế, mã hóa cho" in published.stdout
        state = await room.meeting(DEMO_MEETING_ID)
        document = next(d for d in state.documents.values() if d.audience == "committee:ban-phap-che")
        devices = (await room.server_log()).devices
        holders = {devices[d].role for d in document.keys}
        assert member.identity.device_id in document.keys and room.identity.device_id in document.keys
        assert outsider.identity.device_id not in document.keys and "display" not in holders
        key = unwrap_key(document.keys[member.identity.device_id], member.keys, document.document_id, 1)
        assert len(key) == 32

        nobody = await room.admin("documents", "add", *on, "--item", "item-06", "--classification", "public",
                                  "--audience", "committee:khong-co", str(pdf))
        refused(nobody, 2, "Người đọc «committee:khong-co» không hợp lệ: chọn all (mọi đại biểu), standing (Thường trực "
                           "HĐND) hoặc một ban: committee:ban-phap-che (Ban Pháp chế)")

        # The outsider joins the committee: `list` says a key is missing, `share` gives it.
        joined = await import_list("db-042,Mai Thị Ngọc Lan,Tổ 10,,Pháp chế")
        assert joined.returncode == 0, joined.stdout + joined.stderr
        listed = await room.admin("documents", "list", *on)
        assert re.search(rf"{document.document_id} .* \[cho Ban Pháp chế\] \[thiếu khóa cho 1 thiết bị\]",
                         listed.stdout), listed.stdout
        shared = await room.admin("documents", "share", *on, "--document", document.document_id)
        assert shared.returncode == 0, shared.stdout + shared.stderr
        assert "đã chia sẻ khóa cho 1 thiết bị mới." in shared.stdout
        state = await room.meeting(DEMO_MEETING_ID)
        assert outsider.identity.device_id in state.documents[document.document_id].keys

        # A committee that delegates and a document still name stays.
        kept = await room.admin("meeting", "update", *on, "--remove-committee", "ban-phap-che")
        refused(kept, 1, "Ban «ban-phap-che» còn 2 đại biểu và 1 tài liệu; hãy chuyển các đại biểu và tài liệu đó sang "
                         "ban khác trước khi bỏ ban.")
        assert (await room.meeting(DEMO_MEETING_ID)).seq == state.seq
    finally:
        for client in (member, outsider):
            client.replica.close()
