"""The demo's budget document (app.demo_docs): the Economic and Budget Committee's verification
report on the 2027 state budget, with its revenue, spending and public investment tables."""

from __future__ import annotations

from typing import Final

from app.demo_docs_parts import _header, _heading, _p, _person, _signature, _title, vn_number
from app.documents_compose import Align, Block, Paragraph, Table

# ---------------------------------------------------------------------------------------------
# 3. Báo cáo thẩm tra của Ban Kinh tế – Ngân sách, with budget tables.

# (name, ước thực hiện 2026, dự toán 2027), triệu đồng; sub-rows follow their group row.
_REVENUE: Final[tuple[tuple[str, str, int, int], ...]] = (
    ("1", "Thu nội địa", 0, 0),
    ("", "Thu từ doanh nghiệp nhà nước", 2_486_300, 2_715_000),
    ("", "Thu từ doanh nghiệp có vốn đầu tư nước ngoài", 6_912_450, 7_840_000),
    ("", "Thu từ khu vực kinh tế ngoài quốc doanh", 7_305_880, 8_120_000),
    ("", "Thuế thu nhập cá nhân", 1_874_200, 2_065_000),
    ("", "Lệ phí trước bạ", 1_102_740, 1_180_000),
    ("", "Thu tiền sử dụng đất", 14_650_000, 15_300_000),
    ("", "Thu từ hoạt động xổ số kiến thiết", 96_500, 104_000),
    ("", "Các khoản thu khác", 2_218_930, 2_346_000),
    ("2", "Thu từ hoạt động xuất khẩu, nhập khẩu", 0, 0),
    ("", "Thuế xuất khẩu, nhập khẩu", 3_845_000, 4_210_000),
    ("", "Thuế giá trị gia tăng hàng nhập khẩu", 8_465_000, 8_920_000),
)

_SPENDING: Final[tuple[tuple[str, str, int, int], ...]] = (
    ("1", "Chi đầu tư phát triển", 24_815_600, 27_430_500),
    ("2", "Chi thường xuyên", 21_604_350, 22_918_700),
    ("", "Chi sự nghiệp giáo dục – đào tạo và dạy nghề", 8_512_400, 9_046_300),
    ("", "Chi sự nghiệp y tế, dân số và gia đình", 2_318_900, 2_455_600),
    ("", "Chi sự nghiệp khoa học và công nghệ, chuyển đổi số", 312_500, 486_000),
    ("", "Chi bảo đảm xã hội", 1_946_720, 2_031_400),
    ("", "Chi quản lý hành chính nhà nước, Đảng, đoàn thể", 4_725_630, 4_802_100),
    ("", "Chi sự nghiệp kinh tế và bảo vệ môi trường", 3_788_200, 4_097_300),
    ("3", "Chi trả nợ lãi các khoản vay", 48_300, 52_600),
    ("4", "Chi bổ sung quỹ dự trữ tài chính", 1_200, 1_200),
    ("5", "Dự phòng ngân sách", 0, 1_035_800),
)

_INVESTMENT: Final[tuple[tuple[str, int, int], ...]] = (
    ("Giao thông", 31, 9_842_600),
    ("Nông nghiệp, thủy lợi, đê điều", 24, 3_106_450),
    ("Giáo dục và đào tạo", 47, 2_284_300),
    ("Y tế", 12, 1_465_900),
    ("Văn hóa, thể thao, du lịch", 15, 1_312_750),
    ("Hạ tầng khu, cụm công nghiệp", 9, 2_540_000),
    ("Bảo vệ môi trường, xử lý chất thải", 8, 968_200),
    ("Quốc phòng, an ninh", 11, 874_500),
    ("Chuyển đổi số, khoa học và công nghệ", 6, 712_800),
    ("Quản lý nhà nước, trụ sở xã, phường", 38, 1_156_300),
)


