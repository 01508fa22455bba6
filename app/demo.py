"""The sample meeting: the first session of HĐND tỉnh Ninh Bình, term 2026–2031.

Used by `phonghop server --seed-demo` and `phonghop demo`. Pure data, no I/O and no randomness:
every call returns fresh dicts with the same content, so a seeded log is identical on every
machine. The delegates are fictitious: the names are invented and belong to no real official.
"""

from __future__ import annotations

from typing import Any, Final

DEMO_MEETING_ID: Final = "ninhbinh-2026-k1"

COUNCIL: Final = "Hội đồng nhân dân tỉnh Ninh Bình"
TERM: Final = "2026–2031"
TITLE: Final = (
    "Kỳ họp thứ nhất Hội đồng nhân dân tỉnh Ninh Bình khóa XVI, nhiệm kỳ 2026–2031"
)

# Tổ đại biểu: number → locality (Ninh Bình after merging with Hà Nam and Nam Định in 2025).
GROUPS: Final[tuple[str, ...]] = (
    "Hoa Lư",
    "Tam Điệp",
    "Phủ Lý",
    "Nam Định",
    "Kim Sơn",
    "Yên Khánh",
    "Gia Viễn",
    "Nho Quan",
    "Duy Tiên",
    "Hải Hậu",
    "Nghĩa Hưng",
)

# The council's committees (Ban của HĐND tỉnh), DOMAIN.md.
COMMITTEES: Final = (
    ("ban-phap-che", "Ban Pháp chế"),
    ("ban-kinh-te-ngan-sach", "Ban Kinh tế – Ngân sách"),
    ("ban-van-hoa-xa-hoi", "Ban Văn hóa – Xã hội"),
)

HALL_ROW_SEATS: Final = 10
HALL_ROW_LABELS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

_CHAIR_TITLE: Final = "Chủ tịch HĐND tỉnh"
_SECRETARY_TITLE: Final = "Chánh Văn phòng Đoàn ĐBQH và HĐND tỉnh"

