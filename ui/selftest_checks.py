"""The Qt steps of `phonghop selftest` (phonghop/selftest.py): the platform plugin, a document
page painted by a widget, the English translation. Each returns the detail its report line shows
and raises with the reason when the check fails."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import QApplication, QLabel

from app.documents_render import PdfPages
from app.page_pixels import shared
from ui.i18n import install_translator, qm_bytes
from ui.pdf_render import image_of

INK_MIN = 0.005  # share of a page's colour bytes that are not white: a blank render has none
INK_MAX = 0.6  # and a page drawn all black (a wrong pixel format) has most
FIRST_PAGE_TEXT = "TỜ TRÌNH"  # on page 1 of the sample document (app/demo_docs.py)
SEAT_MESSAGE = ("PdfView", "Đang mở tài liệu…")  # shown by every seat's reader
PIXELS_START_S = 30.0  # a cold bundle on a slow disk imports PyMuPDF in a few seconds


def qt_application() -> tuple[QApplication, str]:
    """The application every later step and ui.run.run_qt use, and its platform's name. Made
    first, on its own, so that a platform plugin missing from the bundle fails this step."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    return app, QGuiApplication.platformName()


def render_first_page(pdf: bytes) -> str:
    """Page 1 as the seat shows it (drawn by the pixel process, in a Qt image, painted by a
    widget), then read back: a render that lost its fonts or its pixel format comes out blank or
    black, and a bundle that cannot start the pixel process fails here, not on the day."""
    pixels = shared()
    if not pixels.ready(wait_s=PIXELS_START_S):
        raise RuntimeError("không khởi động được tiến trình vẽ trang")
    pages = PdfPages(pdf)
    try:
        image = pixels.render(pages, 0, 1.0, image_of)
        if FIRST_PAGE_TEXT not in pages.text(0):
            raise RuntimeError("không đọc được chữ tiếng Việt trên trang 1")
    finally:
        pixels.forget(pages)
        pages.close()
    label = QLabel()
    label.setPixmap(QPixmap.fromImage(image))
    label.resize(image.width(), image.height())
    shown = label.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    label.deleteLater()
    data = bytes(shown.constBits())[: shown.sizeInBytes()]
    colour = shown.width() * shown.height() * 3  # RGB32: the fourth byte is always 255
    ink = (len(data) - data.count(255)) / max(colour, 1)
    if not INK_MIN <= ink <= INK_MAX:
        raise RuntimeError(f"trang hiển thị sai: {_percent(ink)} điểm ảnh có mực")
    return f"{shown.width()}×{shown.height()} điểm ảnh, {_percent(ink)} có mực"


def english_loads() -> str:
    """Through ui.i18n, as every window loads it; the language chosen before is put back."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("chưa có ứng dụng Qt")
    context, source = SEAT_MESSAGE
    try:
        install_translator(app, "en")
        english = QCoreApplication.translate(context, source)
    finally:
        install_translator(app, None)
    if not english or english == source:
        raise RuntimeError("bản dịch không có câu của màn hình ghế")
    return f"phonghop_en.qm, {len(qm_bytes('en')) // 1024} KB: “{source}” → “{english}”"


def _percent(share: float) -> str:
    return f"{share:.1%}".replace(".", ",")  # Vietnamese writes 13,0%
