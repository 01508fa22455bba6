"""The demo meeting's documents: realistic Vietnamese administrative PDFs, generated deterministically.

Content only: the layout is `app.documents.compose_pdf` (PyMuPDF's one home). Figures, place names
and voters' requests are invented for the demo; the signers are the fictitious delegates of
`app.demo`. The same document always renders to the same bytes (fixed dates, seeded variety).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Final

from app.demo import demo_delegates
from app.documents import Classification
from app.documents_compose import (
    Align,
    Block,
    Columns,
    PageBreak,
    Paragraph,
    PdfMetadata,
    Spacer,
    Style,
    Table,
    compose_pdf,
)


@dataclass(frozen=True)
class DemoDocument:
    """One demo document: its id, the agenda item it belongs to, title, classification, filename."""

    document_id: str
    item_id: str
    title: str
    classification: Classification
    filename: str


_VN_TIME: Final = timezone(timedelta(hours=7))

_DOCUMENTS: Final[tuple[DemoDocument, ...]] = (
    DemoDocument(
        "tl-tt-ktxh-2027",
        "item-07",
        "Tờ trình về dự thảo Nghị quyết Kế hoạch phát triển kinh tế – xã hội năm 2027",
        "public",
        "to-trinh-ke-hoach-ktxh-2027.pdf",
    ),
    DemoDocument(
        "tl-dtnq-ktxh-2027",
        "item-07",
        "Dự thảo Nghị quyết về Kế hoạch phát triển kinh tế – xã hội năm 2027",
        "public",
        "du-thao-nghi-quyet-ktxh-2027.pdf",
    ),
    DemoDocument(
        "tl-bctt-ns-2027",
        "item-08",
        "Báo cáo thẩm tra dự toán ngân sách nhà nước năm 2027 của Ban Kinh tế – Ngân sách",
        "public",
        "bao-cao-tham-tra-du-toan-ngan-sach-2027.pdf",
    ),
    DemoDocument(
        "tl-yk-cu-tri",
        "item-07",
        "Báo cáo tổng hợp ý kiến, kiến nghị của cử tri trước kỳ họp thứ nhất",
        "public",
        "bao-cao-tong-hop-y-kien-cu-tri.pdf",
    ),
    DemoDocument(
        "tl-kb-bau-cu",
        "item-04",
        "Kịch bản điều hành phần bầu chức danh Thường trực HĐND và các Ban của HĐND tỉnh",
        "internal",
        "kich-ban-dieu-hanh-bau-cu.pdf",
    ),
)


def demo_documents() -> list[DemoDocument]:
    """The demo meeting's documents, in the order the technician imports them."""
    return list(_DOCUMENTS)


def render_demo_document(doc: DemoDocument) -> bytes:
    """The PDF bytes of a demo document; the same on every run and every machine."""
    try:
        build, created = _BUILDERS[doc.document_id]
    except KeyError:
        raise LookupError(doc.document_id) from None
    author, subject, blocks = build()
    metadata = PdfMetadata(title=doc.title, author=author, subject=subject, created=created)
    return compose_pdf(blocks, metadata)


# ---------------------------------------------------------------------------------------------
# Helpers: numbers, people, the parts every administrative document has.


