"""PDF import: hostile files are refused with a code and a Vietnamese message; demo documents import."""

from __future__ import annotations

import io
import random
import time
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pymupdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import documents
from app.demo import demo_agenda
from app.demo_docs import DemoDocument, demo_documents, render_demo_document
from app.demo_docs_parts import vn_number
from app.documents import (
    SECRET_STUB,
    DocumentError,
    classify,
    import_document,
    inspect_pdf,
    page_texts,
)
from app.documents_compose import PageBreak, Paragraph, PdfMetadata, compose_pdf

# ---------------------------------------------------------------------------------------------
# Building hostile inputs.

MUPDF: Any = pymupdf  # PyMuPDF is only partly typed; the tests use it to forge files


def small_pdf(text: str = "Nghị quyết về kế hoạch năm 2027") -> bytes:
    return compose_pdf([Paragraph(text)], _meta())


def _meta(title: str = "Tài liệu thử") -> PdfMetadata:
    return PdfMetadata(title=title, author="Thử", subject="", created=datetime(2026, 12, 1, tzinfo=timezone(timedelta(hours=7))))


def with_catalog_key(key: str, value: str, **save: Any) -> bytes:
    doc = MUPDF.open(stream=small_pdf(), filetype="pdf")
    doc.xref_set_key(doc.pdf_catalog(), key, value)
    data: bytes = doc.tobytes(**save)
    return data


