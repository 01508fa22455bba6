"""Voting record PDFs: the result sheet and the Biên bản kiểm phiếu, read back as text."""

from __future__ import annotations

import base64
import hashlib
import unicodedata
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from app import demo
from app.model import Delegate, Meeting
from app.vote_records import counting_record_pdf, result_sheet_pdf

N = 85
ITEM_TITLE = "Thảo luận và thông qua các nghị quyết về kế hoạch phát triển kinh tế – xã hội năm 2027"
RESOLUTION = "Thông qua Nghị quyết về Kế hoạch phát triển kinh tế – xã hội năm 2027"
OPENED_AT = "2026-12-10T02:41:00.000Z"  # 09:41 in Vietnam
CLOSED_AT = "2026-12-10T02:42:10.000Z"  # 09:42 in Vietnam
SIGNATURE = base64.b64encode(hashlib.sha512(b"room key over the result").digest()).decode("ascii")
COMMITTEE = {
    "head": "db-004",  # Phạm Ngọc Sơn
    "secretary": "db-015",  # Vũ Thị Thu Hà
    "members": ["db-004", "db-015", "db-016", "db-017", "db-018", "db-019", "db-020"],
}


# -- inputs shaped as docs/votes.md says -------------------------------------------------------


def demo_meeting() -> Meeting:
    a = demo.demo_meeting_args()
    return Meeting(a["meeting_id"], a["kind"], a["title"], a["council"], a["term"], a["date"], a["venue"], a["n_total"])


def demo_delegates() -> dict[str, Delegate]:
    return {
        d["delegate_id"]: Delegate(d["delegate_id"], d["name"], d["title"], d["group_id"], d["group_name"],
                                   d["gender"], tuple(d["roles"]), d["full_time"])
        for d in demo.demo_delegates()
    }


def resolution_vote(kind: str = "open", rule: str = "majority_of_all") -> tuple[dict[str, Any], dict[str, Any]]:
    """78 of 80 present vote: 50 for, 20 against, 8 abstain; db-079 and db-080 press nothing;
    db-081..db-085 are away."""
    ids = [f"db-{i:03d}" for i in range(1, N + 1)]
    ballots = {d: "tan_thanh" if i < 50 else "khong_tan_thanh" if i < 70 else "khong_bieu_quyet"
               for i, d in enumerate(ids[:78])}
    created = {"vote_id": "vote-120", "item_id": "item-07", "title": RESOLUTION, "kind": kind,
               "options": ["tan_thanh", "khong_tan_thanh", "khong_bieu_quyet"], "rule": rule,
               "duration_s": 60, "allow_change": False, "n_total": N}
    closed: dict[str, Any] = {
        "vote_id": "vote-120", "kind": kind, "n_total": N, "present": 80, "participated": 78,
        "tally": {"tan_thanh": 50, "khong_tan_thanh": 20, "khong_bieu_quyet": 8}, "not_voted": 2,
        "outcome": "passed" if rule == "majority_of_all" else "failed", "closed_by": "chair", "signature": SIGNATURE,
    }
    if kind == "open":
        closed["ballots"] = ballots
    if kind == "secret":
        created["committee"] = COMMITTEE
        closed["receipts"], closed["counted"] = [], sorted(ballots.values())
    if kind == "hands":
        closed["closed_by"] = "hands"
    return created, closed


def election_vote(tie: bool = False) -> tuple[dict[str, Any], dict[str, Any]]:
    candidates = [
        {"id": "db-001", "name": "Vũ Đình Khiêm", "position": "Chủ tịch HĐND tỉnh khóa XV"},
        {"id": "db-002", "name": "Trần Thị Minh Hạnh", "position": "Phó Chủ tịch HĐND tỉnh khóa XV"},
    ]
    created = {"vote_id": "vote-80", "item_id": "item-04", "title": "Bầu Chủ tịch Hội đồng nhân dân tỉnh Ninh Bình khóa XVI",
               "kind": "election", "options": ["db-001", "db-002"], "rule": "election", "duration_s": 0,
               "allow_change": False, "n_total": N, "candidates": candidates, "seats": 1, "committee": COMMITTEE}
    votes = (41, 41) if tie else (79, 3)
    closed = {"vote_id": "vote-80", "kind": "election", "n_total": N, "present": 83, "issued": 83, "collected": 83,
              "valid": 82, "invalid": 1, "seats": 1,
              "results": {"db-001": {"votes": votes[0]}, "db-002": {"votes": votes[1]}},
              "elected": [] if tie else ["db-001"], "tie": ["db-001", "db-002"] if tie else [],
              "counted": [], "receipts": [], "closed_by": "chair", "signature": SIGNATURE}
    return created, closed