def vn_number(value: float, decimals: int = 0) -> str:
    """Vietnamese number style: 1.234.567 and 10,5."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _person(title: str) -> str:
    return next(str(d["name"]) for d in demo_delegates() if d["title"] == title)


def _p(text: str, style: Style = "regular", space_after: float = 6) -> Paragraph:
    return Paragraph(text, style=style, indent=28, space_after=space_after)


def _heading(text: str) -> Paragraph:
    return Paragraph(text, style="bold", align="justify", indent=28, space_before=4)


def _center(text: str, size: float = 13, style: Style = "bold", rule: float = 0, space_after: float = 0) -> Paragraph:
    return Paragraph(text, size=size, style=style, align="center", space_after=space_after, rule=rule)


def _header(body: tuple[str, str], number: str, date: str, parent_bold: bool = True) -> Columns:
    """Issuing body and số/ký hiệu on the left; quốc hiệu, tiêu ngữ, place and date on the right."""
    parent, unit = body
    return Columns(
        left=(
            _center(parent, 12.5, "bold" if parent_bold else "regular"),
            _center(unit, 12.5, "bold", rule=0.45),
            Spacer(8),
            _center(number, 12.5, "regular"),
        ),
        right=(
            _center("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 11.5),
            _center("Độc lập - Tự do - Hạnh phúc", 12.5, rule=1.0),
            Spacer(8),
            _center(date, 12.5, "italic"),
        ),
        split=0.4,
        space_after=14,
    )


def _title(kind: str, about: str) -> list[Block]:
    return [_center(kind, 14), _center(about, 14, rule=0.3), Spacer(14)]


def _signature(recipients: tuple[str, ...], on_behalf: str, role: str, name: str) -> Columns:
    return Columns(
        left=(
            Paragraph("Nơi nhận:", size=12, style="bolditalic", align="left", space_after=0),
            Paragraph("\n".join(recipients), size=11, align="left", leading=1.25),
        ),
        right=(
            _center(on_behalf, 13) if on_behalf else Spacer(0),
            _center(role, 13),
            Spacer(62),
            _center(name, 13),
        ),
        split=0.5,
    )


# ---------------------------------------------------------------------------------------------
# 1. Tờ trình của UBND tỉnh.

_TARGETS: Final[tuple[tuple[str, str], ...]] = (
    ("Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)", "đạt 10,5% trở lên"),
    ("GRDP bình quân đầu người", "đạt 118 triệu đồng"),
    ("Cơ cấu kinh tế: nông, lâm nghiệp và thủy sản; công nghiệp – xây dựng; dịch vụ", "tương ứng 9,8% – 46,2% – 44,0%"),
    ("Tổng thu ngân sách nhà nước trên địa bàn", "đạt 52.800 tỷ đồng"),
    ("Tổng vốn đầu tư phát triển toàn xã hội", "đạt 168.500 tỷ đồng"),
    ("Tổng lượt khách du lịch", "đạt 19,5 triệu lượt"),
    ("Tỷ lệ đô thị hóa", "đạt 43%"),
    ("Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều", "giảm 0,4 điểm phần trăm"),
    ("Tỷ lệ lao động qua đào tạo", "đạt 78%, trong đó có bằng cấp, chứng chỉ đạt 36%"),
    ("Số giường bệnh trên một vạn dân", "đạt 34 giường"),
    ("Tỷ lệ dân số tham gia bảo hiểm y tế", "đạt 95,2%"),
    ("Tỷ lệ trường học đạt chuẩn quốc gia", "đạt 86%"),
    ("Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý", "đạt 99%"),
    ("Tỷ lệ che phủ rừng", "duy trì 9,1%"),
)

_TASKS: Final[tuple[tuple[str, str], ...]] = (
    (
        "Hoàn thiện thể chế, nâng cao hiệu lực, hiệu quả của chính quyền địa phương hai cấp",
        "Tiếp tục rà soát, sắp xếp tổ chức bộ máy sau hợp nhất tỉnh; hoàn thiện quy chế phối hợp giữa "
        "cấp tỉnh và cấp xã; đẩy mạnh phân cấp, phân quyền gắn với kiểm tra, giám sát; chuẩn hóa "
        "đội ngũ cán bộ, công chức cấp xã theo vị trí việc làm; đưa toàn bộ thủ tục hành chính đủ "
        "điều kiện lên môi trường điện tử, bảo đảm người dân và doanh nghiệp giải quyết thủ tục "
        "không phụ thuộc địa giới hành chính.",
    ),
    (
        "Phát triển công nghiệp theo hướng hiện đại, bền vững",
        "Tập trung thu hút các dự án công nghệ cao, công nghiệp hỗ trợ, chế biến sâu vào các khu công "
        "nghiệp Gián Khẩu, Khánh Phú, Đồng Văn, Bảo Minh; đẩy nhanh tiến độ giải phóng mặt bằng, "
        "hoàn thiện hạ tầng kỹ thuật các khu, cụm công nghiệp; hỗ trợ doanh nghiệp chuyển đổi số, "
        "chuyển đổi xanh; kiên quyết thu hồi các dự án chậm tiến độ kéo dài.",
    ),
    (
        "Phát triển du lịch trở thành ngành kinh tế mũi nhọn",
        "Bảo tồn và phát huy giá trị Quần thể danh thắng Tràng An – di sản văn hóa và thiên nhiên thế "
        "giới; liên kết phát triển các sản phẩm du lịch văn hóa tâm linh, du lịch sinh thái, du lịch "
        "biển Hải Hậu – Nghĩa Hưng – Kim Sơn; nâng cao chất lượng dịch vụ lưu trú, ẩm thực; đẩy mạnh "
        "quảng bá trên các nền tảng số; phấn đấu kéo dài thời gian lưu trú bình quân của du khách.",
    ),
    (
        "Cơ cấu lại ngành nông nghiệp, xây dựng nông thôn mới",
        "Phát triển nông nghiệp sinh thái, hữu cơ, ứng dụng công nghệ cao; hình thành các vùng sản "
        "xuất hàng hóa tập trung gắn với chế biến và tiêu thụ; phát triển kinh tế thủy sản vùng ven "
        "biển; nâng cao chất lượng các tiêu chí nông thôn mới nâng cao, nông thôn mới kiểu mẫu; chủ "
        "động phòng, chống thiên tai, bảo đảm an toàn hệ thống đê điều trước mùa mưa bão.",
    ),
    (
        "Huy động, sử dụng hiệu quả các nguồn lực đầu tư",
        "Giải ngân vốn đầu tư công ngay từ đầu năm, gắn trách nhiệm người đứng đầu với kết quả giải "
        "ngân; ưu tiên các công trình giao thông kết nối vùng, đường ven biển, các trục kết nối giữa "
        "ba khu vực của tỉnh sau hợp nhất; tăng cường quản lý, khai thác quỹ đất; cải thiện môi "
        "trường đầu tư, kinh doanh, nâng cao năng lực cạnh tranh cấp tỉnh.",
    ),
    (
        "Phát triển văn hóa, xã hội, bảo đảm an sinh xã hội",
        "Nâng cao chất lượng giáo dục và đào tạo, sắp xếp mạng lưới trường lớp phù hợp quy mô dân "
        "số; củng cố y tế cơ sở, y tế dự phòng; thực hiện đầy đủ, kịp thời các chính sách đối với "
        "người có công, hộ nghèo, hộ cận nghèo; hoàn thành xóa nhà tạm, nhà dột nát; bảo tồn các di "
        "sản văn hóa phi vật thể, nghệ thuật chèo và nghề truyền thống.",
    ),
    (
        "Quản lý tài nguyên, bảo vệ môi trường, ứng phó với biến đổi khí hậu",
        "Tăng cường quản lý đất đai, khoáng sản; xử lý dứt điểm các điểm nóng ô nhiễm môi trường tại "
        "các làng nghề, cụm công nghiệp; đầu tư các nhà máy xử lý chất thải rắn tập trung theo quy "
        "hoạch; bảo vệ rừng đặc dụng, rừng phòng hộ ven biển; kiểm soát chặt chẽ xả thải vào các lưu "
        "vực sông Đáy, sông Hoàng Long, sông Châu Giang.",
    ),
    (
        "Bảo đảm quốc phòng, an ninh, trật tự an toàn xã hội",
        "Xây dựng khu vực phòng thủ tỉnh vững chắc; chủ động nắm chắc tình hình, giải quyết kịp thời "
        "khiếu nại, tố cáo ngay từ cơ sở; kiềm chế tai nạn giao thông trên cả ba tiêu chí; đẩy mạnh "
        "phong trào toàn dân bảo vệ an ninh Tổ quốc; nâng cao hiệu quả công tác phòng, chống tham "
        "nhũng, lãng phí, tiêu cực.",
    ),
)


def _to_trinh() -> tuple[str, str, list[Block]]:
    chair = _person("Chủ tịch UBND tỉnh")
    blocks: list[Block] = [
        _header(("ỦY BAN NHÂN DÂN", "TỈNH NINH BÌNH"), "Số: 512/TTr-UBND", "Ninh Bình, ngày 01 tháng 12 năm 2026"),
        *_title("TỜ TRÌNH", "Về dự thảo Nghị quyết Kế hoạch phát triển kinh tế – xã hội năm 2027"),
        Paragraph("Kính gửi: Hội đồng nhân dân tỉnh Ninh Bình khóa XVI, kỳ họp thứ nhất.", align="center", space_after=12),
        _p("Căn cứ Luật Tổ chức chính quyền địa phương năm 2025; Luật Ban hành văn bản quy phạm pháp luật "
           "năm 2025; Luật Đầu tư công; Luật Ngân sách nhà nước và các văn bản hướng dẫn thi hành;"),
        _p("Căn cứ Nghị quyết số 202/2025/QH15 của Quốc hội về việc sắp xếp đơn vị hành chính cấp tỉnh; "
           "Chỉ thị của Thủ tướng Chính phủ về xây dựng kế hoạch phát triển kinh tế – xã hội và dự toán "
           "ngân sách nhà nước năm 2027;"),
        _p("Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân tỉnh xem xét, ban hành Nghị quyết về Kế "
           "hoạch phát triển kinh tế – xã hội năm 2027 với những nội dung chủ yếu như sau:"),
        _heading("I. SỰ CẦN THIẾT BAN HÀNH NGHỊ QUYẾT"),
        _p("Năm 2027 là năm thứ hai thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ nhất sau "
           "hợp nhất và Kế hoạch phát triển kinh tế – xã hội 5 năm 2026–2030; là năm có ý nghĩa đặc biệt "
           "quan trọng trong việc tạo đà tăng trưởng cho cả nhiệm kỳ. Bộ máy chính quyền địa phương hai "
           "cấp đã đi vào vận hành ổn định, song quy mô dân số, địa giới hành chính và nhu cầu đầu tư hạ "
           "tầng của tỉnh sau hợp nhất đặt ra nhiều yêu cầu mới về điều hành, phân bổ nguồn lực."),
        _p("Theo quy định của Luật Tổ chức chính quyền địa phương, Hội đồng nhân dân tỉnh quyết định kế "
           "hoạch phát triển kinh tế – xã hội hằng năm của tỉnh. Việc ban hành Nghị quyết là căn cứ để "
           "các cấp, các ngành tổ chức thực hiện, đồng thời là cơ sở để Hội đồng nhân dân, các Ban của "
           "Hội đồng nhân dân và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện."),
        _heading("II. MỤC ĐÍCH, QUAN ĐIỂM XÂY DỰNG NGHỊ QUYẾT"),
        _p("1. Mục đích: xác định mục tiêu, chỉ tiêu, nhiệm vụ và giải pháp chủ yếu phát triển kinh tế – "
           "xã hội năm 2027 phù hợp với tiềm năng, lợi thế của tỉnh sau hợp nhất, bảo đảm tính khả thi, "
           "phù hợp với khả năng cân đối nguồn lực."),
        _p("2. Quan điểm: bám sát chủ trương của Trung ương, Nghị quyết của Tỉnh ủy; kế thừa kết quả đạt "
           "được năm 2026; khắc phục những hạn chế, yếu kém đã được chỉ ra; lấy người dân và doanh nghiệp "
           "làm trung tâm; tăng trưởng nhanh đi đôi với bền vững, giữ vững ổn định chính trị – xã hội."),
        _heading("III. QUÁ TRÌNH XÂY DỰNG DỰ THẢO NGHỊ QUYẾT"),
        _p("Ủy ban nhân dân tỉnh đã chỉ đạo Sở Tài chính chủ trì, phối hợp với các sở, ban, ngành và Ủy "
           "ban nhân dân các xã, phường đánh giá tình hình thực hiện kế hoạch năm 2026, xây dựng dự thảo "
           "kế hoạch năm 2027. Dự thảo đã được gửi lấy ý kiến các cơ quan, tổ chức có liên quan, Ủy ban "
           "Mặt trận Tổ quốc Việt Nam tỉnh và được đăng tải trên Cổng thông tin điện tử của tỉnh trong "
           "thời hạn 30 ngày. Các ý kiến góp ý đã được tổng hợp, tiếp thu, giải trình đầy đủ."),
        _p("Ngày 24 tháng 11 năm 2026, Ban Thường vụ Tỉnh ủy đã cho ý kiến về các chỉ tiêu chủ yếu. Ủy ban "
           "nhân dân tỉnh đã họp thành viên, thống nhất hoàn thiện dự thảo Nghị quyết trình Hội đồng nhân "
           "dân tỉnh tại kỳ họp này."),
        _heading("IV. BỐ CỤC VÀ NỘI DUNG CƠ BẢN CỦA DỰ THẢO NGHỊ QUYẾT"),
        _p("Dự thảo Nghị quyết gồm 05 điều: Điều 1 về mục tiêu tổng quát; Điều 2 về các chỉ tiêu chủ yếu; "
           "Điều 3 về nhiệm vụ, giải pháp chủ yếu; Điều 4 về tổ chức thực hiện; Điều 5 về hiệu lực thi "
           "hành. Các chỉ tiêu chủ yếu năm 2027 như sau:"),
    ]
    blocks += [
        Paragraph(f"{chr(ord('a') + i)}) {name}: {value};", indent=28) for i, (name, value) in enumerate(_TARGETS)
    ]
    blocks.append(_heading("V. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU"))
    for number, (task, body) in enumerate(_TASKS, start=1):
        blocks.append(_p(f"{number}. {task}. {body}"))
    blocks += [
        _heading("VI. KIẾN NGHỊ"),
        _p("Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân tỉnh xem xét, quyết định. Hồ sơ kèm theo "
           "gồm: dự thảo Nghị quyết; Báo cáo tình hình thực hiện kế hoạch năm 2026 và dự kiến kế hoạch "
           "năm 2027; Báo cáo tổng hợp, tiếp thu, giải trình ý kiến góp ý; các tài liệu có liên quan./.",
           space_after=14),
        _signature(
            ("- Như trên;", "- Thường trực Tỉnh ủy;", "- Thường trực HĐND tỉnh;", "- Chủ tịch, các PCT UBND tỉnh;",
             "- Các Ban của HĐND tỉnh;", "- Đại biểu HĐND tỉnh;", "- Các sở, ban, ngành;", "- Lưu: VT, KT."),
            "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", chair,
        ),
    ]
    return "Ủy ban nhân dân tỉnh Ninh Bình", "Tờ trình kế hoạch phát triển kinh tế – xã hội năm 2027", blocks


# ---------------------------------------------------------------------------------------------
# 2. Dự thảo Nghị quyết.


def _du_thao_nghi_quyet() -> tuple[str, str, list[Block]]:
    chair = _person("Chủ tịch HĐND tỉnh")
    blocks: list[Block] = [
        Paragraph("DỰ THẢO", size=12, style="bold", align="right", space_after=2),
        _header(("HỘI ĐỒNG NHÂN DÂN", "TỈNH NINH BÌNH"), "Số:      /NQ-HĐND", "Ninh Bình, ngày      tháng 12 năm 2026"),
        *_title("NGHỊ QUYẾT", "Về Kế hoạch phát triển kinh tế – xã hội năm 2027"),
        _center("HỘI ĐỒNG NHÂN DÂN TỈNH NINH BÌNH\nKHÓA XVI, KỲ HỌP THỨ NHẤT", 13, space_after=12),
        Paragraph("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;", style="italic", indent=28),
        Paragraph("Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015; Luật Đầu tư công ngày 29 tháng 11 "
                  "năm 2024;", style="italic", indent=28),
        Paragraph("Xét Tờ trình số 512/TTr-UBND ngày 01 tháng 12 năm 2026 của Ủy ban nhân dân tỉnh về dự thảo "
                  "Nghị quyết Kế hoạch phát triển kinh tế – xã hội năm 2027; Báo cáo thẩm tra của Ban Kinh tế "
                  "– Ngân sách Hội đồng nhân dân tỉnh; ý kiến thảo luận của đại biểu Hội đồng nhân dân tỉnh tại "
                  "kỳ họp.", style="italic", indent=28, space_after=10),
        _center("QUYẾT NGHỊ:", 13, space_after=10),
        _p("Điều 1. Mục tiêu tổng quát", style="bold"),
        _p("Tiếp tục ổn định tổ chức bộ máy chính quyền địa phương hai cấp, nâng cao hiệu lực, hiệu quả quản "
           "lý nhà nước; phấn đấu tăng trưởng kinh tế cao gắn với nâng cao chất lượng tăng trưởng; phát huy "
           "tiềm năng, lợi thế của tỉnh sau hợp nhất về công nghiệp, du lịch di sản, kinh tế biển; bảo đảm an "
           "sinh xã hội, nâng cao đời sống vật chất và tinh thần của Nhân dân; giữ vững quốc phòng, an ninh."),
        _p("Điều 2. Các chỉ tiêu chủ yếu", style="bold"),
    ]
    groups = (("1. Các chỉ tiêu kinh tế:", _TARGETS[:7]), ("2. Các chỉ tiêu xã hội:", _TARGETS[7:12]),
              ("3. Các chỉ tiêu môi trường:", _TARGETS[12:]))
    for label, targets in groups:
        blocks.append(_p(label))
        blocks += [
            Paragraph(f"{chr(ord('a') + i)}) {name} {value}.", indent=28) for i, (name, value) in enumerate(targets)
        ]
    blocks.append(_p("Điều 3. Nhiệm vụ, giải pháp chủ yếu", style="bold"))
    blocks += [_p(f"{n}. {task}. {body}") for n, (task, body) in enumerate(_TASKS, start=1)]
    blocks += [
        _p("Điều 4. Tổ chức thực hiện", style="bold"),
        _p("1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết; cụ thể hóa các chỉ tiêu, nhiệm vụ thành "
           "chương trình, kế hoạch công tác; định kỳ báo cáo Hội đồng nhân dân tỉnh kết quả thực hiện tại các "
           "kỳ họp thường lệ."),
        _p("2. Giao Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh, các Tổ đại biểu và "
           "đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết."),
        _p("3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị – xã hội tuyên truyền, "
           "vận động Nhân dân tham gia thực hiện và giám sát việc thực hiện Nghị quyết."),
        _p("Điều 5. Hiệu lực thi hành", style="bold"),
        _p("Nghị quyết này đã được Hội đồng nhân dân tỉnh Ninh Bình khóa XVI, kỳ họp thứ nhất thông qua ngày "
           "     tháng 12 năm 2026 và có hiệu lực kể từ ngày thông qua./.", space_after=14),
        _signature(
            ("- Ủy ban Thường vụ Quốc hội;", "- Chính phủ;", "- Bộ Tài chính;", "- Thường trực Tỉnh ủy;",
             "- Thường trực HĐND, UBND tỉnh;", "- Đại biểu HĐND tỉnh;", "- Lưu: VT, CTHĐND."),
            "", "CHỦ TỊCH", chair,
        ),
    ]
    return "Hội đồng nhân dân tỉnh Ninh Bình", "Dự thảo Nghị quyết kế hoạch phát triển kinh tế – xã hội 2027", blocks


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


_Builder = Callable[[], tuple[str, str, list[Block]]]


def _on(day: int) -> datetime:
    return datetime(2026, 12, day, 8, 0, tzinfo=_VN_TIME)


_BUILDERS: Final[dict[str, tuple[_Builder, datetime]]] = {
    "tl-tt-ktxh-2027": (_to_trinh, _on(1)),
    "tl-dtnq-ktxh-2027": (_du_thao_nghi_quyet, _on(2)),
    "tl-bctt-ns-2027": (_bao_cao_tham_tra, _on(5)),
    "tl-yk-cu-tri": (_tong_hop_cu_tri, _on(3)),
    "tl-kb-bau-cu": (_kich_ban, _on(8)),
}