# (họ tên, gender, chức vụ, tổ đại biểu 1..11, full_time), in protocol order.
# The first is the chair of the council; the Chánh Văn phòng is the session's secretary.
_F, _M = "female", "male"
_DELEGATES: Final[tuple[tuple[str, str, str, int, bool], ...]] = (
    # Thường trực HĐND, the Ban and the office: the 21 full-time delegates.
    ("Vũ Đình Khiêm", _M, _CHAIR_TITLE, 1, True),
    ("Trần Thị Minh Hạnh", _F, "Phó Chủ tịch HĐND tỉnh", 4, True),
    ("Lương Văn Thịnh", _M, "Phó Chủ tịch HĐND tỉnh", 3, True),
    ("Phạm Ngọc Sơn", _M, "Trưởng Ban Pháp chế HĐND tỉnh", 2, True),
    ("Hà Thị Thu Trang", _F, "Phó Trưởng Ban Pháp chế HĐND tỉnh", 6, True),
    ("Đỗ Mạnh Cường", _M, "Phó Trưởng Ban Pháp chế HĐND tỉnh", 10, True),
    ("Nguyễn Hữu Tuấn", _M, "Trưởng Ban Kinh tế – Ngân sách HĐND tỉnh", 5, True),
    ("Mai Xuân Trường", _M, "Phó Trưởng Ban Kinh tế – Ngân sách HĐND tỉnh", 7, True),
    ("Tạ Thanh Hương", _F, "Phó Trưởng Ban Kinh tế – Ngân sách HĐND tỉnh", 9, True),
    ("Bùi Thị Lan Anh", _F, "Trưởng Ban Văn hóa – Xã hội HĐND tỉnh", 8, True),
    ("Đặng Văn Quyết", _M, "Phó Trưởng Ban Văn hóa – Xã hội HĐND tỉnh", 11, True),
    ("Ngô Thị Hồng Nhung", _F, "Phó Trưởng Ban Văn hóa – Xã hội HĐND tỉnh", 1, True),
    ("Trịnh Quốc Huy", _M, _SECRETARY_TITLE, 2, True),
    ("Nguyễn Đình Phúc", _M, "Phó Chánh Văn phòng Đoàn ĐBQH và HĐND tỉnh", 3, True),
    ("Vũ Thị Thu Hà", _F, "Ủy viên chuyên trách Ban Pháp chế HĐND tỉnh", 4, True),
    ("Đinh Công Thành", _M, "Ủy viên chuyên trách Ban Pháp chế HĐND tỉnh", 8, True),
    ("Trần Văn Luận", _M, "Ủy viên chuyên trách Ban Kinh tế – Ngân sách HĐND tỉnh", 10, True),
    ("Lại Thế Anh", _M, "Ủy viên chuyên trách Ban Kinh tế – Ngân sách HĐND tỉnh", 6, True),
    ("Bùi Đức Long", _M, "Ủy viên chuyên trách Ban Văn hóa – Xã hội HĐND tỉnh", 7, True),
    ("Phạm Thị Ngọc Ánh", _F, "Ủy viên chuyên trách Ban Văn hóa – Xã hội HĐND tỉnh", 11, True),
    ("Hoàng Minh Tiến", _M, "Ủy viên chuyên trách Ban Kinh tế – Ngân sách HĐND tỉnh", 9, True),
    # Ủy ban nhân dân tỉnh.
    ("Lê Hoàng Nam", _M, "Chủ tịch UBND tỉnh", 1, False),
    ("Nguyễn Thị Thanh Bình", _F, "Phó Chủ tịch UBND tỉnh", 3, False),
    ("Phan Văn Hiếu", _M, "Phó Chủ tịch UBND tỉnh", 4, False),
    ("Dương Minh Đức", _M, "Phó Chủ tịch UBND tỉnh", 5, False),
    # Tỉnh ủy, Mặt trận and the provincial bodies.
    ("Hoàng Văn Toản", _M, "Phó Bí thư Tỉnh ủy", 2, False),
    ("Trần Quang Khải", _M, "Trưởng Ban Tổ chức Tỉnh ủy", 7, False),
    ("Đinh Thị Phương Thảo", _F, "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy", 8, False),
    ("Nguyễn Văn Hùng", _M, "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy", 9, False),
    ("Lê Văn Dũng", _M, "Trưởng Ban Nội chính Tỉnh ủy", 10, False),
    ("Phạm Văn Thắng", _M, "Chánh Văn phòng Tỉnh ủy", 11, False),
    ("Vũ Văn Hải", _M, "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", 6, False),
    ("Bùi Quang Vinh", _M, "Giám đốc Công an tỉnh", 5, False),
    ("Đặng Quốc Việt", _M, "Phó Giám đốc Công an tỉnh", 3, False),
    ("Đỗ Xuân Thủy", _M, "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh", 2, False),
    ("Ngô Đức Mạnh", _M, "Chánh án Tòa án nhân dân tỉnh", 3, False),
    ("Lương Thị Thu Huyền", _F, "Viện trưởng Viện kiểm sát nhân dân tỉnh", 7, False),
    ("Trịnh Văn Kiên", _M, "Chánh Văn phòng UBND tỉnh", 9, False),
    ("Hà Văn Tùng", _M, "Giám đốc Sở Tài chính", 4, False),
    ("Dương Thị Hải Yến", _F, "Giám đốc Sở Nội vụ", 6, False),
    ("Tạ Quang Huy", _M, "Giám đốc Sở Tư pháp", 11, False),
    ("Mai Thị Ngọc Lan", _F, "Giám đốc Sở Giáo dục và Đào tạo", 10, False),
    ("Phan Thanh Tùng", _M, "Giám đốc Sở Y tế", 8, False),
    ("Đặng Xuân Hòa", _M, "Giám đốc Sở Nông nghiệp và Môi trường", 11, False),
    ("Lại Văn Chiến", _M, "Giám đốc Sở Xây dựng", 5, False),
    ("Nguyễn Trọng Nghĩa", _M, "Giám đốc Sở Công Thương", 9, False),
    ("Trần Văn Bình", _M, "Giám đốc Sở Văn hóa, Thể thao và Du lịch", 1, False),
    ("Hoàng Đức Thuận", _M, "Giám đốc Sở Khoa học và Công nghệ", 7, False),
    ("Đinh Văn Sơn", _M, "Giám đốc Sở Dân tộc và Tôn giáo", 8, False),
    ("Vũ Mạnh Hà", _M, "Chánh Thanh tra tỉnh", 6, False),
    ("Bùi Văn Nghĩa", _M, "Trưởng Ban Quản lý các khu công nghiệp tỉnh", 9, False),
    (
        "Phạm Văn Lực",
        _M,
        "Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Chủ tịch Hội Nông dân tỉnh",
        10,
        False,
    ),
    (
        "Nguyễn Thị Thu Hằng",
        _F,
        "Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, "
        "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh",
        4,
        False,
    ),
    (
        "Lê Quang Trung",
        _M,
        "Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Chủ tịch Liên đoàn Lao động tỉnh",
        3,
        False,
    ),
    (
        "Đỗ Hoàng Phong",
        _M,
        "Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Bí thư Tỉnh đoàn",
        2,
        False,
    ),
    ("Trần Đình Chính", _M, "Chủ tịch Hội Cựu chiến binh tỉnh", 5, False),
    ("Ngô Văn Tài", _M, "Tổng Biên tập Báo và Phát thanh, Truyền hình Ninh Bình", 11, False),
    # Party secretaries of communes and wards.
    ("Đinh Văn Hưng", _M, "Bí thư Đảng ủy phường Hoa Lư", 1, False),
    ("Bùi Thanh Tâm", _M, "Bí thư Đảng ủy phường Tam Điệp", 2, False),
    ("Trần Thị Thanh Hoa", _F, "Bí thư Đảng ủy phường Phủ Lý", 3, False),
    ("Phạm Minh Tuấn", _M, "Bí thư Đảng ủy phường Nam Định", 4, False),
    ("Vũ Văn Khánh", _M, "Bí thư Đảng ủy xã Kim Sơn", 5, False),
    ("Lương Văn Đạt", _M, "Bí thư Đảng ủy xã Yên Khánh", 6, False),
    ("Đặng Thị Kim Oanh", _F, "Bí thư Đảng ủy xã Gia Viễn", 7, False),
    ("Hoàng Văn Thường", _M, "Bí thư Đảng ủy xã Nho Quan", 8, False),
    ("Nguyễn Văn Toàn", _M, "Bí thư Đảng ủy phường Duy Tiên", 9, False),
    ("Phan Văn Quân", _M, "Bí thư Đảng ủy xã Hải Hậu", 10, False),
    ("Mai Văn Lộc", _M, "Chủ tịch UBND xã Nghĩa Hưng", 11, False),
    # Schools, hospitals, enterprises, farmers.
    ("Trịnh Xuân Lâm", _M, "Hiệu trưởng Trường Đại học Hoa Lư", 1, False),
    ("Hà Thị Ngọc Diệp", _F, "Hiệu trưởng Trường THPT chuyên Lê Hồng Phong", 4, False),
    ("Dương Văn Thái", _M, "Hiệu trưởng Trường THPT Hải Hậu A", 10, False),
    ("Lê Thị Thu Thủy", _F, "Giáo viên Trường Tiểu học Kim Đông, xã Kim Sơn", 5, False),
    ("Tạ Văn Thành", _M, "Bác sĩ chuyên khoa II, Giám đốc Bệnh viện Đa khoa tỉnh", 3, False),
    (
        "Đỗ Thị Thanh Mai",
        _F,
        "Bác sĩ chuyên khoa I, Trưởng khoa Nhi, Trung tâm Y tế khu vực Nho Quan",
        8,
        False,
    ),
    ("Nguyễn Văn Thịnh", _M, "Giám đốc Ban Quản lý Quần thể danh thắng Tràng An", 1, False),
    ("Vũ Đức Hiển", _M, "Giám đốc Công ty cổ phần Dệt may Thành Nam", 4, False),
    ("Bùi Văn Cường", _M, "Chủ nhiệm Hợp tác xã nông nghiệp Khánh Thiện", 6, False),
    ("Đinh Thị Hồng Vân", _F, "Chủ trang trại tổng hợp, xã Gia Viễn", 7, False),
    ("Lại Văn Định", _M, "Chủ nhiệm Hợp tác xã nuôi trồng thủy sản Nghĩa Hưng", 11, False),
    ("Phạm Đức Hạnh", _M, "Chủ tịch Hiệp hội Doanh nghiệp tỉnh", 9, False),
    ("Hoàng Văn Minh", _M, "Chủ tịch UBND phường Tam Điệp", 2, False),
    ("Trần Văn Khoa", _M, "Chủ nhiệm Đoàn Luật sư tỉnh", 6, False),
    ("Phan Đình Quý", _M, "Kỹ sư, Phó Giám đốc Công ty cổ phần Xi măng Tam Điệp", 2, False),
    ("Vũ Ngọc Quang", _M, "Chủ nhiệm Hợp tác xã cói mỹ nghệ Kim Sơn", 5, False),
    ("Nguyễn Thị Ngọc Hân", _F, "Nghệ sĩ ưu tú, Nhà hát Chèo Ninh Bình", 1, False),
)