def raw_pdf(*objects: str) -> bytes:
    """A PDF written by hand from its objects (1-based), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def office_zip(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<document/>")
    return buffer.getvalue()


def refused(data: bytes, filename: str = "tai-lieu.pdf", **kw: Any) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        import_document(data, filename, item_id="item-07", **kw)
    error = caught.value
    assert error.code in {"bad_request", "forbidden"}
    assert error.message and error.message != error.code
    assert error.detail is not None and error.detail["reason"]
    return error


def reason(data: bytes, filename: str = "tai-lieu.pdf") -> str:
    error = refused(data, filename)
    assert error.code == "bad_request"
    return str(error.detail["reason"]) if error.detail else ""


# ---------------------------------------------------------------------------------------------
# Refusals.


def test_a_valid_small_pdf_imports() -> None:
    doc = import_document(small_pdf(), "nq.pdf", item_id="item-07")
    assert (doc.page_count, doc.classification, doc.version, doc.has_text) == (1, "public", 1, True)
    assert doc.title == "Tài liệu thử"
    assert "Nghị quyết" in doc.page_texts[0]


def test_random_bytes_are_not_a_pdf() -> None:
    error = refused(random.Random(1).randbytes(4096))
    assert error.detail == {"reason": "not_pdf"}
    assert "không phải là tệp PDF" in error.message


def test_empty_file() -> None:
    assert reason(b"") == "empty_file"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + random.Random(2).randbytes(4096),
        small_pdf()[: len(small_pdf()) // 2],
        small_pdf()[:200],
        b"%PDF-1.4\n%%EOF\n",
    ],
    ids=["random-after-header", "truncated-half", "truncated-200", "header-only"],
)
def test_garbage_and_truncated_pdfs_are_damaged(data: bytes) -> None:
    error = refused(data)
    assert error.detail is not None and error.detail["reason"] in {"damaged", "no_pages"}
    assert "PDF" in error.message


def test_garbage_xref_is_damaged() -> None:
    good = small_pdf()
    start = good.find(b"xref\n")
    assert start > 0
    bad = bytearray(good)
    bad[start + 5 : start + 45] = b"7 9\n0000000042 00000 n \nzz garbage zz\n\n"[:40]
    assert reason(bytes(bad)) == "damaged"


def test_wrong_startxref_is_damaged() -> None:
    good = small_pdf()
    cut = good.rfind(b"startxref")
    assert reason(good[:cut] + b"startxref\n99999\n%%EOF\n") == "damaged"


def test_encrypted_pdfs_are_refused() -> None:
    doc = MUPDF.open(stream=small_pdf(), filetype="pdf")
    user = doc.tobytes(encryption=MUPDF.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    owner_only = doc.tobytes(encryption=MUPDF.PDF_ENCRYPT_AES_256, owner_pw="o", permissions=0)
    for data in (user, owner_only):
        error = refused(data)
        assert error.detail == {"reason": "encrypted"}
        assert "mật khẩu" in error.message


def test_zero_page_pdf() -> None:
    data = raw_pdf("<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Count 0/Kids[]>>")
    assert reason(data) == "no_pages"


@pytest.mark.parametrize(
    ("data", "filename", "kind"),
    [
        (office_zip("word"), "to-trinh.pdf", "Word"),
        (office_zip("word"), "to-trinh.docx", "Word"),
        (office_zip("xl"), "du-toan.pdf", "Excel"),
        (office_zip("ppt"), "trinh-chieu.bin", "PowerPoint"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504), "bien-ban.pdf", "văn phòng"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504), "bien-ban.doc", "Word"),
        (small_pdf(), "that-ra-la-pdf.xlsx", "Excel"),  # the extension alone is enough
    ],
)
def test_office_documents_are_refused_with_a_hint(data: bytes, filename: str, kind: str) -> None:
    error = refused(data, filename)
    assert error.detail == {"reason": "office_document", "kind": kind}
    assert "Hãy xuất tệp sang PDF rồi nhập lại" in error.message


def test_a_plain_zip_is_not_a_pdf() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "x")
    assert reason(buffer.getvalue(), "a.zip") == "not_pdf"


@pytest.mark.parametrize(
    "data",
    [
        with_catalog_key("OpenAction", "<</S/JavaScript/JS(app.alert(1))>>"),
        with_catalog_key("OpenAction", "<</S/JavaScript/JS(app.alert(1))>>", use_objstms=1, deflate=True),
        with_catalog_key("Names", "<</JavaScript<</Names[(a) <</S/JavaScript/JS(x)>>]>>>>"),
        raw_pdf(
            "<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>",
            "<</Type/Pages/Count 1/Kids[3 0 R]>>",
            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
            "<</S/Java#53cript/J#53(app.alert(1))>>",  # names obfuscated with hex escapes
        ),
    ],
    ids=["open-action", "in-object-stream", "names-tree", "hex-escaped-names"],
)
def test_javascript_is_refused(data: bytes) -> None:
    error = refused(data)
    assert error.detail == {"reason": "javascript"}
    assert "JavaScript" in error.message


def test_launch_action_is_refused() -> None:
    assert reason(with_catalog_key("OpenAction", "<</S/Launch/F(calc.exe)>>")) == "launch_action"


def test_embedded_files_are_flagged_not_refused() -> None:
    doc = MUPDF.open(stream=small_pdf(), filetype="pdf")
    doc.embfile_add("phu-luc.txt", b"phu luc")
    info = inspect_pdf(doc.tobytes(), "co-dinh-kem.pdf")
    assert info.has_embedded_files
    assert not inspect_pdf(small_pdf(), "x.pdf").has_embedded_files


def test_size_and_page_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    data = small_pdf()
    monkeypatch.setattr(documents, "MAX_BYTES", len(data) - 1)
    assert reason(data) == "too_large"
    monkeypatch.setattr(documents, "MAX_BYTES", 500 * 1024 * 1024)
    monkeypatch.setattr(documents, "MAX_PAGES", 1)
    two = compose_pdf([Paragraph("Trang một"), PageBreak(), Paragraph("Trang hai")], _meta())
    error = refused(two)
    assert error.detail == {"reason": "too_many_pages", "page_count": 2, "limit": 1}


def test_bad_arguments() -> None:
    data = small_pdf()
    assert refused(data, version=0).detail == {"reason": "bad_argument"}
    assert refused(data, title="   ").detail == {"reason": "bad_argument"}
    assert refused(data, classification="confidential").detail == {"reason": "bad_classification"}
    with pytest.raises(DocumentError) as caught:
        import_document(data, "x.pdf", item_id=" ")
    assert caught.value.code == "bad_request"


# ---------------------------------------------------------------------------------------------
# Classification.

_HEADER = "ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH\nSố: 12/BC-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"


@pytest.mark.parametrize(
    ("stamp", "level"),
    [
        ("MẬT", "MẬT"),
        ("TỐI MẬT", "TỐI MẬT"),
        ("TUYỆT MẬT", "TUYỆT MẬT"),
        ("  [ TỐI  MẬT ]  ", "TỐI MẬT"),
        ("Độ mật: Tối mật", "TỐI MẬT"),
        ("ĐỘ MẬT: TUYỆT MẬT", "TUYỆT MẬT"),
        ("ĐỘ MẬT", "MẬT"),
        ("TÀI LIỆU MẬT", "MẬT"),
    ],
)
def test_secret_stamps_are_refused(stamp: str, level: str) -> None:
    with pytest.raises(DocumentError) as caught:
        classify(f"{_HEADER}{stamp}\nBÁO CÁO\nVề tình hình an ninh")
    error = caught.value
    assert error.code == "forbidden"
    assert error.message.startswith(SECRET_STUB)
    assert "Luật Bảo vệ bí mật nhà nước" in error.message and "Điều 5" in error.message
    assert error.detail == {"reason": "classified", "level": level, "stub": SECRET_STUB}


@pytest.mark.parametrize(
    "text",
    [
        "Cán bộ, công chức có trách nhiệm giữ bí mật thông tin cá nhân của cử tri.",
        "Mật độ dân số bình quân toàn tỉnh đạt 1.120 người/km².",
        "mật độ",
        "Triển khai Luật Bảo vệ bí mật nhà nước tại các cơ quan, đơn vị.",
        "...chưa bảo đảm giữ bí\nmật.\nĐề nghị chấn chỉnh.",  # a wrapped sentence leaves "mật." alone
        "Tối mật",  # a table cell value, not an uppercase stamp
        "Độ mật của tài liệu được xác định theo quy định của pháp luật.",
        "Số liệu bảo mật theo quy định.",
    ],
)
def test_prose_about_secrecy_is_public(text: str) -> None:
    assert classify(f"{_HEADER}BÁO CÁO\n{text}") == "public"


@pytest.mark.parametrize("stamp", ["LƯU HÀNH NỘI BỘ", "(Tài liệu lưu hành nội bộ)", "Lưu hành nội bộ"])
def test_internal_stamp(stamp: str) -> None:
    assert classify(f"{stamp}\n{_HEADER}") == "internal"


def test_internal_in_prose_is_public() -> None:
    assert classify("Báo cáo này không chỉ lưu hành nội bộ mà còn được công khai.") == "public"


def stamped_pdf(stamp: str, body: str = "Nội dung báo cáo.") -> bytes:
    return compose_pdf(
        [Paragraph(stamp, style="bold", align="right"), Paragraph("BÁO CÁO", align="center"), Paragraph(body)],
        _meta(""),
    )


@pytest.mark.parametrize("explicit", [None, "public", "internal"])
def test_a_stamped_secret_pdf_is_refused_whatever_the_technician_says(explicit: str | None) -> None:
    error = refused(stamped_pdf("TỐI MẬT"), classification=explicit)
    assert error.code == "forbidden"
    assert error.detail is not None and error.detail["level"] == "TỐI MẬT"
    with pytest.raises(DocumentError):
        inspect_pdf(stamped_pdf("MẬT"), "x.pdf")


def test_the_technician_can_mark_secret_only_to_refuse() -> None:
    assert refused(small_pdf(), classification="secret").code == "forbidden"


def test_prose_pdf_with_secrecy_words_imports_as_public() -> None:
    body = (
        "Mật độ dân số tăng nhanh tại các phường trung tâm. Cán bộ phải giữ bí mật thông tin cá nhân "
        "của người dân theo Luật Bảo vệ bí mật nhà nước."
    )
    assert import_document(stamped_pdf("KHẨN", body), "x.pdf", item_id="item-07").classification == "public"


def test_explicit_classification_only_makes_stricter() -> None:
    internal = stamped_pdf("LƯU HÀNH NỘI BỘ")
    assert import_document(internal, "x.pdf", item_id="item-04").classification == "internal"
    assert import_document(internal, "x.pdf", item_id="item-04", classification="public").classification == "internal"
    marked = import_document(small_pdf(), "x.pdf", item_id="item-04", classification="internal")
    assert marked.classification == "internal"


def test_title_falls_back_to_the_first_heading() -> None:
    data = compose_pdf(
        [Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, align="center"),
         Paragraph("TỜ TRÌNH", size=14, style="bold", align="center", space_after=0),
         Paragraph("Về kế hoạch đầu tư công năm 2027", size=14, style="bold", align="center"),
         Paragraph("Nội dung.")],
        _meta(""),
    )
    assert inspect_pdf(data, "x.pdf").title == "Tờ trình về kế hoạch đầu tư công năm 2027"
    assert import_document(data, "x.pdf", item_id="item-07", title="  Tên   riêng ").title == "Tên riêng"


# ---------------------------------------------------------------------------------------------
# Fuzz: mutated PDFs give a DocumentError or a document, never another exception.

_SEED = small_pdf("Mật độ dân số và bí mật nhà nước: Nghị quyết số 01/2027")


def _mutate(data: bytes, cuts: list[tuple[int, int]], truncate: int | None) -> bytes:
    out = bytearray(data)
    for position, value in cuts:
        out[position % len(out)] = value
    if truncate is not None:
        out = out[: truncate % (len(out) + 1)]
    return bytes(out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cuts=st.lists(st.tuples(st.integers(0, len(_SEED) - 1), st.integers(0, 255)), max_size=8),
    truncate=st.none() | st.integers(0, len(_SEED)),
)
def test_mutated_pdfs_never_crash(cuts: list[tuple[int, int]], truncate: int | None) -> None:
    data = _mutate(_SEED, cuts, truncate)
    try:
        result = import_document(data, "fuzz.pdf", item_id="item-07")
    except DocumentError as error:
        assert error.code in {"bad_request", "forbidden"} and error.message
    else:
        assert result.page_count >= 1


# ---------------------------------------------------------------------------------------------
# Demo documents.

_PAGES: dict[str, Callable[[int], bool]] = {
    "tl-tt-ktxh-2027": lambda n: 3 <= n <= 5,
    "tl-dtnq-ktxh-2027": lambda n: 3 <= n <= 4,
    "tl-bctt-ns-2027": lambda n: n >= 2,
    "tl-yk-cu-tri": lambda n: n >= 300,
    "tl-kb-bau-cu": lambda n: n >= 1,
}


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[DemoDocument, bytes]]:
    return {doc.document_id: (doc, render_demo_document(doc)) for doc in demo_documents()}


def test_demo_documents_are_described() -> None:
    docs = demo_documents()
    items = {item["item_id"] for item in demo_agenda()}
    assert set(_PAGES) == {doc.document_id for doc in docs}
    assert all(doc.item_id in items and doc.filename.endswith(".pdf") for doc in docs)
    assert [doc.classification for doc in docs].count("internal") == 1


def test_every_demo_document_imports(rendered: dict[str, tuple[DemoDocument, bytes]]) -> None:
    for document_id, (doc, data) in rendered.items():
        imported = import_document(data, doc.filename, item_id=doc.item_id)
        assert _PAGES[document_id](imported.page_count), (document_id, imported.page_count)
        assert imported.classification == doc.classification
        assert imported.title == doc.title
        assert imported.has_text and len(imported.page_texts) == imported.page_count
        first = imported.page_texts[0]
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
        assert "Độc lập - Tự do - Hạnh phúc" in first
        assert "tháng 12 năm 2026" in first


def test_demo_text_keeps_vietnamese_diacritics(rendered: dict[str, tuple[DemoDocument, bytes]]) -> None:
    text = "\n".join(page_texts(rendered["tl-dtnq-ktxh-2027"][1]))
    for phrase in ("Nghị quyết", "QUYẾT NGHỊ:", "Điều 1. Mục tiêu tổng quát", "Điều 5. Hiệu lực thi hành",
                   "Hội đồng nhân dân tỉnh Ninh Bình", "52.800 tỷ đồng", "Vũ Đình Khiêm"):
        assert phrase in text, phrase
    assert "LƯU HÀNH NỘI BỘ" in page_texts(rendered["tl-kb-bau-cu"][1])[0]


def test_verification_report_has_vietnamese_numbers(rendered: dict[str, tuple[DemoDocument, bytes]]) -> None:
    text = "\n".join(page_texts(rendered["tl-bctt-ns-2027"][1]))
    assert "Bảng 1." in text and "Bảng 3." in text
    assert vn_number(2_486_300) == "2.486.300" and "2.486.300" in text
    assert vn_number(110.69, 1) == "110,7"


def test_long_document_pages_all_differ(rendered: dict[str, tuple[DemoDocument, bytes]]) -> None:
    texts = page_texts(rendered["tl-yk-cu-tri"][1])
    assert len(texts) >= 300
    assert len(set(texts)) == len(texts)
    assert "Cử tri" in texts[200]


def test_demo_documents_are_reproducible_and_fast(rendered: dict[str, tuple[DemoDocument, bytes]]) -> None:
    started = time.perf_counter()
    again = {doc.document_id: render_demo_document(doc) for doc in demo_documents()}
    assert time.perf_counter() - started < 10
    assert again == {key: data for key, (_, data) in rendered.items()}
