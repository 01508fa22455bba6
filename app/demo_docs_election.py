"""The demo's internal document (app.demo_docs): the chair's script for the elections of the
council's Standing Committee and committee heads."""

from __future__ import annotations

from typing import Final

from app.demo_docs_parts import _center, _header, _p, _title
from app.documents_compose import Block, Columns, Paragraph

# ---------------------------------------------------------------------------------------------
# 5. An internal document: the script for the elections.

_SCRIPT: Final[tuple[tuple[str, str], ...]] = (
    ("Chủ tọa", "Thưa các vị đại biểu, tiếp theo chương trình, Hội đồng nhân dân tỉnh tiến hành bầu các chức "
     "danh Chủ tịch, Phó Chủ tịch Hội đồng nhân dân tỉnh, Trưởng ban, Phó Trưởng ban các Ban của Hội đồng "
     "nhân dân tỉnh khóa XVI, nhiệm kỳ 2026–2031. Xin mời đại diện Thường trực Hội đồng nhân dân tỉnh khóa "
     "XV trình bày Tờ trình giới thiệu nhân sự."),
    ("Đại diện Thường trực HĐND", "Trình bày Tờ trình giới thiệu nhân sự để Hội đồng nhân dân tỉnh bầu các "
     "chức danh (khoảng 10 phút)."),
    ("Chủ tọa", "Đề nghị các vị đại biểu thảo luận tại hội trường về danh sách nhân sự được giới thiệu. Đại biểu "
     "có ý kiến khác, giới thiệu thêm hoặc tự ứng cử xin đăng ký phát biểu trên máy tính bảng."),
    ("Chủ tọa", "Xin ý kiến Hội đồng nhân dân tỉnh thông qua danh sách bầu cử bằng hình thức biểu quyết điện tử. "
     "Đề nghị các vị đại biểu bấm nút Tán thành, Không tán thành hoặc Không biểu quyết."),
    ("Thư ký kỳ họp", "Công bố kết quả biểu quyết: Tổng số đại biểu HĐND, số đại biểu có mặt, số đại biểu tham "
     "gia biểu quyết, số Tán thành, số Không tán thành, số Không biểu quyết."),
    ("Chủ tọa", "Mời Trưởng Ban kiểm phiếu hướng dẫn cách ghi phiếu và tiến hành bỏ phiếu kín. Ban kiểm phiếu "
     "kiểm tra hòm phiếu trước sự chứng kiến của các vị đại biểu."),
    ("Trưởng Ban kiểm phiếu", "Hướng dẫn: đồng ý người nào thì giữ nguyên họ tên người đó; không đồng ý người "
     "nào thì gạch ngang họ tên người đó. Phiếu gạch hết hoặc ghi thêm tên ngoài danh sách là phiếu không hợp lệ."),
    ("Chủ tọa", "Trong thời gian Ban kiểm phiếu làm việc, đề nghị các vị đại biểu giữ trật tự tại hội trường. "
     "Kỹ thuật viên chuyển màn hình hội trường sang chế độ chờ kết quả."),
    ("Trưởng Ban kiểm phiếu", "Đọc Biên bản kiểm phiếu: số phiếu phát ra, số phiếu thu về, số phiếu hợp lệ, số "
     "phiếu không hợp lệ và số phiếu bầu cho từng người."),
    ("Chủ tọa", "Xin ý kiến Hội đồng nhân dân tỉnh thông qua Nghị quyết xác nhận kết quả bầu cử bằng biểu quyết "
     "điện tử; mời người trúng cử lên nhận hoa chúc mừng và phát biểu nhận nhiệm vụ."),
)


def _kich_ban() -> tuple[str, str, list[Block]]:
    blocks: list[Block] = [
        Paragraph("LƯU HÀNH NỘI BỘ", size=13, style="bold", align="right", space_after=4),
        _header(("HĐND TỈNH NINH BÌNH", "THƯỜNG TRỰC HĐND"), "", "Ninh Bình, ngày 08 tháng 12 năm 2026",
                parent_bold=False),
        *_title("KỊCH BẢN ĐIỀU HÀNH", "Phần bầu chức danh Thường trực HĐND và các Ban của HĐND tỉnh khóa XVI"),
        Paragraph("(Dùng cho Chủ tọa, Thư ký kỳ họp và Ban kiểm phiếu; thời gian dự kiến 90 phút)",
                  style="italic", align="center", space_after=12),
    ]
    for step, (who, what) in enumerate(_SCRIPT, start=1):
        blocks.append(_p(f"Bước {step}. {who}:", style="bold", space_after=2))
        blocks.append(_p(what))
    blocks += [
        _p("Ghi chú: kịch bản có thể điều chỉnh theo diễn biến thực tế của kỳ họp; mọi thay đổi do Chủ tọa "
           "quyết định. Tài liệu chỉ dùng trong nội bộ, không sao chụp, không cung cấp ra ngoài.", style="italic",
           space_after=14),
        Columns(left=(), right=(_center("THƯỜNG TRỰC HĐND TỈNH", 13),), split=0.5),
    ]
    return "Thường trực HĐND tỉnh Ninh Bình", "Kịch bản điều hành phần bầu cử", blocks
