"""Importing delegate lists (CSV in UTF-8, UTF-8 with BOM and Windows-1258; Excel .xlsx): the
preview, the exact messages people see, updates that keep seats, and the command end to end."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.delegate_import import commands, import_file, preview, read_table
from app.demo import DEMO_MEETING_ID, demo_delegates
from app.model import SYSTEM, MeetingState
from tests.domain_log import MemoryRoom
from tests.support import ServerProcess, enrolled_client, patience, wait_until

THUY = "Nguyễn Thị Thủy"
HUNG = "Đặng Văn Hưng"
HEADER = ["STT", "Họ và tên", "Giới tính", "Chức vụ", "Tổ đại biểu", "Vai trò", "Chuyên trách"]
NEW_ROWS = [
    ["1", THUY, "Nữ", "Giáo viên Trường THCS Lý Nhân", "Tổ 3", "Đại biểu", "không"],
    ["2", HUNG, "Nam", "Giám đốc Sở Ngoại vụ", "Tổ đại biểu số 5 (Kim Sơn)", "", "Có"],
]
TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def cp1258(text: str) -> bytes:
    """As Windows writes Vietnamese in code page 1258: a base letter (â, ơ, đ … precomposed
    where the code page has it), then the tone mark as a combining character."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            nfd = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONES))
            out += (base + "".join(c for c in nfd if c in TONES)).encode("cp1258")
    return bytes(out)