def _group_id(number: int) -> str:
    return f"to-{number:02d}"


def _group_name(number: int) -> str:
    return f"Tổ đại biểu số {number} ({GROUPS[number - 1]})"


def demo_meeting_args() -> dict[str, Any]:
    """The args of `meeting.create` for the demo meeting."""
    return {
        "meeting_id": DEMO_MEETING_ID,
        "kind": "regular",
        "title": TITLE,
        "council": COUNCIL,
        "term": TERM,
        "date": "2026-12-10",
        "venue": "Hội trường Trung tâm Hội nghị tỉnh Ninh Bình",
        "n_total": len(_DELEGATES),
        "committees": dict(COMMITTEES),
        "settings": {
            "quorum_num": 2,
            "quorum_den": 3,
            "allow_change": False,
            "speak_first_s": 420,
            "speak_second_s": 180,
            "debate_s": 180,
        },
    }


def demo_delegates() -> list[dict[str, Any]]:
    """The 85 `delegate.add` args, in protocol order (db-001 is the chair)."""
    result: list[dict[str, Any]] = []
    for index, (name, gender, title, group, full_time) in enumerate(_DELEGATES, start=1):
        roles = ["delegate"]
        if index == 1:
            roles.append("chair")
        if title == _SECRETARY_TITLE:
            roles.append("secretary")
        result.append(
            {
                "delegate_id": f"db-{index:03d}",
                "name": name,
                "title": title,
                "group_id": _group_id(group),
                "group_name": _group_name(group),
                "gender": gender,
                "roles": roles,
                "full_time": full_time,
            }
        )
    return result