def _money_rows(rows: tuple[tuple[str, str, int, int], ...]) -> tuple[list[tuple[str, ...]], frozenset[int], int, int]:
    """Table rows with group sums filled in; returns rows, bold row indexes, and the two totals."""
    out: list[tuple[str, ...]] = []
    bold: set[int] = set()
    total_a = total_b = 0
    index = 0
    while index < len(rows):
        number, name, a, b = rows[index]
        children = []
        scan = index + 1
        while scan < len(rows) and not rows[scan][0]:
            children.append(rows[scan])
            scan += 1
        if number and children and a == 0:
            a = sum(child[2] for child in children)
            b = sum(child[3] for child in children)
        total_a += a
        total_b += b
        bold.add(len(out) + 3)  # after the two header rows and the total
        out.append((number, name, vn_number(a), vn_number(b), _ratio(a, b)))
        out += [("-", child[1], vn_number(child[2]), vn_number(child[3]), _ratio(child[2], child[3]))
                for child in children]
        index = scan
    return out, frozenset(bold), total_a, total_b


def _ratio(a: int, b: int) -> str:
    return vn_number(b / a * 100, 1) if a else "–"


def _money_table(title: str, rows: tuple[tuple[str, str, int, int], ...], total_label: str) -> list[Block]:
    body, bold, total_a, total_b = _money_rows(rows)
    header = ("STT", "Nội dung", "Ước thực hiện năm 2026", "Dự toán năm 2027", "So sánh (%)")
    unit: tuple[str, ...] = ("A", "B", "1", "2", "3 = 2/1")
    total = ("", total_label, vn_number(total_a), vn_number(total_b), _ratio(total_a, total_b))
    align: tuple[Align, ...] = ("center", "left", "right", "right", "right")
    return [
        Paragraph(title, style="bold", align="center", space_after=0),
        Paragraph("Đơn vị tính: triệu đồng", size=11, style="italic", align="right", space_after=4),
        Table(rows=(header, unit, total, *body), widths=(0.07, 0.41, 0.19, 0.19, 0.14), align=align,
              header_rows=2, bold_rows=frozenset({2}) | bold, size=10.5),
    ]