def csv_text(rows: list[list[str]], sep: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def xlsx(rows: list[list[Any]], title_rows: int = 0) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    for _ in range(title_rows):
        sheet.append(["DANH SÁCH ĐẠI BIỂU HĐND TỈNH NINH BÌNH KHÓA XVI"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def room() -> MemoryRoom:
    return MemoryRoom()


def seats(state: MeetingState) -> dict[str, str | None]:
    return {s.seat_id: s.delegate_id for s in state.seats.values()}


def messages(result: Any) -> list[str]:
    return [e.message for e in result.errors]


EXPECTED_ADDS = [
    {"name": THUY, "title": "Giáo viên Trường THCS Lý Nhân", "group_id": "to-03",
     "group_name": "Tổ đại biểu số 3 (Phủ Lý)", "gender": "female", "roles": ["delegate"], "full_time": False},
    {"name": HUNG, "title": "Giám đốc Sở Ngoại vụ", "group_id": "to-05",
     "group_name": "Tổ đại biểu số 5 (Kim Sơn)", "gender": "male", "roles": ["delegate"], "full_time": True},
]


# -- good files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "described"),
    [
        (csv_text([HEADER, *NEW_ROWS]).encode("utf-8"), "CSV, bảng mã UTF-8, phân cách bằng dấu phẩy"),
        (b"\xef\xbb\xbf" + csv_text([HEADER, *NEW_ROWS]).encode("utf-8"),
         "CSV, bảng mã UTF-8 có BOM, phân cách bằng dấu phẩy"),
        (cp1258(csv_text([HEADER, *NEW_ROWS], ";")), "CSV, bảng mã Windows-1258, phân cách bằng dấu chấm phẩy"),
        (csv_text([HEADER, *NEW_ROWS], "\t").encode("utf-16"), "CSV, bảng mã UTF-16, phân cách bằng dấu tab"),
    ],
    ids=["utf8", "utf8-bom", "cp1258-semicolon", "utf16-tab"],
)
def test_a_csv_in_each_encoding_adds_the_same_delegates(room: MemoryRoom, data: bytes, described: str) -> None:
    result = import_file("danh-sach.csv", data, room.meeting)
    assert result.table.describe() == described
    assert result.errors == ()
    assert [(a.row, a.kind) for a in result.actions] == [(2, "add"), (3, "add")]
    assert commands(result) == [("delegate.add", args) for args in EXPECTED_ADDS]
    # NFC whatever the file held: Windows-1258 writes «ủ» as «u» + a combining hook.
    assert all(unicodedata.is_normalized("NFC", a.name) for a in result.actions)
    assert len(result.missing) == 85
    assert [w.message for w in result.warnings] == [
        "Sau khi nhập, kỳ họp có 87 đại biểu nhưng Tổng số đại biểu HĐND (N) vẫn là 85; thêm cột «Tình trạng» "
        "vào tệp để tính lại N, hoặc sửa N khi chuẩn bị kỳ họp."
    ]


def test_windows_1258_really_holds_combining_tone_marks() -> None:
    data = cp1258(THUY)
    assert b"\xd2" in data  # the combining hook above of «ủ»
    assert data.decode("cp1258") != THUY and unicodedata.normalize("NFC", data.decode("cp1258")) == THUY


def test_xlsx_with_a_title_row_and_headers_without_diacritics(room: MemoryRoom) -> None:
    rows: list[list[Any]] = [
        ["stt", "HO VA TEN", "gioi tinh (Nam/Nu)", "Chuc vu", "To dai bieu", "Vai tro", "Chuyen trach"],
        [1, THUY, "nữ", "Giáo viên Trường THCS Lý Nhân", "Tổ 3", "Đại biểu", False],
        [2, HUNG, "NAM", "Giám đốc Sở Ngoại vụ", 5, None, True],
        [None, None, None, None, None, None, None],
    ]
    result = import_file("danh-sach.xlsx", xlsx(rows, title_rows=1), room.meeting)
    assert result.table.describe() == "Excel (.xlsx), trang «Danh sách»"
    assert result.errors == ()
    assert [a.row for a in result.actions] == [3, 4]  # the spreadsheet's row numbers
    assert commands(result) == [("delegate.add", args) for args in EXPECTED_ADDS]


def test_roles_posts_committees_and_standing_come_from_the_list(room: MemoryRoom) -> None:
    rows = [
        ["Họ và tên", "Giới tính", "Tổ đại biểu", "Vai trò", "Ban"],
        [THUY, "Nữ", "Tổ 3", "Chủ tịch HĐND; Thường trực", ""],
        [HUNG, "Nam", "Tổ 5", "Trưởng Ban Pháp chế, Thư ký kỳ họp", "Ban Pháp chế"],
        ["Phạm Văn Bình", "Nam", "Tổ 1", "Ủy viên Ban", "Kinh tế - Ngân sách; ban-van-hoa-xa-hoi"],
    ]
    result = import_file("vai-tro.csv", csv_text(rows).encode(), room.meeting)
    assert result.errors == ()
    assert [(a.args["roles"], a.args.get("posts"), a.args.get("standing"), a.args.get("committees"))
            for a in result.actions] == [
        (("delegate", "chair"), ("Chủ tịch HĐND", "Thường trực"), True, None),
        (("delegate", "secretary"), ("Trưởng Ban Pháp chế",), True, ("ban-phap-che",)),
        (("delegate",), ("Ủy viên Ban",), None, ("ban-kinh-te-ngan-sach", "ban-van-hoa-xa-hoi")),
    ]
    assert [a.note for a in result.actions] == [
        "Chủ tịch HĐND, Thường trực; Thường trực HĐND",
        "Trưởng Ban Pháp chế; Thường trực HĐND; Ban Pháp chế",
        "Ủy viên Ban; Ban Kinh tế – Ngân sách, Ban Văn hóa – Xã hội",
    ]
    assert not [w for w in result.warnings if w.code == "not_stored"]  # the meeting keeps them all now
    for name, args in commands(result):
        room.cmd(SYSTEM, name, args)
    added = {d.name: d for d in room.meeting.delegates.values() if d.name in (THUY, HUNG)}
    assert (added[HUNG].posts, added[HUNG].committees, added[HUNG].standing) == (
        ("Trưởng Ban Pháp chế",), ("ban-phap-che",), True)
    assert added[THUY].standing and added[THUY].committees == () and added[THUY].mandate == "active"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_unknown_committee_or_mandate_is_a_row_error(room: MemoryRoom, kind: str) -> None:
    rows = [["Họ và tên", "Giới tính", "Tổ đại biểu", "Ban", "Tình trạng"],
            [THUY, "Nữ", "Tổ 3", "Ban Pháp chế", "Đang thực hiện nhiệm vụ"],
            [HUNG, "Nam", "Tổ 5", "Ban Văn hóa", ""],
            ["Phạm Văn Bình", "Nam", "Tổ 1", "Pháp chế; Ban Dân tộc", "tạm nghỉ"]]
    data = csv_text(rows).encode() if kind == "csv" else xlsx(rows)
    result = import_file(f"ban.{kind}", data, room.meeting)
    assert [(e.code, e.message) for e in result.errors] == [
        ("unknown_committee", "Dòng 3: không có ban «Ban Văn hóa» trong kỳ họp."),
        ("bad_value", "Dòng 4: tình trạng «tạm nghỉ» không rõ; ghi «Đang thực hiện nhiệm vụ», «Tạm đình chỉ» hoặc "
                      "«Đã thôi nhiệm vụ»."),
        ("unknown_committee", "Dòng 4: không có ban «Ban Dân tộc» trong kỳ họp."),
    ]
    assert ("Các ban của kỳ họp: «Ban Pháp chế», «Ban Kinh tế – Ngân sách», «Ban Văn hóa – Xã hội». Thêm ban: "
            "phonghop admin meeting update --committee MÃ=TÊN.") in [w.message for w in result.warnings]
    assert commands(result) == []


# -- broken files: the exact messages --------------------------------------------------------


def test_row_errors_name_the_row_and_what_is_wrong(room: MemoryRoom) -> None:
    rows = [
        ["STT", "Họ và tên", "Giới tính", "Tổ đại biểu", "Vai trò", "Chuyên trách", "Tình trạng", "Mã đại biểu"],
        ["1", THUY, "Nữ", "Tổ 3", "", "", "", ""],  # row 2: fine
        ["2", "", "Nam", "Tổ 3", "", "", "", ""],  # row 3
        ["3", "nguyễn thị  thuỷ", "Nữ", "Tổ 3", "", "", "", ""],  # row 4: row 2 again
        ["4", HUNG, "Nam", "Tổ 14", "", "", "", ""],  # row 5
        ["5", HUNG, "Trai", "Tổ 5", "Chủ nhiệm", "hai buổi", "nghỉ phép", ""],  # row 6
        ["6", "Phạm Văn Bình", "", "Tổ 1", "", "", "", ""],  # row 7
        ["7", "Phạm Văn Cường", "Nam", "", "", "", "", "db 86"],  # row 8
    ]
    result = import_file("loi.csv", csv_text(rows).encode(), room.meeting)
    assert messages(result) == [
        "Dòng 3: thiếu họ và tên.",
        "Dòng 4: trùng với dòng 2 (Nguyễn Thị Thủy, Tổ 3).",
        "Dòng 5: không có tổ đại biểu «Tổ 14» trong kỳ họp.",
        "Dòng 6: giới tính «Trai» không rõ; ghi Nam hoặc Nữ.",
        "Dòng 6: vai trò «Chủ nhiệm» không rõ; dùng: Đại biểu, Chủ tịch, Phó Chủ tịch, Trưởng Ban, Phó Trưởng "
        "Ban, Thường trực, Thư ký kỳ họp.",
        "Dòng 6: cột «Chuyên trách» ghi «hai buổi»; ghi Có hoặc Không.",
        "Dòng 6: tình trạng «nghỉ phép» không rõ; ghi «Đang thực hiện nhiệm vụ», «Tạm đình chỉ» hoặc «Đã thôi nhiệm "
        "vụ».",
        "Dòng 7: thiếu giới tính (ghi Nam hoặc Nữ).",
        "Dòng 8: thiếu tổ đại biểu.",
        "Dòng 8: mã đại biểu «db 86» không hợp lệ; chỉ dùng chữ không dấu, số và các dấu . _ -.",
    ]
    assert [e.code for e in result.errors] == [
        "missing_name", "duplicate", "unknown_group", "bad_value", "bad_value", "bad_value", "bad_value",
        "missing_value", "missing_group", "bad_value",
    ]
    assert [e.row for e in result.errors] == [3, 4, 5, 6, 6, 6, 6, 7, 8, 8]
    assert "Để thêm tổ đại biểu mới, ghi cả cột «Mã tổ» (ví dụ to-12) và cột «Tổ đại biểu» cho tổ đó." in [
        w.message for w in result.warnings]
    assert commands(result) == []  # a preview with errors sends nothing


def test_a_duplicate_by_delegate_id_and_with_a_delegate_already_in_the_meeting(room: MemoryRoom) -> None:
    rows = [
        ["Mã đại biểu", "Họ và tên", "Tổ đại biểu"],
        ["db-005", "Hà Thị Thu Trang", "Tổ 6"],
        ["", "Hà Thị Thu Trang", "Tổ đại biểu số 6 (Yên Khánh)"],
        ["db-005", "Hà Thị Thu Trang", "6"],
    ]
    result = import_file("trung.csv", csv_text(rows).encode(), room.meeting)
    assert messages(result) == [
        "Dòng 3: trùng với dòng 2 (Hà Thị Thu Trang, Tổ 6).",
        "Dòng 4: trùng với dòng 2 (Hà Thị Thu Trang, Tổ 6).",
    ]


def test_a_new_id_for_a_delegate_already_in_the_meeting(room: MemoryRoom) -> None:
    rows = [["Mã đại biểu", "Họ và tên", "Tổ đại biểu", "Giới tính"], ["db-999", "Hà Thị Thu Trang", "Tổ 6", "Nữ"]]
    result = import_file("ma.csv", csv_text(rows).encode(), room.meeting)
    assert [(e.code, e.message) for e in result.errors] == [(
        "id_mismatch",
        "Dòng 2: mã đại biểu «db-999» không có trong kỳ họp, nhưng Hà Thị Thu Trang ở Tổ đại biểu số 6 (Yên Khánh) "
        "đã có mã db-005.",
    )]


def test_undecodable_bytes_name_the_byte_and_the_line(room: MemoryRoom) -> None:
    advice = "Hãy mở tệp bằng Excel và lưu lại dạng «CSV UTF-8»."
    # Windows-1258 with a byte that code page does not have (0x81).
    data = cp1258(csv_text([HEADER, *NEW_ROWS])) + b"3,L\x81i,Nam,,3,,\r\n"
    result = import_file("hong.csv", data, room.meeting)
    assert [(e.code, e.message) for e in result.errors] == [(
        "bad_encoding",
        f"Tệp không đọc được bằng UTF-8 hay Windows-1258: byte 0x81 ở dòng 4 không thuộc bảng mã nào. {advice}",
    )]
    # UTF-8 cut in the middle of a letter.
    damaged = csv_text([HEADER, *NEW_ROWS]).encode("utf-8") + "3,Lê Văn Lợi,Nam,,3,,\r\n".encode()[:-12] + b"\x8d"
    assert messages(import_file("cat.csv", damaged, room.meeting)) == [
        f"Tệp không đọc được bằng UTF-8 hay Windows-1258: tệp có vẻ là UTF-8 nhưng byte 0x8D ở dòng 4 sai. {advice}"
    ]
    bom = b"\xef\xbb\xbf" + cp1258(csv_text([HEADER, *NEW_ROWS]))
    assert messages(import_file("bom.csv", bom, room.meeting)) == [
        "Tệp không đọc được bằng UTF-8 hay Windows-1258: tệp mở đầu bằng dấu hiệu UTF-8 (BOM) nhưng byte "
        f"0xF2 ở dòng 1 không phải UTF-8. {advice}"
    ]


@pytest.mark.parametrize(
    ("name", "data", "code", "message"),
    [
        ("khong-tieu-de.csv", csv_text(NEW_ROWS).encode(), "bad_header",
         "Không tìm thấy dòng tiêu đề có cột «Họ và tên» trong 10 dòng đầu của tệp."),
        ("khong-to.csv", csv_text([["Họ và tên", "Giới tính"], [THUY, "Nữ"]]).encode(), "bad_header",
         "Tệp thiếu cột «Tổ đại biểu» (hoặc «Mã tổ»)."),
        ("hai-cot.csv", csv_text([["Họ và tên", "Tổ", "Ho ten"], [THUY, "Tổ 3", THUY]]).encode(), "bad_header",
         "Cột «Họ và tên» có hai lần trong dòng tiêu đề (cột A và cột C)."),
        ("chi-tieu-de.csv", csv_text([HEADER]).encode(), "empty", "Tệp chỉ có dòng tiêu đề, không có đại biểu nào."),
        ("trong.csv", b"", "empty", "Tệp «trong.csv» trống, không có đại biểu nào."),
        ("khong-phai-zip.xlsx", b"Ho va ten,To\r\nA,1\r\n", "bad_file",
         "Tệp «khong-phai-zip.xlsx» không phải tệp Excel .xlsx đọc được; hãy mở bằng Excel và lưu lại dạng "
         ".xlsx hoặc «CSV UTF-8»."),
        ("hong.xlsx", b"PK\x03\x04" + b"\x00" * 200, "bad_file",
         "Tệp «hong.xlsx» không phải tệp Excel .xlsx đọc được; hãy mở bằng Excel và lưu lại dạng .xlsx hoặc "
         "«CSV UTF-8»."),
        ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200, "bad_file",
         "Tệp «cu.xls» là tệp Excel 97–2003 (.xls) hoặc tệp có mật khẩu; hãy mở bằng Excel và lưu lại dạng "
         ".xlsx hoặc «CSV UTF-8»."),
    ],
    ids=["no-header", "no-group-column", "column-twice", "header-only", "empty", "xlsx-not-zip", "xlsx-broken-zip",
         "old-xls"],
)
def test_files_that_cannot_be_read(room: MemoryRoom, name: str, data: bytes, code: str, message: str) -> None:
    result = import_file(name, data, room.meeting)
    assert [(e.code, e.message) for e in result.errors] == [(code, message)]
    assert result.actions == () and commands(result) == []


def test_an_xlsx_without_a_name_column_and_with_an_unknown_column(room: MemoryRoom) -> None:
    result = import_file("a.xlsx", xlsx([["Tên", "Tổ"], ["A", 1]]), room.meeting)
    assert messages(result) == ["Không tìm thấy dòng tiêu đề có cột «Họ và tên» trong 10 dòng đầu của tệp."]
    ok = import_file("b.xlsx", xlsx([["Họ và tên", "Tổ", "Giới tính", "Ghi chú"], [THUY, 3, "Nữ", "mới"]]), room.meeting)
    assert ok.errors == ()
    assert ok.warnings[0].message == "Cột «Ghi chú» không dùng đến, đã bỏ qua."


# -- groups -----------------------------------------------------------------------------------


def test_a_file_defines_new_groups_with_an_id_and_a_name() -> None:
    rows = [
        ["Mã tổ", "Tổ đại biểu", "Họ và tên", "Giới tính"],
        ["to-01", "Tổ 1 (Lý Nhân)", THUY, "Nữ"],
        ["to-01", "", HUNG, "Nam"],
        ["to-02", "Tổ 2", "Phạm Văn Bình", "Nam"],
        ["to-02", "Tổ 5", "Phạm Văn Cường", "Nam"],
        ["to-03", "", "Lê Văn An", "Nam"],
    ]
    result = import_file("xa.csv", csv_text(rows).encode(), MeetingState())
    assert messages(result) == [
        "Dòng 5: mã tổ «to-02» là «Tổ 2» ở dòng 4, không phải «Tổ 5».",
        "Dòng 6: không có tổ đại biểu «to-03» trong kỳ họp.",
    ]
    assert [w.message for w in result.warnings][:2] == [
        "Dòng 2: tổ đại biểu mới «Tổ 1 (Lý Nhân)» (mã to-01) sẽ được tạo theo tệp.",
        "Dòng 4: tổ đại biểu mới «Tổ 2» (mã to-02) sẽ được tạo theo tệp.",
    ]
    assert [(a.args["group_id"], a.args["group_name"]) for a in result.actions] == [
        ("to-01", "Tổ 1 (Lý Nhân)"), ("to-01", "Tổ 1 (Lý Nhân)"), ("to-02", "Tổ 2")]


def test_a_group_id_that_contradicts_the_meeting(room: MemoryRoom) -> None:
    rows = [["Mã tổ", "Tổ đại biểu", "Họ và tên", "Giới tính"],
            ["to-03", "Tổ 4", THUY, "Nữ"], ["to-12", "Tổ 3", HUNG, "Nam"], ["to-03", "Phủ Lý", "Lê Văn An", "Nam"]]
    result = import_file("to.csv", csv_text(rows).encode(), room.meeting)
    assert messages(result) == [
        "Dòng 2: mã tổ «to-03» là «Tổ đại biểu số 3 (Phủ Lý)» trong kỳ họp, không phải «Tổ 4».",
        "Dòng 3: «Tổ 3» có mã «to-03», không phải «to-12».",
    ]


# -- updates keep seats and devices ------------------------------------------------------------


def _demo_rows() -> list[list[str]]:
    header = ["Mã đại biểu", "Họ và tên", "Giới tính", "Chức vụ", "Tổ đại biểu", "Vai trò", "Chuyên trách"]
    rows = [header]
    for d in demo_delegates():
        number = int(d["group_id"].split("-")[1])
        roles = "; ".join({"delegate": "Đại biểu", "chair": "Chủ tọa", "secretary": "Thư ký kỳ họp"}[r]
                          for r in d["roles"])
        rows.append([d["delegate_id"], d["name"], "Nam" if d["gender"] == "male" else "Nữ", d["title"],
                     f"Tổ {number}", roles, "Có" if d["full_time"] else "Không"])
    return rows


def test_importing_over_the_demo_meeting_updates_in_place_and_keeps_every_seat(room: MemoryRoom) -> None:
    before = seats(room.meeting)
    rows = _demo_rows()
    rows[5][3] = "Trưởng Ban Pháp chế HĐND tỉnh"  # db-005, by id: a new title
    rows[5][4] = "Tổ 7"  # … and another group
    rows[72][0] = ""  # db-072 matched by name and group, the tone mark placed the old way
    rows[72][1] = "Lê Thị Thu Thuỷ"
    rows[72][6] = "Có"
    rows[13][5] = "Đại biểu"  # db-013 is no longer the session's secretary
    del rows[30]  # db-030 is not in the file: kept, listed
    rows.append(["", THUY, "Nữ", "Giáo viên", "Tổ 3", "", ""])
    result = import_file("cap-nhat.xlsx", xlsx(rows), room.meeting)
    assert result.errors == ()
    changed = {a.delegate_id: [(c.label, c.old, c.new) for c in a.changes] for a in result.actions if a.kind == "update"}
    assert changed == {
        "db-005": [("Chức vụ", "Phó Trưởng Ban Pháp chế HĐND tỉnh", "Trưởng Ban Pháp chế HĐND tỉnh"),
                   ("Tổ đại biểu", "Tổ đại biểu số 6 (Yên Khánh)", "Tổ đại biểu số 7 (Gia Viễn)")],
        "db-013": [("Vai trò", "Đại biểu, Thư ký kỳ họp", "Đại biểu")],
        "db-072": [("Họ và tên", "Lê Thị Thu Thủy", "Lê Thị Thu Thuỷ"), ("Chuyên trách", "Không", "Có")],
    }
    assert result.count("unchanged") == 81 and result.count("add") == 1
    assert [d.delegate_id for d in result.missing] == ["db-030"]
    sent = commands(result)
    assert sent[:2] == [
        ("delegate.update", {"delegate_id": "db-005", "title": "Trưởng Ban Pháp chế HĐND tỉnh", "group_id": "to-07",
                             "group_name": "Tổ đại biểu số 7 (Gia Viễn)"}),
        ("delegate.update", {"delegate_id": "db-013", "roles": ["delegate"]}),
    ]
    for name, args in sent:
        room.cmd(SYSTEM, name, args)
    state = room.meeting
    assert seats(state) == before  # same seats, same delegate ids: the seat cards still work
    assert len(state.delegates) == 86 and "db-030" in state.delegates
    assert state.delegates["db-005"].group_id == "to-07" and state.delegates["db-072"].full_time is True
    again = import_file("cap-nhat.xlsx", xlsx(rows), state)
    assert again.errors == () and commands(again) == []
    assert again.count("unchanged") == 85  # the new one is matched by name and group now
    assert again.count("add") == 0


def test_an_empty_cell_keeps_what_the_meeting_has(room: MemoryRoom) -> None:
    rows = [["Mã đại biểu", "Họ và tên", "Giới tính", "Chức vụ", "Tổ đại biểu", "Vai trò", "Chuyên trách"],
            ["db-001", "Vũ Đình Khiêm", "", "", "Tổ 1", "", ""]]
    result = import_file("it.csv", csv_text(rows).encode(), room.meeting)
    assert [(a.kind, a.delegate_id) for a in result.actions] == [("unchanged", "db-001")]


def test_mandate_status_is_kept_and_n_follows_it_from_then_on(room: MemoryRoom) -> None:
    rows = [["Họ và tên", "Giới tính", "Tổ đại biểu", "Tình trạng"],
            ["Lê Văn Dũng", "Nam", "Tổ 10", "Bị bãi nhiệm"],
            ["Đỗ Thị Thanh Mai", "Nữ", "Tổ 8", "Tạm đình chỉ"],
            [THUY, "Nữ", "Tổ 3", "Đang giữ quyền"],
            [HUNG, "", "Tổ 5", "Thôi làm nhiệm vụ đại biểu"]]
    result = import_file("tinh-trang.csv", csv_text(rows).encode(), room.meeting)
    assert result.errors == ()
    assert [(a.row, a.kind, a.note, [(c.label, c.old, c.new) for c in a.changes]) for a in result.actions] == [
        (2, "update", "", [("Tình trạng", "Đang thực hiện nhiệm vụ", "Đã thôi nhiệm vụ")]),
        (3, "update", "", [("Tình trạng", "Đang thực hiện nhiệm vụ", "Tạm đình chỉ")]),
        (4, "add", "", []),
        (5, "skip", "không thêm: «Thôi làm nhiệm vụ đại biểu»", []),
    ]
    assert [w.message for w in result.warnings] == [
        "Dòng 2: Lê Văn Dũng (mã db-030) «Bị bãi nhiệm»: không còn tính vào Tổng số đại biểu HĐND (N); vẫn giữ "
        "trong danh sách kỳ họp (xóa bằng tay nếu cần).",
    ]
    # 83 not in the file + Đỗ Thị Thanh Mai (suspended still holds the mandate) + the new one.
    assert result.n_total is None and result.follow_mandates
    sent = commands(result)
    assert sent == [
        ("delegate.update", {"delegate_id": "db-030", "mandate": "ended"}),
        ("delegate.update", {"delegate_id": "db-074", "mandate": "suspended"}),
        ("delegate.add", {"name": THUY, "title": "", "group_id": "to-03", "group_name": "Tổ đại biểu số 3 (Phủ Lý)",
                          "gender": "female", "roles": ["delegate"], "full_time": False}),
        ("meeting.update", {"n_from_mandates": True}),
    ]
    for name, args in sent:
        room.cmd(SYSTEM, name, args)
    meeting = room.meeting.meeting
    assert meeting is not None and meeting.n_from_mandates and meeting.n_total == 85
    assert room.meeting.delegates["db-030"].mandate == "ended" and "db-030" in room.meeting.delegates

    # From then on the meeting counts N itself: a later file without the column still moves it.
    later = import_file("them.csv", csv_text([HEADER, NEW_ROWS[1]]).encode(), room.meeting)
    assert later.n_total == (85, 86) and not later.follow_mandates
    assert [name for name, _ in commands(later)] == ["delegate.add"]
    for name, args in commands(later):
        room.cmd(SYSTEM, name, args)
    assert room.meeting.meeting is not None and room.meeting.meeting.n_total == 86

    rows.append(["Lê Văn Hải", "Nam", "Tổ 2", "Thôi làm nhiệm vụ"])
    fewer = import_file("tinh-trang.csv", csv_text(rows).encode(), MemoryRoom().meeting)
    assert fewer.n_total is None  # an unknown name whose mandate ended changes nothing


def test_n_goes_down_when_a_delegate_in_the_meeting_loses_the_mandate(room: MemoryRoom) -> None:
    rows = [["Họ và tên", "Tổ đại biểu", "Tình trạng"], ["Lê Văn Dũng", "Tổ 10", "bị bãi nhiệm"]]
    result = import_file("bai-nhiem.csv", csv_text(rows).encode(), room.meeting)
    assert result.n_total == (85, 84)
    assert commands(result) == [("delegate.update", {"delegate_id": "db-030", "mandate": "ended"}),
                                ("meeting.update", {"n_from_mandates": True})]
    events = [e for name, args in commands(result) for e in room.cmd(SYSTEM, name, args)]
    # The log says it in so many words: the delegate's mandate, then N set from the list.
    assert [(e.name, e.data) for e in events] == [
        ("delegate.updated", {"delegate_id": "db-030", "mandate": "ended"}),
        ("meeting.updated", {"n_from_mandates": True, "n_total": 84}),
    ]
    assert room.meeting.meeting is not None and room.meeting.meeting.n_total == 84


def test_a_namesake_in_another_group_is_added_with_a_warning(room: MemoryRoom) -> None:
    rows = [["Họ và tên", "Giới tính", "Tổ đại biểu"], ["Lê Văn Dũng", "Nam", "Tổ 2"]]
    result = import_file("trung-ten.csv", csv_text(rows).encode(), room.meeting)
    assert [a.kind for a in result.actions] == ["add"]
    assert result.warnings[0].message == (
        "Dòng 2: đã có «Lê Văn Dũng» ở Tổ đại biểu số 10 (Hải Hậu) (mã db-030); dòng này sẽ thêm một đại biểu mới. "
        "Nếu là cùng một người, ghi mã đại biểu db-030.")


def test_read_table_then_preview_is_the_same_as_import_file(room: MemoryRoom) -> None:
    data = csv_text([HEADER, *NEW_ROWS]).encode()
    assert preview(read_table("a.csv", data), room.meeting) == import_file("a.csv", data, room.meeting)


# -- end to end -------------------------------------------------------------------------------


def _phonghop(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "phonghop", *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=patience(60), stdin=subprocess.DEVNULL)


@pytest.mark.slow
async def test_the_technician_imports_a_list_through_a_real_server(server: ServerProcess, tmp_path: Path) -> None:
    device = tmp_path / "technician"
    env = {"PHONGHOP_PASSPHRASE": "mật khẩu kỹ thuật viên"}
    enrolled = _phonghop("enroll", server.card("technician")["link"], "--data", str(device), env=env)
    assert enrolled.returncode == 0, enrolled.stdout + enrolled.stderr
    listing = tmp_path / "danh-sach.csv"
    listing.write_bytes(cp1258(csv_text([HEADER, *NEW_ROWS], ";")))

    shown = _phonghop("admin", "delegates", "--device", str(device), "--file", str(listing), env=env)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "Tệp danh-sach.csv: CSV, bảng mã Windows-1258, phân cách bằng dấu chấm phẩy; 2 dòng đại biểu." in shown.stdout
    assert f"    2  thêm        {THUY}" in shown.stdout
    assert "Tóm tắt: thêm 2, sửa 0, giữ nguyên 0, bỏ qua 0; 0 lỗi." in shown.stdout
    assert "Chưa gửi gì. Chạy lại với --apply để áp dụng." in shown.stdout

    applied = _phonghop("admin", "delegates", "--device", str(device), "--file", str(listing), "--apply", env=env)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "Đã thêm 2 và sửa 0 đại biểu." in applied.stdout

    display = await enrolled_client(tmp_path / "display", server.card("display")["link"], "Màn hình")
    try:
        await wait_until(lambda: len(getattr(display.state, "delegates", {})) == 87, what="the two new delegates")
        state = display.state
        assert isinstance(state, MeetingState)
        added = {d.name: d for d in state.delegates.values() if d.name in (THUY, HUNG)}
        assert added[THUY].group_id == "to-03" and added[HUNG].full_time is True
        assert {s.delegate_id for s in state.seats.values()} == {d["delegate_id"] for d in demo_delegates()}
    finally:
        await display.stop()
        display.replica.close()

    again = _phonghop("admin", "delegates", "--device", str(device), "--file", str(listing),
                      "--meeting", DEMO_MEETING_ID, "--apply", env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Tóm tắt: thêm 0, sửa 0, giữ nguyên 2, bỏ qua 0; 0 lỗi." in again.stdout
    assert "Đã thêm 0 và sửa 0 đại biểu." in again.stdout

    # Committees, posts and mandates go into the meeting; N follows the list from then on.
    council = tmp_path / "ban-tinh-trang.xlsx"
    council.write_bytes(xlsx([["Mã đại biểu", "Họ và tên", "Tổ đại biểu", "Vai trò", "Ban", "Tình trạng"],
                              ["db-030", "Lê Văn Dũng", "Tổ 10", "", "", "Đã thôi nhiệm vụ"],
                              ["db-004", "Phạm Ngọc Sơn", "Tổ 2", "Trưởng Ban Pháp chế", "Ban Pháp chế", ""]]))
    shown = _phonghop("admin", "delegates", "--device", str(device), "--file", str(council), env=env)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "Tình trạng: Đang thực hiện nhiệm vụ → Đã thôi nhiệm vụ" in shown.stdout
    assert ("Chức danh: (trống) → Trưởng Ban Pháp chế; Thường trực HĐND: Không → Có; Ban: (trống) → Ban Pháp chế"
            in shown.stdout)
    assert "Tổng số đại biểu HĐND (N): 85 → 86." in shown.stdout
    assert "Từ nay Tổng số đại biểu HĐND (N) tính theo danh sách" in shown.stdout
    applied = _phonghop("admin", "delegates", "--device", str(device), "--file", str(council), "--apply", env=env)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert ("Đã thêm 0 và sửa 2 đại biểu; Tổng số đại biểu HĐND (N) đã đổi từ 85 thành 86; từ nay N tính theo danh "
            "sách đại biểu.") in applied.stdout

    broken = tmp_path / "loi.csv"
    broken.write_text(csv_text([HEADER, ["1", "", "Nam", "", "Tổ 3", "", ""]]), encoding="utf-8")
    refused = _phonghop("admin", "delegates", "--device", str(device), "--file", str(broken), "--apply", env=env)
    assert refused.returncode == 1
    assert "  Dòng 2: thiếu họ và tên. [missing_name]" in refused.stdout
    assert "Tệp còn lỗi: sửa tệp rồi chạy lại; chưa có thay đổi nào được gửi." in refused.stdout