def _delegate_with_role(role: str) -> str:
    for delegate in demo_delegates():
        if role in delegate["roles"]:
            return str(delegate["delegate_id"])
    raise LookupError(role)  # pragma: no cover - the data always has a chair and a secretary


def demo_chair_id() -> str:
    """The delegate_id of the chair (Chủ tọa)."""
    return _delegate_with_role("chair")


def demo_secretary_id() -> str:
    """The delegate_id of the session's secretary (Thư ký kỳ họp)."""
    return _delegate_with_role("secretary")


def demo_seats() -> list[dict[str, Any]]:
    """The `seat.add` args: the presidium, then the hall seated group by group.

    Presidium (row 0): CT-1 the chair in the middle (col 2), CT-2 and CT-3 the two Phó Chủ tịch
    HĐND on either side. Hall: rows A, B, C ... of 10 seats (A01..A10), filled in reading order
    with Tổ 1, then Tổ 2, and so on, so a group sits on consecutive seats over at most two rows.
    Only occupied seats are created.
    """
    delegates = demo_delegates()
    chair = next(d for d in delegates if "chair" in d["roles"])
    vice_chairs = [d for d in delegates if d["title"] == "Phó Chủ tịch HĐND tỉnh"]
    presidium = [("CT-2", 1, vice_chairs[0]), ("CT-1", 2, chair), ("CT-3", 3, vice_chairs[1])]
    seats: list[dict[str, Any]] = [
        {
            "seat_id": seat_id,
            "label": seat_id,
            "row": 0,
            "col": col,
            "zone": "presidium",
            "delegate_id": delegate["delegate_id"],
        }
        for seat_id, col, delegate in sorted(presidium)
    ]
    on_presidium = {seat["delegate_id"] for seat in seats}
    hall = sorted(
        (d for d in delegates if d["delegate_id"] not in on_presidium),
        key=lambda d: (d["group_id"], d["delegate_id"]),
    )
    for index, delegate in enumerate(hall):
        row, col = divmod(index, HALL_ROW_SEATS)
        label = f"{HALL_ROW_LABELS[row]}{col + 1:02d}"
        seats.append(
            {
                "seat_id": label,
                "label": label,
                "row": row + 1,
                "col": col + 1,
                "zone": "hall",
                "delegate_id": delegate["delegate_id"],
            }
        )
    return seats


