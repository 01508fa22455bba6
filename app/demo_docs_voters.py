"""The demo's voters'-requests report (app.demo_docs): 2,400 requests from seeded, invented
communes, roads and issues, 300+ pages, every request different, with its appendix table."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Final

from app.demo_docs_parts import _center, _header, _heading, _p, _person, _signature, _title, vn_number
from app.documents_compose import Block, PageBreak, Paragraph, Table

# ---------------------------------------------------------------------------------------------
# 4. Báo cáo tổng hợp ý kiến, kiến nghị của cử tri: 300+ pages, every request different.

_COMMUNES: Final[tuple[str, ...]] = (
    "phường Hoa Lư", "phường Nam Hoa Lư", "phường Tây Hoa Lư", "phường Đông Hoa Lư", "phường Tam Điệp",
    "phường Yên Sơn", "phường Trung Sơn", "phường Phủ Lý", "phường Châu Sơn", "phường Liêm Tuyền",
    "phường Nam Định", "phường Thiên Trường", "phường Đông A", "phường Vị Khê", "phường Thành Nam",
    "phường Duy Tiên", "phường Duy Tân", "phường Đồng Văn", "phường Hòa Mạc", "phường Kim Bảng",
    "xã Kim Sơn", "xã Quang Thiện", "xã Phát Diệm", "xã Lai Thành", "xã Định Hóa", "xã Bình Minh",
    "xã Yên Khánh", "xã Khánh Nhạc", "xã Khánh Thiện", "xã Khánh Hội", "xã Khánh Trung",
    "xã Gia Viễn", "xã Đại Hoàng", "xã Gia Hưng", "xã Gia Phong", "xã Gia Vân", "xã Gia Trấn",
    "xã Nho Quan", "xã Gia Lâm", "xã Gia Tường", "xã Phú Sơn", "xã Cúc Phương", "xã Phú Long",
    "xã Thanh Sơn", "xã Quỳnh Lưu", "xã Yên Mô", "xã Yên Từ", "xã Yên Mạc", "xã Đồng Thái",
    "xã Hải Hậu", "xã Hải Anh", "xã Hải Tiến", "xã Hải Hưng", "xã Hải An", "xã Hải Quang",
    "xã Hải Xuân", "xã Hải Thịnh", "xã Nghĩa Hưng", "xã Nghĩa Sơn", "xã Hồng Phong", "xã Quỹ Nhất",
    "xã Nghĩa Lâm", "xã Rạng Đông", "xã Giao Thủy", "xã Giao Minh", "xã Giao Hòa", "xã Giao Phúc",
    "xã Xuân Trường", "xã Xuân Hưng", "xã Xuân Giang", "xã Trực Ninh", "xã Cát Thành", "xã Ninh Giang",
    "xã Vụ Bản", "xã Minh Tân", "xã Hiển Khánh", "xã Ý Yên", "xã Yên Đồng", "xã Vạn Thắng",
    "xã Nam Trực", "xã Nam Minh", "xã Nam Đồng", "xã Bình Lục", "xã Bình Mỹ", "xã Bình An",
    "xã Thanh Liêm", "xã Thanh Bình", "xã Thanh Lâm", "xã Lý Nhân", "xã Nam Xang", "xã Bắc Lý",
)

# Sector → (responsible agency, [(issue, proposal)]) with slots {road}, {km}, {year}, {n} (2..60), {k} (2..9), {school}.
_SECTORS: Final[tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]] = (
    ("GIAO THÔNG, XÂY DỰNG", "Sở Xây dựng", (
        ("tuyến {road} đoạn qua địa bàn dài khoảng {km} km đã xuống cấp nghiêm trọng, mặt đường nhiều ổ gà, "
         "mùa mưa thường xuyên ngập úng, gây mất an toàn cho người tham gia giao thông",
         "sớm bố trí vốn sửa chữa, nâng cấp và lắp đặt hệ thống thoát nước dọc tuyến"),
        ("nút giao giữa {road} và đường trục xã chưa có đèn tín hiệu, tầm nhìn bị che khuất, trong năm {year} "
         "đã xảy ra {k} vụ va chạm giao thông",
         "khảo sát, lắp đặt đèn tín hiệu, biển cảnh báo và gờ giảm tốc"),
        ("dự án mở rộng {road} triển khai từ năm {year} nhưng đến nay vẫn chưa hoàn thành, vật liệu tập kết "
         "lấn chiếm lòng đường, bụi bẩn ảnh hưởng đến sinh hoạt của các hộ dân hai bên đường",
         "đôn đốc nhà thầu đẩy nhanh tiến độ, công khai thời gian hoàn thành và bảo đảm vệ sinh môi trường"),
        ("cầu dân sinh bắc qua kênh tiêu nội đồng được xây dựng từ trước năm {year}, nay thành cầu bị nứt, "
         "tải trọng thấp, xe chở nông sản không qua được",
         "kiểm định, xây dựng lại cầu để phục vụ sản xuất và đi lại của Nhân dân"),
    )),
    ("ĐẤT ĐAI, TÀI NGUYÊN VÀ MÔI TRƯỜNG", "Sở Nông nghiệp và Môi trường", (
        ("việc cấp giấy chứng nhận quyền sử dụng đất cho {n} hộ gia đình có đất ở ổn định từ trước năm {year} "
         "còn chậm, hồ sơ đã nộp nhiều lần nhưng chưa được giải quyết",
         "chỉ đạo rà soát, hướng dẫn cụ thể và giải quyết dứt điểm trong năm 2027"),
        ("bãi tập kết rác thải sinh hoạt của xã đã quá tải, rác thải không được vận chuyển kịp thời, phát sinh "
         "mùi hôi, nước rỉ rác chảy ra cánh đồng với diện tích khoảng {km} ha",
         "bố trí kinh phí vận chuyển rác về khu xử lý tập trung và có lộ trình đóng cửa bãi rác"),
        ("một số cơ sở sản xuất trong khu dân cư xả nước thải chưa qua xử lý ra kênh mương, ảnh hưởng đến nước "
         "tưới của khoảng {n} hộ dân",
         "kiểm tra, xử lý nghiêm các cơ sở vi phạm và công khai kết quả xử lý"),
        ("giá bồi thường, hỗ trợ khi Nhà nước thu hồi đất nông nghiệp để thực hiện dự án trên {road} chưa phù "
         "hợp với giá thị trường, người dân chưa đồng thuận",
         "xem xét điều chỉnh bảng giá đất, đối thoại với người dân trước khi phê duyệt phương án"),
    )),
    ("NÔNG NGHIỆP, THỦY LỢI", "Sở Nông nghiệp và Môi trường", (
        ("hệ thống kênh tưới tiêu nội đồng dài khoảng {km} km bị bồi lắng, sạt lở, không bảo đảm tưới cho vụ "
         "Đông Xuân",
         "hỗ trợ kinh phí nạo vét, kiên cố hóa kênh mương"),
        ("giá vật tư nông nghiệp tăng cao trong khi giá lúa, giá thủy sản không ổn định, nhiều hộ bỏ ruộng, "
         "diện tích đất bỏ hoang khoảng {km} ha",
         "có chính sách hỗ trợ tích tụ ruộng đất, liên kết sản xuất và bao tiêu sản phẩm"),
        ("trạm bơm tiêu xây dựng từ năm {year} đã hư hỏng {k} máy bơm, mùa mưa bão thường xuyên ngập úng diện "
         "tích lúa",
         "đầu tư sửa chữa, nâng cấp trạm bơm trước mùa mưa năm 2027"),
        ("chính sách hỗ trợ chuyển đổi cơ cấu cây trồng trên đất lúa kém hiệu quả chưa được hướng dẫn cụ thể, "
         "người dân lúng túng khi thực hiện",
         "ban hành hướng dẫn và công khai định mức hỗ trợ"),
    )),
    ("GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo", (
        ("{school} thiếu {k} phòng học, học sinh phải học nhờ tại nhà văn hóa thôn, cơ sở vật chất xuống cấp",
         "bố trí vốn xây dựng bổ sung phòng học và công trình vệ sinh"),
        ("tình trạng thiếu giáo viên các môn Tin học, Tiếng Anh, Nghệ thuật tại {school} kéo dài từ năm {year}",
         "có giải pháp tuyển dụng, điều động giáo viên phù hợp"),
        ("việc sắp xếp, sáp nhập điểm trường của {school} làm học sinh phải đi học xa hơn {km} km, đường đi qua "
         "{road} có mật độ phương tiện lớn",
         "xem xét giữ lại điểm trường lẻ hoặc bố trí xe đưa đón học sinh"),
        ("các khoản thu ngoài học phí đầu năm học tại một số trường còn nhiều, gây khó khăn cho khoảng {n} hộ "
         "cận nghèo có con đi học",
         "chấn chỉnh việc vận động tài trợ, công khai các khoản thu"),
    )),
    ("Y TẾ, BẢO HIỂM XÃ HỘI", "Sở Y tế", (
        ("trạm y tế xã được xây dựng từ năm {year}, nay đã xuống cấp, thiếu trang thiết bị và thiếu bác sĩ, "
         "người dân phải lên tuyến trên khám chữa bệnh",
         "đầu tư cải tạo trạm y tế, bổ sung trang thiết bị và luân phiên bác sĩ về xã"),
        ("tình trạng thiếu thuốc, vật tư y tế trong danh mục bảo hiểm y tế vẫn còn xảy ra, người bệnh phải tự "
         "mua ngoài với chi phí cao",
         "chỉ đạo các cơ sở y tế bảo đảm cung ứng thuốc theo quy định"),
        ("thủ tục thanh toán chế độ ốm đau, thai sản cho người lao động tại các doanh nghiệp nhỏ còn chậm, có "
         "trường hợp kéo dài trên {k} tháng",
         "rút ngắn thời gian giải quyết và đẩy mạnh thực hiện trên môi trường điện tử"),
    )),
    ("CHÍNH SÁCH XÃ HỘI, LAO ĐỘNG, VIỆC LÀM", "Sở Nội vụ", (
        ("còn {n} hồ sơ đề nghị công nhận người có công với cách mạng tồn đọng từ năm {year} chưa được giải "
         "quyết",
         "rà soát, giải quyết dứt điểm và trả lời bằng văn bản cho gia đình"),
        ("mức hỗ trợ đối với cán bộ không chuyên trách ở thôn, tổ dân phố sau sắp xếp còn thấp, khối lượng "
         "công việc tăng, nhiều người xin nghỉ",
         "nghiên cứu điều chỉnh mức phụ cấp phù hợp với khối lượng công việc"),
        ("lao động trung niên mất việc làm tại các doanh nghiệp dệt may khó tìm được việc làm mới, thu nhập "
         "của khoảng {n} hộ giảm sút",
         "tổ chức đào tạo nghề, giới thiệu việc làm và hỗ trợ vay vốn tạo việc làm"),
        ("việc xét duyệt hộ nghèo, hộ cận nghèo năm {year} ở một số thôn chưa thật sự công khai, dân chủ",
         "chỉ đạo rà soát, công khai danh sách và tiếp thu phản ánh của Nhân dân"),
    )),
    ("VĂN HÓA, THỂ THAO, DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch", (
        ("di tích lịch sử cấp tỉnh trên địa bàn bị xuống cấp, mái ngói dột nát, nguy cơ sụp đổ trong mùa mưa "
         "bão",
         "bố trí kinh phí tu bổ, tôn tạo di tích theo đúng quy định"),
        ("nhà văn hóa của {k} thôn sau sáp nhập chưa đáp ứng nhu cầu sinh hoạt cộng đồng, thiếu sân thể thao",
         "hỗ trợ xây dựng thiết chế văn hóa, thể thao cơ sở"),
        ("tình trạng hàng rong, chèo kéo khách tại khu vực bến thuyền gần {road} làm ảnh hưởng đến hình ảnh du "
         "lịch của tỉnh",
         "tăng cường quản lý, sắp xếp lại các điểm kinh doanh dịch vụ du lịch"),
    )),
    ("CẢI CÁCH HÀNH CHÍNH, CHÍNH QUYỀN ĐỊA PHƯƠNG HAI CẤP", "Sở Nội vụ", (
        ("sau sắp xếp đơn vị hành chính, trụ sở Trung tâm phục vụ hành chính công của xã cách khu dân cư xa "
         "nhất khoảng {km} km, người cao tuổi đi lại khó khăn",
         "bố trí điểm tiếp nhận hồ sơ lưu động và hướng dẫn nộp hồ sơ trực tuyến"),
        ("việc điều chỉnh thông tin trên giấy tờ cá nhân sau khi thay đổi địa giới hành chính còn phát sinh "
         "thủ tục, có trường hợp phải đi lại {k} lần",
         "hướng dẫn thống nhất, không yêu cầu người dân điều chỉnh giấy tờ khi chưa cần thiết"),
        ("hệ thống dịch vụ công trực tuyến đôi khi bị gián đoạn, tài khoản định danh điện tử của người dân "
         "xác thực không thành công",
         "phối hợp khắc phục lỗi kỹ thuật và bố trí cán bộ hỗ trợ tại chỗ"),
    )),
    ("AN NINH, TRẬT TỰ, AN TOÀN XÃ HỘI", "Công an tỉnh", (
        ("tình trạng thanh thiếu niên tụ tập, đua xe trái phép trên {road} vào ban đêm, gây mất an ninh trật tự",
         "tăng cường tuần tra, kiểm soát và xử lý nghiêm các trường hợp vi phạm"),
        ("xe tải trọng lớn chở vật liệu xây dựng chạy quá tốc độ, chở quá tải trên {road}, làm hư hỏng mặt "
         "đường và gây bụi",
         "bố trí trạm kiểm tra tải trọng lưu động và xử lý vi phạm"),
        ("các đối tượng lừa đảo qua mạng viễn thông, giả danh cơ quan chức năng để chiếm đoạt tài sản, trong "
         "năm {year} có {n} trường hợp bị lừa",
         "đẩy mạnh tuyên truyền, cảnh báo các phương thức lừa đảo mới"),
    )),
)

_ROADS: Final[tuple[str, ...]] = (
    "quốc lộ 1A", "quốc lộ 10", "quốc lộ 12B", "quốc lộ 21A", "quốc lộ 37B", "quốc lộ 38", "đường tỉnh ĐT.477",
    "đường tỉnh ĐT.480", "đường tỉnh ĐT.481", "đường tỉnh ĐT.482", "đường tỉnh ĐT.486B", "đường tỉnh ĐT.488",
    "đường tỉnh ĐT.490C", "đường tỉnh ĐT.491", "đường tỉnh ĐT.493", "đường tỉnh ĐT.494", "đường trục xã",
)

_VERBS: Final[tuple[str, ...]] = ("phản ánh", "kiến nghị", "đề nghị làm rõ", "tiếp tục phản ánh", "bức xúc phản ánh")


def _requests(rng: random.Random, count: int) -> Iterator[tuple[str, str, str, str]]:
    """`count` voters' requests as (sector, locality, request, agency), varied and reproducible."""
    for _ in range(count):
        sector, agency, issues = _SECTORS[rng.randrange(len(_SECTORS))]
        issue, proposal = issues[rng.randrange(len(issues))]
        commune = _COMMUNES[rng.randrange(len(_COMMUNES))]
        village = f"thôn {rng.choice(('Đông', 'Tây', 'Nam', 'Bắc', 'Trung', 'Thượng', 'Hạ'))} {rng.randint(1, 12)}"
        fill = {
            "road": rng.choice(_ROADS),
            "km": vn_number(rng.randint(5, 180) / 10, 1),
            "year": str(rng.randint(2005, 2025)),
            "n": str(rng.randint(2, 60)),
            "k": str(rng.randint(2, 9)),
            "school": rng.choice(("Trường Tiểu học", "Trường Mầm non", "Trường THCS")) + " " + commune.split(" ", 1)[1],
        }
        text = (f"Cử tri {village}, {commune} {rng.choice(_VERBS)}: {issue.format(**fill)}. "
                f"Đề nghị {proposal}.")
        yield sector, commune, text, agency


