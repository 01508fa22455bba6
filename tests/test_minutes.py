"""The minutes of a sitting, written from a log replayed through the real reducer."""

from __future__ import annotations

import unicodedata
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from app.clock import iso
from app.events import Event, NewEvent, seal
from app.minutes import minutes_pdf
from app.model import MeetingState
from app.reducer import replay
from tests.domain_log import CHAIR_ACTOR, SECRETARY_ACTOR, MemoryRoom, seat_of
from tests.test_vote_records import (
    assert_fonts_embedded,
    confidence_vote,
    election_vote,
    flat,
    lines_of,
    render,
    resolution_vote,
)

AWAY = {"db-081": (True, "Đi công tác nước ngoài theo quyết định của Tỉnh ủy"),
        "db-082": (True, "Ốm, điều trị tại Bệnh viện Đa khoa tỉnh"),
        "db-083": (False, "")}
# db-084 and db-085 never check in and nobody reports them: "Chưa điểm danh".


def speak(room: MemoryRoom, delegate_id: str, seconds: float, kind: str = "discussion") -> None:
    [asked] = room.cmd(seat_of(delegate_id), "speak.request", {"kind": kind})
    room.tick(20)
    room.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": asked.data["request_id"]})
    room.tick(seconds)
    room.cmd(CHAIR_ACTOR, "speak.end", {"request_id": asked.data["request_id"]})
    room.tick(10)


def sitting() -> tuple[MemoryRoom, list[tuple[str, dict[str, Any]]]]:
    """A morning: 80 of 85 check in, item 1 and item 7 are held with speeches, item 8 starts.
    Returns the room and the vote events, each with the time it happened (votes are not in the
    reducer yet, so they are kept apart and added to the log afterwards)."""
    room = MemoryRoom()
    for number in range(1, 81):
        room.cmd(seat_of(f"db-{number:03d}"), "attendance.check_in", {})
    for delegate_id, (excused, reason) in AWAY.items():
        room.cmd(SECRETARY_ACTOR, "attendance.absence", {"delegate_id": delegate_id, "excused": excused, "reason": reason})
    room.tick(120)  # 07:32 UTC, 14:32 in Vietnam
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": "item-01"})
    room.tick(18 * 60)
    room.cmd(CHAIR_ACTOR, "agenda.complete", {"item_id": "item-01"})
    room.tick(60)
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": "item-07"})
    room.tick(60)
    speak(room, "db-022", 300)  # Lê Hoàng Nam, 5 minutes
    speak(room, "db-045", 410)  # Lại Văn Chiến, 6 min 50 s
    speak(room, "db-022", 95, "debate")
    votes: list[tuple[str, dict[str, Any]]] = []
    created, closed = resolution_vote()
    votes.append((iso(room.now), created))
    room.tick(5)
    votes.append((iso(room.now), {"vote_id": created["vote_id"], "closes_at": None}))
    room.tick(70)
    votes.append((iso(room.now), closed))
    cancelled = {**created, "vote_id": "vote-121", "title": "Thông qua Nghị quyết về danh mục dự án đầu tư công"}
    votes.append((iso(room.now), cancelled))
    votes.append((iso(room.now + timedelta(seconds=30)), {"vote_id": "vote-121", "reason": "Nhập nhầm nội dung biểu quyết"}))
    room.tick(60)
    room.cmd(CHAIR_ACTOR, "agenda.complete", {"item_id": "item-07"})
    room.tick(60)
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": "item-08"})
    room.tick(60)
    pending = {**resolution_vote("hands")[0], "vote_id": "vote-130", "item_id": "item-08",
               "title": "Thông qua Nghị quyết về dự toán ngân sách nhà nước năm 2027"}
    votes.append((iso(room.now), pending))
    e_created, e_closed = election_vote()
    votes += [(iso(room.now), e_created), (iso(room.now), e_closed)]
    c_created, c_closed = confidence_vote()
    c_created = {**c_created, "item_id": "item-99"}  # an item the agenda no longer has
    votes += [(iso(room.now), c_created), (iso(room.now), c_closed)]
    return room, votes