_AGENDA: Final[tuple[tuple[str, int, str], ...]] = (
    ("Khai mạc kỳ họp", 20, "Chủ tịch HĐND tỉnh khóa XV"),
    (
        "Báo cáo kết quả bầu cử đại biểu HĐND tỉnh khóa XVI và xác nhận tư cách đại biểu",
        30,
        "Đại diện Ủy ban bầu cử tỉnh",
    ),
    ("Bầu Ban kiểm phiếu", 10, "Chủ tọa kỳ họp"),
    (
        "Bầu Chủ tịch, Phó Chủ tịch HĐND tỉnh, Trưởng ban, Phó Trưởng ban các Ban của HĐND tỉnh",
        90,
        "Chủ tọa kỳ họp",
    ),
    ("Bầu Chủ tịch, Phó Chủ tịch UBND tỉnh", 60, _CHAIR_TITLE),
    (
        "Thông qua Nghị quyết về Quy chế làm việc của HĐND tỉnh khóa XVI",
        20,
        "Thường trực HĐND tỉnh",
    ),
    (
        "Thảo luận và thông qua các nghị quyết về kế hoạch phát triển kinh tế – xã hội năm 2027",
        120,
        "Chủ tịch UBND tỉnh",
    ),
    (
        "Thông qua Nghị quyết về dự toán ngân sách nhà nước năm 2027 và phân bổ ngân sách cấp tỉnh",
        45,
        "Giám đốc Sở Tài chính",
    ),
    ("Bế mạc kỳ họp", 20, _CHAIR_TITLE),
)


def demo_agenda() -> list[dict[str, Any]]:
    """The `agenda.add` args: item-01.., positions 1.. in order."""
    return [
        {
            "item_id": f"item-{position:02d}",
            "title": title,
            "position": position,
            "planned_min": planned_min,
            "presenter": presenter,
        }
        for position, (title, planned_min, presenter) in enumerate(_AGENDA, start=1)
    ]


def demo_commands() -> list[tuple[str, dict[str, Any]]]:
    """The whole seed after `meeting.create`: delegates, then seats, then the agenda."""
    commands: list[tuple[str, dict[str, Any]]] = []
    commands += [("delegate.add", args) for args in demo_delegates()]
    commands += [("seat.add", args) for args in demo_seats()]
    commands += [("agenda.add", args) for args in demo_agenda()]
    return commands


def demo_role_devices() -> list[dict[str, Any]]:
    """The non-seat devices to enroll (`device.enroll` args without `code_hash`)."""
    return [
        {
            "role": "chair",
            "meeting_id": DEMO_MEETING_ID,
            "delegate_id": demo_chair_id(),
            "seat": "CT-1",
        },
        {
            "role": "secretary",
            "meeting_id": DEMO_MEETING_ID,
            "delegate_id": demo_secretary_id(),
            "seat": None,
        },
        {"role": "technician", "meeting_id": None, "delegate_id": None, "seat": None},
        {"role": "display", "meeting_id": DEMO_MEETING_ID, "delegate_id": None, "seat": None},
    ]