def confidence_vote(rule: str = "confidence") -> tuple[dict[str, Any], dict[str, Any]]:
    subjects = [
        {"id": "ubnd-ct", "name": "Lê Hoàng Nam", "position": "Chủ tịch UBND tỉnh"},
        {"id": "ubnd-pct1", "name": "Nguyễn Thị Thanh Bình", "position": "Phó Chủ tịch UBND tỉnh"},
        {"id": "ubnd-pct2", "name": "Phan Văn Hiếu", "position": "Phó Chủ tịch UBND tỉnh"},
    ]
    if rule == "confidence":
        options = ["tin_nhiem_cao", "tin_nhiem", "tin_nhiem_thap"]
        counts = [(80, {"tin_nhiem_cao": 60, "tin_nhiem": 15, "tin_nhiem_thap": 5}, "none"),
                  (79, {"tin_nhiem_cao": 10, "tin_nhiem": 25, "tin_nhiem_thap": 44}, "may_resign"),
                  (80, {"tin_nhiem_cao": 5, "tin_nhiem": 10, "tin_nhiem_thap": 65}, "dismissal")]
    else:
        options = ["tin_nhiem", "khong_tin_nhiem"]
        counts = [(80, {"tin_nhiem": 70, "khong_tin_nhiem": 10}, "none"),
                  (80, {"tin_nhiem": 30, "khong_tin_nhiem": 50}, "dismissal"),
                  (80, {"tin_nhiem": 41, "khong_tin_nhiem": 39}, "none")]
    created = {"vote_id": "vote-90", "item_id": "item-05",
               "title": "Lấy phiếu tín nhiệm đối với người giữ chức vụ do HĐND tỉnh bầu", "kind": "confidence",
               "options": options, "rule": rule, "duration_s": 0, "allow_change": False, "n_total": N,
               "subjects": subjects, "committee": COMMITTEE}
    results = {s["id"]: {"issued": 80, "collected": 80, "valid": valid, "counts": c, "consequence": consequence}
               for s, (valid, c, consequence) in zip(subjects, counts, strict=True)}
    closed = {"vote_id": "vote-90", "kind": "confidence", "n_total": N, "present": 80, "issued": 80, "collected": 80,
              "results": results, "counted": [], "receipts": [], "closed_by": "chair", "signature": SIGNATURE}
    return created, closed


# -- reading a PDF back ------------------------------------------------------------------------


def lines_of(pdf: bytes) -> list[str]:
    with pymupdf.open(stream=pdf) as doc:
        return [line.strip() for page in doc for line in page.get_text().splitlines() if line.strip()]


def flat(pdf: bytes) -> str:
    """All text on one line, runs of white space as one space: table rows read left to right."""
    return " ".join(" ".join(lines_of(pdf)).split())


def assert_fonts_embedded(pdf: bytes) -> None:
    with pymupdf.open(stream=pdf) as doc:
        for number in range(doc.page_count):
            fonts = doc.get_page_fonts(number)
            assert fonts
            for _xref, ext, _type, basefont, *_ in fonts:
                assert ext != "n/a", basefont
                assert "Noto" in basefont or "noto" in basefont.lower(), basefont


def render(pdf: bytes, path: Path, page: int = 0) -> None:
    with pymupdf.open(stream=pdf) as doc:
        doc[page].get_pixmap(dpi=80).save(str(path))
    assert path.stat().st_size > 10_000


def sheet(created: dict[str, Any], closed: dict[str, Any], **kw: Any) -> bytes:
    return result_sheet_pdf(demo_meeting(), demo_delegates(), ITEM_TITLE, created, closed,
                            kw.pop("closed_at", CLOSED_AT), **kw)


def record(created: dict[str, Any], closed: dict[str, Any], **kw: Any) -> bytes:
    return counting_record_pdf(demo_meeting(), demo_delegates(), ITEM_TITLE, created, closed,
                               kw.pop("closed_at", CLOSED_AT), **kw)