def with_votes(room: MemoryRoom, votes: list[tuple[str, dict[str, Any]]]) -> list[Event]:
    names = {"closes_at": "vote.opened", "reason": "vote.cancelled", "signature": "vote.closed"}
    events = list(room.events)
    for at, data in votes:
        name = next((n for key, n in names.items() if key in data), "vote.created")
        last = events[-1]
        events.append(seal(last.meeting_id, last.hash, last.seq + 1, at, None, NewEvent(name, data)))
    return events


@pytest.fixture(scope="module")
def minutes() -> tuple[bytes, MeetingState]:
    room, votes = sitting()
    state = replay(MeetingState(), room.events)
    assert state == room.meeting
    return minutes_pdf(state, with_votes(room, votes)), state


def test_the_minutes_open_with_the_meeting_and_its_attendance(minutes: tuple[bytes, MeetingState]) -> None:
    pdf, _ = minutes
    lines, text = lines_of(pdf), flat(pdf)
    for expected in (
        "HỘI ĐỒNG NHÂN DÂN", "TỈNH NINH BÌNH", "BIÊN BẢN KỲ HỌP",
        "Loại kỳ họp: Kỳ họp thường lệ",
        "Thời gian: ngày 10/12/2026, từ 14:32",
        "Địa điểm: Hội trường Trung tâm Hội nghị tỉnh Ninh Bình",
        "Chủ tọa: Vũ Đình Khiêm", "Thư ký kỳ họp: Trịnh Quốc Huy",
        "Tổng số đại biểu HĐND: 85",
        "Số đại biểu có mặt: 80/85 (94,12%)",
    ):
        assert expected in lines, expected
    assert "Kỳ họp thứ nhất Hội đồng nhân dân tỉnh Ninh Bình khóa XVI, nhiệm kỳ 2026–2031" in text
    assert "Hội đồng nhân dân: Hội đồng nhân dân tỉnh Ninh Bình, nhiệm kỳ 2026–2031" in text
    assert ("Số đại biểu vắng mặt: 5 (vắng có lý do: 2; vắng không có lý do: 1; chưa điểm danh: 2)") in text
    assert "tức 57/85 đại biểu" in text
    assert ("1 Hoàng Văn Minh Tổ đại biểu số 2 (Tam Điệp) Vắng có lý do: "
            "Đi công tác nước ngoài theo quyết định của Tỉnh ủy") in text
    assert "2 Trần Văn Khoa Tổ đại biểu số 6 (Yên Khánh) Vắng có lý do: Ốm, điều trị tại Bệnh viện Đa khoa tỉnh" in text
    assert "3 Phan Đình Quý Tổ đại biểu số 2 (Tam Điệp) Vắng không có lý do 4 Vũ Ngọc Quang" in text
    assert "5 Nguyễn Thị Ngọc Hân Tổ đại biểu số 1 (Hoa Lư) Chưa điểm danh II. DIỄN BIẾN KỲ HỌP" in text
    assert unicodedata.is_normalized("NFC", text)
    assert_fonts_embedded(pdf)


def test_each_item_has_its_times_in_vietnam_time_and_its_speakers(minutes: tuple[bytes, MeetingState]) -> None:
    pdf, _ = minutes
    lines, text = lines_of(pdf), flat(pdf)
    assert "1. Khai mạc kỳ họp" in lines
    assert "Thời gian: 14:32 – 14:50 (thực hiện 18 phút; dự kiến 20 phút)" in lines
    assert "Không có ý kiến phát biểu." in lines
    assert "Thời gian: 14:51 – 15:09 (thực hiện 18 phút; dự kiến 120 phút)" in lines
    assert "Ý kiến phát biểu: 3 lượt của 2 đại biểu, tổng thời gian 13 phút 25 giây." in lines
    assert "1 14:52 Lê Hoàng Nam Tổ đại biểu số 1 (Hoa Lư) Phát biểu 5 phút" in text
    assert "2 14:57 Lại Văn Chiến Tổ đại biểu số 5 (Kim Sơn) Phát biểu 6 phút 50 giây" in text
    assert "3 15:05 Lê Hoàng Nam Tổ đại biểu số 1 (Hoa Lư) Tranh luận 1 phút 35 giây" in text
    assert "Thời gian: bắt đầu 15:10, đang thực hiện (dự kiến 45 phút)" in lines
    assert "Thời gian: chưa thực hiện (dự kiến 20 phút)" in lines  # Bế mạc, not reached


