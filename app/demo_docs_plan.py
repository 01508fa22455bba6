"""The demo's plan documents (app.demo_docs): the provincial committee's Tờ trình and the draft
Nghị quyết on the 2027 socio-economic plan, which share its targets and tasks."""

from __future__ import annotations

from typing import Final

from app.demo_docs_parts import _center, _header, _heading, _p, _person, _signature, _title
from app.documents_compose import Block, Paragraph

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