# -- the result sheet --------------------------------------------------------------------------


def test_the_result_sheet_of_an_open_vote_shows_every_figure_of_n() -> None:
    created, closed = resolution_vote()
    pdf = sheet(created, closed, opened_at=OPENED_AT)
    lines = lines_of(pdf)
    for expected in (
        "HỘI ĐỒNG NHÂN DÂN", "TỈNH NINH BÌNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Ninh Bình, ngày 10 tháng 12 năm 2026", "PHIẾU KẾT QUẢ BIỂU QUYẾT",
        "Hình thức: Biểu quyết công khai",
        "Thời gian: từ 09:41 đến 09:42, ngày 10/12/2026",
        "Địa điểm: Hội trường Trung tâm Hội nghị tỉnh Ninh Bình",
        "Tổng số đại biểu HĐND: 85",
        "Số đại biểu có mặt: 80",
        "Số đại biểu tham gia biểu quyết: 78 (91,76%)",
        "Tán thành: 50 (58,82%)",
        "Không tán thành: 20 (23,53%)",
        "Không biểu quyết: 8 (9,41%)",
        "Chưa biểu quyết: 2 (2,35%)",
        "Kết quả: THÔNG QUA",
        "Điều kiện thông qua: quá nửa tổng số đại biểu HĐND tán thành (ít nhất 43/85 đại biểu).",
    ):
        assert expected in lines, expected
    text = flat(pdf)
    assert RESOLUTION in text and ITEM_TITLE in text
    assert unicodedata.is_normalized("NFC", text)
    assert_fonts_embedded(pdf)


def test_an_open_vote_lists_every_delegate_in_id_order_with_the_missing_as_not_voted() -> None:
    created, closed = resolution_vote()
    delegates = demo_delegates()
    text = flat(sheet(created, closed))
    labels = {"tan_thanh": "Tán thành", "khong_tan_thanh": "Không tán thành", "khong_bieu_quyet": "Không biểu quyết"}
    for number, delegate_id in enumerate(sorted(delegates), start=1):
        d = delegates[delegate_id]
        choice = labels[closed["ballots"][delegate_id]] if delegate_id in closed["ballots"] else "Chưa biểu quyết"
        assert f" {number} {d.name} {d.group_name} {choice} " in f" {text} ", (number, d.name)
    assert text.count(" Chưa biểu quyết ") >= N - 78
    assert "KẾT QUẢ BIỂU QUYẾT CỦA TỪNG ĐẠI BIỂU" in text


def test_a_failed_show_of_hands_under_two_thirds_has_no_list_of_names() -> None:
    created, closed = resolution_vote("hands", "two_thirds_of_all")
    pdf = sheet(created, closed)
    lines = lines_of(pdf)
    assert "Hình thức: Biểu quyết giơ tay" in lines
    assert "Thời gian: kết thúc lúc 09:42, ngày 10/12/2026" in lines
    assert "Kết quả: KHÔNG THÔNG QUA" in lines
    assert ("Điều kiện thông qua: ít nhất hai phần ba tổng số đại biểu HĐND tán thành "
            "(ít nhất 57/85 đại biểu).") in flat(pdf)
    assert "Vũ Đình Khiêm" not in flat(pdf)


def test_the_sheet_carries_the_fingerprint_of_the_result_signature() -> None:
    created, closed = resolution_vote("secret")
    pdf = sheet(created, closed)
    code = hashlib.sha256(SIGNATURE.encode("ascii")).hexdigest()[:16]
    assert f"Mã đối chiếu với bản lưu: {code}" in flat(pdf)
    with pymupdf.open(stream=pdf) as doc:
        assert f"fingerprint={code}" in doc.metadata["keywords"]
        assert doc.metadata["title"] == f"Phiếu kết quả biểu quyết: {RESOLUTION}"
    assert "Hình thức: Bỏ phiếu kín" in lines_of(pdf)
    assert "Vũ Đình Khiêm" not in flat(pdf)  # a secret vote names nobody's choice
    assert sheet(created, closed) == pdf  # the same record always gives the same bytes