def _bao_cao_tham_tra() -> tuple[str, str, list[Block]]:
    head = _person("Trưởng Ban Kinh tế – Ngân sách HĐND tỉnh")
    revenue_2026 = sum(row[2] for row in _REVENUE)
    revenue_2027 = sum(row[3] for row in _REVENUE)
    investment = sum(row[2] for row in _INVESTMENT)
    blocks: list[Block] = [
        _header(("HĐND TỈNH NINH BÌNH", "BAN KINH TẾ - NGÂN SÁCH"), "Số: 45/BC-KTNS", "Ninh Bình, ngày 05 tháng 12 năm 2026",
                parent_bold=False),
        *_title("BÁO CÁO", "Thẩm tra dự toán ngân sách nhà nước năm 2027 và phương án phân bổ ngân sách cấp tỉnh năm 2027"),
        _p("Thực hiện sự phân công của Thường trực Hội đồng nhân dân tỉnh, Ban Kinh tế – Ngân sách đã tổ chức "
           "thẩm tra Tờ trình của Ủy ban nhân dân tỉnh về dự toán thu ngân sách nhà nước trên địa bàn, thu, chi "
           "ngân sách địa phương và phương án phân bổ ngân sách cấp tỉnh năm 2027. Trên cơ sở báo cáo của Ủy "
           "ban nhân dân tỉnh, ý kiến của các cơ quan có liên quan và kết quả khảo sát thực tế, Ban Kinh tế – "
           "Ngân sách báo cáo Hội đồng nhân dân tỉnh như sau:"),
        _heading("I. VỀ DỰ TOÁN THU NGÂN SÁCH NHÀ NƯỚC TRÊN ĐỊA BÀN"),
        _p(f"Tổng thu ngân sách nhà nước trên địa bàn năm 2026 ước đạt {vn_number(revenue_2026)} triệu đồng. "
           f"Dự toán năm 2027 Ủy ban nhân dân tỉnh trình là {vn_number(revenue_2027)} triệu đồng, bằng "
           f"{_ratio(revenue_2026, revenue_2027)}% so với ước thực hiện năm 2026. Ban nhận thấy dự toán thu được "
           "xây dựng tích cực, có cơ sở, phù hợp với dự báo tăng trưởng; tuy nhiên tỷ trọng thu tiền sử dụng "
           "đất còn lớn, tiềm ẩn rủi ro nếu thị trường bất động sản chưa phục hồi như dự báo."),
        *_money_table("Bảng 1. Dự toán thu ngân sách nhà nước trên địa bàn năm 2027", _REVENUE,
                      "TỔNG THU NSNN TRÊN ĐỊA BÀN"),
        _p("Ban đề nghị Ủy ban nhân dân tỉnh chỉ đạo cơ quan thuế, hải quan tăng cường quản lý thu, chống thất "
           "thu, xử lý nợ đọng thuế; rà soát các dự án có sử dụng đất để bảo đảm tiến độ đấu giá quyền sử dụng "
           "đất; chỉ sử dụng nguồn thu tiền sử dụng đất cho đầu tư phát triển theo đúng quy định."),
        _heading("II. VỀ DỰ TOÁN CHI NGÂN SÁCH ĐỊA PHƯƠNG"),
        _p("Dự toán chi ngân sách địa phương được xây dựng theo đúng định mức phân bổ đã được Hội đồng nhân dân "
           "tỉnh quyết định cho thời kỳ ổn định ngân sách; bố trí đủ kinh phí thực hiện các chính sách an sinh "
           "xã hội, tiền lương và các khoản phụ cấp theo quy định; dự phòng ngân sách trong giới hạn cho phép "
           "của Luật Ngân sách nhà nước."),
        *_money_table("Bảng 2. Dự toán chi ngân sách địa phương năm 2027", _SPENDING, "TỔNG CHI NSĐP"),
        _heading("III. VỀ PHƯƠNG ÁN PHÂN BỔ VỐN ĐẦU TƯ CÔNG CẤP TỈNH"),
        _p(f"Tổng vốn đầu tư công cấp tỉnh quản lý năm 2027 dự kiến phân bổ {vn_number(investment)} triệu đồng "
           f"cho {sum(row[1] for row in _INVESTMENT)} dự án. Ban thống nhất với nguyên tắc ưu tiên bố trí vốn "
           "cho các dự án chuyển tiếp, dự án trọng điểm có tính kết nối vùng và các dự án hoàn thành trong năm."),
        Paragraph("Bảng 3. Phân bổ vốn đầu tư công cấp tỉnh năm 2027 theo lĩnh vực", style="bold", align="center",
                  space_after=0),
        Paragraph("Đơn vị tính: triệu đồng", size=11, style="italic", align="right", space_after=4),
        Table(
            rows=(
                ("STT", "Lĩnh vực", "Số dự án", "Vốn phân bổ", "Tỷ trọng (%)"),
                *(
                    (str(n), name, str(count), vn_number(amount), vn_number(amount / investment * 100, 1))
                    for n, (name, count, amount) in enumerate(_INVESTMENT, start=1)
                ),
                ("", "Tổng cộng", str(sum(row[1] for row in _INVESTMENT)), vn_number(investment), "100,0"),
            ),
            widths=(0.07, 0.45, 0.13, 0.2, 0.15),
            align=("center", "left", "right", "right", "right"),
            bold_rows=frozenset({len(_INVESTMENT) + 1}),
            size=10.5,
        ),
        _heading("IV. KIẾN NGHỊ"),
        _p("Ban Kinh tế – Ngân sách cơ bản thống nhất với dự toán ngân sách và phương án phân bổ do Ủy ban nhân "
           "dân tỉnh trình; đề nghị Hội đồng nhân dân tỉnh xem xét, thông qua. Đồng thời đề nghị Ủy ban nhân "
           "dân tỉnh chỉ đạo quyết liệt việc giải ngân vốn đầu tư công, thực hành tiết kiệm, chống lãng phí "
           "trong chi thường xuyên, báo cáo kết quả tại kỳ họp giữa năm 2027."),
        _p("Trên đây là báo cáo thẩm tra của Ban Kinh tế – Ngân sách, kính trình Hội đồng nhân dân tỉnh xem "
           "xét, quyết định./.", space_after=14),
        _signature(
            ("- Thường trực HĐND tỉnh;", "- UBND tỉnh;", "- Đại biểu HĐND tỉnh;", "- Sở Tài chính;", "- Lưu: VT, KTNS."),
            "TM. BAN KINH TẾ - NGÂN SÁCH", "TRƯỞNG BAN", head,
        ),
    ]
    return "Ban Kinh tế – Ngân sách HĐND tỉnh Ninh Bình", "Báo cáo thẩm tra dự toán ngân sách năm 2027", blocks