def test_every_vote_is_in_the_minutes_under_its_item(minutes: tuple[bytes, MeetingState]) -> None:
    pdf, _ = minutes
    lines, text = lines_of(pdf), flat(pdf)
    item7, item8 = text.index("7. Thảo luận và thông qua"), text.index("8. Thông qua Nghị quyết về dự toán")
    vote = text.index("Biểu quyết: Thông qua Nghị quyết về Kế hoạch phát triển kinh tế – xã hội năm 2027")
    assert item7 < vote < item8
    for expected in ("Tán thành: 50 (58,82%)", "Không tán thành: 20 (23,53%)", "Chưa biểu quyết: 2 (2,35%)",
                     "Kết quả: Thông qua", "Kết quả của từng đại biểu: xem Phiếu kết quả biểu quyết."):
        assert expected in lines, expected
    assert "Hình thức: Biểu quyết công khai; thời gian: 15:07 – 15:08" in lines
    assert "Hình thức: Biểu quyết công khai Đã hủy lúc 15:08. Lý do: Nhập nhầm nội dung biểu quyết" in text
    # Cancelled, with its reason; started and never closed.
    assert "Biểu quyết: Thông qua Nghị quyết về danh mục dự án đầu tư công" in text
    assert "Đã hủy lúc 15:08. Lý do: Nhập nhầm nội dung biểu quyết" in lines
    pending = text.index("Biểu quyết: Thông qua Nghị quyết về dự toán ngân sách nhà nước năm 2027")
    assert item8 < pending and "Hình thức: Biểu quyết giơ tay Chưa kết thúc biểu quyết." in text
    # The election sits under item 4 (which was never activated), each candidate with % of N.
    assert text.index("4. Bầu Chủ tịch") < text.index("Biểu quyết: Bầu Chủ tịch Hội đồng nhân dân") < text.index("5. Bầu")
    assert "1 Vũ Đình Khiêm Chủ tịch HĐND tỉnh khóa XV 79 92,94% Trúng cử" in text
    # A vote on an item that is not on the agenda still is on record, with each person's consequence.
    others = text.index("III. CÁC NỘI DUNG BIỂU QUYẾT KHÁC")
    assert others < text.index("Biểu quyết: Lấy phiếu tín nhiệm đối với người giữ chức vụ do HĐND tỉnh bầu")
    assert "44 (55,00%) Có thể xin từ chức" in text and "Phan Văn Hiếu: Trình miễn nhiệm, bãi nhiệm." in lines
    assert text.count("Mã đối chiếu với bản lưu:") == 3  # the three closed votes


def test_the_minutes_end_with_the_log_reference_and_signatures(minutes: tuple[bytes, MeetingState], tmp_path: Path) -> None:
    pdf, state = minutes
    text = flat(pdf)
    assert f"sự kiện số 1 đến số {state.seq}, mã chuỗi {state.head[:16]}" in text
    assert text.rindex("THƯ KÝ KỲ HỌP") < text.rindex("Trịnh Quốc Huy")
    assert text.rindex("CHỦ TỌA KỲ HỌP") < text.rindex("Vũ Đình Khiêm")
    render(pdf, tmp_path / "minutes.png")


def test_minutes_need_a_meeting() -> None:
    with pytest.raises(ValueError):
        minutes_pdf(MeetingState(), [])