def test_times_are_in_vietnam_time_across_midnight() -> None:
    created, closed = resolution_vote("hands")
    lines = lines_of(sheet(created, closed, closed_at="2026-12-10T17:30:00.000Z"))
    assert "Thời gian: kết thúc lúc 00:30, ngày 11/12/2026" in lines
    assert "Ninh Bình, ngày 11 tháng 12 năm 2026" in lines


def test_a_confidence_sheet_gives_each_level_as_a_share_of_the_ballots_collected() -> None:
    created, closed = confidence_vote()
    pdf = sheet(created, closed)
    text = flat(pdf)
    assert "KẾT QUẢ LẤY PHIẾU TÍN NHIỆM" in text and "Hình thức: Lấy phiếu tín nhiệm" in text
    assert "Số phiếu thu về: 80" in text
    # Of B = 80, not of N: 60 of 85 would read 70,59%.
    assert "1 Lê Hoàng Nam Chủ tịch UBND tỉnh 80 0 60 (75,00%) 15 (18,75%) 5 (6,25%) —" in text
    assert "2 Nguyễn Thị Thanh Bình Phó Chủ tịch UBND tỉnh 79 1 10 (12,50%) 25 (31,25%) 44 (55,00%) Có thể xin từ chức" in text
    assert "65 (81,25%) Trình miễn nhiệm, bãi nhiệm" in text
    assert "Nguyễn Thị Thanh Bình: Có thể xin từ chức." in lines_of(pdf)
    assert "Phan Văn Hiếu: Trình miễn nhiệm, bãi nhiệm." in lines_of(pdf)
    assert "Tỷ lệ tính trên tổng số phiếu thu về (B = 80)." in text
    assert_fonts_embedded(pdf)


def test_a_no_confidence_sheet_has_two_levels() -> None:
    created, closed = confidence_vote("no_confidence")
    text = flat(sheet(created, closed))
    assert "KẾT QUẢ BỎ PHIẾU TÍN NHIỆM" in text and "Hình thức: Bỏ phiếu tín nhiệm" in text
    assert "Tín nhiệm Không tín nhiệm Kết luận" in text and "Tín nhiệm cao" not in text
    assert "2 Nguyễn Thị Thanh Bình Phó Chủ tịch UBND tỉnh 80 0 30 (37,50%) 50 (62,50%) Trình miễn nhiệm, bãi nhiệm" in text


def test_an_election_sheet_gives_votes_of_n_and_who_is_elected() -> None:
    created, closed = election_vote()
    pdf = sheet(created, closed)
    text = flat(pdf)
    assert "KẾT QUẢ BẦU CHỨC DANH" in text and "Hình thức: Bầu chức danh" in text
    assert "1 Vũ Đình Khiêm Chủ tịch HĐND tỉnh khóa XV 79 92,94% Trúng cử" in text
    assert "2 Trần Thị Minh Hạnh Phó Chủ tịch HĐND tỉnh khóa XV 3 3,53% Không trúng cử" in text
    assert "Người trúng cử: Vũ Đình Khiêm." in lines_of(pdf)
    assert "Số phiếu không hợp lệ: 1" in lines_of(pdf)


def test_a_tie_calls_for_a_new_round() -> None:
    created, closed = election_vote(tie=True)
    text = flat(sheet(created, closed))
    assert "41 48,24% Bằng phiếu – bầu lại" in text
    assert "Các ứng cử viên Vũ Đình Khiêm, Trần Thị Minh Hạnh có số phiếu bằng nhau" in text


# -- the Biên bản kiểm phiếu --------------------------------------------------------------------