_REQUEST_COUNT: Final = 2400


def _tong_hop_cu_tri() -> tuple[str, str, list[Block]]:
    rng = random.Random(20261203)
    by_sector: dict[str, list[tuple[str, str, str]]] = {name: [] for name, _, _ in _SECTORS}
    for sector, commune, text, agency in _requests(rng, _REQUEST_COUNT):
        by_sector[sector].append((commune, text, agency))
    blocks: list[Block] = [
        _header(("HĐND TỈNH NINH BÌNH", "THƯỜNG TRỰC HĐND"), "Số: 318/BC-TTHĐND", "Ninh Bình, ngày 03 tháng 12 năm 2026",
                parent_bold=False),
        *_title("BÁO CÁO", "Tổng hợp ý kiến, kiến nghị của cử tri trước kỳ họp thứ nhất, Hội đồng nhân dân tỉnh khóa XVI"),
        _p("Thực hiện Luật Tổ chức chính quyền địa phương và Nghị quyết liên tịch về công tác tiếp xúc cử tri, "
           "trong tháng 11 năm 2026 các Tổ đại biểu Hội đồng nhân dân tỉnh đã phối hợp với Ủy ban Mặt trận Tổ "
           f"quốc Việt Nam tỉnh tổ chức tiếp xúc cử tri tại {len(_COMMUNES)} xã, phường. Thường trực Hội đồng "
           f"nhân dân tỉnh tổng hợp {vn_number(_REQUEST_COUNT)} ý kiến, kiến nghị của cử tri theo từng lĩnh vực "
           "như sau:"),
    ]
    roman = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
    counts: dict[tuple[str, str], int] = {}
    number = 0
    for index, (sector, entries) in enumerate(by_sector.items()):
        blocks.append(_heading(f"{roman[index]}. LĨNH VỰC {sector}"))
        for commune, text, agency in entries:
            number += 1
            counts[(commune, sector)] = counts.get((commune, sector), 0) + 1
            blocks.append(_p(f"{number}. {text}"))
            blocks.append(Paragraph(f"Cơ quan giải quyết: {agency}.", size=12, style="italic", indent=28))
    blocks += [
        _p("Thường trực Hội đồng nhân dân tỉnh đề nghị Ủy ban nhân dân tỉnh chỉ đạo các cơ quan chuyên môn "
           "xem xét, giải quyết và trả lời cử tri trước kỳ họp thường lệ giữa năm 2027./.", space_after=14),
        _signature(("- Thường trực Tỉnh ủy;", "- UBND tỉnh;", "- Ủy ban MTTQ Việt Nam tỉnh;", "- Đại biểu HĐND tỉnh;",
                    "- Lưu: VT, CTHĐND."), "TM. THƯỜNG TRỰC HĐND", "CHỦ TỊCH", _person("Chủ tịch HĐND tỉnh")),
        PageBreak(),
        _center("PHỤ LỤC", 13),
        _center("Số lượng ý kiến, kiến nghị của cử tri theo địa phương và lĩnh vực", 13, space_after=10),
    ]
    short = ("GT-XD", "ĐĐ-MT", "NN-TL", "GD", "YT", "CS-XH", "VH-DL", "CCHC", "AN-TT")
    rows: list[tuple[str, ...]] = [("STT", "Xã, phường", *short, "Tổng")]
    for n, commune in enumerate(_COMMUNES, start=1):
        values = [counts.get((commune, sector), 0) for sector, _, _ in _SECTORS]
        rows.append((str(n), commune, *(str(v) for v in values), str(sum(values))))
    totals = [sum(counts.get((c, sector), 0) for c in _COMMUNES) for sector, _, _ in _SECTORS]
    rows.append(("", "Tổng cộng", *(str(v) for v in totals), str(sum(totals))))
    blocks.append(Table(
        rows=tuple(rows),
        widths=(0.06, 0.22, *(0.068,) * 9, 0.1),
        align=("center", "left", *(("right",) * 10)),
        bold_rows=frozenset({len(rows) - 1}),
        size=9,
    ))
    return "Thường trực HĐND tỉnh Ninh Bình", "Tổng hợp ý kiến, kiến nghị của cử tri", blocks
