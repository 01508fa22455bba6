"""Vietnamese test PDFs made on the spot with PyMuPDF."""

from __future__ import annotations

from pathlib import Path

import pymupdf

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
A4 = (595.0, 842.0)


def make_pdf(pages: int = 3, title: str = "Tờ trình về dự toán ngân sách năm 2027", size: tuple[float, float] = A4) -> bytes:
    doc = pymupdf.open()
    for number in range(1, pages + 1):
        page = doc.new_page(width=size[0], height=size[1])
        if DEJAVU.exists():
            page.insert_font(fontname="dejavu", fontfile=str(DEJAVU))
            font = "dejavu"
        else:
            font = "helv"
        page.insert_text((60, 90), "HỘI ĐỒNG NHÂN DÂN TỈNH NINH BÌNH", fontname=font, fontsize=14)
        page.insert_text((60, 130), title, fontname=font, fontsize=16)
        page.insert_text((60, 170), f"Trang {number} – Đại biểu thảo luận, cho ý kiến.", fontname=font, fontsize=12)
        for line in range(20):
            page.insert_text((60, 220 + 24 * line), f"Điều {line + 1}. Nội dung quy định số {line + 1} của nghị quyết.",
                             fontname=font, fontsize=11)
        # a dark block, so a rendered page is not all white
        page.draw_rect(pymupdf.Rect(60, size[1] - 160, 260, size[1] - 80), color=(0, 0, 0.5), fill=(0.1, 0.2, 0.6))
    data: bytes = doc.tobytes()
    doc.close()
    return data