def test_the_counting_record_of_an_election_holds_what_domain_md_lists(tmp_path: Path) -> None:
    created, closed = election_vote()
    pdf = record(created, closed, opened_at="2026-12-10T03:05:00.000Z", closed_at="2026-12-10T03:15:00.000Z")
    lines, text = lines_of(pdf), flat(pdf)
    assert "HĐND TỈNH NINH BÌNH" in lines and "BAN KIỂM PHIẾU" in lines
    assert "BIÊN BẢN KIỂM PHIẾU" in lines and "Bầu Chủ tịch Hội đồng nhân dân tỉnh Ninh Bình khóa XVI" in lines
    # Session and council, time and place, subject.
    assert ("Vào hồi 10 giờ 15 phút, ngày 10/12/2026, tại Hội trường Trung tâm Hội nghị tỉnh Ninh Bình, "
            "Ban kiểm phiếu của Kỳ họp thứ nhất Hội đồng nhân dân tỉnh Ninh Bình khóa XVI, nhiệm kỳ 2026–2031 "
            "đã tiến hành kiểm phiếu bầu chức danh về nội dung: Bầu Chủ tịch Hội đồng nhân dân tỉnh Ninh Bình "
            "khóa XVI.") in text
    assert "Thời gian bỏ phiếu: từ 10:05 đến 10:15, ngày 10/12/2026" in lines
    # The committee with their roles.
    assert "1 Phạm Ngọc Sơn Trưởng Ban Pháp chế HĐND tỉnh Trưởng ban" in text
    assert "2 Vũ Thị Thu Hà Ủy viên chuyên trách Ban Pháp chế HĐND tỉnh Thư ký" in text
    assert "3 Đinh Công Thành Ủy viên chuyên trách Ban Pháp chế HĐND tỉnh Ủy viên" in text
    assert "7 Phạm Thị Ngọc Ánh Ủy viên chuyên trách Ban Văn hóa – Xã hội HĐND tỉnh Ủy viên" in text
    # N, present, the ballots.
    for expected in ("Tổng số đại biểu HĐND: 85", "Số đại biểu có mặt: 83", "Số phiếu phát ra: 83",
                     "Số phiếu thu về: 83", "Số phiếu hợp lệ: 82", "Số phiếu không hợp lệ: 1"):
        assert expected in lines, expected
    # Each candidate with count and % of N, the conclusion, complaints, signatures.
    assert "1 Vũ Đình Khiêm Chủ tịch HĐND tỉnh khóa XV 79 92,94% Trúng cử" in text
    assert "IV. KẾT LUẬN Người trúng cử: Vũ Đình Khiêm." in text
    assert "V. KHIẾU NẠI, TỐ CÁO Khiếu nại, tố cáo về việc kiểm phiếu (nếu có):" in text
    assert "THƯ KÝ BAN KIỂM PHIẾU" in text and "TRƯỞNG BAN KIỂM PHIẾU" in text
    assert text.index("TRƯỞNG BAN KIỂM PHIẾU") < text.rindex("Phạm Ngọc Sơn")
    assert text.index("THƯ KÝ BAN KIỂM PHIẾU") < text.rindex("Vũ Thị Thu Hà")
    assert_fonts_embedded(pdf)
    render(pdf, tmp_path / "record.png")


def test_the_counting_record_of_a_secret_resolution_vote() -> None:
    created, closed = resolution_vote("secret")
    pdf = record(created, closed)
    lines, text = lines_of(pdf), flat(pdf)
    for expected in ("Số phiếu phát ra: 80", "Số phiếu thu về: 78", "Số phiếu hợp lệ: 78", "Số phiếu không hợp lệ: 0",
                     "Tán thành: 50 (58,82%)", "Không tán thành: 20 (23,53%)", "Không biểu quyết: 8 (9,41%)"):
        assert expected in lines, expected
    assert f"THÔNG QUA: «{RESOLUTION}» được 50/85 đại biểu tán thành (58,82% tổng số đại biểu HĐND)." in text


def test_the_counting_record_of_a_confidence_vote() -> None:
    created, closed = confidence_vote()
    text = flat(record(created, closed))
    assert "kiểm phiếu lấy phiếu tín nhiệm về nội dung" in text
    assert "1 Phạm Ngọc Sơn Trưởng Ban Pháp chế HĐND tỉnh Trưởng ban" in text
    assert "3 Phan Văn Hiếu Phó Chủ tịch UBND tỉnh 80 0 5 (6,25%) 10 (12,50%) 65 (81,25%) Trình miễn nhiệm, bãi nhiệm" in text
    assert "IV. KẾT LUẬN Nguyễn Thị Thanh Bình: Có thể xin từ chức. Phan Văn Hiếu: Trình miễn nhiệm, bãi nhiệm." in text


@pytest.mark.parametrize("kind", ["open", "hands"])
def test_an_open_or_hands_vote_has_no_counting_record(kind: str) -> None:
    created, closed = resolution_vote(kind)
    with pytest.raises(ValueError):
        record(created, closed)
