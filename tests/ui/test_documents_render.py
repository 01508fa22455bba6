"""app.documents_render: real PDFs with Vietnamese text become pixels and text."""

from __future__ import annotations

import threading

import pymupdf
import pytest

from app.documents_render import PdfPages
from app.errors import DomainError
from tests.ui.pdfs import DEJAVU, make_pdf


def test_renders_a_page_at_the_asked_size() -> None:
    pages = PdfPages(make_pdf(pages=2, size=(595.0, 842.0)))
    assert pages.page_count == 2
    assert pages.page_size(1) == (595.0, 842.0)
    rendered = pages.render(0, 0.5)
    assert (rendered.width, rendered.height) == (298, 421)
    assert rendered.stride >= rendered.width * 4
    assert len(rendered.samples) == rendered.stride * rendered.height
    # Blue, green, red, 255 (Qt's RGB32 layout); white paper, and the dark blue block at the
    # bottom left (0.1, 0.2, 0.6 in tests.ui.pdfs) where it is drawn.
    assert rendered.samples[:4] == b"\xff\xff\xff\xff"
    row = rendered.height - 60
    b, g, r, a = rendered.samples[row * rendered.stride + 60 * 4 : row * rendered.stride + 60 * 4 + 4]
    assert a == 255 and b > r and (r, g, b) != (255, 255, 255)


def test_the_pixels_are_those_pymupdf_draws() -> None:
    # The fast path must not change what the delegate sees: same drawing as Page.get_pixmap.
    data = make_pdf(pages=1, size=(595.0, 842.0), title="Nghị quyết về kế hoạch đầu tư công")
    rendered = PdfPages(data).render(0, 0.7)
    reference = pymupdf.open(stream=data, filetype="pdf")[0].get_pixmap(matrix=pymupdf.Matrix(0.7, 0.7), alpha=False)
    assert (rendered.width, rendered.height) == (reference.width, reference.height)
    for y in range(rendered.height):
        ours = rendered.samples[y * rendered.stride : y * rendered.stride + rendered.width * 4]
        theirs = reference.samples[y * reference.stride : y * reference.stride + reference.width * 3]
        assert (ours[2::4], ours[1::4], ours[0::4]) == (theirs[0::3], theirs[1::3], theirs[2::3]), f"row {y}"
        assert set(ours[3::4]) == {255}


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu Sans not installed")
def test_vietnamese_text_survives() -> None:
    pages = PdfPages(make_pdf(pages=1, title="Nghị quyết về kế hoạch đầu tư công"))
    text = pages.text(0)
    assert "HỘI ĐỒNG NHÂN DÂN TỈNH NINH BÌNH" in text
    assert "Nghị quyết về kế hoạch đầu tư công" in text


def test_bad_input_is_a_clear_error_and_pages_are_checked() -> None:
    with pytest.raises(DomainError) as bad:
        PdfPages(b"%PDF-1.7 this is not really a pdf")
    assert bad.value.code == "bad_request" and "PDF" in bad.value.message
    pages = PdfPages(make_pdf(pages=1))
    with pytest.raises(IndexError):
        pages.render(1, 1.0)
    tiny = pages.render(0, 0.0)  # clamped, not an error
    assert tiny.width >= 1


def test_one_worker_and_the_gui_thread_may_share_a_document() -> None:
    pages = PdfPages(make_pdf(pages=4))
    failures: list[BaseException] = []

    def work() -> None:
        try:
            for i in range(20):
                pages.render(i % 4, 0.3)
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    for i in range(20):
        pages.text(i % 4)
        pages.page_size(i % 4)
    worker.join()
    assert failures == []
    pages.close()
